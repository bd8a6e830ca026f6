"""Placeholder until this module lands."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    raise NotImplementedError
