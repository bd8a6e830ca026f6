"""MkDocs hook: a page whose Markdown, path and links did not change is not converted to HTML again.

Half of a warm `make site` was Python-Markdown converting some 830 unchanged pages again. Each
page's conversion (its HTML, table of contents, title and anchors, as `Page.render` leaves them) is
kept in `.bm-cache/pages/` under a digest of everything the conversion reads:
- the page's Markdown as the other hooks leave it, and its path and address;
- the list of the site's files with their addresses (a link is written, or warned about, from it);
- the Markdown settings, the engine (MkDocs or ProperDocs) and its version, Markdown's, pymdown-extensions' and
  this file;
- how much mkdocs logs (`_verbosity`), each level with its own entries.
A page whose conversion logged anything (a broken link in a preview, a note) is not kept, so the
next build says it again and `--strict` still stops. Without this hook (or with
`BM_PAGE_CACHE=0`) the build is the same, only slower: the cached and uncached sites are
compared byte for byte by tests/test_page_cache.py.

Page.render is replaced on each page object only, through the `on_page_markdown` event; mkdocs
then runs `on_page_content` (search, french_toc) on the HTML as usual. Loaded by path from
mkdocs.yml; it imports nothing from the generator.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

FOLDER = Path(".bm-cache") / "pages"
"""Beside the project's other caches, relative to mkdocs.yml; never in .cache/, which other engines empty."""

# MkDocs loads a hook as a module and calls its functions, one per event: what one event learns
# for a later one of the same build can only live at module level.
_state: dict[str, Any] = {"on": False, "folder": None, "base": b"", "used": set(), "sweep": False,
                          "hits": 0, "misses": 0, "indexed": 0, "reindexed": 0}


def _engine(obj: Any) -> str:
    """The package that runs the build, from one of its objects: « mkdocs », or « properdocs » (its fork, whose
    modules, loggers included, carry its own name)."""
    return type(obj).__module__.split(".")[0]


def _versions(engine: str) -> str:
    found = [engine]
    for name in (engine, "markdown", "pymdown-extensions"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ";".join(found)


def on_startup(command: str, dirty: bool) -> None:
    # A full build removes what it did not use; the preview keeps everything (an undone edit finds its pages).
    _state["sweep"] = command in ("build", "gh-deploy") and not dirty


def on_config(config: Any) -> Any:
    _state.update(on=os.environ.get("BM_PAGE_CACHE", "1") != "0", hits=0, misses=0, indexed=0, reindexed=0, used=set())
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    _state["folder"] = root / FOLDER
    settings = repr((config["markdown_extensions"], sorted((config["mdx_configs"] or {}).items(), key=repr),
                     config["use_directory_urls"], repr(config["validation"]), _versions(_engine(config)),
                     Path(__file__).read_bytes()))
    _state["config"] = hashlib.sha256(settings.encode()).digest()
    return config


def on_files(files: Any, config: Any) -> Any:
    listing = "\n".join(sorted(f"{f.src_uri}\t{f.dest_uri}\t{f.url}\t{f.inclusion}" for f in files))
    _state["base"] = hashlib.sha256(_state["config"] + listing.encode()).digest()
    return files


def _search_plugin(config: Any) -> Any:
    """Material's search plugin, if the site uses it (the only one whose index this hook knows how to keep)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and hasattr(plugin, "search_index"):
            return plugin
    return None


def on_pre_build(config: Any) -> None:
    """The search index's entries for a page are kept too: parsing every page's HTML again was a fifth of a warm build.
    Material's plugin makes a new index for each build in on_config; its method for one page is wrapped here."""
    plugin = _search_plugin(config) if _state["on"] else None
    if plugin is None or not plugin.config.enabled:
        return
    index = plugin.search_index
    settings = hashlib.sha256(repr((_versions(_engine(config)), metadata.version("mkdocs-material"),
                                    sorted((k, repr(v)) for k, v in plugin.config.items()))).encode()).digest()
    index.add_entry_from_context = functools.partial(_index_page, index, index.add_entry_from_context, settings)


def _toc(items: Any) -> list[Any]:
    return [(i.id, i.url, i.title, i.level, _toc(i.children)) for i in items]


def _index_page(index: Any, add: Any, settings: bytes, page: Any) -> None:
    meta = {k: page.meta.get(k) for k in ("title", "tags", "search")}
    key = hashlib.sha256(settings + repr((page.url, page.title, meta, _toc(page.toc))).encode()
                         + page.content.encode()).hexdigest()
    path = _state["folder"] / _verbosity(_engine(page)) / "recherche" / key[:2] / f"{key}.pickle"
    _state["used"].add(path)
    kept = _load(path)
    if isinstance(kept, list):
        index.entries.extend(dict(entry) for entry in kept)
        _state["indexed"] += 1
        return
    _state["reindexed"] += 1
    before = len(index.entries)
    add(page)
    _store(path, [dict(entry) for entry in index.entries[before:]])


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if _state["on"]:
        page.render = lambda config, files: _render(page, config, files)
    return markdown


class _Said(logging.Handler):
    """Whether the conversion logged anything mkdocs shows without -v (its debug lines are not the page's)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.said = False

    def emit(self, record: logging.LogRecord) -> None:
        self.said = True


def _verbosity(engine: str) -> str:
    """What the conversion logs at this level: the render keeps the links to anchors unless mkdocs logs debug lines,
    and notes are shown (and keep a page out of the cache) unless it runs --quiet. Each has its own entries."""
    level = logging.getLogger(f"{engine}.structure.pages").getEffectiveLevel()
    return "debug" if level <= logging.DEBUG else "info" if level <= logging.INFO else "quiet"


def _render(page: Any, config: Any, files: Any) -> None:
    key = hashlib.sha256(_state["base"] + f"{page.file.src_uri}\n{page.file.url}\n".encode()
                         + page.markdown.encode()).hexdigest()
    path = _state["folder"] / _verbosity(_engine(page)) / key[:2] / f"{key}.pickle"
    _state["used"].add(path)
    kept = _load(path)
    if isinstance(kept, tuple):
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links = kept
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()}
        _state["hits"] += 1
        return
    _state["misses"] += 1
    said = _Said()
    # The engine's loggers may not reach the root (MkDocs' do not); Python-Markdown and its extensions log to theirs.
    loggers = [logging.getLogger(_engine(page)), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(said)
    try:
        type(page).render(page, config, files)
    finally:
        for logger in loggers:
            logger.removeHandler(said)
    if said.said:
        return
    links = page.links_to_anchors
    _store(path, (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                  None if links is None else {f.src_uri: anchors for f, anchors in links.items()}))


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _store(path: Path, value: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
    except OSError:
        pass  # a full or read-only disk: the page is converted (or indexed) again next time


def on_post_build(config: Any) -> None:
    log = logging.getLogger(f"{_engine(config)}.hooks.page_cache")
    if _state["hits"] or _state["misses"]:
        log.info("Pages reprises du cache : %d, converties : %d ; index de recherche : %d pages reprises, %d relues",
                 _state["hits"], _state["misses"], _state["indexed"], _state["reindexed"])
    folder = None if _state["folder"] is None else _state["folder"] / _verbosity(_engine(config))
    if not (_state["on"] and _state["sweep"] and folder is not None and folder.is_dir()):
        return
    used = _state["used"]
    for entry in [*folder.glob("*/*.pickle"), *folder.glob("recherche/*/*.pickle")]:
        if entry not in used:
            try:
                entry.unlink()
            except OSError:
                pass
