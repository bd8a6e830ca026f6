"""content/memo.py and the whole-run reuse: a warm run takes back the previous check and every rendered part while
content/, the code, the templates and the address are as they were, and only then.

The check is the safety net of every build (a user's mistake said in French, nothing written), so the tests try what
could make a stale check pass: an edit that keeps the file's size and time, a failed check, a moved folder, new code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT, copy_content, linked_copy, tree_digest
from generator import fingerprint, pipeline, write
from generator.content import memo
from generator.errors import ContentErrors
from generator.site import plan, reuse
from generator.state import PARTS, BuildState, load_copies

RECORD = "communes/aix-noulette.yml"


def _edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Change a record the way a quick second save can: same length, same modification time."""
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


@pytest.fixture
def project(tmp_path: Path, fixture_built: tuple[Path, pipeline.Report], fixture_cache: Path) -> tuple[Path, Path, Path]:
    """A copy of the fixture, its image cache (linked: nothing to draw) and an output folder, built once."""
    content = copy_content(FIXTURE, tmp_path / "content")
    cache = linked_copy(fixture_cache, tmp_path / "cache" / "images")
    out = tmp_path / "kits"
    pipeline.build(content, out, cache)
    return content, out, cache


def _refuse_to_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(content_dir: Path) -> None:
        raise AssertionError(f"{content_dir} checked again")
    monkeypatch.setattr(pipeline, "validate", refused)


def test_a_warm_run_takes_back_the_check_and_writes_nothing(project: tuple[Path, Path, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    content, out, cache = project
    before = tree_digest(out)
    _refuse_to_check(monkeypatch)
    assert pipeline.build(content, out, cache).changed == 0
    assert tree_digest(out) == before
    assert (cache.parent / pipeline.CHECKED).is_file()


def test_an_edit_that_keeps_size_and_time_is_checked_and_a_failed_check_is_never_kept(
        project: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    content, out, cache = project
    before = tree_digest(out)
    record = content / RECORD
    original = record.read_bytes()
    _edit_keeping_size_and_time(record, "insee: '62019'", "insee: '6201X'")
    for _ in range(2):  # and again: the failure was not stored as a pass
        with pytest.raises(ContentErrors) as e:
            pipeline.build(content, out, cache)
        assert any("insee" in str(err) for err in e.value.errors), e.value.errors
    assert tree_digest(out) == before
    # The same bytes as the last check that passed: taken back, whatever the file's time.
    record.write_bytes(original)
    _refuse_to_check(monkeypatch)
    assert pipeline.build(content, out, cache).changed == 0


def test_the_preview_checks_each_save_once(project: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    content, out, cache = project
    preview = pipeline.Pipeline(content, out, cache, in_place=True)
    preview.run()
    checks = []
    real = pipeline.validate
    monkeypatch.setattr(pipeline, "validate", lambda d: checks.append(d) or real(d))
    preview.run()
    assert checks == []
    _edit_keeping_size_and_time(content / RECORD, "7 rue de Béthune", "9 rue de Béthune")
    assert preview.run().changed
    preview.run()
    assert len(checks) == 1


@pytest.mark.parametrize("change", ["code", "moved", "photo", "mode", "new file", "cwd"])
def test_the_key_follows_what_a_check_depends_on(tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_content(FIXTURE, tmp_path / "content")
    key = memo.content_key(content)
    assert memo.content_key(content) == key
    if change == "code":
        monkeypatch.setattr(fingerprint, "code", lambda: "other code")
    elif change == "moved":
        content = content.rename(tmp_path / "ailleurs")
    elif change == "photo":  # read by its size and time, as the image cache does
        photo = next(p for p in (content / "photos").rglob("*") if p.is_file())
        st = photo.stat()
        os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    elif change == "mode":  # an unreadable record is the check's to say
        (content / RECORD).chmod(0o200)
    elif change == "new file":
        (content / "communes" / "nouvelle.yml").write_text("nom: Nouvelle\n", encoding="utf-8")
    elif change == "cwd":  # the Site names its files as the command line gave the folder
        monkeypatch.chdir(tmp_path)
        content = Path("content")
    assert memo.content_key(content) != key


def test_a_stored_check_is_taken_back_only_under_its_key(tmp_path: Path) -> None:
    site = pipeline.validate(FIXTURE)
    stored = tmp_path / "check.pickle"
    assert memo.taken_back(stored, "k") is None
    write.save_pickle(stored, ("k", site))
    assert memo.taken_back(stored, "k") == site
    assert memo.taken_back(stored, "other") is None
    stored.write_bytes(b"not a pickle")
    assert memo.taken_back(stored, "k") is None


def test_the_whole_run_is_taken_back_only_under_the_same_key() -> None:
    site = pipeline.validate(FIXTURE)
    state = BuildState()
    fresh = plan.render_site(site, "https://exemple.fr/boite/", state, whole_key="k")
    assert plan.SITE_PART in state.parts
    again = plan.render_site(site, "https://exemple.fr/boite/", BuildState(parts=dict(state.parts)), whole_key="k")
    assert list(again.items()) == list(fresh.items())  # the same outputs, in the same order
    # Under another key, the site's pages are rendered again (the parts by their own keys).
    changed = BuildState(parts=dict(state.parts))
    assert plan.render_site(site, "https://exemple.fr/boite/", changed, whole_key="k2") == fresh
    assert changed.parts[plan.SITE_PART][0] == "k2"


def test_the_whole_key_follows_the_address_the_templates_and_the_scripts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = reuse.whole("k", "https://exemple.fr/")
    assert reuse.whole("k", "https://exemple.fr/") == key
    assert reuse.whole("k2", "https://exemple.fr/") != key
    assert reuse.whole("k", "https://ailleurs.fr/") != key
    for folder in ("TEMPLATES", "STATIC"):
        with monkeypatch.context() as m:
            copy = tmp_path / folder
            shutil.copytree(getattr(reuse, folder), copy)
            m.setattr(reuse, folder, copy)
            assert reuse.whole("k", "https://exemple.fr/") == key
            next(p for p in sorted(copy.rglob("*")) if p.is_file()).write_text("/* changé */", encoding="utf-8")
            assert reuse.whole("k", "https://exemple.fr/") != key


def test_a_run_that_takes_everything_back_loads_no_geometry_library(project: tuple[Path, Path, Path]) -> None:
    """shapely, numpy and pyproj were a third of a warm `make kits`: only checking and rendering need them."""
    content, out, cache = project
    script = ("import sys; from pathlib import Path; from generator import pipeline\n"
              f"pipeline.build(Path({str(content)!r}), Path({str(out)!r}), Path({str(cache)!r}))\n"
              "print(sorted(m for m in ('shapely', 'numpy', 'pyproj') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    # And the first run after an edit does load them, to check and draw: the test above is not empty.
    _edit_keeping_size_and_time(content / RECORD, "7 rue de Béthune", "9 rue de Béthune")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['numpy', 'pyproj', 'shapely']", done.stdout + done.stderr


def _refuse_to_render(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered again")
    monkeypatch.setattr(plan, "render_site", refused)


def test_a_run_that_finds_kits_as_it_left_them_has_nothing_to_do(project: tuple[Path, Path, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    content, out, cache = project
    first = pipeline.build(content, out, cache)
    before = tree_digest(out)
    monkeypatch.setattr(pipeline, "SETTLED_NS", 0)  # as if the files had been written long ago
    pipeline.build(content, out, cache)  # the state, taken once kits/ has settled
    with monkeypatch.context() as m:
        _refuse_to_render(m)
        m.setattr(pipeline.BuildState, "in_cache", lambda *a: (_ for _ in ()).throw(AssertionError("cache read")))
        again = pipeline.build(content, out, cache)
    assert (again.files, again.images, again.documents, again.changed, again.drawn) == (first.files, first.images, first.documents, 0, 0)
    assert tree_digest(out) == before


@pytest.mark.parametrize("change", ["edited", "removed", "added", "address"])
def test_kits_changed_since_or_another_run_is_built_again(project: tuple[Path, Path, Path], change: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    content, out, cache = project
    before = tree_digest(out)
    monkeypatch.setattr(pipeline, "SETTLED_NS", 0)
    pipeline.build(content, out, cache)
    page = out / "index.md"
    site_url = ""
    if change == "edited":
        st = page.stat()
        page.write_text("# Autre chose\n", encoding="utf-8")
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    elif change == "removed":
        page.unlink()
    elif change == "added":
        (out / "en-trop.md").write_text("#\n", encoding="utf-8")
    else:
        site_url = "https://exemple.fr/boite/"
    report = pipeline.build(content, out, cache, site_url=site_url)
    if change == "address":
        assert report.changed  # the published kits link to their address
    else:
        assert report.changed == 1
        assert tree_digest(out) == before


def test_files_written_just_before_the_state_was_taken_are_not_trusted(project: tuple[Path, Path, Path],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed within the same tick of the file system's clock as the build wrote it keeps its time: the
    state of a kits/ that has just been written is checked the long way."""
    content, out, cache = project
    # The state taken right after the newest file was written, whatever this machine's speed.
    newest = lambda: max(mtime for _rel, _size, mtime, _ino in write.tree_state(out))  # noqa: E731
    monkeypatch.setattr(pipeline, "time", types.SimpleNamespace(time_ns=lambda: newest() + 1))
    (cache.parent / pipeline.KITS_STATE).unlink()  # this run goes the long way and takes the state
    pipeline.build(content, out, cache)
    monkeypatch.undo()
    rendered = []
    real = plan.render_site
    monkeypatch.setattr(plan, "render_site", lambda *a, **k: rendered.append(1) or real(*a, **k))
    pipeline.build(content, out, cache)
    assert rendered


def test_a_folder_linked_into_content_is_keyed_by_what_it_holds(tmp_path: Path) -> None:
    """The check reads contours/ through a link: an outline changed there must be checked again."""
    content = copy_content(FIXTURE, tmp_path / "content")
    elsewhere = tmp_path / "partage" / "contours"
    shutil.move(content / "contours", elsewhere)
    (content / "contours").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "boucle").symlink_to(elsewhere, target_is_directory=True)  # a loop is walked once
    key = memo.content_key(content)
    outline = next(elsewhere.glob("*.geojson"))
    outline.write_text("{cassé", encoding="utf-8")
    assert memo.content_key(content) != key


def test_a_record_saved_during_a_run_leaves_nothing_under_the_old_key(project: tuple[Path, Path, Path],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The save comes after the key was taken and before the check read the file; then it is undone. The content is
    back to the key's, but what the run read was not: it must not come back."""
    content, out, cache = project
    before = tree_digest(out)
    record = content / RECORD
    original = record.read_bytes()
    real = pipeline.validate

    def saved_meanwhile(content_dir: Path) -> object:
        record.write_bytes(original.replace("7 rue de Béthune".encode(), "99 rue ÉDITÉE".encode()))
        return real(content_dir)

    monkeypatch.setattr(pipeline, "SETTLED_NS", 0)
    for taken_back in (pipeline.CHECKED, pipeline.KITS_STATE, PARTS):  # so that this run checks and renders
        (cache.parent / taken_back).unlink()
    with monkeypatch.context() as m:
        m.setattr(pipeline, "validate", saved_meanwhile)
        pipeline.build(content, out, cache)
    record.write_bytes(original)
    pipeline.build(content, out, cache)
    pipeline.build(content, out, cache)
    assert tree_digest(out) == before
    assert not [p for p in out.rglob("*.md") if "ÉDITÉE" in p.read_text(encoding="utf-8")]


def test_a_run_that_takes_everything_back_keeps_the_converted_texts(project: tuple[Path, Path, Path]) -> None:
    content, out, cache = project
    preview = pipeline.Pipeline(content, out, cache, in_place=True)
    preview.run()
    kept = load_copies(cache.parent / "copies.pickle")
    preview.run()
    assert kept and load_copies(cache.parent / "copies.pickle").keys() == kept.keys()
