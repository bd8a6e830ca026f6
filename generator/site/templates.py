"""The two Jinja environments: Markdown pages (escaped by filters) and HTML or XML (escaped by Jinja).

Markdown templates (`*.md.j2`) escape each value with a filter that knows Markdown (`md`, `attr`…):
Jinja's HTML autoescaping would double-escape what Markdown escapes itself. Everything else a
webmaster or a reader gets as markup (`*.html.j2`, `*.xml.j2`: snippets, embed pages, copy tabs,
the ZIP's pages, the audit chart, Atom feeds) goes through an environment with autoescape on, so
a value from content/ or from an audit file cannot become markup.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator import colours
from generator.site import urls, wording

FOLDER = Path(__file__).parent / "templates"


def markdown_environment(bytecode_cache: Path | None = None) -> jinja2.Environment:
    """For `*.md.j2`: no autoescape, the wording module's Markdown filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=_bytecode(bytecode_cache),
    )
    env.filters.update(md=wording.md, md_text=wording.md_text, attr=wording.md_attr, nombre=wording.nombre,
                       date_fr=wording.date_fr, liste=wording.liste, typo=wording.typo, point=wording.point,
                       tint=colours.tint, dept=lambda d: wording.md(d.split(" (")[0]), parens=lambda s: f"({s})")
    env.globals.update(pluriel=wording.pluriel, PROTECTION=wording.PROTECTION, osm=lambda e: urls.osm(e.latitude, e.longitude))
    return env


def markup_environment(bytecode_cache: Path | None = None) -> jinja2.Environment:
    """For `*.html.j2` and `*.xml.j2`: autoescape on; `french` gives a value French typography (then Jinja escapes it)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=True, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=_bytecode(bytecode_cache),
    )
    env.filters.update(french=wording.french, nombre=wording.nombre, date_fr=wording.date_fr, liste=wording.liste)
    env.globals.update(pluriel=wording.pluriel)
    return env


def _bytecode(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja recompiles one whose source changed)."""
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


class Templates:
    """Both environments of one build, made when first asked for."""

    def __init__(self, bytecode_cache: Path | None = None) -> None:
        self.bytecode_cache = bytecode_cache
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

    def render(self, template: str, /, **context: object) -> str:
        """Render a template by name; its ending chooses the environment."""
        env = self.markdown if template.endswith((".md.j2", ".css.j2")) else self.markup
        return env.get_template(template).render(**context)
