"""Digests of what a build is made from, shared by the stages that take back a previous run's work
(content/memo.py: the checked content; site/reuse.py: the rendered parts).

The code is hashed by its bytes, once per process (it cannot change within one), with the versions of the
libraries that read, check and render: a new version may read or say a thing differently.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("pyyaml", "python-slugify", "text-unidecode", "numpy", "shapely", "pyproj", "pillow", "fonttools",
             "jinja2", "markdown", "markupsafe", "pymdown-extensions", "python-docx", "lxml", "resvg-py")
"""What checking, planning and making run on: YAML, names, the outlines' geometry and projection, image sizes and
fonts, templates and Markdown, Word files and the maps' pictures."""


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def code() -> str:
    """The generator's modules, the libraries' versions and Python's."""
    versions = [sys.version]
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(name)
    # Every module but the MkDocs hooks and the audit, which neither checking nor planning imports: reading them
    # all costs less than finding which ones are imported.
    sources = [f"{p.relative_to(PACKAGE)}\n".encode() + p.read_bytes() for p in sorted(PACKAGE.rglob("*.py"))
               if p.relative_to(PACKAGE).parts[0] not in ("hooks", "audit")]
    return digest(*versions, *sources)


def canon(value: Any) -> str:
    """A text that is the same for equal values in every process (a frozenset's repr follows the hash seed)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(map(canon, value))) + "}"
    if hasattr(value, "__dataclass_fields__"):
        return type(value).__name__ + "(" + ",".join(canon(getattr(value, f)) for f in value.__dataclass_fields__) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{canon(k)}:{canon(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(canon, value)) + "]"
    return repr(value)
