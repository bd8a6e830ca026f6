"""The HTML snippets and JSON-LD of generator/site/snippets.py, on the fixture and on hostile records; every
shipped commune's snippets go through the same checks once, end to end.

The snippets go into CMSes whose filters we cannot run here: tests/snippet_filters/ ports
WordPress's wp_kses_post and Drupal's Basic HTML format, and the snippets must come out of them
with every image, link and word (WordPress: byte for byte).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from xml.dom.minidom import Element, Node

import html5lib
import pytest
from slugify import slugify
from snippet_filters import drupal, wordpress

from generator import pipeline
from generator.errors import BuildError
from generator.site import snippets, wording, image_jobs
from generator.content.model import Commune, Photo, Site

from conftest import FIXTURE, copy_content

BASE = "https://exemple.github.io/boite-a-outils/"
VERSION = "2026-11-25"
STAMP = "Informations à jour au 25 novembre 2026"
NBSP = "\u00a0"

HOSTILE_ELEMENT = "<img src=x onerror=alert(1)>"
HOSTILE_COMMUNE = 'Sains "</a><script>alert(1)</script>'
HOSTILE_DESCRIPTION = "</script><script>alert(1)</script> <!-- & -->"
HOSTILE_CODE = "87A"  # the fixture's shared element: its name shows in all three kits
SAINS = "sains-en-gohelle"

SNIPPET_TAGS = {"div", "p", "h2", "ul", "li", "a", "img", "strong"}
ROOT_CLASSES = {"badge": "bmpm-badge", "card": "bmpm-carte", "banner": "bmpm-banniere", "signature": "bmpm-signature"}
BANNED_LINK_TEXTS = {"cliquez ici", "ici", "lien", "cliquer ici", "en savoir plus", "lire la suite", "plus"}


# --- Fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A copy of the fixture where Sains-en-Gohelle's record holds markup in its name and in one element's name and description."""
    root = copy_content(FIXTURE, tmp_path_factory.mktemp("hostile") / "content")
    record = root / "communes" / f"{SAINS}.yml"
    source = record.read_text(encoding="utf-8")
    # JSON strings are YAML double-quoted scalars: the markup goes in as it is.
    source = source.replace("\nnom: Sains-en-Gohelle\n", f"\nnom: {json.dumps(HOSTILE_COMMUNE)}\n", 1)
    source = source.replace("  nom: Cité n°10 de Béthune\n",
                            f"  nom: {json.dumps(HOSTILE_ELEMENT)}\n  description: {json.dumps(HOSTILE_DESCRIPTION)}\n", 1)
    assert source.count("onerror") == 1 and source.count("</script>") == 3
    record.unlink()
    for other in (root / "communes").glob("*.yml"):  # records whose elements cross the commune name it
        other.write_text(other.read_text(encoding="utf-8").replace("\n  - Sains-en-Gohelle\n", f"\n  - {json.dumps(HOSTILE_COMMUNE)}\n"),
                         encoding="utf-8")
    (root / "communes" / f"{slugify(HOSTILE_COMMUNE)}.yml").write_text(source, encoding="utf-8")
    (root / "contours" / f"{SAINS}.geojson").rename(root / "contours" / f"{slugify(HOSTILE_COMMUNE)}.geojson")
    return pipeline.validate(root)  # validation accepts markup in names: it is text, escaped where it is shown


@pytest.fixture(scope="module")
def hostile_commune(hostile: Site) -> Commune:
    return next(c for c in hostile.communes.values() if c.nom == HOSTILE_COMMUNE)


@pytest.fixture(scope="module")
def named(fixture_site: Site) -> Site:
    """The fixture with names the three communes lack: an apostrophe (« Condé-sur-l'Escaut ») and « Le Portel »."""
    communes = dict(fixture_site.communes)
    communes["bouvigny-boyeffles"] = dataclasses.replace(communes["bouvigny-boyeffles"], nom="Condé-sur-l'Escaut")
    communes["aix-noulette"] = dataclasses.replace(communes["aix-noulette"], nom="Le Portel")
    return dataclasses.replace(fixture_site, communes=communes)


def all_snippets(site: Site, commune: Commune) -> dict[str, str]:
    return {
        "badge": snippets.badge(site, commune, BASE, VERSION),
        "card": snippets.card(site, commune, BASE, VERSION),
        "banner": snippets.banner(site, commune, BASE, VERSION),
        "signature": snippets.signature(site, commune, BASE, VERSION)[0],
    }


def every_snippet(site: Site) -> Iterator[tuple[str, str, str]]:
    for slug, commune in site.communes.items():
        for kind, markup in all_snippets(site, commune).items():
            yield slug, kind, markup


# --- Reading the HTML ------------------------------------------------------------------------

def parse_document(fragment: str) -> tuple[Node, list[tuple]]:
    """Parse the snippet in a full HTML5 page, as a CMS would serve it; return its <body> and the parse errors."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("dom"), namespaceHTMLElements=False)
    page = f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Page</title></head><body>{fragment}</body></html>'
    doc = parser.parse(page)
    return doc.getElementsByTagName("body")[0], list(parser.errors)


def fragment(markup: str) -> Node:
    return html5lib.parseFragment(markup, treebuilder="dom", namespaceHTMLElements=False)


def elements(node: Node) -> Iterator[Element]:
    for child in node.childNodes:
        if child.nodeType == Node.ELEMENT_NODE:
            yield child
            yield from elements(child)


def text_of(node: Node) -> str:
    if node.nodeType == Node.TEXT_NODE:
        return node.data
    return "".join(text_of(c) for c in node.childNodes)


def norm(s: str) -> str:
    return " ".join(s.split())


def blocks(node: Node) -> list[tuple[str, str]]:
    """The text in reading order, block by block: (tag, text) for headings, paragraphs and list items."""
    return [(e.tagName, norm(text_of(e))) for e in elements(node) if e.tagName in ("h2", "h3", "p", "li")]


def links(node: Node) -> list[tuple[str, str]]:
    return [(norm(text_of(a)), a.getAttribute("href")) for a in elements(node) if a.tagName == "a"]


def images(node: Node) -> list[tuple[str, str]]:
    return [(i.getAttribute("src"), i.getAttribute("alt")) for i in elements(node) if i.tagName == "img"]


def loose_text(node: Node) -> str:
    """Text sitting outside any block element: after a filter unwraps div, it would run into the page."""
    out = []
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            out.append(child.data)
        elif child.nodeType == Node.ELEMENT_NODE and child.tagName not in ("p", "h2", "h3", "ul", "ol", "li"):
            out.append(loose_text(child))
    return norm("".join(out))


def styles(e: Element) -> dict[str, str]:
    out = {}
    for item in e.getAttribute("style").split(";"):
        if ":" in item:
            name, value = item.split(":", 1)
            out[name.strip()] = value.strip()
    return out


def wcag_contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, computed here independently of the module under test."""
    def lum(h: str) -> float:
        chans = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colours(node: Node, colour: str | None = None, background: str | None = None) -> Iterator[tuple[str, str | None, str | None]]:
    """(text, colour, background) for every piece of text, from the inline styles it inherits."""
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE and child.data.strip():
            yield child.data, colour, background
        elif child.nodeType == Node.ELEMENT_NODE:
            st = styles(child)
            yield from text_colours(child, st.get("color", colour), st.get("background-color", background))


def root_of(markup: str) -> Element:
    roots = [c for c in fragment(markup).childNodes if c.nodeType == Node.ELEMENT_NODE]
    assert len(roots) == 1, "a snippet is one element"
    return roots[0]


# --- Checks of one snippet, for the unit tests and for every shipped commune ------------------

def check_valid_html5(site: Site, slug: str, kind: str, markup: str) -> None:
    body, errors = parse_document(markup)
    assert errors == [], f"{slug} {kind}: {errors}"
    for e in elements(body):
        if e.tagName == "p":
            assert not any(c.tagName in ("div", "p", "ul", "h2") for c in elements(e)), f"{slug} {kind}: block in <p>"
        if e.tagName == "ul":
            assert all(c.tagName == "li" for c in e.childNodes if c.nodeType == Node.ELEMENT_NODE)


def check_no_script_style_handler_or_foreign_request(site: Site, slug: str, kind: str, markup: str) -> None:
    assert "<script" not in markup.lower() and "<style" not in markup.lower(), f"{slug} {kind}"
    for e in elements(fragment(markup)):
        assert e.tagName in SNIPPET_TAGS, f"{slug} {kind}: <{e.tagName}>"
        for name, value in e.attributes.items():
            assert not name.lower().startswith("on"), f"{slug} {kind}: {name}"
            assert "javascript:" not in value.lower().replace(" ", ""), f"{slug} {kind}: {name}={value}"
        assert not e.hasAttribute("srcset") and not e.hasAttribute("background")
        style = e.getAttribute("style").lower()
        assert not re.search(r"url\(|expression|@import|\\|font-family", style), f"{slug} {kind}: {style}"
        if e.tagName == "img":
            assert e.getAttribute("src").startswith(BASE), "images come from the published toolbox only"
        if e.tagName == "a":
            assert e.getAttribute("href").startswith(BASE)


def check_root_lang_class_version_and_stamp(site: Site, slug: str, kind: str, markup: str) -> None:
    root = root_of(markup)
    assert root.tagName == "div"
    assert root.getAttribute("lang") == "fr"
    assert root.getAttribute("class") == ROOT_CLASSES[kind]
    assert root.getAttribute("data-bmpm-version") == VERSION
    assert blocks(root)[-1] == ("p", STAMP), f"{slug} {kind}"


def check_wordpress_keeps_it(site: Site, slug: str, kind: str, markup: str) -> None:
    assert wordpress.wp_kses_post(markup) == markup, f"{slug} {kind}"


def check_drupal_keeps_images_links_and_reading_order(site: Site, slug: str, kind: str, markup: str) -> None:
    before = fragment(markup)
    after = fragment(drupal.basic_html(markup, site_origin=None))  # images uploaded to the Drupal site
    assert blocks(after) == blocks(before), f"{slug} {kind}"
    assert links(after) == links(before), f"{slug} {kind}"
    assert images(after) == images(before), f"{slug} {kind}"
    assert loose_text(after) == "", f"{slug} {kind}: text outside p, h2, li"
    for e in elements(after):
        assert e.tagName in {"p", "h2", "ul", "li", "a", "img", "strong"}
        assert not (set(e.attributes.keys()) & {"style", "class", "data-bmpm-version"})
    # Its styles gone, the main link keeps its weight: <strong> carries it, not a style.
    if kind != "signature":
        assert any(e.tagName == "strong" and e.parentNode.tagName == "a" for e in elements(after)), f"{slug} {kind}"
    if kind == "card":
        assert [e.tagName for e in elements(after) if e.tagName in ("h2", "ul")] == ["h2", "ul"]


def check_images_have_alt_and_size(site: Site, slug: str, kind: str, markup: str) -> None:
    imgs = [e for e in elements(fragment(markup)) if e.tagName == "img"]
    assert len(imgs) == (0 if kind == "card" else 1), f"{slug} {kind}: the card alone has no lockup"
    for e in imgs:
        assert e.getAttribute("alt").strip(), f"{slug} {kind}"
        assert site.communes[slug].nom.replace("'", "’") in e.getAttribute("alt")
        assert e.getAttribute("width").isdigit() and e.getAttribute("height").isdigit()
        assert int(e.getAttribute("width")) >= site.marque.largeur_min_ecran_px, "never below the brand's minimum width"


def check_links_say_where_they_lead(site: Site, slug: str, kind: str, markup: str) -> None:
    seen: dict[str, str] = {}
    found = links(fragment(markup))
    assert found, f"{slug} {kind}: every snippet leads to the commune’s public page"
    for label, href in found:
        assert label and label.lower().strip(" .…") not in BANNED_LINK_TEXTS, f"{slug} {kind}: « {label} »"
        assert len(label) >= 8
        assert seen.setdefault(label, href) == href, f"{slug} {kind}: « {label} » leads to two places"


def check_text_contrast(site: Site, slug: str, kind: str, markup: str) -> None:
    pieces = list(text_colours(fragment(markup)))
    assert pieces
    for piece, colour, background in pieces:
        assert colour and background, f"{slug} {kind}: « {piece.strip()} » has no colour of its own"
        assert wcag_contrast(colour, background) >= 4.5, f"{slug} {kind}: {colour} on {background}"


def check_french_typography(site: Site, slug: str, kind: str, markup: str) -> None:
    said = text_of(fragment(markup))
    assert "'" not in said, f"{slug} {kind}: typewriter apostrophe"
    assert not re.search(r"[ \u202f][;:!?»]|«[ \u202f]", said), f"{slug} {kind}: space before punctuation is not {NBSP!r}"


CONTENT_CHECKS = (check_valid_html5, check_no_script_style_handler_or_foreign_request, check_wordpress_keeps_it,
                  check_drupal_keeps_images_links_and_reading_order, check_images_have_alt_and_size,
                  check_links_say_where_they_lead, check_french_typography)
"""The checks a record's words can fail (names, counts, links); the root's attributes and the contrast of the
palette are the same for every commune, and checked on the fixture."""


def check_card_lists_every_element(site: Site, slug: str) -> None:
    root = root_of(snippets.card(site, site.communes[slug], BASE, VERSION))
    heads = [b for b in blocks(root) if b[0] == "h2"]
    assert len(heads) == 1
    els = site.elements_of(slug)
    items = [e for e in elements(root) if e.tagName == "li"]
    assert len(items) == len(els) > 0
    hrefs = [a for (_t, a) in links(root)]
    assert hrefs[:-1] == [f"{BASE}elements/{e.slug}/" for e in els]
    assert hrefs[-1] == f"{BASE}patrimoine/{slug}/"


def check_plain_text_forms(site: Site, slug: str) -> None:
    for f in (snippets.badge_text, snippets.card_text):
        out = f(site, site.communes[slug], BASE, VERSION)
        assert "<" not in out and f"{BASE}patrimoine/{slug}/" in out and out.rstrip().endswith(STAMP)
    assert snippets.card_text(site, site.communes[slug], BASE, VERSION).count("\n–\u00a0") == len(site.elements_of(slug))


def run_checks(site: Site, *checks) -> int:
    """Every check on every snippet of every commune of `site`; the number of snippets checked."""
    n = 0
    for slug, kind, markup in every_snippet(site):
        for check in checks:
            check(site, slug, kind, markup)
        n += 1
    assert n == 4 * len(site.communes)
    return n


def run_on_hostile(hostile: Site, commune: Commune, *checks) -> None:
    for kind, markup in all_snippets(hostile, commune).items():
        for check in checks:
            check(hostile, commune.slug, kind, markup)


# --- HTML snippets ---------------------------------------------------------------------------

def test_every_snippet_is_valid_html5(fixture_site: Site, named: Site) -> None:
    run_checks(fixture_site, check_valid_html5)
    run_checks(named, check_valid_html5)


def test_no_script_style_handler_or_foreign_request(fixture_site: Site, hostile: Site, hostile_commune: Commune) -> None:
    run_checks(fixture_site, check_no_script_style_handler_or_foreign_request)
    run_on_hostile(hostile, hostile_commune, check_no_script_style_handler_or_foreign_request)


def test_root_carries_lang_class_and_version_and_a_visible_stamp(fixture_site: Site) -> None:
    run_checks(fixture_site, check_root_lang_class_version_and_stamp)
    first = snippets.badge(fixture_site, fixture_site.communes[SAINS], BASE, "2027-01-01")
    assert "Informations à jour au 1ᵉʳ janvier 2027" in first


def test_badge_says_the_facts_of_the_record(fixture_site: Site) -> None:
    site = fixture_site
    sains = site.communes[SAINS]
    root = root_of(snippets.badge(site, sains, BASE, VERSION))
    assert blocks(root)[1][1] == ("Sains-en-Gohelle fait partie du Bassin minier du Nord-Pas de Calais, inscrit sur la Liste du "
                                  "patrimoine mondial de l’UNESCO depuis le 30 juin 2012.")
    assert images(root) == [(f"{BASE}communes/{SAINS}/logos/{SAINS}-bloc-marque-couleur-extrait.png",
                             "Bassin minier Patrimoine mondial – Sains-en-Gohelle")]
    # The lockup files are those the kit writes (generator/site/image_jobs.py); the badge shows its own file at the
    # size it is drawn, so an editor that drops width and height (issue 17) shows the same.
    files = {str(f.path): f for f in image_jobs.lockup_files(site, sains)}
    drawn = files[f"logos/{SAINS}-bloc-marque-couleur-extrait.png"]
    assert f"logos/{SAINS}-bloc-marque-couleur-pied-de-page.png" in files
    img = next(e for e in elements(root) if e.tagName == "img")
    assert (img.getAttribute("width"), img.getAttribute("height")) == (str(drawn.width), str(drawn.height)) == ("526", "100")
    assert links(root) == [("Découvrir les 3 éléments du patrimoine mondial à Sains-en-Gohelle", f"{BASE}patrimoine/{SAINS}/")]
    # A commune only crossed by an element says what ties it, from its record.
    weak = site.communes["aix-noulette"]
    assert weak.lien == "faible" and weak.note_lien
    said = norm(text_of(fragment(snippets.badge(site, weak, BASE, VERSION))))
    assert f"Aix-Noulette est {weak.note_lien}." in said and "Aix-Noulette fait partie" not in said
    assert "Découvrir l’élément du patrimoine mondial à Aix-Noulette" in said  # one element: singular


def test_card_lists_every_element_with_its_page(fixture_site: Site) -> None:
    for slug in fixture_site.communes:
        check_card_lists_every_element(fixture_site, slug)
    sains = root_of(snippets.card(fixture_site, fixture_site.communes[SAINS], BASE, VERSION))
    assert ("li", "Cité nº 10 de Béthune, cité minière, cité pavillonnaire") in blocks(sains)
    # Two elements of one list with one name: each link says which, by its type, else by its code; a name that is its
    # type says where.
    renamed = {"87A": "Église", "87B": "Église", "87C": "École"}
    site = dataclasses.replace(fixture_site, elements={code: dataclasses.replace(e, nom=renamed.get(code, e.nom))
                                                       for code, e in fixture_site.elements.items()})
    texts = [t for t, _h in links(fragment(snippets.card(site, site.communes[SAINS], BASE, VERSION)))]
    assert texts[:3] == ["Église, cité minière, cité pavillonnaire", "Église à Sains-en-Gohelle", "École à Sains-en-Gohelle"]
    two_churches = {"87B": ("Église", "église"), "87C": ("Église", "église")}
    site = dataclasses.replace(fixture_site, elements={
        code: dataclasses.replace(e, nom=two_churches[code][0], type=two_churches[code][1]) if code in two_churches else e
        for code, e in fixture_site.elements.items()})
    texts = [t for t, _h in links(fragment(snippets.card(site, site.communes[SAINS], BASE, VERSION)))]
    assert texts[1:3] == ["Église (87B) à Sains-en-Gohelle", "Église (87C) à Sains-en-Gohelle"]


def test_hostile_names_show_as_text(hostile: Site, hostile_commune: Commune) -> None:
    for kind, markup in all_snippets(hostile, hostile_commune).items():
        body, errors = parse_document(markup)
        assert errors == [], f"{kind}: {errors}"
        tags = [e.tagName for e in elements(body)]
        assert "script" not in tags
        assert not any(e.getAttribute("src") == "x" or e.hasAttribute("onerror") for e in elements(body))
        said = text_of(body)
        assert HOSTILE_COMMUNE.replace("'", "’") in said, kind
        assert all(alt == f"Bassin minier Patrimoine mondial – {HOSTILE_COMMUNE}" for _s, alt in images(body))
        assert len(images(body)) == (0 if kind == "card" else 1)
        # The commune's name ends no link early: every link still leads where it should.
        assert links(body) and all(href.startswith(BASE) for _t, href in links(body))
    card = fragment(snippets.card(hostile, hostile_commune, BASE, VERSION))
    assert (f"{HOSTILE_ELEMENT}, cité minière, cité pavillonnaire", f"{BASE}elements/87a/") in links(card)
    assert tags_count(card, "img") == 0 and tags_count(card, "a") == len(hostile.elements_of(hostile_commune.slug)) + 1


def tags_count(node: Node, tag: str) -> int:
    return sum(1 for e in elements(node) if e.tagName == tag)


def test_wordpress_kses_keeps_every_snippet_byte_for_byte(fixture_site: Site, hostile: Site, hostile_commune: Commune) -> None:
    run_checks(fixture_site, check_wordpress_keeps_it)
    run_on_hostile(hostile, hostile_commune, check_wordpress_keeps_it)


def test_the_wordpress_port_filters_like_wordpress() -> None:
    # Cases from WordPress's tests/phpunit/tests/kses.php, so that a green test above means something.
    assert wordpress.wp_kses_post('<div data-foo="foo" data-bar="bar" datainvalid="gone" data-two-hyphens="remains">Pens and pencils</div>') \
        == '<div data-foo="foo" data-bar="bar" data-two-hyphens="remains">Pens and pencils</div>'
    assert wordpress.safecss_filter_attr("width: 100px; height: 100px; background: url(javascript:alert(1))") == "width: 100px;height: 100px"
    assert wordpress.safecss_filter_attr("aspect-ratio: calc( 16 / 9 );") == "aspect-ratio: calc( 16 / 9 )"
    assert wordpress.safecss_filter_attr("display: none; color: rgb(0,0,0); margin: 0") == "margin: 0"
    assert wordpress.wp_kses_post('<a href="javascript:alert(1)" onclick="x()">t</a><script>alert(2)</script>') \
        == '<a href="alert(1)">t</a>alert(2)'
    assert wordpress.wp_kses_post('<img src="https://a.example/i.png" srcset="x 2x" decoding="async" alt="a">') \
        == '<img src="https://a.example/i.png" alt="a">'


def test_drupal_basic_html_keeps_images_links_and_reading_order(fixture_site: Site, hostile: Site, hostile_commune: Commune) -> None:
    run_checks(fixture_site, check_drupal_keeps_images_links_and_reading_order)
    run_on_hostile(hostile, hostile_commune, check_drupal_keeps_images_links_and_reading_order)


def test_drupal_restricted_images_leave_a_snippet_that_reads(fixture_site: Site) -> None:
    # Basic HTML replaces images from another site; what the image said must be in the text too.
    sains = fixture_site.communes[SAINS]
    replaced = 0
    for kind, markup in all_snippets(fixture_site, sains).items():
        before, after = fragment(markup), fragment(drupal.basic_html(markup))
        assert blocks(after) == blocks(before) and links(after) == links(before), kind
        assert {alt for _s, alt in images(after)} <= {drupal.IMAGE_REMOVED_ALT}
        replaced += len(images(after))
        said = norm(text_of(after))
        assert "Sains-en-Gohelle" in said and "patrimoine mondial" in said and "UNESCO" in said
    assert replaced == 3  # the badge's, the banner's and the signature's lockups


def test_images_have_alt_and_size(fixture_site: Site, named: Site) -> None:
    run_checks(fixture_site, check_images_have_alt_and_size)
    run_checks(named, check_images_have_alt_and_size)


def test_links_say_where_they_lead(fixture_site: Site) -> None:
    run_checks(fixture_site, check_links_say_where_they_lead)


def test_text_contrast_meets_wcag_aa(fixture_site: Site) -> None:
    site = fixture_site
    faded = dataclasses.replace(site, marque=dataclasses.replace(
        site.marque, palette=dataclasses.replace(site.marque.palette, gris="#A0A4A8", rouge="#F08080")))
    for s in (site, faded):
        run_checks(s, check_text_contrast)
    badge = snippets.badge(site, site.communes[SAINS], BASE, VERSION)
    assert "#41474d" in badge and "#b3262c" in badge, "the brand's own colours when they pass"
    assert "#a0a4a8" not in snippets.badge(faded, faded.communes[SAINS], BASE, VERSION), "a faded colour is darkened"


def test_french_typography(fixture_site: Site, named: Site) -> None:
    run_checks(fixture_site, check_french_typography)
    run_checks(named, check_french_typography)
    said = text_of(fragment(snippets.card(named, named.communes["bouvigny-boyeffles"], BASE, VERSION)))
    assert "Condé-sur-l’Escaut" in said
    said = text_of(fragment(snippets.card(named, named.communes["aix-noulette"], BASE, VERSION)))
    assert "au Portel" in said and "à Le Portel" not in said
    card = snippets.card(fixture_site, fixture_site.communes[SAINS], BASE, VERSION)
    assert f"2012{NBSP}:" in card
    assert wording.french("« Camus » : l'été ; oui ! n° 12 ?") == f"«{NBSP}Camus{NBSP}»{NBSP}: l’été{NBSP}; oui{NBSP}! nº{NBSP}12{NBSP}?"


def test_signature_has_html_and_plain_text(fixture_site: Site) -> None:
    sains = fixture_site.communes[SAINS]
    markup, plain = snippets.signature(fixture_site, sains, BASE, VERSION)
    root = root_of(markup)
    img = next(e for e in elements(root) if e.tagName == "img")
    assert img.getAttribute("src").endswith(f"{SAINS}-bloc-marque-couleur-pied-de-page.png")
    assert img.getAttribute("height") == "64"
    assert "<" not in plain and f"{BASE}patrimoine/{SAINS}/" in plain and plain.rstrip().endswith(STAMP)
    assert plain.splitlines()[0] == "Bassin minier Patrimoine mondial – Sains-en-Gohelle"


def test_plain_text_forms(fixture_site: Site) -> None:
    for slug in fixture_site.communes:
        check_plain_text_forms(fixture_site, slug)
    assert snippets.card_text(fixture_site, fixture_site.communes[SAINS], BASE, VERSION).count("\n–\u00a0") == 3


def test_refuses_a_base_url_or_version_it_cannot_trust(fixture_site: Site) -> None:
    site = fixture_site
    sains = site.communes[SAINS]
    for bad in ("javascript:alert(1)//", "", "//exemple.org/", "exemple.org"):
        with pytest.raises(BuildError):
            snippets.badge(site, sains, bad, VERSION)
    for bad in ("25/11/2026", "2026-11-25<script>", "2026-13-01"):
        with pytest.raises(BuildError):
            snippets.card(site, sains, BASE, bad)
    # A base without its final slash is the same site.
    assert snippets.badge(site, sains, BASE.rstrip("/"), VERSION) == snippets.badge(site, sains, BASE, VERSION)


# --- End to end: every shipped commune --------------------------------------------------------

def test_every_shipped_commune_s_snippets_pass_every_check(site: Site) -> None:
    """The names, links and counts of the 92 real records through the checks above that words can fail."""
    assert run_checks(site, *CONTENT_CHECKS) == 92 * 4
    for slug in site.communes:
        check_card_lists_every_element(site, slug)
        check_plain_text_forms(site, slug)


# --- JSON-LD ---------------------------------------------------------------------------------

def test_jsonld_element(fixture_site: Site) -> None:
    site = fixture_site
    e = site.elements["87C"]
    data = snippets.jsonld_element(site, e, BASE)
    assert json.loads(json.dumps(data)) == data
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["LandmarksOrHistoricalBuildings", "TouristAttraction"]
    assert data["name"] == "Groupe scolaire de la cité nº\u00a010"
    assert data["url"] == f"{BASE}elements/87c/"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": e.latitude, "longitude": e.longitude}
    assert "87C" in data["description"] and "Bassin minier du Nord-Pas de Calais" in data["description"]
    commune, prop = data["containedInPlace"]
    assert commune["@type"] == ["City", "AdministrativeArea"] and commune["name"] == "Sains-en-Gohelle"
    assert commune["identifier"]["value"] == "62737" and commune["url"] == f"{BASE}patrimoine/{SAINS}/"
    assert prop["url"] == "https://whc.unesco.org/fr/list/1360" and prop["name"] == site.bien.nom
    assert "https://whc.unesco.org/en/list/1360" in prop["sameAs"]
    assert "image" not in data  # no photo
    # An element across several communes is in each of them.
    multi = site.elements["87A"]
    assert len(multi.communes) == 3
    places = snippets.jsonld_element(site, multi, BASE)["containedInPlace"]
    assert [p["url"] for p in places[:-1]] == [f"{BASE}patrimoine/{s}/" for s in multi.communes]
    for x in site.elements.values():
        d = snippets.jsonld_element(site, x, BASE)
        assert (d["geo"]["latitude"], d["geo"]["longitude"]) == (x.latitude, x.longitude)


def test_jsonld_element_with_a_photo(fixture_site: Site) -> None:
    # The fixture's photo of 87B, 1200 × 800: its 960-px derivative.
    (image,) = snippets.jsonld_element(fixture_site, fixture_site.elements["87B"], BASE)["image"]
    assert image["url"].startswith(f"{BASE}photos/sains-en-gohelle/image-de-test-") and (image["width"], image["height"]) == (960, 640)
    assert image["creditText"] == "Image de test"
    # A larger one, given in memory.
    site = fixture_site
    photo = Photo(fichier="photos/sains/ecole.jpg", alt="La cour de l’école", credit="Mission Bassin Minier", licence="CC BY-SA 4.0")
    e = dataclasses.replace(site.elements["87C"], photos=(photo,))
    s = dataclasses.replace(site, elements={**site.elements, "87C": e}, image_sizes={**site.image_sizes, photo.fichier: (2400, 1600)})
    data = snippets.jsonld_element(s, e, BASE)
    (image,) = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith(f"{BASE}photos/sains/ecole-") and image["url"].endswith(".jpg")
    assert (image["width"], image["height"]) == (960, 640)
    assert image["creditText"] == "Mission Bassin Minier"


def test_jsonld_commune(fixture_site: Site) -> None:
    site = fixture_site
    data = snippets.jsonld_commune(site, site.communes[SAINS], BASE)
    assert data["@type"] == ["City", "AdministrativeArea"]
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "INSEE", "value": "62737"}
    assert data["url"] == f"{BASE}patrimoine/{SAINS}/"
    assert data["containedInPlace"]["name"] == "Pas-de-Calais"
    parts = data["containsPlace"]
    assert [p["url"] for p in parts] == [f"{BASE}elements/{e.slug}/" for e in site.elements_of(SAINS)]
    assert len(parts) == 3
    assert all(p["@type"] == ["LandmarksOrHistoricalBuildings", "TouristAttraction"] and "geo" in p for p in parts)


def test_jsonld_script_cannot_be_broken(hostile: Site, hostile_commune: Commune) -> None:
    e = hostile.elements[HOSTILE_CODE]
    assert e.nom == HOSTILE_ELEMENT and e.description == HOSTILE_DESCRIPTION
    for data in (snippets.jsonld_element(hostile, e, BASE), snippets.jsonld_commune(hostile, hostile_commune, BASE)):
        script = snippets.jsonld_script(data)
        assert script.startswith('<script type="application/ld+json">') and script.rstrip().endswith("</script>")
        body, errors = parse_document(script)
        assert errors == []
        found = list(elements(body))
        assert [x.tagName for x in found] == ["script"], "the data opened or closed no element"
        assert found[0].getAttribute("type") == "application/ld+json"
        inner = text_of(found[0])
        assert not re.search("[<>&]", inner)
        assert json.loads(inner) == data
    assert snippets.jsonld_element(hostile, e, BASE)["description"] == wording.typo(HOSTILE_DESCRIPTION)


def test_hostile_names_stay_text_everywhere_the_kits_show_them(hostile: Site, hostile_commune: Commune) -> None:
    """Every page, snippet file, embed page, oEmbed answer and feed rendered from hostile records: the markup is text."""
    from generator.site import plan

    outputs = plan.render_site(hostile, BASE)
    # Data files (GeoJSON, CSV) and plain text hold the names as they are: they are data, not markup.
    texts = {str(p): v for p, v in outputs.items() if isinstance(v, str) and p.suffix not in (".geojson", ".csv", ".txt")}
    slug = hostile_commune.slug
    assert f"communes/{slug}/snippets/carte.html" in texts and f"integrer/communes/{slug}.html" in texts
    assert len(texts) > 40
    for path, content in texts.items():
        if path.startswith("oembed-"):
            content = json.loads(content)["html"]  # the title is text by the oEmbed specification
        if path.endswith(".md"):  # a fenced code block shows its text escaped, whatever it holds
            content = re.sub(r"^````[a-z]*$.*?^````$", "", content, flags=re.M | re.S)
        assert "<img src=x" not in content, path
        assert "<script>alert" not in content, path
    for path in (f"integrer/communes/{slug}.html", f"communes/{slug}/snippets/carte.html",
                 f"communes/{slug}/snippets/badge.html"):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        if path.startswith("integrer/"):
            doc = parser.parse(texts[path])
        else:
            doc = parser.parseFragment(texts[path])
        # The embed page's one script is ours, from our assets, with nothing inline; no other script, no handler.
        scripts = [e for e in doc.iter() if e.tag == "script"]
        assert [(e.get("src"), (e.text or "").strip()) for e in scripts] == (
            [("../../assets/carte-vivante.js", "")] if path.startswith("integrer/") else []), path
        assert not [e for e in doc.iter() if any(a.startswith("on") for a in e.attrib)], path
        assert HOSTILE_COMMUNE in "".join(doc.itertext()), path


def test_live_cards_show_the_photo_with_its_credit_and_make_room_for_it(fixture_site: Site) -> None:
    """A photo in content/ reaches the live cards (the element's, and its commune's): at its smallest size, with its alt
    text and credit, and the frame's height in a plain iframe (and in the oEmbed answer) grows by what it takes."""
    from pathlib import PurePosixPath as P
    from generator.site import embeds, plan
    out = plan.render_site(fixture_site, BASE)
    photo = fixture_site.elements["87B"].photos[0]
    path, width, height = image_jobs.small_photo(fixture_site, photo)
    assert (width, height) == (480, 320) and P(path) in out
    for page in (out[P("integrer/elements/87b.html")], out[P("integrer/communes/sains-en-gohelle.html")]):
        doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
        img = next(e for e in doc.iter() if e.tag == "img" and "photos/" in e.get("src", ""))
        assert img.get("src") == f"../../{path}" and img.get("alt") == wording.french(photo.alt)
        assert (img.get("width"), img.get("height")) == ("480", "320")
        caption = "".join(next(e for e in doc.iter() if e.tag == "figcaption").itertext())
        assert caption.endswith("© Image de test, CC0.") and caption.startswith("Église Sainte-Marguerite")
    answer = json.loads(out[P("oembed-element-87b.json")])
    assert answer["height"] == embeds.ELEMENT_HEIGHT + 320 + embeds.PHOTO_ROOM
    assert json.loads(out[P("oembed-element-87a.json")])["height"] == embeds.ELEMENT_HEIGHT  # no photo, no room
    commune = json.loads(out[P("oembed-commune-sains-en-gohelle.json")])
    assert commune["height"] == embeds.embed_height(3, 320) > embeds.embed_height(3)


def test_the_structured_data_goes_in_the_head_and_the_kit_says_how(fixture_site: Site) -> None:
    """Pasted into a WordPress page by an author, JSON-LD loses its tags and shows as text (issue 17): the kit says where
    it goes instead, for WordPress and for Drupal."""
    from pathlib import PurePosixPath as P
    from generator.site import plan
    page = plan.render_site(fixture_site, BASE)[P(f"communes/{SAINS}/integrer.md")]
    section = page.split("{#donnees-structurees}", 1)[1].split("```", 1)[0]
    for said in ("jamais dans son contenu", "s’affiche en clair", "wp_head", "html.html.twig", "passez-vous-en"):
        assert said in section, said


# --- WordPress's own filter ------------------------------------------------------------------------

def _real_kses(texts: list[str]) -> list[str]:
    """WordPress's wp_kses_post itself (PHP, Debian's wordpress package: tests/snippet_filters/kses.php)."""
    import os
    import shutil
    import subprocess
    from pathlib import Path
    if shutil.which("php") is None or not Path("/usr/share/wordpress/wp-includes/kses.php").is_file():
        if os.environ.get("BM_REQUIRE_WORDPRESS") == "1":
            pytest.fail("BM_REQUIRE_WORDPRESS=1 mais PHP ou le paquet Debian wordpress est absent", pytrace=False)
        pytest.skip("PHP ou le paquet Debian wordpress absent : le filtre réel de WordPress n’est pas exécuté")
    script = Path(__file__).resolve().parent / "snippet_filters" / "kses.php"
    done = subprocess.run(["php", str(script)], input=json.dumps(texts), capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_wordpress_itself_keeps_every_snippet_an_author_pastes(site: Site) -> None:
    """An Author or Editor (no unfiltered_html) saves a post through wp_kses_post: run WordPress's own, on the four
    snippets of the 92 communes, they come back unchanged; and the port used by the other tests agrees with it."""
    snippets_ = list(every_snippet(site))
    kept = _real_kses([markup for _slug, _kind, markup in snippets_])
    changed = [f"{slug} {kind}" for (slug, kind, markup), after in zip(snippets_, kept) if after != markup]
    assert not changed, changed
    sample = ['<a href="javascript:alert(1)" onclick="x()">t</a><script>alert(2)</script>',
              '<div data-foo="foo" datainvalid="gone" style="display: none; margin: 0">Pens</div>']
    assert _real_kses(sample) == [wordpress.wp_kses_post(s) for s in sample]


def test_wordpress_shows_pasted_structured_data_as_text(fixture_site: Site) -> None:
    """Why the kit keeps JSON-LD out of the content: WordPress's filter removes the script tags and keeps the JSON as
    visible text."""
    script = snippets.jsonld_script(snippets.jsonld_commune(fixture_site, fixture_site.communes[SAINS], BASE), None)
    [after] = _real_kses([script])
    assert "<script" not in after and '"@context"' in after


def test_a_weak_commune_s_card_does_not_say_it_holds_its_element(fixture_site: Site) -> None:
    """Aix-Noulette is only named by 87A: its card and structured data say it is linked, as its heritage page does."""
    weak = fixture_site.communes["aix-noulette"]
    text = snippets.card_text(fixture_site, weak, BASE, VERSION)
    assert "Aix-Noulette est liée au Bassin minier du Nord-Pas de Calais" in text and "compte" not in text
    sains = snippets.card_text(fixture_site, fixture_site.communes[SAINS], BASE, VERSION)
    assert "Sains-en-Gohelle compte 3\u00a0éléments du Bassin minier" in sains
