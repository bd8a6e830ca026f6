"""The placement guide of a commune's kit: clear space and minimum size, website mock-ups, misuses.

Every sheet is drawn from the commune's own lockup, laid out by `lockup.scene` at the size each
sheet needs. Drawing is pure: the only "random" texture (the busy photo) comes from a fixed seed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from generator.errors import BuildError
from generator.make.drawing import lockup
from generator.make.drawing.draw import Scene, cap_height, encode, in_shared_palette, ink, raster, rgb, text_width

NNBSP = "\u202f"
"""Narrow no-break space, before : ; ! ? and inside « »."""

MARGIN = 64
HEADING, LABEL, NOTE = 40, 28, 26
"""The sheets' type scale, in pixels: Bold headings, Regular labels and notes."""
GREEN = "#1E7B34"
"""The ✓ badge: 5.4:1 on white."""
RED = "#C62828"
"""The ✗ badge: 5.6:1 on white, kept apart from the brand's red."""


def _mix(hex_colour: str, share: float) -> tuple[int, int, int]:
    """`hex_colour` at `share` over white."""
    return tuple(round(255 + (c - 255) * share) for c in rgb(hex_colour))  # type: ignore[return-value]


def _palette(params: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {
        "blanc": (255, 255, 255),
        "encre": rgb("#1F2428"),     # headings
        "texte": rgb("#40464C"),     # labels
        "discret": rgb("#656B71"),   # secondary labels, 5.3:1 on white
        "filet": rgb("#CDD2D7"),     # hairlines and frames
        "cote": rgb("#5B6167"),      # dimension lines
        "fond": rgb("#F3F4F6"),      # light areas of the mock-ups
        "bloc": rgb("#E3E6E9"),      # pictures and blocks of the mock-ups
        "barre": rgb("#CED3D8"),     # text stand-ins of the mock-ups
        "fonce": rgb("#8A9096"),     # icons of the mock-ups
        "gris": rgb(params["gris"]),
        "rouge": rgb(params["rouge"]),
        "teinte": _mix(params["rouge"], 0.13),
        "vert": rgb(GREEN),
        "faux": rgb(RED),
    }


# ---------------------------------------------------------------------------------------------
# The commune's lockup, as lockup.draw builds it


@dataclass
class Kit:
    params: dict[str, Any]
    spec: lockup.Spec
    logo: Image.Image | None
    official: Image.Image | None
    bold: Path
    semibold: Path
    regular: Path
    ratio: tuple[float, float, float] | None = None

    @property
    def nom(self) -> str:
        return lockup.display_name(self.params["nom"])


def _kit(params: dict[str, Any], files: dict[str, Path]) -> Kit:
    logo = official = None
    if "logo" in files:
        logo = lockup.adapt_picture(Image.open(files["logo"]), "couleur")
    if "marque" in files:
        official = Image.open(files["marque"]).convert("RGBA")
    spec = lockup.Spec(params["nom"], tuple(params["lignes"]), files["titres"], files["intertitres"],
                       logo_ratio=logo.width / logo.height if logo else None,
                       official_ratio=official.width / official.height if official else None)
    return Kit(params, spec, logo, official, files["titres"], files["intertitres"], files["textes"])


@dataclass
class Drawn:
    """A lockup file as an image, with its inked box and clear space in the image's pixels."""

    img: Image.Image
    box: tuple[float, float, float, float]
    clear: float
    first_line: tuple[float, float, float, float] | None
    """Cap top, baseline, left and right of the wordmark's first line, when the lockup draws it."""

    @property
    def ink_w(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def ink_h(self) -> float:
        return self.box[3] - self.box[1]


def _extent(ops: list[tuple[Any, ...]]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for op in ops:
        if op[0] == "text":
            x0, y0, x1, y1 = ink(op[4], op[5], op[3])
            xs += [op[1] + x0, op[1] + x1]
            ys += [op[2] + y0, op[2] + y1]
        elif op[0] == "poly":
            xs += [p[0] for p in op[1]]
            ys += [p[1] for p in op[1]]
        else:
            xs += [op[1], op[1] + op[3]]
            ys += [op[2], op[2] + op[4]]
    return min(xs), min(ys), max(xs), max(ys)


def _lockup(kit: Kit, height: float, colours: dict[str, tuple[int, int, int]] | None = None,
            logo: Image.Image | None = None) -> Drawn:
    """The horizontal lockup file at `height` pixels (clear space included)."""
    fmt = lockup.Format("guide", "horizontal", max(8, round(height)))
    sc = lockup.scene(kit.spec, fmt, logo or kit.logo, kit.official)
    pal = colours or lockup.palette("couleur", kit.params["gris"], kit.params["rouge"])
    box = _extent(sc.ops)
    first = None
    if not kit.official:
        op = next(op for op in sc.ops if op[0] == "text")
        x0, _, x1, _ = ink(op[4], op[5], op[3])
        first = (op[2] - cap_height(op[4], op[5]), op[2], op[1] + x0, op[1] + x1)
    return Drawn(raster(sc, pal), box, box[1], first)


def _ratio(kit: Kit) -> tuple[float, float, float]:
    """(inked width, file width, inked height) per pixel of file height."""
    if kit.ratio is None:
        sc = lockup.scene(kit.spec, lockup.Format("guide", "horizontal", 200))
        x0, y0, x1, y1 = _extent(sc.ops)
        kit.ratio = ((x1 - x0) / 200, sc.width / 200, (y1 - y0) / 200)
    return kit.ratio


def _lockup_for_ink_width(kit: Kit, ink_w: float, **kw: Any) -> Drawn:
    d = _lockup(kit, ink_w / _ratio(kit)[0], **kw)
    # Rounding the file height moves the inked width by a pixel or so: correct once.
    if d.ink_w > ink_w + 0.5 or d.ink_w < ink_w - 1.5:
        d = _lockup(kit, d.img.height * ink_w / d.ink_w, **kw)
    return d


def _inked(d: Drawn) -> Image.Image:
    """The lockup's inked part alone, without its clear space."""
    x0, y0, x1, y1 = d.box
    return d.img.crop((math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)))


def _small(kit: Kit, ink_w: float) -> tuple[Image.Image, float, float]:
    """The footer file scaled down by the browser to `ink_w` inked pixels: (inked picture, width, height).

    Laid out directly at a few pixels high, the lockup would not shrink in proportion (hinted
    glyphs, the name's line break), and its width could not be hit exactly.
    """
    pic = _inked(_lockup(kit, lockup.FORMATS_BY_NAME["pied-de-page"].height))
    return pic, ink_w, ink_w * pic.height / pic.width


# ---------------------------------------------------------------------------------------------
# Drawing helpers


def _cap(fpath: Path, size: float) -> float:
    return cap_height(fpath, size)


def _stroke(sc: Scene, a: tuple[float, float], b: tuple[float, float], width: float, colour: str) -> None:
    """A straight stroke of any direction, with square ends."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    nx, ny = -(by - ay) / length * width / 2, (bx - ax) / length * width / 2
    sc.polygon([(ax + nx, ay + ny), (bx + nx, by + ny), (bx - nx, by - ny), (ax - nx, ay - ny)], colour)


def _disc(sc: Scene, cx: float, cy: float, r: float, colour: str) -> None:
    n = 64
    sc.polygon([(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)], colour)


def _badge(disc: Scene, sc: Scene, cx: float, cy: float, r: float, ok: bool) -> None:
    """A round badge with a check mark (✓) or a cross (✗), drawn as shapes: the font has no such glyphs.

    The disc goes in `disc`, the mark in `sc`, drawn over it.
    """
    _disc(disc, cx, cy, r, "vert" if ok else "faux")
    w = r * 0.26
    if ok:
        p0, p1, p2 = (cx - 0.48 * r, cy + 0.02 * r), (cx - 0.12 * r, cy + 0.38 * r), (cx + 0.52 * r, cy - 0.36 * r)
        _stroke(sc, p0, p1, w, "blanc")
        _stroke(sc, (p1[0] - w * 0.35, p1[1] + w * 0.35), p2, w, "blanc")
    else:
        d = 0.4 * r
        _stroke(sc, (cx - d, cy - d), (cx + d, cy + d), w, "blanc")
        _stroke(sc, (cx - d, cy + d), (cx + d, cy - d), w, "blanc")


def _dimension(sc: Scene, x0: float, x1: float, y: float, colour: str = "cote", tick: float = 10, width: float = 2) -> None:
    """A horizontal dimension line between x0 and x1 with end ticks."""
    sc.rect(x0, y - width / 2, x1, y + width / 2, colour)
    sc.rect(x0 - width / 2, y - tick, x0 + width / 2, y + tick, colour)
    sc.rect(x1 - width / 2, y - tick, x1 + width / 2, y + tick, colour)


def _vdimension(sc: Scene, x: float, y0: float, y1: float, colour: str = "cote", tick: float = 10, width: float = 2) -> None:
    sc.rect(x - width / 2, y0, x + width / 2, y1, colour)
    sc.rect(x - tick, y0 - width / 2, x + tick, y0 + width / 2, colour)
    sc.rect(x - tick, y1 - width / 2, x + tick, y1 + width / 2, colour)


def _wrap(text: str, fpath: Path, size: float, max_w: float) -> list[str]:
    """Greedy line breaks at ordinary spaces (never at the no-break ones)."""
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        trial = f"{cur} {word}" if cur else word
        if cur and text_width(fpath, size, trial) > max_w:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    lines.append(cur)
    return lines


def _fit(text: str, fpath: Path, size: float, max_w: float, smallest: float) -> float:
    """The largest size from `size` down to `smallest` at which `text` fits `max_w`."""
    while size > smallest and text_width(fpath, size, text) > max_w:
        size -= 1
    return size


def _quote(s: str) -> str:
    return f"«{NNBSP}{s}{NNBSP}»"


def _site_label(nom: str) -> str:
    # The commune's name alone: « Ville de » would call a village a town.
    return nom.replace("'", "’")


# ---------------------------------------------------------------------------------------------
# Clear space and minimum size


def _zone(kit: Kit) -> Scene:
    W, H = 1600, 900
    sc = Scene(W, H, "blanc")
    B, R = kit.bold, kit.regular
    content_w = W - 2 * MARGIN
    first = (kit.spec.lignes[0] if kit.spec.lignes else "").upper()

    # Section A: the clear space.
    y = MARGIN + _cap(B, HEADING)
    sc.text(MARGIN, y, "Zone de protection", B, HEADING, "encre")
    y += 46
    expl = (f"Laissez autour du bloc-marque un espace libre au moins égal à x, la hauteur des capitales de {_quote(first)}"
            if first else "Laissez autour du bloc-marque un espace libre au moins égal à x, la hauteur de sa première ligne")
    size = _fit(expl + ".", R, LABEL, content_w, NOTE)
    sc.text(MARGIN, y, expl + ".", R, size, "texte")

    area_top, area_bottom = y + 52, 548
    # The diagram: the file's frame (ink + clear space) as wide and tall as the area allows.
    ink_w, _, ink_h = _ratio(kit)
    clear = (1 - ink_h) / 2  # per pixel of file height
    frame_w200 = 200 * (ink_w + 2 * clear)
    frame_h200 = 200
    left_room = 110  # the first line's dimension, left of the frame
    scale = min((content_w - 2 * left_room) / frame_w200, (area_bottom - area_top) / frame_h200)
    d = _lockup(kit, 200 * scale)
    c = d.clear
    fw, fh = d.ink_w + 2 * c, d.ink_h + 2 * c
    ox = round(MARGIN + (content_w - fw) / 2 + c - d.box[0])
    oy = round(area_top + (area_bottom - area_top - fh) / 2 + c - d.box[1])
    ix0, iy0, ix1, iy1 = ox + d.box[0], oy + d.box[1], ox + d.box[2], oy + d.box[3]
    fx, fy = ix0 - c, iy0 - c
    # The clear-space band, tinted, and the file's edge, dashed.
    sc.rect(fx, fy, fx + fw, iy0, "teinte")
    sc.rect(fx, iy1, fx + fw, fy + fh, "teinte")
    sc.rect(fx, iy0, ix0, iy1, "teinte")
    sc.rect(ix1, iy0, fx + fw, iy1, "teinte")
    sc.outline(fx, fy, fx + fw, fy + fh, "rouge", 2, dash=8)
    sc.outline(ix0, iy0, ix1, iy1, "filet", 1.5)
    # The first line's cap height, the unit x, measured left of the frame; its guides pass under the lockup.
    xs = 30
    label_w = text_width(B, xs, "x")
    gx = fx - 56
    if d.first_line:
        top, base = d.first_line[0] + oy, d.first_line[1] + oy
        end = ox + d.first_line[3]
        sc.line((gx - 12, top), (end, top), "cote", 1.5, dash=5)
        sc.line((gx - 12, base), (end, base), "cote", 1.5, dash=5)
    sc.picture(ox, oy, d.img.width, d.img.height, d.img)
    if d.first_line:
        _vdimension(sc, gx, top, base, tick=8)
        sc.text(gx - 20 - label_w, (top + base) / 2 + _cap(B, xs) * 0.35, "x", B, xs, "cote")
    # x on every side of the band.
    cx = (ix0 + ix1) / 2
    cy = (iy0 + iy1) / 2
    k = 7
    _vdimension(sc, cx, fy, iy0, "rouge", tick=k)
    _vdimension(sc, cx, iy1, fy + fh, "rouge", tick=k)
    _dimension(sc, fx, ix0, cy, "rouge", tick=k)
    _dimension(sc, ix1, fx + fw, cy, "rouge", tick=k)
    xh = _cap(B, xs) * 0.7  # an x's height is about 0.7 cap height
    sc.text(cx + 12, fy + c / 2 + xh / 2, "x", B, xs, "rouge")
    sc.text(cx + 12, iy1 + c / 2 + xh / 2, "x", B, xs, "rouge")
    sc.text(fx + c / 2 - label_w / 2, cy - 16, "x", B, xs, "rouge")
    sc.text(ix1 + c / 2 - label_w / 2, cy - 16, "x", B, xs, "rouge")

    # Section B: the minimum size.
    rule_y = 600
    sc.rect(MARGIN, rule_y, W - MARGIN, rule_y + 1.5, "filet")
    y = rule_y + 40 + _cap(B, HEADING)
    sc.text(MARGIN, y, "Taille minimale", B, HEADING, "encre")
    px, mm = kit.params["largeur_min_px"], kit.params["largeur_min_mm"]
    pic, sw, sh = _small(kit, px)
    sx = MARGIN
    sy = round(y + 40)
    sc.picture(sx, sy, sw, sh, pic)
    dim_y = sy + sh + 22
    x_end = sx + sw
    _dimension(sc, sx, x_end, dim_y, tick=8)
    ly = dim_y + 28 + _cap(R, LABEL)
    sc.text(sx, ly, f"{px}{NNBSP}px à l’écran", R, LABEL, "texte")
    sc.text(sx, ly + 38, f"{mm}{NNBSP}mm à l’impression", R, LABEL, "texte")
    # The advice, beside.
    col = MARGIN + 460
    note = ("La largeur se mesure sur le bloc-marque lui-même, hors zone de protection. En dessous, le nom "
            "de la commune et celui de la marque ne se lisent plus : utilisez plutôt la version en noir et blanc, "
            "ou agrandissez l’espace qui lui est réservé.").replace(" :", NNBSP + ":")
    ny = sy + _cap(R, LABEL)
    for line in _wrap(note, R, LABEL, W - MARGIN - col):
        sc.text(col, ny, line, R, LABEL, "texte")
        ny += 40
    return sc


# ---------------------------------------------------------------------------------------------
# Website mock-ups


class Layers:
    """A scene drawn in z-levels; inside a level, ops are grouped by colour, so few layers are rastered.

    Things within one level must not overlap: only the levels keep a painter's order.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.levels: dict[int, Scene] = {}

    def __getitem__(self, z: int) -> Scene:
        if z not in self.levels:
            self.levels[z] = Scene(self.width, self.height)
        return self.levels[z]

    def scene(self, height: int) -> Scene:
        sc = Scene(self.width, height, "blanc")
        for z in sorted(self.levels):
            ops = self.levels[z].ops
            order: dict[str, int] = {}
            for op in ops:
                if op[0] != "image":
                    order.setdefault(op[-1], len(order))
            sc.ops += sorted(ops, key=lambda op: len(order) if op[0] == "image" else order[op[-1]])
        return sc


def _pill(sc: Scene, x0: float, y0: float, x1: float, y1: float, colour: str) -> None:
    """A rectangle with fully rounded ends: the mock-ups' text stand-ins and buttons."""
    r = min((y1 - y0) / 2, (x1 - x0) / 2)
    pts = []
    n = 10
    for i in range(n + 1):
        a = math.pi / 2 + math.pi * i / n
        pts.append((x0 + r + r * math.cos(a), (y0 + y1) / 2 - r * math.sin(a)))
    for i in range(n + 1):
        a = -math.pi / 2 + math.pi * i / n
        pts.append((x1 - r + r * math.cos(a), (y0 + y1) / 2 - r * math.sin(a)))
    sc.polygon(pts, colour)


def _picture_box(z: Layers, x0: float, y0: float, x1: float, y1: float, level: int = 1) -> None:
    """An image stand-in: a grey block crossed by its diagonals."""
    z[level].rect(x0, y0, x1, y1, "bloc")
    _stroke(z[level + 1], (x0, y0), (x1, y1), 2, "barre")
    _stroke(z[level + 1], (x0, y1), (x1, y0), 2, "barre")


def _text_bars(z: Layers, x: float, y: float, widths: list[float], h: float, step: float, colour: str = "barre", level: int = 2) -> float:
    """Lines of body text as grey bars; return the y below the last one."""
    for w in widths:
        _pill(z[level], x, y, x + w, y + h, colour)
        y += step
    return y - step + h


def _partner(z: Layers, x0: float, y0: float, x1: float, y1: float) -> None:
    """A neutral partner's logo: a framed box with a round sign and a name bar."""
    z[1].rect(x0, y0, x1, y1, "filet")
    z[2].rect(x0 + 1.5, y0 + 1.5, x1 - 1.5, y1 - 1.5, "blanc")
    h = y1 - y0
    r = h * 0.2
    cx = x0 + (x1 - x0) * 0.28
    _disc(z[3], cx, (y0 + y1) / 2, r, "barre")
    _pill(z[3], cx + r * 1.6, (y0 + y1) / 2 - h * 0.07, x1 - (x1 - x0) * 0.14, (y0 + y1) / 2 + h * 0.07, "barre")


def _highlight(z: Layers, kit: Kit, d: Drawn, x: float, y: float, caption: str, size: float, phone: bool) -> None:
    """The lockup file at (x, y), outlined in red, with its caption in a red tag just above."""
    z[5].picture(round(x), round(y), d.img.width, d.img.height, d.img)
    o = 3
    z[6].outline(x - o, y - o, x + d.img.width + o, y + d.img.height + o, "rouge", 2, dash=6)
    B = kit.bold
    cap = _cap(B, size)
    pad_x, pad_y = size * 0.55, size * 0.45
    tw = text_width(B, size, caption)
    ty1 = y - o - (6 if phone else 8)
    ty0 = ty1 - cap - 2 * pad_y
    z[6].rect(x - o, ty0, x - o + tw + 2 * pad_x, ty1, "rouge")
    z[7].text(x - o + pad_x, ty1 - pad_y, caption, B, size, "blanc")


def _tag_height(kit: Kit, size: float, phone: bool) -> float:
    return _cap(kit.bold, size) + 0.9 * size + (6 if phone else 8) + 3


def _fit_lockup(kit: Kit, height: float, max_w: float) -> Drawn:
    """The lockup file shown `height` pixels high, or narrower to fit `max_w`."""
    return _lockup(kit, min(height, max_w / _ratio(kit)[1]))


def _maquette(kit: Kit, width: int, page: str) -> Scene:
    phone = width < 700
    W = width
    z = Layers(W, 2000)
    B, R = kit.bold, kit.regular
    pad = 16 if phone else 80
    inner = W - 2 * pad
    tag = 16 if phone else 24
    site = _site_label(kit.nom)

    # Browser bar.
    chrome = 44 if phone else 48
    z[0].rect(0, 0, W, chrome, "bloc")
    if not phone:
        for i in range(3):
            _disc(z[1], 24 + i * 20, chrome / 2, 6, "barre")
    ax0 = 16 if phone else 100
    _pill(z[1], ax0, 9 if phone else 11, W - 16 if phone else W - 300, chrome - (9 if phone else 11), "blanc")

    # Header: the commune's logo and site name; on the home page, the lockup as a variant.
    header_h = 60 if phone else (124 if page == "accueil" else 96)
    y = chrome
    z[1].rect(0, y + header_h - 1, W, y + header_h, "filet")
    x = pad
    mid = y + header_h / 2
    if kit.logo is not None:
        lh = 36 if phone else 56
        lw = lh * kit.logo.width / kit.logo.height
        z[5].picture(round(x), round(mid - lh / 2), round(lw), lh, kit.logo)
        x += lw + (10 if phone else 16)
    name_room = (W - pad - 40 - x) if phone else inner * 0.5
    size = _fit(site, B, 20 if phone else 28, name_room, 15 if phone else 22)
    lines = _wrap(site, B, size, name_room) if text_width(B, size, site) > name_room else [site]
    cap = _cap(B, size)
    lead = size * 1.15
    top = mid - (cap + lead * (len(lines) - 1)) / 2
    for i, line in enumerate(lines):
        z[2].text(x, top + cap + i * lead, line, B, size, "encre")
    name_right = x + max(text_width(B, size, line) for line in lines)
    if phone:
        for i in range(3):
            z[2].rect(W - pad - 24, mid - 8 + i * 7, W - pad, mid - 5 + i * 7, "encre")
    header_lockup = None
    if page == "accueil" and not phone:
        room = W - pad - name_right - 48
        d = _fit_lockup(kit, 100, room)
        if d.ink_w >= kit.params["largeur_min_px"] * 1.5:
            header_lockup = d
    y += header_h

    # Navigation bar (the phone's is behind the menu button).
    items = ["Accueil", "Mairie", "Vie pratique", "Patrimoine", "Agenda", "Contact"]
    active = "Accueil" if page == "accueil" else "Patrimoine"
    nav_right = 0.0
    if not phone:
        nav_h = 52
        z[0].rect(0, y, W, y + nav_h, "fond")
        nx = pad
        for item in items:
            tw = text_width(R, 20, item)
            z[2].text(nx, y + nav_h / 2 + _cap(R, 20) / 2, item, R if item != active else B, 20, "texte" if item != active else "encre")
            if item == active:
                z[2].rect(nx, y + nav_h - 4, nx + text_width(B, 20, item), y + nav_h, "encre")
            nx += max(tw, text_width(B, 20, item)) + 36
        nav_right = nx
        y += nav_h
    if header_lockup is not None:
        d = header_lockup
        _highlight_below(z, kit, d, W - pad - d.img.width, chrome + header_h / 2 - d.img.height / 2, "Ou dans l’en-tête", tag, nav_right)

    if page == "accueil":
        y = _home_body(z, kit, W, y, pad, inner, phone)
        y = _footer(z, kit, W, y + (24 if phone else 32), pad, inner, phone, tag, True)
    else:
        # The page's top only, as on a screen: the footer is the home page's business.
        y = _heritage_body(z, kit, W, y, pad, inner, phone, tag) + (32 if phone else 48)
    return z.scene(round(y))


def _highlight_below(z: Layers, kit: Kit, d: Drawn, x: float, y: float, caption: str, size: float, avoid_x: float) -> None:
    """The header's lockup: its tag hangs below the outline, right-aligned, clear of the navigation."""
    z[5].picture(round(x), round(y), d.img.width, d.img.height, d.img)
    o = 3
    x1 = x + d.img.width + o
    z[6].outline(x - o, y - o, x1, y + d.img.height + o, "rouge", 2, dash=6)
    B = kit.bold
    cap = _cap(B, size)
    pad_x, pad_y = size * 0.55, size * 0.45
    tw = text_width(B, size, caption)
    ty0 = y + d.img.height + o + 8
    tx0 = max(x1 - tw - 2 * pad_x, avoid_x)
    z[6].rect(tx0, ty0, tx0 + tw + 2 * pad_x, ty0 + cap + 2 * pad_y, "rouge")
    z[7].text(tx0 + pad_x, ty0 + pad_y + cap, caption, B, size, "blanc")


def _home_body(z: Layers, kit: Kit, W: int, y: float, pad: float, inner: float, phone: bool) -> float:
    if phone:
        _picture_box(z, 0, y, W, y + 150)
        y += 150 + 22
        y = _text_bars(z, pad, y, [inner * 0.78, inner * 0.52], 16, 26, "fonce") + 20
        y = _text_bars(z, pad, y, [inner, inner * 0.86], 9, 18) + 22
        _pill(z[2], pad, y, pad + 150, y + 40, "fonce")
        y += 40 + 28
        _picture_box(z, pad, y, pad + 96, y + 72)
        _text_bars(z, pad + 112, y + 6, [inner - 140, inner - 190], 12, 22, "fonce")
        _text_bars(z, pad + 112, y + 52, [inner - 150], 9, 18)
        return y + 72
    hero = 270
    _picture_box(z, 0, y, W, y + hero)
    # A white card over the hero, with its title, a line of text and a button.
    cx0, cy0 = pad, y + 36
    yy = _text_bars(z, cx0 + 32, cy0 + 32, [340, 240], 16, 28, "fonce", level=4) + 18
    yy = _text_bars(z, cx0 + 32, yy, [380], 10, 20, level=4) + 26
    _pill(z[4], cx0 + 32, yy, cx0 + 32 + 150, yy + 40, "fonce")
    z[3].rect(cx0, cy0, cx0 + 460, yy + 40 + 32, "blanc")
    y += hero + 40
    _pill(z[2], pad, y, pad + 260, y + 18, "fonce")
    y += 18 + 28
    gap = 32
    cw = (inner - 2 * gap) / 3
    for i in range(3):
        x = pad + i * (cw + gap)
        _picture_box(z, x, y, x + cw, y + 110)
        yy = _text_bars(z, x, y + 130, [cw * 0.62], 14, 24, "fonce") + 14
        _text_bars(z, x, yy, [cw * 0.94, cw * 0.8], 10, 20)
    return y + 130 + 14 + 14 + 20 + 10


def _footer(z: Layers, kit: Kit, W: int, y: float, pad: float, inner: float, phone: bool, tag: float, highlight: bool) -> float:
    """The footer: the commune's contact details, then the lockup beside the partners' logos."""
    top = y
    B = kit.bold
    if phone:
        y += 24
        z[2].text(pad, y + _cap(B, 16), _site_label(kit.nom), B, 16, "encre")
        y = _text_bars(z, pad, y + _cap(B, 16) + 14, [inner * 0.6, inner * 0.45], 9, 18) + 24
        d = _fit_lockup(kit, 64, inner)
        if highlight:
            y += _tag_height(kit, tag, phone)
            _highlight(z, kit, d, pad, y, "Bloc-marque dans le pied de page", tag, phone)
        else:
            z[5].picture(pad, round(y), d.img.width, d.img.height, d.img)
        y += d.img.height + 20
        gap = 12
        pw = (inner - 2 * gap) / 3
        for i in range(3):
            _partner(z, pad + i * (pw + gap), y, pad + i * (pw + gap) + pw, y + 52)
        y += 52 + 28
    else:
        site = _site_label(kit.nom)
        pw, ph, gap = 132, 64, 24
        room = W - pad - 2 * (pw + gap) - (pad + text_width(B, 22, site) + 48)
        d = _fit_lockup(kit, 64, room)
        y += 40
        z[2].text(pad, y + _cap(B, 22), site, B, 22, "encre")
        bars_bottom = _text_bars(z, pad, y + _cap(B, 22) + 20, [240, 200, 160], 10, 22)
        row_top = y + (_tag_height(kit, tag, phone) if highlight else 0)
        row_mid = row_top + d.img.height / 2
        x = W - pad - 2 * pw - gap
        for i in range(2):
            _partner(z, x + i * (pw + gap), row_mid - ph / 2, x + i * (pw + gap) + pw, row_mid + ph / 2)
        lx = x - gap - d.img.width
        if highlight:
            _highlight(z, kit, d, lx, row_top, "Bloc-marque dans le pied de page", tag, phone)
        else:
            z[5].picture(round(lx), round(row_top), d.img.width, d.img.height, d.img)
        y = max(bars_bottom, row_top + d.img.height) + 40
    z[0].rect(0, top, W, y, "fond")
    return y


def _heritage_body(z: Layers, kit: Kit, W: int, y: float, pad: float, inner: float, phone: bool, tag: float) -> float:
    B = kit.bold
    title = "Patrimoine mondial"
    if phone:
        y += 26
        _pill(z[2], pad, y, pad + 60, y + 8, "barre")  # breadcrumb
        _pill(z[2], pad + 72, y, pad + 72 + 90, y + 8, "barre")
        y += 8 + 20
        size = 28
        z[2].text(pad, y + _cap(B, size), title, B, size, "encre")
        y += _cap(B, size) + 22 + _tag_height(kit, tag, phone)
        d = _fit_lockup(kit, 80, inner)
        _highlight(z, kit, d, pad, y, "Bloc-marque en tête du texte", tag, phone)
        y += d.img.height + 20
        y = _text_bars(z, pad, y, [inner, inner * 0.96, inner, inner * 0.9, inner * 0.55], 9, 19) + 24
        _picture_box(z, pad, y, pad + inner, y + 150)
        y += 150 + 24
        y = _text_bars(z, pad, y, [inner * 0.98, inner, inner * 0.7], 9, 19) + 30
        y = _text_bars(z, pad, y, [inner * 0.6], 14, 0, "fonce") + 18
        return _text_bars(z, pad, y, [inner, inner * 0.94, inner, inner * 0.4], 9, 19)
    y += 32
    _pill(z[2], pad, y, pad + 70, y + 10, "barre")
    _pill(z[2], pad + 84, y, pad + 84 + 110, y + 10, "barre")
    y += 10 + 30
    size = 44
    z[2].text(pad, y + _cap(B, size), title, B, size, "encre")
    y += _cap(B, size) + 30
    main = 736
    side_x = pad + main + 64
    # Sidebar: two boxes of links.
    sy = y
    for n in (4, 3):
        h = 36 + 24 + n * 26 + 16
        z[1].rect(side_x, sy, W - pad, sy + h, "fond")
        _text_bars(z, side_x + 24, sy + 28, [150], 14, 0, "fonce")
        _text_bars(z, side_x + 24, sy + 28 + 14 + 24, [200, 170, 220, 150][:n], 10, 26)
        sy += h + 24
    y += _tag_height(kit, tag, False)
    d = _fit_lockup(kit, 100, main)
    _highlight(z, kit, d, pad, y, "Bloc-marque en tête du texte", tag, False)
    y += d.img.height + 28
    y = _text_bars(z, pad, y, [main, main * 0.97, main, main * 0.92, main * 0.5], 10, 22) + 28
    _picture_box(z, pad, y, pad + main, y + 200)
    y += 200 + 28
    y = _text_bars(z, pad, y, [main * 0.98, main, main * 0.62], 10, 22)
    return max(y, sy - 24)


# ---------------------------------------------------------------------------------------------
# Misuses


def _recolour(img: Image.Image, shift: int) -> Image.Image:
    """A picture with its hues turned by `shift` (out of 256): the commune's logo, miscoloured."""
    rgba = img.convert("RGBA")
    h, s_, v = rgba.convert("RGB").convert("HSV").split()
    h = h.point(lambda p: (p + shift) % 256)
    out = Image.merge("HSV", (h, s_, v)).convert("RGB").convert("RGBA")
    out.putalpha(rgba.getchannel("A"))
    return out


def _bricks(w: int, h: int) -> Image.Image:
    """A brick wall close up, the busy "photo": a fixed seed, so always the same wall."""
    rng = random.Random(1867)
    img = Image.new("RGB", (w, h), (196, 186, 170))
    d = ImageDraw.Draw(img)
    bh, bw, joint = 26, 64, 5
    shades = [(150, 62, 44), (171, 80, 52), (128, 52, 40), (186, 104, 70), (105, 48, 40), (160, 92, 66), (92, 88, 84)]
    for row in range(-1, h // bh + 2):
        y = row * bh
        off = -(bw // 2) * (row % 2) - rng.randrange(0, 12)
        x = off
        while x < w:
            base = shades[rng.randrange(len(shades))]
            j = rng.randrange(-18, 19)
            c = tuple(max(0, min(255, v + j)) for v in base)
            d.rectangle((x, y, x + bw - joint, y + bh - joint), fill=c)
            # Soot and wear: a darker band across some bricks.
            if rng.random() < 0.35:
                t = rng.randrange(3, bh - joint - 4)
                dark = tuple(max(0, v - 40) for v in c)
                d.rectangle((x, y + t, x + bw - joint, y + t + rng.randrange(2, 6)), fill=dark)
            x += bw
    # Light from the upper left, as on a photo.
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda p: 255 - p // 3)
    dark = Image.new("RGB", (w, h), (30, 24, 22))
    return Image.composite(img, dark, shade).convert("RGBA")


def _interdits(kit: Kit) -> Scene:
    W, H = 1600, 1000
    z = Layers(W, H)
    B, R = kit.bold, kit.regular
    px = kit.params["largeur_min_px"]
    y = MARGIN + _cap(B, HEADING)
    z[2].text(MARGIN, y, "Ce qu’il ne faut pas faire", B, HEADING, "encre")
    y += 50
    z[2].text(MARGIN, y, "Utilisez le bloc-marque tel qu’il est fourni : ni déformé, ni recoloré, ni recadré.".replace(" :", NNBSP + ":"),
              R, LABEL, "texte")
    grid_top = y + 52
    cols, gap_x, gap_y = 3, 32, 40
    caption_h = 78
    pw = (W - 2 * MARGIN - (cols - 1) * gap_x) / cols
    ph = (H - MARGIN - grid_top - gap_y) / 2 - caption_h
    fw, fh = round(pw), round(ph)
    # The lockup as each panel shows it: its inked part, as large as the panel comfortably holds.
    ink_w_px, _, ink_h_px = _ratio(kit)
    ink_w = min(fw - 2 * 36, (fh * 0.42) * ink_w_px / ink_h_px)
    good = _lockup_for_ink_width(kit, ink_w)
    cast = {"gris": rgb("#2B6CB0"), "rouge": rgb("#E8891C"), "fond": (255, 255, 255)}
    odd = _lockup_for_ink_width(kit, ink_w, colours=cast, logo=_recolour(kit.logo, 110) if kit.logo else None)
    tiny, tw_, th_ = _small(kit, px / 2)

    panels = [
        ("Correct", True), ("Étiré", False), ("Couleurs modifiées", False),
        ("Sur une photo chargée", False), ("Trop petit", False), ("Recadré", False),
    ]
    for i, (caption, ok) in enumerate(panels):
        col, row = i % cols, i // cols
        x0 = round(MARGIN + col * (pw + gap_x))
        y0 = round(grid_top + row * (ph + caption_h + gap_y))
        x1, y1 = x0 + fw, y0 + fh
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if i in (0, 2, 3):
            if i == 3:
                z[0].picture(x0, y0, fw, fh, _bricks(fw, fh))
            dr = odd if i == 2 else good
            pic = _inked(dr)
            z[4].picture(round(cx - pic.width / 2), round(cy - pic.height / 2), pic.width, pic.height, pic)
        elif i == 1:
            # Squeezed across, stretched up.
            pic = _inked(good)
            sw, sh = round(pic.width * 0.72), round(min(pic.height * 1.9, fh - 60))
            z[4].picture(round(cx - sw / 2), round(cy - sh / 2), sw, sh, pic)
        elif i == 4:
            ty = round(cy - 34)
            tx = round(cx - tw_ / 2)
            z[4].picture(tx, ty - th_, tw_, th_, tiny)
            note = f"moins de {px}{NNBSP}px"
            _dimension(z[2], tx, tx + tw_, ty + 16, tick=6)
            z[2].text(cx - text_width(R, NOTE, note) / 2, ty + 16 + 24 + _cap(R, NOTE), note, R, NOTE, "discret")
        else:
            # Cut by the panel's edge: the mark and half the wordmark fall outside.
            pic = _inked(good)
            left = x0 - round(pic.width * 0.3)
            top = round(cy - pic.height / 2)
            visible = pic.crop((x0 - left, 0, pic.width, pic.height))
            z[4].picture(x0, top, visible.width, visible.height, visible)
        z[5].outline(x0, y0, x1, y1, "filet", 2)
        r = 22
        by = y1 + 20 + r
        _badge(z[6], z[7], x0 + r, by, r, ok)
        z[7].text(x0 + 2 * r + 16, by + _cap(R, LABEL) / 2, caption, R, LABEL, "encre")
    return z.scene(H)


# ---------------------------------------------------------------------------------------------


def _image(params: dict[str, Any], files: dict[str, Path]) -> Image.Image:
    kit = _kit(params, files)
    sorte = params["sorte"]
    if sorte == "zone":
        sc = _zone(kit)
    elif sorte == "maquette":
        sc = _maquette(kit, int(params["largeur"]), params["page"])
    elif sorte == "interdits":
        sc = _interdits(kit)
    else:
        raise BuildError(f"image du guide inconnue : {sorte}")
    return raster(sc, _palette(params)).convert("RGB")


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """Draw one placement guide image from a Job's params and files, in its layout's shared palette."""
    img = _image(params, files)
    if params["sorte"] == "interdits" or "logo" in files or "marque" in files:
        # Recoloured lockups, or a commune's own logo: colours no other sheet has; their own median cut.
        return encode(img, "png", palette=True)
    # Any name gives the layout's colours.
    return encode(in_shared_palette(img, _image, params, files, {"nom": "Bassin minier"}), "png")


