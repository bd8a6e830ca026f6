"""A press release as a Word document (.docx), from the Markdown the generator already writes.

Pure: text in, bytes out. The Markdown goes through copies.copyable (Python-Markdown, the same
converter as the HTML to copy), then its HTML is walked into python-docx paragraphs and runs, so
the document says what the other three forms say.

Accessible: real heading styles, list styles, hyperlinks, alt text on the logo, French set as the
language of the text (Word's and LibreOffice's spell-checkers go by it). Reproducible: the same
inputs give the same bytes (dates come from `version`, the ZIP is rewritten by archive).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import urllib.parse
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from generator.make import archive
from generator.site import copies, wording

TOOLBOX = "Boîte à outils du Bassin minier Patrimoine mondial"
LANGUAGE = "fr-FR"
FONT = "Arial"
"""Installed with Word everywhere; LibreOffice substitutes its metric twin Liberation Sans."""
HEADING_COLOUR = RGBColor(0x1F, 0x38, 0x64)
"""Dark blue, 11:1 on white: the template's light blue (4F81BD) is below 4.5:1."""
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
"""Word's own hyperlink blue, 5.9:1 on white."""
LOGO_WIDTH = Mm(50)
"""Above the brand's 30 mm minimum print width."""
FIGURE_WIDTH = Mm(160)
"""The text's width on A4 with 25 mm side margins: a map's names stay readable (13 px on 640 read as 3 mm)."""
FIGURE_HEIGHTS = (Mm(110), Mm(80))
"""The tallest the first figure (the map) and the second (a photo) may be: both on the one page after the release."""
CAPTION_SIZE = Pt(9)
FIGURES_HEADING = "Illustrations"


@dataclass(frozen=True)
class Figure:
    """A picture for the release (the commune's map, a photo): its PNG or JPEG bytes, pixel size, alt text and caption."""

    data: bytes
    size: tuple[int, int]
    alt: str
    caption: str

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n]+")  # not \s: no-break spaces (French typography) must stay
_ORDINAL = re.compile("([ᵉʳ]+)")
"""The modifier letters of « 36ᵉ session », « XIXᵉ siècle », « 1ᵉʳ janvier »: Arial has none (Word would borrow another
font's), so the document sets them as Word sets an ordinal, plain letters in superscript."""
_PLAIN = str.maketrans("ᵉʳ", "er")


def press_release_docx(title: str, markdown_text: str, commune_name: str, version: str,
                       logo_png: bytes | None = None, *, logo_alt: str | None = None,
                       figures: tuple[Figure, ...] = ()) -> bytes:
    """Return the .docx of one press release.

    `markdown_text` is the release's body as the generator writes it (without its « # » title,
    as copies.split_page gives it); `title` is the text of that « # » line, Markdown too
    (names in it are escaped by wording.md): it becomes the first heading and, as plain text, the
    document's title. `commune_name` is plain text (the record's name). `version` is a date
    « AAAA-MM-JJ »: the document's dates and its ZIP entries' dates (never the clock's).
    `logo_png`, when given, is placed at the top, `logo_alt` (default: the commune's
    bloc-marque) as its alternative text. `figures` (the map, a photo) follow on a page of their own, each
    with its caption: the release itself stays on one page, ready to send.
    """
    stamp = archive.date_of(version)
    heading = copies.copyable("# " + _one_line(title))
    document = docx.Document()
    _set_up(document)
    _style_ids_once(document)
    _properties(document, heading.text, commune_name, dt.datetime(*stamp, tzinfo=dt.timezone.utc))
    if logo_png:
        document.add_picture(io.BytesIO(logo_png), width=LOGO_WIDTH)
        alt = _clean(logo_alt if logo_alt is not None
                     else f"Bloc-marque Bassin minier Patrimoine mondial {wording.de(wording.typo(commune_name))}")
        # Word reads the alternative text from docPr; the picture's own cNvPr carries it too.
        for element in document.inline_shapes[-1]._inline.iter(qn("wp:docPr"), qn("pic:cNvPr")):
            element.set("descr", alt)
    builder = _Builder(document)
    builder.feed(heading.html)
    builder.feed(copies.copyable(markdown_text).html)
    builder.close()
    builder.end_block()
    if figures:
        _figures(document, figures)
    out = io.BytesIO()
    document.save(out)
    return archive.normalise_docx(out.getvalue(), stamp)


def _figures(document: docx.document.Document, figures: tuple[Figure, ...]) -> None:
    """On a new page, a heading, then each picture as wide as the text (no taller than its limit) and its caption."""
    # The heading starts the page (a break paragraph would itself spill onto a second page after a full first one).
    document.add_heading(FIGURES_HEADING, level=2).paragraph_format.page_break_before = True
    for fig, limit in zip(figures, FIGURE_HEIGHTS):
        w, h = fig.size
        picture = document.add_paragraph()
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(fig.data), width=min(FIGURE_WIDTH, int(limit * w / h)))
        for element in picture._p.iter(qn("wp:docPr"), qn("pic:cNvPr")):
            element.set("descr", _clean(fig.alt))
        caption = document.add_paragraph()
        caption.add_run(_clean(fig.caption)).font.size = CAPTION_SIZE


def _clean(s: str) -> str:
    """Drop the characters XML 1.0 cannot hold (lxml refuses them): a stray one must not stop the build."""
    return _NOT_XML.sub("", s)


def _one_line(s: str) -> str:
    return _SPACES.sub(" ", _clean(s)).strip()


# --- the document's setup -------------------------------------------------------------------

def _style_ids_once(document: docx.document.Document) -> None:
    """python-docx finds a style by name among all of them, and the default style too, for every paragraph and run:
    a quarter of each release's time. The styles are set up by then, so each name's id is looked up once."""
    lookup = document.part.get_style_id
    ids: dict[tuple[str, Any], str | None] = {}

    def get_style_id(style: Any, style_type: Any) -> str | None:
        if not isinstance(style, str):
            return lookup(style, style_type)
        if (style, style_type) not in ids:
            ids[style, style_type] = lookup(style, style_type)
        return ids[style, style_type]

    document.part.get_style_id = get_style_id  # type: ignore[method-assign]


def _set_up(document: docx.document.Document) -> None:
    """French, Arial, dark headings, A4: the template python-docx ships is American (en-US, Letter)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for fonts in list(styles.iter(qn("w:rFonts"))):
        # Theme fonts (Calibri, Cambria) win over a named font: remove them so Arial holds everywhere.
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        if not fonts.attrib and fonts.getparent() is not defaults:
            fonts.getparent().remove(fonts)
    fonts = defaults.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    for other in styles.iter(qn("w:lang")):
        other.set(qn("w:val"), LANGUAGE)

    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)  # the template claims it was spell-checked: let Word check the French text

    # Parts of the template that would contradict the above: a thumbnail of an empty page, and
    # Word 2010's copy of the styles, still in English.
    package = document.part.package
    for rels, kind in ((package.rels, RT.THUMBNAIL), (document.part.rels, STYLES_WITH_EFFECTS)):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == kind]:
            del rels[r_id]

    names = {style.name for style in document.styles}
    for level in range(1, 10):
        for name in (f"Heading {level}", f"Heading {level} Char"):
            if name in names:
                document.styles[name].font.color.rgb = HEADING_COLOUR
    document.styles["Normal"].font.size = Pt(11)
    # 6 pt between paragraphs, not the template's 10: a release with its highlights, its rendez-vous or its
    # quote keeps to one page (tests/test_docx_archive.py converts the longest with LibreOffice).
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    if "Hyperlink" not in names:
        link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)  # Word knows it by this name
        link.priority = 99
        link.unhide_when_used = True
        link.font.color.rgb = LINK_COLOUR
        link.font.underline = True

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # 20 mm above and below: with the logo, the date line and the contact, a release keeps to one page.
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)


def _properties(document: docx.document.Document, title: str, commune: str, when: dt.datetime) -> None:
    """The file's properties (File > Properties in Word), dated by the version, not by the clock."""
    props = document.core_properties
    commune = wording.typo(commune)  # the apostrophe the document's text uses

    def short(s: str) -> str:
        return _one_line(s)[:255]  # python-docx refuses longer values

    props.title = short(title)
    props.subject = short(f"Communiqué de presse — {commune}")
    props.author = short(commune)  # the commune sends the release
    props.last_modified_by = short(TOOLBOX)
    props.keywords = short(f"{commune}, Bassin minier, patrimoine mondial, UNESCO, communiqué de presse")
    props.comments = short(f"Communiqué de presse préparé avec la {TOOLBOX[0].lower()}{TOOLBOX[1:]}.")
    props.category = "Communiqué de presse"
    props.language = LANGUAGE
    props.revision = 1
    props.created = props.modified = when
    # lastPrinted is left out (the template has none): it would say the file was printed.


# --- HTML to paragraphs ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


_BREAK = _Span("\n")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _Builder(HTMLParser):
    """Walk Python-Markdown's HTML into the document: one Word paragraph per block."""

    def __init__(self, document: docx.document.Document) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.style: str | None = None  # style of the open block; None: no block open
        self.spans: list[_Span] = []
        self.lists: list[str] = []  # "ul" / "ol", innermost last
        self.li_started = False  # the open block is a list item's first paragraph
        self.quote = 0
        self.bold = self.italic = self.code = 0
        self.href: str | None = None
        self.cells = 0

    # Blocks

    def start_block(self, style: str) -> None:
        self.end_block()
        self.style = style

    def end_block(self) -> None:
        if self.style is not None:
            spans = _normalise(self.spans)
            if spans:
                _paragraph(self.document, self.style, spans)
        self.style, self.spans, self.li_started = None, [], False

    def _list_style(self, continued: bool = False) -> str:
        depth = min(len(self.lists), 3)
        suffix = "" if depth == 1 else f" {depth}"
        if continued:
            return f"List Continue{suffix}"
        return ("List Bullet" if self.lists[-1] == "ul" else "List Number") + suffix

    def _text_style(self) -> str:
        return "Quote" if self.quote else "Normal"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HEADINGS:
            self.start_block(f"Heading {_HEADINGS[tag]}")
        elif tag == "p":
            if self.lists and self.li_started and not "".join(s.text for s in self.spans).strip(" \t\r\n"):
                self.li_started = False  # a loose list item's first paragraph: keep the bullet
            else:
                self.start_block(self._list_style(continued=True) if self.lists else self._text_style())
        elif tag in ("ul", "ol"):
            self.end_block()  # the text of the item holding this list goes before it
            self.lists.append(tag)
        elif tag == "li":
            self.start_block(self._list_style() if self.lists else self._text_style())
            self.li_started = True
        elif tag == "blockquote":
            self.end_block()
            self.quote += 1
        elif tag == "tr":
            self.start_block(self._text_style())
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.add(" | ")
            self.cells += 1
            if tag == "th":
                self.bold += 1
        elif tag == "br":
            self.spans.append(_BREAK)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or None
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.add(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS or tag in ("p", "li", "tr"):
            self.end_block()
        elif tag in ("ul", "ol"):
            self.end_block()
            if self.lists:
                self.lists.pop()
        elif tag == "blockquote":
            self.end_block()
            self.quote = max(0, self.quote - 1)
        elif tag == "th":
            self.bold = max(0, self.bold - 1)
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.style is None:
            if not data.strip(" \t\r\n"):
                return  # the line breaks between blocks
            self.start_block(self._text_style())  # text outside any block still shows
        self.add(data)

    def add(self, data: str) -> None:
        self.spans.append(_Span(_clean(data), bool(self.bold), bool(self.italic), bool(self.code), self.href))


def _normalise(spans: list[_Span]) -> list[_Span]:
    """Collapse white space as a browser does, across spans; drop it at line starts and ends."""
    out: list[_Span] = []

    def trim_end() -> None:
        while out and out[-1] is not _BREAK:
            last = out[-1]
            stripped = last.text.rstrip(" ")
            if stripped:
                out[-1] = _Span(stripped, last.bold, last.italic, last.code, last.href)
                return
            out.pop()

    at_start, after_space = True, False
    for span in spans:
        if span is _BREAK:
            trim_end()
            out.append(_BREAK)
            at_start, after_space = True, False
            continue
        value = _SPACES.sub(" ", span.text)
        if (at_start or after_space) and value.startswith(" "):
            value = value[1:]
        if value:
            out.append(_Span(value, span.bold, span.italic, span.code, span.href))
            at_start, after_space = False, value.endswith(" ")
    trim_end()
    while out and out[0] is _BREAK:
        out.pop(0)
    return out


def _paragraph(document: docx.document.Document, style: str, spans: list[_Span]) -> None:
    paragraph = document.add_paragraph(style=style)
    i = 0
    while i < len(spans):
        span = spans[i]
        if span is _BREAK:
            paragraph.add_run().add_break()
            i += 1
            continue
        if span.href is None:
            for n, piece in enumerate(_ORDINAL.split(span.text)):
                if piece and n % 2:
                    _run(paragraph, replace(span, text=piece.translate(_PLAIN))).font.superscript = True
                elif piece:
                    _run(paragraph, replace(span, text=piece))
            i += 1
            continue
        j = i
        while j < len(spans) and spans[j] is not _BREAK and spans[j].href == span.href:
            j += 1
        _hyperlink(paragraph, span.href, spans[i:j])
        i = j


def _run(paragraph, span: _Span, style: str | None = None):  # noqa: ANN001, ANN202 (python-docx types)
    run = paragraph.add_run(span.text, style=style)
    if span.bold:
        run.bold = True
    if span.italic:
        run.italic = True
    if span.code:
        run.font.name = "Courier New"
    return run


def _hyperlink(paragraph, href: str, spans: list[_Span]) -> None:  # noqa: ANN001
    """A real Word hyperlink: python-docx reads them but cannot write one, so the XML is built here.

    <w:hyperlink r:id> points to an external relationship holding the URL; its runs carry the
    « Hyperlink » character style (blue, underlined). When the link text does not show where it
    leads (« site de la commune »), the address follows in brackets, for a printed copy.
    """
    url = urllib.parse.quote(_clean(href).strip(), safe=":/?#[]@!$&'()*+,;=%~")
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    for span in spans:
        link.append(_run(paragraph, span, style="Hyperlink")._r)  # moved from the paragraph into the link
    paragraph._p.append(link)
    label = "".join(s.text for s in spans).strip()
    shown = _readable(url)
    if _readable(label) != shown and label != url:
        paragraph.add_run(f" ({shown if url.startswith(('mailto:', 'tel:')) else url})")


def _readable(url: str) -> str:
    """An address as people write it: no scheme, no final slash."""
    for prefix in ("mailto:", "tel:", "https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
            break
    return url.rstrip("/")
