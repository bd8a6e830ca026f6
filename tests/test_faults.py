"""Faults: `kits` or `mkdocs build` killed half-way leaves the old or the new tree, and the next run repairs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT, copy_content, linked_copy, mkdocs_build, mkdocs_project, tree_digest
from generator import pipeline, write


def _rename_element(content: Path) -> None:
    """A change that reaches pages, a share card, Word files and the ZIP: an element's name."""
    record = content / "communes" / "sains-en-gohelle.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("nom: Église Sainte-Marguerite", "nom: Église Sainte-Marguerite d’Antioche"), encoding="utf-8")


@pytest.fixture()
def before_after(tmp_path: Path, fixture_built: object, fixture_cache: Path) -> tuple[Path, Path, Path, Path, dict[str, str], dict[str, str]]:
    """The fixture's kits before and after a change, with every image of both already in a cache of the test's own."""
    cache = linked_copy(fixture_cache, tmp_path / "cache" / "images")
    content = copy_content(FIXTURE, tmp_path / "content")
    saved = tmp_path / "avant"
    pipeline.build(content, saved, cache)
    _rename_element(content)
    after = tmp_path / "apres"
    pipeline.build(content, after, cache)
    old, new = tree_digest(saved), tree_digest(after)
    assert old != new
    return content, tmp_path / "sortie" / "kits", cache, saved, old, new


def _killed_runs(content: Path, out: Path, cache: Path, saved: Path, points: list[int]) -> list[dict]:
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "kill_points.py"), content, out, cache, saved,
                             *map(str, points)], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_kits_killed_at_any_step_of_its_writing_is_the_old_or_the_new_tree(before_after) -> None:  # type: ignore[no-untyped-def]
    content, out, cache, saved, old, new = before_after
    (whole,) = _killed_runs(content, out, cache, saved, [0])
    calls = whole["calls"]
    assert not whole["stopped"] and whole["tree"] == new and calls > 100
    # 40 steps spread over the whole writing, and its last ten one by one (the swap, then removing the old tree).
    points = sorted({1 + i * (calls - 1) // 39 for i in range(40)} | set(range(max(1, calls - 9), calls + 1)))
    runs = _killed_runs(content, out, cache, saved, points)
    assert all(run["stopped"] for run in runs)
    states = ["old" if run["tree"] == old else "new" if run["tree"] == new else "mixed" for run in runs]
    assert "mixed" not in states, [run["k"] for run, s in zip(runs, states) if s == "mixed"]
    assert "old" in states and "new" in states  # the kills fell before and after the swap
    # The next run, started on what each kind of kill left, repairs it: the new tree, nothing beside it.
    for run in (runs[len(runs) // 2], runs[-1]):
        _killed_runs(content, out, cache, saved, [run["k"]])
        pipeline.build(content, out, cache)
        assert tree_digest(out) == new
        assert sorted(p.name for p in out.parent.iterdir()) == [".kits.verrou", "kits"]


@pytest.mark.parametrize("left", ["nouveau", "ancien seul", "ancien et kits"])
def test_what_a_killed_swap_leaves_is_cleared(tmp_path: Path, left: str) -> None:
    """Each state a kill can leave, including between the two renames where the system cannot exchange folders."""
    out, new, old = tmp_path / "kits", tmp_path / ".kits.nouveau", tmp_path / ".kits.ancien"
    (old if left.startswith("ancien") else out).mkdir()
    ((old if left.startswith("ancien") else out) / "page.md").write_text("ancienne\n", encoding="utf-8")
    if left == "nouveau":
        new.mkdir()
        (new / "page.md").write_text("à moitié", encoding="utf-8")
    if left == "ancien et kits":
        out.mkdir()
        (out / "page.md").write_text("nouvelle\n", encoding="utf-8")
    write.recover(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kits"]
    assert (out / "page.md").read_text(encoding="utf-8") == ("nouvelle\n" if left == "ancien et kits" else "ancienne\n")


def test_the_swap_without_an_exchange_call_gives_the_same_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system cannot exchange two folders (not Linux), two renames do it."""
    monkeypatch.setattr(write, "_renameat2", None)
    out = tmp_path / "kits"
    assert write.swap_tree({Path("a.md"): "un\n", Path("b/c.md"): "deux\n"}, out) == [Path("a.md"), Path("b/c.md")]  # type: ignore[dict-item]
    inode = (out / "a.md").stat().st_ino
    assert write.swap_tree({Path("a.md"): "un\n", Path("d.md"): "trois\n"}, out) == [Path("b/c.md"), Path("d.md")]  # type: ignore[dict-item]
    assert tree_digest(out).keys() == {"a.md", "d.md"}
    assert (out / "a.md").stat().st_ino == inode  # an unchanged file is the same file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kits"]
    assert write.swap_tree({Path("a.md"): "un\n", Path("d.md"): "trois\n"}, out) == []  # type: ignore[dict-item]


def _pages_written_since(site: Path, since_ns: int) -> int:
    """How many pages of site/ this build has written so far (it rewrites them in place)."""
    count = 0
    for folder, _dirs, names in os.walk(site):  # os.walk passes over folders moved while it looks (the hook sets site/ aside)
        for name in names:
            if name.endswith(".html"):
                try:
                    count += os.stat(os.path.join(folder, name)).st_mtime_ns >= since_ns
                except FileNotFoundError:
                    pass  # replaced while we looked
    return count


def test_a_killed_mkdocs_build_is_repaired_by_the_next_one(tmp_path: Path, fixture_kits: Path) -> None:
    """`mkdocs build` killed while it writes pages (after its 1st page, a quarter, half… of them), then `make site`
    again: exactly the site a clean build gives. The kill follows the build's progress on disk, not a clock."""
    work = mkdocs_project(tmp_path)
    linked_copy(fixture_kits, work / "kits")
    assert mkdocs_build(work).returncode == 0
    clean = tree_digest(work / "site")
    pages = sum(p.endswith(".html") for p in clean)
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml"]
    killed_mid_build = 0
    for target in (1, pages // 4, pages // 2, 3 * pages // 4, pages - 1):
        # Damage first, as an interrupted earlier run could have: a page cut short, a stale file.
        page = work / "site" / "index.html"
        page.write_bytes(page.read_bytes()[:100])
        (work / "site" / "perime.html").write_text("<p>périmé</p>", encoding="utf-8")
        marker = work / "depart"
        marker.write_text("", encoding="utf-8")  # the file system's own clock, at its own precision
        since = marker.stat().st_mtime_ns
        run = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while run.poll() is None and _pages_written_since(work / "site", since) < target:
            time.sleep(0.001)
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            killed_mid_build += 1
        run.wait()
        result = mkdocs_build(work)
        assert result.returncode == 0, result.stderr
        rebuilt = tree_digest(work / "site")
        assert rebuilt.keys() == clean.keys(), target
        assert [p for p in clean if rebuilt[p] != clean[p] and not p.endswith((".xml", ".gz"))] == [], target
    assert killed_mid_build >= 3  # most kills landed while pages were being written: the test tested something


@pytest.mark.parametrize("code, words", [(28, "le disque est plein"), (30, "le disque est en lecture seule")])
def test_a_full_or_read_only_disk_is_said_in_french_and_keeps_the_old_tree(
        before_after, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int, words: str) -> None:  # type: ignore[no-untyped-def]
    from generator.__main__ import main
    content, out, cache, saved, old, _new = before_after
    linked_copy(saved, out)
    place = write._place
    calls = [0]

    def fails_later(data, target, cache_root):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(code, "English words", str(target))
        return place(data, target, cache_root)
    monkeypatch.setattr(write, "_place", fails_later)
    assert main(["--content", str(content), "kits", "--out", str(out), "--cache", str(cache)]) == 1
    err = capsys.readouterr().err
    assert f"({words}) : {out.resolve()}/" in err and "Traceback" not in err and ".nouveau" not in err
    assert tree_digest(out) == old
    assert sorted(p.name for p in out.parent.iterdir()) == [".kits.verrou", "kits"]
