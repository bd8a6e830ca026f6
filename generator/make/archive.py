"""Reproducible ZIP archives (and DOCX files, which are ZIP archives). Pure: bytes in, bytes out.

zipfile stamps each entry with the current time and keeps the order it is given, so two builds
of the same content would differ. Here every entry gets the same fixed date, the same
permissions and the same compression, in a stable order: the same entries give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from generator.errors import BuildError

DateTime = tuple[int, int, int, int, int, int]
"""(year, month, day, hour, minute, second), as zipfile.ZipInfo.date_time."""

COMPRESSLEVEL = 9
"""Fixed: the default level is zlib's to choose. (Different zlib builds may still compress
differently; the same machine always gives the same bytes.)"""

FILE_MODE = 0o100644
"""A regular file, rw-r--r--: unzip on Unix restores these, not the builder's umask."""

DOCX_FIRST = ("[Content_Types].xml",)
"""Word and other OPC readers look for the content types first; python-docx writes them first too."""


STORED = (".png", ".jpg", ".jpeg", ".webp", ".docx", ".zip")
"""Names whose content is compressed already, stored as is."""


def date_of(version: str) -> DateTime:
    """The archive date of a version « AAAA-MM-JJ », at midnight (ZIP dates have no time zone)."""
    try:
        day = dt.date.fromisoformat(version)
    except (TypeError, ValueError):
        raise BuildError(f"version « {version} » : date attendue au format AAAA-MM-JJ") from None
    if day.year < 1980:
        raise BuildError(f"version « {version} » : une archive ZIP ne peut pas dater d’avant 1980")
    return (day.year, day.month, day.day, 0, 0, 0)


def deterministic_zip(entries: dict[str, bytes], date: DateTime | str, first: tuple[str, ...] = ()) -> bytes:
    """Zip `entries` {name: bytes} so that the same entries always give the same bytes.

    Names in `first` come first, in that order (when present); the others follow sorted, so the
    caller's dict order does not matter. Every entry has the date `date` (a tuple, or a version
    « AAAA-MM-JJ »), mode 0644, Unix as its system, DEFLATE at a fixed level, no extra field
    and no comment. Non-ASCII names are written in UTF-8 with flag bit 11 (zipfile sets it
    itself; ASCII names are the same bytes in either encoding and need no flag).
    """
    stamp = date_of(date) if isinstance(date, str) else tuple(date)
    if len(stamp) != 6 or stamp[0] < 1980:
        raise BuildError(f"date d’archive invalide : {date!r}")
    for name in entries:
        if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise BuildError(f"nom d’entrée invalide dans l’archive : {name!r}")
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as zf:
        for name in order:
            # Images and Office files are compressed already: deflating them again costs time for nothing.
            method = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = method
            info.create_system = 3  # Unix, wherever the build runs: the mode below then means the same
            info.external_attr = FILE_MODE << 16
            zf.writestr(info, entries[name], compress_type=method, compresslevel=COMPRESSLEVEL)
    return buffer.getvalue()


def read_entries(data: bytes) -> dict[str, bytes]:
    """The files of a ZIP archive, {name: bytes} in the archive's order (folders left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def normalise_docx(data: bytes, date: DateTime | str) -> bytes:
    """Re-zip a DOCX (python-docx stamps its entries with the current time) reproducibly,
    « [Content_Types].xml » first."""
    return deterministic_zip(read_entries(data), date, first=DOCX_FIRST)
