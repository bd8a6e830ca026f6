"""Time `make site` with a warm image cache, weigh the built site, a kit page and the search index.

Run with `make bench` (after bench_build.py). Targets (issue 4, on this 2-core machine): the site
built in under 6 s once images are cached; a kit page under 400 KB with everything it loads, the
search index aside, and so the pages with a map (issue 16: home and directory with the basin's, a public
page with its commune's); the search index under 1.5 MB.

`make site` runs in a scratch folder inside the repository whose directories are links to the real
ones (content/, generator/, overrides/, .venv/, .bm-cache/ for the warm image cache) and whose files are
copies: kits/ and site/ are written there, never over the working tree's.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch, missing_browser, serve  # noqa: E402
from scratch import project, run  # noqa: E402

KIT_PAGE = "communes/lens/"
SEARCH_INDEX = "search/search_index.json"
KB, MB = 1000, 1000 * 1000


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, path: str) -> dict[str, object]:
    """Load `path` in Chromium (no cache) and add up what it fetched, before and after scrolling."""
    from playwright.sync_api import sync_playwright

    responses: list[object] = []
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.on("response", lambda r: responses.append(r))
        page.goto(base + path, wait_until="networkidle")
        on_load = len(responses)
        page.evaluate("""async () => {
          for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
            scrollTo(0, y); await new Promise(r => setTimeout(r, 50));
          }
        }""")
        page.wait_for_load_state("networkidle")
        rows = []
        for i, r in enumerate(responses):
            body = r.body() if r.status == 200 else b""
            sizes = r.request.sizes()
            # Encoded body + headers, as Chromium counts them (the body itself where a worker's count is missing).
            wire = max(sizes["responseBodySize"], len(body)) + sizes["responseHeadersSize"]
            rows.append({"url": urlsplit(r.url).path, "wire": wire,
                         "body": len(body), "gzip": gz(body) if not r.url.endswith((".png", ".jpg", ".webp")) else len(body),
                         "on_load": i < on_load})
        browser.close()
    return {"rows": rows}


WEIGHED = ((KIT_PAGE, "Page de kit"), ("", "Accueil, avec la carte du Bassin"), ("communes/", "Annuaire, avec la carte du Bassin"),
          ("patrimoine/lens/", "Page des habitants, avec la carte de la commune"))
"""The pages weighed in Chromium: a kit page (issue 4) and the pages with maps (issue 16); the same 400 KB goal."""


def weigh(site: Path, path: str, what: str) -> None:
    rows = page_weight(site, path)["rows"]
    assert isinstance(rows, list)
    index_rows = [r for r in rows if r["url"].endswith(SEARCH_INDEX)]
    rest = [r for r in rows if not r["url"].endswith(SEARCH_INDEX)]
    loaded = [r for r in rest if r["on_load"]]
    wire = sum(r["wire"] for r in loaded)
    print(f"{what} (/{path}) dans Chromium, sans cache, index de recherche à part :")
    print(f"  au chargement           {wire / KB:8.0f} Ko   {len(loaded)} requêtes"
          f" (gzip {sum(r['gzip'] for r in loaded) / KB:.0f} Ko)   objectif < 400 Ko : {'OK' if wire < 400 * KB else 'DÉPASSÉ'}")
    scrolled = sum(r["wire"] for r in rest)
    print(f"  après défilement        {scrolled / KB:8.0f} Ko   {len(rest)} requêtes (images paresseuses comprises)")
    for r in sorted(rest, key=lambda r: -r["wire"])[:8]:
        print(f"    {r['wire'] / KB:7.0f} Ko  {r['url']}")
    if index_rows:
        when = "dès le chargement de la page" if index_rows[0]["on_load"] else "seulement après défilement"
        print(f"  index de recherche      {index_rows[0]['wire'] / KB:8.0f} Ko   chargé {when}, par le worker de recherche")
    else:
        print("  index de recherche      non chargé (chargé à la première recherche)")


def main() -> int:
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-site-") as tmp:
        work = Path(tmp)
        project(work)
        # -o: never reinstall .venv from the scratch folder (it is the real one, linked).
        make = ["make", "--no-print-directory", "-o", ".venv/.installed", "site"]
        first = run(make, work)  # draws whatever images the cache lacks
        times = [run(make, work) for _ in range(3)]
        # The same pages built bare: no hook (no page cache, no hard links, site/ emptied and written again), into a
        # folder of its own; issue 19 asks warm `make site` (generator included) to take at most half of it.
        (work / "mkdocs.nu.yml").write_text("INHERIT: mkdocs.yml\nhooks: []\nsite_dir: site-nu\n", encoding="utf-8")
        bare = min(run([str(ROOT / ".venv" / "bin" / "properdocs"), "build", "--strict", "--config-file", "mkdocs.nu.yml"], work)
                   for _ in range(3))
        site = work / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        by_kind: dict[str, list[int]] = {}
        for p in files:
            kind = {".html": "pages HTML", ".png": "images", ".jpg": "images", ".svg": "images",
                    ".webp": "images"}.get(p.suffix, "autres")
            by_kind.setdefault(kind, []).append(p.stat().st_size)
        pages = len(by_kind.get("pages HTML", []))
        index = site / SEARCH_INDEX
        index_bytes = index.read_bytes() if index.is_file() else b""

        print(f"Site : make site (cache d’images chaud), {os.cpu_count()} cœurs")
        best = min(times)
        print(f"  make site               {best:8.2f} s    meilleur de 3, médiane {statistics.median(times):.2f} s"
              f" (premier passage {first:.2f} s)   objectif < 6 s : {'OK' if best < 6 else 'DÉPASSÉ'}")
        ratio = best / bare
        print(f"  construction nue        {bare:8.2f} s    (mêmes pages, sans crochets ni cache de pages, meilleur de 3)")
        print(f"  make site / nue         {ratio:8.2f}      objectif ≤ 0,5 : {'OK' if ratio <= 0.5 else 'DÉPASSÉ'}")
        print(f"  site construit          {total / MB:8.1f} Mo   {len(files)} fichiers, {pages} pages HTML")
        for kind, sizes in sorted(by_kind.items()):
            print(f"    {kind:<20}  {sum(sizes) / MB:8.1f} Mo   {len(sizes)} fichiers")
        ok = len(index_bytes) < 1.5 * MB
        print(f"  index de recherche      {len(index_bytes) / MB:8.2f} Mo   (gzip {gz(index_bytes) / MB:.2f} Mo)"
              f"   objectif < 1,5 Mo : {'OK' if ok else 'DÉPASSÉ'}")

        reason = missing_browser()
        if reason:
            print(f"Poids des pages : non mesuré, {reason}")
            return 0
        for path, what in WEIGHED:
            weigh(site, path, what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
