"""MkDocs hook of every build: place kits/' images in site/ as hard links instead of copies.

The kits hold some 2,300 images (70 MB), themselves hard links into the image cache; copying
them was a quarter of `mkdocs build`. A file that is already at its place in site/ makes
mkdocs' own copy raise SameFileError, which mkdocs skips by design ("let plugins write
directly into site_dir"). Across file systems the link fails and mkdocs copies as before.

Registered in mkdocs.yml (and mkdocs.serve.yml, which replaces the list); mkdocs loads it by
path, so it imports nothing from the generator.
"""

from __future__ import annotations

import os
from typing import Any


def on_env(env: Any, config: Any, files: Any) -> Any:
    docs_dir = os.path.realpath(config["docs_dir"])
    for file in files:
        src = file.abs_src_path
        if file.is_documentation_page() or src is None or getattr(file, "_content", None) is not None:
            continue
        if not os.path.realpath(src).startswith(docs_dir + os.sep):
            continue  # theme assets: a few files, copied by mkdocs
        dest = file.abs_dest_path
        try:
            if os.path.samefile(src, dest):
                continue  # a --dirty rebuild of the preview: already in place
            os.unlink(dest)
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.link(src, dest)
        except OSError:
            pass  # another file system: mkdocs copies it
    return env
