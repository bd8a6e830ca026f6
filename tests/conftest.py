"""Shared fixtures: the shipped content, one image cache and one build for the whole session.

Drawing every image takes tens of seconds; one cache shared by the session means each image
is drawn once, and later builds (other content copies, determinism checks) reuse it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.content.model import Site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def image_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("image-cache")


@pytest.fixture(scope="session")
def site() -> Site:
    return pipeline.validate(CONTENT)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, image_cache: Path) -> tuple[Path, pipeline.Report]:
    out = tmp_path_factory.mktemp("build") / "kits"
    return out, pipeline.build(CONTENT, out, image_cache)


@pytest.fixture(scope="session")
def kits(built: tuple[Path, pipeline.Report]) -> Path:
    return built[0]
