"""A commune's lockup as SVG: the same scene as the PNG, with its text turned into glyph outlines.

The file needs no font and no external resource: each string becomes one path drawn from the
font's outlines with fontTools, the slag heaps and the rule stay polygons, and the pictures (the
commune's logo, the Mission's official brand file) are embedded as PNG data URIs after the same
recolouring as the PNG.

Glyphs are placed where Pillow's basic layout puts them in the PNG, not at the font's ideal
advances. With hinting on, FreeType rounds every advance to a whole pixel, and Pillow draws a
string from a whole-pixel origin; the lockup's layout (the justified wordmark, the gap before the
rule) is measured with those rounded widths. So glyph i sits at
pixel(x) + font.getlength(text[:i]), on the baseline pixel(y) (see `_pixel`). With the font's ideal
advances instead, a line drifts up to 5 px from the PNG by its end at header size, and the
justified lines no longer end together.

The outlines are the font's true ones, scaled by size / unitsPerEm. The PNG's are hinted: FreeType
also snaps their horizontal edges (baseline, x-height, cap height, overshoots, bars) to the pixel
grid, by up to about a pixel at avatar size. The SVG does not copy that: it is the vector master,
shown at any scale, where a grid fit for one canvas size would only distort the letters.
"""

from __future__ import annotations

import base64
import functools
import math
import unicodedata
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from PIL import Image

from generator.make.drawing import lockup
from generator.colours import hex_of
from generator.make.drawing.draw import FontFile, Scene, encode, font, font_file

DECIMALS = 2
"""Path coordinates are written with this many decimals: a hundredth of a pixel."""

PICTURE_SCALE = 2
"""Embedded pictures keep up to this many of their pixels per pixel of the canvas, for zooming and print."""

VOWELS = set("AEIOUYÂÀÉÈÊËÎÏÔŒÛÙÜ")


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """Draw one lockup as an SVG file, from the same params and files as `lockup.draw`."""
    sc, pal, fmt = lockup.prepare(params, files)
    variant = params["variante"]
    ident = f"bloc-marque-{_ascii_slug(params['nom'])}-{fmt.name}-{variant}"
    return svg_for_scene(sc, pal, title(params["lignes"], params["nom"]), ident).encode("utf-8")


def title(lignes: list[str] | tuple[str, ...], nom: str) -> str:
    """« Bloc-marque Bassin minier Patrimoine mondial de Lens », with French elision and contraction."""
    name = lockup.display_name(nom)
    brand = " ".join(line.strip() for line in lignes if line.strip())
    return " ".join(p for p in ("Bloc-marque", brand, _of(name)) if p)


def _of(name: str) -> str:
    """« de Lens », « d’Auby », « du Portel », « des Rues-des-Vignes »; h is left unelided (« de Harnes »)."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1].upper() in VOWELS:
        return "d’" + name
    return "de " + name


def _ascii_slug(s: str) -> str:
    """For the title's id, unique per file when several SVGs are inlined in one page."""
    flat = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in flat)
    return "-".join(p for p in out.split("-") if p) or "commune"


def svg_for_scene(scene: Scene, palette: dict[str, tuple[int, int, int]], title: str, ident: str = "titre") -> str:
    """The scene as an SVG document; consecutive ops of one colour share a group, in painting order."""
    w, h = scene.width, scene.height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby={quoteattr(ident)}>\n',
        f"<title id={quoteattr(ident)}>{escape(title)}</title>\n",
    ]
    if scene.background:
        out.append(f'<rect width="{w}" height="{h}" fill="{hex_of(*palette[scene.background])}"/>\n')
    group: str | None = None
    for op in scene.ops:
        role = "image" if op[0] == "image" else op[-1]
        if role != group:
            if group not in (None, "image"):
                out.append("</g>\n")
            if role != "image":
                out.append(f'<g fill="{hex_of(*palette[role])}">\n')
            group = role
        if op[0] == "text":
            _, x, y, s, fpath, size, _c = op
            d = _text_path(x, y, s, Path(fpath), float(size))
            if d:
                out.append(f'<path d="{d}"/>\n')
        elif op[0] == "poly":
            pts = op[1]
            out.append('<path d="M' + "L".join(f"{_n(px)} {_n(py)}" for px, py in pts) + 'Z"/>\n')
        else:
            out.append(_image(*op[1:]))
    if group not in (None, "image"):
        out.append("</g>\n")
    out.append("</svg>\n")
    return "".join(out)


def _n(v: float) -> str:
    """A coordinate with fixed decimals and no trailing zeros: 12.5, 3, -0.25."""
    s = f"{v:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ---------------------------------------------------------------------------------------------
# Text


class _SegmentPen(BasePen):
    """Record a glyph as absolute M/L/Q/C/Z segments in font units (quadratic splines split up)."""

    def __init__(self, glyph_set: Any) -> None:
        super().__init__(glyph_set)
        self.segments: list[tuple[str, tuple[float, ...]]] = []

    def _moveTo(self, p: tuple[float, float]) -> None:
        self.segments.append(("M", p))

    def _lineTo(self, p: tuple[float, float]) -> None:
        self.segments.append(("L", p))

    def _qCurveToOne(self, p1: tuple[float, float], p2: tuple[float, float]) -> None:
        self.segments.append(("Q", p1 + p2))

    def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        self.segments.append(("C", p1 + p2 + p3))

    def _closePath(self) -> None:
        self.segments.append(("Z", ()))

    def _endPath(self) -> None:
        # An open contour cannot be filled; fonts have none, and closing it is what a rasteriser does.
        self.segments.append(("Z", ()))


def _face(path: Path) -> tuple[dict[int, str], Any, int]:
    return _face_of(font_file(path))


@functools.lru_cache(maxsize=8)
def _face_of(file: FontFile) -> tuple[dict[int, str], Any, int]:
    tt = TTFont(file[0], lazy=True)
    return tt.getBestCmap(), tt.getGlyphSet(), tt["head"].unitsPerEm


def _glyph(path: Path, name: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    return _glyph_of(font_file(path), name)


@functools.lru_cache(maxsize=2048)
def _glyph_of(file: FontFile, name: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    _cmap, glyphs, _upem = _face_of(file)
    pen = _SegmentPen(glyphs)
    glyphs[name].draw(pen)
    # A contour left without its closing Z (an open path at the end) is closed, for path parsers.
    segs = pen.segments
    if segs and segs[-1][0] != "Z":
        segs.append(("Z", ()))
    return tuple(segs)


def _text_path(x: float, baseline: float, s: str, fpath: Path, size: float) -> str:
    """Path data for a string set like Pillow's basic layout at left-baseline (x, baseline)."""
    cmap, _glyphs, upem = _face(fpath)
    k = size / upem
    f = font(fpath, size)
    ox, oy = _pixel(x, True), _pixel(baseline, False)
    parts: list[str] = []
    for i, ch in enumerate(s):
        name = cmap.get(ord(ch), ".notdef")
        segs = _glyph(fpath, name)
        if not segs:
            continue
        gx = ox + f.getlength(s[:i])
        for cmd, v in segs:
            if cmd == "Z":
                parts.append("Z")
                continue
            coords = " ".join(_n(gx + v[j] * k) + " " + _n(oy - v[j + 1] * k) for j in range(0, len(v), 2))
            parts.append(cmd + coords)
    return "".join(parts)


def _pixel(v: float, half_up: bool) -> int:
    """The whole pixel Pillow 13 draws a string from (font_render in _imagingft.c, and measured).

    The fraction becomes 26.6 fixed point, rounded half away from zero, then a pixel with
    (v + 32) >> 6: x goes up from one half, y (negated there, FreeType's axis points up) only
    above one half. Coordinates here are never negative.
    """
    whole = math.floor(v)
    frac = math.floor((v - whole) * 64 + 0.5)
    return whole + (frac > 32 or (half_up and frac == 32))


# ---------------------------------------------------------------------------------------------
# Pictures


def _image(x: float, y: float, w: float, h: float, img: Image.Image) -> str:
    """An embedded picture in the box where the PNG pastes it (whole pixels, stretched to fit)."""
    bw, bh = max(1, round(w)), max(1, round(h))
    k = min(1.0, bw * PICTURE_SCALE / img.width, bh * PICTURE_SCALE / img.height)
    pw, ph = max(1, round(img.width * k)), max(1, round(img.height * k))
    pic = img.convert("RGBA")
    if (pw, ph) != pic.size:
        pic = pic.resize((pw, ph), Image.LANCZOS)
    data = base64.b64encode(encode(pic, "png")).decode("ascii")
    return (f'<image x="{round(x)}" y="{round(y)}" width="{bw}" height="{bh}" preserveAspectRatio="none" '
            f'xlink:href="data:image/png;base64,{data}"/>\n')
