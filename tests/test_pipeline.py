"""The pipeline's rules that hold across stages: one label per element everywhere, a cache key that
cannot miss a module, one state per build. On the small fixture (tests/fixture/content)."""

from __future__ import annotations

import ast
import html
import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from generator import fingerprint, pipeline
from generator.content.model import Site
from generator.make import cache
from generator.jobs import Job
from generator.site import plan, urls, wording
from generator.state import BuildState

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixture" / "content"
BASE = "https://exemple.github.io/boite-a-outils/"


@pytest.fixture(scope="module")
def fixture_site() -> Site:
    return pipeline.validate(FIXTURE)


@pytest.fixture(scope="module")
def outputs(fixture_site: Site) -> dict[PurePosixPath, object]:
    return plan.render_site(fixture_site, BASE, BuildState())


def flat(text: object) -> str:
    """A page with its no-break spaces as plain ones (French typography puts them before « : »)."""
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def _jsonld(page: str) -> dict[str, object]:
    front = page.split("\n---\n", 1)[0]
    line = next(x for x in front.splitlines() if x.startswith("jsonld: "))
    script = json.loads(line[len("jsonld: "):])
    return json.loads(script.split(">", 1)[1].rsplit("</script>", 1)[0])


def test_every_element_has_one_label_and_one_name_in_every_output(fixture_site: Site, outputs: dict) -> None:
    site = fixture_site
    assert site.elements, "the fixture holds elements"
    for e in site.elements.values():
        label = wording.type_label(e, site.sous_types)
        capital = wording.capital(label)
        page = outputs[urls.element_page(e.slug)]
        assert f"| Type | {wording.md(label)} |" in page, e.code
        assert f"{wording.md(capital)}, élément {e.code}" in page
        assert f'description: "{capital}, élément {e.code}' in page
        embed = outputs[urls.embed("elements", e.slug)]
        assert f"<p>{html.escape(wording.french(capital))}, " in embed, e.code
        assert f">{html.escape(wording.french(e.nom))}</h1>" in embed
        card_job = outputs[plan.image_jobs.card_path(site, e)]
        assert isinstance(card_job, Job) and dict(card_job.params)["surtitre"] == capital
        assert dict(card_job.params)["titre"] == wording.typo(e.nom)
        data = _jsonld(page)
        assert data["name"] == wording.french(e.nom)
        if not e.description.strip():
            assert str(data["description"]).startswith(wording.french(capital) + ", élément")
        for other in site.elements_in(e.composante):
            if other.code != e.code:
                sibling_page = outputs[urls.element_page(other.slug)]
                assert f"]({e.slug}.md) ({wording.md(label)}, " in sibling_page
        for slug in e.communes:
            names = wording.display_names(site.elements_of(slug), site.sous_types)
            heritage = flat(outputs[urls.kit_page(slug, "page-patrimoine")])
            # Grouped by type: the element under its type's heading (singular or plural), its subtype after its name.
            assert any(f"### {wording.md(wording.capital(t.split(' (')[0]))}\n" in heritage for t in (e.type, site.pluriels[e.type])), e.code
            name = flat(wording.md(wording.typo(names[e.code])))
            # Bold, or a link to the element's page when the site's address is known.
            after_name = next((f for f in (f"**{name}**", f"[{name}]({urls.element_url(BASE, e.slug)})") if f in heritage), None)
            assert after_name, e.code
            if label != e.type:
                assert f"{after_name} : {wording.md(label.split(', ', 1)[1])}" in heritage, e.code
            kit = flat(outputs[urls.kit_page(slug)])
            assert f"(../../elements/{e.slug}.md) : {wording.md(label)}" in kit
            releases = flat(outputs[urls.kit_page(slug, "communiques")])
            # The release says the type unless the name does (« Église Sainte-Marguerite », not « … : église »).
            said = {"87A": " : cité minière, cité pavillonnaire", "87B": "", "87C": " : école"}.get(e.code, f" : {html.escape(label)}")
            assert flat(f"{html.escape(wording.typo(names[e.code]))}{said}") in releases
            snippet = outputs[urls.snippet(slug, "carte.html")]
            if e.nom.strip().lower() != e.type.strip().lower():
                assert html.escape(wording.french(f"{names[e.code]}, {label}")) in snippet


def test_the_cache_key_follows_every_module_a_maker_runs() -> None:
    """Each kind of file is keyed on the code that makes it: a module imported at run time must be in the key."""
    for kind, module in cache.MAKERS.items():
        code = f"import sys, {module}; print('\\n'.join(m for m in sys.modules if m.startswith('generator')))"
        loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        # Packages' __init__ files hold no code (a docstring at most); every module must be in the key.
        with_code = {m for m in loaded if cache._source(m).name != "__init__.py"}
        assert with_code <= set(cache.modules_behind(module)), (kind, sorted(with_code - set(cache.modules_behind(module))))
        assert module in cache.modules_behind(module)
        for package in {m for m in loaded} - with_code:
            body = ast.parse(cache._source(package).read_text(encoding="utf-8")).body
            assert all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body), package


def test_a_change_to_a_drawing_module_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key hashes the modules' bytes: a copy of the package with one drawing module edited keys differently."""
    import shutil
    copy = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.code_version.__wrapped__("logo")
    monkeypatch.setattr(cache, "PACKAGE_ROOT", tmp_path)
    assert cache.code_version.__wrapped__("logo") == before
    draw = copy / "make" / "drawing" / "draw.py"
    draw.write_text(draw.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.code_version.__wrapped__("logo") != before
    assert cache.code_version.__wrapped__("photo") == cache.code_version.__wrapped__("photo")


def test_the_code_versions_are_read_back_until_a_module_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm run reads the makers' code versions from the cache folder instead of parsing their sources; an edited
    module has them computed again."""
    import shutil
    copy = tmp_path / "src" / "generator"
    shutil.copytree(ROOT / "generator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_ROOT", tmp_path / "src")
    monkeypatch.setattr(fingerprint, "PACKAGE", copy)
    fingerprint.code.cache_clear()  # each run below stands for a new process
    images = tmp_path / "cache" / "images"
    first = cache.known_code_versions(images)
    assert first == {kind: cache.code_version.__wrapped__(kind) for kind in cache.MAKERS}
    computed: list[str] = []
    monkeypatch.setattr(cache, "code_version", lambda kind: computed.append(kind) or "recalculée")
    assert cache.known_code_versions(images) == first and computed == []
    draw = copy / "make" / "drawing" / "draw.py"
    draw.write_text(draw.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    # The same process (the preview) keeps what it found at first: it still runs the code it loaded.
    assert cache.known_code_versions(images) == first and computed == []
    fingerprint.code.cache_clear()  # a new process
    assert set(cache.known_code_versions(images).values()) == {"recalculée"} and sorted(computed) == sorted(cache.MAKERS)
    fingerprint.code.cache_clear()


def test_two_builds_in_one_process_share_no_state(fixture_site: Site) -> None:
    """Each build gets its own state: what one converts is not what the other finds in its memo."""
    first, second = BuildState(), BuildState()
    a = plan.render_site(fixture_site, "", first)
    assert first.copies.memo and not second.copies.memo
    b = plan.render_site(fixture_site, "", second)
    assert a == b
    assert first.templates.markdown is not second.templates.markdown


def test_a_bad_address_or_an_unwritable_folder_is_said_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.__main__ import main
    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SITE_URL", "exemple.org")
    assert main(["--content", str(FIXTURE), "kits", "--out", str(tmp_path / "kits"), "--cache", str(tmp_path / "c" / "i")]) == 1
    err = capsys.readouterr().err
    assert "Erreur : adresse du site publié (SITE_URL)" in err and "Traceback" not in err
    assert not (tmp_path / "kits").exists()  # refused before anything was read or written
    monkeypatch.delenv("SITE_URL")
    assert main(["--content", str(FIXTURE), "kits", "--out", str(blocker / "kits"), "--cache", str(tmp_path / "c" / "i")]) == 1
    err = capsys.readouterr().err
    assert f"Erreur : dossier de sortie impossible : {blocker} est un fichier, pas un dossier" in err
    assert "Traceback" not in err


def test_an_output_folder_holding_someones_work_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """kits/ is emptied of what a build does not make: never the content, the cache, the current folder or a repository."""
    import shutil
    from generator.__main__ import main
    content = tmp_path / "projet" / "content"
    shutil.copytree(FIXTURE, content)
    (tmp_path / "depot" / ".git").mkdir(parents=True)
    (tmp_path / "depot" / "notes.txt").write_text("à garder", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "projet")
    for out in (tmp_path / "projet", content, tmp_path, tmp_path / "depot"):
        assert main(["--content", str(content), "kits", "--out", str(out), "--cache", str(tmp_path / "cache" / "images")]) == 1
        assert "dossier de sortie refusé" in capsys.readouterr().err
    assert (content / "bien.yml").is_file() and (tmp_path / "depot" / "notes.txt").is_file()


@pytest.mark.parametrize("line, wrong, problem", [
    ("date_inscription: 2012-06-30", "date_inscription: 2012-13-30", "mois hors de 1 à 12"),
    ("  - date: 2026-11-25", "  - date: 2026-02-30", "ce jour n’existe pas dans ce mois"),
])
def test_an_impossible_date_is_a_content_error_with_its_line(tmp_path: Path, line: str, wrong: str, problem: str) -> None:
    import shutil
    from generator.errors import ContentErrors
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    bien = content / "bien.yml"
    text = bien.read_text(encoding="utf-8")
    assert line in text
    bien.write_text(text.replace(line, wrong), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        pipeline.validate(content)
    number = text.split("\n").index(line) + 1
    assert [str(e) for e in caught.value.errors] == [
        f"content/bien.yml:{number}: champ « {wrong.split(':')[0].strip(' -')} » : « {wrong.split(': ')[1]} » n’est pas une date qui existe ({problem}) ; "
        "écrivez-la AAAA-MM-JJ, par exemple 2012-06-30"]


@pytest.mark.parametrize("sites, problem", [
    ([{"nom": "Sans clé"}], "le site n° 1 n’a pas de clé"),
    (["pas un site"], "le site n° 1 n’est pas un ensemble de champs"),
    ([{"cle": "a", "nom": 12}], "le site « a », champ « nom » : du texte est attendu"),
    ([{"cle": "a", "extrait_versions": "2026-11-25"}], "champ « extrait_versions »"),
    ([{"cle": "a", "pages": "cinq"}], "champ « pages » : une liste est attendue"),
])
def test_a_malformed_audit_file_is_said_in_french(tmp_path: Path, sites: list, problem: str) -> None:
    """The audit copies text from third-party sites into content/audits/: a damaged file is refused by name."""
    from generator.content import audit_results
    from generator.errors import BuildError
    folder = tmp_path / "audits"
    folder.mkdir()
    (folder / "2026-11-30.json").write_text(json.dumps({"date": "2026-11-30", "parametres": {}, "sites": sites}), encoding="utf-8")
    with pytest.raises(BuildError, match=problem) as caught:
        audit_results.load_audits(folder)
    assert "2026-11-30.json" in str(caught.value)


def test_a_font_replaced_under_its_name_is_read_again(tmp_path: Path) -> None:
    """Fonts are kept by what the file is (path, time, size, inode): the preview needs no cache to clear."""
    import os
    import shutil
    from generator.make.drawing import draw
    fonts = sorted((FIXTURE / "marque" / "polices").glob("*.ttf"))
    assert len(fonts) >= 2
    path = tmp_path / "police.ttf"
    shutil.copy(fonts[0], path)
    before = draw.text_width(path, 40, "Bassin minier")
    assert draw.text_width(path, 40, "Bassin minier") == before
    replacement = tmp_path / "autre.ttf"
    shutil.copy(next(f for f in fonts[1:] if f.read_bytes() != fonts[0].read_bytes()), replacement)
    os.replace(replacement, path)  # as an editor saving a new file over the old one
    assert draw.text_width(path, 40, "Bassin minier") != before


def test_system_errors_are_said_in_french_with_their_file() -> None:
    import errno
    from generator.errors import system_error
    for code, words in ((errno.EROFS, "le disque est en lecture seule"), (errno.ENOSPC, "le disque est plein"),
                        (errno.EACCES, "accès refusé")):
        message = str(system_error(OSError(code, "English words", "/projet/kits/communes/lens/index.md")))
        assert message == f"écriture ou lecture impossible ({words}) : /projet/kits/communes/lens/index.md"


HOLD = """
import fcntl, sys, time
from pathlib import Path
with open(sys.argv[1], "a+b") as f:
    fcntl.flock(f, fcntl.LOCK_EX)
    print("tenu", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    """Two `make kits` at once: the second says it waits, writes nothing while the first holds the folder,
    then builds once it has finished."""
    import time
    out, cache_dir = tmp_path / "kits", tmp_path / "cache" / "images"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / ".kits.verrou"), "4"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "tenu"
    second = subprocess.Popen([sys.executable, "-m", "generator", "--content", str(FIXTURE), "kits", "--out", str(out),
                               "--cache", str(cache_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)  # validated and planned by now, waiting at the lock
    assert holder.poll() is None and second.poll() is None
    assert not out.exists() and not cache_dir.exists()  # nothing written while the first holds the folder
    holder.wait()
    stdout, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr
    assert f"Une autre construction écrit dans {out}/ : celle-ci attend qu’elle se termine…" in stderr
    assert (out / "index.md").is_file()


@pytest.mark.parametrize("edit, expected", [
    (lambda f: f.write_text(f.read_text(encoding="utf-8").replace("insee: '62019'", "insee: 010"), encoding="utf-8"),
     "aix-noulette.yml:7: champ « insee » : « 010 » n’a pas la forme attendue (cinq chiffres entre guillemets, par exemple \"62498\")"),
    (lambda f: f.write_text(f.read_text(encoding="utf-8") + "autre: !!python/object:os.system x\n", encoding="utf-8"),
     "erreur de syntaxe YAML : étiquette YAML (!!…) non acceptée"),
    (lambda f: f.write_text(f.read_text(encoding="utf-8") + "---\nnom: Autre\n", encoding="utf-8"),
     "erreur de syntaxe YAML : un seul document par fichier"),
    (lambda f: f.write_text(f.read_text(encoding="utf-8") + "autre: " + "[" * 300 + "]" * 300 + "\n", encoding="utf-8"),
     "aix-noulette.yml: imbrication trop profonde"),
    (lambda f: (f.parent / "dossier.yml").mkdir(), "dossier.yml: c’est un dossier, pas une fiche"),
])
def test_yaml_and_system_messages_are_in_the_projects_words(tmp_path: Path, edit, expected: str) -> None:
    import shutil
    from generator.errors import ContentErrors
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / "communes" / "aix-noulette.yml")
    with pytest.raises(ContentErrors) as caught:
        pipeline.validate(content)
    messages = [str(e) for e in caught.value.errors]
    assert any(expected in m for m in messages), messages
    assert not any(words in " ".join(messages) for words in ("constructor", "another document", "Is a directory", "nesting depth")), messages
