"""Validation of content/: every user mistake gives an exact French message, exit code 2, nothing written.

Each test copies the real content/ into a temporary folder, breaks one thing and runs
`python -m generator kits`: validation stops it before anything is planned or drawn, so the 92 real
records cost a tenth of a second, and the messages are checked among real neighbours (suggested names,
duplicates across records, the Grands sites). The accepted hostile names, which do build, are checked
on a copy of the fixture (tests/fixture/content). Tests marked xfail(strict=True) document known bugs: they
describe the behaviour we want and will start failing (XPASS) once the bug is fixed,
so that the marker gets removed.
"""

from __future__ import annotations

import re
import shutil
import traceback
from pathlib import Path

import pytest

from generator import pipeline
from generator.__main__ import main

from conftest import FIXTURE, copy_content, linked_copy

CONTENT = Path(__file__).resolve().parents[1] / "content"
SENTINEL_NAME = "sentinelle.txt"
SENTINEL_TEXT = "ancien kit, ne pas toucher\n"

CARVIN = "communes/carvin.yml"  # two elements (40, 50); no other record names Carvin
LENS = "communes/lens.yml"  # named in autres_communes by wingles.yml
ANHIERS = "communes/anhiers.yml"
OIGNIES = "communes/oignies.yml"  # holds 42A, 42B; 42A is a grand site in bien.yml

PHOTO = "  photos:\n  - fichier: {}\n    alt: Vue de l’élément\n    credit: Mairie\n    licence: CC BY-SA 4.0\n"
ELEMENT_40_LAST_LINE = "  source: S1:batis\n"  # last line of element 40, unique in carvin.yml


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A private copy of the real content/ tree, named `content` so messages read content/…"""
    dst = tmp_path / "content"
    shutil.copytree(CONTENT, dst)
    return dst


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A previous kits/ folder holding one sentinel file."""
    d = tmp_path / "kits"
    d.mkdir()
    (d / SENTINEL_NAME).write_text(SENTINEL_TEXT, encoding="utf-8")
    return d


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def edit(root: Path, rel: str, old: str, new: str) -> str:
    """Replace the single occurrence of `old` in a record; return the new text."""
    text = read(root, rel)
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    return write(root, rel, text.replace(old, new))


def line_of(text: str, needle: str, after: int = 0) -> int:
    """1-based number of the first line (after line `after`) that contains `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | None, str, str]:
    """Run the command line; a Python exception is turned into a 'Traceback' in stderr."""
    try:
        rc: int | None = main(argv)
    except Exception:  # noqa: BLE001 - a traceback is exactly what we are looking for
        rc = None
        captured = capsys.readouterr()
        return rc, captured.out, captured.err + "Traceback (most recent call last):\n" + traceback.format_exc()
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.fixture(autouse=True)
def private_image_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command's default cache: a folder of the test's own (the command prunes it), outside tmp_path."""
    cache = tmp_path_factory.mktemp("cache") / "images"
    monkeypatch.setattr(pipeline, "DEFAULT_CACHE", cache)
    return cache


@pytest.fixture
def fixture_root(tmp_path: Path, fixture_kits: Path, fixture_cache: Path, private_image_cache: Path) -> Path:
    """A private copy of the fixture, named `content`; the command's cache starts as a copy of the fixture's, warm."""
    linked_copy(fixture_cache, private_image_cache)
    return copy_content(FIXTURE, tmp_path / "content")


def kits(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int | None, str, str]:
    """Run `kits`; the drawing progress (shown when the session's cache is still cold) is set aside."""
    rc, stdout, err = run(["--content", str(root), "kits", "--out", str(out)], capsys)
    return rc, stdout, "".join(line for line in err.splitlines(keepends=True) if not line.startswith("Fabrication des images et documents : "))


def count_line(n: int) -> str:
    return f"{n} erreur{'s' if n > 1 else ''} ; rien n’a été écrit."


def assert_nothing_written(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == [SENTINEL_NAME]
    assert (out / SENTINEL_NAME).read_text(encoding="utf-8") == SENTINEL_TEXT
    assert sorted(p.name for p in out.parent.iterdir()) == ["content", "kits"], "staging folder left behind"


def refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run kits, check the failure contract, return the error lines (without the count line)."""
    rc, stdout, err = kits(root, out, capsys)
    assert "Traceback" not in err, err
    assert rc == 2, err
    assert stdout == ""
    lines = err.splitlines()
    assert lines, "no message at all"
    assert lines[-1] == count_line(len(lines) - 1), err
    assert_nothing_written(out)
    return lines[:-1]


def assert_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str], *expected: str) -> None:
    """Run kits and check the exact error lines, then the count line and that nothing was written."""
    assert refused(root, out, capsys) == list(expected)


def assert_one_error_at(root: Path, out: Path, capsys: pytest.CaptureFixture[str], prefix: str) -> str:
    """For bugs whose fixed wording is not decided yet: exactly one error, at the right place."""
    lines = refused(root, out, capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith(prefix), lines
    return lines[0]


# --------------------------------------------------------------------------- the untouched copy


def test_untouched_copy_is_valid(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, stdout, err = run(["--content", str(root), "valider"], capsys)
    assert (rc, err) == (0, "")
    assert stdout.startswith("content/ est valide : 92 communes, 353 éléments, 109 parties constitutives.")


# --------------------------------------------------------------------------- YAML syntax


def test_yaml_unclosed_quote_within_file(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An unclosed quote runs to the end of the file: only the hint can be checked here.
    edit(root, CARVIN, "nom: Carvin\n", 'nom: "Carvin\n')
    lines = refused(root, out, capsys)
    assert len(lines) == 1 and lines[0].startswith("content/communes/carvin.yml:")
    assert lines[0].endswith(": erreur de syntaxe YAML : guillemet non refermé")


def test_yaml_unclosed_quote_points_to_opening_line(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "nom: Carvin\n", 'nom: "Carvin\n')
    line = line_of(text, 'nom: "Carvin')
    assert_refused(root, out, capsys, f"content/communes/carvin.yml:{line}: erreur de syntaxe YAML : guillemet non refermé")


def test_yaml_tab_indentation(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "  composante: 1360-040\n", "\tcomposante: 1360-040\n")
    line = line_of(text, "\tcomposante")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: erreur de syntaxe YAML : tabulation interdite : indentez avec des espaces")


def test_yaml_colon_in_unquoted_value(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "lien: direct\n", "a: b: c\n")
    line = line_of(text, "a: b: c")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: erreur de syntaxe YAML : « : » inattendu ; "
                   "une valeur qui contient « : » doit être entre guillemets")


def test_yaml_duplicated_key(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\nnom: Carvin\n")
    first, second = line_of(text, "nom: Carvin"), line_of(text, "nom: Carvin", after=line_of(text, "nom: Carvin"))
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{second}: le champ « nom » apparaît deux fois (déjà ligne {first})")


def test_yaml_duplicated_key_inside_element(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "  longitude: 2.958221\n", "  longitude: 2.958221\n  latitude: 50.49\n")
    first = line_of(text, "latitude: 50.491451")
    second = line_of(text, "latitude: 50.49", after=first)
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{second}: le champ « latitude » apparaît deux fois (déjà ligne {first})")


def test_yaml_control_character_has_a_line(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\nnote: copié\x0bcollé\n")
    line = line_of(text, "note: copié")
    assert_one_error_at(root, out, capsys, f"content/communes/carvin.yml:{line}: ")


def test_several_syntax_errors_in_several_files(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    carvin = edit(root, CARVIN, "lien: direct\n", "a: b: c\n")
    anhiers = edit(root, ANHIERS, "lien: direct\n", "lien: direct\nlien: faible\n")
    assert_refused(root, out, capsys,
                   f"content/communes/anhiers.yml:{line_of(anhiers, 'lien: faible')}: le champ « lien » apparaît deux fois "
                   f"(déjà ligne {line_of(anhiers, 'lien: direct')})",
                   f"content/communes/carvin.yml:{line_of(carvin, 'a: b: c')}: erreur de syntaxe YAML : « : » inattendu ; "
                   "une valeur qui contient « : » doit être entre guillemets")


# --------------------------------------------------------------------------- required, typed, empty fields


@pytest.mark.parametrize("written", ['"50,4"', "50,4"])
def test_latitude_with_decimal_comma(root: Path, out: Path, capsys: pytest.CaptureFixture[str], written: str) -> None:
    text = edit(root, CARVIN, "  latitude: 50.491451\n", f"  latitude: {written}\n")
    message = assert_one_error_at(root, out, capsys,
                                  f"content/communes/carvin.yml:{line_of(text, 'latitude:')}: élément 40, champ « latitude » : ")
    assert "50.4" in message and "sans guillemets" not in message


def test_missing_required_list_in_bien(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = read(root, "bien.yml")
    start, end = text.index("grands_sites:\n"), text.index("liens:\n")
    text = write(root, "bien.yml", text[:start] + text[end:])
    assert_refused(root, out, capsys,
                   f"content/bien.yml:{line_of(text, 'nom: Bassin minier')}: champ obligatoire « grands_sites » manquant")


# --------------------------------------------------------------------------- unknown keys and choices


def test_unknown_key_with_accent(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "intercommunalite: CA", "intercommunalité: CA")
    # One message, not two: the field is not « missing » as well, it is mistyped.
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line_of(text, 'intercommunalité:')}: champ « intercommunalité » : "
                   "champ inconnu (vouliez-vous dire « intercommunalite » ?)")


def test_unknown_key_in_element(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "  latitude: 50.491451\n", "  lattitude: 50.491451\n")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line_of(text, 'lattitude:')}: élément 40, champ « lattitude » : "
                   "champ inconnu (vouliez-vous dire « latitude » ?)")


def test_element_that_is_not_a_mapping(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "elements:\n", "elements:\n- 42Z\n")
    message = assert_one_error_at(root, out, capsys, f"content/communes/carvin.yml:{line_of(text, '- 42Z')}: ")
    assert "fichier" not in message


# --------------------------------------------------------------------------- duplicates and file names


def _copy_carvin(root: Path, name: str) -> str:
    """A second record for Carvin, with fresh element codes so only the commune is duplicated."""
    text = read(root, CARVIN).replace("code: '40'", "code: '940'").replace("code: '50'", "code: '950'")
    return write(root, f"communes/{name}", text)


def test_duplicate_commune_in_a_misnamed_file(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _copy_carvin(root, "carvin2.yml")
    line = line_of(text, "nom: Carvin")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin2.yml:{line}: champ « nom » : le fichier devrait s’appeler carvin.yml pour « Carvin »",
                   f"content/communes/carvin2.yml:{line}: commune « Carvin » en double : déjà décrite dans content/communes/carvin.yml")


def test_duplicate_commune_blames_the_misnamed_file(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _copy_carvin(root, "carvin-bis.yml")
    line = line_of(text, "nom: Carvin")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin-bis.yml:{line}: champ « nom » : le fichier devrait s’appeler carvin.yml pour « Carvin »",
                   f"content/communes/carvin-bis.yml:{line}: commune « Carvin » en double : déjà décrite dans content/communes/carvin.yml")


def test_duplicate_element_code(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    carvin = edit(root, CARVIN, "code: '50'", "code: 42B")
    oignies = read(root, OIGNIES)
    assert_refused(root, out, capsys,
                   f"content/communes/oignies.yml:{line_of(oignies, 'code: 42B')}: élément 42B décrit deux fois : "
                   f"ici et dans content/communes/carvin.yml:{line_of(carvin, 'code: 42B')} ; gardez-le seulement dans la fiche de la commune qui le porte, et citez les autres dans « autres_communes »")


@pytest.mark.parametrize(("code", "existing"), [("42b", "42B"), ("42a", "42A")], ids=["element", "grand-site"])
def test_duplicate_code_differing_by_case(root: Path, out: Path, capsys: pytest.CaptureFixture[str], code: str, existing: str) -> None:
    """A lower-case copy of a code is one error of form and one duplicate; for a Grand site's element, no cascade."""
    carvin = edit(root, CARVIN, "code: '50'", f"code: {code}")
    oignies = read(root, OIGNIES)
    line = line_of(carvin, f"code: {code}")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: élément {code}, champ « code » : « {code} » n’a pas la forme attendue "
                   "(un nombre suivi de lettres majuscules, par exemple 42A)",
                   f"content/communes/oignies.yml:{line_of(oignies, f'code: {existing}')}: élément {existing} décrit deux fois : "
                   f"ici et dans content/communes/carvin.yml:{line} ; gardez-le seulement dans la fiche de la commune qui le porte, et citez les autres dans « autres_communes »")


# --------------------------------------------------------------------------- cross-references


def test_commune_without_element(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Carvin's elements move to Oignies (whose list ends the file), so no composante is orphaned.
    text = read(root, CARVIN)
    start = text.index("elements:\n")
    moved = text[start + len("elements:\n"):]
    text = write(root, CARVIN, text[:start] + "elements: []\n")
    write(root, OIGNIES, read(root, OIGNIES) + moved)
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line_of(text, 'nom: Carvin')}: la commune « Carvin » n’a aucun élément : "
                   "ajoutez-en un, ou citez-la dans « autres_communes » de l’élément qui la traverse")


# --------------------------------------------------------------------------- coordinates


def test_latitude_nan(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "latitude: 50.491451", "latitude: .nan")
    assert_one_error_at(root, out, capsys,
                        f"content/communes/carvin.yml:{line_of(text, 'latitude: .nan')}: élément 40, champ « latitude » : ")


# --------------------------------------------------------------------------- URLs and e-mail addresses


def test_site_web_mailto_is_accepted(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(root, CARVIN, ELEMENT_40_LAST_LINE, ELEMENT_40_LAST_LINE + "  site_web: mailto:patrimoine@carvin.fr\n")
    rc, stdout, err = run(["--content", str(root), "valider"], capsys)
    assert (rc, err) == (0, "")
    assert stdout.startswith("content/ est valide")


# --------------------------------------------------------------------------- file paths


def _add_photo(root: Path, fichier: str) -> int:
    text = edit(root, CARVIN, ELEMENT_40_LAST_LINE, ELEMENT_40_LAST_LINE + PHOTO.format(fichier))
    return line_of(text, "- fichier:")


def test_photo_leaving_content(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _add_photo(root, "../../etc/passwd")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: élément 40, photos[1], champ « fichier » : "
                   "« ../../etc/passwd » sort du dossier content/ ; donnez un chemin relatif à content/")


def test_photo_absolute_path(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _add_photo(root, "/etc/passwd")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: élément 40, photos[1], champ « fichier » : "
                   "« /etc/passwd » sort du dossier content/ ; donnez un chemin relatif à content/")


def test_photo_missing_file(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _add_photo(root, "photos/carvin/absente.jpg")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: élément 40, photos[1], champ « fichier » : "
                   "le fichier « photos/carvin/absente.jpg » n’existe pas dans content/")


def test_photo_oversized(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "photos").mkdir()
    with open(root / "photos" / "enorme.jpg", "wb") as f:
        f.truncate(21_000_000)  # sparse: no 21 MB actually written
    line = _add_photo(root, "photos/enorme.jpg")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: élément 40, photos[1], champ « fichier » : "
                   "le fichier « photos/enorme.jpg » est trop volumineux (21000000 octets ; maximum 20000000)")


def test_photo_empty_path(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _add_photo(root, "''")
    message = assert_one_error_at(root, out, capsys, f"content/communes/carvin.yml:{line}: élément 40, ")
    assert message.endswith("champ « fichier » : valeur vide")


# --------------------------------------------------------------------------- hostile files


def test_oversized_yaml_record(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(root, CARVIN, read(root, CARVIN) + "# " + "x" * 1_100_000 + "\n")
    size = (root / CARVIN).stat().st_size
    assert size > 1_000_000
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml: fichier trop volumineux ({size} octets ; maximum 1000000)")


def test_yaml_alias_bomb(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\n" + bomb)
    first, last = line_of(text, "a: &a"), line_of(text, "i: &i")
    lines = refused(root, out, capsys)
    assert len(lines) == 1, lines
    where, message = lines[0].split(": ", 1)
    assert where.startswith("content/communes/carvin.yml:") and first <= int(where.rsplit(":", 1)[1]) <= last
    assert message == "les alias YAML (*nom) ne sont pas acceptés ; recopiez la valeur"


@pytest.mark.xfail(strict=True, reason="load._Loader.construct_object: an alias inside a list is reported at the line of "
                                       "its anchor (&nom), not at the line of the alias (*nom) to remove")
def test_yaml_alias_in_a_list_points_to_the_alias(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, CARVIN, "  protection: Inscrit MH\n  source: S1:batis\n",
                "  protection: &p Inscrit MH\n  source: S1:batis\n  autres_communes:\n  - *p\n")
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line_of(text, '- *p')}: les alias YAML (*nom) ne sont pas acceptés ; "
                   "recopiez la valeur")


def test_non_utf8_file(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = read(root, CARVIN).replace("’", "'")
    (root / CARVIN).write_bytes(text.encode("latin-1"))
    line = next(n for n, l in enumerate(text.splitlines(), 1) if not l.isascii())
    assert_refused(root, out, capsys,
                   f"content/communes/carvin.yml:{line}: le fichier n’est pas encodé en UTF-8 ; réenregistrez-le en UTF-8")


# --------------------------------------------------------------------------- all errors at once


def test_several_errors_in_several_files(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    carvin = edit(root, CARVIN, ELEMENT_40_LAST_LINE, ELEMENT_40_LAST_LINE + "  site_web: ftp://x.fr\n")
    carvin = edit(root, CARVIN, "latitude: 50.491451", "latitude: 48.85")
    anhiers = edit(root, ANHIERS, "departement: Nord (59)\n", "departement: Nord\n")
    bien = edit(root, "bien.yml", 'element: "42A"', 'element: "42Z"')
    expected = [
        f"content/bien.yml:{line_of(bien, '42Z')}: grand site « Site du 9-9bis », champ « element » : "
        "aucune commune ne décrit l’élément 42Z",
        f"content/communes/anhiers.yml:{line_of(anhiers, 'departement:')}: champ « departement » : « Nord » "
        "n’est pas une valeur permise (vouliez-vous dire « Nord (59) » ?) ; "
        "valeurs permises : « Nord (59) », « Pas-de-Calais (62) »",
        f"content/communes/carvin.yml:{line_of(carvin, 'latitude: 48.85')}: élément 40, champ « latitude » : "
        "48.85 est hors du Bassin minier (attendu entre 50.25 et 50.65)",
        f"content/communes/carvin.yml:{line_of(carvin, 'site_web: ftp')}: élément 40, champ « site_web » : "
        "« ftp://x.fr » n’est pas une adresse web valide (http://, https:// ou mailto: attendu)",
    ]
    lines = refused(root, out, capsys)
    assert lines == expected
    key = [(l.split(":")[0], int(l.split(":")[1])) for l in lines]
    assert key == sorted(key)


def test_syntax_and_semantic_errors_reported_together(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    carvin = edit(root, CARVIN, "lien: direct\n", "a: b: c\n")
    anhiers = edit(root, ANHIERS, "departement: Nord (59)\n", "departement: Nord\n")
    assert_refused(root, out, capsys,
                   f"content/communes/anhiers.yml:{line_of(anhiers, 'departement:')}: champ « departement » : « Nord » "
                   "n’est pas une valeur permise (vouliez-vous dire « Nord (59) » ?) ; "
                   "valeurs permises : « Nord (59) », « Pas-de-Calais (62) »",
                   f"content/communes/carvin.yml:{line_of(carvin, 'a: b: c')}: erreur de syntaxe YAML : « : » inattendu ; "
                   "une valeur qui contient « : » doit être entre guillemets")


# --------------------------------------------------------------------------- hostile strings are data, not markup


HOSTILE = "<img src=x onerror=alert(1)>"


PLAIN_TEXT_BLOCK = re.compile(r"^````text\n.*?^````\n", re.S | re.M)


def _body(markdown: str) -> str:
    """The Markdown without its YAML front matter, nor the plain-text copies.

    A plain-text copy shows a name as it is written, in a code block that MkDocs escapes:
    that is where the raw string belongs, and the only place.
    """
    if markdown.startswith("---\n"):
        markdown = markdown.split("\n---\n", 1)[1]
    return PLAIN_TEXT_BLOCK.sub("", markdown)


SAINS = "communes/sains-en-gohelle.yml"


def test_hostile_name_is_valid_and_escaped(fixture_root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root
    edit(root, SAINS, "  nom: Groupe scolaire de la cité n°10\n", f"  nom: {HOSTILE}\n")
    rc, _stdout, err = kits(root, out, capsys)
    assert (rc, err) == (0, "")
    page = (out / "communes" / "sains-en-gohelle" / "page-patrimoine.md").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    pages = sorted(out.rglob("*.md"))
    assert len(pages) > 30
    assert not (out / SENTINEL_NAME).exists()
    for path in pages:
        assert "<img src=x" not in _body(path.read_text(encoding="utf-8")), path


def test_hostile_name_is_never_raw_in_kits(fixture_root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root
    edit(root, SAINS, "  nom: Groupe scolaire de la cité n°10\n", f"  nom: {HOSTILE}\n")
    rc, _stdout, err = kits(root, out, capsys)
    assert (rc, err) == (0, "")
    pages = sorted(out.rglob("*.md"))
    assert len(pages) > 30
    raw = [p.relative_to(out).as_posix() for p in pages if "<img src=x" in _body(p.read_text(encoding="utf-8"))]
    assert raw == []
    # The plain-text copy of the commune's page holds the name as text, inside its code block only.
    page = (out / "communes" / "sains-en-gohelle" / "page-patrimoine.md").read_text(encoding="utf-8")
    assert "<img src=x onerror=alert(1)>" in "".join(PLAIN_TEXT_BLOCK.findall(page))


# --------------------------------------------------------------------------- nested values of the wrong kind


# --------------------------------------------------------------------------- one edit, one message

# Each case edits one line of one record (old -> new) and expects exactly one message, at the
# line holding `needle`. Cases that need more than one edit or several messages stay tests of their own.
SINGLE_EDIT_CASES = [
    pytest.param("bien.yml", "  - date: 2026-11-25\n", "  - date: 1975-11-25\n", "  - date: 1975",
                 'version, champ « date » : 1975-11-25 est hors des dates possibles (de 1980 à 2107, celles d’une archive ZIP)',
                 id='data_version_before_zip_dates'),
    pytest.param("bien.yml", "    titre: Première version de la boîte à outils\n",
                 "    titre: Première version de la boîte à outils\n    communes: [lenss]\n", "communes: [lenss]",
                 'version du 2026-11-25, champ « communes » : aucune fiche communes/lenss.yml (vouliez-vous dire « lens » ?)',
                 id='data_version_unknown_commune'),
    pytest.param(CARVIN, "insee: '62215'\n", "", 'nom: Carvin',
                 'champ obligatoire « insee » manquant',
                 id='missing_required_field'),
    pytest.param(LENS, "insee: '62498'\n", "", 'nom: Lens',
                 'champ obligatoire « insee » manquant',
                 id='missing_required_field_in_a_commune_cited_elsewhere'),
    pytest.param(CARVIN, "insee: '62215'\n", "insee: 62215\n", 'insee:',
                 'champ « insee » : du texte est attendu, pas un nombre entier ; mettez-le entre guillemets : "62215"',
                 id='insee_unquoted_integer'),
    pytest.param(CARVIN, "  latitude: 50.491451\n", '  latitude: "50.491451"\n', 'latitude:',
                 'élément 40, champ « latitude » : un nombre est attendu sans guillemets : 50.491451, pas du texte',
                 id='latitude_quoted'),
    pytest.param(CARVIN, "intercommunalite: CA d'Hénin-Carvin\n", "intercommunalite: ''\n", 'intercommunalite:',
                 'champ « intercommunalite » : valeur vide',
                 id='empty_required_value_quoted'),
    pytest.param(CARVIN, "  nom: Hôtel de ville\n", "  nom:\n", '  nom:',
                 'élément 40, champ « nom » : valeur obligatoire vide',
                 id='empty_required_value_in_element'),
    pytest.param(CARVIN, "intercommunalite: CA d'Hénin-Carvin\n", "intercommunalite:\n", 'intercommunalite:',
                 'champ « intercommunalite » : valeur obligatoire vide',
                 id='empty_required_value'),
    pytest.param(CARVIN, "departement: Pas-de-Calais (62)\n", "departement: Nord\n", 'departement:',
                 'champ « departement » : « Nord » n’est pas une valeur permise (vouliez-vous dire « Nord (59) » ?) ; valeurs permises : « Nord (59) », « Pas-de-Calais (62) »',
                 id='value_not_in_choices'),
    pytest.param(CARVIN, "nom: Carvin\n", "nom: Carvain\n", 'nom: Carvain',
                 'champ « nom » : le fichier devrait s’appeler carvain.yml pour « Carvain »',
                 id='file_name_does_not_match_nom'),
    pytest.param(CARVIN, ELEMENT_40_LAST_LINE, ELEMENT_40_LAST_LINE + "  autres_communes:\n  - Libercour\n", '- Libercour',
                 'élément 40, champ « autres_communes » : la commune « Libercour » n’a pas de fiche dans communes/ (vouliez-vous dire « Libercourt » ?)',
                 id='unknown_commune_in_autres_communes'),
    pytest.param(CARVIN, "composante: 1360-040", "composante: 1360-140", '1360-140',
                 'élément 40, champ « composante » : 1360-140 n’est pas déclarée dans composantes.yml',
                 id='undeclared_composante'),
    pytest.param(CARVIN, "  type: hôtel de ville\n", "  type: hotel de ville\n", 'type: hotel',
                 'élément 40, champ « type » : « hotel de ville » n’est pas défini dans types.yml (vouliez-vous dire « hôtel de ville » ?)',
                 id='type_not_in_types_yml'),
    pytest.param("bien.yml", 'element: "42A"', 'element: "42Z"', '42Z',
                 'grand site « Site du 9-9bis », champ « element » : aucune commune ne décrit l’élément 42Z',
                 id='grand_site_with_unknown_element'),
    pytest.param(CARVIN, "latitude: 50.491451", "latitude: 48.85", 'latitude: 48.85',
                 'élément 40, champ « latitude » : 48.85 est hors du Bassin minier (attendu entre 50.25 et 50.65)',
                 id='latitude_outside_mining_basin'),
    pytest.param(CARVIN, "longitude: 2.958221", "longitude: 4.85", 'longitude: 4.85',
                 'élément 40, champ « longitude » : 4.85 est hors du Bassin minier (attendu entre 2.2 et 3.7)',
                 id='longitude_outside_mining_basin'),
    pytest.param(CARVIN, ELEMENT_40_LAST_LINE, ELEMENT_40_LAST_LINE + "  site_web: ftp://x.fr\n", 'site_web: ftp',
                 'élément 40, champ « site_web » : « ftp://x.fr » n’est pas une adresse web valide (http://, https:// ou mailto: attendu)',
                 id='site_web_ftp'),
    pytest.param(CARVIN, "lien: direct\n", "lien: direct\nsite_web: javascript:alert(1)\n", 'site_web:',
                 'champ « site_web » : « javascript:alert(1) » n’est pas une adresse web valide (http://, https:// ou mailto: attendu)',
                 id='site_web_javascript'),
    pytest.param(CARVIN, "lien: direct\n", "lien: direct\ncontact_presse:\n  nom: Service communication\n  courriel: mairie@carvin\n", 'courriel:',
                 '« contact_presse », champ « courriel » : « mairie@carvin » n’est pas une adresse électronique valide',
                 id='courriel_invalid'),
    pytest.param(CARVIN, "lien: direct\n", "lien: &l direct\nnote: *l\n", 'note: *l',
                 'les alias YAML (*nom) ne sont pas acceptés ; recopiez la valeur',
                 id='yaml_alias_as_a_value'),
    pytest.param(CARVIN, "lien: direct\n", "lien: direct\ncontact_presse: Mairie\n", 'contact_presse:',
                 'champ « contact_presse » : des champs sont attendus en dessous, un par ligne et décalés de deux espaces (« nom: valeur »), pas du texte',
                 id='contact_that_is_not_a_mapping'),
    pytest.param(CARVIN, ELEMENT_40_LAST_LINE, ELEMENT_40_LAST_LINE + "  photos: [vue.jpg]\n", 'photos:',
                 'élément 40, « photos »[1] : des champs « nom: valeur » sont attendus après le « - », pas du texte',
                 id='photo_that_is_not_a_mapping'),
    pytest.param("bien.yml", "  - nom: Base 11/19\n", "  - site_web: https://www.exemple.fr\n", 'site_web: https://www.exemple.fr',
                 '« grands_sites »[4], champ obligatoire « nom » manquant',
                 id='grand_site_without_name'),
    pytest.param("bien.yml", "    source: base_11_19\n", "    source: base_1119\n", 'source: base_1119',
                 'grand site « Base 11/19 », champ « source » : la clé base_1119 n’est pas déclarée dans « sources »',
                 id='grand_site_source_not_declared'),
]


@pytest.mark.parametrize(("rel", "old", "new", "needle", "message"), SINGLE_EDIT_CASES)
def test_single_edit_is_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str],
                                rel: str, old: str, new: str, needle: str, message: str) -> None:
    text = edit(root, rel, old, new)
    assert_refused(root, out, capsys, f"content/{rel}:{line_of(text, needle)}: {message}")


def test_a_grand_site_presentation_names_its_source(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(root, "bien.yml", "    source: base_11_19\n", "")
    key_line = line_of(text, "Promise à la démolition") - 1  # the folded text starts under its key
    assert_refused(root, out, capsys,
                   f"content/bien.yml:{key_line}: grand site « Base 11/19 », champ « presentation » : une présentation publiée "
                   "nomme la source de ses faits : ajoutez « source », la clé d’une source déclarée dans « sources »")


# --------------------------------------------------------------------------- rendez-vous and the releases' room

JEP = ("rendez_vous:\n- occasion: journees-du-patrimoine\n  date: {date}\n  heure: 14 h 30\n  titre: {titre}\n"
       "  lieu: devant la mairie\n")


def test_a_rendez_vous_outside_its_release_s_occasion_is_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The data's date is 2026-11-25: the next heritage weekend is 18 and 19 September 2027, announced on the 8th; the
    12th is not in it; a day before the data's date is past (a past rendez-vous is not published, it is removed)."""
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\n" + JEP.format(date="2027-09-12", titre="Visite de la cité")
                + "- occasion: journees-du-patrimoine\n  date: 2027-09-19\n  titre: Balade\n"
                + "- occasion: journees-du-patrimoine\n  date: 2026-09-19\n  titre: Déjà passée\n")
    assert_refused(root, out, capsys,
                   f"content/{CARVIN}:{line_of(text, 'date: 2027-09-12')}: rendez-vous « Visite de la cité », champ « date » : "
                   "le 2027-09-12 n’est pas pendant les Journées européennes du patrimoine : le prochain communiqué « Journées "
                   "européennes du patrimoine », daté du 2027-09-08, annonce ce qui a lieu du 2027-09-18 au 2027-09-19",
                   f"content/{CARVIN}:{line_of(text, 'date: 2026-09-19')}: rendez-vous « Déjà passée », champ « date » : "
                   "le 2026-09-19 est passé à la date des données (2026-11-25, la plus récente des « versions » de bien.yml) : "
                   "retirez ce rendez-vous de la fiche")


def test_more_rendez_vous_than_a_release_holds_are_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    four = "".join(JEP.format(date="2027-09-18", titre=f"Visite {n}").replace("rendez_vous:\n", "") for n in range(1, 5))
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\nrendez_vous:\n" + four)
    assert_refused(root, out, capsys,
                   f"content/{CARVIN}:{line_of(text, '- occasion', after=line_of(text, 'titre: Visite 3'))}: rendez-vous « Visite 4 » : "
                   "plus de 3 rendez-vous pour le communiqué « Journées européennes du patrimoine » : gardez les principaux, pour qu’il tienne sur "
                   "une page, et renvoyez au programme complet par « lien »")


def test_own_words_beyond_a_release_s_room_are_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The quote is in every release: with it, the heritage weekend's rendez-vous overflow that release only."""
    quote = "citation_maire:\n  texte: " + "Ce patrimoine est le nôtre. " * 10 + "\n  auteur: Jeanne Martin\n"
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\n" + quote + JEP.format(date="2027-09-18", titre="Visite " * 14))
    assert_refused(root, out, capsys,
                   f"content/{CARVIN}:{line_of(text, '- occasion')}: communiqué « Journées européennes du patrimoine » : la "
                   "citation du maire et 1 rendez-vous y prennent 515 signes (en comptant la place de chaque date, de chaque lien "
                   "et de la signature), pour 500 au plus : raccourcissez l’un d’eux pour que le communiqué tienne sur une page ; "
                   "le programme complet peut se lire par le « lien » d’un rendez-vous")


def test_a_quote_too_long_for_every_release_is_said_once(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quote = ("citation_maire:\n  texte: " + "Ce patrimoine est le nôtre. " * 14 + "\n  auteur: Jeanne Martin\n"
             "  fonction: Maire de Carvin, présidente de la communauté d’agglomération d’Hénin-Carvin\n")
    text = edit(root, CARVIN, "lien: direct\n", "lien: direct\n" + quote)
    assert_refused(root, out, capsys,
                   f"content/{CARVIN}:{line_of(text, 'citation_maire:')}: champ « citation_maire » : la citation du maire prend "
                   "509 signes dans chaque communiqué (en comptant la signature), pour 500 au plus : raccourcissez-la, pour que "
                   "les communiqués tiennent sur une page")


# --------------------------------------------------------------------------- images


def _png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 255)).save(buf, format="PNG")
    return buf.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge image: decoding it would exhaust memory."""
    import struct
    import zlib

    raw = _png_bytes((1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return raw[:8] + chunk + raw[8 + 25:]


def test_bad_images_are_refused_each_with_its_file_line_and_field(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Corrupt, truncated, bomb, unsupported and outside: every one reported at once, nothing written."""
    from PIL import Image

    (root / "logos").mkdir()
    (root / "logos" / "lens.png").write_bytes(_png_bytes((400, 300))[:300])
    (root / "logos" / "lievin.png").write_text("ceci n’est pas une image", encoding="utf-8")
    (root / "logos" / "douai.png").write_bytes(_bomb_png(30000, 30000))
    Image.new("RGB", (20, 20)).save(root / "logos" / "auby.gif")
    records = {"lens": "logos/lens.png", "lievin": "logos/lievin.png", "douai": "logos/douai.png", "auby": "logos/auby.gif", "annay": "../dehors.png"}
    for slug, rel in records.items():
        edit(root, f"communes/{slug}.yml", "lien: direct\n", f"lien: direct\nlogo: {rel}\n")
    rc, stdout, err = kits(root, out, capsys)
    assert rc == 2 and stdout == "" and "Traceback" not in err
    line = lambda slug: line_of(read(root, f"communes/{slug}.yml"), "logo:")  # noqa: E731
    expected = [
        f"content/communes/annay.yml:{line('annay')}: champ « logo » : « ../dehors.png » sort du dossier content/",
        f"content/communes/auby.yml:{line('auby')}: champ « logo » : « logos/auby.gif » : format GIF non accepté",
        f"content/communes/douai.yml:{line('douai')}: champ « logo » : « logos/douai.png » : l’image est trop grande (30\u202f000 × 30\u202f000 pixels, soit 900\u202f000\u202f000 pixels",
        f"content/communes/lens.yml:{line('lens')}: champ « logo » : « logos/lens.png » : l’image est tronquée",
        f"content/communes/lievin.yml:{line('lievin')}: champ « logo » : « logos/lievin.png » : le fichier n’est pas une image",
    ]
    for message in expected:
        assert message in err, f"{message!r} missing from:\n{err}"
    assert err.rstrip().endswith(count_line(5))
    assert_nothing_written(out)


def test_a_font_that_is_not_a_font_is_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(root, "marque/polices/SourceSansPro-Bold.ttf", "pas une police")
    rc, _stdout, err = kits(root, out, capsys)
    line = line_of(read(root, "marque.yml"), "titres:")
    assert rc == 2
    assert f"content/marque.yml:{line}: polices, champ « titres » : « marque/polices/SourceSansPro-Bold.ttf » n’est pas une police TrueType ou OpenType lisible" in err
    assert_nothing_written(out)


def test_official_brand_files_must_share_proportions(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    (root / "marque" / "officiel").mkdir()
    for name, size in (("couleur", (1200, 600)), ("noir_blanc", (1200, 600)), ("negatif", (900, 600))):
        Image.new("RGBA", size, (0, 0, 0, 255)).save(root / "marque" / "officiel" / f"{name}.png")
    text = write(root, "marque.yml", read(root, "marque.yml") + "logo_officiel:\n" + "".join(
        f"  {v}: marque/officiel/{v}.png\n" for v in ("couleur", "noir_blanc", "negatif")))
    rc, _stdout, err = kits(root, out, capsys)
    assert rc == 2
    assert err == (f"content/marque.yml:{line_of(text, '  negatif: marque/officiel/negatif.png')}: logo_officiel, champ « negatif » : ce fichier (900 × 600 pixels) "
                   f"n’a pas les proportions de la version en couleurs (1200 × 600 pixels)\n{count_line(1)}\n")
    assert_nothing_written(out)


def test_two_photos_that_would_share_their_derivatives_are_refused(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    (root / "photos").mkdir()
    Image.new("RGB", (900, 600), (90, 90, 90)).save(root / "photos" / "chevalement.jpg")
    Image.new("RGB", (900, 600), (20, 20, 20)).save(root / "photos" / "chevalement.png")
    photo = "  - fichier: photos/chevalement.{}\n    alt: Le chevalement\n    credit: Mairie\n    licence: CC BY 4.0\n"
    text = edit(root, "communes/conde-sur-l-escaut.yml", "  nom: Chevalement Ledoux\n",
                "  nom: Chevalement Ledoux\n  photos:\n" + photo.format("jpg") + photo.format("png"))
    rc, _stdout, err = kits(root, out, capsys)
    first, second = line_of(text, "chevalement.jpg"), line_of(text, "chevalement.png")
    assert rc == 2
    assert err == (f"content/communes/conde-sur-l-escaut.yml:{second}: élément 8C, photos[2], champ « fichier » : "
                   f"« photos/chevalement.png » et « photos/chevalement.jpg » (content/communes/conde-sur-l-escaut.yml:{first}) "
                   f"donneraient les mêmes fichiers dans les kits ; renommez l’un des deux\n{count_line(1)}\n")
    assert_nothing_written(out)


def test_an_empty_record_is_said_once(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty file (or one of comments only): what to do, and no cascade where other records cite the commune."""
    write(root, CARVIN, "# Fiche de la commune : Carvin.\n")
    assert_refused(root, out, capsys,
                   "content/communes/carvin.yml:1: fichier : le fichier est vide (ou ne contient que des commentaires) ; "
                   "recopiez-y une fiche existante et modifiez-la (content/README.md, partie 3)")


def test_a_component_with_a_mistake_is_not_said_undeclared(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = read(root, "composantes.yml")
    first = text.index("  numero:")
    write(root, "composantes.yml", text[:first] + text[text.index("\n", first) + 1:])
    rc, _stdout, err = kits(root, out, capsys)
    assert rc == 2
    assert "champ obligatoire « numero » manquant" in err and "n’est pas déclarée" not in err
    assert_nothing_written(out)


def test_a_yaml_extension_is_named(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / CARVIN).rename(root / "communes" / "carvin.yaml")
    rc, _stdout, err = kits(root, out, capsys)
    assert rc == 2
    assert err.startswith("content/communes/carvin.yaml: extension « .yaml » non lue ; renommez le fichier « carvin.yml »\n")


def test_the_command_line_answers_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["valide"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : python -m generator")
    assert "Erreur : commande inconnue « valide » (vouliez-vous dire « valider » ?)" in err
    with pytest.raises(SystemExit):
        main(["--help"])
    said = capsys.readouterr().out
    assert "afficher cette aide et quitter" in said and "show this help" not in said and "usage:" not in said


def test_a_folder_named_with_a_capital_is_said_once(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "communes").rename(root / "Communes")
    rc, _stdout, err = kits(root, out, capsys)
    assert rc == 2
    assert err.splitlines()[0] == "content/Communes/: dossier « Communes » : renommez-le « communes », en minuscules"
    assert "fichier inattendu" not in err
    assert_nothing_written(out)


def test_a_word_file_renamed_yml_is_named(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / CARVIN).write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    rc, _stdout, err = kits(root, out, capsys)
    assert rc == 2
    assert err.startswith("content/communes/carvin.yml: ce n’est pas une fiche texte mais un document Word, un tableur ou "
                          "une archive ZIP renommé en .yml")


def test_versions_out_of_order_name_the_entry(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = read(root, "bien.yml")
    start = text.index("versions:\n") + len("versions:\n")
    entry = "  - date: 2030-01-01\n    titre: Une mise à jour mal placée\n    description: Elle devrait être en haut.\n"
    end = text.index("\n  - date:", start + 1) + 1 if "\n  - date:" in text[start + 1:] else len(text)
    write(root, "bien.yml", text[:end] + entry + text[end:])
    rc, _stdout, err = kits(root, out, capsys)
    assert rc == 2
    line = line_of(read(root, "bien.yml"), "date: 2030-01-01")
    assert f"content/bien.yml:{line}: champ « versions » : l’entrée du 2030-01-01 est plus récente que celle du dessus" in err
