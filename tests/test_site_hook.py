"""generator/hooks/site_in_place.py: site/ kept between builds must end exactly as mkdocs' own clean build leaves it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import mkdocs_build, small_mkdocs_project


def _small_project(tmp_path: Path) -> Path:
    """A tiny site with the real configuration and hook: a few pages, an image, a static file."""
    pages = {page: f"# {page}\n\nTexte de {page}.\n" for page in ("index.md", "a/index.md", "a/b.md")}
    return small_mkdocs_project(tmp_path, ["index.md", "a/index.md"], {
        **pages, "a/image.png": b"\x89PNG\r\n\x1a\n" + b"0" * 100, "a/extrait.html": "<p>extrait</p>\n"})


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_kept_site_ends_as_a_clean_build(tmp_path: Path) -> None:
    work = _small_project(tmp_path)
    assert mkdocs_build(work).returncode == 0
    site = work / "site"
    # Between two builds: a page removed, a stale file left by hand, a folder where a file now goes.
    (work / "kits" / "a" / "b.md").unlink()
    (site / "vieux.txt").write_text("périmé", encoding="utf-8")
    (site / "a" / "extrait.html").unlink()
    (site / "a" / "extrait.html").mkdir()
    result = mkdocs_build(work)
    assert result.returncode == 0, result.stderr
    kept = _tree(site)

    shutil.rmtree(site)
    assert mkdocs_build(work).returncode == 0
    fresh = _tree(site)
    assert sorted(kept) == sorted(fresh)  # nothing stale left, nothing missing
    assert not (site / "a" / "b").exists() and not (site / "vieux.txt").exists()
    differ = [p for p in fresh if kept[p] != fresh[p] and not p.endswith((".xml", ".gz"))]
    assert differ == []
    # Files of kits/ are hard links in site/, not copies.
    assert (site / "a" / "image.png").samefile(work / "kits" / "a" / "image.png")


def test_a_page_never_writes_through_a_link_into_kits(tmp_path: Path) -> None:
    """A page's output that happens to be a hard link (to a kits/ or cache file) is replaced, not written through."""
    work = _small_project(tmp_path)
    assert mkdocs_build(work).returncode == 0
    victim = work / "kits" / "a" / "image.png"
    before = victim.read_bytes()
    page = work / "site" / "a" / "index.html"
    page.unlink()
    os.link(victim, page)  # as if a static file had stood where the page now goes
    assert mkdocs_build(work).returncode == 0
    assert victim.read_bytes() == before
    assert b"a/index.md" in page.read_bytes()


def test_a_build_stopped_while_site_is_set_aside_is_repaired(tmp_path: Path) -> None:
    """The hook sets site/ aside while mkdocs cleans: if a build dies right then, the next one finds it."""
    work = _small_project(tmp_path)
    assert mkdocs_build(work).returncode == 0
    site, aside = work / "site", work / ".site-garde"
    before = _tree(site)
    site.rename(aside)  # as a build killed between on_pre_build and on_files leaves it
    assert mkdocs_build(work).returncode == 0
    assert not aside.exists()
    assert sorted(_tree(site)) == sorted(before)
    # Both present (a build stopped, then site/ made again by hand): the older copy goes.
    aside.mkdir()
    (aside / "orphelin.txt").write_text("x", encoding="utf-8")
    assert mkdocs_build(work).returncode == 0
    assert not aside.exists() and not (site / "orphelin.txt").exists()
