"""What a webmaster copies: one text in Markdown, HTML and plain text, all from the same Markdown.

Pure: the HTML comes from Python-Markdown, the plain text from that HTML, so the three say the
same thing. Links in a copyable text are absolute (a commune's site cannot follow ours).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.site.templates import Templates

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "table", "tr"}


@dataclass(frozen=True)
class Copyable:
    markdown: str
    html: str
    text: str


class _FluidImages(Treeprocessor):
    """Every image no wider than the column it is pasted into: a theme without img { max-width: 100% } (WordPress's
    Twenty Twenty-Three, in a « HTML personnalisé » block) showed the 640 px map across a 390 px phone. A style
    WordPress's kses keeps; a visual editor that drops it only loses what the theme then decides."""

    def run(self, root):  # type: ignore[no-untyped-def]
        for img in root.iter("img"):
            img.set("style", "max-width:100%;height:auto")


class _FluidImagesExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_FluidImages(md), "bm_fluid_images", 5)  # after « inline » (20) made the images


def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists", _FluidImagesExtension()], output_format="html")


@functools.lru_cache(maxsize=1)
def memo_version() -> str:
    """What the stored texts were converted with: this module and Python-Markdown. Another version, another conversion."""
    return hashlib.sha256(Path(__file__).read_bytes() + markdown.__version__.encode()).hexdigest()


class Converter:
    """Markdown to its three forms, remembering each text it converted (by its Markdown).

    The live preview renders the same texts again and again, and `make kits` keeps them between
    runs (the pipeline stores them in the cache folder): converting the 460 texts of the kits was
    half of the rendering time. One converter belongs to one build state, never to the module.
    """

    def __init__(self, known: dict[str, Copyable] | None = None) -> None:
        self.memo: dict[str, Copyable] = dict(known or {})
        self.used: set[str] = set()
        self._md: markdown.Markdown | None = None  # one converter, reset between texts: building it was a third of each conversion

    def copyable(self, md_text: str) -> Copyable:
        """The three forms of one Markdown text."""
        source = md_text.strip() + "\n"
        self.used.add(source)
        known = self.memo.get(source)
        if known is None:
            if self._md is None:
                self._md = _converter()
            html = self._md.reset().convert(source).strip() + "\n"
            known = self.memo[source] = Copyable(source, html, to_text(html))
        return known

    def forget_unused(self) -> dict[str, Copyable]:
        """Keep only the texts asked for since the last call, so the memo does not grow with every edit; a run that
        asked for none (it took every part back) keeps them all for the next edit."""
        if self.used:
            self.memo = {k: self.memo[k] for k in self.used if k in self.memo}
        self.used = set()
        return dict(self.memo)


def titled(heading: Copyable, body: Copyable) -> Copyable:
    """A text under its « # » heading, from the forms of each: what converting them together gives (blocks are
    joined by a line in HTML, by an empty line in Markdown and plain text), without converting the body twice."""
    return Copyable(heading.markdown + "\n" + body.markdown, heading.html + body.html, heading.text + "\n" + body.text)


def copyable(md_text: str) -> Copyable:
    """The three forms of one Markdown text, converted afresh (the Word maker, tests)."""
    return Converter().copyable(md_text)


BULLET = "–\u00a0"
"""A list item in plain text: an en dash and a no-break space, as French typography marks an enumeration."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.after_break: set[int] = set()
        """Blocks that continue the one before on the next line (after a <br>: an address, a signature)."""
        self.current: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []
        self.in_list = 0

    def _flush(self) -> None:
        line = re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip()
        if line:
            self.blocks.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag == "li":
            self.current.append(BULLET)
        elif tag == "br":
            # After a line with text (an address, a signature), the next line continues its block; after an
            # image alone (a photo above its caption), it starts its own.
            had_text = bool("".join(self.current).strip())
            self._flush()
            if had_text:
                self.after_break.add(len(self.blocks))
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []
        elif tag in ("td", "th") and self.current:
            self.current.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href is not None:
            label = "".join(self.link_text)
            target = self.href.removeprefix("mailto:")
            # A link that already reads as its address (« bassinminier-patrimoinemondial.org ») is not given twice.
            shown = label.strip()
            if target and shown not in (target, target.split("://", 1)[-1].rstrip("/")):
                self.current.append(f" ({target})")
            self.href = None
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self.current.append(data)
        if self.href is not None:
            self.link_text.append(data)


def to_text(html: str) -> str:
    """Plain text for an e-mail or a municipal bulletin: one block a paragraph, list items kept."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    out: list[str] = []
    for i, block in enumerate(parser.blocks):
        # List items sit together, and so do the lines of one paragraph (<br>); every other block is its own paragraph.
        if out and i not in parser.after_break and not (block.startswith(BULLET) and out[-1].startswith(BULLET)):
            out.append("")
        out.append(block)
    return "\n".join(out) + "\n"


FENCE = "````"
"""Four backticks: a text that quotes code with three cannot close the block early."""


def fence(text: str) -> str:
    """The fence of a code block holding `text`: four backticks, or one more than its longest run of backticks,
    so that no line of the text can close the block and let what follows be read as markup."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(len(FENCE), longest + 1)

COPY_LABEL = {"HTML": "Copier le HTML", "Markdown": "Copier le Markdown", "Texte": "Copier le texte"}
"""The labelled copy button of each tab (the tab's name alone would not say what the button does)."""


def tab_set(n: int, preview: str, forms: list[tuple[str, str, str]], demote: int = 0, rich: bool = True,
            templates: Templates | None = None) -> str:
    """Material content tabs: « Aperçu » (the HTML as it will look), then each (label, language, text) to copy.

    The preview is HTML already made (Python-Markdown's, or a snippet's template), the copies go
    in fenced code blocks as they are (templates/copies/tabs.html.j2 says why). `n` numbers the set
    within its page; `demote` lowers the preview's headings under the page's own (the rich copy
    raises them back); `rich` offers « Copier le texte mis en forme ».
    """
    shown = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(int(m[2]) + demote, 6)}>", preview.rstrip())
    return (templates or Templates()).render(
        "copies/tabs.html.j2", n=n, demote=demote, rich=rich, preview=Markup(shown),
        labels=["Aperçu", *(label for label, _lang, _s in forms)],
        copy_labels=[COPY_LABEL.get(label, f"Copier : {label}") for label, _lang, _s in forms],
        codes=[(lang, fence(s), Markup(s.rstrip())) for _label, lang, s in forms])


def tabs(item: Copyable, n: int = 1, demote: int = 0, templates: Templates | None = None) -> str:
    """The copy tabs of a text: Aperçu, HTML, Markdown, Texte."""
    return tab_set(n, item.html, [("HTML", "html", item.html), ("Markdown", "markdown", item.markdown),
                                  ("Texte", "text", item.text)], demote, templates=templates)


def split_page(page: str) -> tuple[str, str, str]:
    """Split a rendered page into its front matter (with its fences), its H1 line and the rest."""
    front = ""
    if page.startswith("---\n"):
        end = page.index("\n---\n", 4) + len("\n---\n")
        front, page = page[:end], page[end:]
    lines = page.split("\n")
    h1 = next(i for i, line in enumerate(lines) if line.startswith("# "))
    return front, lines[h1], "\n".join(lines[h1 + 1:]).strip() + "\n"
