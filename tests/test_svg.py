"""The SVG lockups: valid, self-contained, deterministic, and drawn like the PNG lockups.

Faithfulness is checked without any external renderer: the SVG's own path data (absolute
M/L/Q/C/Z commands, the only ones the writer emits) is flattened into polygons and filled with
Pillow at 8× supersampling (see SS), then compared colour by colour with the PNG from `lockup.draw`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageMath, ImageStat

from generator.make.drawing import lockup, svg
from generator.make.drawing.draw import font, rgb

from conftest import other_seed

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "content" / "marque" / "polices"
FILES = {"titres": FONTS / "SourceSansPro-Bold.ttf", "intertitres": FONTS / "SourceSansPro-Semibold.ttf"}
GRIS, ROUGE = "#41474D", "#B3262C"
NAMES = ("Lens", "Noyelles-lès-Vermelles", "Condé-sur-l'Escaut")
CASES = [(nom, fmt, v) for nom in NAMES for fmt in ("en-tete", "avatar") for v in lockup.FORMATS_BY_NAME[fmt].variants]
NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
SS = 8
"""Supersampling of the test rasteriser. Pillow fills a polygon's boundary pixels on both sides, which
widens every shape by one sample: at 8× and centred (half a sample back), that is 1/16 pixel a side."""

MIN_IOU = {"en-tete": 0.95, "avatar": 0.93}
"""Least IoU of one colour's inked pixels, SVG against PNG. Not 1: the PNG's glyphs are hinted (FreeType
snaps their horizontal edges, x-height and overshoots to the pixel grid; the SVG keeps the true outlines),
which flips a row of pixels here and there along 2 to 5 px wide strokes. Measured: 0.955 to 0.979 at
en-tete size (text 51 to 75 px), 0.938 to 0.951 at avatar size (27 to 40 px); a misplaced glyph is caught
by FAR_PX below, whatever its size."""
MAX_BOX_SHIFT = 2
FAR_PX = 2
"""No inked pixel of one image may lie farther than this from the same colour's ink in the other: hinting
moves an edge by at most about a pixel, a glyph out of place moves all of its edges."""


def params(nom: str, fmt: str, variant: str) -> dict:
    return {"format_logo": fmt, "variante": variant, "nom": nom, "lignes": ["Bassin minier", "Patrimoine mondial"],
            "gris": GRIS, "rouge": ROUGE}


# ---------------------------------------------------------------------------------------------
# A small SVG rasteriser for what svg.py writes: rect, g[fill], path (M/L/Q/C/Z), image.

TOKEN = re.compile(r"[MLQCZ]|-?\d+(?:\.\d+)?")


def contours(d: str, steps: int = 12) -> list[list[tuple[float, float]]]:
    """Flatten path data into closed polygons."""
    assert re.fullmatch(r"[MLQCZ0-9. -]*", d), d[:80]
    toks = TOKEN.findall(d)
    out: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    i = 0
    arity = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}

    def nums(n: int) -> list[float]:
        nonlocal i
        vals = [float(t) for t in toks[i:i + n]]
        assert len(vals) == n and all(not t.isalpha() for t in toks[i:i + n]), d[:80]
        i += n
        return vals

    while i < len(toks):
        cmd = toks[i]
        assert cmd in arity, f"unexpected token {cmd!r}"
        i += 1
        v = nums(arity[cmd])
        if cmd == "M":
            if len(cur) > 2:
                out.append(cur)
            cur = [(v[0], v[1])]
        elif cmd == "L":
            cur.append((v[0], v[1]))
        elif cmd == "Q":
            (x0, y0), (x1, y1), (x2, y2) = cur[-1], (v[0], v[1]), (v[2], v[3])
            for s in range(1, steps + 1):
                t = s / steps
                a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
                cur.append((a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2))
        elif cmd == "C":
            (x0, y0) = cur[-1]
            x1, y1, x2, y2, x3, y3 = v
            for s in range(1, steps + 1):
                t = s / steps
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                cur.append((a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3))
        else:  # Z
            if len(cur) > 2:
                out.append(cur)
            cur = []
    if len(cur) > 2:
        out.append(cur)
    return out


def path_mask(d: str, size: tuple[int, int]) -> Image.Image:
    """Coverage (L) of one path with the nonzero rule, drawn at SS× and reduced."""
    polys = contours(d)
    mask = Image.new("L", size, 0)
    if not polys:
        return mask
    xs = [p[0] for c in polys for p in c]
    ys = [p[1] for c in polys for p in c]
    x0, y0 = max(0, int(min(xs)) - 1), max(0, int(min(ys)) - 1)
    x1, y1 = min(size[0], int(max(xs)) + 2), min(size[1], int(max(ys)) + 2)
    if x1 <= x0 or y1 <= y0:
        return mask
    bw, bh = (x1 - x0) * SS, (y1 - y0) * SS
    winding = Image.new("I", (bw, bh), 0)
    for c in polys:
        area = sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(c, c[1:] + c[:1]))
        one = Image.new("I", (bw, bh), 0)
        ImageDraw.Draw(one).polygon([((px - x0) * SS - 0.5, (py - y0) * SS - 0.5) for px, py in c], fill=1 if area > 0 else -1)
        winding = ImageMath.lambda_eval(lambda a: a["w"] + a["o"], w=winding, o=one)
    inside = ImageMath.lambda_eval(lambda a: a["convert"]((a["w"] != 0) * 255, "L"), w=winding)
    mask.paste(inside.resize((x1 - x0, y1 - y0), Image.BOX), (x0, y0))
    return mask


def rasterise(doc: str) -> Image.Image:
    root = ET.fromstring(doc)
    w, h = int(root.get("width")), int(root.get("height"))
    base = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    for el in root:
        tag = el.tag.removeprefix(NS)
        if tag == "rect":
            layer = Image.new("RGBA", (w, h), rgb(el.get("fill")) + (255,))
            base = Image.alpha_composite(base, layer)
        elif tag == "g":
            mask = Image.new("L", (w, h), 0)
            for p in el:
                assert p.tag == NS + "path"
                mask = ImageChops.lighter(mask, path_mask(p.get("d"), (w, h)))
            layer = Image.new("RGBA", (w, h), rgb(el.get("fill")) + (0,))
            layer.putalpha(mask)
            base = Image.alpha_composite(base, layer)
        elif tag == "image":
            href = el.get(XLINK) or el.get("href")
            assert href.startswith("data:image/png;base64,")
            pic = Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))).convert("RGBA")
            pic = pic.resize((int(el.get("width")), int(el.get("height"))), Image.LANCZOS)
            layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
            layer.paste(pic, (int(el.get("x")), int(el.get("y"))))
            base = Image.alpha_composite(base, layer)
        else:
            assert tag == "title", tag
    return base


# ---------------------------------------------------------------------------------------------
# Comparison


def inked(img: Image.Image, colours: list[tuple[int, int, int]], background: tuple[int, int, int] | None) -> dict:
    """For each colour, a mask (L, 0 or 255) of the pixels where it is what shows: alpha ≥ 128 and
    nearer to it than to the other colours and the background."""
    cands = list(colours) + ([background] if background else [])
    data = {c: bytearray(img.width * img.height) for c in colours}
    nearest: dict = {}
    for i, px in enumerate(img.get_flattened_data()):
        if px[3] < 128:
            continue
        best = nearest.get(px)
        if best is None:
            r, g, b, _a = px
            best = nearest[px] = min(cands, key=lambda c: (r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2)
        if best in data:
            data[best][i] = 255
    return {c: Image.frombytes("L", img.size, bytes(d)) for c, d in data.items()}


def count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def compare(png: bytes, doc: str, variant: str, fmt: str) -> dict:
    """Per colour, between the PNG and the rasterised SVG: IoU of the inked pixels, the largest shift
    of the inked box, and how many inked pixels of either lie more than FAR_PX (a square neighbourhood)
    from any inked pixel of the other: hinting moves an edge by less, a misplaced glyph by more."""
    pal = lockup.palette(variant, GRIS, ROUGE)
    colours = sorted({pal["gris"], pal["rouge"]})
    background = pal["fond"] if lockup.FORMATS_BY_NAME[fmt].opaque else None
    ref = inked(Image.open(io.BytesIO(png)).convert("RGBA"), colours, background)
    got = inked(rasterise(doc), colours, background)
    result = {}
    for c in colours:
        a, b = ref[c], got[c]
        union = count(ImageChops.lighter(a, b))
        iou = count(ImageChops.darker(a, b)) / union if union else 1.0
        ba, bb = a.getbbox(), b.getbbox()
        shift = max(abs(u - v) for u, v in zip(ba, bb)) if ba and bb else 999
        far = count(ImageChops.subtract(a, b.filter(ImageFilter.MaxFilter(2 * FAR_PX + 1)))) + \
            count(ImageChops.subtract(b, a.filter(ImageFilter.MaxFilter(2 * FAR_PX + 1))))
        result[_hexc(c)] = (iou, shift, far)
    return result


def _hexc(c: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*c)


@pytest.fixture(scope="module")
def drawn() -> dict:
    out = {}
    for nom, fmt, v in CASES:
        p = params(nom, fmt, v)
        out[nom, fmt, v] = (svg.draw(p, FILES), lockup.draw(p, FILES))
    return out


# ---------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("nom,fmt,variant", CASES)
def test_valid_and_self_contained(drawn, nom, fmt, variant):
    data, png = drawn[nom, fmt, variant]
    doc = data.decode("utf-8")
    root = ET.fromstring(data)
    assert root.tag == NS + "svg"
    w, h = Image.open(io.BytesIO(png)).size
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (str(w), str(h), f"0 0 {w} {h}")
    assert root.get("role") == "img"
    titles = root.findall(NS + "title")
    assert len(titles) == 1 and titles[0].get("id") == root.get("aria-labelledby")
    assert lockup.display_name(nom) in titles[0].text and titles[0].text.startswith("Bloc-marque Bassin minier Patrimoine mondial")
    for bad in ("<text", "<script", 'href="http', "<style", "font-family", "@font-face", "<font", "url(", "<foreignObject"):
        assert bad not in doc, bad
    assert re.search(r"\b(on\w+)=", doc) is None
    paths = list(root.iter(NS + "path"))
    assert paths and all(set(p.get("d")) <= set("MLQCZ0123456789.- ") for p in paths)


def test_title_french():
    assert svg.title(["Bassin minier", "Patrimoine mondial"], "Lens") == "Bloc-marque Bassin minier Patrimoine mondial de Lens"
    assert svg.title(["Bassin minier", "Patrimoine mondial"], "Condé-sur-l'Escaut").endswith("de Condé-sur-l’Escaut")
    assert svg.title(["Bassin minier"], "Auby").endswith("minier d’Auby")
    assert svg.title(["Bassin minier"], "Évin-Malmaison").endswith("d’Évin-Malmaison")
    assert svg.title(["Bassin minier"], "Le Portel").endswith("du Portel")
    assert svg.title(["Bassin minier"], "La Sentinelle").endswith("de La Sentinelle")


def problems(result: dict, fmt: str) -> list[str]:
    out = []
    for colour, (iou, shift, far) in result.items():
        if iou < MIN_IOU[fmt]:
            out.append(f"{colour}: IoU {iou:.4f}")
        if shift > MAX_BOX_SHIFT:
            out.append(f"{colour}: inked box moved {shift} px")
        if far:
            out.append(f"{colour}: {far} px of ink farther than {FAR_PX} px from the other image's")
    return out


@pytest.mark.parametrize("nom,fmt,variant", CASES)
def test_faithful_to_png(drawn, nom, fmt, variant):
    data, png = drawn[nom, fmt, variant]
    assert problems(compare(png, data.decode("utf-8"), variant, fmt), fmt) == []


def _scene(nom: str, fmt: str) -> lockup.Scene:
    spec = lockup.Spec(nom, ("Bassin minier", "Patrimoine mondial"), FILES["titres"], FILES["intertitres"])
    return lockup.scene(spec, lockup.FORMATS_BY_NAME[fmt])


@pytest.mark.parametrize("fmt", ["en-tete", "avatar"])
def test_comparison_catches_a_swap_and_a_misplaced_glyph(drawn, fmt):
    """The faithfulness check itself fails on swapped colours and on one glyph moved by 3 px."""
    png = drawn["Noyelles-lès-Vermelles", fmt, "couleur"][1]
    pal = lockup.palette("couleur", GRIS, ROUGE)
    sc = _scene("Noyelles-lès-Vermelles", fmt)
    title = "Bloc-marque"
    assert problems(compare(png, svg.svg_for_scene(sc, pal, title), "couleur", fmt), fmt) == []
    swapped = {**pal, "gris": pal["rouge"], "rouge": pal["gris"]}
    assert problems(compare(png, svg.svg_for_scene(sc, swapped, title), "couleur", fmt), fmt)
    # The « s » of « Noyelles- », 3 px to the right; the other glyphs stay where they are.
    i = next(i for i, op in enumerate(sc.ops) if op[0] == "text" and op[3] == "Noyelles-")
    _, x, y, text, fpath, size, colour = sc.ops[i]
    f = font(fpath, size)
    sc.ops[i:i + 1] = [("text", x, y, "Noyelle", fpath, size, colour),
                       ("text", x + f.getlength("Noyelle") + 3, y, "s", fpath, size, colour),
                       ("text", x + f.getlength("Noyelles"), y, "-", fpath, size, colour)]
    found = problems(compare(png, svg.svg_for_scene(sc, pal, title), "couleur", fmt), fmt)
    assert any("farther" in p for p in found), found


def test_deterministic_across_processes(drawn, tmp_path):
    """A fresh interpreter, with another hash seed and cold caches, writes the same bytes: every name, format and
    variant drawn here, and one lockup with a commune's logo."""
    logo = {**FILES, "logo": _logo(tmp_path)}
    cases = [(params(*case), FILES) for case in CASES] + [(params("Lens", "en-tete", "couleur"), logo)]
    code = ("import sys, json, hashlib; from pathlib import Path; from generator.make.drawing import svg\n"
            "for p, f in json.loads(sys.argv[1]):\n"
            "    print(hashlib.sha256(svg.draw(p, {k: Path(v) for k, v in f.items()})).hexdigest())")
    arg = json.dumps([[p, {k: str(v) for k, v in f.items()}] for p, f in cases])
    out = subprocess.run([sys.executable, "-c", code, arg], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": other_seed()}).stdout.split()
    here = [hashlib.sha256(drawn[case][0]).hexdigest() for case in CASES]
    here.append(hashlib.sha256(svg.draw(*cases[-1])).hexdigest())
    assert out == here


@pytest.mark.parametrize("nom,fmt,variant", CASES)
def test_variant_colours(drawn, nom, fmt, variant):
    doc = drawn[nom, fmt, variant][0].decode("utf-8")
    used = set(re.findall(r'fill="(#[0-9a-f]{6})"', doc))
    assert not re.search(r"rgb\(|fill=\"(?!#)", doc)
    if variant == "noir-blanc":
        assert used <= {"#000000", "#ffffff"} and "#000000" in used
    elif variant == "negatif":
        allowed = {"#ffffff"} | ({GRIS.lower()} if lockup.FORMATS_BY_NAME[fmt].opaque else set())
        assert used <= allowed and "#ffffff" in used
    else:
        assert {GRIS.lower(), ROUGE.lower()} <= used


def _logo(tmp_path: Path) -> Path:
    """A two-colour commune logo: a red disc on a light square, transparent around."""
    img = Image.new("RGBA", (300, 240), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rectangle((20, 20, 280, 220), fill=(230, 230, 200, 255))
    d.ellipse((80, 50, 220, 190), fill=(150, 20, 30, 255))
    path = tmp_path / "logo.png"
    img.save(path)
    return path


def _on_white(img: Image.Image) -> Image.Image:
    return Image.alpha_composite(Image.new("RGBA", img.size, (255, 255, 255, 255)), img).convert("RGB")


@pytest.mark.parametrize("fmt,variant", [("en-tete", "couleur"), ("en-tete", "noir-blanc"), ("avatar", "negatif")])
def test_logo_embedded(tmp_path, fmt, variant):
    files = {**FILES, "logo": _logo(tmp_path)}
    p = params("Lens", fmt, variant)
    data, png = svg.draw(p, files), lockup.draw(p, files)
    root = ET.fromstring(data)
    images = list(root.iter(NS + "image"))
    assert len(images) == 1
    href = images[0].get(XLINK)
    assert href.startswith("data:image/png;base64,")
    pic = Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))).convert("RGBA")
    colours = {c[:3] for _n, c in pic.getcolors(1 << 20) if c[3]}
    if variant == "noir-blanc":
        assert all(r == g == b for r, g, b in colours)  # black, white and their resampled greys
    elif variant == "negatif":
        assert colours == {(255, 255, 255)}
    else:
        assert any(r > g + 50 for r, g, b in colours)  # the red disc kept its colour
    # The picture sits where the PNG has it and looks the same (two resamplings apart).
    ref = Image.open(io.BytesIO(png)).convert("RGBA")
    got = rasterise(data.decode("utf-8"))
    x, y, w, h = (int(images[0].get(k)) for k in ("x", "y", "width", "height"))
    box = (x, y, x + w, y + h)
    diff = ImageChops.difference(_on_white(ref.crop(box)), _on_white(got.crop(box)))
    assert max(hi for _lo, hi in diff.getextrema()) <= 24
    assert max(ImageStat.Stat(diff).mean) <= 1


def test_official_brand_file(tmp_path):
    """With the Mission's own file, the mark and wordmark are that picture; the name stays outlines."""
    brand = tmp_path / "marque.png"
    Image.new("RGBA", (400, 100), (65, 71, 77, 255)).save(brand)
    files = {**FILES, "marque": brand, "logo": _logo(tmp_path)}
    p = params("Lens", "en-tete", "couleur")
    data = svg.draw(p, files)
    root = ET.fromstring(data)
    assert len(list(root.iter(NS + "image"))) == 2
    assert len(list(root.iter(NS + "path"))) == 2  # the rule and the name
    w, h = Image.open(io.BytesIO(lockup.draw(p, files))).size
    assert root.get("viewBox") == f"0 0 {w} {h}"
