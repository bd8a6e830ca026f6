"""Lighthouse (mobile) on the pages with maps: the home page and the directory (the basin's map) and a public
page (its commune's map); issue 16 asks 95 or more in performance.

Run by `make bench`, after `make site` (it reads site/ as built). Lighthouse 12.2.3 is pinned in
bench/lighthouse/ (npm) and drives Debian's Chromium. The site is served from 127.0.0.1 compressed with gzip,
as GitHub Pages serves it: without compression the theme's style sheet alone would weigh five times as much.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium_path, missing_browser  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = ("", "communes/", "patrimoine/lens/")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the client accepts it (as a production host would)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def main() -> int:
    site = ROOT / "site"
    reason = missing_browser() or ("" if LIGHTHOUSE.exists() else "Lighthouse absent (npm ci --prefix bench/lighthouse)")
    if not (site / "index.html").is_file():
        reason = reason or "site/ absent : lancez make site"
    if reason:
        print(f"Lighthouse : non mesuré, {reason}")
        return 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print("Lighthouse 12.2.3, mobile (réseau et processeur simulés), site servi compressé depuis 127.0.0.1 :")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for path in PAGES:
                out = Path(tmp) / "rapport.json"
                subprocess.run([str(LIGHTHOUSE), base + path, "--quiet", "--only-categories=performance,accessibility",
                                "--chrome-flags=--headless=new --no-sandbox", f"--output-path={out}", "--output=json"],
                               env={**os.environ, "CHROME_PATH": chromium_path()}, check=True, timeout=300)
                report = json.loads(out.read_text(encoding="utf-8"))
                scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
                perf = scores["performance"]
                metrics = ", ".join(f"{label} {report['audits'][m]['displayValue']}" for m, label in METRICS.items())
                print(f"  /{path:<22} performance {perf:3d}   accessibilité {scores['accessibility']:3d}"
                      f"   objectif ≥ 95 : {'OK' if perf >= 95 else 'DÉPASSÉ'}   ({metrics} ;"
                      f" {report['audits']['total-byte-weight']['displayValue']})")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
