"""A commune's lockup: the brand's mark and wordmark, a rule, then the commune's logo and name.

The clear space that marque.yml asks for (the height of the first line of text) is built into
every file, so a webmaster who places the file as it is respects it without measuring.
"""

from __future__ import annotations


import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from generator.make.drawing.draw import Scene, cap_height, encode, ink, raster, rgb, rgba, text_width


@dataclass(frozen=True)
class Format:
    name: str
    layout: str
    """horizontal (the height is fixed, the width follows the name) or carre (a fixed square)."""
    height: int
    width: int | None = None
    dpi: int = 72
    opaque: bool = False
    variants: tuple[str, ...] = ("couleur", "noir-blanc", "negatif")


FORMATS = (
    Format("en-tete", "horizontal", 200),
    Format("pied-de-page", "horizontal", 128),
    Format("avatar", "carre", 400, 400, opaque=True, variants=("couleur", "negatif")),
    Format("impression", "horizontal", round(35 / 25.4 * 300), dpi=300),
    # The snippets' own (badge, banner): drawn at the size they show, so an editor that drops width and height
    # (the block editor, CKEditor) shows it at that size and not twice as large.
    Format("extrait", "horizontal", 100, variants=("couleur",)),
)
FORMATS_BY_NAME = {f.name: f for f in FORMATS}


AVATAR_SAFE = 0.66
"""Share of the avatar's side the lockup may use: it then survives a round crop."""


def palette(variant: str, gris: str, rouge: str) -> dict[str, tuple[int, int, int]]:
    if variant == "couleur":
        return {"gris": rgb(gris), "rouge": rgb(rouge), "fond": (255, 255, 255)}
    if variant == "noir-blanc":
        return {"gris": (0, 0, 0), "rouge": (0, 0, 0), "fond": (255, 255, 255)}
    return {"gris": (255, 255, 255), "rouge": (255, 255, 255), "fond": rgb(gris)}


def display_name(nom: str) -> str:
    return nom.replace("'", "’")


def split_name(name: str) -> tuple[str, str] | None:
    """The most balanced break of a name after a hyphen or at a space, or None when it has none."""
    best: tuple[float, tuple[str, str]] | None = None
    for i, ch in enumerate(name):
        if ch == "-":
            parts = (name[: i + 1], name[i + 1:])
        elif ch == " ":
            parts = (name[:i], name[i + 1:])
        else:
            continue
        score = abs(len(parts[0]) - len(parts[1]))
        if best is None or score < best[0]:
            best = (score, parts)
    return best[1] if best else None


class Block:
    """Items placed relative to an origin; `box` is their inked extent, for layout and clear space."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, ...]] = []
        self.box = [math.inf, math.inf, -math.inf, -math.inf]

    def _grow(self, x0: float, y0: float, x1: float, y1: float) -> None:
        b = self.box
        b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)

    def text(self, x: float, baseline: float, s: str, fpath: Path, size: float, colour: str) -> None:
        ix0, iy0, ix1, iy1 = ink(fpath, size, s)
        self._grow(x + ix0, baseline + iy0, x + ix1, baseline + iy1)
        self.items.append(("text", x, baseline, s, fpath, size, colour))

    def polygon(self, pts: list[tuple[float, float]], colour: str) -> None:
        self._grow(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
        self.items.append(("poly", pts, colour))

    def picture(self, x: float, y: float, w: float, h: float, key: str) -> None:
        self._grow(x, y, x + w, y + h)
        self.items.append(("image", x, y, w, h, key))

    def place(self, scene: Scene, dx: float, dy: float, pictures: dict[str, Image.Image]) -> None:
        for it in self.items:
            if it[0] == "text":
                scene.text(it[1] + dx, it[2] + dy, *it[3:])
            elif it[0] == "poly":
                scene.polygon([(x + dx, y + dy) for x, y in it[1]], it[2])
            elif it[5] in pictures:  # absent only when measuring
                scene.picture(it[1] + dx, it[2] + dy, it[3], it[4], pictures[it[5]])


@dataclass(frozen=True)
class Spec:
    """What a lockup is drawn from, all of it from content/."""

    nom: str
    lignes: tuple[str, ...]
    bold: Path
    semibold: Path
    logo_ratio: float | None = None
    """Width / height of the commune's own logo, when it has one."""
    official_ratio: float | None = None
    """Width / height of the Mission's official brand file, when content/ provides it."""


MARK_WIDTH = 1.75
"""The mark's width, as a multiple of the wordmark's height."""


def mark(x: float, top: float, h: float) -> list[tuple[list[tuple[float, float]], str]]:
    """Two slag heaps, the basin's landmark, `h` tall: the red one behind, the grey one in front."""
    return [([(x + 0.8 * h, top + h), (x + 1.3 * h, top + 0.3 * h), (x + MARK_WIDTH * h, top + h)], "rouge"),
            ([(x, top + h), (x + 0.62 * h, top), (x + 1.24 * h, top + h)], "gris")]


def wordmark(lignes: tuple[str, ...] | list[str], bold: Path, semibold: Path, u: float) -> tuple[list[str], list[float], list[float], float]:
    """The wordmark's lines in capitals, their sizes, baselines (cap top at 0) and common width.

    Every line is set to the width of the longest at size `u`, as a justified block; the first in bold.
    """
    lines = [line.upper() for line in lignes] or [""]
    cap2 = cap_height(semibold, u)
    target = max(text_width(semibold, u, line) for line in lines)
    sizes = [u * target / text_width(bold if i == 0 else semibold, u, line) if line else u for i, line in enumerate(lines)]
    caps = [cap_height(bold if i == 0 else semibold, s) for i, s in enumerate(sizes)]
    baselines = [caps[0]]
    for c in caps[1:]:
        baselines.append(baselines[-1] + 0.55 * cap2 + c)
    return lines, sizes, baselines, target


def _brand(block: Block, spec: Spec, u: float, x: float = 0, centre: bool = False) -> tuple[float, float, float, float, float]:
    """Draw the mark and wordmark with their cap top at y=0.

    Return (left, right, bottom baseline, first line's cap height, first line's size).
    """
    lines, sizes, baselines, target = wordmark(spec.lignes, spec.bold, spec.semibold, u)
    first_cap, height = baselines[0], baselines[-1]
    if spec.official_ratio:
        w = height * spec.official_ratio
        left = x - w / 2 if centre else x
        block.picture(left, 0, w, height, "marque")
        return left, left + w, height, first_cap, sizes[0]
    mark_w = MARK_WIDTH * height
    if centre:
        # Stacked: the mark above the wordmark, both centred on x.
        mx, top = x - mark_w / 2, -1.25 * height
        tx = x - target / 2
    else:
        mx, top = x, 0.0
        tx = x + mark_w + 0.3 * height
    for points, colour in mark(mx, top, height):
        block.polygon(points, colour)
    for i, (line, size, base) in enumerate(zip(lines, sizes, baselines)):
        block.text(tx, base, line, spec.bold if i == 0 else spec.semibold, size, "gris" if i == 0 else "rouge")
    return (tx if centre else x), tx + target, height, first_cap, sizes[0]


def _name_lines(spec: Spec, u: float, size1: float, max_width: float) -> tuple[list[str], float]:
    name = display_name(spec.nom)
    if text_width(spec.bold, size1, name) <= max_width:
        return [name], size1
    parts = split_name(name)
    if parts is None:
        return [name], size1
    return list(parts), u


def scene(spec: Spec, fmt: Format, logo: Image.Image | None = None, official: Image.Image | None = None) -> Scene:
    """Lay the lockup out at its final size for one format."""
    # Laid out at a reference size, then once more at the size that fills the format: the layout
    # scales linearly, so one step lands within hinting's rounding.
    block, clear = _layout(spec, fmt, 100.0)
    x0, y0, x1, y1 = block.box
    if fmt.layout == "horizontal":
        u = 100.0 * (fmt.height / ((y1 - y0) + 2 * clear))
    else:
        u = 100.0 * (fmt.height * AVATAR_SAFE / max(x1 - x0, y1 - y0))
    block, clear = _layout(spec, fmt, u)
    x0, y0, x1, y1 = block.box
    if fmt.layout == "horizontal":
        width, height = math.ceil(x1 - x0 + 2 * clear), fmt.height
    else:
        width, height = fmt.width or fmt.height, fmt.height
    sc = Scene(width, height, "fond" if fmt.opaque else None)
    dx = (width - (x1 - x0)) / 2 - x0
    dy = (height - (y1 - y0)) / 2 - y0
    pictures = {k: v for k, v in (("logo", logo), ("marque", official)) if v is not None}
    block.place(sc, dx, dy, pictures)
    return sc


def _layout(spec: Spec, fmt: Format, u: float) -> tuple[Block, float]:
    block = Block()
    if fmt.layout == "horizontal":
        left, right, height, clear, size1 = _brand(block, spec, u)
        gap = 0.9 * cap_height(spec.semibold, u)
        rule_x = right + gap
        block.polygon([(rule_x, 0), (rule_x + max(0.1 * u, 1.5), 0), (rule_x + max(0.1 * u, 1.5), height), (rule_x, height)], "gris")
        x = rule_x + max(0.1 * u, 1.5) + gap
        if spec.logo_ratio:
            lh = height * 1.25
            block.picture(x, (height - lh) / 2, lh * spec.logo_ratio, lh, "logo")
            x += lh * spec.logo_ratio + gap
        # A name wider than the wordmark goes on two lines: the file stays compact in a header.
        lines, size = _name_lines(spec, u, size1, right - left - 2.05 * height)
        cap = cap_height(spec.bold, size)
        if len(lines) == 1:
            block.text(x, height / 2 + cap / 2, lines[0], spec.bold, size, "gris")
        else:
            lead = 1.2 * size
            top = (height - (cap + lead)) / 2
            block.text(x, top + cap, lines[0], spec.bold, size, "gris")
            block.text(x, top + cap + lead, lines[1], spec.bold, size, "gris")
        return block, clear
    # Stacked, for the square avatar.
    left, right, height, clear, size1 = _brand(block, spec, u, centre=True)
    gap = 0.9 * cap_height(spec.semibold, u)
    rule_w = 0.4 * (right - left)
    y = height + gap
    block.polygon([(-rule_w / 2, y), (rule_w / 2, y), (rule_w / 2, y + max(0.1 * u, 1.5)), (-rule_w / 2, y + max(0.1 * u, 1.5))], "gris")
    y += max(0.1 * u, 1.5) + gap
    if spec.logo_ratio:
        lh = height * 1.1
        block.picture(-lh * spec.logo_ratio / 2, y, lh * spec.logo_ratio, lh, "logo")
        y += lh + gap
    lines, size = _name_lines(spec, u, size1, 1.05 * (right - left))
    size = max(size, 0.9 * size1)
    cap = cap_height(spec.bold, size)
    for i, line in enumerate(lines):
        w = text_width(spec.bold, size, line)
        block.text(-w / 2, y + cap + i * 1.2 * size, line, spec.bold, size, "gris")
    return block, clear


def adapt_picture(img: Image.Image, variant: str) -> Image.Image:
    """A commune's own logo in the variant's colours: as it is, black and white, or white."""
    img = rgba(img)
    if variant == "couleur":
        return img
    alpha = img.getchannel("A")
    if variant == "negatif":
        out = Image.new("RGBA", img.size, (255, 255, 255, 0))
        out.putalpha(alpha)
        return out
    # Dark parts black, light parts white: only black and white remain, the shape stays readable.
    lum = img.convert("L").point(lambda v: 255 if v >= 128 else 0)
    out = Image.merge("RGBA", (lum, lum, lum, alpha))
    return out


def prepare(params: dict[str, Any], files: dict[str, Path]) -> tuple[Scene, dict[str, tuple[int, int, int]], Format]:
    """Lay out a lockup from a Job's params and files: the PNG and the SVG both start here."""
    fmt = FORMATS_BY_NAME[params["format_logo"]]
    variant = params["variante"]
    logo = official = None
    if "logo" in files:
        logo = adapt_picture(Image.open(files["logo"]), variant)
    if "marque" in files:
        official = rgba(Image.open(files["marque"]))
    spec = Spec(params["nom"], tuple(params["lignes"]), files["titres"], files["intertitres"],
                logo_ratio=logo.width / logo.height if logo else None,
                official_ratio=official.width / official.height if official else None)
    return scene(spec, fmt, logo, official), palette(variant, params["gris"], params["rouge"]), fmt


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """Draw one lockup PNG from a Job's params and files."""
    sc, pal, fmt = prepare(params, files)
    return encode(raster(sc, pal), "png", dpi=fmt.dpi)


def size_of(spec: Spec, fmt: Format) -> tuple[int, int]:
    """The pixel size of a lockup file, for the pages that list and show it (the build keeps each
    answer in its state: the logo page, the snippets and the ZIP all ask)."""
    if fmt.layout != "horizontal":
        return fmt.width or fmt.height, fmt.height
    sc = scene(spec, fmt)
    return sc.width, sc.height
