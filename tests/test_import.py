"""The import rebuilds records from the GIS export and never loses a field written by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.__main__ import main

ROOT = Path(__file__).resolve().parent.parent

ELEMENTS = """\
component_id,element_name,element_type,commune,lat,lon,source,element_code,component_number,component_name,mining_company_section,communes_all,insee,subtype,terril_no,length_m,mh_protection,coord_method
1360-008,Cavalier Vieux-Condé – Condé-sur-l'Escaut,cavalier (ancienne voie ferrée minière),Vieux-Condé,50.470866,3.572469,S1:cavaliers,8A,8,Chabaud-Latour,Compagnie des mines d'Anzin,Vieux-Condé; Condé-sur-l'Escaut,59616,cavalier,,4800,,x
1360-008,Chevalement Ledoux,chevalement,Condé-sur-l'Escaut,50.456179,3.61941,S1:batis,8C,8,Chabaud-Latour,Compagnie des mines d'Anzin,Condé-sur-l'Escaut,59153,Chevalement,,,Inscrit MH,x
"""
COMPONENTS = """\
component_id,component_number,component_name,mining_company_section,section_no,area_ha,element_count,element_codes,element_types,communes,departments,lat,lon,coord_method,source
1360-008,8,Chabaud-Latour,Compagnie des mines d'Anzin,1,120.5,2,8A 8C,x,x,59,50.46,3.59,x,x
"""
COMMUNES = """\
name,insee,department,intercommunality,source,epci_siren,link,element_count,component_ids,note
Condé-sur-l'Escaut,59153,Nord (59),CA Valenciennes Métropole,S1,245901160,elements located in commune,2,1360-008,
Vieux-Condé,59616,Nord (59),CA de la Porte du Hainaut,S1,200041788,weak: only crossed by cavalier 8A,1,1360-008,
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    src = tmp_path / "export"
    src.mkdir()
    (src / "elements.csv").write_text(ELEMENTS, encoding="utf-8")
    (src / "components.csv").write_text(COMPONENTS, encoding="utf-8")
    (src / "communes.csv").write_text(COMMUNES, encoding="utf-8")
    return src


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with the shared files but no commune record yet."""
    root = tmp_path / "content"
    root.mkdir()
    for name in ("bien.yml", "marque.yml", "types.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    shutil.copytree(ROOT / "content" / "marque", root / "marque")
    text = (root / "bien.yml").read_text(encoding="utf-8")
    # This small export holds none of the Grands sites nor these offices: keep bien.yml consistent with it.
    head, _, rest = text.partition("grands_sites:\n")
    _, _, tail = rest.partition("\nliens:\n")
    tail = tail.split("\noffices_de_tourisme:")[0] + "\nsources:" + tail.split("\nsources:")[1]
    (root / "bien.yml").write_text(head + "grands_sites: []\n\nliens:\n" + tail, encoding="utf-8")
    return root


def test_import_creates_valid_records(export: Path, content: Path) -> None:
    changed = pipeline.import_records(export, content)
    assert changed == ["communes/conde-sur-l-escaut.yml", "communes/vieux-conde.yml", "composantes.yml"]
    site = pipeline.validate(content)
    assert site.elements["8A"].communes == ("vieux-conde", "conde-sur-l-escaut")
    assert site.communes["vieux-conde"].lien == "faible"
    assert site.communes["vieux-conde"].note_lien == "seulement traversée par le cavalier 8A"
    # The shared element is written once, in its holder's record only.
    assert "8A" in (content / "communes/vieux-conde.yml").read_text(encoding="utf-8")
    assert "code: 8A" not in (content / "communes/conde-sur-l-escaut.yml").read_text(encoding="utf-8")


def test_second_import_changes_nothing(export: Path, content: Path) -> None:
    pipeline.import_records(export, content)
    before = {p: p.read_bytes() for p in content.rglob("*.yml")}
    assert pipeline.import_records(export, content) == []
    assert {p: p.read_bytes() for p in content.rglob("*.yml")} == before


def test_import_keeps_editorial_fields(export: Path, content: Path) -> None:
    pipeline.import_records(export, content)
    record = content / "communes/conde-sur-l-escaut.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("lien: direct\n", "lien: direct\nsite_web: https://www.example.fr\npresentation: Texte rédigé à la main.\n")
    text = text.replace("  protection: Inscrit MH\n", "  protection: Inscrit MH\n  description: Le chevalement domine la cité.\n")
    record.write_text(text, encoding="utf-8")
    # The GIS export changes a fact: the importer takes it, and keeps what was written by hand.
    (export / "elements.csv").write_text(ELEMENTS.replace("Chevalement Ledoux", "Chevalement Ledoux (fosse)"), encoding="utf-8")
    assert pipeline.import_records(export, content) == ["communes/conde-sur-l-escaut.yml"]
    site = pipeline.validate(content)
    assert site.communes["conde-sur-l-escaut"].presentation == "Texte rédigé à la main."
    assert site.communes["conde-sur-l-escaut"].site_web == "https://www.example.fr"
    assert site.elements["8C"].nom == "Chevalement Ledoux (fosse)"
    assert site.elements["8C"].description == "Le chevalement domine la cité."


def test_import_refuses_to_drop_editorial_fields(export: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipeline.import_records(export, content)
    record = content / "communes/conde-sur-l-escaut.yml"
    text = record.read_text(encoding="utf-8").replace("  protection: Inscrit MH\n", "  protection: Inscrit MH\n  visite: Visible depuis la rue.\n")
    record.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines, 1) if l == "- code: 8C")
    (export / "elements.csv").write_text("\n".join(ELEMENTS.splitlines()[:2]) + "\n", encoding="utf-8")
    before = record.read_bytes()
    assert main(["--content", str(content), "importer", str(export)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"content/communes/conde-sur-l-escaut.yml:{line}: élément 8C : absent de l’export mais porte des champs rédigés à la main ; déplacez-les ou supprimez-les avant l’import",
        "1 erreur ; rien n’a été écrit.",
    ]
    assert record.read_bytes() == before


def test_import_reports_missing_columns(export: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (export / "communes.csv").write_text("name,insee\nLens,62498\n", encoding="utf-8")
    assert main(["--content", str(content), "importer", str(export)]) == 2
    err = capsys.readouterr().err
    assert f"{export.as_posix()}/communes.csv:1: colonne(s) manquante(s) : department, intercommunality, epci_siren, link" in err
    assert not (content / "communes").exists()


def test_shipped_records_are_what_the_import_produces() -> None:
    """content/ is exactly what the import gives from the original export (plus hand-written fields)."""
    src = ROOT.parent / "shared" / "data"
    if not (src / "elements.csv").exists():
        pytest.skip("the original GIS export is not beside the repository")
    from generator.content import importer

    records = importer.build_records(src, ROOT / "content")
    for rel, text in records.items():
        assert (ROOT / "content" / rel).read_text(encoding="utf-8") == text, rel
