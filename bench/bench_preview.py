"""Time the live preview: a record saved → the page showing the change, as `make serve` runs it.

Run with `make bench`. Target (issue 19): median under 2 s on 2 cores, over several saves.

A scratch project inside the repository (content/ copied, so the real records are never touched; the other
folders linked, the image cache too) runs `mkdocs serve --config-file mkdocs.serve.yml --dirty`, as `make serve`
does. Each save adds a different word to Oignies' presentation; the time is taken from the write to the moment its
heritage page, fetched from the preview's server every 20 ms, carries the word.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scratch import ROOT, project

RECORD = Path("content") / "communes" / "oignies.yml"
PAGE = "communes/oignies/page-patrimoine/"
SAVES = 7


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, word: str, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if word in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"la page {url} n’a pas montré « {word} » en {limit:.0f} s")


def main() -> int:
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-preview-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "content", work / "content")  # edited below: never the real records
        project(work, link_content=False)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "generator", "kits"], cwd=work, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "properdocs"), "serve", "--config-file", "mkdocs.serve.yml",
                                   "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=work, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}/{PAGE}"
        try:
            first = wait_for(url, "Oignies", 300)
            record = work / RECORD
            original = record.read_text(encoding="utf-8")
            times = []
            for n in range(SAVES):
                word = "Repère" + "".join(chr(ord("a") + int(d)) for d in f"{n:03d}")
                record.write_text(original.replace("\nlien: direct\n", f"\nlien: direct\npresentation: Essai de l’aperçu, {word}.\n", 1),
                                  encoding="utf-8")
                times.append(wait_for(url, word, 60))
                time.sleep(0.5)  # the server settles (livereload, the next poll) before the next save
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    median = statistics.median(times)
    print(f"Aperçu (make serve --dirty), {os.cpu_count()} cœurs : fiche enregistrée → page à jour")
    print(f"  premier affichage       {first:8.2f} s    (serveur démarré, site construit)")
    print(f"  enregistrement → page   {median:8.2f} s    médiane de {SAVES} ({', '.join(f'{t:.2f}' for t in times)})"
          f"   objectif < 2 s : {'OK' if median < 2 else 'DÉPASSÉ'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
