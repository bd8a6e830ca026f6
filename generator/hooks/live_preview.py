"""MkDocs hook for the live preview (`make serve`): regenerate kits/ from content/ before each rebuild.

Registered by mkdocs.serve.yml only, so `mkdocs build` (make site, the tests, gh-deploy) never
runs it. mkdocs serve watches content/ (the `watch:` key) and calls the builder when a record
is saved; before the build, this hook validates content/, renders, places the images from the
cache (drawing the few a change needs) and writes into kits/ only the files whose bytes
changed (write.sync_tree). `mkdocs serve --dirty` then rebuilds only those pages.

A content error never stops the server: the errors are printed as `make validate` prints them,
kits/ is left as it was, and the preview keeps showing the previous pages.

mkdocs loads this file by path, under the module name "generator/hooks/live_preview.py": imports are
absolute, and the state below lives as long as the server.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path, PurePosixPath
from typing import IO, Any

import jinja2
import jinja2.bccache

from generator import pipeline
from generator.errors import BuildError, ContentErrors, system_error


class Regenerator:
    """The pipeline of `make kits`, run at every save, keeping the previous kits on any error."""

    def __init__(self, content_dir: Path, out_dir: Path, cache_dir: Path, site_url: str = "",
                 stream: IO[str] | None = None) -> None:
        self.content_dir = content_dir
        self.out_dir = out_dir
        self.stream = stream
        self.cache_dir, self.site_url = cache_dir, site_url
        self.pipeline: pipeline.Pipeline | None = None  # made at the first run, where its errors are shown

    def say(self, message: str) -> None:
        print(message, file=self.stream or sys.stderr, flush=True)

    def run(self) -> list[PurePosixPath] | None:
        """Regenerate kits/; return the paths written or removed, or None when nothing could be written."""
        start = time.perf_counter()
        try:
            # No pruning while previewing: undoing an edit then finds its images still drawn.
            if self.pipeline is None:
                self.pipeline = pipeline.Pipeline(
                    self.content_dir, self.out_dir, self.cache_dir, self.site_url,
                    waiting=lambda: self.say("Une autre construction écrit dans les kits : l’aperçu attend qu’elle se termine…"),
                    in_place=True)
            report = self.pipeline.run()
        except ContentErrors as e:
            n = len(e.errors)
            self.say(str(e))
            self.say(f"{n} erreur{'s' if n > 1 else ''} dans les fiches ; l’aperçu garde les pages précédentes. "
                     "Corrigez puis enregistrez de nouveau.")
            return None
        except BuildError as e:
            self.say(f"Erreur : {e}\nL’aperçu garde les pages précédentes.")
            return None
        except OSError as e:  # a full disk, a read-only kits/: the user's to fix, said as make kits says it
            self.say(f"Erreur : {system_error(e)}\nL’aperçu garde les pages précédentes.")
            return None
        except Exception:  # a bug in the generator, a cache file gone: the preview stays up
            self.say(traceback.format_exc().rstrip())
            self.say("Erreur inattendue du générateur ; l’aperçu garde les pages précédentes.")
            return None
        changed, drawn = list(report.paths), report.drawn
        if changed:
            images = f", {drawn} image{'s' if drawn > 1 else ''} ou document{'s' if drawn > 1 else ''} refait{'s' if drawn > 1 else ''}" if drawn else ""
            self.say(f"Kits régénérés en {time.perf_counter() - start:.2f} s : "
                     f"{len(changed)} fichier{'s' if len(changed) > 1 else ''} modifié{'s' if len(changed) > 1 else ''}{images}.")
        return changed


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """The theme's templates compiled once per server, not at every rebuild (a third of a dirty rebuild).

    Jinja checks each entry against its template's source, so an edited template is recompiled.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.store.clear()


POLL_SECONDS = 0.1
"""How often content/ is checked for a saved record (mkdocs polls every 0.5 s; content/ is ~100 files)."""

EVERY_BUILD_ONLY = ("404.html", "sitemap.xml")
"""Theme pages a dirty rebuild need not redo: they do not show what an editor is checking."""

# MkDocs loads a hook as a module: what one event learns for the next (and the Regenerator, kept
# across the server's rebuilds) can only live at module level. Nothing else in the generator does.
_state: dict[str, Any] = {"serving": False, "dirty": False, "builds": 0, "regenerator": None,
                          "bytecode": MemoryBytecodeCache()}


def regenerator_for(config: Any) -> Regenerator:
    """One Regenerator for the project of this configuration, kept across rebuilds."""
    root = Path(config.config_file_path).resolve().parent
    regen = _state["regenerator"]
    if regen is None or regen.out_dir != Path(config.docs_dir):
        # The same address for the copyable texts as `make kits`: the preview shows what will be published.
        regen = Regenerator(root / "content", Path(config.docs_dir), root / pipeline.DEFAULT_CACHE,
                            os.environ.get("SITE_URL", ""))
        _state["regenerator"] = regen
    return regen


# MkDocs events ---------------------------------------------------------------

def on_startup(command: str, dirty: bool) -> None:
    _state.update(serving=command == "serve", dirty=dirty, builds=0)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    _state["serving"] = True  # also under `mkdocs serve --clean`, from the second build on
    # kits/ is written by this hook, not by people: watching it would rebuild a second time
    # after every regeneration (and poll thousands of files twice a second).
    try:
        server.unwatch(config.docs_dir)
    except KeyError:
        pass
    # The `watch:` folders are scheduled after this event: they get the shorter interval. mkdocs
    # has no setting for its polling interval (0.5 s, half of the 2 s a saved record may take to
    # show), so its watchdog observer's private one is set; skipped if a later mkdocs renames it.
    observer = getattr(server, "observer", None)
    if observer is not None and hasattr(observer, "_timeout"):
        observer._timeout = POLL_SECONDS
    return server


def on_config(config: Any) -> Any:
    # theme.static_templates is the theme's public list of extra pages to render; on a dirty rebuild
    # the 404 page and the sitemap are dropped from it (the published build always has them).
    if _state["serving"] and _state["dirty"] and _state["builds"] > 0:
        config.theme.static_templates.difference_update(EVERY_BUILD_ONLY)
    return config


def on_pre_build(config: Any) -> None:
    if _state["serving"]:
        regenerator_for(config).run()
    _state["builds"] += 1


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if _state["serving"]:
        env.bytecode_cache = _state["bytecode"]
    return env
