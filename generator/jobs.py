"""A Job: an output that needs work (an image to draw, a Word document, a ZIP), as the plan describes it.

The planning stage (site/) says what to make and from which files; the making stage (make/cache.py)
makes the ones the cache does not already hold. This vocabulary is the one thing the two share, so
it belongs to neither. Making is the only slow stage: it is keyed by a hash of everything a file is
made from and done at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Job:
    """One image to draw: `kind` names the drawing function, `params` its JSON-able arguments.

    `files` name, by role, the content files the image is drawn from (fonts, logos, photos);
    their bytes, not their paths, are part of the cache key, so replacing a file redraws what
    uses it and moving the checkout redraws nothing.
    """

    kind: str
    params: tuple[tuple[str, Any], ...]
    files: tuple[tuple[str, Path], ...] = ()

    @property
    def suffix(self) -> str:
        return str(dict(self.params).get("format", "png"))


def job(kind: str, files: dict[str, Path] | None = None, **params: Any) -> Job:
    return Job(kind, tuple(sorted(params.items())), tuple(sorted((files or {}).items())))
