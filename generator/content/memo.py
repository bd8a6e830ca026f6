"""The checked content of the previous run, taken back while content/ and the code are as they were then.

Checking reads every record and outline and loads the geometry libraries (shapely, numpy, pyproj): about a third
of a warm `make kits`. What it gives (a Site) depends on content/'s files, the code and the libraries only, so the
key is made of those: records and outlines by their bytes, the other files (photos, fonts, logos) by their size and
time as the image cache does, each file's and folder's permissions (an unreadable one is an error). Only a check
that passed is kept: a mistake is checked, and said, again on every run.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator import fingerprint, write
from generator.content.model import Site

READ = (".yml", ".yaml", ".geojson", ".json", ".jsonl", ".md", ".csv", ".txt")
"""Files whose words the check reads: in the key by their bytes, since two saves within a clock tick keep the time."""


def content_key(content_dir: Path) -> str:
    """The digest of what checking content_dir depends on; taken before the check, so that a file saved during it
    makes the next run check again."""
    root = content_dir.absolute()
    # The folder as named and from where: a Site holds its files' paths as the command line gave them.
    entries = [fingerprint.code(), os.getcwd(), str(content_dir), f"{os.getuid()} {os.getgid()}", _entry(str(root), ".")]
    seen = set()
    # Through linked folders too, as the check reads them (a contours/ linked from elsewhere); each folder once.
    for here, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:
            dirs.clear()
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(here, name)
            entries.append(_entry(path, os.path.relpath(path, root)))
    return fingerprint.digest(*entries)


def _entry(path: str, rel: str) -> str:
    try:
        st = os.lstat(path)
        link = f" -> {os.readlink(path)}" if stat.S_ISLNK(st.st_mode) else ""
        if link:
            st = os.stat(path)  # what the check reads through the link (a broken or looping one fails here)
        what = f"{rel}{link} {st.st_mode:o} {st.st_uid} {st.st_gid}"
        if not stat.S_ISREG(st.st_mode):
            return what
        if path.endswith(READ):
            with open(path, "rb") as f:
                return f"{what} {hashlib.file_digest(f, 'sha256').hexdigest()}"
        return f"{what} {st.st_size} {st.st_mtime_ns}"
    except OSError as e:  # gone since it was listed, or unreadable: the check will say which
        return f"{rel} {type(e).__name__}"


def taken_back(path: Path, key: str) -> Site | None:
    """The Site a previous run checked under this key, if the cache holds it."""
    match write.load_pickle(path):
        case (stored_key, Site() as site) if stored_key == key:
            return site
    return None
