"""MkDocs hook of every build: place kits/' files in site/ as hard links, and rewrite site/ in place.

1. The kits hold some 3,000 images and documents (70 MB), themselves hard links into the image
   cache; copying them was a quarter of `mkdocs build`. A file already at its place in site/
   makes mkdocs' own copy raise SameFileError, which mkdocs skips by design ("let plugins write
   directly into site_dir"). Across file systems the link fails and mkdocs copies as before.
2. mkdocs empties site/ before a build, then creates every folder and file again; on a disk
   where creating a file costs fifty times more than rewriting one, that was a tenth of the
   build. A full build (`mkdocs build`, `gh-deploy`, not --dirty) here keeps site/: it is set
   aside while mkdocs cleans (public events only: on_pre_build, then on_files), pages are
   rewritten in place, and what this build did not write is removed after it, so site/ ends
   up exactly as after mkdocs' own cleaning. A file of site/ that is a hard link (to kits/ or
   the cache) is unlinked before anything is written at its place, never written through.

3. The theme's Jinja environment keeps its compiled templates in .bm-cache/theme/.

Registered in mkdocs.yml (and mkdocs.serve.yml, which replaces the list); mkdocs loads it by
path, so it imports nothing from the generator.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import stat
from typing import Any

import jinja2

# MkDocs loads a hook as a module and calls its functions, one per event: what one event learns
# for a later one of the same build can only live at module level.
_state: dict[str, Any] = {"sweep": False, "start": 0, "expected": set(), "kept": None}

MARKER = ".construction-en-cours"
"""Written in site/ as the build starts: a file of site/ older than it was not written by this build."""


def _aside(site_dir: str) -> str:
    """Where site/ waits while mkdocs cleans: beside it, so that the cleaning finds nothing to remove."""
    return os.path.join(os.path.dirname(os.path.abspath(site_dir)), f".{os.path.basename(site_dir)}-garde")


def on_startup(command: str, dirty: bool) -> None:
    # The live preview (--dirty) rewrites only the pages that changed: nothing to sweep there.
    _state["sweep"] = command in ("build", "gh-deploy") and not dirty


def on_pre_build(config: Any) -> None:
    """Put site/ aside: mkdocs empties site/ right after this event (there is no setting to keep it), and
    finds nothing to empty; on_files, the next event, brings it back. Two renames instead of 5,000 removals."""
    if not _state["sweep"]:
        return
    site_dir, aside = config["site_dir"], _aside(config["site_dir"])
    if os.path.isdir(aside):
        # Left by a build that stopped between the two events: its site/ is the one to keep, unless there is another.
        if os.path.exists(site_dir):
            shutil.rmtree(aside)
        else:
            os.rename(aside, site_dir)
    os.makedirs(site_dir, exist_ok=True)
    # The start is the file system's own time, at its own precision (2 s on some disks): a file
    # written in the same tick as the marker counts as written by this build, never the reverse.
    marker = os.path.join(site_dir, MARKER)
    with open(marker, "w", encoding="utf-8"):
        pass
    _state["start"] = os.stat(marker).st_mtime_ns
    os.unlink(marker)
    os.rename(site_dir, aside)
    _state["kept"] = (site_dir, aside)


def _bring_back() -> bool:
    """Put site/ back where mkdocs builds; say whether this build kept it."""
    kept, _state["kept"] = _state["kept"], None
    if kept is None:
        return False
    site_dir, aside = kept
    if os.path.isdir(site_dir):
        shutil.rmtree(site_dir)  # created meanwhile: empty, or another build's
    os.rename(aside, site_dir)
    return True


def on_files(files: Any, config: Any) -> Any:
    _bring_back()
    expected = set()
    for file in files:
        dest = file.abs_dest_path
        expected.add(dest)
        try:
            st = os.lstat(dest)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(dest)  # a folder where a file now goes
        elif st.st_nlink > 1 or stat.S_ISLNK(st.st_mode):
            src = file.abs_src_path
            if not (src and not file.is_documentation_page() and os.path.exists(src) and os.path.samefile(src, dest)):
                os.unlink(dest)  # never write a page or a copy through a link into kits/ or the cache
    _state["expected"] = expected
    return files


def on_env(env: Any, config: Any, files: Any) -> Any:
    # The theme's templates compiled once, not at every build (a twelfth of a warm one): Jinja keeps each compiled
    # template with its source's checksum and compiles again what changed; a folder per Jinja version and engine,
    # whose compiled code is not Jinja's concern. The live preview keeps its own in memory.
    if env.bytecode_cache is None:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        engine = type(config).__module__.split(".")[0]
        version = f"jinja2-{jinja2.__version__}-{engine}-{importlib.metadata.version(engine)}"
        folder = os.path.join(root, ".bm-cache", "theme", version)
        try:
            os.makedirs(folder, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
        except OSError:
            pass  # a read-only project: compiled at each build, as before
    docs_dir = config["docs_dir"]
    for file in files:
        src = file.abs_src_path
        if file.is_documentation_page() or src is None or getattr(file, "_content", None) is not None:
            continue
        if file.src_dir != docs_dir:
            continue  # theme assets: a few files, copied by mkdocs
        dest = file.abs_dest_path
        try:
            if os.path.samefile(src, dest):
                continue  # already in place (a rebuild)
            os.unlink(dest)
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.link(src, dest)
        except OSError:
            pass  # another file system: mkdocs copies it
    return env


def on_post_build(config: Any) -> None:
    if not _state["sweep"]:
        return
    expected, start = _state["expected"], _state["start"]
    for dirpath, dirnames, filenames in os.walk(config["site_dir"], topdown=False):
        for name in filenames:
            path = os.path.join(dirpath, name)
            # Written by this build (pages, theme copies, search index, sitemap) or placed by on_env: kept.
            if path not in expected and os.lstat(path).st_mtime_ns < start:
                os.unlink(path)
        for name in dirnames:
            path = os.path.join(dirpath, name)
            if not os.listdir(path):
                os.rmdir(path)


def on_build_error(error: Exception) -> None:
    _bring_back()
