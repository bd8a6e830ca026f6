"""A map's SVG as a PNG, for what cannot show SVG: the Word releases, the social cards, the kits' ZIPs.

resvg (through resvg-py) draws the SVG the site shows, so the PNG is the same map, not a second drawing.
Only the brand's own font files are loaded, never the machine's: the same SVG gives the same pixels on
every machine, and the names read in the brand's letters (the SVG asks for a sans-serif)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import resvg_py
from PIL import Image

from generator.make.drawing.draw import encode

FAMILY = "Source Sans Pro"
"""The family of the brand's text fonts (content/marque/polices), used for every name on the map."""


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """The map of params["svg"] at params["largeur"] pixels wide, on white, in 256 colours (a flat drawing)."""
    png = resvg_py.svg_to_bytes(svg_string=params["svg"], width=int(params["largeur"]), background="#ffffff",
                                skip_system_fonts=True, font_files=[str(files[k]) for k in ("textes", "titres")],
                                font_family=FAMILY, sans_serif_family=FAMILY)
    # Fast octree, not encode's median cut: the same look on a flat drawing, in half the time (92 maps per cold build).
    img = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    return encode(img, "png")
