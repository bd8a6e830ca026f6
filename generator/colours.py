"""Colours as the brand gives them (#RRGGBB): parsed, mixed and checked for contrast in one place.

Used by the pages' style sheet and the snippets (site/) and by the drawings (make/). marque.yml's
colours are checked by the schema; a malformed one reaching here is a bug, said in French.
"""

from __future__ import annotations

import re

from generator.errors import BuildError

WHITE = "#ffffff"
MAP_GROUND = "#f4f4f2"
"""The maps' ground, outside every commune of the basin (site/maps.py); a social card that shows a map pads it with it."""
AA = 4.5
"""WCAG 2.1 AA for body text."""

_HEX = re.compile(r"#?[0-9a-fA-F]{6}")


def rgb(colour: str) -> tuple[int, int, int]:
    """(r, g, b) of « #RRGGBB » (the # may be left out)."""
    if not isinstance(colour, str) or not _HEX.fullmatch(colour):
        raise BuildError(f"couleur #RRVVBB attendue, reçu « {colour} »")
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def hex_of(r: int, g: int, b: int) -> str:
    return f"#{r:02x}{g:02x}{b:02x}"


def tint(colour: str, share: float) -> str:
    """Mix a colour with white: `share` of white (0 keeps it, 1 gives white)."""
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb(colour))


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = rgb(colour)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, background: str = WHITE, ratio: float = AA) -> str:
    """The colour itself when it reads on `background` at `ratio`, else the same hue darkened until it does."""
    r, g, b = rgb(colour)
    out = hex_of(r, g, b)
    share = 0.0
    while contrast(out, background) < ratio:
        share += 0.05
        out = "#" + "".join(f"{round(c * (1 - share)):02x}" for c in (r, g, b))
    return out
