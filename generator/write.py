"""The only module that writes: kits/ atomically, content/ records after an import."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from .errors import BuildError


def _target(root: Path, rel: PurePosixPath) -> Path:
    target = (root / rel).resolve()
    if root.resolve() not in target.parents:
        raise BuildError(f"{rel} : chemin de sortie hors de {root}")
    return target


def write_tree(outputs: dict[PurePosixPath, str | bytes], out_dir: Path) -> int:
    """Build the whole tree beside out_dir, then swap it in; return the number of files.

    A reader never sees a half-written kits/, and a failure leaves the previous one intact.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new")
    old = out_dir.with_name(f".{out_dir.name}.old")
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        for rel in sorted(outputs):
            target = _target(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = outputs[rel]
            if isinstance(data, str):
                target.write_text(data, encoding="utf-8", newline="\n")
            else:
                target.write_bytes(data)
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
