"""Maps drawn from the data (content/contours/ and the elements' points): one per commune, one of the basin."""

from __future__ import annotations

import io
import re
import xml.dom.minidom
from pathlib import PurePosixPath
from typing import Any

from PIL import Image

from generator.content.model import Site
from generator.site import maps, urls


def _symbols(svg: str) -> int:
    """The element symbols of a commune map (the legend's are drawn at a smaller size, r=5.5)."""
    body = svg.split('rx="4"/>')[0]  # everything before the legend's box
    return len(re.findall(r'<(?:circle|rect|polygon) [^>]*stroke-width="1.5"', body))


def test_every_commune_has_its_map_with_each_of_its_elements(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    assert len(site.contours) == len(site.communes) == 92
    for slug, commune in site.communes.items():
        svg = full_outputs[urls.commune_map(slug)]
        doc = xml.dom.minidom.parseString(svg)  # well-formed: a hostile name would break it
        assert doc.documentElement.getAttribute("role") == "img"
        assert doc.getElementsByTagName("title")[0].firstChild.data.startswith("Carte des éléments inscrits")
        assert _symbols(svg) == len(site.elements_of(slug)), slug
        # The page that shows it says, in words, what it shows.
        page = str(full_outputs[urls.public_page(slug)])
        assert f"(../communes/{slug}/carte-{slug}.svg)" in page and "La carte montre le territoire" in page


def test_a_map_is_the_same_bytes_for_the_same_content(site: Site) -> None:
    for slug in ("lens", "oignies", "cuinchy"):
        assert maps.commune_map(site, site.communes[slug]) == maps.commune_map(site, site.communes[slug])


def test_each_commune_of_the_basin_map_is_a_named_link_to_its_page(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    directory = str(full_outputs[PurePosixPath("communes", "index.md")])
    svg = directory.split('<div class="bm-carte-bassin__cadre">\n', 1)[1].split("</svg>", 1)[0] + "</svg>"
    doc = xml.dom.minidom.parseString(svg)
    links = doc.getElementsByTagName("a")
    assert len(links) == 92
    for a in links:
        # Named by its <title> (SVG-AAM; Chromium's name for the link, tested in test_browser.py), also the mouse's tooltip.
        href, label = a.getAttribute("href"), a.getElementsByTagName("title")[0].firstChild.data
        assert not a.hasAttribute("aria-label")
        slug = href.removeprefix("../patrimoine/").removesuffix("/")
        assert urls.public_page(slug) in full_outputs, href
        n = len(site.elements_of(slug))
        assert label.startswith(site.communes[slug].nom.replace("'", "’")) and f"{n}\u00a0élément" in label, label
    # A group of links, not an image (role="img" would hide the links from a screen reader).
    assert doc.documentElement.getAttribute("role") == "group"


def test_element_families_cover_every_type(site: Site) -> None:
    """Every type of types.yml falls in a family the legend names; the catch-all is only for buildings of the cités."""
    families = {t: maps.category(next(e for e in site.elements.values() if e.type == t)).key
                for t in {e.type for e in site.elements.values()}}
    assert families["cité minière"] == "habitat" and families["terril"] == "terril" and families["fosse"] == "mine"
    assert families["école"] == "vie" and families["église"] == "vie" and families["gare"] == "rail"


def test_every_element_has_its_small_map(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    for e in site.elements.values():
        svg = full_outputs[urls.element_map(e.slug)]
        xml.dom.minidom.parseString(svg)
        # Its own symbol, in its family's colour; the other elements of its part in grey.
        assert f'fill="{maps.category(e).colour}" stroke="#1a1a1a"' in svg, e.code
        page = str(full_outputs[urls.element_page(e.slug)])
        assert f"](carte-{e.slug}.svg)" in page and "La carte situe l’élément" in page


def test_the_home_page_has_the_basin_map_too(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    home = str(full_outputs[PurePosixPath("index.md")])
    svg = home.split('<div class="bm-carte-bassin__cadre">\n', 1)[1].split("</svg>", 1)[0] + "</svg>"
    hrefs = [a.getAttribute("href") for a in xml.dom.minidom.parseString(svg).getElementsByTagName("a")]
    assert sorted(hrefs) == sorted(f"patrimoine/{slug}/" for slug in site.communes)


def test_the_heritage_text_carries_the_map_once_published(fixture_site: Site) -> None:
    """The copied heritage text shows the commune's map at its published address, with its description; without
    the site's address there is nothing to point to."""
    from generator.site import plan
    base = "https://exemple.github.io/boite-a-outils/"
    page = str(plan.render_site(fixture_site, base)[urls.kit_page("sains-en-gohelle", "page-patrimoine")])
    copied = page.split("````markdown\n", 1)[1]
    assert copied.index(f"]({base}communes/sains-en-gohelle/carte-sains-en-gohelle.svg)") < copied.index("## Le Bassin minier")
    local = str(plan.render_site(fixture_site)[urls.kit_page("sains-en-gohelle", "page-patrimoine")])
    assert "carte-sains-en-gohelle.svg" not in local


def test_the_png_map_is_the_svg_drawn_in_the_brand_fonts(fixture_site: Site) -> None:
    """The PNG (Word, ZIP, card) is drawn from the SVG with the brand's fonts only: the names are really drawn (a
    font that failed to load would leave them out silently), the same bytes every time, twice the SVG's width."""
    from generator.make.drawing import raster_map
    from generator.site import image_jobs
    svg = maps.commune_map(fixture_site, fixture_site.communes["sains-en-gohelle"])
    assert svg is not None
    job = image_jobs.map_job(fixture_site, svg)
    files = dict(job.files)
    png = raster_map.draw(dict(job.params), files)
    assert png == raster_map.draw(dict(job.params), files)
    nameless = re.sub(r"<text [^>]*>[^<]*</text>", "", svg)
    assert nameless != svg and raster_map.draw({**dict(job.params), "svg": nameless}, files) != png
    with Image.open(io.BytesIO(png)) as img:
        assert img.size[0] == 2 * maps.size(svg)[0] == image_jobs.MAP_PNG_WIDTH
        colours = {c for _n, c in img.convert("RGB").getcolors(1 << 16)}
    # The commune's elements' symbol colour (Okabe–Ito blue, « Cités et logements ») survives the 256 colours.
    assert any(abs(r - 0x00) + abs(g - 0x72) + abs(b - 0xB2) < 24 for r, g, b in colours)
