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

from generator.make.jobs import Job

Progress = Callable[[int, int], None]
"""Called with (drawn so far, to draw) while images are drawn."""

PARALLEL_FROM = 16
"""Below this many images, starting worker processes costs more than it saves."""


def _drawers() -> dict[str, Callable[[dict[str, Any], dict[str, Path]], bytes]]:
    from generator.make import documents
    from generator.make.drawing import cards, guide, lockup, photos, svg
    drawers = {
        "logo": lockup.draw,
        "logo-svg": svg.draw,
        "guide": guide.draw,
        "carte": cards.draw,
        "photo": photos.draw,
        "docx": documents.docx,
        "zip": documents.zip_kit,
    }
    assert all(f.__module__ == MAKERS[k] for k, f in drawers.items()), "MAKERS names another module"
    return drawers


def forget_fonts() -> None:
    """Drop every font read so far. The live preview calls it before each regeneration: a font file
    replaced meanwhile must not be drawn from its old outlines under the new file's cache key."""
    from generator.make.drawing import cards, draw, lockup, svg
    for cached in (draw.font, svg._face, svg._glyph, cards._ref_width, lockup.size_of):
        cached.cache_clear()


DOCUMENT_KINDS = ("docx", "zip")
"""Cache jobs that are not images: press releases in Word, the kits' ZIPs."""

MAKERS = {
    "logo": "generator.make.drawing.lockup", "logo-svg": "generator.make.drawing.svg",
    "guide": "generator.make.drawing.guide", "carte": "generator.make.drawing.cards",
    "photo": "generator.make.drawing.photos", "docx": "generator.make.documents", "zip": "generator.make.documents",
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
        if name in seen:
            continue
        seen.add(name)
        path = _source(name)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith("generator.")]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                    base = ".".join(parts + ([base] if base else []))
                if not base.startswith("generator"):
                    continue
                todo.append(base)
                # `from generator.make import documents` names a module, not a function.
                todo += [f"{base}.{a.name}" for a in node.names if _exists(f"{base}.{a.name}")]
    return sorted(n for n in seen if _exists(n))


def _source(module: str) -> Path:
    path = PACKAGE_ROOT.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _exists(module: str) -> bool:
    return _source(module).is_file()


@functools.lru_cache(maxsize=None)
def code_version(kind: str = "logo") -> str:
    """A hash of the code a kind of file is made with and of its libraries' versions: changing either remakes them."""
    import docx
    import lxml.etree
    import markdown
    h = hashlib.sha256(f"Pillow {PIL.__version__} fontTools {fontTools.version} python-docx {docx.__version__} "
                       f"lxml {lxml.etree.__version__} markdown {markdown.__version__}".encode())
    for name in modules_behind(MAKERS[kind]):
        h.update(name.encode())
        h.update(_source(name).read_bytes())
    return h.hexdigest()


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
            raise ValueError(f"{sorted(pending)[0]} : fichier attendu introuvable parmi les sorties")
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
    for rel, j in jobs.items():
        for _role, p in j.files:
            if p not in digests:
                # A cache file is named after the hash of its inputs: no need to read it again.
                digests[p] = p.stem if os.path.dirname(os.path.dirname(os.path.abspath(p))) == cache_root else file_digest(p)
        keyed[rel] = (key(j, code_version(j.kind), digests), j)
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
        target = cached(k, j)
        target.parent.mkdir(exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        if progress:
            progress(i, total)


def _prune(cache_dir: Path, keep: set[Path]) -> None:
    for sub in cache_dir.iterdir():
        if not sub.is_dir() or len(sub.name) != 2:
            continue
        for f in sub.iterdir():
            if f not in keep:
                f.unlink()
