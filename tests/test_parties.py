"""make import-parties: each component part's official perimeter, from the Mission's GIS layer « Bien Inscrit UNESCO
BM » (S1), read from a small extract in its real format (tests/fixture/perimetre/: part 87's feature as published),
checked by `valider`, and drawn on the maps. Nothing is downloaded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, copy_content
from test_annuaire import _replace
from generator import pipeline
from generator.__main__ import main
from generator.errors import ContentErrors
from generator.site import maps

EXTRACT = Path(__file__).resolve().parent / "fixture" / "perimetre" / "bien-inscrit.geojson"
PART = "1360-087"


def test_the_import_writes_each_part_s_perimeter_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """From the fixture without its perimeter: the import writes it (the fixture's own file), a second run changes nothing."""
    content = copy_content(FIXTURE, tmp_path / "content")
    shutil.rmtree(content / "parties")
    assert main(["--content", str(content), "importer-parties", str(EXTRACT)]) == 0
    assert f"parties/{PART}.geojson" in capsys.readouterr().out
    written = (content / "parties" / f"{PART}.geojson").read_bytes()
    assert written == (FIXTURE / "parties" / f"{PART}.geojson").read_bytes()
    feature = json.loads(written)
    assert feature["properties"] == {"id": PART, "numero": 87, "nom": "Cité n°10 de Béthune", "source": "S1"}
    assert feature["geometry"]["type"] == "Polygon" and len(written) < 4000
    assert pipeline.import_perimeter(EXTRACT, content) == []


@pytest.mark.parametrize("properties, geometry, message", [
    ({"no_element": "88"}, None, "bien-inscrit.geojson: partie nº 88 : absente de composantes.yml ; relancez d’abord make import"),
    ({"no_element": "87"}, {"type": "Polygon", "coordinates": [[[2.6, 50.4], [2.7, 50.5], [2.7, 50.4], [2.6, 50.5], [2.6, 50.4]]]},
     "objet 2 (partie nº 87) : ce n’est pas un polygone valide"),
    ({"nom": "sans numéro"}, None, "objet 2 : pas de numéro de partie constitutive (« no_element »)"),
])
def test_a_bad_layer_is_refused_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       properties: dict, geometry: dict | None, message: str) -> None:
    content = copy_content(FIXTURE, tmp_path / "content")
    shutil.rmtree(content / "parties")
    layer = json.loads(EXTRACT.read_text(encoding="utf-8"))
    extra = {**layer["features"][0], "properties": properties}
    if geometry:
        extra["geometry"] = geometry
    layer["features"].append(extra)
    source = tmp_path / "bien-inscrit.geojson"
    source.write_text(json.dumps(layer), encoding="utf-8")
    assert main(["--content", str(content), "importer-parties", str(source)]) == 2
    err = capsys.readouterr().err
    assert message in err and "rien n’a été écrit" in err and "Traceback" not in err, err
    assert not (content / "parties").exists()


def test_an_unreadable_layer_is_said_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(FIXTURE, tmp_path / "content")
    (tmp_path / "vide.geojson").write_text("", encoding="utf-8")
    assert main(["--content", str(content), "importer-parties", str(tmp_path / "vide.geojson")]) == 2
    err = capsys.readouterr().err
    assert "vide.geojson: fichier illisible" in err and "Traceback" not in err


@pytest.mark.parametrize("edit, message", [
    (lambda c: shutil.copy(c / "parties" / f"{PART}.geojson", c / "parties" / "1360-063.geojson"),
     "content/parties/1360-063.geojson: aucune partie constitutive 1360-063 dans composantes.yml pour ce périmètre ; "
     "supprimez-le ou relancez make import-parties"),
    (lambda c: _replace(c / "parties" / f"{PART}.geojson", '"source":"S1"', '"source":"S9"'),
     "content/parties/1360-087.geojson: source : la source 'S9' n’est pas déclarée dans bien.yml"),
    # 87B moved 931 m south and its commune's outline removed: only its part's perimeter can tell.
    (lambda c: (_replace(c / "communes" / "sains-en-gohelle.yml", "  latitude: 50.43917\n", "  latitude: 50.42917\n"),
                shutil.rmtree(c / "contours")),
     "content/communes/sains-en-gohelle.yml:51: élément 87B, champs « latitude » et « longitude » : le point (50.42917, 2.68333) "
     "est à 8"),
])
def test_the_perimeters_are_checked(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    content = copy_content(FIXTURE, tmp_path / "content")
    edit(content)
    with pytest.raises(ContentErrors) as caught:
        pipeline.validate(content)
    assert any(message in str(e) for e in caught.value.errors), [str(e) for e in caught.value.errors]


def test_the_maps_draw_the_perimeter_and_say_so(fixture_site) -> None:  # type: ignore[no-untyped-def]
    commune = fixture_site.communes["sains-en-gohelle"]
    svg = maps.commune_map(fixture_site, commune)
    assert svg.count(f'fill="{maps.PERIMETER_FILL}"') == 2  # the part, and its swatch in the legend
    assert maps.PERIMETER_LABEL in svg
    assert "Le périmètre officiel du Bien inscrit y figure en rose." in maps.commune_map_text(fixture_site, commune)
    element = fixture_site.elements["87B"]
    assert f'fill="{maps.PERIMETER_FILL}"' in maps.element_map(fixture_site, element)
    assert "dans le périmètre officiel de sa partie constitutive (en rose)" in maps.element_map_text(fixture_site, element)
    # Without the perimeters, neither the maps nor their texts mention them.
    bare = pipeline.validate(_without_parties(fixture_site.content_dir))
    assert maps.PERIMETER_LABEL not in maps.commune_map(bare, bare.communes["sains-en-gohelle"])
    assert "rose" not in maps.commune_map_text(bare, bare.communes["sains-en-gohelle"])


def _without_parties(content: Path) -> Path:
    import tempfile
    copy = copy_content(content, Path(tempfile.mkdtemp()) / "content")
    shutil.rmtree(copy / "parties")
    return copy
