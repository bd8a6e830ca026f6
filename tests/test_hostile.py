"""Hostile and broken input (issue 12): refused in French, or published as inert text, never run.

Two halves, both on copies of the fixture (tests/fixture/content, three communes):

- **Refused**: each case changes one value of one record (commune, element, component part, bien.yml,
  marque.yml, types.yml) or writes one visibility-audit result file (content/audits/AAAA-MM-JJ.json).
  `valider` and `kits` must both stop with exit code 2 and a French message naming the file, the line and
  the field, write nothing (the output folder is left as it was) and raise nothing (no traceback). The
  command line runs in this process (`generator.__main__.main`, tens of milliseconds a case); one case per
  kind of file also runs as `python -m generator`, in a process of its own.
- **Inert**: every hostile but valid payload at once (markup, Markdown attribute lists, fences, links to
  javascript:, spreadsheet formulas…) in one copy of the fixture, built once with the site's address (so
  that snippets, embeds, oEmbed and JSON-LD exist), then each text output is read in its own language
  (HTML, XML, JSON, CSV, the Word and ZIP files), and the MkDocs site is opened in Chromium: no dialog,
  no attribute or script a payload brought. The Chromium part is skipped when Chromium or Playwright is
  missing, unless BM_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from browser import PASTED_PAGE, free_port, launch, missing_browser, serve
from conftest import FIXTURE, ROOT, mkdocs_build, mkdocs_project, tree_digest
from generator import pipeline
from generator.__main__ import main

# --- Refused: one broken value per case ------------------------------------------------------------

COMMUNE = "communes/sains-en-gohelle.yml"
WEAK = "communes/aix-noulette.yml"
LONG_PATH = "photos/" + "a" * 10_000 + ".png"


@dataclass(frozen=True)
class Case:
    id: str
    rel: str
    """The file changed, relative to content/; audits/… for an audit result file."""
    old: str
    new: str
    expect: str
    """What the message must say besides file and line: the field (« … ») or the site."""
    marker: str | None = None
    """A text of the changed file on the line the message must name (default: the first line of `new`)."""
    images: tuple[tuple[str, tuple[int, int]], ...] = ()
    """PNG files to add to content/ first: (path, (width, height))."""


def c(id: str, rel: str, old: str, new: str, expect: str, marker: str | None = None,
      images: tuple[tuple[str, tuple[int, int]], ...] = ()) -> Case:
    return Case(id, rel, old, new, expect, marker, images)


def png(size: tuple[int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", size, (180, 40, 40, 255)).save(buf, format="PNG")
    return buf.getvalue()


# Element 87B of Sains-en-Gohelle, its lines as the fixture writes them.
E = "  nom: Église Sainte-Marguerite\n"

REFUSED: list[Case] = [
    # A commune's record: identity, editorial fields, addresses, paths.
    c("insee-newline", COMMUNE, "insee: '62737'", 'insee: "62737\\n"', "« insee »"),
    c("insee-number", COMMUNE, "insee: '62737'", "insee: 62737", "« insee »"),
    c("insee-short", COMMUNE, "insee: '62737'", "insee: '6273'", "« insee »"),
    c("siren-short", COMMUNE, "siren_epci: '246200364'\nlien", "siren_epci: '24620036'\nlien", "« siren_epci »"),
    c("departement", COMMUNE, "departement: Pas-de-Calais (62)", "departement: <b>Nord</b>", "« departement »"),
    c("lien", COMMUNE, "lien: direct", "lien: 'direct\\n'", "« lien »"),
    c("intercommunalite-nul", COMMUNE, "intercommunalite: CA de Lens - Liévin",
      'intercommunalite: "CA de Lens\\0- Liévin"', "« intercommunalite »"),
    c("nom-raw-nul", COMMUNE, "nom: Sains-en-Gohelle", "nom: Sains\x00en-Gohelle", "« nom »"),
    c("nom-escape", COMMUNE, "nom: Sains-en-Gohelle", 'nom: "Sains-en-Gohelle\\e[31m"', "« nom »"),
    c("nom-100kb", COMMUNE, "nom: Sains-en-Gohelle", "nom: " + "Sains " * 17_000, "« nom »"),
    c("note-nul", COMMUNE, "lien: direct\n", 'lien: direct\nnote: "a\\0b"\n', "« note »", "note:"),
    c("note-bidi", COMMUNE, "lien: direct\n", 'lien: direct\nnote: "abc\\u202Efdp.exe"\n', "« note »", "note:"),
    c("presentation-surrogate", COMMUNE, "lien: direct\n", 'lien: direct\npresentation: "a\\uD800b"\n', "« presentation »",
      "presentation:"),
    c("presentation-line-separator", COMMUNE, "lien: direct\n", 'lien: direct\npresentation: "a\\u2028b"\n',
      "« presentation »", "presentation:"),
    c("presentation-too-long", COMMUNE, "lien: direct\n", "lien: direct\npresentation: " + "Texte. " * 1000 + "\n",
      "« presentation »", "presentation:"),
    c("site-svg", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: https://exemple.fr/<svg/onload=alert(1)>\n",
      "« site_web »", "site_web:"),
    c("site-quote", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: 'https://exemple.fr/\"onmouseover=alert(1)'\n",
      "« site_web »", "site_web:"),
    c("site-javascript", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: javascript:alert(1)\n", "« site_web »",
      "site_web:"),
    c("site-data", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: 'data:text/html,<script>alert(1)</script>'\n",
      "« site_web »", "site_web:"),
    c("site-userinfo", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: https://mairie.fr@evil.example/\n",
      "« site_web »", "site_web:"),
    c("site-port", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: https://exemple.fr:99999/\n", "« site_web »",
      "site_web:"),
    c("site-space", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: 'https://exemple.fr/a b'\n", "« site_web »",
      "site_web:"),
    c("site-braces", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: 'https://exemple.fr/{: onfocus=x }'\n",
      "« site_web »", "site_web:"),
    c("site-backslash", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: 'https://exemple.fr\\\\@evil.example/'\n",
      "« site_web »", "site_web:"),
    c("site-newline", COMMUNE, "lien: direct\n", 'lien: direct\nsite_web: "https://exemple.fr/\\n"\n', "« site_web »",
      "site_web:"),
    c("site-host", COMMUNE, "lien: direct\n", "lien: direct\nsite_web: https://-exemple.fr/\n", "« site_web »",
      "site_web:"),
    c("logo-traversal", COMMUNE, "lien: direct\n", "lien: direct\nlogo: ../../../../etc/passwd\n", "« logo »", "logo:"),
    c("logo-nul", COMMUNE, "lien: direct\n", 'lien: direct\nlogo: "photos/logo\\0.png"\n', "« logo »", "logo:"),
    c("logo-10kb", COMMUNE, "lien: direct\n", f"lien: direct\nlogo: {LONG_PATH}\n", "« logo »", "logo:"),
    c("logo-1px", COMMUNE, "lien: direct\n", "lien: direct\nlogo: logos/petit.png\n", "trop petite", "logo:",
      images=(("logos/petit.png", (1, 1)),)),
    c("logo-199px", COMMUNE, "lien: direct\n", "lien: direct\nlogo: logos/petit.png\n", "trop petite", "logo:",
      images=(("logos/petit.png", (400, 199)),)),
    c("logo-thread", COMMUNE, "lien: direct\n", "lien: direct\nlogo: logos/fil.png\n", "trop allongée", "logo:",
      images=(("logos/fil.png", (4000, 200)),)),
    c("contact-email", COMMUNE, "lien: direct\n",
      "lien: direct\ncontact_presse:\n  nom: Service\n  courriel: 'a){:onfocus=alert(1)}@exemple.fr'\n", "« courriel »",
      "courriel:"),
    c("contact-email-newline", COMMUNE, "lien: direct\n",
      'lien: direct\ncontact_presse:\n  nom: Service\n  courriel: "presse@exemple.fr\\n"\n', "« courriel »", "courriel:"),
    c("contact-telephone-newline", COMMUNE, "lien: direct\n",
      'lien: direct\ncontact_presse:\n  nom: Service\n  telephone: "03 21 00 00 00\\n"\n', "« telephone »", "telephone:"),
    c("citation-nul", COMMUNE, "lien: direct\n",
      'lien: direct\ncitation_maire:\n  texte: "Bienvenue\\x07"\n  auteur: Maire\n', "« texte »", "texte:"),
    # An element (87B).
    c("code-newline", COMMUNE, "- code: 87B", '- code: "87B\\n"', "« code »"),
    c("code-lower", COMMUNE, "- code: 87B", "- code: 87b", "« code »"),
    c("composante", COMMUNE, "  composante: 1360-087\n  nom: Église", "  composante: 1360-87\n  nom: Église", "« composante »"),
    c("element-nom-nul", COMMUNE, E, '  nom: "Église\\0"\n', "« nom »"),
    c("element-nom-too-long", COMMUNE, E, "  nom: " + "Église " * 60 + "\n", "« nom »"),
    c("element-type", COMMUNE, "  type: église", "  type: <script>", "« type »"),
    c("latitude-out", COMMUNE, "  latitude: 50.43917", "  latitude: 91", "« latitude »"),
    c("latitude-comma", COMMUNE, "  latitude: 50.43917", "  latitude: 50,43917", "« latitude »"),
    c("latitude-nan", COMMUNE, "  latitude: 50.43917", "  latitude: .nan", "« latitude »"),
    c("longitude-inf", COMMUNE, "  longitude: 2.68333", "  longitude: .inf", "« longitude »"),
    c("longitude-text", COMMUNE, "  longitude: 2.68333", "  longitude: '2.68333'", "« longitude »"),
    c("protection", COMMUNE, "  protection: non\n  source: S1:batis\n  photos:",
      "  protection: 'non\\n'\n  source: S1:batis\n  photos:", "« protection »"),
    c("terril", COMMUNE, E, E + "  numero_terril: T74\n", "« numero_terril »", "numero_terril"),
    c("longueur-negative", COMMUNE, E, E + "  longueur_m: -5\n", "« longueur_m »", "longueur_m"),
    c("longueur-huge", COMMUNE, E, E + "  longueur_m: 1000000000000\n", "« longueur_m »", "longueur_m"),
    c("longueur-bool", COMMUNE, E, E + "  longueur_m: true\n", "« longueur_m »", "longueur_m"),
    c("element-site", COMMUNE, E, E + "  site_web: https://exemple.fr/)<img src=x onerror=alert(1)>\n", "« site_web »",
      "  site_web: https://exemple.fr/)"),
    c("photo-absolute", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg", "  - fichier: /etc/passwd",
      "« fichier »"),
    c("photo-tiny", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg", "  - fichier: photos/petite.png",
      "trop petite", images=(("photos/petite.png", (1, 1)),)),
    c("photo-thumbnail", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg", "  - fichier: photos/vignette.png",
      "600 pixels au moins sur le plus petit côté", images=(("photos/vignette.png", (900, 599)),)),
    c("photo-strip", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg", "  - fichier: photos/bande.png",
      "trop allongée", images=(("photos/bande.png", (6000, 1000)),)),
    # Mistakes an editor makes, each said with what was typed and what to do (issue 12's weak messages).
    c("lien-yes", COMMUNE, "lien: direct", "lien: yes", "« yes » est lu comme un oui/non"),
    c("protection-no", COMMUNE, "  protection: non\n  source: S1:batis\n  photos:", "  protection: no\n  source: S1:batis\n  photos:",
      "« no » est lu comme un oui/non (vouliez-vous dire « non » ?)"),
    c("terril-number", COMMUNE, E, E + "  numero_terril: 195\n", "« 195 » n’a pas la forme attendue (T suivi", "numero_terril"),
    c("longueur-unit", COMMUNE, E, E + "  longueur_m: 8 km\n", "« 8 km » n’est pas un nombre entier ; écrivez seulement le nombre",
      "longueur_m"),
    c("insee-curly-quotes", COMMUNE, "insee: '62737'", "insee: ‘62737’", "guillemets ‘ ’ ou “ ” d’un traitement de texte"),
    c("nom-nbsp-end", COMMUNE, "nom: Sains-en-Gohelle", 'nom: "Sains-en-Gohelle\u00a0"', "espace insécable en début ou en fin"),
    c("nom-zero-width", COMMUNE, "nom: Sains-en-Gohelle", 'nom: "Sains-en-\u200bGohelle"', "U+200B"),
    c("photo-backslashes", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg",
      "  - fichier: photos\\sains-en-gohelle\\image-de-test.jpg", "séparez les dossiers par des barres obliques"),
    c("photo-windows-path", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg",
      "  - fichier: C:\\Users\\marie\\eglise.jpg", "chemin de votre ordinateur"),
    c("photo-letter-case", COMMUNE, "  - fichier: photos/sains-en-gohelle/image-de-test.jpg",
      "  - fichier: photos/sains-en-gohelle/Image-de-test.JPG", "majuscules et minuscules comptent"),
    c("type-misaligned", COMMUNE, E + "  type: église\n", E + "   type: église\n", "la ligne « type: » est décalée de 1 espace",
      "   type: église"),
    c("photo-alt-nul", COMMUNE, "    alt: Image de test sans", '    alt: "\\0"\n    x_alt: Image de test sans', "« alt »"),
    c("description-escape", COMMUNE, E, E + '  description: "\\e]0;titre\\a"\n', "« description »", '  description: "\\e'),
    c("source", COMMUNE, "  protection: non\n  source: S1:batis\n  photos:",
      "  protection: non\n  source: 'S1:batis\\n'\n  photos:", "« source »", "source: 'S1"),
    # A component part.
    c("composante-numero", "composantes.yml", "  numero: 87", "  numero: '87'", "« numero »"),
    c("composante-numero-zero", "composantes.yml", "  numero: 87", "  numero: 0", "« numero »"),
    c("composante-surface", "composantes.yml", "  surface_ha: 46.1", "  surface_ha: -1", "« surface_ha »"),
    c("composante-nom-nul", "composantes.yml", "  nom: Cité n°10 de Béthune", '  nom: "Cité\\0"', "« nom »"),
    c("composante-id-newline", "composantes.yml", "- id: 1360-087", '- id: "1360-087\\n"', "« id »"),
    # bien.yml.
    # An impossible date: its line and its value (tests/test_pipeline.py holds these messages word for word).
    c("bien-date-feb30", "bien.yml", "date_inscription: 2012-06-30", "date_inscription: 2012-02-30", "« 2012-02-30 »"),
    c("bien-date-month13", "bien.yml", "date_inscription: 2012-06-30", "date_inscription: 2012-13-01", "« 2012-13-01 »"),
    c("bien-date-text", "bien.yml", "date_inscription: 2012-06-30", "date_inscription: trente juin", "« date_inscription »"),
    c("bien-version-date", "bien.yml", "  - date: 2026-11-25", "  - date: 2026-02-30", "« 2026-02-30 »"),
    c("bien-version-year", "bien.yml", "  - date: 2026-11-25", "  - date: 1970-01-01", "« date »"),
    c("bien-version-titre", "bien.yml", "    titre: Première version de la boîte à outils",
      '    titre: "Première version\\e[2J"', "« titre »"),
    c("bien-numero", "bien.yml", "numero_unesco: 1360", "numero_unesco: 1360a", "« numero_unesco »"),
    c("bien-surface-nan", "bien.yml", "surface_ha: 3943", "surface_ha: .nan", "« surface_ha »"),
    c("bien-nom-nul", "bien.yml", "nom: Bassin minier du Nord-Pas de Calais", 'nom: "Bassin\\0minier"', "« nom »"),
    c("bien-lien-javascript", "bien.yml", "    url: https://www.missionbassinminier.org", "    url: javascript:alert(1)",
      "« url »"),
    c("bien-lien-quote", "bien.yml", "    url: https://www.missionbassinminier.org",
      "    url: 'https://www.missionbassinminier.org/\"><svg/onload=alert(1)>'", "« url »"),
    c("bien-office-url", "bien.yml", "    url: https://tourisme-lenslievin.fr\n    siren", "    url: 'https://tourisme-lenslievin.fr/<script>'\n    siren",
      "« url »"),
    c("bien-grand-site-url", "bien.yml", "grands_sites: []",
      "grands_sites:\n  - nom: Grand site\n    element: 87A\n    site_web: https://exemple.fr/<svg/onload=alert(1)>",
      "« site_web »", "    site_web:"),
    c("bien-grand-site-element", "bien.yml", "grands_sites: []", "grands_sites:\n  - nom: Grand site\n    element: \"87A\\n\"",
      "« element »", "    element:"),
    # marque.yml.
    c("marque-gris-newline", "marque.yml", '  gris: "#41474D"', '  gris: "#41474D\\n"', "« gris »"),
    c("marque-gris-comment", "marque.yml", '  gris: "#41474D"', "  gris: #41474D", "un # sans guillemets commence un commentaire"),
    c("marque-rouge-name", "marque.yml", '  rouge: "#B3262C"', "  rouge: red", "« rouge »"),
    c("marque-largeur-zero", "marque.yml", "largeur_min_ecran_px: 120", "largeur_min_ecran_px: 0", "« largeur_min_ecran_px »"),
    c("marque-police-traversal", "marque.yml", "  titres: marque/polices/SourceSansPro-Bold.ttf",
      "  titres: ../../../../usr/share/fonts/x.ttf", "« titres »"),
    c("marque-police-absent", "marque.yml", "  titres: marque/polices/SourceSansPro-Bold.ttf",
      "  titres: marque/polices/absente.ttf", "« titres »"),
    c("marque-officiel-small", "marque.yml", "palette:", "logo_officiel:\n  couleur: marque/o/c.png\n  noir_blanc: marque/o/n.png\n"
      "  negatif: marque/o/x.png\npalette:", "trop petite", "  couleur:",
      images=(("marque/o/c.png", (10, 4)), ("marque/o/n.png", (1200, 600)), ("marque/o/x.png", (1200, 600)))),
    c("marque-ligne-nul", "marque.yml", "  - Bassin minier\n", '  - "Bassin\\0minier"\n', "lignes_marque"),
    c("marque-nom-too-long", "marque.yml", "nom: Bassin minier Patrimoine mondial",
      "nom: " + "Bassin minier " * 30, "« nom »"),
    c("marque-licence-bidi", "marque.yml", "licence: >-", 'licence: "\\u2066x"\nx_licence: >-', "« licence »"),
    # types.yml.
    c("type-definition-nul", "types.yml", "  \"terril\":\n    pluriel: terrils\n    definition: >-", '  "terril":\n    pluriel: terrils\n    definition: "a\\0"\n    x: >-',
      "« definition »", '    definition: "a'),
]

AUDIT_SITE = {"cle": "commune/sains-en-gohelle", "nom": "Sains-en-Gohelle", "url": "https://exemple.fr/",
              "categorie": "commune", "statut": "lue", "marque": "oui", "mention": "oui", "lien_officiel": "non",
              "extrait": "non", "extrait_a_jour": "sans objet", "pages": []}


def audit_case(id: str, expect: str, sites: Any = None, date: str = "2026-11-30", marker: str | None = None,
               params: Any = None, text: str | None = None, name: str | None = None) -> Case:
    doc = {"date": date, "parametres": {"pages_par_site": 5} if params is None else params,
           "sites": [AUDIT_SITE] if sites is None else sites}
    body = text if text is not None else json.dumps(doc, ensure_ascii=False, indent=2)
    return Case(id, f"audits/{name or date}.json", "", body, expect, marker)


def site(**changes: Any) -> dict[str, Any]:
    return {**AUDIT_SITE, **changes}


REFUSED += [
    audit_case("audit-sites-numbers", "site n° 1", sites=[1, 2], marker="    1,"),
    audit_case("audit-site-list", "site n° 1", sites=[["commune/a"]], marker='    ['),
    audit_case("audit-date-impossible", "2026-02-30", date="2026-02-30", marker='"date"'),
    audit_case("audit-date-mismatch", "date", date="2026-11-29", name="2026-11-30", marker='"date"'),
    audit_case("audit-pages-text", "« pages »", sites=[site(pages="cinq")], marker='"cle"'),
    audit_case("audit-pages-par-site", "« pages_par_site »", params={"pages_par_site": "cinq"}, marker='"pages_par_site"'),
    audit_case("audit-version-extraits", "« version_extraits »", params={"version_extraits": "hier"}, marker='"version_extraits"'),
    audit_case("audit-extrait-versions", "« extrait_versions »", sites=[site(extrait_versions=["2026-02-30"])], marker='"cle"'),
    audit_case("audit-nom-number", "« nom »", sites=[site(nom=12)], marker='"cle"'),
    audit_case("audit-erreur-nul", "« erreur »", sites=[site(statut="erreur", erreur="a\x00b")], marker='"cle"'),
    audit_case("audit-url-too-long", "« url »", sites=[site(url="https://exemple.fr/" + "a" * 5000)], marker='"cle"'),
    audit_case("audit-duplicate", "deux fois", sites=[AUDIT_SITE, AUDIT_SITE], marker=None),
    audit_case("audit-preuves", "« preuves »", sites=[site(preuves="oui")], marker='"cle"'),
    audit_case("audit-json", "JSON", text='{"date": "2026-11-30",\n "sites": [\n}', marker="}"),
    audit_case("audit-nan", "NaN", text='{"date": "2026-11-30",\n "parametres": {"pages_par_site": NaN}, "sites": []}',
               marker="NaN"),
]

FRENCH_ONLY = re.compile(r"\b(could not|expected|found|invalid|error|Traceback|while|not allowed|is a directory)\b")


def _changed_copy(tmp_path: Path, case: Case) -> tuple[Path, int | None]:
    """A copy of the fixture with the case's change; the line the message must name (None: any line)."""
    content = shutil.copytree(FIXTURE, tmp_path / "content")
    for rel, size in case.images:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(png(size))
    target = content / case.rel
    if case.rel.startswith("audits/"):
        target.parent.mkdir(parents=True, exist_ok=True)
        text = case.new
    else:
        before = target.read_text(encoding="utf-8")
        assert before.count(case.old) == 1, f"{case.id}: « {case.old} » must occur once in {case.rel}"
        text = before.replace(case.old, case.new)
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    if case.marker is None and case.rel.startswith("audits/"):
        return content, None
    marker = case.marker or case.new.split("\n")[0].strip()
    lines = text.split("\n")
    found = [i for i, line in enumerate(lines, 1) if marker in line]
    assert found, f"{case.id}: no line holds « {marker} »"
    return content, found[0]


def _check_message(case: Case, err: str, content: Path, line: int | None) -> None:
    shown = f"content/{case.rel}" if not case.rel.startswith("audits/") else (content / case.rel).as_posix()
    assert err.strip(), f"{case.id}: no message"
    wanted = f"{shown}:{line}:" if line else f"{shown}:"
    assert wanted in err, f"{case.id}: the message does not name {wanted}\n{err}"
    if line is None:
        assert re.search(re.escape(shown) + r":[1-9][0-9]*:", err), f"{case.id}: no line in\n{err}"
    mine = [m for m in err.splitlines() if m.startswith(wanted)]
    assert any(case.expect in m for m in mine), f"{case.id}: « {case.expect} » not said at {wanted}\n{err}"
    assert not FRENCH_ONLY.search(err.replace(case.new, "")), f"{case.id}: words not in French\n{err}"


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_refused_with_file_line_and_field(tmp_path: Path, case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """valider and kits agree: exit code 2, a French message at the right line naming the field, nothing written."""
    content, line = _changed_copy(tmp_path, case)
    assert main(["--content", str(content), "valider"]) == 2
    said = capsys.readouterr()
    _check_message(case, said.err, content, line)
    assert said.out == ""
    out = tmp_path / "kits"
    out.mkdir()
    (out / "avant.txt").write_text("le kit d’avant\n", encoding="utf-8")
    before = tree_digest(out)
    assert main(["--content", str(content), "kits", "--out", str(out), "--cache", str(tmp_path / "cache" / "images")]) == 2
    kits_said = capsys.readouterr()
    assert kits_said.err.splitlines()[:-1] == said.err.splitlines()[:-1], "valider and kits disagree"
    assert "rien n’a été écrit" in kits_said.err
    assert tree_digest(out) == before
    assert not (tmp_path / "cache" / "images").exists() or not any((tmp_path / "cache" / "images").iterdir())


ONE_PER_KIND = ["site-svg", "element-nom-nul", "composante-numero", "bien-version-date", "marque-gris-newline",
                "type-definition-nul", "audit-pages-text"]


@pytest.mark.parametrize("case_id", ONE_PER_KIND)
def test_refused_by_the_real_command_line(tmp_path: Path, case_id: str) -> None:
    """The same, as a user runs it: `python -m generator`, its exit code and its standard error, no traceback."""
    case = next(case for case in REFUSED if case.id == case_id)
    content, line = _changed_copy(tmp_path, case)
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    out = tmp_path / "kits"
    for args in (["valider"], ["kits", "--out", str(out), "--cache", str(tmp_path / "cache" / "images")]):
        run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), *args], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        _check_message(case, run.stderr, content, line)
    assert not out.exists()


# --- Inert: every valid payload at once, built once ---------------------------------------------------

def _alert(n: int) -> str:
    return f"alert({n})"


ATTR = "{: onfocus=alert(%d) autofocus tabindex=0 }"

VALID_EDITS: list[tuple[str, str, str]] = [
    (COMMUNE, "lien: direct\n", "lien: direct\n" + "\n".join([
        "site_web: \"https://exemple.fr/x)](javascript:alert(101))'onmouseover='alert(102)'\"",
        "presentation: \"````\\n\\n<img src=x onerror=alert(103)>\\n\\n```\\n\\n<script>alert(104)</script>\\n\\n~~~\\n\\n"
        "<svg/onload=alert(105)>\\n\\n" + ATTR % 106 + "\\n\\n`````\\n\\n<img src=x onerror=alert(118)>\"",
        "note: \"[clic](javascript:alert(107)) ![i](javascript:alert(108)) <http://exemple.fr/\\\"onmouseover=\\\"alert(109)>"
        " &lt;script&gt;alert(110)&lt;/script&gt; {{ 7*7 }} {% raw %} " + ATTR % 117 + "\"",
        "contact_presse:",
        "  nom: \"</textarea><script>alert(111)</script>\"",
        "  fonction: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"",
        "  courriel: presse@exemple.fr",
        "  telephone: 03 21 00 00 00",
        "citation_maire:",
        "  texte: \"\\\"'><img src=x onerror=alert(112)> | col | " + ATTR % 113 + "\"",
        "  auteur: \"<b onmouseover=alert(114)>Maire</b>\"",
    ]) + "\n"),
    (COMMUNE, "rendez_vous:\n", "rendez_vous:\n" + "\n".join([
        "- occasion: sainte-barbe",
        "  date: 2026-12-04",
        "  titre: \"<img src=x onerror=alert(115)>\"",
        "  lieu: \"" + ATTR % 116 + "\"",
        "  description: \"[x](javascript:alert(119)) | col |\"",
        "  lien: \"https://exemple.fr/rv)](javascript:alert(133))\"",
    ]) + "\n"),
    (COMMUNE, "  nom: Cité n°10 de Béthune\n", "  nom: \"Cité n°10 " + ATTR % 120 + " <svg/onload=alert(121)>\"\n"),
    (COMMUNE, E, "  nom: \"=cmd|' /C calc'!A0 \\\"><img src=x onerror=alert(122)>\"\n"
     "  site_web: \"https://exemple.fr/a)](javascript:alert(123))\"\n"
     "  description: \"```` <iframe srcdoc='<script>alert(125)</script>'></iframe>\"\n"
     "  visite: \"" + ATTR % 126 + "\"\n"),
    (COMMUNE, "    alt: Image de test sans rapport avec l'église, un dégradé du gris au rouge avec un triangle sombre et un rectangle clair",
     "    alt: \"\\\"><img src=x onerror=alert(124)>\""),
    (COMMUNE, "    credit: Image de test\n", "    credit: \"" + ATTR % 127 + "<svg onload=alert(128)>\"\n"),
    (COMMUNE, "  nom: Groupe scolaire de la cité n°10\n", "  nom: \"@SUM(1+1)*cmd|' /C calc'!A0 " + ATTR % 129 + "\"\n"),
    ("composantes.yml", "  nom: Cité n°10 de Béthune", "  nom: \"Cité " + ATTR % 130 + " <img src=x onerror=alert(131)>\""),
    ("composantes.yml", "  compagnie: Compagnie des mines de Béthune", "  compagnie: \"-2+3 <script>alert(132)</script>\""),
    ("bien.yml", "grands_sites: []", "grands_sites:\n"
     "  - nom: \"<img src=x onerror=alert(140)>" + ATTR % 141 + "\"\n"
     "    element: 87A\n"
     "    presentation: \"<script>alert(142)</script>\"\n"
     "    source: grands_sites\n"
     "    site_web: \"https://exemple.fr/gs)](javascript:alert(143))\""),
    ("bien.yml", "    description: La structure qui gère", "    description: \"" + ATTR % 145 + "\"\n    x: La structure qui gère"),
    ("bien.yml", "    titre: Première version de la boîte à outils", "    titre: \"<script>alert(146)</script>\""),
    ("bien.yml", "  - nom: Office de tourisme de Lens-Liévin", "  - nom: \"<img src=x onerror=alert(148)>\""),
    ("bien.yml", "    attribution: Mission Bassin Minier Nord-Pas de Calais, data.gouv.fr",
     "    attribution: \"=1+1 <svg onload=alert(149)>\""),
    ("marque.yml", "  - Le poser sur une photo chargée ou un fond qui le rend illisible.",
     "  - \"" + ATTR % 151 + " <script>alert(150)</script>\""),
]
# bien.yml's descriptions are folded blocks: the changed one gets a key the checker refuses… unless removed.
VALID_CLEANUP = [("bien.yml", "    x: La structure qui gère", "    # La structure qui gère")]

AUDIT = {
    "date": "2026-11-30", "parametres": {"pages_par_site": 5, "version_extraits": "2026-11-25"},
    "sites": [
        {"cle": "commune/sains-en-gohelle", "nom": "<img src=x onerror=alert(160)>" + ATTR % 161,
         "url": "https://exemple.fr/\"><svg onload=alert(162)>", "categorie": "commune", "statut": "erreur",
         "erreur": "<script>alert(163)</script> | " + ATTR % 164, "pages": []},
        {"cle": "autre/x", "nom": "Musée ](javascript:alert(165))", "url": "javascript:alert(166)", "categorie": "<b>autre</b>",
         "statut": "lue", "marque": "<b onmouseover=alert(167)>oui</b>", "marque_accueil": "non",
         "mention": ATTR % 168, "lien_officiel": "<img src=x onerror=alert(169)>", "extrait": "oui", "extrait_a_jour": "non",
         "extrait_versions": ["2026-11-25"], "pages": [{"url": "https://exemple.fr/", "statut": "lue"}],
         "preuves": {"marque": [{"page": "https://exemple.fr/", "extrait": "<script>alert(170)</script>"}]}},
    ],
}

ALERTS = [n for n in range(100, 200)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The fixture with every valid payload, its kits built for the address the browser serves them at, and its site."""
    root = tmp_path_factory.mktemp("hostile")
    content = shutil.copytree(FIXTURE, root / "content")
    for rel, old, new in VALID_EDITS + VALID_CLEANUP:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"« {old} » must occur once in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    (content / "audits").mkdir()
    (content / "audits" / "2026-11-30.json").write_text(json.dumps(AUDIT, ensure_ascii=False, indent=2), encoding="utf-8")
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/"
    project = mkdocs_project(root)
    pipeline.build(content, project / "kits", root / "cache" / "images", site_url=site_url)
    return {"content": content, "kits": project / "kits", "project": project, "port": port, "site_url": site_url}


class _Scan(HTMLParser):
    """Everything in an HTML text a payload could have made live: event attributes, javascript: addresses,
    srcdoc, scripts that run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.script: str | None = None
        self.scripts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on") or name == "srcdoc" or (name in ("href", "src", "action", "formaction", "data")
                                                             and v.startswith(("javascript:", "data:text"))):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self.script = dict(attrs).get("type") or "text/javascript"
            self.scripts.append((self.script, ""))

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script = None


def live_markup(html: str) -> list[str]:
    """What in `html` would run or carry a payload's attribute: [] for inert markup."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    found = list(scan.live)
    for kind, text in scan.scripts:
        if kind == "application/ld+json":
            json.loads(text)  # the payload stayed inside its JSON strings
        elif "alert(" in text:
            found.append(f"<script>{text[:80]}")
    return found


def test_text_outputs_hold_payloads_as_text(hostile: dict[str, Any]) -> None:
    """Every text the kits hold, read in its own language: the payloads are there, and only as text."""
    kits: Path = hostile["kits"]
    seen = {"html": 0, "json": 0, "csv": 0, "xml": 0, "zip": 0, "docx": 0, "svg": 0}
    everything = ""
    for path in sorted(p for p in kits.rglob("*") if p.is_file()):
        rel = path.relative_to(kits).as_posix()
        suffix = path.suffix
        if suffix == ".html":
            text = path.read_text(encoding="utf-8")
            assert live_markup(text) == [], rel
            seen["html"] += 1
        elif suffix in (".json", ".geojson"):
            doc = json.loads(path.read_text(encoding="utf-8"))
            if rel.startswith("oembed-"):
                assert "<" not in doc["title"] and ">" not in doc["title"], rel
                assert live_markup(doc["html"]) == [], rel
            seen["json"] += 1
        elif suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            for row in rows[1:]:
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{rel}: formula {cell!r}"
            seen["csv"] += 1
        elif suffix in (".xml", ".svg"):
            tree = ElementTree.parse(path)
            for node in tree.iter():
                tag = node.tag.rsplit("}", 1)[-1]
                assert tag not in ("script", "img", "iframe", "foreignObject"), f"{rel}: <{tag}>"
                assert not any(k.rsplit("}", 1)[-1].startswith("on") for k in node.attrib), rel
            seen["xml" if suffix == ".xml" else "svg"] += 1
        elif suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.endswith(".html"):
                        assert live_markup(z.read(name).decode("utf-8")) == [], f"{rel}/{name}"
            seen["zip"] += 1
        elif suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                ElementTree.fromstring(z.read("word/document.xml"))  # payloads escaped: the XML still parses
            seen["docx"] += 1
        if suffix in (".html", ".json", ".txt", ".md", ".xml", ".csv", ".geojson"):
            text = path.read_text(encoding="utf-8")
            everything += text
            bad = [ch for ch in text if ch < " " and ch not in "\n\t"]
            assert not bad, f"{rel}: control characters {bad!r}"
    assert all(seen.values()), seen
    # The payloads are published (as text), not dropped: a test that saw none of them would prove nothing.
    for n in (103, 111, 112, 121, 122, 124, 131, 140, 146, 150):
        assert _alert(n) in everything, n
    # The spreadsheet formulas are there, behind their apostrophe.
    elements = (kits / "donnees" / "elements.csv").read_text(encoding="utf-8")
    assert "'=cmd|" in elements and "'@SUM(1+1)" in elements


PAGES = ["", "communes/", "communes/sains-en-gohelle/", "communes/sains-en-gohelle/page-patrimoine/",
         "communes/sains-en-gohelle/communiques/", "communes/sains-en-gohelle/integrer/", "communes/sains-en-gohelle/logo/",
         "communes/aix-noulette/", "elements/", "elements/87a/", "elements/87b/",
         "elements/87c/", "comprendre/", "comprendre/grands-sites/", "comprendre/parties-constitutives/",
         "agir/accueillir/", "agir/communiquer/", "donnees/", "ressources/audit/", "marque/", "presse/",
         "ressources/mentions-legales/", "integrer/communes/sains-en-gohelle.html", "integrer/elements/87a.html",
         "integrer/elements/87b.html"]

FIND_LIVE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on') || a.name === 'srcdoc' ||
          (['href', 'src', 'action', 'formaction'].includes(a.name) && v.startsWith('javascript:')))
        found.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 80));
    }
    if (el.tagName === 'SCRIPT' && el.type !== 'application/ld+json' && el.textContent.includes('alert('))
      found.push('SCRIPT ' + el.textContent.slice(0, 80));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(hostile: dict[str, Any]) -> Path:
    reason = missing_browser()
    if reason:
        if os.environ.get("BM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"BM_REQUIRE_BROWSER=1 mais {reason}", pytrace=False)
        pytest.skip(reason)
    built = mkdocs_build(hostile["project"], hostile["site_url"])
    assert built.returncode == 0, built.stderr
    return hostile["project"] / "site"


def test_no_payload_runs_in_chromium(hostile: dict[str, Any], hostile_site: Path, playwright_driver: Any) -> None:
    """The built site's pages, the embed pages and each snippet pasted into a plain page: no dialog, nothing live."""
    for snippet in sorted((hostile["kits"] / "communes" / "sains-en-gohelle" / "snippets").glob("*.html")):
        (hostile_site / f"colle-{snippet.stem}.html").write_text(
            PASTED_PAGE.format(snippet=snippet.read_text(encoding="utf-8")), encoding="utf-8")
    # The HTML pages of the kit's ZIP, which webmasters open and paste from.
    kit_zip = hostile["kits"] / "communes" / "sains-en-gohelle" / "kit-sains-en-gohelle.zip"
    with zipfile.ZipFile(kit_zip) as z:
        for name in z.namelist():
            if name.endswith(".html"):
                target = hostile_site / "zip" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(name))
    pages = (PAGES + sorted(p.name for p in hostile_site.glob("colle-*.html"))
             + sorted(p.relative_to(hostile_site).as_posix() for p in (hostile_site / "zip").rglob("*.html")))
    assert len(pages) > len(PAGES)
    dialogs: list[str] = []
    problems: dict[str, list[str]] = {}
    with serve(hostile_site, hostile["port"]) as base:
        browser = launch(playwright_driver)
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
            for path in pages:
                response = page.goto(base + path, wait_until="load")
                assert response is not None and response.ok, path
                for _ in range(3):  # an autofocus or a focus brought by a payload would fire now
                    page.keyboard.press("Tab")
                page.mouse.move(200, 200)
                page.wait_for_timeout(50)
                live = page.evaluate(FIND_LIVE)
                if live:
                    problems[path] = live
        finally:
            browser.close()
    assert (dialogs, problems) == ([], {}), "\n".join(dialogs + [f"{k}: {v}" for k, v in problems.items()])
    # The audit page shows the audit's hostile texts, as text.
    audit = (hostile_site / "ressources" / "audit" / "index.html").read_text(encoding="utf-8")
    assert "alert(160)" in audit and "alert(163)" in audit


# --- Bounds: what the checker lets through is drawn in a moment; what it refuses would not hang either -----

def test_a_long_title_is_fitted_with_few_measures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The share card's title: every way of breaking a title was tried, a cubic search (320 words: 2.8 s,
    100 kB: hours); a title that cannot fit on its lines at the smallest size now goes straight to the last resort.
    Counted in text measurements, which the search's cost is made of (its time: bench/bench_titles.py)."""
    from generator.make.drawing import cards

    bold = FIXTURE / "marque" / "polices" / "SourceSansPro-Bold.ttf"
    measures = [0]

    def counted(measure: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            measures[0] += 1
            return measure(*args)
        return wrapper

    monkeypatch.setattr(cards, "text_width", counted(cards.text_width))
    monkeypatch.setattr(cards, "_ref_width", counted(cards._ref_width))
    for text in ("Cité " * 20_000, "x" * 100_000, "Cité minière " * 25):
        measures[0] = 0
        lines, size = cards.fit_title(text.strip(), bold, 700, 300, 72)
        assert measures[0] < 1000, (len(text), measures[0])  # the search over every break: millions for 20,000 words
        assert 1 <= len(lines) <= cards.TITLE_LINES and size == cards.TITLE_MIN
        assert lines[-1].endswith(cards.ELLIPSIS)
        measures[0] = 0
        assert cards.ellipsize(text, bold, 30, 700).endswith(cards.ELLIPSIS)
        assert measures[0] < 1000, (len(text), measures[0])  # once per word or letter: 100,000 for the long word
