"""The files made from other outputs, as cache jobs: press releases in Word, a ZIP of each kit.

Making 368 DOCX and 92 ZIPs takes seconds, so they go through the image cache like the images
(generator/make/cache.py): keyed by their inputs, made once, in parallel. These functions run
in the cache's worker processes and only return bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from generator.make import archive
from generator.make import word as word


def docx(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """One press release in Word, with the commune's print lockup at the top, its map and a photo when given."""
    logo = files.get("logo")
    figures = []
    for role in ("carte", "photo"):
        if role in files:
            data = files[role].read_bytes()
            with Image.open(io.BytesIO(data)) as img:
                size = img.size
                if img.format == "JPEG":
                    # python-docx reads a JPEG's EXIF block itself and stops on the one our photos carry (their
                    # credit): the picture goes in without it; the caption under it gives the credit.
                    plain = io.BytesIO()
                    img.save(plain, format="JPEG", quality=88, optimize=True)
                    data = plain.getvalue()
            figures.append(word.Figure(data, size, params[f"alt_{role}"], params[f"legende_{role}"]))
    return word.press_release_docx(params["titre"], params["texte"], params["commune"], params["version"],
                                   logo.read_bytes() if logo else None, logo_alt=params.get("alt_logo") or None,
                                   figures=tuple(figures))


def zip_kit(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """A commune's whole kit: texts given in params, made files (lockups, DOCX) by their name in the archive."""
    entries = {name: content.encode("utf-8") for name, content in params["textes"]}
    entries.update({name: path.read_bytes() for name, path in files.items()})
    return archive.deterministic_zip(entries, params["version"], first=("LISEZMOI.txt",))
