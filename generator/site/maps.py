"""Maps drawn from the data, as SVG text: a commune with its neighbours and its elements, and the whole basin.

Outlines (content/contours/, from the public directory) and element points are projected to Lambert-93
(EPSG:2154, in metres, through pyproj) so that shapes keep their proportions; coordinates are rounded to the
tenth of a pixel so the same content gives the same bytes. No tile, no font file, no script: a map is read as an
image, and each comes with a text alternative written by the page that shows it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable
from xml.sax.saxutils import escape, quoteattr

import pyproj
import shapely
import shapely.geometry

from generator import colours
from generator.content import geography
from generator.content.model import Commune, Element, GrandSite, Site
from generator.site import wording

_GEOD = pyproj.Geod(ellps="WGS84")

WIDTH = 640
"""Width of a map in CSS pixels; the height follows the area's proportions."""

BACKGROUND = colours.MAP_GROUND

MARGIN = 0.08
"""Room around what the map shows, as a share of its larger side."""


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    """The legend's words, plural (« Habitat minier »)."""
    colour: str
    shape: str


# Okabe–Ito colours, told apart by people with a colour vision deficiency; each symbol also has its own shape
# and a dark outline, so neither colour alone nor a light colour on white carries the meaning (WCAG 1.4.1, 1.4.11).
CATEGORIES = (
    Category("habitat", "Cités et logements", "#0072B2", "circle"),
    # The companies' offices go with their pits: « fosses et chevalements » alone miscounted Lens's Grands Bureaux.
    Category("mine", "Mines\u202f: fosses, chevalements, bureaux", "#D55E00", "square"),
    Category("terril", "Terrils et espaces naturels", "#009E73", "triangle"),
    Category("rail", "Voies ferrées et gares", "#CC79A7", "diamond"),
    Category("vie", "Vie des cités\u202f: écoles, églises, santé…", "#E69F00", "pentagon"),
)
_BY_KEY = {c.key: c for c in CATEGORIES}
_TYPE_CATEGORY = {
    "cité minière": "habitat", "logement d'instituteur": "habitat", "maison d'ingénieur": "habitat",
    "château / maison de direction": "habitat",
    "fosse": "mine", "chevalement": "mine", "mine-image": "mine", "camus haut": "mine", "grands bureaux": "mine",
    "terril": "terril", "espace néo-naturel / étang d'affaissement": "terril",
    "cavalier (ancienne voie ferrée minière)": "rail", "gare": "rail", "halte ferroviaire": "rail", "équipement ferroviaire": "rail",
}


def category(e: Element) -> Category:
    """An element's family on the maps; schools, churches, health and every other building of the cités: « vie »."""
    return _BY_KEY[_TYPE_CATEGORY.get(e.type, "vie")]


_SHAPES: dict[int, tuple[dict[str, Any], shapely.Geometry]] = {}
"""Projected outlines by the identity of their GeoJSON dict; the dict is kept with its shape, so its identity
cannot be reused by another while it is cached (the 92 maps each draw their neighbours: project each once)."""


PERIMETER_FILL, PERIMETER_STROKE = "#f6d9d9", "#a3262c"
"""The official perimeter of the component parts: a light tint of the brand's red, outlined in a red of 6.9:1 on white."""
PERIMETER_LABEL = "Périmètre du Bien inscrit"


def _perimeter(site: Site, part_id: str) -> shapely.Geometry | None:
    """A component part's official perimeter in Lambert-93 (None before make import-parties)."""
    return _projected(site.parties.get(part_id))


def _outline(site: Site, slug: str) -> shapely.Geometry | None:
    """A commune's outline in Lambert-93."""
    return _projected(site.contours.get(slug))


def _projected(g: dict[str, Any] | None) -> shapely.Geometry | None:
    if not g:
        return None
    hit = _SHAPES.get(id(g))
    if hit is None or hit[0] is not g:
        if len(_SHAPES) > 4096:  # many sites in one process (the tests): start again rather than grow
            _SHAPES.clear()
        hit = _SHAPES[id(g)] = (g, geography.projected(g))
    return hit[1]


class _Frame:
    """From Lambert-93 metres to the map's pixels: x to the right, y down."""

    def __init__(self, bounds: tuple[float, float, float, float], width: int = WIDTH, decimals: int = 1) -> None:
        minx, miny, maxx, maxy = bounds
        pad = MARGIN * max(maxx - minx, maxy - miny, 500.0)
        self.minx, self.maxy = minx - pad, maxy + pad
        self.scale = width / ((maxx - minx) + 2 * pad)
        self.width = width
        self.height = round(((maxy - miny) + 2 * pad) * self.scale)
        self.decimals = decimals

    def view(self) -> shapely.Geometry:
        """What the map shows, in Lambert-93."""
        return shapely.box(self.minx, self.maxy - self.height / self.scale, self.minx + self.width / self.scale, self.maxy)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return round((x - self.minx) * self.scale, self.decimals), round((self.maxy - y) * self.scale, self.decimals)

    def path(self, geometry: shapely.Geometry) -> str:
        polygons = geometry.geoms if hasattr(geometry, "geoms") else [geometry]
        parts = []
        for poly in polygons:
            for ring in (poly.exterior, *poly.interiors):
                pts = [self.xy(x, y) for x, y in ring.coords[:-1]]
                if self.decimals == 0:
                    parts.append(_relative([(int(px), int(py)) for px, py in pts]))
                else:
                    parts.append("M" + " ".join(f"{_n(px)} {_n(py)}" for px, py in pts) + "Z")
        return "".join(parts)


def _relative(pts: list[tuple[int, int]]) -> str:
    """A ring in whole pixels, each point as the step from the one before (« l »), a minus sign its own separator:
    the same points as absolute ones (integer sums, nothing rounded), in two thirds of the bytes."""
    out = [f"M{pts[0][0]} {pts[0][1]}l"]
    for (x, y), (px, py) in zip(pts[1:], pts, strict=False):
        for v in (x - px, y - py):
            out.append(str(v) if v < 0 or out[-1].endswith("l") else f" {v}")
    return "".join(out) + "Z"


def _n(v: float) -> str:
    """A coordinate without a useless « .0 »: fewer bytes, the same map."""
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _symbol(cat: Category, x: float, y: float, r: float = 6.0) -> str:
    style = f'fill="{cat.colour}" stroke="#1a1a1a" stroke-width="1.5"'
    if cat.shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {style}/>'
    if cat.shape == "square":
        return f'<rect x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}" {style}/>'
    if cat.shape == "triangle":
        pts = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    elif cat.shape == "diamond":
        pts = [(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)]
    else:  # pentagon
        pts = [(x, y - r * 1.2), (x + r * 1.15, y - r * 0.35), (x + r * 0.7, y + r), (x - r * 0.7, y + r), (x - r * 1.15, y - r * 0.35)]
    return f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in pts)}" {style}/>'


def _star(x: float, y: float, r: float) -> list[tuple[float, float]]:
    """A five-pointed star's ten corners around (x, y), the inner ones at r / 2.4: the Grand site's mark."""
    return [(x + (r if i % 2 == 0 else r / 2.4) * math.sin(i * math.pi / 5), y - (r if i % 2 == 0 else r / 2.4) * math.cos(i * math.pi / 5))
            for i in range(10)]


def _text(x: float, y: float, s: str, size: int = 13, anchor: str = "middle", weight: str = "normal") -> str:
    # A white halo under the letters keeps a name readable over outlines and symbols.
    common = f'x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}"'
    return (f'<text {common} stroke="#ffffff" stroke-width="3" stroke-linejoin="round" fill="#ffffff">{escape(s)}</text>'
            f'<text {common} fill="#1a1a1a">{escape(s)}</text>')


def _svg(width: int, height: int, title: str, body: Iterable[str], links: bool = False) -> str:
    """An SVG document; one with links is a group of named links (role="img" would hide them from a screen reader)."""
    role = 'role="group" aria-labelledby="bm-carte-titre"' if links else 'role="img"'
    title_id = ' id="bm-carte-titre"' if links else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'font-family="DejaVu Sans, Verdana, Arial, sans-serif" {role}>'
            f"<title{title_id}>{escape(title)}</title>" + "".join(body) + "</svg>\n")


def commune_map(site: Site, commune: Commune) -> str | None:
    """The commune, its neighbours (named), its elements as symbols by family, and a legend of the families shown.
    None before the directory's import (no outline)."""
    own = _outline(site, commune.slug)
    if own is None:
        return None
    elements = site.elements_of(commune.slug)
    points = {e.code: geography.project_point(e.latitude, e.longitude) for e in elements}
    minx, miny, maxx, maxy = own.bounds
    for x, y in points.values():
        minx, miny, maxx, maxy = min(minx, x), min(miny, y), max(maxx, x), max(maxy, y)
    frame = _Frame((minx, miny, maxx, maxy))
    view = frame.view()
    clip = view.buffer(50)  # shapes are cut a little beyond the map's edge: no outline ends on it
    body = [f'<rect width="{frame.width}" height="{frame.height}" fill="{BACKGROUND}"/>']
    labels = []
    for slug, other in sorted(site.communes.items()):
        shape = _outline(site, slug) if slug != commune.slug else None
        if shape is None or not shape.intersects(view):
            continue
        body.append(f'<path d="{frame.path(shape.intersection(clip))}" fill="#e2e2de" stroke="#8a8a85" stroke-width="1"/>')
        spot = shape.intersection(view).representative_point()
        if not spot.is_empty:
            labels.append(_text(*frame.xy(spot.x, spot.y), wording.typo(other.nom), size=12))
    body.append(f'<path d="{frame.path(own)}" fill="#ffffff" stroke="#41474d" stroke-width="2.5"/>')
    # The component parts in view, the commune's and its neighbours': where the Bien lies, not just its points.
    parts = [shape for shape in (_perimeter(site, cid) for cid in site.composantes) if shape is not None and shape.intersects(view)]
    for shape in parts:
        body.append(f'<path d="{frame.path(shape.intersection(clip))}" fill="{PERIMETER_FILL}" '
                    f'stroke="{PERIMETER_STROKE}" stroke-width="1.2"/>')
    body += labels
    centre = own.representative_point()
    body.append(_text(*frame.xy(centre.x, centre.y), wording.typo(commune.nom), size=16, weight="bold"))
    shown = []
    for e in elements:
        cat = category(e)
        if cat not in shown:
            shown.append(cat)
        body.append(_symbol(cat, *frame.xy(*points[e.code])))
    shown.sort(key=CATEGORIES.index)
    marker, towards, angle, at = _towards_grand_site(site, commune, frame)
    # The legend, in the lower left corner, on a white box; its last line names the Grand site the star or arrow shows.
    line = 22
    perimeter = PERIMETER_LABEL if parts else ""
    rows = len(shown) + (1 if towards else 0) + (1 if perimeter else 0)
    box_h = 12 + line * rows
    box_w = 20 + max([len(c.label) for c in shown] + [len(towards), len(perimeter)]) * 7.4 + 28
    # In the corner that hides the fewest elements (and not the Grand site's star or arrow): lower left first.
    pixels = [frame.xy(*points[e.code]) for e in elements] + ([at] * 3 if at else [])
    corners = [(8.0, frame.height - box_h - 8.0), (8.0, 8.0), (frame.width - box_w - 8.0, frame.height - box_h - 8.0),
               (frame.width - box_w - 8.0, 8.0)]

    def hidden(corner: tuple[float, float]) -> int:
        x0, y0 = corner
        return sum(x0 - 10 <= px <= x0 + box_w + 10 and y0 - 10 <= py <= y0 + box_h + 10 for px, py in pixels)

    left, top = min(corners, key=hidden)  # min keeps the first of equals: the lower left corner
    body.append(f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(box_w)}" height="{box_h}" fill="#ffffff" '
                f'stroke="#8a8a85" stroke-width="1" rx="4"/>')
    for i, cat in enumerate(shown):
        y = top + 6 + line * i + line / 2
        body.append(_symbol(cat, left + 16, y, 5.5))
        body.append(f'<text x="{_n(left + 32)}" y="{_n(y + 4.5)}" font-size="13" fill="#1a1a1a">{escape(cat.label)}</text>')
    if perimeter:
        y = top + 6 + line * len(shown) + line / 2
        body.append(f'<rect x="{_n(left + 9)}" y="{_n(y - 6)}" width="14" height="12" fill="{PERIMETER_FILL}" '
                    f'stroke="{PERIMETER_STROKE}" stroke-width="1.2"/>')
        body.append(f'<text x="{_n(left + 32)}" y="{_n(y + 4.5)}" font-size="13" fill="#1a1a1a">{escape(perimeter)}</text>')
    if towards:
        y = top + 6 + line * (len(shown) + (1 if perimeter else 0)) + line / 2
        cx = left + 16
        if angle is None:
            pts = _star(cx, y, 6.0)
        else:
            pts = [(cx + 7, y), (cx - 6, y - 6), (cx - 6, y + 6)]
        body.append(f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in pts)}" fill="#41474d"/>')
        body.append(f'<text x="{_n(left + 32)}" y="{_n(y + 4.5)}" font-size="13" fill="#1a1a1a">{escape(towards)}</text>')
    body += marker
    return _svg(frame.width, frame.height, f"Carte des éléments inscrits {wording.de(commune.nom, site.noms)}", body)


def element_map(site: Site, e: Element) -> str | None:
    """A small map: the element within its communes' outlines, the other elements of its component part as grey
    dots. None when one of its communes has no outline."""
    outlines = [_outline(site, slug) for slug in e.communes]
    if not all(outlines):
        return None
    area = shapely.union_all(outlines)
    x, y = geography.project_point(e.latitude, e.longitude)
    minx, miny, maxx, maxy = area.bounds
    frame = _Frame((min(minx, x), min(miny, y), max(maxx, x), max(maxy, y)), width=360)
    body = [f'<rect width="{frame.width}" height="{frame.height}" fill="{BACKGROUND}"/>']
    for slug, outline in zip(e.communes, outlines):
        body.append(f'<path d="{frame.path(outline)}" fill="#ffffff" stroke="#41474d" stroke-width="2"/>')
    part = _perimeter(site, e.composante)
    if part is not None:
        view = frame.view()
        body.append(f'<path d="{frame.path(part.intersection(view.buffer(50)))}" fill="{PERIMETER_FILL}" '
                    f'stroke="{PERIMETER_STROKE}" stroke-width="1.2"/>')
    for other in site.elements_in(e.composante):
        if other.code != e.code:
            ox, oy = frame.xy(*geography.project_point(other.latitude, other.longitude))
            if 0 <= ox <= frame.width and 0 <= oy <= frame.height:
                body.append(f'<circle cx="{_n(ox)}" cy="{_n(oy)}" r="3.5" fill="#8a8a85" stroke="#41474d" stroke-width="1"/>')
    for slug, outline in zip(e.communes, outlines):
        spot = outline.representative_point()
        body.append(_text(*frame.xy(spot.x, spot.y), wording.typo(site.communes[slug].nom), size=13, weight="bold"))
    body.append(_symbol(category(e), *frame.xy(x, y), 7.0))
    return _svg(frame.width, frame.height, f"Carte : {wording.typo(e.nom)} {wording.element_where(e, site.communes)}", body)


def element_map_text(site: Site, e: Element) -> str:
    others = len(site.elements_in(e.composante)) - 1
    text = f"La carte situe l’élément, en couleur, sur le territoire {wording.liste([wording.de(site.communes[s].nom, site.noms) for s in e.communes])}"
    if e.composante in site.parties:
        text += ", dans le périmètre officiel de sa partie constitutive (en rose)"
    if others:
        text += f" ; les autres éléments de sa partie constitutive sont les points gris ({wording.nombre(others)})"
    return text + "."


def nearest_grand_sites(site: Site, commune: Commune) -> list[tuple[GrandSite, Element, Commune, float]]:
    """The Grand sites in other communes, nearest first, with their distance in km as the crow flies from the centre
    of the commune's outline (or of its elements, before the directory's import)."""
    if commune.slug in site.contours:
        centre = shapely.geometry.shape(site.contours[commune.slug]).centroid
        lon, lat = centre.x, centre.y
    else:
        points = [(e.longitude, e.latitude) for e in site.elements_of(commune.slug)]
        lon, lat = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    out = []
    for g in site.bien.grands_sites:
        e = site.elements[g.element]
        if commune.slug in e.communes:
            continue
        _az, _back, metres = _GEOD.inv(lon, lat, e.longitude, e.latitude)
        out.append((g, e, site.communes[e.commune], metres / 1000))
    return sorted(out, key=lambda t: t[3])


def _towards_grand_site(site: Site, commune: Commune, frame: _Frame) -> tuple[list[str], str, float | None, tuple[float, float] | None]:
    """The nearest Grand site of another commune: a star where it is, or, beyond the map's edge, an arrow on the
    edge towards it, named with its distance."""
    nearest = nearest_grand_sites(site, commune)
    if not nearest:
        return [], "", None, None
    g, e, _holder, km = nearest[0]
    gx, gy = frame.xy(*geography.project_point(e.latitude, e.longitude))
    label = f"{wording.typo(wording.the(g.nom, site.noms))}, Grand site minier, à {wording.nombre(round(km))} km"
    inset = 16.0
    if inset <= gx <= frame.width - inset and inset <= gy <= frame.height - inset:
        x, y, angle = gx, gy, None
    else:  # where the line from the map's centre to the site leaves the map
        cx, cy = frame.width / 2, frame.height / 2
        dx, dy = gx - cx, gy - cy
        t = min((frame.width / 2 - inset) / abs(dx) if dx else float("inf"), (frame.height / 2 - inset) / abs(dy) if dy else float("inf"))
        x, y = cx + dx * t, cy + dy * t
        angle = math.atan2(dy, dx)
    if angle is None:
        r = 8.0
        pts = _star(x, y, r)
    else:
        tip = (x + 9 * math.cos(angle), y + 9 * math.sin(angle))
        left = (x + 8 * math.cos(angle + 2.5), y + 8 * math.sin(angle + 2.5))
        right = (x + 8 * math.cos(angle - 2.5), y + 8 * math.sin(angle - 2.5))
        pts = [tip, left, right]
    marker = f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in pts)}" fill="#41474d" stroke="#ffffff" stroke-width="1.5"/>'
    words = f"Vers {label}" if angle is not None else wording.capital(label)
    return [marker], words, angle, (x, y)


def commune_map_text(site: Site, commune: Commune, on_page: bool = True) -> str:
    """What the commune's map shows, in words: the text alternative the page writes under it (`on_page`: the page
    lists the elements after it, and says so; a Word release's picture is described alone)."""
    elements = site.elements_of(commune.slug)
    families = []
    for cat in CATEGORIES:
        n = sum(category(e) is cat for e in elements)
        if n:
            short = cat.label.split("\u202f:")[0].lower()
            families.append(f"{short} ({wording.nombre(n)})")
    where = f"La carte montre le territoire {wording.de(commune.nom, site.noms)}, les communes voisines et "
    nearest = nearest_grand_sites(site, commune)
    grand = (f" Elle situe aussi le Grand site minier le plus proche, {wording.the(nearest[0][0].nom, site.noms)}, "
             f"à {wording.nombre(round(nearest[0][3]))} km." if nearest else "")
    own = [g for g in site.bien.grands_sites if site.elements[g.element] in elements]
    if own and nearest:
        # Its own Grand site is among its elements: the star or arrow shows the nearest of the others.
        grand = (f" {wording.capital(wording.the(own[0].nom, site.noms))}, Grand site minier, est sur la commune ; la carte situe "
                 f"aussi le plus proche des autres, {wording.the(nearest[0][0].nom, site.noms)}, à {wording.nombre(round(nearest[0][3]))} km.")
    if any(e.composante in site.parties for e in elements):
        grand = " Le périmètre officiel du Bien inscrit y figure en rose." + grand
    if len(elements) == 1:
        after = " L’élément est présenté plus bas." if on_page else ""
        # After a colon, not in brackets: a type may carry its own (« cavalier (ancienne voie ferrée minière) »).
        return f"{where}son élément inscrit : {wording.type_label(elements[0], site.sous_types)}.{grand}{after}"
    after = " La liste des éléments suit." if on_page else ""
    return f"{where}ses {wording.nombre(len(elements))} éléments inscrits, par famille : {wording.liste(families)}.{grand}{after}"


SHADES = ((1, "#dbe9f6"), (4, "#9ecae1"), (9, "#4292c6"), (10_000, "#08519c"))
"""Fill of a commune on the basin map by its number of elements (up to 1, 4, 9, more): a sequential blue."""


def basin_map(site: Site, href: dict[str, str]) -> str | None:
    """The communes' outlines shaded by their number of elements, each a link (`href` by slug) named after the
    commune; None before the directory's import."""
    shapes = {slug: _outline(site, slug) for slug in site.communes}
    if not all(shapes.values()):
        return None
    union_bounds = shapely.union_all(list(shapes.values())).bounds
    # Whole pixels, and outlines simplified by half a pixel: the 92 communes, shown at most 960 pixels wide, look the
    # same in two thirds of the bytes (the map is in the page itself, twice in the site).
    frame = _Frame(union_bounds, width=960, decimals=0)
    shapes = {slug: shape.simplify(0.5 / frame.scale, preserve_topology=True) for slug, shape in shapes.items()}
    body = [f'<rect width="{frame.width}" height="{frame.height}" fill="#ffffff"/>']
    for slug, c in sorted(site.communes.items()):
        n = len(site.elements_of(slug))
        fill = next(colour for top, colour in SHADES if n <= top)
        name = wording.typo(c.nom)
        label = f"{name} : {wording.pluriel(n, 'élément inscrit', 'éléments inscrits')}"
        # The <title> names the link (SVG-AAM), for a screen reader as for the mouse's tooltip: no aria-label repeating it.
        body.append(f'<a href={quoteattr(href[slug])}><title>{escape(label)}</title>'
                    f'<path d="{frame.path(shapes[slug])}" fill="{fill}"/></a>')
    # The outlines' stroke once, for all of them (inherited): 92 times fewer bytes.
    body[1:] = ['<g stroke="#41474d" stroke-width="0.8">', *body[1:], "</g>"]
    return _svg(frame.width, frame.height, "Carte des communes du Bassin minier Patrimoine mondial", body, links=True)


def size(svg: str) -> tuple[int, int]:
    """The width and height an SVG map declares (for the page's <img>, so nothing moves while it loads)."""
    import re
    m = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert m, "a map always has its viewBox"
    return int(m[1]), int(m[2])


def basin_legend() -> list[tuple[str, str]]:
    """(colour, words) of each shade of the basin map, for a legend in the page's text (readable on a phone)."""
    out, bottom = [], 1
    for top, colour in SHADES:
        words = f"{bottom} élément" if top == bottom else (f"de {bottom} à {top} éléments" if top < 10_000 else f"{bottom} éléments et plus")
        out.append((colour, words))
        bottom = top + 1
    return out
