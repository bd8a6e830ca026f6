"""Helpers for the browser tests and the site bench: a local static server, Debian's Chromium, axe-core.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright without `playwright install`.
axe-core is the copy bundled by the pinned axe-playwright-python wheel; only its axe.min.js is used.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.audit.browser import CHROMIUM_ARGS, chromium

# The four WCAG 2.0 / 2.1 levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


chromium_path = chromium
"""Debian's Chromium, or the one named by BM_CHROMIUM: found as the audit's --navigateur finds it."""


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright n’est pas installé (pip install -e '.[test]', ou make install)"
    if chromium_path() is None:
        return "chromium est absent (apt-get install -y --no-install-recommends chromium)"
    return None


def axe_source() -> str:
    """The text of axe.min.js, as bundled by axe-playwright-python."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (on a free port by default), in threads; yield the base URL (ending with /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


PASTED_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Ville de Lens — Patrimoine</title></head>
<body>
<header><p>Site de la commune (page d’essai)</p></header>
<main>
<h1>Notre patrimoine</h1>
{snippet}
</main>
</body>
</html>
"""
"""A plain page of a commune's site with one snippet pasted in, as a webmaster would."""


def free_port() -> int:
    """A port nothing listens on now: the site is built for its address before it is served there."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch(playwright: Any) -> Any:
    """One headless Chromium (Debian's), with the flags this closed network needs."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 160)})),
  }));
}"""


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """Inject axe-core into the page and return its WCAG 2.1 A/AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where} : {len(violations)} règle(s) WCAG enfreinte(s)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']} — {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"      {node['target']}  {node['html']}")
            lines.append("        " + (node["summary"] or "").replace("\n", "\n        "))
        if len(v["nodes"]) > 5:
            lines.append(f"      … et {len(v['nodes']) - 5} autre(s) élément(s)")
    return "\n".join(lines)
