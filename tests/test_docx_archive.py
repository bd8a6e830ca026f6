"""The press releases as Word documents (generator.make.word) and reproducible ZIP archives (generator.make.archive).

On the fixture's Sains-en-Gohelle (three elements); every shipped commune's release is converted once, end to end."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from PIL import Image

from generator.errors import BuildError
from generator.make import archive, word
from generator.site import copies, plan, wording
from generator.site.templates import Templates
from generator.make.word import press_release_docx
from generator.content.model import Contact, Quote, Site

from conftest import other_seed

ROOT = Path(__file__).resolve().parent.parent
VERSION = "2026-06-30"
SITE_URL = "https://exemple.org/"
SAINS = "sains-en-gohelle"
HOSTILE = "<w:p> ]]> & \"Q\" 'A' <![CDATA[x]]> *g* [l](javascript:alert(1))"


# --- helpers ---------------------------------------------------------------------------------

def release(site: Site, slug: str, template: str, commune: Any = None, elements: list | None = None) -> tuple[str, str]:
    """(title, Markdown body) of one press release, rendered as plan.render_site renders it."""
    commune = commune or site.communes[slug]
    ctx = plan.commune_context(site, commune)
    if elements is not None:
        ctx.update(elements=elements, names=plan.md_names(elements, site.sous_types))
    common = plan.common_context(site, SITE_URL)
    name = next(n for n, t, _label, _when in plan.PRESS_RELEASES if t == template)
    md = plan.release_markdown(site, Templates().markdown, name, template, {**common, **ctx})
    _front, h1, body = copies.split_page(md)
    return h1[2:], body


def unmd(s: str) -> str:
    """A Markdown-escaped display name as a reader sees it."""
    return squash(re.sub(r"\\(.)", r"\1", s).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def squash(s: str) -> str:
    """Compare texts whatever their spaces (French typography puts no-break spaces around punctuation)."""
    return " ".join(s.replace("\u202f", " ").replace("\u00a0", " ").split())


def all_text(document: Any) -> str:
    return squash("\n".join(p.text for p in document.paragraphs))


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def png(width: int = 300, height: int = 120) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 70, 120)).save(out, "PNG")
    return out.getvalue()


TEMPLATES = [template for _name, template, _title, _when in plan.PRESS_RELEASES]


@pytest.fixture(scope="module")
def releases(fixture_site: Site) -> list[tuple[str, str, bytes]]:
    """Sains-en-Gohelle's four press releases: (title, Markdown body, Word document)."""
    out = []
    for template in TEMPLATES:
        title, body = release(fixture_site, SAINS, template)
        out.append((title, body, press_release_docx(title, body, "Sains-en-Gohelle", VERSION)))
    return out


# --- the press releases --------------------------------------------------------------------

def test_the_markdown_is_the_one_the_kit_offers_to_copy(fixture_site: Site) -> None:
    """The helper above renders what the kit shows: the DOCX says what the copy tabs say."""
    pages = plan.render_site(fixture_site, SITE_URL)
    kit = "\n".join(v for k, v in pages.items() if isinstance(v, str) and k.parts[:2] == ("communes", SAINS))
    for template in TEMPLATES:
        title, body = release(fixture_site, SAINS, template)
        assert title in kit
        assert body.strip() in kit or body.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in kit


def test_the_releases_name_the_commune_and_its_elements(fixture_site: Site, releases: list) -> None:
    elements = fixture_site.elements_of(SAINS)
    assert len(elements) == 3
    names = [unmd(n) for n in plan.md_names(elements, fixture_site.sous_types).values()]
    for title, body, data in releases:
        document = open_docx(data)
        words = all_text(document)
        assert "Sains-en-Gohelle" in words and squash(title) in words
        if "**Au programme**" in body:
            # The fixture's rendez-vous (anniversary, heritage weekend): they take the inventory's room, counted by type.
            assert ("Au programme : Visite de l’école de la cité : mercredi 30 juin 2027 à 18 h." in words
                    or "Au programme : Balade commentée dans la cité nº 10 : dimanche 19 septembre 2027 à 10 h" in words), title
            assert "Sains-en-Gohelle : 1 cité minière, 1 église et 1 école." in words
        else:
            missing = [n for n in names if n not in words]
            assert not missing, f"{title} : éléments absents du .docx : {missing}"
        props = document.core_properties
        assert props.title == title and props.author == "Sains-en-Gohelle" and props.language == "fr-FR"
        assert "Sains-en-Gohelle" in props.subject and "Sains-en-Gohelle" in props.keywords
        assert props.created == props.modified and props.created.date().isoformat() == VERSION


def test_every_commune_gets_a_document_naming_its_elements(site: Site) -> None:
    """End to end: the 92 shipped communes' names and their elements' names survive the conversion to Word."""
    template = TEMPLATES[0]
    for slug, commune in site.communes.items():
        title, body = release(site, slug, template)
        words = all_text(open_docx(press_release_docx(title, body, commune.nom, VERSION)))
        assert squash(wording.typo(commune.nom)) in words, slug
        elements = site.elements_of(slug)
        ctx = plan.commune_context(site, commune)
        if len(elements) > ctx["LIST_UP_TO"]:
            # A long inventory is counted by type instead (the heritage page lists them).
            assert squash(wording.typo(ctx["type_counts"])) in words, slug
            continue
        for name in plan.md_names(elements, site.sous_types).values():
            assert unmd(name) in words, (slug, name)


def test_headings_lists_bold_and_links_follow_the_markdown(fixture_site: Site, releases: list) -> None:
    for title, body, data in releases:
        document = open_docx(data)
        paragraphs = document.paragraphs
        assert paragraphs[0].style.name == "Heading 1" and squash(paragraphs[0].text) == squash(title)

        md_headings = [squash(line[3:]) for line in body.splitlines() if line.startswith("## ")]
        assert md_headings, "les communiqués ont une section « À propos »"
        assert [squash(p.text) for p in paragraphs if p.style.name == "Heading 2"] == md_headings

        md_items = [unmd(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:].replace("**", "")))
                    for line in body.splitlines() if line.startswith("- ")]
        bullets = [squash(p.text) for p in paragraphs if p.style.name == "List Bullet"]
        # The three elements, or the release's rendez-vous in their place (one each in the fixture).
        assert bullets == md_items and len(bullets) == (1 if "**Au programme**" in body else 3)
        # The style carries the bullet: a numbering definition, not a typed « - ».
        assert document.styles["List Bullet"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None

        bold = [r.text for p in paragraphs for r in p.runs if r.bold]
        assert "Communiqué de presse" in bold
        # The place-and-date line, under it in the same paragraph: the commune and the occasion's date.
        header = next(p for p in paragraphs if p.text.startswith("Communiqué de presse"))
        assert re.fullmatch(r"Communiqué de presse Sains-en-Gohelle, le \d{1,2}(ᵉʳ)? \w+ 20\d\d", squash(header.text)), header.text

        md_urls = re.findall(r"\]\(([^)\s]+)\)", body)
        links = [h for p in paragraphs for h in p.hyperlinks]
        assert md_urls and [h.url for h in links] == md_urls
        rels = document.part.rels
        for h in links:
            rel = rels[h._hyperlink.rId]
            assert rel.is_external and rel.reltype == RT.HYPERLINK
            assert all(r.style.name == "Hyperlink" for r in h.runs)
        link_style = document.styles["Hyperlink"].font
        assert link_style.underline is True and str(link_style.color.rgb) == "0563C1"


def test_french_language_and_font_are_set(releases: list) -> None:
    document = open_docx(releases[0][2])
    styles = document.styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert default.find(qn("w:lang")).get(qn("w:val")) == "fr-FR"
    assert default.find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"
    assert not [f for f in styles.iter(qn("w:rFonts")) if f.get(qn("w:asciiTheme"))], "une police de thème masquerait Arial"
    assert all(lang.get(qn("w:val")) == "fr-FR" for lang in styles.iter(qn("w:lang")))
    settings = document.settings.element
    assert settings.find(qn("w:themeFontLang")).get(qn("w:val")) == "fr-FR"
    assert settings.find(qn("w:proofState")) is None  # Word is not told the text was already checked
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_contact_quote_and_website(fixture_site: Site) -> None:
    """Hard line breaks, a mailto: link and a link whose text is the address, all from _communique.md.j2."""
    commune = dataclasses.replace(
        fixture_site.communes[SAINS], site_web="https://www.sains-en-gohelle.fr/",
        contact_presse=Contact(nom="Jeanne Martin", fonction="chargée de communication",
                               courriel="presse@sains-en-gohelle.fr", telephone="03 21 00 00 00"),
        citation_maire=Quote(texte="Notre patrimoine est vivant", auteur="Le maire"))
    title, body = release(fixture_site, SAINS, TEMPLATES[0], commune=commune)
    assert "  \n" in body  # the template's hard line breaks
    document = open_docx(press_release_docx(title, body, commune.nom, VERSION))
    contact = next(p for p in document.paragraphs if p.text.startswith("Jeanne Martin"))
    assert len(contact._p.findall(f".//{qn('w:br')}")) == 2
    assert contact.text.split("\n") == ["Jeanne Martin, chargée de communication", "Téléphone\u202f: 03 21 00 00 00",
                                        "Courriel\u202f: presse@sains-en-gohelle.fr"]
    urls = [h.url for p in document.paragraphs for h in p.hyperlinks]
    assert "mailto:presse@sains-en-gohelle.fr" in urls and "https://www.sains-en-gohelle.fr/" in urls
    # The address is the link text already: it is not repeated in brackets.
    assert "(https://www.sains-en-gohelle.fr/)" not in all_text(document)
    assert "Notre patrimoine est vivant" in all_text(document)


def test_inline_markdown() -> None:
    md = ("**Gras** et *italique*, puis [le site de la commune](https://www.exemple.fr/page).\n\n"
          "- un\n- deux\n    - dans deux\n\n1. premier\n2. second\n\n### Plus bas\n\n> Citée\n")
    document = open_docx(press_release_docx("Essai", md, "Essai", VERSION))
    by_text = {squash(p.text): p for p in document.paragraphs}
    first = by_text["Gras et italique, puis le site de la commune (https://www.exemple.fr/page)."]
    runs = {r.text: r for r in first.runs}
    assert runs["Gras"].bold and runs["italique"].italic and not runs[" et "].bold
    # A link text that does not show its address gets it in brackets, for a printed copy.
    assert [h.text for h in first.hyperlinks] == ["le site de la commune"]
    assert by_text["dans deux"].style.name == "List Bullet 2"
    assert by_text["premier"].style.name == "List Number"
    assert by_text["Plus bas"].style.name == "Heading 3"
    assert by_text["Citée"].style.name == "Quote"

    # A loose list (blank lines between items): <li><p>…</p></li>, still bullets.
    loose = open_docx(press_release_docx("Essai", "- un\n\n- deux\n\n    suite\n\n- trois\n", "Essai", VERSION))
    assert [(p.style.name, p.text) for p in loose.paragraphs[1:]] == [
        ("List Bullet", "un"), ("List Bullet", "deux"), ("List Continue", "suite"), ("List Bullet", "trois")]


def test_hostile_names_come_out_as_text(fixture_site: Site) -> None:
    commune = dataclasses.replace(fixture_site.communes[SAINS], nom=HOSTILE)
    elements = [dataclasses.replace(e, nom=f"{HOSTILE} {e.code}") for e in fixture_site.elements_of(SAINS)]
    title, body = release(fixture_site, SAINS, TEMPLATES[0], commune=commune, elements=elements)
    data = press_release_docx(title, body, commune.nom, VERSION, logo_png=png())
    document = open_docx(data)
    words = all_text(document)
    assert squash(wording.typo(HOSTILE)) in words
    for e in elements:
        assert squash(wording.typo(e.nom)) in words
    heading = document.paragraphs[1]  # after the logo
    assert heading.style.name == "Heading 1" and squash(wording.typo(HOSTILE)) in squash(heading.text)
    assert document.core_properties.author == wording.typo(HOSTILE)
    assert squash(document.core_properties.title) == squash(f"{wording.typo(HOSTILE)}, commune du Bassin minier Patrimoine mondial")
    # Only the links the template writes: the name's « link » stayed text.
    assert "javascript:alert(1)" not in [h.url for p in document.paragraphs for h in p.hyperlinks]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body_xml = zf.read("word/document.xml").decode()
    assert "<w:p> ]]>" not in body_xml and "&lt;w:p&gt; ]]&gt; &amp;" in body_xml
    # Characters XML cannot hold are dropped, not fatal.
    assert open_docx(press_release_docx("Titre\x00\x0b", "Texte\x01 ici\n", "Commune\x1f", VERSION)).paragraphs[1].text == "Texte ici"


def test_logo_at_the_top_with_alt_text() -> None:
    document = open_docx(press_release_docx("Titre", "Texte.\n", "Lens", VERSION, logo_png=png()))
    assert len(document.inline_shapes) == 1
    assert document.paragraphs[0]._p.find(f".//{qn('wp:inline')}") is not None
    doc_pr = document.inline_shapes[0]._inline.docPr
    assert doc_pr.get("descr") == "Bloc-marque Bassin minier Patrimoine mondial de Lens"
    custom = open_docx(press_release_docx("Titre", "Texte.\n", "Lens", VERSION, logo_png=png(), logo_alt="Logo de Lens"))
    assert custom.inline_shapes[0]._inline.docPr.get("descr") == "Logo de Lens"
    assert round(custom.inline_shapes[0].width.mm) == 50


def test_the_version_date_stamps_the_document(releases: list) -> None:
    """The data's date, not the clock, dates the document (its sameness across processes: test_same_bytes_in_another_process)."""
    title, body, data = releases[0]
    later = press_release_docx(title, body, "Sains-en-Gohelle", "2027-01-15")
    assert later != data
    with zipfile.ZipFile(io.BytesIO(later)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2027, 1, 15, 0, 0, 0)}
    assert open_docx(later).core_properties.modified.date().isoformat() == "2027-01-15"


SAME_BYTES = """
import hashlib, json, sys
from pathlib import Path
from generator.make.word import press_release_docx
title, body, commune, version = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
logo = Path(sys.argv[2]).read_bytes()
for data in (press_release_docx(title, body, commune, version), press_release_docx(title, body, commune, version, logo)):
    print(hashlib.sha256(data).hexdigest())
"""


def test_same_bytes_in_another_process(tmp_path: Path, releases: list) -> None:
    """No clock, time zone or hash order leaks in: another process, seed and zone give the same bytes,
    for a real release, without and with its logo."""
    title, body, _data = releases[0]
    logo = png()
    (tmp_path / "release.json").write_text(json.dumps([title, body, "Sains-en-Gohelle", VERSION]), encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(logo)
    here = [hashlib.sha256(press_release_docx(title, body, "Sains-en-Gohelle", VERSION, *extra)).hexdigest()
            for extra in ((), (logo,))]
    env = {**os.environ, "PYTHONHASHSEED": other_seed(), "TZ": "Pacific/Kiritimati"}
    there = subprocess.run([sys.executable, "-c", SAME_BYTES, str(tmp_path / "release.json"), str(tmp_path / "logo.png")],
                           env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    assert there == here


def test_docx_is_a_clean_zip(releases: list) -> None:
    data = releases[0][2]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        infos = zf.infolist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    assert {i.date_time for i in infos} == {(2026, 6, 30, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    for i in infos:  # the logo, a PNG, is stored as is; the XML parts are deflated
        assert i.compress_type == (zipfile.ZIP_STORED if i.filename.endswith(archive.STORED) else zipfile.ZIP_DEFLATED)
    # The template's thumbnail of an empty page and its English copy of the styles are gone.
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names
    assert archive.normalise_docx(data, VERSION) == data  # already normal


def test_libreoffice_reads_it(tmp_path: Path, releases: list) -> None:
    """LibreOffice, as a commune's staff would, opens the Word file and finds its text. Skipped where LibreOffice
    is missing, unless BM_REQUIRE_LIBREOFFICE=1 (set by .ci/run)."""
    if shutil.which("soffice") is None:
        if os.environ.get("BM_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("BM_REQUIRE_LIBREOFFICE=1 mais LibreOffice (soffice) est absent", pytrace=False)
        pytest.skip("LibreOffice (soffice) absent : conversion non vérifiée (apt-get install libreoffice-writer-nogui)")
    source = tmp_path / "communique.docx"
    source.write_bytes(releases[0][2])
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=180, capture_output=True)
    converted = squash((tmp_path / "communique.txt").read_text(encoding="utf-8-sig"))
    assert "Sains-en-Gohelle" in converted and "Église Sainte-Marguerite" in converted


# --- the ZIP helper -----------------------------------------------------------------------------

ENTRIES = {"b.txt": b"deux", "logo.png": b"\x89PNG" * 50, "a/z.xml": b"<z/>", "[Content_Types].xml": b"<Types/>", "a/b.xml": b"<b/>" * 100,
           "é/été.txt": "été".encode()}
DATE = (2026, 6, 30, 0, 0, 0)


def test_zip_is_reproducible_and_ordered() -> None:
    first = archive.deterministic_zip(ENTRIES, DATE)
    assert archive.deterministic_zip(dict(reversed(list(ENTRIES.items()))), DATE) == first
    assert archive.deterministic_zip(ENTRIES, "2026-06-30") == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == sorted(ENTRIES)
        assert {n: zf.read(n) for n in zf.namelist()} == ENTRIES
        for info in zf.infolist():
            assert info.date_time == DATE
            assert info.external_attr >> 16 == 0o100644 and info.create_system == 3
            assert info.compress_type == (zipfile.ZIP_STORED if info.filename == "logo.png" else zipfile.ZIP_DEFLATED)
            assert info.extra == b"" and info.comment == b""
            assert bool(info.flag_bits & 0x800) == (not info.filename.isascii())  # UTF-8 names flagged
    assert archive.deterministic_zip(ENTRIES, (2026, 7, 1, 0, 0, 0)) != first


def test_zip_keeps_named_entries_first() -> None:
    data = archive.deterministic_zip(ENTRIES, DATE, first=archive.DOCX_FIRST + ("absent.xml",))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(n for n in ENTRIES if n != "[Content_Types].xml")


def test_normalise_docx_reorders_and_restamps() -> None:
    messy = io.BytesIO()
    with zipfile.ZipFile(messy, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in ("word/document.xml", "_rels/.rels", "[Content_Types].xml"):
            zf.writestr(name, f"<{name}/>")  # stamped with the current time
    normal = archive.normalise_docx(messy.getvalue(), VERSION)
    with zipfile.ZipFile(io.BytesIO(normal)) as zf:
        assert zf.namelist() == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
        assert {i.date_time for i in zf.infolist()} == {DATE}
        assert zf.read("_rels/.rels") == b"<_rels/.rels/>"
    assert archive.normalise_docx(normal, VERSION) == normal


@pytest.mark.parametrize("bad", ["2026-13-01", "30/06/2026", "", "1979-12-31"])
def test_bad_versions_are_refused(bad: str) -> None:
    with pytest.raises(BuildError, match="version"):
        archive.date_of(bad)
    with pytest.raises(BuildError):
        press_release_docx("Titre", "Texte.\n", "Lens", bad)


@pytest.mark.parametrize("name", ["/abs.txt", "../up.txt", "a/../b.txt", "win\\path.txt", ""])
def test_unsafe_entry_names_are_refused(name: str) -> None:
    with pytest.raises(BuildError):
        archive.deterministic_zip({name: b"x"}, DATE)


def _at_its_fullest(site: Site, commune: Any, template: str) -> list[Any]:
    """The commune with as much of its own words as the release takes (occasions.ROOM), in the shapes that take the most
    lines: the whole room in the quote; in MAX_RENDEZ_VOUS rendez-vous (more paragraphs, each with its date line and
    link); a shorter quote and rendez-vous; the whole room in the presentation (the commune's release); the longest press
    contact with the rest in the quote or the presentation."""
    from generator.content import occasions
    from generator.content.model import RendezVous
    from generator.content.validate import MAX_RENDEZ_VOUS

    name = next(n for n, t, _label, _when in plan.PRESS_RELEASES if t == template)
    day, _last = occasions.announced_between(name, site.bien.version_date, site.bien.date_inscription)
    link = "https://www.exemple.fr/agenda/programme"

    def words(n: int, word: str = "patrimoine ") -> str:
        return (word * (n // len(word) + 1))[:n - 1].strip() + "."

    # A press contact (it takes the mairie's place) as long as its fields allow; the rest of the room for the others.
    contact = Contact(words(80, "Service "), words(80, "Direction "), "presse-" + "x" * 52 + "@ville-exemple.fr", "03 21 00 00 00")
    room = occasions.ROOM - len(contact.nom) - len(contact.fonction)

    def quote(room: int) -> Quote:
        auteur, fonction = "Prénom Nom-Composé", "Maire de " + commune.nom
        return Quote(words(room - occasions.QUOTE_LINE - len(auteur) - len(fonction), "mémoire "), auteur, fonction)

    def rendez_vous(count: int, room: int) -> tuple[Any, ...]:
        each = room // count - occasions.RENDEZ_VOUS_LINE - len(link)
        return tuple(RendezVous(name, day, words(each // 4, "visite "), "14 h 30", words(each // 4, "devant "),
                                words(each - 2 * (each // 4), "ouverte "), link) for _ in range(count))

    whole = occasions.ROOM
    shapes = [dict(citation_maire=quote(whole)),
              dict(rendez_vous=rendez_vous(MAX_RENDEZ_VOUS, whole)),
              dict(citation_maire=quote(whole // 3), rendez_vous=rendez_vous(2, whole * 2 // 3)),
              dict(contact_presse=contact, citation_maire=quote(room))]
    if name == occasions.COMMUNE_RELEASE:
        shapes += [dict(presentation=words(whole)), dict(contact_presse=contact, presentation=words(room))]
    fullest = [dataclasses.replace(commune, **shape) for shape in shapes]
    for c in fullest:
        assert occasions.ROOM - 10 <= occasions.own_words(c, name) <= occasions.ROOM, occasions.own_words(c, name)
    return fullest


def test_the_longest_releases_fit_one_page_in_libreoffice(tmp_path: Path, site: Site) -> None:
    """A journalist prints one page: the six longest releases of the 92 communes, as published (with the download
    line) and with a logo of the print lockup's size, converted to PDF by LibreOffice, are one page each, and so is the
    longest of each kind with as much of the commune's own words as validation lets in; with the
    largest map and a portrait photo, these follow on a second page and no third (the text did not move to page 2)."""
    if shutil.which("soffice") is None:
        if os.environ.get("BM_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("BM_REQUIRE_LIBREOFFICE=1 mais LibreOffice (soffice) est absent", pytrace=False)
        pytest.skip("LibreOffice (soffice) absent : mise en page non vérifiée")
    from generator.site import image_jobs
    bodies = []
    for slug, commune in site.communes.items():
        for template in TEMPLATES:
            title, body = release(site, slug, template)
            bodies.append((len(body) + 3 * body.count("\n"), slug, template, title, body))
    longest = sorted(bodies, reverse=True)[:6]
    # The longest of each kind of release again, with as much of the commune's own words as validation lets in: the
    # longest as it is, and the longest once a quote turns it brief (its inventory counted, its « À propos » short).
    brief = Quote("Oui.", "Prénom Nom")
    for template in TEMPLATES:
        briefs = [(len(b) + 3 * b.count("\n"), slug) for slug, c in site.communes.items()
                  for _t, b in [release(site, slug, template, commune=dataclasses.replace(c, citation_maire=brief))]]
        for slug in {max(b for b in bodies if b[2] == template)[1], max(briefs)[1]}:
            for fuller in _at_its_fullest(site, site.communes[slug], template):
                title, body = release(site, slug, template, commune=fuller)
                longest.append((0, slug, template, title, body))
    sources = []
    for _size, slug, _template, title, body in longest:
        lockup = image_jobs.colour_png(image_jobs.lockup_files(site, site.communes[slug], None), "impression")
        logo = io.BytesIO()
        Image.new("RGB", (lockup.width, lockup.height), "white").save(logo, "PNG")
        path = tmp_path / f"{slug}-{len(sources)}.docx"
        path.write_bytes(press_release_docx(title, body, site.communes[slug].nom, VERSION, logo.getvalue()))
        sources.append(path)
    # A map as tall as it is wide (the tallest commune maps) and a portrait photo, with three-line captions.
    figures = []
    for size in ((1280, 1300), (960, 1280)):
        picture = io.BytesIO()
        Image.new("RGB", size, "grey").save(picture, "PNG")
        figures.append(word.Figure(picture.getvalue(), size, "Texte de remplacement", "Légende assez longue. " * 12))
    for _size, slug, _template, title, body in longest[:2]:
        path = tmp_path / f"{slug}-illustre-{len(sources)}.docx"
        path.write_bytes(press_release_docx(title, body, site.communes[slug].nom, VERSION, logo.getvalue(), figures=tuple(figures)))
        sources.append(path)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, sources)], check=True, timeout=300, capture_output=True)
    for path in sources:
        pdf = path.with_suffix(".pdf").read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
        assert pages == (2 if "-illustre-" in path.stem else 1), f"{path.stem} : {pages} pages"


def test_ordinals_are_superscript_letters_in_word(releases: list) -> None:
    """« 36ᵉ session »: the pages' modifier letter (Arial has none) is, in Word, a superscript « e » after « 36 »."""
    _title, _body, data = releases[0]  # the commune's release: its « À propos » names the 36th session
    runs = [r for p in open_docx(data).paragraphs for r in p.runs]
    ordinal = next(i for i, r in enumerate(runs) if r.font.superscript)
    assert runs[ordinal].text == "e" and runs[ordinal - 1].text.endswith("36") and runs[ordinal + 1].text.startswith(" session")
    assert not any("ᵉ" in r.text or "ʳ" in r.text for r in runs)
