"""Social cards (Open Graph, Twitter): 1200 × 630 pixels for each commune kit and each element page.

A white card: the brand block at the top, the surtitle in red capitals, the title as large as it
fits, then up to three fact lines; a grey band with a red accent closes the card at the bottom.
Without a photo everything is centred, so that a square crop of the middle still shows the title;
with a photo, the photo fills the right of the card and the text is set left on the rest. The photo
narrows for a long title, and is left out rather than have the title cut.

Everything important stays inside a safe area, away from the edges that some platforms crop.
The title is wrapped on at most three balanced lines, set as large as the space allows, reduced
down to a legible minimum and, only as a last resort, shortened with an ellipsis: it is never clipped.
The brand block is the official file when content/ provides it, else the mark and wordmark drawn
with the lockup's geometry.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from generator.make.drawing import lockup
from generator.make.drawing.draw import (FontFile, Scene, font_of, cap_height, encode, font, font_file, in_shared_palette, ink, raster,
                                          rgb, rgba, text_width)

WIDTH, HEIGHT = 1200, 630
MARGIN_X = 80
"""Left and right margins of the text (the safe area's sides)."""
SAFE_TOP, SAFE_BOTTOM = 64, 630 - 76
"""Top of the brand block and lowest baseline: platforms that crop to 2:1 cut about 15 pixels each side."""
BAND = 14
"""Height of the grey band along the bottom edge."""
PHOTO_SHARES = (0.42, 0.36, 0.30)
"""Shares of the card's width the photo may fill, on the right: the widest that leaves the title whole."""
PHOTO_GAP = 56
"""Between the text and the photo."""
ZONE_GAP = 56
"""At least this much air between the title and the brand block above, the facts below."""
ACCENT = 160
"""Length of the red accent in the bottom band: centred, or from the left edge to this far past the margin."""
BRAND_HEIGHT = 58
"""Height of the brand block (mark and wordmark), about 22 pixels of capitals for its first line."""
ELLIPSIS = "…"
PAD = 8
"""Margin around the brand block drawn on its own: its letters may overshoot their advance widths."""

TITLE_MAX = {"commune": 112, "element": 80}
TITLE_MAX_PHOTO = {"commune": 96, "element": 72}
TITLE_MIN = 56
TITLE_LINES = 3
TITLE_LEAD = 1.08
"""Line spacing of the title, as a share of its size."""
LINE_PENALTY = 0.9
"""A title takes one more line only if that sets it larger than this share of its size on fewer lines."""
HYPHEN_PENALTY, SHORT_WORD_PENALTY, UNEVEN_PENALTY = 0.1, 0.12, 0.15
"""How much a break after a hyphen, a line ending on a short word, and a short line against the longest cost."""

SURTITRE_SIZE, SURTITRE_MIN, SURTITRE_TRACK, SURTITRE_GAP = 26, 20, 0.08, 1.0
FACT_SIZE, FACT_MIN, FACT_LEAD, FACT_WRAP_LEAD, FACT_LINES = 32, 26, 1.4, 1.2, 4
"""Facts are set at one size: the largest that keeps each on one line, else the smallest, a long one on two lines."""

SHORT_WORDS = frozenset("à a au aux d’ de des du en et l’ la le les n° ou par sur un une".split())
"""Words a line of the title should not end with (French typography)."""


def palette(gris: str, rouge: str) -> dict[str, tuple[int, int, int]]:
    return {"fond": (255, 255, 255), "gris": rgb(gris), "rouge": rgb(rouge)}


def display(text: str) -> str:
    """French typography: curly apostrophes, the spaces before : ; ! ? and inside « » made narrow and no-break.

    Only plain spaces are collapsed: the no-break spaces a text carries keep their words together.
    """
    text = re.sub(r"[ \t\r\n]+", " ", text.replace("'", "’")).strip()
    text = re.sub(r"[ \u00a0]([:;!?»])", "\u202f\\1", text)
    return re.sub(r"«[ \u00a0]", "«\u202f", text)


@dataclass(frozen=True)
class Fonts:
    bold: Path
    semibold: Path
    regular: Path


# --- Lines that must fit a width ------------------------------------------------------------------

def ellipsize(text: str, fpath: Path, size: float, max_width: float) -> str:
    """`text` cut after its last whole word that fits with an ellipsis (or its last letter, for one long word)."""
    if text_width(fpath, size, text) <= max_width:
        return text
    words = text.split(" ")
    # Only the words up to the first that passes the width can be kept: a long text (a hostile 100 kB name) is
    # measured a few times, not once per word. Found by halving; two more words kept, for kerning's sake.
    lo, hi = 1, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if text_width(fpath, size, " ".join(words[:mid])) > max_width:
            hi = mid
        else:
            lo = mid + 1
    words = words[:lo + 2]
    while len(words) > 1:
        words.pop()
        head = " ".join(words).rstrip(" ,;:–—-·/(")
        if head and text_width(fpath, size, head + ELLIPSIS) <= max_width:
            return head + ELLIPSIS
    # No glyph is narrower than a twentieth of the size: at most that many letters can fit.
    head = words[0][:int(20 * max_width / max(size, 1)) + 1]
    while head and text_width(fpath, size, head + ELLIPSIS) > max_width:
        head = head[:-1]
    return head + ELLIPSIS


def fact_lines(facts: list[str], fpath: Path, max_width: float) -> tuple[list[tuple[str, bool]], float, int]:
    """The facts' lines (each with whether it starts a fact), their size, and how many facts had to be shortened."""
    size = float(FACT_SIZE)
    while size > FACT_MIN and any(text_width(fpath, size, f) > max_width for f in facts):
        size -= 1
    lines: list[tuple[str, bool]] = []
    cut = 0
    for i, f in enumerate(facts):
        room = FACT_LINES - len(lines) - (len(facts) - 1 - i)
        if text_width(fpath, size, f) <= max_width or room < 2:
            lines.append((ellipsize(f, fpath, size, max_width), True))
            cut += lines[-1][0] != f
            continue
        # On two lines, broken at the space that makes them most even, rather after a comma, not after a short word.
        words = f.split(" ")
        splits = [(" ".join(words[:j]), " ".join(words[j:])) for j in range(1, len(words))] or [(f, "")]

        def cost(ab: tuple[str, str]) -> float:
            last = ab[0].rsplit(" ", 1)[-1]
            bias = 0.7 if last.endswith(",") else 1 + SHORT_WORD_PENALTY if last.lower() in SHORT_WORDS else 1
            widest = max(text_width(fpath, size, ab[0]), text_width(fpath, size, ab[1]))
            return bias * widest + (math.inf if widest > max_width else 0)

        a, b = min(splits, key=cost)
        shown = [ellipsize(a, fpath, size, max_width), ellipsize(b, fpath, size, max_width)]
        cut += shown != [a, b]
        lines.extend((line, j == 0) for j, line in enumerate(shown) if line)
    return lines, size, cut


# --- The title --------------------------------------------------------------------------------------

def tokens(text: str) -> list[tuple[str, str]]:
    """The pieces a title may break between, each with what joins it to the next (a space, or nothing after a hyphen)."""
    out: list[tuple[str, str]] = []
    for w in text.split(" "):
        # A compound name may break after its first hyphen only ("Condé-" / "sur-l’Escaut"), not in a short part.
        first, dash, rest = w.partition("-")
        if dash and len(first) >= 3 and len(rest) >= 5 and first[-1].isalpha() and rest[0].isalpha():
            out.append((first + "-", ""))
            w = rest
        out.append((w, " "))
    # Never break before a dash or a lone punctuation mark, nor after "n°" or "«".
    glued: list[tuple[str, str]] = []
    for t, sep in out:
        if glued and (t in ("–", "—", ":", ";", "!", "?", "»") or glued[-1][0].lower() in ("n°", "«")):
            glued[-1] = (glued[-1][0] + glued[-1][1] + t, sep)
        else:
            glued.append((t, sep))
    return glued


def _join(toks: list[tuple[str, str]]) -> str:
    return "".join(t + sep for t, sep in toks[:-1]) + toks[-1][0]


def _penalty(toks: list[tuple[str, str]], ends: tuple[int, ...]) -> float:
    """Bad breaks: a line ending on a short word, or a compound name split at its hyphen."""
    p = 0.0
    for e in ends[:-1]:
        last, sep = toks[e - 1]
        if sep == "":
            p += HYPHEN_PENALTY
        elif last.lower() in SHORT_WORDS:
            p += SHORT_WORD_PENALTY
    return p


def _ref_width(fpath: Path, text: str) -> float:
    return _ref_width_of(font_file(fpath), text)


@functools.lru_cache(maxsize=4096)
def _ref_width_of(file: FontFile, text: str) -> float:
    return float(font_of(file, 100).getlength(text))


def _block_height(size: float, n: int, cap: float) -> float:
    """From the first line's cap top to the last baseline."""
    return cap + (n - 1) * TITLE_LEAD * size


def _fits(lines: list[str], fpath: Path, size: float, max_width: float, max_height: float) -> bool:
    return (max(text_width(fpath, size, line) for line in lines) <= max_width
            and _block_height(size, len(lines), cap_height(fpath, size)) <= max_height)


def fit_title(text: str, fpath: Path, max_width: float, max_height: float, size_max: float) -> tuple[list[str], float]:
    """The title's lines and size, at most TITLE_LINES lines.

    Every way of breaking it is valued by the size it allows, lowered for each extra line, each bad
    break and uneven lines: the title stays as large as it can, on as few and as even lines as it can.
    """
    toks = tokens(text)
    # Lines that each fit at the smallest size fit together too: a title wider than that, whole, cannot be
    # broken into lines that fit, and the search below (every way of breaking it, cubic in its words) is skipped.
    if text_width(fpath, TITLE_MIN, text) > 1.1 * TITLE_LINES * max_width:
        return _squeeze(toks, fpath, max_width, max_height), float(TITLE_MIN)
    cap_ratio = cap_height(fpath, 100) / 100
    best: tuple[float, list[str], float] | None = None
    k = len(toks)
    for n in range(1, min(TITLE_LINES, k) + 1):
        height_limit = max_height / (cap_ratio + (n - 1) * TITLE_LEAD)
        for cuts in itertools.combinations(range(1, k), n - 1):
            ends = cuts + (k,)
            lines = [_join(toks[a:b]) for a, b in zip((0,) + cuts, ends)]
            widths = [_ref_width(fpath, line) for line in lines]
            widest = max(widths)
            size = min(size_max, 100 * max_width / widest, height_limit)
            if size < TITLE_MIN:
                continue
            even = 1 - UNEVEN_PENALTY * (1 - min(widths) / widest)
            value = size * LINE_PENALTY ** (n - 1) * (1 - _penalty(toks, ends)) * even
            if best is None or value > best[0]:
                best = (value, lines, size)
    if best is None:
        return _squeeze(toks, fpath, max_width, max_height), float(TITLE_MIN)
    _, lines, size = best
    # Hinting makes widths not quite proportional to the size: check at the real size.
    size = float(int(size))
    while size > TITLE_MIN and not _fits(lines, fpath, size, max_width, max_height):
        size -= 1
    if not _fits(lines, fpath, size, max_width, max_height):
        return _squeeze(toks, fpath, max_width, max_height), float(TITLE_MIN)
    return lines, size


def _squeeze(toks: list[tuple[str, str]], fpath: Path, max_width: float, max_height: float) -> list[str]:
    """The last resort: the title at its minimum size, filled line by line, the last one ellipsized."""
    size = TITLE_MIN
    n = TITLE_LINES
    cap = cap_height(fpath, size)
    while n > 1 and _block_height(size, n, cap) > max_height:
        n -= 1
    lines: list[str] = []
    i = 0
    while i < len(toks) and len(lines) < n - 1:
        j = i + 1
        while j < len(toks) and text_width(fpath, size, _join(toks[i:j + 1])) <= max_width:
            j += 1
        lines.append(_join(toks[i:j]))
        i = j
    if i < len(toks):
        lines.append(ellipsize(_join(toks[i:]), fpath, size, max_width))
    return [ellipsize(line, fpath, size, max_width) for line in lines]


# --- Drawing ----------------------------------------------------------------------------------------

def tracked(sc: Scene, x: float, baseline: float, s: str, fpath: Path, size: float, colour: str, track: float) -> None:
    """Letter-spaced text (for capitals), keeping the font's kerning."""
    f = font(fpath, size)
    for i, ch in enumerate(s):
        if ch != " ":
            sc.text(x + f.getlength(s[:i]) + i * track * size, baseline, ch, fpath, size, colour)


def tracked_width(s: str, fpath: Path, size: float, track: float) -> float:
    return text_width(fpath, size, s) + max(0, len(s) - 1) * track * size


def brand(sc: Scene, x: float, top: float, height: float, lines: list[str], fonts: Fonts,
          official: Image.Image | None, max_width: float) -> float:
    """The brand block, its top at `top`, `height` tall: the official file, or the mark and wordmark
    drawn with the lockup's geometry. Return its width."""
    if official is not None:
        w = height * official.width / official.height
        if w > max_width:
            w, height = max_width, max_width * official.height / official.width
        sc.picture(x, top, w, height, official)
        return w
    # Laid out at a reference size, then at the size that gives the block its height.
    _l, _s, baselines, _t = lockup.wordmark(lines, fonts.bold, fonts.semibold, 100.0)
    lines, sizes, baselines, target = lockup.wordmark(lines, fonts.bold, fonts.semibold, 100.0 * height / baselines[-1])
    h = baselines[-1]
    mark_w = lockup.MARK_WIDTH * h
    for points, colour in lockup.mark(x, top, h):
        sc.polygon(points, colour)
    tx = x + mark_w + 0.3 * h
    for i, (line, size, base) in enumerate(zip(lines, sizes, baselines)):
        sc.text(tx, top + base, line, fonts.bold if i == 0 else fonts.semibold, size, "gris" if i == 0 else "rouge")
    return tx + target - x


def brand_picture(params: dict[str, Any], fonts: Fonts, official: Image.Image | None, max_width: float,
                  colours: dict[str, tuple[int, int, int]]) -> tuple[Image.Image, float]:
    """The brand block drawn on its own, with a margin of PAD pixels, and its width.

    Supersampling the whole card for two triangles would cost more than all the rest.
    """
    lines = [str(line) for line in params.get("marque") or []]
    w = brand(Scene(1, 1), 0, 0, BRAND_HEIGHT, lines, fonts, official, max_width)
    sc = Scene(math.ceil(w) + 2 * PAD, BRAND_HEIGHT + 2 * PAD)
    brand(sc, PAD, PAD, BRAND_HEIGHT, lines, fonts, official, max_width)
    return raster(sc, colours), w


def band(x0: float, x1: float, colours: dict[str, tuple[int, int, int]]) -> Image.Image:
    """The grey band along the bottom edge, red from x0 to x1."""
    img = Image.new("RGBA", (WIDTH, BAND), colours["gris"] + (255,))
    img.paste(colours["rouge"] + (255,), (round(x0), 0, round(x1), BAND))
    return img


def cover(img: Image.Image, w: int, h: int) -> Image.Image:
    """The photo cropped to fill w × h, upright, centred a little above the middle."""
    img = rgba(ImageOps.exif_transpose(img)).convert("RGB")
    return ImageOps.fit(img, (w, h), Image.LANCZOS, centering=(0.5, 0.45))


def open_photo(path: Path) -> Image.Image:
    img = Image.open(path)
    if img.format == "JPEG":
        # A large photo decoded at a reduced scale, still larger than its place: same pixels every time, faster.
        scale = max(PHOTO_SHARES[0] * WIDTH / img.width, HEIGHT / img.height)
        img.draft("RGB", (math.ceil(img.width * scale), math.ceil(img.height * scale)))
    img.load()
    return img


def open_official(path: Path) -> Image.Image:
    """The official brand file without the transparent margin it may carry."""
    img = rgba(Image.open(path))
    box = img.getchannel("A").getbbox()
    return img.crop(box) if box else img


@dataclass
class Layout:
    scene: Scene
    title_cut: bool
    """Whether the title had to be shortened with an ellipsis."""
    cut: int
    """How many other texts had to be."""
    photo_x: int
    """Where the photo starts, on the right."""


def layout(params: dict[str, Any], fonts: Fonts, colours: dict[str, tuple[int, int, int]], mark: tuple[Image.Image, float],
           photo: Image.Image | None, share: float) -> Layout:
    """The card with the photo filling `share` of its width (or without photo): centred text without a
    photo, so that a square crop still shows the title; left-aligned beside a photo."""
    sorte = params.get("sorte", "element")
    centred = photo is None
    px = round(WIDTH * (1 - share)) if photo is not None else WIDTH
    max_w = (px - PHOTO_GAP if photo is not None else WIDTH - MARGIN_X) - MARGIN_X

    def at(width: float) -> float:
        return (WIDTH - width) / 2 if centred else MARGIN_X

    grey: list[tuple[Any, ...]] = []
    red: list[tuple[Any, ...]] = []

    # The facts at the bottom, their last baseline on the safe area's bottom, all at one size.
    facts = [display(str(f)) for f in (params.get("lignes") or []) if str(f).strip()][:3]
    shown, fact_size, cut = fact_lines(facts, fonts.regular, max_w)
    # Laid out upwards from the last baseline; a fact broken on two lines keeps them closer.
    base = SAFE_BOTTOM
    for j in range(len(shown) - 1, -1, -1):
        f, starts = shown[j]
        grey.append((at(text_width(fonts.regular, fact_size, f)), base, f, fonts.regular, fact_size))
        if j:
            base -= (FACT_LEAD if starts else FACT_WRAP_LEAD) * fact_size
    fact_top = base - cap_height(fonts.regular, fact_size)

    # Between the brand block and the facts: the surtitle and the title, centred in the space left.
    zone_top = SAFE_TOP + BRAND_HEIGHT + ZONE_GAP
    zone_bottom = (fact_top - ZONE_GAP) if shown else SAFE_BOTTOM
    surtitre = display(str(params.get("surtitre") or "")).upper()
    s_size = float(SURTITRE_SIZE)
    if surtitre:
        while s_size > SURTITRE_MIN and tracked_width(surtitre, fonts.semibold, s_size, SURTITRE_TRACK) > max_w:
            s_size -= 1
        full = surtitre
        while tracked_width(surtitre, fonts.semibold, s_size, SURTITRE_TRACK) > max_w and len(surtitre) > 1:
            surtitre = surtitre[:-2].rstrip(" ,;:–—-·/(") + ELLIPSIS
        cut += surtitre != full
    s_cap = cap_height(fonts.semibold, s_size)
    head = (s_cap + SURTITRE_GAP * s_size) if surtitre else 0.0
    size_max = (TITLE_MAX_PHOTO if photo is not None else TITLE_MAX).get(sorte, TITLE_MAX["element"])
    titre = display(str(params.get("titre") or ""))
    zone = zone_bottom - zone_top
    lines: list[str] = []
    t_size = t_cap = accent = 0.0
    room = zone - head
    for _ in range(3 if titre else 0):
        lines, t_size = fit_title(titre, fonts.bold, max_w, room, size_max)
        t_cap = cap_height(fonts.bold, t_size)
        # Accents on the first line's capitals take their room under the surtitle.
        accent = max(0.0, -ink(fonts.bold, t_size, lines[0])[1] - t_cap)
        over = head + accent + _block_height(t_size, len(lines), t_cap) - zone
        if over <= 0:
            break
        room -= over
    title_cut = any(line.endswith(ELLIPSIS) for line in lines)
    if lines:
        block = head + accent + _block_height(t_size, len(lines), t_cap)
    else:
        block = s_cap if surtitre else 0.0
    y = zone_top + max(0.0, (zone - block) / 2)
    if surtitre:
        red.append((at(tracked_width(surtitre, fonts.semibold, s_size, SURTITRE_TRACK)), y + s_cap, surtitre, fonts.semibold, s_size))
        y += head
    y += accent
    for i, line in enumerate(lines):
        grey.append((at(text_width(fonts.bold, t_size, line)), y + t_cap + i * TITLE_LEAD * t_size, line, fonts.bold, t_size))

    # Text in two layers, one per colour; the brand block, the band and the photo as pictures.
    sc = Scene(WIDTH, HEIGHT, "fond")
    for op in grey:
        sc.text(*op, "gris")
    for op in red:
        tracked(sc, *op, "rouge", SURTITRE_TRACK)
    pic, mark_w = mark
    sc.picture(round(at(mark_w)) - PAD, SAFE_TOP - PAD, pic.width, pic.height, pic)
    red_x0, red_x1 = ((WIDTH - ACCENT) / 2, (WIDTH + ACCENT) / 2) if centred else (0, MARGIN_X + ACCENT)
    sc.picture(0, HEIGHT - BAND, WIDTH, BAND, band(red_x0, red_x1, colours))
    return Layout(sc, title_cut, cut, px)


def contain(img: Image.Image, w: int, h: int, ground: str) -> Image.Image:
    """A map whole within w × h, centred on its own ground colour: a map cropped would lose its legend."""
    return ImageOps.pad(rgba(img).convert("RGB"), (w, h), Image.LANCZOS, color=rgb(ground))


def scene(params: dict[str, Any], fonts: Fonts, colours: dict[str, tuple[int, int, int]],
          photo: Image.Image | None = None, official: Image.Image | None = None) -> Scene:
    """The card's scene. A photo gives way to a long title: it narrows, and is left out rather than cut the title.
    With params["ajuster"] « contenir » (a map), the picture is shown whole on params["fond"] rather than cropped."""
    mark = brand_picture(params, fonts, official, WIDTH * (1 - PHOTO_SHARES[0]) - PHOTO_GAP - MARGIN_X, colours)
    if photo is None:
        return layout(params, fonts, colours, mark, None, 0).scene
    tried = []
    for share in PHOTO_SHARES:
        lay = layout(params, fonts, colours, mark, photo, share)
        tried.append(lay)
        if not lay.title_cut and not lay.cut:
            break
    if all(lay.title_cut for lay in tried):
        tried.append(layout(params, fonts, colours, mark, None, 0))
    # The widest photo that leaves the title whole and cuts the least of the rest.
    best = min(tried, key=lambda lay: (lay.title_cut, lay.cut))
    if best.photo_x < WIDTH:
        w = WIDTH - best.photo_x
        pic = contain(photo, w, HEIGHT, params["fond"]) if params.get("ajuster") == "contenir" else cover(photo, w, HEIGHT)
        best.scene.picture(best.photo_x, 0, w, HEIGHT, pic)
    return best.scene


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """Draw one social card from a Job's params and files: PNG, or JPEG when params["format"] is "jpg"."""
    fonts = Fonts(files["titres"], files["intertitres"], files["textes"])
    colours = palette(params["gris"], params["rouge"])
    photo = open_photo(files["photo"]) if "photo" in files else None
    official = open_official(files["marque"]) if "marque" in files else None
    img = raster(scene(params, fonts, colours, photo, official), colours)
    fmt = str(params.get("format", "png"))
    if fmt == "png" and photo is None and official is None:
        # A card of words only (an element without a photo): the same colours as every other, whatever its text.
        reference = {"titre": "Bassin minier", "surtitre": "Patrimoine mondial",
                     "lignes": ["Bassin minier du Nord-Pas de Calais", "Patrimoine mondial"]}
        return encode(in_shared_palette(img.convert("RGB"), _words_only, params, files, reference), "png")
    return encode(img.convert("RGB"), fmt, quality=86, palette=fmt == "png")


def _words_only(params: dict[str, Any], files: dict[str, Path]) -> Image.Image:
    colours = palette(params["gris"], params["rouge"])
    fonts = Fonts(files["titres"], files["intertitres"], files["textes"])
    return raster(scene(params, fonts, colours, None, None), colours).convert("RGB")
