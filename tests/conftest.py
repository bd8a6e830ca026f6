"""Shared fixtures, in two groups.

- **The fixture** (tests/fixture/content/: three communes, one shared element, one photo, one weak link)
  is what the unit tests of each stage read: `fixture_site` (read and checked), `fixture_outputs`
  (planned: texts, files and jobs, nothing made), `fixture_built`/`fixture_kits` (built, every image and
  document made, in `fixture_cache`, an image cache of its own that no other content draws into).
- **The shipped content** (content/: 92 communes, 353 elements) is for the end-to-end tests only, which
  pytest marks `e2e` (`pytest -m "not e2e"` leaves them out): `site` (read and checked), `full_outputs`
  and `published_outputs` (planned without and with the site's address: seconds, nothing drawn), and
  `full_site`, the whole site built for the address the browser tests serve it at, then `mkdocs build
  --strict`. No test draws the 2,745 images and documents of the shipped content (minutes on two cores):
  `full_site` makes for real those of the two kits the browser visits (Lens, Noyelles-lès-Vermelles) and
  the social cards of the pages it opens, and leaves an empty file for every other one, which the strict
  build only needs to find. Drawing is tested on the fixture, where every image is made and compared.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from collections.abc import Iterator
from typing import Any

import pytest

from browser import free_port
from generator import pipeline, write
from generator.content.model import Site
from generator.make import cache
from generator.jobs import Job
from generator.site import plan

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURE = ROOT / "tests" / "fixture" / "content"

E2E_PORT = free_port()
E2E_SITE_URL = f"http://127.0.0.1:{E2E_PORT}/"
"""The address the full site is built for; tests/test_browser.py serves it there."""

E2E_FIXTURES = frozenset({"site", "full_outputs", "published_outputs", "full_site"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: reads the shipped content (92 communes, 353 elements): an end-to-end test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


# --- Helpers -------------------------------------------------------------------------------------

def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root, by relative path: the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def other_seed() -> str:
    """A hash seed that is not this process's: for the runs that must not depend on it."""
    return "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"


def run_generator(*args: str | Path, seed: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in a process of its own, without SITE_URL (and with a given hash seed)."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def copy_content(src: Path, dst: Path) -> Path:
    """A private copy of a content/ folder (the fixture's or the shipped one), to edit."""
    shutil.copytree(src, dst)
    return dst


def linked_copy(src: Path, dst: Path) -> Path:
    """A copy of a tree made of hard links (as kits/ links the image cache): instant, the same files.

    The cache and the kits never write into an existing file, so the copy can be changed, pruned or
    added to without touching the original."""
    shutil.copytree(src, dst, copy_function=os.link)
    return dst


# --- MkDocs --------------------------------------------------------------------------------------

def mkdocs_project(tmp_path: Path) -> Path:
    """A throwaway copy of the site configuration, with kits/ still to fill."""
    work = tmp_path / "project"
    work.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    (work / "generator" / "hooks").mkdir(parents=True)
    for hook in ("site_in_place.py", "french_toc.py", "page_cache.py"):
        shutil.copy(ROOT / "generator" / "hooks" / hook, work / "generator" / "hooks" / hook)
    return work


def small_mkdocs_project(tmp_path: Path, nav: list[str], files: dict[str, str | bytes]) -> Path:
    """A tiny site with the real configuration and hooks: `nav` instead of the site's, `files` (path in kits/: text or
    bytes) as its kits."""
    work = mkdocs_project(tmp_path)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("\nnav:\n"), config.index("\nvalidation:\n")
    listed = "".join(f"  - {page}\n" for page in nav)
    (work / "mkdocs.yml").write_text(config[:start] + "\nnav:\n" + listed + config[end:], encoding="utf-8")
    for rel, data in files.items():
        path = work / "kits" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return work


def mkdocs_build(work: Path, site_url: str = "") -> subprocess.CompletedProcess[str]:
    # No --quiet: it stops mkdocs from counting warnings, and --strict then passes broken links.
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **({"SITE_URL": site_url} if site_url else {})}
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml"], cwd=work,
                          capture_output=True, text=True, env=env)


# --- The fixture: the unit tests' content --------------------------------------------------------

@pytest.fixture(scope="session")
def fixture_site() -> Site:
    return pipeline.validate(FIXTURE)


@pytest.fixture(scope="session")
def fixture_outputs(fixture_site: Site) -> dict[PurePosixPath, Any]:
    """The fixture's kits as planned (local build): page texts, files to copy, images and documents as jobs."""
    return plan.render_site(fixture_site)


@pytest.fixture(scope="session")
def fixture_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The image cache of the fixture's builds and of copies of the fixture; never pruned (give the command
    line a `linked_copy` of it: it prunes)."""
    return tmp_path_factory.mktemp("fixture-cache") / "images"


@pytest.fixture(scope="session")
def fixture_built(tmp_path_factory: pytest.TempPathFactory, fixture_cache: Path) -> tuple[Path, pipeline.Report]:
    """The fixture's kits, built in this process: every image and document made."""
    out = tmp_path_factory.mktemp("fixture-build") / "kits"
    return out, pipeline.build(FIXTURE, out, fixture_cache)


@pytest.fixture(scope="session")
def fixture_kits(fixture_built: tuple[Path, pipeline.Report]) -> Path:
    return fixture_built[0]


@pytest.fixture(scope="session")
def fixture_mkdocs(tmp_path_factory: pytest.TempPathFactory, fixture_kits: Path) -> Path:
    """The fixture's site, built by `mkdocs build --strict` from its kits: the project folder (kits/, site/)."""
    work = mkdocs_project(tmp_path_factory.mktemp("fixture-site"))
    linked_copy(fixture_kits, work / "kits")
    result = mkdocs_build(work)
    assert result.returncode == 0, result.stderr
    return work


# --- The shipped content: end-to-end tests only --------------------------------------------------

@pytest.fixture(scope="session")
def site() -> Site:
    return pipeline.validate(CONTENT)


@pytest.fixture(scope="session")
def full_outputs(site: Site) -> dict[PurePosixPath, Any]:
    """The 92 kits as planned for a local build: every page's text; images and documents as jobs, not made."""
    return plan.render_site(site)


@pytest.fixture(scope="session")
def published_outputs(site: Site) -> dict[PurePosixPath, Any]:
    """The same, planned for the published site at E2E_SITE_URL: snippets, embeds, oEmbed answers included."""
    return plan.render_site(site, E2E_SITE_URL)


DRAWN_FOR_THE_BROWSER = ("communes/lens/", "communes/noyelles-les-vermelles/", "cartes/communes/lens.png",
                         "cartes/communes/noyelles-les-vermelles.png", "cartes/elements/42a.png")
"""The images and documents `full_site` makes for real: those of the pages the browser tests open."""


@dataclass(frozen=True)
class FullSite:
    project: Path
    mkdocs: subprocess.CompletedProcess[str]
    made: frozenset[PurePosixPath]
    """The images and documents made for real; every other job left an empty file."""

    @property
    def kits(self) -> Path:
        return self.project / "kits"

    @property
    def site_dir(self) -> Path:
        return self.project / "site"


@pytest.fixture(scope="session")
def full_site(tmp_path_factory: pytest.TempPathFactory, published_outputs: dict[PurePosixPath, Any]) -> FullSite:
    """content/ as published at E2E_SITE_URL: kits/ written as pipeline.build writes them, then `mkdocs build --strict`.

    The steps are pipeline.build's (plan, make the jobs through the cache, write kits/ with write.sync_tree),
    except that only the jobs of DRAWN_FOR_THE_BROWSER are made: an empty file stands for each other one.
    """
    root = tmp_path_factory.mktemp("full-site")
    project = mkdocs_project(root)
    cache_dir = root / "cache" / "images"
    made = frozenset(p for p, v in published_outputs.items() if isinstance(v, Job)
                     and str(p).startswith(DRAWN_FOR_THE_BROWSER))
    files, _n = cache.materialise({p: v for p, v in published_outputs.items() if not isinstance(v, Job) or p in made},
                                  cache_dir)
    stand_in = cache_dir / "non-dessine"
    stand_in.write_bytes(b"")
    files.update({p: stand_in for p, v in published_outputs.items() if isinstance(v, Job) and p not in made})
    write.sync_tree(files, project / "kits", link_from=cache_dir)
    return FullSite(project, mkdocs_build(project, E2E_SITE_URL), made)



@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """One Playwright for the whole run: a second sync_playwright() while a first is open fails
    (« Sync API inside the asyncio loop »), so every browser test launches from this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
