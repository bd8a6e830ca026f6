"""generator/hooks/page_cache.py: a page converted once is taken from the cache, and the site stays byte for byte
what mkdocs builds without it; a change to the page, to the files it links to or a warning it gives is never hidden."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import linked_copy, mkdocs_build, mkdocs_project, small_mkdocs_project


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(work: Path, *, cache: bool = True, engine: str = "properdocs") -> tuple[int, int]:
    """`properdocs build --strict` (or MkDocs'); return the pages taken from the cache and those converted."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "BM_PAGE_CACHE": "1" if cache else "0"}
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "--config-file", "mkdocs.yml"], cwd=work,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    said = re.search(r"Pages reprises du cache : (\d+), converties : (\d+) ; index de recherche : (\d+) pages reprises, "
                     r"(\d+) relues", result.stderr)
    if not said:
        return (0, 0)
    _searched[:] = [int(said[3]), int(said[4])]
    return (int(said[1]), int(said[2]))


_searched: list[int] = []
"""The last build's pages taken back for the search index, and those read again."""


def test_a_cached_build_is_byte_for_byte_an_uncached_one(tmp_path: Path, fixture_kits: Path) -> None:
    work = mkdocs_project(tmp_path)
    linked_copy(fixture_kits, work / "kits")
    pages = sum(1 for _ in (work / "kits").rglob("*.md"))

    assert _build(work) == (0, pages)  # an empty cache: every page converted, and kept
    cold = _tree(work / "site")
    indexed = _searched[1]
    assert indexed > 0 and _searched[0] == 0
    assert _build(work) == (pages, 0)  # nothing changed: no page converted again
    assert _searched == [indexed, 0]  # nor read again for the search index
    warm = _tree(work / "site")
    shutil.rmtree(work / "site")
    assert _build(work, cache=False) == (0, 0)
    bare = _tree(work / "site")

    assert warm == cold
    assert warm == bare
    assert len(bare) > pages
    assert "search/search_index.json" in bare


def _small_project(tmp_path: Path) -> Path:
    return small_mkdocs_project(tmp_path, ["index.md", "a.md"], {
        "index.md": "# Accueil\n\n## Lire {#lire}\n\nVoir [la page B](b.md#suite) et [A](a.md).\n",
        "a.md": "# A\n\nTexte de A.\n",
        "b.md": "# B\n\n## Suite {#suite}\n\nTexte de B.\n"})


def test_a_changed_page_is_converted_again_and_only_it(tmp_path: Path) -> None:
    work = _small_project(tmp_path)
    assert _build(work) == (0, 3)
    (work / "kits" / "a.md").write_text("# A\n\nUn autre texte de A.\n", encoding="utf-8")
    assert _build(work) == (2, 1)
    assert "Un autre texte de A." in (work / "site" / "a" / "index.html").read_text(encoding="utf-8")
    assert _searched == [2, 1]  # and only it read again for the search index, which says the new text
    assert "Un autre texte de A." in (work / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    # The entries no build uses any more are removed by the next full build.
    assert len(list((work / ".bm-cache" / "pages").glob("*/*/*.pickle"))) == 3


def test_a_page_whose_link_target_went_is_converted_again_and_its_warning_stops_strict(tmp_path: Path) -> None:
    work = _small_project(tmp_path)
    assert _build(work) == (0, 3)
    (work / "kits" / "b.md").unlink()  # index.md unchanged, but the page it links to is gone
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the page that warned is not kept: the second build warns again
        result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml"], cwd=work,
                                capture_output=True, text=True, env=env)
        assert result.returncode == 1
        assert "b.md#suite" in result.stderr


def test_an_anchor_gone_from_a_linked_page_is_still_seen(tmp_path: Path) -> None:
    # The anchors a cached page holds and links to are kept with it: mkdocs checks them after every page is read.
    work = _small_project(tmp_path)
    assert _build(work) == (0, 3)
    (work / "kits" / "b.md").write_text("# B\n\nPlus de suite.\n", encoding="utf-8")
    result = mkdocs_build(work)
    assert result.returncode == 1
    assert "suite" in result.stderr and "index.md" in result.stderr


def test_a_broken_cache_entry_only_costs_its_conversion(tmp_path: Path) -> None:
    work = _small_project(tmp_path)
    _build(work)
    first = _tree(work / "site")
    for entry in (work / ".bm-cache" / "pages").glob("*/*/*.pickle"):
        entry.write_bytes(b"pas un pickle")
    os.utime(work / "kits" / "a.md")
    assert _build(work) == (0, 3)
    assert _tree(work / "site") == first


def test_mkdocs_itself_keeps_and_checks_the_same_way(tmp_path: Path) -> None:
    # The hook follows the engine that runs it: MkDocs' loggers are « mkdocs.* », ProperDocs' « properdocs.* ».
    work = _small_project(tmp_path)
    assert _build(work, engine="mkdocs") == (0, 3)
    assert _build(work, engine="mkdocs") == (3, 0)
    (work / "kits" / "b.md").unlink()
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=work,
                                capture_output=True, text=True, env=env)
        assert result.returncode == 1
        assert "b.md#suite" in result.stderr
