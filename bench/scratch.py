"""A scratch project inside the repository for the benches that run `make` or the engine: its directories are links
to the real ones (generator/, overrides/, .venv/…) and its files copies, so kits/ and site/ are written there, never
over the working tree's. content/ is linked, or left for the bench to fill (a copy it edits, synthetic records)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"kits", "site", "site-nu", ".git", ".scratch", ".pytest_cache", "__pycache__", "bench"}


def project(work: Path, images: Path = ROOT / ".bm-cache" / "images", link_content: bool = True) -> None:
    """Fill `work`; `images` is the image cache it draws into and takes from (the real one by default)."""
    images.mkdir(parents=True, exist_ok=True)
    (work / ".bm-cache").mkdir()
    os.symlink(images, work / ".bm-cache" / "images")
    for entry in ROOT.iterdir():
        if (entry.name in SKIP or (entry.name == "content" and not link_content)
                or entry.name.startswith((".bench-", ".cache", ".bm-cache")) or entry.name.endswith(".egg-info")):
            continue
        if entry.is_dir():
            os.symlink(entry, work / entry.name)
        else:
            shutil.copy2(entry, work / entry.name)


def run(cmd: list[str], cwd: Path) -> float:
    """Run a command there; return its wall time, or stop the bench with its output."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"échec de {' '.join(cmd)} ({done.returncode})")
    return elapsed
