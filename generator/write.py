"""The only module that writes: kits/ atomically, content/ records after an import."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from .errors import BuildError


def _target(root: Path, rel: PurePosixPath) -> Path:
    # Checked on the path itself, not with resolve(): one lstat per component per file was
    # most of the build time, and the staging tree holds no symlink we did not create.
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"{rel} : chemin de sortie hors de {root}")
    return root.joinpath(*rel.parts)


def write_tree(outputs: dict[PurePosixPath, str | Path], out_dir: Path, link_from: Path | None = None) -> int:
    """Build the whole tree beside out_dir, then swap it in; return the number of files.

    A reader never sees a half-written kits/, and a failure leaves the previous one intact.
    Files under `link_from` (the image cache) are hard-linked rather than copied when the file
    system allows it: thousands of images then cost almost nothing to place.
    """
    cache_root = link_from.resolve() if link_from else None
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new")
    old = out_dir.with_name(f".{out_dir.name}.old")
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    made: set[Path] = set()
    try:
        for rel in sorted(outputs):
            target = _target(staging, rel)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            data = outputs[rel]
            if isinstance(data, Path):
                if cache_root is not None and cache_root in data.resolve().parents:
                    try:
                        os.link(data, target)
                        continue
                    except OSError:
                        pass  # another file system: copy
                shutil.copyfile(data, target)
                continue
            raw = data.encode("utf-8")
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, raw)
            finally:
                os.close(fd)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return len(outputs)


def write_records(records: dict[str, str], content_dir: Path, obsolete: list[str]) -> list[str]:
    """Write changed records into content/ (each file replaced atomically); return what changed."""
    changed = []
    for rel, text in sorted(records.items()):
        target = _target(content_dir, PurePosixPath(rel))
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, target)
        changed.append(rel)
    for rel in sorted(obsolete):
        _target(content_dir, PurePosixPath(rel)).unlink()
        changed.append(rel)
    return changed
