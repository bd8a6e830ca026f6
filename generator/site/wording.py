"""French text helpers: typography, numbers, dates, escaping for Markdown. Pure functions."""

from __future__ import annotations

import datetime as dt
import re

NNBSP = "\u202f"
"""The narrow no-break space of French punctuation, on the toolbox's own pages."""
NBSP = "\u00a0"
"""The no-break space of French punctuation in what goes elsewhere (snippets, embeds, structured data):
U+202F (narrow) is missing from many CMS themes' fonts."""
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def typo(s: str) -> str:
    """Apply French typography to a data string: typographic apostrophe."""
    return s.replace("'", "’")


def _entities(s: object) -> str:
    return typo(str(s)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md(s: object) -> str:
    """Escape a data string for Markdown: hostile HTML shows as text, never as markup."""
    text = _MD_SPECIAL.sub(r"\\\1", _entities(s))
    return " ".join(text.split())


def plain(markdown_line: str) -> str:
    """Undo md() for plain text (a title in a .txt file): no backslash escapes, no entities."""
    unescaped = re.sub(r"\\(.)", r"\1", markdown_line)
    return unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def point(s: str) -> str:
    """End a sentence with a full stop, unless it already ends with a punctuation mark."""
    s = s.rstrip()
    return s if not s or s[-1] in ".!?…" else s + "."


def md_text(s: object) -> str:
    """Escape a multi-paragraph text field, keeping its paragraphs (blank lines)."""
    paragraphs = re.split(r"\n\s*\n", str(s).strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())


def md_attr(s: object) -> str:
    """Escape a data string for a double-quoted YAML front-matter value."""
    # Material prints page titles unescaped in <title>: markup in a name must arrive as entities.
    return _entities(s).replace("\\", "\\\\").replace('"', "&quot;").replace("\n", " ")


def nombre(n: float | int, decimals: int = 0) -> str:
    """Format a number the French way: 3 943 ; 0,18 (integers lose no digit, others keep `decimals`)."""
    body = f"{int(n):,}" if decimals == 0 and float(n).is_integer() else f"{n:,.{decimals or 2}f}"
    return body.replace(",", NNBSP).replace(".", ",")


def date_fr(d: dt.date, year: bool = True) -> str:
    """Return « 30 juin 2012 » (1er for the first of the month)."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}" if year else f"{day} {MONTHS[d.month - 1]}"


def pluriel(n: int, singular: str, plural: str | None = None) -> str:
    """Return « 1 élément », « 3 éléments »."""
    return f"{nombre(n)} {singular if n == 1 else (plural or singular + 's')}"


def liste(items: list[str]) -> str:
    """Join as French prose: « a, b et c »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


_SPACE_PUNCT = re.compile(r"(?<=[^\s|(\[]) ([;:!?»])(?=[\s*_)]|$)", re.M)
_OPEN_QUOTE = re.compile(r"« ")


def french_spacing(text: str) -> str:
    """Put a narrow no-break space before ; : ! ? » and after «, outside code blocks."""
    if "```" in text:
        parts = re.split(r"(^```.*?^```[^\n]*$)", text, flags=re.S | re.M)
        return "".join(p if i % 2 else french_spacing(p) for i, p in enumerate(parts))
    text = _SPACE_PUNCT.sub(NNBSP + r"\1", text)
    return _OPEN_QUOTE.sub("«" + NNBSP, text).replace("n° ", "n°\u00a0")


def tint(hex_colour: str, share: float) -> str:
    """Mix a #RRGGBB colour with white: `share` of white (0 keeps it, 1 gives white)."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


_SPACE_BEFORE = re.compile(r"(?<=\S)[ \u202f]([;:!?»])")
_AFTER_OPENING = re.compile(r"«[ \u202f]")


def french(s: object) -> str:
    """French typography for one text that leaves the toolbox (snippets, embeds, structured data):
    typographic apostrophe, no-break space (U+00A0) before ; : ! ? » and after «, and after n°."""
    out = _SPACE_BEFORE.sub(NBSP + r"\1", typo(str(s)))
    return _AFTER_OPENING.sub("«" + NBSP, out).replace("n° ", "n°" + NBSP).replace(NNBSP, NBSP)
