"""The two Jinja environments: Markdown pages (escaped by filters) and HTML or XML (escaped by Jinja).

Markdown templates (`*.md.j2`) escape each value with a filter that knows Markdown (`md`, `attr`…):
Jinja's HTML autoescaping would double-escape what Markdown escapes itself. Everything else a
webmaster or a reader gets as markup (`*.html.j2`, `*.xml.j2`: snippets, embed pages, copy tabs,
the ZIP's pages, the audit chart, Atom feeds) goes through an environment with autoescape on, so
a value from content/ or from an audit file cannot become markup.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup

from generator import colours
from generator.site import urls, wording

FOLDER = Path(__file__).parent / "templates"


def markdown_environment(bytecode_cache: StoredBytecode | None = None) -> jinja2.Environment:
    """For `*.md.j2`: no autoescape, the wording module's Markdown filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(md=wording.md, md_text=wording.md_text, attr=wording.md_attr, url=wording.md_url, nombre=wording.nombre,
                       date_fr=wording.date_fr, longueur=wording.longueur, adresse=wording.address_line, liste=wording.liste, typo=wording.typo, point=wording.point, shown=wording.shown_url,
                       tint=colours.tint, capital=wording.capital, dept=lambda d: wording.md(d.split(" (")[0]), parens=lambda s: f"({s})")
    env.globals.update(pluriel=wording.pluriel, combien=wording.combien, commune_title=wording.commune_title, quand=wording.rendez_vous_when, says_its_type=wording.says_its_type, names_place=wording.names_place, PROTECTION=wording.PROTECTION, osm=lambda e: urls.osm(e.latitude, e.longitude))
    return env


def _named_entities(value: object) -> object:
    """Escape a value as the web's filters keep it: Jinja's own escaping writes « " » as &#34;, which
    WordPress's kses rewrites to &#034; (a pasted snippet would no longer be the one handed out);
    &quot; and &#x27; (html.escape) come back from kses unchanged. Markup (a macro, a rendered
    snippet) passes as it is; Jinja escapes nothing twice."""
    if hasattr(value, "__html__") or value is None:
        return value
    return Markup(html.escape(str(value), quote=True))


def markup_environment(bytecode_cache: StoredBytecode | None = None) -> jinja2.Environment:
    """For `*.html.j2` and `*.xml.j2`: autoescape on; `french` gives a value French typography (then Jinja escapes it)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=True, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=bytecode_cache, finalize=_named_entities,
    )
    env.filters.update(french=wording.french, nombre=wording.nombre, date_fr=wording.date_fr, liste=wording.liste)
    env.globals.update(pluriel=wording.pluriel)
    return env


class StoredBytecode(jinja2.BytecodeCache):
    """Compiled templates read from the cache folder of earlier runs; those compiled now wait in memory
    until the pipeline has the writer store them (planning reads, it never writes).

    Jinja checks each entry against its template's source: an edited template is compiled again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.new: dict[str, bytes] = {}

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.new.get(bucket.key)
        if data is None:
            try:
                data = self.path(bucket.key).read_bytes()
            except OSError:
                return
        bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.new[bucket.key] = bucket.bytecode_to_string()

    def take_new(self) -> dict[Path, bytes]:
        """The entries compiled since the last call, by the file they go to."""
        new, self.new = self.new, {}
        return {self.path(key): data for key, data in new.items()}


class Templates:
    """Both environments of one build, made when first asked for."""

    def __init__(self, bytecode_cache: Path | None = None) -> None:
        self.bytecode_cache = StoredBytecode(bytecode_cache) if bytecode_cache else None
        self._markdown: jinja2.Environment | None = None
        self._markup: jinja2.Environment | None = None

    @property
    def markdown(self) -> jinja2.Environment:
        if self._markdown is None:
            self._markdown = markdown_environment(self.bytecode_cache)
        return self._markdown

    @property
    def markup(self) -> jinja2.Environment:
        if self._markup is None:
            self._markup = markup_environment(self.bytecode_cache)
        return self._markup

    def compiled(self) -> dict[Path, bytes]:
        """Templates compiled since the last call, for the writer to keep in the cache folder."""
        return self.bytecode_cache.take_new() if self.bytecode_cache else {}

    def render(self, template: str, /, **context: object) -> str:
        """Render a template by name; its ending chooses the environment."""
        env = self.markdown if template.endswith((".md.j2", ".css.j2")) else self.markup
        return env.get_template(template).render(**context)
