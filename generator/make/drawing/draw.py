"""Drawing primitives shared by every image: fonts, colours, a scene of shapes and text, and PNG output.

A Scene lists what to draw in pixel coordinates; `raster` turns it into an RGBA image. Each colour
is drawn as its own coverage mask, then composited: drawing anti-aliased shapes straight onto a
transparent canvas would darken their edges (Pillow blends the colour with the transparent black).
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFont

from generator.errors import BuildError
from generator.colours import rgb  # noqa: F401  (the drawing modules take it from here)

SUPERSAMPLE = 4
"""Pillow draws polygons without anti-aliasing: shapes are drawn this many times larger, then reduced."""


FontFile = tuple[str, int, int, int]
"""A font file as it is now: its path, modification time, size and inode."""


def font_file(path: Path) -> FontFile:
    """Fonts are kept by what the file is, not by its name: a font replaced under the same name (the
    live preview runs for hours) is read again, with no cache to clear and no state to carry."""
    st = os.stat(path)
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


def font(path: Path, size: float) -> ImageFont.FreeTypeFont:
    return font_of(font_file(path), size)


@functools.lru_cache(maxsize=256)
def font_of(file: FontFile, size: float) -> ImageFont.FreeTypeFont:
    # Basic layout: raqm depends on the system's FriBiDi, and the same pixels must come out everywhere.
    return ImageFont.truetype(file[0], size=size, layout_engine=ImageFont.Layout.BASIC)


def cap_height(path: Path, size: float) -> float:
    top = font(path, size).getbbox("H", anchor="ls")[1]
    return -float(top)


def text_width(path: Path, size: float, text: str) -> float:
    return float(font(path, size).getlength(text))


def ink(path: Path, size: float, text: str) -> tuple[float, float, float, float]:
    """The inked box of `text` relative to its left baseline origin (descenders and accents included)."""
    x0, y0, x1, y1 = font(path, size).getbbox(text, anchor="ls")
    return float(x0), float(y0), float(x1), float(y1)


def rgba(img: Image.Image) -> Image.Image:
    """Any picture Pillow opens, as 8-bit RGBA: 16-bit grey is scaled down, where a plain conversion clips it."""
    if img.mode.startswith("I"):
        img = img.convert("I").point(lambda v: v / 257).convert("L")
    return img.convert("RGBA")


@dataclass
class Scene:
    """Shapes, text and pictures in one canvas; colours are roles that a palette resolves."""

    width: int
    height: int
    background: str | None = None
    ops: list[tuple[Any, ...]] = field(default_factory=list)

    def text(self, x: float, baseline: float, s: str, font_path: Path, size: float, colour: str) -> None:
        self.ops.append(("text", x, baseline, s, font_path, size, colour))

    def polygon(self, points: list[tuple[float, float]], colour: str) -> None:
        self.ops.append(("poly", tuple(points), colour))

    def rect(self, x0: float, y0: float, x1: float, y1: float, colour: str) -> None:
        self.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], colour)

    def outline(self, x0: float, y0: float, x1: float, y1: float, colour: str, width: float, dash: float = 0) -> None:
        """A rectangle's outline, dashed when `dash` is given (the clear-space diagram's frame)."""
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            self.line(a, b, colour, width, dash)

    def line(self, a: tuple[float, float], b: tuple[float, float], colour: str, width: float, dash: float = 0) -> None:
        (ax, ay), (bx, by) = a, b
        length = max(abs(bx - ax), abs(by - ay))
        if not length:
            return
        ux, uy = (bx - ax) / length, (by - ay) / length
        step = dash * 2 if dash else length
        t = 0.0
        while t < length:
            e = min(t + (dash or length), length)
            sx, sy, ex, ey = ax + ux * t, ay + uy * t, ax + ux * e, ay + uy * e
            hw = width / 2
            # A horizontal or vertical segment as a thin rectangle.
            self.rect(min(sx, ex) - hw * abs(uy), min(sy, ey) - hw * abs(ux),
                      max(sx, ex) + hw * abs(uy), max(sy, ey) + hw * abs(ux), colour)
            t += step

    def picture(self, x: float, y: float, w: float, h: float, img: Image.Image) -> None:
        self.ops.append(("image", x, y, w, h, img))


def raster(scene: Scene, palette: dict[str, tuple[int, int, int]]) -> Image.Image:
    """Draw the scene; `palette` maps each colour role to RGB. Later roles and pictures sit on top."""
    size = (scene.width, scene.height)
    base = Image.new("RGBA", size, palette[scene.background] + (255,) if scene.background else (0, 0, 0, 0))
    # Group consecutive ops of one colour into one layer, keeping the painter's order between layers.
    layers: list[tuple[str, list[tuple[Any, ...]]]] = []
    for op in scene.ops:
        role = "image" if op[0] == "image" else op[-1]
        if layers and layers[-1][0] == role and role != "image":
            layers[-1][1].append(op)
        else:
            layers.append((role, [op]))
    for role, ops in layers:
        if role == "image":
            _, x, y, w, h, img = ops[0]
            pic = img.resize((max(1, round(w)), max(1, round(h))), Image.LANCZOS)
            at = (round(x), round(y))
            if at[0] >= 0 and at[1] >= 0 and at[0] + pic.width <= size[0] and at[1] + pic.height <= size[1]:
                base.alpha_composite(pic.convert("RGBA"), at)
                continue
            layer = Image.new("RGBA", size, (0, 0, 0, 0))  # partly outside the scene: clipped by paste
            layer.paste(pic, at)
            base = Image.alpha_composite(base, layer)
            continue
        mask = Image.new("L", size, 0)
        for op in ops:
            if op[0] == "poly":
                _coverage(mask, op[1])
        d = ImageDraw.Draw(mask)
        for op in ops:
            if op[0] == "text":
                _, x, y, s, fpath, fsize, _c = op
                d.text((x, y), s, font=font(fpath, fsize), fill=255, anchor="ls")
        # Composited over the box the layer covers only: a transparent pixel leaves the one below as it is, and
        # compositing whole sheets twenty times over was a sixth of drawing one.
        box = mask.getbbox()
        if box is None:
            continue
        layer = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), palette[role] + (0,))
        layer.putalpha(mask.crop(box))
        base.alpha_composite(layer, box[:2])
    return base


def _on_pixels(points: tuple[tuple[float, float], ...]) -> bool:
    """Whether the polygon is an upright rectangle whose edges fall on whole pixels."""
    if len(points) != 4:
        return False
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = points
    return (ay == by and bx == cx and cy == dy and dx == ax
            and all(float(v).is_integer() for v in (ax, ay, cx, cy)))


def _coverage(mask: Image.Image, points: tuple[tuple[float, float], ...]) -> None:
    """Add an anti-aliased polygon to a coverage mask, supersampling only the box around it."""
    x0 = max(0, math.floor(min(p[0] for p in points)))
    y0 = max(0, math.floor(min(p[1] for p in points)))
    x1 = min(mask.width, math.ceil(max(p[0] for p in points)))
    y1 = min(mask.height, math.ceil(max(p[1] for p in points)))
    if x1 <= x0 or y1 <= y0:
        return
    if _on_pixels(points):
        mask.paste(255, (x0, y0, x1, y1))  # a rectangle on whole pixels needs no anti-aliasing
        return
    big = Image.new("L", ((x1 - x0) * SUPERSAMPLE, (y1 - y0) * SUPERSAMPLE), 0)
    ImageDraw.Draw(big).polygon([((px - x0) * SUPERSAMPLE, (py - y0) * SUPERSAMPLE) for px, py in points], fill=255)
    small = big.resize((x1 - x0, y1 - y0), Image.BOX)
    box = (x0, y0, x1, y1)
    mask.paste(ImageChops.lighter(mask.crop(box), small), box)


SHARED_PALETTE_FROM = 0.95
"""The share of an image's pixels that must be exactly a colour of the shared palette for it to be used."""


def quantize_like(img: Image.Image, reference: Image.Image) -> Image.Image:
    """`img` (RGB) in 256 colours, with the palette of `reference` (a paletted image of the same layout).

    Median cut costs 60 ms for each guide sheet, and the sheets of one layout share their colours whatever the
    commune. Every pixel whose colour is in the shared palette keeps it exactly (the brand's flat colours); the few
    others, the antialiased edges, take Pillow's nearest entry. An image with colours of its own (a commune's logo)
    has fewer exact pixels than SHARED_PALETTE_FROM: it gets its own median cut, as before."""
    import numpy as np  # only the drawing workers need it

    colours = reference.getcolors(256) or []
    table = np.asarray(reference.getpalette()[:768], dtype=np.uint32).reshape(-1, 3)
    used = sorted({i for _n, i in colours})
    packed_palette = (table[used, 0] << 16) | (table[used, 1] << 8) | table[used, 2]
    order = np.argsort(packed_palette, kind="stable")
    ordered = packed_palette[order]
    pixels = np.asarray(img, dtype=np.uint32)
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    at = np.searchsorted(ordered, packed).clip(0, len(ordered) - 1)
    exact = ordered[at] == packed
    if exact.mean() < SHARED_PALETTE_FROM:
        return img.quantize(colors=256)
    nearest = np.asarray(img.quantize(palette=reference, dither=Image.Dither.NONE))
    index = np.where(exact, np.asarray(used, dtype=np.uint32)[order][at], nearest).astype(np.uint8)
    out = Image.fromarray(index, "P")
    out.putpalette(reference.getpalette())
    return out


FONT_ROLES = ("titres", "intertitres", "textes")


def in_shared_palette(img: Image.Image, make: Callable[[dict[str, Any], dict[str, Path]], Image.Image],
                      params: dict[str, Any], files: dict[str, Path], reference: dict[str, Any]) -> Image.Image:
    """`img` (RGB) quantized like every image of its layout (quantize_like): the layout's palette is the median cut of
    `make(params, files)` drawn with the `reference` words instead of its own, once per drawing process. The fonts
    count by what their files are (font_file), so a font replaced while the preview runs draws a new reference."""
    layout = json.dumps({**params, **reference}, sort_keys=True, ensure_ascii=False)
    return quantize_like(img, _reference(make, layout, tuple((role, *font_file(files[role])) for role in FONT_ROLES)))


@functools.lru_cache(maxsize=64)
def _reference(make: Callable[[dict[str, Any], dict[str, Path]], Image.Image], layout: str,
               fonts: tuple[tuple[Any, ...], ...]) -> Image.Image:
    return make(json.loads(layout), {role: Path(path) for role, path, *_stamp in fonts}).quantize(colors=256)


def encode(img: Image.Image, fmt: str = "png", dpi: int | None = None, quality: int = 82, palette: bool = False) -> bytes:
    """Encode without timestamps or metadata, so the same image always gives the same bytes.

    `palette` stores a flat illustration (guide sheets, cards) in 256 colours: half the bytes, no visible change.
    Lockups stay in full colour: they are the files people print and rework.
    """
    buf = io.BytesIO()
    if fmt == "png" and palette:
        img = img.quantize(colors=256, method=Image.Quantize.FASTOCTREE) if img.mode == "RGBA" else img.convert("RGB").quantize(colors=256)
    if fmt == "png":
        kw: dict[str, Any] = {"dpi": (dpi, dpi)} if dpi else {}
        img.save(buf, format="PNG", compress_level=6, **kw)
    elif fmt == "jpg":
        img.convert("RGB").save(buf, format="JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "webp":
        img.save(buf, format="WEBP", quality=quality, method=4)
    else:
        raise BuildError(f"format d’image inconnu : {fmt}")
    return buf.getvalue()
