"""The shipped content validates and every element lands in exactly the right kits."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from generator import pipeline
from generator.site import plan
from generator.content.model import Site
from generator.site.wording import typo

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SHARED_DATA = ROOT.parent / "shared" / "data"
LINK = re.compile(r"\]\(\.\./\.\./elements/([0-9a-z]+)\.md\)")


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_shipped_content_counts(site: Site) -> None:
    assert len(site.elements) == site.bien.nombre_elements == 353
    assert len(site.composantes) == site.bien.nombre_composantes == 109
    assert len(site.communes) == 92
    assert sum(c.lien == "faible" for c in site.communes.values()) == 5
    assert len(site.communes) - 5 == site.bien.nombre_communes


def test_every_element_in_exactly_its_communes_kits(site: Site, kits: Path) -> None:
    expected: dict[str, set[str]] = {slug: set() for slug in site.communes}
    for e in site.elements.values():
        for slug in e.communes:
            expected[slug].add(e.slug)
    assert sum(len(v) for v in expected.values()) > 353  # shared elements count in several kits
    for slug in site.communes:
        kit = kits / "communes" / slug
        for page in ("page-patrimoine.md", "index.md"):
            text = (kit / page).read_text(encoding="utf-8")
            if page == "index.md":  # its useful links also name the five Grands sites: the list of its elements only
                text = text.split("\n## Les éléments de ", 1)[1].split("\n## ", 1)[0]
            found = set(LINK.findall(text))
            assert found == expected[slug], f"{slug}/{page}"


@pytest.mark.skipif(not (SHARED_DATA / "elements.csv").exists(), reason="the original GIS export is not beside the repository")
def test_kits_match_the_original_export(site: Site, kits: Path) -> None:
    """Cross-check against the CSV the records came from, not against the records themselves."""
    slug_of = {c.nom: s for s, c in site.communes.items()}
    expected: dict[str, set[str]] = {slug: set() for slug in site.communes}
    with (SHARED_DATA / "elements.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 353
    for row in rows:
        for name in row["communes_all"].split("; "):
            expected[slug_of[name]].add(row["element_code"].lower())
    for slug, codes in expected.items():
        page = (kits / "communes" / slug / "page-patrimoine.md").read_text(encoding="utf-8")
        assert set(LINK.findall(page)) == codes, slug


def test_one_page_per_element(site: Site, kits: Path) -> None:
    pages = sorted(p.stem for p in (kits / "elements").glob("*.md") if p.stem != "index")
    assert pages == sorted(e.slug for e in site.elements.values())
    assert len(pages) == 353


def test_kit_layout(site: Site, kits: Path) -> None:
    for slug in site.communes:
        names = sorted(p.relative_to(kits / "communes" / slug).as_posix() for p in (kits / "communes" / slug).rglob("*.md"))
        assert names == ["communiques.md", "index.md", "integrer.md", "logo.md", "page-patrimoine.md"]
        kit = kits / "communes" / slug
        assert (kit / f"kit-{slug}.zip").is_file() and (kits / f"nouveautes-{slug}.xml").is_file()
        releases = sorted(p.name for p in (kit / "communiques").iterdir())
        assert releases == sorted(f"{name}.{ext}" for name, *_ in plan.PRESS_RELEASES for ext in ("docx", "txt"))


def test_the_kits_zip_holds_the_whole_kit_and_its_word_releases_name_every_element(site: Site, kits: Path) -> None:
    import io
    import zipfile

    import docx

    slug = "lens"
    with zipfile.ZipFile(kits / "communes" / slug / f"kit-{slug}.zip") as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        readme = zf.read("LISEZMOI.txt").decode("utf-8")
        release = zf.read("communiques/sainte-barbe.docx")
        assert zf.read("logos/lens-bloc-marque-couleur-en-tete.png") == (kits / "communes/lens/logos/lens-bloc-marque-couleur-en-tete.png").read_bytes()
        geo = zf.read("donnees/elements.geojson")
    assert names[0] == "LISEZMOI.txt" and names[1:] == sorted(names[1:])
    assert {n.split("/")[0] for n in names} == {"LISEZMOI.txt", "communiques", "donnees", "logos", "page-patrimoine"}
    assert all(n in readme for n in names)  # the read-me lists every file
    assert release == (kits / "communes" / slug / "communiques" / "sainte-barbe.docx").read_bytes()
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(release)).paragraphs)
    assert "Lens" in words
    for e in site.elements_of(slug):
        assert typo(e.nom) in words, e.nom
    import json
    assert len(json.loads(geo)["features"]) == len(site.elements_of(slug))


def test_each_kit_has_a_feed_of_the_updates_that_concern_it(site: Site, kits: Path) -> None:
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    for slug in ("lens", "wingles"):
        feed = ET.parse(kits / f"nouveautes-{slug}.xml").getroot()
        entries = feed.findall(f"{atom}entry")
        assert len(entries) == sum(v.concerns(slug) for v in site.bien.versions)
        assert feed.find(f"{atom}updated").text.startswith(site.bien.version)
        index = (kits / "communes" / slug / "index.md").read_text(encoding="utf-8")
        assert 'fil: "nouveautes-%s.xml"' % slug in index and "## Mises à jour" in index


def test_two_builds_are_byte_identical(tmp_path: Path, kits: Path, image_cache: Path) -> None:
    again = tmp_path / "kits"
    pipeline.build(CONTENT, again, image_cache)
    assert tree_digest(again) == tree_digest(kits)


PLACEHOLDERS = re.compile(r"lorem ipsum|TODO|FIXME|XXX|à compléter|\{\{|\}\}|\{%|None|nan\b|\[\]", re.IGNORECASE)


def test_no_placeholder_reaches_a_commune(kits: Path) -> None:
    for page in kits.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not PLACEHOLDERS.search(text), f"{page}: {PLACEHOLDERS.search(text)}"


def test_french_typography(kits: Path) -> None:
    page = (kits / "communes" / "conde-sur-l-escaut" / "page-patrimoine.md").read_text(encoding="utf-8")
    assert "Condé-sur-l’Escaut" in page and "Condé-sur-l'Escaut" not in page
    assert " :" not in page.replace("\u202f:", "") and " ;" not in page
    assert "3\u202f943 hectares" in page


def test_missing_optional_data_leaves_the_paragraph_out(tmp_path: Path, image_cache: Path) -> None:
    """A press contact appears when given and leaves no trace when absent."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    record = content / "communes" / "lewarde.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("lien: direct\n", "lien: direct\ncontact_presse:\n  nom: Service communication\n  courriel: communication@example.fr\n", 1), encoding="utf-8")
    pipeline.build(content, tmp_path / "kits", image_cache)
    with_contact = (tmp_path / "kits/communes/lewarde/communiques.md").read_text(encoding="utf-8")
    without = (tmp_path / "kits/communes/lens/communiques.md").read_text(encoding="utf-8")
    assert "## Contact presse" in with_contact and "communication@example.fr" in with_contact
    assert "Contact presse" not in without and "Courriel" not in without


def test_identical_across_processes_and_hash_seeds(tmp_path: Path, image_cache: Path) -> None:
    """Two separate runs of the command, with different hash seeds, write the same bytes."""
    import os
    import subprocess
    import sys

    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"kits-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "generator", "--content", str(CONTENT), "kits", "--out", str(out), "--cache", str(image_cache)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        digests.append(tree_digest(out))
    assert digests[0] == digests[1]
    assert len(digests[0]) > 1000


def test_photo_gets_responsive_derivatives_with_its_credit(tmp_path: Path, image_cache: Path) -> None:
    """A 2000-px photo with a GPS position becomes 480/960/1600-px WebP and JPEG files, without the position."""
    import shutil

    from PIL import Image

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "photos").mkdir()
    img = Image.linear_gradient("L").resize((2000, 1500)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 25.0, 0.0)})
    img.save(content / "photos" / "chevalement.jpg", exif=exif)
    record = content / "communes" / "conde-sur-l-escaut.yml"
    text = record.read_text(encoding="utf-8")
    anchor = "  nom: Chevalement Ledoux\n"
    record.write_text(text.replace(anchor, anchor + "  photos:\n  - fichier: photos/chevalement.jpg\n"
                                   "    alt: Le chevalement vu de la route\n    credit: Mairie de Condé\n"
                                   "    licence: CC BY 4.0\n", 1), encoding="utf-8")
    pipeline.build(content, tmp_path / "kits", image_cache)
    made = sorted(p.name for p in (tmp_path / "kits" / "photos").iterdir())
    assert made == sorted(f"chevalement-{w}.{f}" for f in ("jpg", "webp") for w in (480, 960, 1600))
    for name in made:
        with Image.open(tmp_path / "kits" / "photos" / name) as out:
            assert out.width == int(name.split("-")[1].split(".")[0])
            assert out.height == out.width * 3 // 4
            assert not out.getexif().get_ifd(0x8825), f"{name} keeps a GPS position"
            assert 0x010F not in out.getexif(), f"{name} keeps the camera model"
    page = (tmp_path / "kits" / "elements" / "8c.md").read_text(encoding="utf-8")
    assert 'alt="Le chevalement vu de la route"' in page
    assert 'srcset="../../photos/chevalement-480.webp 480w, ../../photos/chevalement-960.webp 960w, ../../photos/chevalement-1600.webp 1600w"' in page
    assert 'src="../../photos/chevalement-960.jpg"' in page and 'width="960" height="720"' in page
    assert "© Mairie de Condé, CC BY 4.0" in page
    assert (tmp_path / "kits" / "cartes" / "elements" / "8c.jpg").is_file()


def test_every_kit_is_reachable_from_the_directory(site: Site, kits: Path) -> None:
    directory = (kits / "communes" / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([a-z0-9-]+)/index\.md\)", directory))
    assert linked == set(site.communes)
    assert len(linked) == 92


def test_open_data_files(site: Site, kits: Path) -> None:
    """GeoJSON that uMap imports as it is (lon, lat; name and description), and CSV for a spreadsheet."""
    import json

    geo = json.loads((kits / "donnees" / "elements.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 353
    assert "Licence Ouverte" in geo["licence"] and geo["sources"]
    by_code = {f["properties"]["code"]: f for f in geo["features"]}
    fosse = by_code["42A"]
    lon, lat = fosse["geometry"]["coordinates"]
    assert (round(lat, 6), round(lon, 6)) == (round(site.elements["42A"].latitude, 6), round(site.elements["42A"].longitude, 6))
    assert 2.2 < lon < 3.7 and 50.25 < lat < 50.65  # GeoJSON order: longitude first
    assert fosse["properties"]["name"] == "Fosse 9-9bis" and fosse["properties"]["communes"] == "Oignies"
    with (kits / "donnees" / "elements.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 353 and {r["code"] for r in rows} == set(site.elements)
    with (kits / "donnees" / "communes.csv").open(encoding="utf-8", newline="") as f:
        communes = list(csv.DictReader(f))
    assert len(communes) == 92
    assert sum(int(c["elements"]) for c in communes) == sum(len(site.elements_of(s)) for s in site.communes)
    data_page = (kits / "donnees.md").read_text(encoding="utf-8")
    assert all(f"](donnees/{name})" in data_page for name in ("elements.geojson", "elements.csv", "communes.csv"))
