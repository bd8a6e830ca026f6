"""The French of what the toolbox publishes, read the way a reader meets it, and checked by Grammalecte.

- `texts_of_tree(root)`: every distinct paragraph of a built site (visible text of its pages, titles and
  descriptions, the copy texts' plain-text form) and of a kits/ folder (plain-text and Word releases,
  snippets and embed pages, feeds, oEmbed titles, the pages inside each ZIP), each with one file it comes from.
- `grammalecte(paragraphs)`: Grammalecte's findings (grammar and typography; spelling is off: proper
  nouns are out of scope), from Debian's `grammalecte-cli`, the checker LibreOffice and Firefox use.
- `ALLOWED`: the false positives kept in tests/grammalecte_autorise.yml, each with its sentence and reason.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree, html

from golden import paragraph_text

HERE = Path(__file__).resolve().parent

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption", "caption",
          "blockquote", "summary", "label", "button", "legend", "title", "option"}
SKIPPED = {"script", "style", "pre", "svg", "template", "noscript"}
"""Not read: code blocks (the copy texts are read in their plain-text form) and what is not text. Inline code
(a file name in a sentence) is read: it is part of the sentence."""


def _squash(text: str) -> str:
    # Not str.split(): it would take the no-break spaces for spaces, the very thing being checked.
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def _paragraphs_of(element: etree._Element, out: list[str]) -> None:
    """The text of each block, without the text of the blocks it holds (a list inside a list item)."""
    def own_text(el: etree._Element, parts: list[str]) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if child.tag == "br":
                parts.append("\n")  # a line of its own to the reader (an address)
            elif isinstance(child.tag, str) and child.tag not in SKIPPED and child.tag not in BLOCKS:
                own_text(child, parts)
            elif isinstance(child.tag, str) and child.tag in BLOCKS:
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    for el in element.iter():
        if not isinstance(el.tag, str) or el.tag not in BLOCKS:
            continue
        if any(a.tag in SKIPPED for a in el.iterancestors()):
            continue
        parts: list[str] = []
        own_text(el, parts)
        out.extend(line for line in map(_squash, "".join(parts).split("\n")) if line)
        if el.tag in ("img",):
            continue
    for img in element.iter("img"):
        if img.get("alt"):
            out.append(_squash(img.get("alt")))


def html_paragraphs(source: str | bytes, *, page: bool = False) -> list[str]:
    """Visible paragraphs of an HTML page or fragment; for a site page, its title and description too.
    A site page's copy texts are read in their plain-text form (the Markdown and HTML forms are code)."""
    # Always UTF-8: a fragment without <meta charset> would otherwise be read as Latin-1.
    raw = source if isinstance(source, bytes) else source.encode("utf-8")
    doc = html.fromstring(raw, parser=html.HTMLParser(encoding="utf-8"))
    out: list[str] = []
    if page:
        description = doc.find(".//meta[@name='description']")
        if description is not None and description.get("content"):
            out.append(_squash(description.get("content")))
        for hidden in doc.xpath("//*[@data-md-component='search' or contains(@class,'md-search')]"):
            hidden.getparent().remove(hidden)
        for code in doc.xpath("//div[contains(@class,'tabbed-block')]//pre/code[contains(@class,'language-text')]"):
            out.extend(text_paragraphs(code.text_content()))
    _paragraphs_of(doc, out)
    return out


def text_paragraphs(text: str) -> list[str]:
    """A plain-text file's paragraphs: lines, list items' markers left on (they are what the reader sees)."""
    return [_squash(line) for line in text.splitlines() if line.strip()]


def docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    document = Document(io.BytesIO(data))
    # A line break inside a paragraph (an address) is a line of its own to the reader.
    out = [_squash(line) for p in document.paragraphs for line in paragraph_text(p).split("\n") if line.strip()]
    for table in document.tables:
        for row in table.rows:
            out.extend(_squash(cell.text) for cell in row.cells if cell.text.strip())
    return out


def feed_paragraphs(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    out = []
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.split("}")[-1] in ("title", "subtitle", "summary", "content") and el.text:
            text = el.text
            out.extend(html_paragraphs(text) if "<" in text else [_squash(text)])
    return out


def file_paragraphs(name: str, data: bytes) -> list[str]:
    """The paragraphs a reader meets in one output file, by its kind; none for data and images
    (nor for an empty file: the end-to-end build leaves one where it did not make a document)."""
    if not data:
        return []
    if name.endswith(".docx"):
        return docx_paragraphs(data)
    if name.endswith(".txt"):
        return text_paragraphs(data.decode("utf-8"))
    if name.endswith(".html"):
        return html_paragraphs(data)
    if name.endswith(".xml") and b"<feed" in data[:500]:
        return feed_paragraphs(data)
    if name.endswith(".json") and b'"type": "rich"' in data:
        answer = json.loads(data)
        return [_squash(answer["title"])] + html_paragraphs(answer["html"])
    if name.endswith(".zip"):
        out = []
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for entry in zf.namelist():
                if entry.endswith((".docx", ".txt", ".html")) and not entry.startswith("snippets/"):
                    out.extend(file_paragraphs(entry, zf.read(entry)))
        return out
    return []


def texts_of_tree(root: Path) -> dict[str, str]:
    """Every distinct paragraph under root (a kits/ folder or a built site) -> the first file (relative) it was found in.
    The site's pages (made by MkDocs) are read as pages; the kits' HTML files as the fragments they are."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel, data = path.relative_to(root).as_posix(), path.read_bytes()
        if rel.endswith(".html") and b'<meta name="generator" content="mkdocs' in data[:3000]:
            paragraphs = html_paragraphs(data, page=True)
        else:
            paragraphs = file_paragraphs(rel, data)
        for p in paragraphs:
            found.setdefault(p, rel)
    return found


# --- Grammalecte ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    paragraph: str
    rule: str
    underlined: str
    message: str
    suggestions: tuple[str, ...]

    def __str__(self) -> str:
        at = self.paragraph.find(self.underlined)
        context = self.paragraph[max(0, at - 50):at + len(self.underlined) + 30] if at >= 0 else self.paragraph[:100]
        hint = f" → {' | '.join(self.suggestions[:3])}" if self.suggestions else ""
        return f"[{self.rule}] « {self.underlined} »{hint} : {self.message}\n      … {context} …"


def grammalecte_missing() -> str | None:
    """Why Grammalecte cannot run here, or None."""
    if shutil.which("grammalecte-cli") is None:
        return "grammalecte-cli absent (apt-get install grammalecte-cli)"
    return None


def grammalecte(paragraphs: list[str]) -> list[Finding]:
    """Grammalecte's grammar and typography findings over the paragraphs (one per line, as it reads them)."""
    lines = [p.replace("\n", " ") for p in paragraphs]
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        name = f.name
    try:
        result = subprocess.run(["grammalecte-cli", "-f", name, "-j", "-ctx"], capture_output=True, text=True,
                                check=True, timeout=600)
    finally:
        Path(name).unlink()
    findings = []
    for item in json.loads(result.stdout)["data"]:
        text = lines[item["iParagraph"] - 1]
        for e in item["lGrammarErrors"]:
            findings.append(Finding(text, e["sRuleId"], text[e["nStart"]:e["nEnd"]], e["sMessage"],
                                    tuple(e.get("aSuggestions", ()))))
    return findings


@dataclass(frozen=True)
class Allowed:
    regle: str
    raison: str
    phrase: str = ""
    """Text the paragraph contains."""
    souligne: str = ""
    """A regular expression the underlined words match whole."""
    contexte: str = ""
    """A regular expression found in the paragraph."""

    def explains(self, f: "Finding") -> bool:
        return (f.rule.startswith(self.regle) and self.phrase in f.paragraph
                and (not self.souligne or re.fullmatch(self.souligne, f.underlined) is not None)
                and (not self.contexte or re.search(self.contexte, f.paragraph) is not None))


ALLOWED = tuple(Allowed(**a) for a in yaml.safe_load((HERE / "grammalecte_autorise.yml").read_text(encoding="utf-8")) or ())


def unexplained(findings: list[Finding]) -> list[Finding]:
    """The findings no entry of the allow-list explains."""
    return [f for f in findings if not any(a.explains(f) for a in ALLOWED)]


MISSING_ELISION = re.compile(r"(?<![\w’'-])([Dd]e|[Ll]e|[Ll]a|[Qq]ue|[Jj]e|[Nn]e|[Ss]e) (?=[AEIOUYÂÉÈÊÎÔÛaeiouyâéèêîôû])"
                             r"(?![IVXLC]+(?:e|ᵉ|er|ᵉʳ)\b)")
"""« de Oignies », « le Escaut »: a word that French elides, before a vowel, whole (not before an ordinal in roman
numerals: « place de la IVe-République »)."""
