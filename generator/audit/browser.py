"""`--navigateur`: pages read as Chromium shows them, for sites whose content needs JavaScript.

Off by default. Debian's Chromium, driven by Playwright (`pip install playwright`; no browser is downloaded). The
page's own HTML is the one the fetcher already read; every other request the page makes (its scripts, style sheets,
data) goes through the same Fetcher, hence the same rules: robots.txt, one request at a time per host, the pause,
the size bound, our User-Agent. Images, media and fonts are not requested at all: their addresses are in the page.
Playwright's sync API belongs to one thread: the audit reads one site at a time in this mode.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from generator.audit.fetch import FetchError, Fetcher

SKIPPED = {"image", "media", "font"}
CHROMIUM_ARGS = [
    # Playwright adds --headless and a fresh --user-data-dir for every launch.
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these the browser phones home, and a closed network refuses it.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SETTLE_MS = 3000
"""How long a page may go on loading after its « load » event (a single-page application fetching its content)."""


def chromium() -> str | None:
    """Debian's Chromium, or the one named by BM_CHROMIUM; None when there is none."""
    wanted = os.environ.get("BM_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> str | None:
    """Why the browser mode cannot run here (in French), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "le mode --navigateur demande Playwright (pip install playwright, ou make install)"
    if chromium() is None:
        return "le mode --navigateur demande Chromium (apt-get install chromium)"
    return None


class Renderer:
    """One Chromium, started on first use; `render` gives a page's HTML after its scripts have run."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._playwright: Any = None
        self._browser: Any = None

    def render(self, url: str, html: str) -> str:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
        context = self._browser.new_context(user_agent=self.fetcher.policy.user_agent, locale="fr-FR", service_workers="block")
        try:
            page = context.new_page()
            page.route("**/*", lambda route: self._answer(route, url, html))
            page.goto(url, wait_until="load", timeout=int(self.fetcher.policy.timeout * 3000))
            try:
                page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
            except Exception:  # noqa: BLE001 - a page that never settles is read as it is
                pass
            return page.content()
        finally:
            context.close()

    def _answer(self, route: Any, page_url: str, html: str) -> None:
        request = route.request
        if request.url.split("#", 1)[0] == page_url and request.is_navigation_request():
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)  # already read: not asked again
            return
        if request.resource_type in SKIPPED or request.method != "GET" or not request.url.startswith(("http://", "https://")):
            route.abort()
            return
        try:
            got = self.fetcher.get(request.url, html_only=False)
        except FetchError:  # robots.txt, an error, a page too slow: the page does without it, as a visitor's would
            route.abort()
            return
        route.fulfill(status=200, content_type=got.mime or "application/octet-stream", body=got.html)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
            self._browser = self._playwright = None
