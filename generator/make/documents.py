"""The files made from other outputs, as cache jobs: press releases in Word, a ZIP of each kit.

Making 368 DOCX and 92 ZIPs takes seconds, so they go through the image cache like the images
(generator/make/cache.py): keyed by their inputs, made once, in parallel. These functions run
in the cache's worker processes and only return bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.make import archive
from generator.make import word as word


def docx(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """One press release in Word, with the commune's print lockup at the top."""
    logo = files.get("logo")
    return word.press_release_docx(params["titre"], params["texte"], params["commune"], params["version"],
                                   logo.read_bytes() if logo else None, logo_alt=params.get("alt_logo") or None)


def zip_kit(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """A commune's whole kit: texts given in params, made files (lockups, DOCX) by their name in the archive."""
    entries = {name: content.encode("utf-8") for name, content in params["textes"]}
    entries.update({name: path.read_bytes() for name, path in files.items()})
    return archive.deterministic_zip(entries, params["version"], first=("LISEZMOI.txt",))
