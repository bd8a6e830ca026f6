"""The kits: what each commune's folder holds (on the fixture), and, end to end on the shipped content,
that every element lands in exactly the right kits and that the plan does not depend on the process."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import docx
from docx.oxml.ns import qn
import pytest
from PIL import Image

from generator import pipeline
from generator.content.model import Site
from generator.jobs import Job
from generator.site import plan, urls
from generator.site.wording import typo

from conftest import (CONTENT, E2E_SITE_URL, FIXTURE, ROOT, copy_content, other_seed, run_generator,
                      tree_digest)

SHARED_DATA = ROOT.parent / "shared" / "data"
LINK = re.compile(r"\]\(\.\./\.\./elements/([0-9a-z]+)\.md\)")
ATOM = "{http://www.w3.org/2005/Atom}"
P = PurePosixPath


def text_of(outputs: dict[PurePosixPath, Any], path: str) -> str:
    value = outputs[P(path)]
    assert isinstance(value, str), f"{path} is not a text output"
    return value


# --- One kit, on the fixture -----------------------------------------------------------------------

def test_kit_layout(fixture_site: Site, fixture_kits: Path) -> None:
    for slug in fixture_site.communes:
        names = sorted(p.relative_to(fixture_kits / "communes" / slug).as_posix() for p in (fixture_kits / "communes" / slug).rglob("*.md"))
        assert names == ["communiques.md", "index.md", "integrer.md", "logo.md", "page-patrimoine.md"]
        kit = fixture_kits / "communes" / slug
        assert (kit / f"kit-{slug}.zip").is_file() and (fixture_kits / f"nouveautes-{slug}.xml").is_file()
        releases = sorted(p.name for p in (kit / "communiques").iterdir())
        assert releases == sorted(f"{name}.{ext}" for name, *_ in plan.PRESS_RELEASES for ext in ("docx", "txt"))
    assert len(fixture_site.communes) == 3


def test_the_kits_zip_holds_the_whole_kit_and_its_word_releases_name_every_element(fixture_site: Site, fixture_kits: Path) -> None:
    slug = "sains-en-gohelle"
    kit = fixture_kits / "communes" / slug
    with zipfile.ZipFile(kit / f"kit-{slug}.zip") as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        readme = zf.read("LISEZMOI.txt").decode("utf-8")
        release = zf.read("communiques/sainte-barbe.docx")
        lockup = f"logos/{slug}-bloc-marque-couleur-en-tete.png"
        assert zf.read(lockup) == (kit / lockup).read_bytes()
        geo = zf.read("donnees/elements.geojson")
    assert names[0] == "LISEZMOI.txt" and names[1:] == sorted(names[1:])
    assert {n.split("/")[0] for n in names} == {"LISEZMOI.txt", "carte", "communiques", "donnees", "logos", "page-patrimoine",
                                                "photos"}
    assert all(n in readme for n in names)  # the read-me lists every file
    # The map as SVG and PNG, the photo at its largest (1,200 pixels: its source) with its credit in the read-me.
    assert {n for n in names if n.startswith(("carte/", "photos/"))} == {
        f"carte/carte-{slug}.svg", f"carte/carte-{slug}.png", "photos/image-de-test-1200.jpg"}
    assert "image-de-test-1200.jpg : Église Sainte-Marguerite, © Image de test, CC0" in readme.replace("\u202f", " ")
    assert release == (kit / "communiques" / "sainte-barbe.docx").read_bytes()
    document = docx.Document(io.BytesIO(release))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Sains-en-Gohelle" in words
    elements = fixture_site.elements_of(slug)
    assert [e.code for e in elements] == ["87A", "87B", "87C"]
    for e in elements:
        assert typo(e.nom) in words, e.nom
    assert len(json.loads(geo)["features"]) == len(elements)
    # After the release, on a page of its own: the commune's map, then the photo that stands for it, each with its
    # alternative text and a caption that credits it.
    heading = next(p for p in document.paragraphs if p.text == "Illustrations")
    assert heading.style.name == "Heading 2" and heading.paragraph_format.page_break_before
    described = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(described) == 3 and described[0].startswith("Bloc-marque")
    assert described[1].startswith("La carte montre le territoire de Sains-en-Gohelle")
    assert described[2].startswith("Image de test sans rapport avec l’église")
    assert "Carte des éléments inscrits de Sains-en-Gohelle. Données\u202f: " in words
    assert "Église Sainte-Marguerite\u202f: Image de test de la boîte à outils, à ne pas publier. © Image de test, CC0." in words


def test_each_kit_has_a_feed_of_the_updates_that_concern_it(tmp_path: Path) -> None:
    """The journal's entries without `communes` concern every kit; one naming a commune, its kit only."""
    content = copy_content(FIXTURE, tmp_path / "content")
    bien = content / "bien.yml"
    text = bien.read_text(encoding="utf-8")
    assert text.count("versions:\n") == 1
    bien.write_text(text.replace("versions:\n", "versions:\n  - date: 2026-12-01\n    titre: Une photo pour l’église\n"
                                 "    description: La photo de l’église Sainte-Marguerite.\n"
                                 "    communes: [sains-en-gohelle]\n", 1), encoding="utf-8")
    site = pipeline.validate(content)
    outputs = plan.render_site(site)
    counts = {}
    for slug in site.communes:
        feed = ET.fromstring(text_of(outputs, f"nouveautes-{slug}.xml"))
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == sum(v.concerns(slug) for v in site.bien.versions)
        counts[slug] = len(entries)
        latest = max(v.date for v in site.bien.versions if v.concerns(slug))
        assert feed.find(f"{ATOM}updated").text.startswith(latest.isoformat())
        index = text_of(outputs, f"communes/{slug}/index.md")
        assert 'fil: "nouveautes-%s.xml"' % slug in index and "## Mises à jour" in index
    assert counts == {"aix-noulette": 1, "bouvigny-boyeffles": 1, "sains-en-gohelle": 2}


def test_kits_identical_across_processes_caches_and_hash_seeds(tmp_path: Path, fixture_kits: Path,
                                                              fixture_outputs: dict[PurePosixPath, Any]) -> None:
    """The fixture built again by the command, in another process with another hash seed and an empty cache
    of its own: every image and document is made again, not taken from the first build, and every byte agrees."""
    out, cache = tmp_path / "kits", tmp_path / "cache" / "images"
    result = run_generator("--content", FIXTURE, "kits", "--out", out, "--cache", cache, seed=other_seed())
    assert result.returncode == 0, result.stderr
    again, first = tree_digest(out), tree_digest(fixture_kits)
    assert sorted(again) == sorted(first)
    assert [p for p in first if again[p] != first[p]] == []
    # Lockups, guides, cards, photos, Word releases and ZIPs: all of them compared.
    jobs = {str(p) for p, v in fixture_outputs.items() if isinstance(v, Job)}
    assert len(jobs) > 80 and jobs <= set(first)


def test_french_typography(fixture_site: Site, fixture_outputs: dict[PurePosixPath, Any]) -> None:
    page = text_of(fixture_outputs, "communes/sains-en-gohelle/page-patrimoine.md")
    assert " :" not in page.replace("\u202f:", "") and " ;" not in page
    assert "3\u202f943\u202fhectares" in page
    # A name typed with a straight apostrophe comes out with a typographic one, everywhere on the page.
    conde = dataclasses.replace(fixture_site.communes["bouvigny-boyeffles"], nom="Condé-sur-l'Escaut")
    renamed = dataclasses.replace(fixture_site, communes={**fixture_site.communes, conde.slug: conde})
    page = text_of(plan.render_site(renamed), "communes/bouvigny-boyeffles/page-patrimoine.md")
    assert "Condé-sur-l’Escaut" in page and "Condé-sur-l'Escaut" not in page


def test_missing_optional_data_leaves_the_paragraph_out(tmp_path: Path) -> None:
    """A press contact appears when given, in place of the mairie's; without it, the releases give the mairie's."""
    content = copy_content(FIXTURE, tmp_path / "content")
    record = content / "communes" / "bouvigny-boyeffles.yml"
    text = record.read_text(encoding="utf-8")
    assert text.count("lien: direct\n") == 1
    record.write_text(text.replace("lien: direct\n", "lien: direct\ncontact_presse:\n  nom: Service communication\n"
                                   "  courriel: communication@example.fr\n", 1), encoding="utf-8")
    outputs = plan.render_site(pipeline.validate(content))
    with_contact = text_of(outputs, "communes/bouvigny-boyeffles/communiques.md")
    without = text_of(outputs, "communes/sains-en-gohelle/communiques.md")
    assert "## Contact presse" in with_contact and "communication@example.fr" in with_contact
    assert "Mairie de Bouvigny-Boyeffles" not in with_contact
    assert "Contact presse" not in without and "Mairie de Sains-en-Gohelle" in without
    # Without the directory either, only the Mission, for the property: no mairie, no empty line.
    bare = dataclasses.replace(pipeline.validate(content), communes={
        slug: dataclasses.replace(c, annuaire=None) for slug, c in pipeline.validate(content).communes.items()})
    alone = text_of(plan.render_site(bare), "communes/sains-en-gohelle/communiques.md")
    contact = alone.split("## Contact\n\n")[1].split("\n\n")[0]
    assert contact.startswith("Pour le patrimoine mondial\u202f: la Mission Bassin Minier") and "Courriel" not in alone and "Mairie" not in alone


def test_photo_gets_responsive_derivatives_with_its_credit(tmp_path: Path, fixture_cache: Path) -> None:
    """A 2000-px photo with a GPS position becomes 480/960/1600-px WebP and JPEG files, without the position."""
    content = copy_content(FIXTURE, tmp_path / "content")
    img = Image.linear_gradient("L").resize((2000, 1500)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 25.0, 0.0)})
    img.save(content / "photos" / "groupe-scolaire.jpg", exif=exif)
    record = content / "communes" / "sains-en-gohelle.yml"
    text = record.read_text(encoding="utf-8")
    anchor = "  nom: Groupe scolaire de la cité n°10\n"
    assert text.count(anchor) == 1
    record.write_text(text.replace(anchor, anchor + "  photos:\n  - fichier: photos/groupe-scolaire.jpg\n"
                                   "    alt: Le groupe scolaire vu de la rue\n    credit: Mairie de Sains\n"
                                   "    licence: CC BY 4.0\n", 1), encoding="utf-8")
    kits = tmp_path / "kits"
    pipeline.build(content, kits, fixture_cache)
    made = sorted(p.name for p in (kits / "photos").iterdir() if p.is_file())
    assert made == sorted(f"groupe-scolaire-{w}.{f}" for f in ("jpg", "webp") for w in (480, 960, 1600))
    for name in made:
        with Image.open(kits / "photos" / name) as out:
            assert out.width == int(name.split("-")[-1].split(".")[0])
            assert out.height == out.width * 3 // 4
            assert not out.getexif().get_ifd(0x8825), f"{name} keeps a GPS position"
            assert 0x010F not in out.getexif(), f"{name} keeps the camera model"
    page = (kits / "elements" / "87c.md").read_text(encoding="utf-8")
    assert 'alt="Le groupe scolaire vu de la rue"' in page
    assert ('srcset="../../photos/groupe-scolaire-480.webp 480w, ../../photos/groupe-scolaire-960.webp 960w, '
            '../../photos/groupe-scolaire-1600.webp 1600w"') in page
    assert 'src="../../photos/groupe-scolaire-960.jpg"' in page and 'width="960" height="720"' in page
    assert "© Mairie de Sains, CC BY 4.0" in page
    assert (kits / "cartes" / "elements" / "87c.jpg").is_file()


def test_open_data_files(fixture_site: Site, fixture_outputs: dict[PurePosixPath, Any]) -> None:
    """GeoJSON that uMap imports as it is (lon, lat; name and description), and CSV for a spreadsheet."""
    geo = json.loads(text_of(fixture_outputs, "donnees/elements.geojson"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(fixture_site.elements) == 3
    assert "Licence Ouverte" in geo["licence"] and geo["sources"]
    by_code = {f["properties"]["code"]: f for f in geo["features"]}
    cite = by_code["87A"]
    lon, lat = cite["geometry"]["coordinates"]
    element = fixture_site.elements["87A"]
    assert (round(lat, 6), round(lon, 6)) == (round(element.latitude, 6), round(element.longitude, 6))
    assert 2.2 < lon < 3.7 and 50.25 < lat < 50.65  # GeoJSON order: longitude first
    assert cite["properties"]["name"] == "Cité n°10 de Béthune"
    assert cite["properties"]["communes"] == "Sains-en-Gohelle ; Bouvigny-Boyeffles ; Aix-Noulette"  # a shared element
    rows = list(csv.DictReader(io.StringIO(text_of(fixture_outputs, "donnees/elements.csv"))))
    assert {r["code"] for r in rows} == set(fixture_site.elements)
    communes = list(csv.DictReader(io.StringIO(text_of(fixture_outputs, "donnees/communes.csv"))))
    assert {c["nom"]: int(c["elements"]) for c in communes} == {"Aix-Noulette": 1, "Bouvigny-Boyeffles": 1, "Sains-en-Gohelle": 3}
    assert {c["nom"]: c["lien"] for c in communes}["Aix-Noulette"] == "faible"
    data_page = text_of(fixture_outputs, "donnees.md")
    assert all(f"](donnees/{name})" in data_page for name in ("elements.geojson", "elements.csv", "communes.csv"))


# --- End to end: the shipped content ---------------------------------------------------------------

def test_shipped_content_counts(site: Site) -> None:
    assert len(site.elements) == site.bien.nombre_elements == 353
    assert len(site.composantes) == site.bien.nombre_composantes == 109
    assert len(site.communes) == 92
    assert sum(c.lien == "faible" for c in site.communes.values()) == 5
    assert len(site.communes) - 5 == site.bien.nombre_communes


def test_every_element_in_exactly_its_communes_kits(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    expected: dict[str, set[str]] = {slug: set() for slug in site.communes}
    for e in site.elements.values():
        for slug in e.communes:
            expected[slug].add(e.slug)
    assert sum(len(v) for v in expected.values()) > 353  # shared elements count in several kits
    for slug in site.communes:
        for page in ("page-patrimoine.md", "index.md"):
            text = text_of(full_outputs, f"communes/{slug}/{page}")
            if page == "index.md":  # its useful links also name the five Grands sites: the list of its elements only
                text = re.split(r"\n## Les éléments (?:de |d’|du |des )", text, maxsplit=1)[1].split("\n## ", 1)[0]
            found = set(LINK.findall(text))
            assert found == expected[slug], f"{slug}/{page}"


@pytest.mark.skipif(not (SHARED_DATA / "elements.csv").exists(), reason="the original GIS export is not beside the repository")
def test_kits_match_the_original_export(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
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
        assert set(LINK.findall(text_of(full_outputs, f"communes/{slug}/page-patrimoine.md"))) == codes, slug


def test_one_page_and_one_card_per_element(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    pages = sorted(p.stem for p in full_outputs if p.parent == P("elements") and p.suffix == ".md" and p.stem != "index")
    assert pages == sorted(e.slug for e in site.elements.values())
    assert len(pages) == 353
    cards = sorted(p.stem for p, v in full_outputs.items() if p.parent == P("cartes/elements") and isinstance(v, Job))
    assert cards == pages


def test_every_kit_is_reachable_from_the_directory(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    directory = text_of(full_outputs, "communes/index.md")
    linked = set(re.findall(r'<a href="\.\./communes/([a-z0-9-]+)/">', directory))  # the table, in HTML (annuaire.md.j2)
    assert linked == set(site.communes)
    assert len(linked) == 92
    # Written in HTML, the table's links are not checked by MkDocs: each public page it names must exist.
    public = set(re.findall(r'<a href="\.\./patrimoine/([a-z0-9-]+)/">', directory))
    assert public == set(site.communes) and all(urls.public_page(s) in full_outputs for s in public)
    for slug in site.communes:  # and every kit is all there
        assert {f"communes/{slug}/{name}" for name in ("index.md", "page-patrimoine.md", "communiques.md", "logo.md",
                                                       "integrer.md", f"kit-{slug}.zip")} <= set(map(str, full_outputs)), slug


PLACEHOLDERS = re.compile(r"lorem ipsum|TODO|FIXME|XXX|à compléter|\{\{|\}\}|\{%|None|nan\b|\[\]", re.IGNORECASE)


def test_no_placeholder_reaches_a_commune(full_outputs: dict[PurePosixPath, Any], published_outputs: dict[PurePosixPath, Any]) -> None:
    """Every page of both builds, local and published: no template leftover, no missing value shown as None."""
    for outputs in (full_outputs, published_outputs):
        pages = {p: v for p, v in outputs.items() if p.suffix == ".md"}
        assert len(pages) > 800
        for path, text in pages.items():
            assert not PLACEHOLDERS.search(text), f"{path}: {PLACEHOLDERS.search(text)}"


def test_open_data_counts(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    geo = json.loads(text_of(full_outputs, "donnees/elements.geojson"))
    assert len(geo["features"]) == 353
    fosse = next(f for f in geo["features"] if f["properties"]["code"] == "42A")
    assert fosse["properties"]["name"] == "Fosse 9-9bis" and fosse["properties"]["communes"] == "Oignies"
    rows = list(csv.DictReader(io.StringIO(text_of(full_outputs, "donnees/elements.csv"))))
    assert len(rows) == 353 and {r["code"] for r in rows} == set(site.elements)
    communes = list(csv.DictReader(io.StringIO(text_of(full_outputs, "donnees/communes.csv"))))
    assert len(communes) == 92
    assert sum(int(c["elements"]) for c in communes) == sum(len(site.elements_of(s)) for s in site.communes)


PLAN_DIGEST = """
import hashlib, sys
from pathlib import Path
from generator import pipeline
from generator.site import plan
outputs = plan.render_site(pipeline.validate(Path(sys.argv[1])), sys.argv[2])
for path, value in sorted(outputs.items()):
    data = value.encode() if isinstance(value, str) else value.read_bytes() if isinstance(value, Path) else repr(value).encode()
    print(path, hashlib.sha256(data).hexdigest())
"""


def plan_digest(outputs: dict[PurePosixPath, Any]) -> dict[str, str]:
    """Each output: the SHA-256 of its text, of the file it copies, or of its job (what to make, from which files)."""
    def data(value: Any) -> bytes:
        return value.encode() if isinstance(value, str) else value.read_bytes() if isinstance(value, Path) else repr(value).encode()
    return {str(path): hashlib.sha256(data(value)).hexdigest() for path, value in outputs.items()}


def test_the_plan_is_identical_across_processes_and_hash_seeds(published_outputs: dict[PurePosixPath, Any]) -> None:
    """The shipped content planned in another process, with another hash seed: every page, snippet and embed is
    the same text, and every image and document the same job (test_kits_identical_across_processes_caches_and_hash_seeds
    shows that the same job makes the same bytes)."""
    result = subprocess.run([sys.executable, "-c", PLAN_DIGEST, str(CONTENT), E2E_SITE_URL], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": other_seed()})
    assert result.returncode == 0, result.stderr
    there = dict(line.rsplit(" ", 1) for line in result.stdout.splitlines())
    here = plan_digest(published_outputs)
    assert sorted(there) == sorted(here)
    assert [p for p in here if there[p] != here[p]] == []
    assert len(here) > 5000
