"""Draw what the cache lacks: each image is stored under a hash of everything it is drawn from.

The key covers the drawing code, Pillow's version, the job's parameters and the bytes of its
files (fonts, logos, photos). A second build with nothing changed draws nothing; a change to one
commune's record changes only the keys of that commune's images.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

import fontTools
import PIL

from generator import fingerprint, write
from generator.errors import BuildError
from generator.jobs import Job

Progress = Callable[[int, int], None]
"""Called with (drawn so far, to draw) while images are drawn."""

PARALLEL_FROM = 16
"""Below this many images, starting worker processes costs more than it saves."""


def _drawers() -> dict[str, Callable[[dict[str, Any], dict[str, Path]], bytes]]:
    from generator.make import documents
    from generator.make.drawing import cards, guide, lockup, photos, raster_map, svg
    drawers = {
        "logo": lockup.draw,
        "logo-svg": svg.draw,
        "guide": guide.draw,
        "carte": cards.draw,
        "photo": photos.draw,
        "plan": raster_map.draw,
        "docx": documents.docx,
        "zip": documents.zip_kit,
    }
    assert all(f.__module__ == MAKERS[k] for k, f in drawers.items()), "MAKERS names another module"
    return drawers


DOCUMENT_KINDS = ("docx", "zip")
"""Cache jobs that are not images: press releases in Word, the kits' ZIPs."""

MAKERS = {
    "logo": "generator.make.drawing.lockup", "logo-svg": "generator.make.drawing.svg",
    "guide": "generator.make.drawing.guide", "carte": "generator.make.drawing.cards",
    "photo": "generator.make.drawing.photos", "plan": "generator.make.drawing.raster_map", "docx": "generator.make.documents", "zip": "generator.make.documents",
}
"""The module that makes each kind of file; _drawers() takes its function from there."""

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the generator package."""


def modules_behind(module: str) -> list[str]:
    """Every generator module `module` imports, directly or not, itself included, sorted.

    Read from the source (every import statement, those inside functions too), so a module
    added to the drawing code is in the key without anyone listing it.
    """
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += _imported_by(name)
    return sorted(n for n in seen if _exists(n))


@functools.lru_cache(maxsize=None)
def _imported_by(name: str) -> tuple[str, ...]:
    """The generator modules one module's source imports (each module is read once per process, for every kind)."""
    path = _source(name)
    is_package = path.name == "__init__.py"
    found: list[str] = []
    for node in _imports(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("generator.")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(parts + ([base] if base else []))
            if not base.startswith("generator"):
                continue
            found.append(base)
            # `from generator.make import documents` names a module, not a function.
            found += [f"{base}.{a.name}" for a in node.names if _exists(f"{base}.{a.name}")]
    return tuple(found)


def _imports(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` but those under `if TYPE_CHECKING:` (names for annotations, not code that runs)."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


def _source(module: str) -> Path:
    path = PACKAGE_ROOT.joinpath(*module.split("."))
    # A module may share its name with a folder of data (site/templates.py beside site/templates/).
    return path.with_suffix(".py") if path.with_suffix(".py").is_file() else path / "__init__.py"


def _exists(module: str) -> bool:
    return _source(module).is_file()


@functools.lru_cache(maxsize=None)
def code_version(kind: str = "logo") -> str:
    """A hash of the code a kind of file is made with and of its libraries' versions: changing either remakes them."""
    import docx
    import lxml.etree
    import markdown
    import resvg_py
    h = hashlib.sha256(f"Pillow {PIL.__version__} fontTools {fontTools.version} python-docx {docx.__version__} "
                       f"lxml {lxml.etree.__version__} markdown {markdown.__version__} "
                       f"resvg-py {resvg_py.__version__} resvg {resvg_py.__resvg_version__}".encode())
    for name in modules_behind(MAKERS[kind]):
        h.update(name.encode())
        h.update(_source(name).read_bytes())
    return h.hexdigest()


CODE_FILE = "code.json"


def known_code_versions(cache_dir: Path) -> dict[str, str]:
    """code_version of every kind, as the last run beside this cache computed them when the generator's code and the
    libraries are the same (fingerprint.code, taken once per process: a file edited while the preview runs is never
    written down beside the versions of the code the process still runs); computed and written down otherwise.
    Reading the makers' imports from their source was a tenth of a warm `make kits`."""
    stamp, place = fingerprint.code(), cache_dir.parent / CODE_FILE
    try:
        stored = json.loads(place.read_text(encoding="utf-8"))
        if stored["empreinte"] == stamp and set(stored["versions"]) == set(MAKERS):
            return dict(stored["versions"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    versions = {kind: code_version(kind) for kind in MAKERS}
    try:
        write.save_bytes(place, json.dumps({"empreinte": stamp, "versions": versions}, sort_keys=True).encode())
    except OSError:
        pass  # computed again next time
    return versions


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def key(job: Job, version: str, digests: dict[Path, str]) -> str:
    payload = [version, job.kind, job.params, [(role, digests[p]) for role, p in job.files]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _draw(task: tuple[str, dict[str, Any], dict[str, Path]]) -> bytes:
    kind, params, files = task
    return _drawers()[kind](params, files)


def materialise(outputs: dict[PurePosixPath, Any], cache_dir: Path, progress: Progress | None = None,
                workers: int | None = None, prune: bool = False) -> tuple[dict[PurePosixPath, Any], int]:
    """Replace every Job in outputs by its file in the cache, making the missing ones.

    A Job's file may name another output (a PurePosixPath, not a Path): a ZIP holds the lockups,
    a DOCX the print lockup. Such jobs wait for the stage that makes what they name; the cache
    file then stands for it, and its name (the hash of its own inputs) serves as its digest.
    Return the new outputs and the number of files made. With `prune`, entries this build does
    not use are removed, so the cache does not grow with every change.
    """
    out = dict(outputs)
    pending = {rel: v for rel, v in outputs.items() if isinstance(v, Job)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache_root = os.path.abspath(cache_dir)
    digests: dict[Path, str] = {}
    kept: set[Path] = set()
    made = 0
    while pending:
        ready: dict[PurePosixPath, Job] = {}
        for rel, j in pending.items():
            refs = [p for _role, p in j.files if not isinstance(p, Path)]
            if all(isinstance(out.get(p), Path) for p in refs):
                ready[rel] = Job(j.kind, j.params, tuple((role, p if isinstance(p, Path) else out[p]) for role, p in j.files))
        if not ready:
            raise BuildError(f"{sorted(pending)[0]} : fichier attendu introuvable parmi les sorties")
        for rel in ready:
            del pending[rel]
        done, n = _materialise_stage(ready, cache_dir, cache_root, digests, progress, workers)
        out.update(done)
        kept.update(done.values())
        made += n
    if prune:
        _prune(cache_dir, kept)
    return out, made


def _materialise_stage(jobs: dict[PurePosixPath, Job], cache_dir: Path, cache_root: str, digests: dict[Path, str],
                       progress: Progress | None, workers: int | None) -> tuple[dict[PurePosixPath, Path], int]:
    keyed: dict[PurePosixPath, tuple[str, Job]] = {}
    versions = known_code_versions(cache_dir)
    for rel, j in jobs.items():
        for _role, p in j.files:
            if p not in digests:
                # A cache file is named after the hash of its inputs: no need to read it again.
                digests[p] = p.stem if os.path.dirname(os.path.dirname(os.path.abspath(p))) == cache_root else file_digest(p)
        keyed[rel] = (key(j, versions[j.kind], digests), j)
    wanted: dict[str, Job] = {}
    for k, j in keyed.values():
        wanted.setdefault(k, j)

    def cached(k: str, j: Job) -> Path:
        return cache_dir / k[:2] / f"{k}.{j.suffix}"

    places = {k: cached(k, j) for k, j in wanted.items()}
    missing = [(k, j) for k, j in sorted(wanted.items()) if not places[k].is_file()]
    if missing:
        tasks = [(j.kind, dict(j.params), dict(j.files)) for _k, j in missing]
        n = workers or os.cpu_count() or 1
        if len(missing) >= PARALLEL_FROM and n > 1:
            with ProcessPoolExecutor(max_workers=n) as pool:
                results = pool.map(_draw, tasks, chunksize=max(1, min(16, len(tasks) // (n * 8))))
                _store(missing, results, cached, progress)
        else:
            _store(missing, map(_draw, tasks), cached, progress)
    return {rel: places[k] for rel, (k, _j) in keyed.items()}, len(missing)


def _store(missing: list[tuple[str, Job]], results: Any, cached: Callable[[str, Job], Path], progress: Progress | None) -> None:
    total = len(missing)
    for i, ((k, j), data) in enumerate(zip(missing, results), 1):
        write.save_bytes(cached(k, j), data)
        if progress:
            progress(i, total)


def _prune(cache_dir: Path, keep: set[Path]) -> None:
    stale = [f for sub in cache_dir.iterdir() if sub.is_dir() and len(sub.name) == 2 for f in sub.iterdir() if f not in keep]
    write.remove_files(stale)


class Maker:
    """Make the jobs of one pipeline, run after run: each job's cache file is remembered, so a run
    after a save makes (and hashes) only the jobs that changed since the previous one.

    The first run makes everything the cache lacks, as `materialise` does. On later runs, an
    unchanged job whose source files (fonts, logos, photos) have the same size and mtime keeps its
    cache file; hashing every source and key again was a tenth of a preview's regeneration.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.placed: dict[PurePosixPath, tuple[Job, Path]] = {}  # each job's cache file, as of the last run
        self.inputs: dict[Path, tuple[int, int]] = {}  # the jobs' source files, as they were then

    def forget(self) -> None:
        """Start again from the cache itself (after an error, a file of the cache may be gone)."""
        self.placed, self.inputs = {}, {}

    def materialise(self, outputs: dict[PurePosixPath, Any], progress: Progress | None = None,
                    prune: bool = False) -> tuple[dict[PurePosixPath, Any], int]:
        """Replace every Job of outputs by its cache file; return them and the number of files made.

        `prune` (the command line) empties the cache of what this run does not use; it applies to a
        run that made every job, never to one that took some from the previous run.
        """
        jobs = {rel: v for rel, v in outputs.items() if isinstance(v, Job)}
        # Source files are content files (Path); a job may also name another output (a DOCX its lockup).
        sources = {p for v in jobs.values() for _role, p in v.files if isinstance(p, Path)}
        inputs = {}
        for p in sources:
            st = p.stat()
            inputs[p] = (st.st_mtime_ns, st.st_size)
        placed = self.placed if inputs == self.inputs else {}
        todo = {rel: v for rel, v in jobs.items() if placed.get(rel, (None,))[0] != v}
        # A job whose named outputs are remade is remade too (the ZIP of a commune whose lockup changed).
        grew = True
        while grew:
            more = {rel: v for rel, v in jobs.items() if rel not in todo
                    and any(not isinstance(p, Path) and p in todo for _role, p in v.files)}
            todo.update(more)
            grew = bool(more)
        # What the remade jobs name but is not remade itself goes along as the file already in the cache.
        named = {p: outputs[p] if isinstance(outputs[p], Path) else placed[p][1] for v in todo.values()
                 for _role, p in v.files if not isinstance(p, Path) and p not in todo}
        new, made = materialise({**named, **todo}, self.cache_dir, progress, prune=prune and len(todo) == len(jobs))
        files = {rel: new[rel] if rel in todo else placed[rel][1] if isinstance(v, Job) else v for rel, v in outputs.items()}
        self.placed = {rel: (v, files[rel]) for rel, v in outputs.items() if isinstance(v, Job)}
        self.inputs = inputs
        return files, made
