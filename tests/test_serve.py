"""The live preview (sync_tree, the mkdocs hook) and the publishing setup (workflow, make publish).

None of these tests draws an image: the hook's pipeline is checked with a stand-in renderer,
and its error handling stops before rendering.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from generator.site import plan
from generator.hooks import live_preview
from generator import write
from generator.errors import BuildError
from generator.jobs import Job
from generator.make import cache

from conftest import FIXTURE, copy_content, linked_copy

ROOT = Path(__file__).resolve().parent.parent
SAINS = "sains-en-gohelle"
OLD = 946684800  # 2000-01-01: any rewrite shows as a newer mtime

P = PurePosixPath


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under root: (inode, mtime, bytes)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (st.st_ino, st.st_mtime_ns, p.read_bytes())
    return out


def age(root: Path) -> None:
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (OLD, OLD))


@pytest.fixture
def images(tmp_path: Path) -> Path:
    """A stand-in image cache with two entries."""
    c = tmp_path / "cache"
    (c / "aa").mkdir(parents=True)
    (c / "aa" / "aa1.png").write_bytes(b"\x89PNG image A")
    (c / "aa" / "aa2.png").write_bytes(b"\x89PNG image B, longer")
    return c


def site_outputs(images: Path, page: str = "Lens\n") -> dict[PurePosixPath, str | Path]:
    return {
        P("index.md"): "# Accueil\n",
        P("communes/lens/page-patrimoine.md"): page,
        P("communes/lens/logo.png"): images / "aa" / "aa1.png",
    }


# sync_tree ---------------------------------------------------------------------

def test_sync_tree_writes_only_the_files_that_changed(tmp_path: Path, images: Path) -> None:
    out = tmp_path / "kits"
    assert write.sync_tree(site_outputs(images), out, link_from=images) == sorted(site_outputs(images))
    # Images are hard-linked from the cache, as sync_tree does.
    assert (out / "communes/lens/logo.png").stat().st_ino == (images / "aa" / "aa1.png").stat().st_ino
    age(out)
    before = snapshot(out)

    assert write.sync_tree(site_outputs(images), out, link_from=images) == []
    assert snapshot(out) == before

    changed = write.sync_tree(site_outputs(images, "Lens, ville du Bassin minier\n"), out, link_from=images)
    assert changed == [P("communes/lens/page-patrimoine.md")]
    after = snapshot(out)
    for unchanged in ("index.md", "communes/lens/logo.png"):
        assert after[unchanged] == before[unchanged], unchanged
    assert after["communes/lens/page-patrimoine.md"][2] == "Lens, ville du Bassin minier\n".encode()
    assert after["communes/lens/page-patrimoine.md"][1] > before["communes/lens/page-patrimoine.md"][1]


def test_sync_tree_removes_stale_files_and_the_folders_they_empty(tmp_path: Path, images: Path) -> None:
    out = tmp_path / "kits"
    write.sync_tree(site_outputs(images), out, link_from=images)
    (out / "ancien.md").write_text("une page qui n’existe plus\n", encoding="utf-8")
    (out / ".kits-note.sync").write_text("reste d’une synchronisation interrompue", encoding="utf-8")

    changed = write.sync_tree({P("index.md"): "# Accueil\n"}, out, link_from=images)

    assert changed == sorted([P(".kits-note.sync"), P("ancien.md"), P("communes/lens/logo.png"),
                              P("communes/lens/page-patrimoine.md")])
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["index.md"]


def test_sync_tree_gives_a_rewritten_image_a_fresh_mtime(tmp_path: Path, images: Path) -> None:
    """mkdocs --dirty copies a file only when it is newer than its copy in the site: an image
    switched to an older cache entry must still look new."""
    out = tmp_path / "kits"
    write.sync_tree(site_outputs(images), out, link_from=images)
    age(images)
    before = max(p.stat().st_mtime for p in images.rglob("*.png"))
    outputs = site_outputs(images)
    outputs[P("communes/lens/logo.png")] = images / "aa" / "aa2.png"

    assert write.sync_tree(outputs, out, link_from=images) == [P("communes/lens/logo.png")]
    logo = out / "communes/lens/logo.png"
    assert logo.read_bytes() == b"\x89PNG image B, longer"
    assert logo.stat().st_mtime > before
    assert (images / "aa" / "aa1.png").read_bytes() == b"\x89PNG image A"


def test_sync_tree_never_writes_through_a_hard_link_into_the_cache(tmp_path: Path, images: Path) -> None:
    out = tmp_path / "kits"
    write.sync_tree(site_outputs(images), out, link_from=images)
    elsewhere = tmp_path / "photo.png"
    elsewhere.write_bytes(b"\x89PNG une autre image, hors du cache")
    outputs = site_outputs(images)
    outputs[P("communes/lens/logo.png")] = elsewhere

    write.sync_tree(outputs, out, link_from=images)

    assert (out / "communes/lens/logo.png").read_bytes() == elsewhere.read_bytes()
    assert (images / "aa" / "aa1.png").read_bytes() == b"\x89PNG image A"


def test_sync_tree_never_leaves_a_partial_file(tmp_path: Path, images: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "kits"
    write.sync_tree(site_outputs(images), out, link_from=images)
    before = snapshot(out)

    def full_disk(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", full_disk)
    with pytest.raises(OSError):
        write.sync_tree(site_outputs(images, "Lens " * 1000), out, link_from=images)
    monkeypatch.undo()

    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".sync")]


def test_sync_tree_turns_a_file_into_a_folder_and_back(tmp_path: Path) -> None:
    out = tmp_path / "kits"
    write.sync_tree({P("guide"): "une page\n"}, out)
    assert write.sync_tree({P("guide/index.md"): "une section\n"}, out) == [P("guide"), P("guide/index.md")]
    assert (out / "guide" / "index.md").read_text(encoding="utf-8") == "une section\n"
    write.sync_tree({P("guide"): "une page\n"}, out)
    assert (out / "guide").read_text(encoding="utf-8") == "une page\n"


def test_sync_tree_with_known_outputs_still_writes_what_changed(tmp_path: Path, images: Path) -> None:
    out = tmp_path / "kits"
    first = site_outputs(images)
    write.sync_tree(first, out, link_from=images)
    second = site_outputs(images, "Lens modifiée\n")
    assert write.sync_tree(second, out, link_from=images, known=first) == [P("communes/lens/page-patrimoine.md")]
    assert (out / "communes/lens/page-patrimoine.md").read_text(encoding="utf-8") == "Lens modifiée\n"


def test_sync_tree_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildError):
        write.sync_tree({P("../ailleurs.md"): "non\n"}, tmp_path / "kits")
    assert not (tmp_path / "ailleurs.md").exists()


# The hook -----------------------------------------------------------------------

def broken_copy(tmp_path: Path) -> Path:
    """A project folder whose content/ (a copy of the fixture) has one unknown field in sains-en-gohelle.yml."""
    project = tmp_path / "project"
    copy_content(FIXTURE, project / "content")
    record = project / "content" / "communes" / f"{SAINS}.yml"
    text = record.read_text(encoding="utf-8")
    assert "\nnom: Sains-en-Gohelle\n" in text
    record.write_text(text.replace("\nnom: Sains-en-Gohelle\n", "\nnom: Sains-en-Gohelle\nlatitude_inconnue: 3\n", 1), encoding="utf-8")
    return project


def previous_kits(out: Path) -> dict[str, tuple[int, int, bytes]]:
    (out / "communes" / "lens").mkdir(parents=True)
    (out / "index.md").write_text("# La version d’avant\n", encoding="utf-8")
    (out / "communes" / "lens" / "page-patrimoine.md").write_text("Lens, avant\n", encoding="utf-8")
    age(out)
    return snapshot(out)


def test_a_content_error_keeps_the_previous_kits_and_is_told_in_french(tmp_path: Path) -> None:
    project = broken_copy(tmp_path)
    out = project / "kits"
    before = previous_kits(out)
    said = io.StringIO()

    result = live_preview.Regenerator(project / "content", out, project / ".bm-cache" / "images", stream=said).run()

    assert result is None
    assert snapshot(out) == before
    message = said.getvalue()
    assert re.search(r"^content/communes/sains-en-gohelle\.yml:\d+: .*latitude_inconnue.*champ inconnu", message, re.M), message
    assert "1 erreur dans les fiches ; l’aperçu garde les pages précédentes." in message


def test_the_mkdocs_events_survive_a_content_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The path mkdocs serve takes: on_startup, on_config, on_pre_build, on_env, with a broken record."""
    monkeypatch.setattr(live_preview, "_state", {**live_preview._state, "regenerator": None, "builds": 0})
    project = broken_copy(tmp_path)
    out = project / "kits"
    before = previous_kits(out)
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.serve.yml"), docs_dir=str(out),
                             theme=SimpleNamespace(static_templates={"404.html", "sitemap.xml"}))

    live_preview.on_startup(command="serve", dirty=True)
    for _rebuild in range(2):
        live_preview.on_config(config)
        live_preview.on_pre_build(config=config)

    assert snapshot(out) == before
    assert "l’aperçu garde les pages précédentes" in capsys.readouterr().err
    assert config.theme.static_templates == set()  # not redone by the dirty rebuilds
    env = live_preview.on_env(__import__("jinja2").Environment(), config=config, files=None)
    assert isinstance(env.bytecode_cache, live_preview.MemoryBytecodeCache)


def test_the_hook_regenerates_under_mkdocs_serve_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live_preview, "_state", {**live_preview._state, "regenerator": None, "builds": 0})
    runs: list[Path] = []
    monkeypatch.setattr(live_preview.Regenerator, "run", lambda self: runs.append(self.out_dir))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "kits"))

    live_preview.on_startup(command="build", dirty=False)  # mkdocs build, gh-deploy
    live_preview.on_pre_build(config=config)
    assert runs == []
    live_preview.on_startup(command="serve", dirty=True)
    live_preview.on_pre_build(config=config)
    assert runs == [tmp_path / "kits"]


def test_a_generator_bug_does_not_stop_the_preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("gabarit cassé")

    monkeypatch.setattr(plan, "render_site", broken)
    out = tmp_path / "kits"
    before = previous_kits(out)
    said = io.StringIO()
    assert live_preview.Regenerator(FIXTURE, out, tmp_path / "cache", stream=said).run() is None
    assert snapshot(out) == before
    assert "gabarit cassé" in said.getvalue()
    assert "Erreur inattendue du générateur ; l’aperçu garde les pages précédentes." in said.getvalue()


def test_the_hook_regenerates_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation, rendering and drawing stand in; what is checked is what reaches the disk and the cache."""
    rendered: dict[PurePosixPath, Any] = {}
    drawn_jobs: list[set[PurePosixPath]] = []
    font = tmp_path / "police.ttf"
    font.write_bytes(b"police")

    def fake_materialise(outputs: dict[PurePosixPath, Any], cache_dir: Path, *a: Any, **k: Any) -> tuple[dict, int]:
        drawn_jobs.append({rel for rel, v in outputs.items() if isinstance(v, Job)})
        out = dict(outputs)
        for rel, v in outputs.items():
            if isinstance(v, Job):
                target = cache_dir / "00" / f"{abs(hash((v.kind, v.params)))}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(repr(v.params).encode())
                out[rel] = target
        return out, len(drawn_jobs[-1])

    monkeypatch.setattr(live_preview.pipeline, "validate", lambda content_dir: None)
    monkeypatch.setattr(plan, "render_site", lambda site, site_url="", state=None, whole_key=None: dict(rendered))
    monkeypatch.setattr(cache, "materialise", fake_materialise)
    logo = Job("logo", (("nom", "Lens"),), (("police", font),))
    rendered.update({P("index.md"): "# Accueil\n", P("communes/lens/page.md"): "Lens\n", P("communes/lens/logo.png"): logo})
    out = tmp_path / "kits"
    said = io.StringIO()
    regen = live_preview.Regenerator(tmp_path / "content", out, tmp_path / "cache", stream=said)

    assert regen.run() == sorted(rendered)
    assert drawn_jobs[-1] == {P("communes/lens/logo.png")}
    age(out)
    before = snapshot(out)

    rendered[P("communes/lens/page.md")] = "Lens, cité minière\n"
    assert regen.run() == [P("communes/lens/page.md")]
    assert drawn_jobs[-1] == set()  # the logo's job did not change: not even looked up again
    assert snapshot(out)["index.md"] == before["index.md"]
    assert snapshot(out)["communes/lens/logo.png"] == before["communes/lens/logo.png"]

    rendered[P("communes/lens/logo.png")] = Job("logo", (("nom", "Lens-Liévin"),), (("police", font),))
    assert regen.run() == [P("communes/lens/logo.png")]
    assert drawn_jobs[-1] == {P("communes/lens/logo.png")}

    font.write_bytes(b"une autre police")  # a source file replaced: every job is looked up again
    regen.run()
    assert drawn_jobs[-1] == {P("communes/lens/logo.png")}
    assert "Kits régénérés en" in said.getvalue()


# Configuration and publishing ------------------------------------------------------

def test_the_serve_configuration_adds_the_hook_to_the_site_of_mkdocs_yml(tmp_path: Path) -> None:
    from mkdocs.config import load_config  # the same configuration ProperDocs reads (its own classes alias these)

    config = load_config(str(ROOT / "mkdocs.serve.yml"), docs_dir=str(tmp_path))
    assert [Path(name).name for name in config.hooks] == ["site_in_place.py", "french_toc.py", "page_cache.py", "live_preview.py"]
    assert str(ROOT / "content") in config.watch
    assert config.strict is False
    assert config.theme.name == "material"  # inherited from mkdocs.yml
    # The published site is built from mkdocs.yml, which never runs the preview's hook.
    published = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert published["hooks"] == ["generator/hooks/site_in_place.py", "generator/hooks/french_toc.py",
                                  "generator/hooks/page_cache.py"]


def test_make_serve_uses_the_live_configuration_with_dirty_rebuilds() -> None:
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "serve"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"properdocs serve --config-file mkdocs\.serve\.yml --dirty --dev-addr 127\.0\.0\.1:8000", dry), dry


def test_make_publish_refuses_politely_without_an_origin_remote(tmp_path: Path) -> None:
    # A stand-in git that knows no remote: nothing may run after the check.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text("#!/bin/sh\necho \"error: No such remote 'origin'\" >&2\nexit 2\n", encoding="utf-8")
    (bin_dir / "git").chmod(0o755)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    result = subprocess.run(["make", "-C", str(project), "publish"], capture_output=True, text=True,
                            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "pas de dépôt distant « origin »" in result.stdout
    assert sorted(p.name for p in project.iterdir()) == ["Makefile"]  # no .venv, no kits/


def test_make_help_lists_publish() -> None:
    listing = subprocess.run(["make", "-C", str(ROOT), "help"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^publish\s+\S", listing, re.M), listing
    assert re.search(r"^serve\s+\S", listing, re.M), listing


def workflow() -> dict[Any, Any]:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))


def steps_using(wf: dict[Any, Any], action: str) -> list[dict[str, Any]]:
    return [s for job in wf["jobs"].values() for s in job["steps"] if s.get("uses", "").startswith(action + "@")]


def test_the_workflow_builds_with_make_site_and_deploys_to_pages() -> None:
    wf = workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert wf["concurrency"]["group"] == "pages"

    for action in ("actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/cache",
                   "actions/upload-pages-artifact", "actions/deploy-pages"):
        found = steps_using(wf, action)
        assert len(found) == 1, action
        assert re.fullmatch(rf"{action}@v\d+", found[0]["uses"]), found[0]["uses"]
    assert str(steps_using(wf, "actions/setup-python")[0]["with"]["python-version"]) == "3.11"
    assert steps_using(wf, "actions/configure-pages")[0]["id"] == "pages"

    images = steps_using(wf, "actions/cache")[0]["with"]
    assert images["path"] == ".bm-cache"  # images, converted pages and rendered parts
    assert "hashFiles('content/**', 'generator/make/**')" in images["key"]
    assert images["restore-keys"] and images["key"].startswith(images["restore-keys"])

    build_steps = [s for s in wf["jobs"]["build"]["steps"] if s.get("run")]
    assert [s["run"].strip() for s in build_steps] == ["make site"]
    site_url = build_steps[0]["env"]["SITE_URL"].replace(" ", "")
    assert site_url == "${{steps.pages.outputs.base_url}}/"
    assert steps_using(wf, "actions/upload-pages-artifact")[0]["with"]["path"] == "site"

    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    # Order in the build job: the address is known before make site, the artefact made after it.
    order = [s.get("uses", s.get("run", "")).split("@")[0].strip() for s in wf["jobs"]["build"]["steps"]]
    assert order.index("actions/configure-pages") < order.index("make site") < order.index("actions/upload-pages-artifact")
    assert order.index("actions/cache") < order.index("make site")


def test_the_hook_remakes_what_names_a_remade_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Word press release names its commune's lockup and the ZIP names both: when the lockup is
    redrawn, they are remade with it; when only the release's text changes, the lockup is not redrawn."""
    rendered: dict[PurePosixPath, Any] = {}
    made: list[str] = []

    def drawer(kind: str) -> Any:
        def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
            made.append(kind)
            return (repr(sorted(params.items())) + "|" + "|".join(f.read_text(errors="replace") for f in files.values())).encode()
        return draw

    monkeypatch.setattr(live_preview.pipeline, "validate", lambda content_dir: None)
    monkeypatch.setattr(plan, "render_site", lambda site, site_url="", state=None, whole_key=None: dict(rendered))
    monkeypatch.setattr(cache, "_drawers", lambda: {k: drawer(k) for k in ("logo", "docx", "zip")})
    logo, release, archive = P("communes/lens/logos/bloc.png"), P("communes/lens/communiques/a.docx"), P("communes/lens/kit-lens.zip")

    def jobs(name: str, text: str) -> None:
        rendered[logo] = Job("logo", (("nom", name),))
        rendered[release] = Job("docx", (("format", "docx"), ("texte", text)), (("logo", logo),))
        rendered[archive] = Job("zip", (("format", "zip"),), (("a.docx", release), ("bloc.png", logo)))

    rendered[P("communes/lens/index.md")] = "# Lens\n"
    jobs("Lens", "Texte 1")
    out = tmp_path / "kits"
    regen = live_preview.Regenerator(tmp_path / "content", out, tmp_path / "cache", stream=io.StringIO())
    assert regen.run() is not None and sorted(made) == ["docx", "logo", "zip"]

    made.clear()
    rendered[P("communes/lens/index.md")] = "# Lens, cité minière\n"
    assert regen.run() == [P("communes/lens/index.md")] and made == []

    made.clear()
    jobs("Lens-Liévin", "Texte 1")  # the lockup changes: the release and the ZIP that hold it follow
    assert regen.run() == sorted([logo, release, archive]) and made == ["logo", "docx", "zip"]
    assert "Lens-Liévin" in (out / release).read_text() and "Lens-Liévin" in (out / archive).read_text()

    made.clear()
    jobs("Lens-Liévin", "Texte 2")  # only the release's text: the lockup stays as drawn
    assert regen.run() == sorted([release, archive]) and made == ["docx", "zip"]
    assert "Texte 2" in (out / archive).read_text()


def test_a_saved_record_remakes_its_word_release_and_zip_not_its_lockups(tmp_path: Path, fixture_kits: Path,
                                                                         fixture_cache: Path) -> None:
    """The real pipeline, as `make serve` runs it after a save: the commune's documents follow its text."""
    import docx

    content = copy_content(FIXTURE, tmp_path / "content")
    out = tmp_path / "kits"
    cache_dir = linked_copy(fixture_cache, tmp_path / "cache" / "images")  # warm (fixture_kits), and ours to change
    regen = live_preview.Regenerator(content, out, cache_dir, stream=io.StringIO())
    assert regen.run() is not None
    record = content / "communes" / f"{SAINS}.yml"
    text = record.read_text(encoding="utf-8")
    assert text.count("\nlien: direct\n") == 1
    record.write_text(text.replace("\nlien: direct\n", "\nlien: direct\npresentation: Une phrase écrite pendant l’aperçu.\n", 1),
                      encoding="utf-8")
    changed = regen.run()
    assert changed is not None
    release = P(f"communes/{SAINS}/communiques/commune-patrimoine-mondial.docx")
    assert release in changed and P(f"communes/{SAINS}/kit-{SAINS}.zip") in changed
    assert not [p for p in changed if "logos" in p.parts]  # the text changed, not the lockups
    words = "\n".join(p.text for p in docx.Document(str(out / release)).paragraphs)
    assert "Une phrase écrite pendant l’aperçu." in words
