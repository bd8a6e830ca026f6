"""The built site in a real browser: Debian's Chromium driven by Playwright, axe-core for accessibility.

The shipped content's site, built strictly once for the session (conftest.full_site: the kits of Lens
and Noyelles-lès-Vermelles, the pages opened here, have their real images), served on 127.0.0.1 by a
threaded http.server, and one Chromium for the whole session. These tests read real pages (Lens's 28
elements, the directory of 92 communes, the search index of every page): they are end-to-end tests.
Where Chromium or Playwright is missing they are skipped, unless BM_REQUIRE_BROWSER=1 (set by .ci/run):
then they fail, so CI cannot pass without really running them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from browser import PASTED_PAGE, WCAG_TAGS, axe_source, axe_violations, describe_violations, launch, missing_browser, serve
from conftest import E2E_PORT, E2E_SITE_URL, FullSite
from wordpress import Post, missing_wordpress, running

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / ".scratch" / "screens"  # copies for humans to look at, when the folder exists

COMMUNE = "noyelles-les-vermelles"
COMMUNE_NAME = "Noyelles-lès-Vermelles"

# Every kind of page, for the accessibility scan: all of them must exist, so that a renamed page
# fails here instead of being left out of the scan.
PAGES: list[tuple[str, str]] = [
    # (label, path under the site root)
    ("accueil", ""),
    ("annuaire", "communes/"),
    ("kit", "communes/lens/"),
    ("page-patrimoine", "communes/lens/page-patrimoine/"),
    ("page-des-habitants", "patrimoine/lens/"),
    ("communiques", "communes/lens/communiques/"),
    ("logo", f"communes/{COMMUNE}/logo/"),
    ("integrer", "communes/lens/integrer/"),
    ("element", "elements/42a/"),
    ("elements", "elements/"),
    ("donnees", "donnees/"),
    ("comprendre", "comprendre/"),
    ("parties-constitutives", "comprendre/parties-constitutives/"),
    ("grands-sites", "comprendre/grands-sites/"),
    ("marque-et-embleme", "comprendre/marque-et-embleme/"),
    ("agir", "agir/"),
    ("agir-theme", "agir/communiquer/"),  # the four themes share one layout
    ("marque", "marque/"),
    ("presse", "presse/"),
    ("ressources", "ressources/"),
    ("accessibilite", "ressources/accessibilite/"),
    ("mentions-legales", "ressources/mentions-legales/"),
    ("audit", "ressources/audit/"),
    ("404", "404.html"),
]

def _unavailable(reason: str) -> None:
    if os.environ.get("BM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"BM_REQUIRE_BROWSER=1 mais {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir(full_site: FullSite) -> Path:
    """The real site, built strictly for the address it is served at, as when published: the snippets,
    embeds, oEmbed and structured data all name the site."""
    reason = missing_browser()
    if reason:
        _unavailable(reason)
    assert full_site.mkdocs.returncode == 0, full_site.mkdocs.stderr
    return full_site.site_dir


PORT = E2E_PORT
SITE_URL = E2E_SITE_URL


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir, PORT) as url:
        yield url


@pytest.fixture(scope="session")
def chromium(site_dir: Path, playwright_driver: Any) -> Iterator[Any]:
    browser = launch(playwright_driver)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe() -> str:
    return axe_source()


@pytest.fixture
def context(chromium: Any, base_url: str) -> Iterator[Any]:
    """A fresh profile at desktop size, in light mode; every request it makes is in `context.seen`."""
    ctx = chromium.new_context(base_url=base_url, viewport={"width": 1280, "height": 900},
                               locale="fr-FR", color_scheme="light")
    ctx.set_default_timeout(15_000)
    ctx.seen = []
    ctx.on("request", lambda r: ctx.seen.append(r.url))
    yield ctx
    ctx.close()


def _scroll_through(page: Any) -> None:
    """Scroll to the bottom and back, so that lazy images load, then let the network settle."""
    page.evaluate("""async () => {
      for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
        scrollTo(0, y); await new Promise(r => requestAnimationFrame(r));
      }
      scrollTo(0, 0);
    }""")
    page.wait_for_load_state("networkidle")


@contextlib.contextmanager
def _browsing(chromium: Any, width: int = 1280, height: int = 900, base_url: str | None = None) -> Iterator[Any]:
    """A fresh profile in French at this window size, closed afterwards."""
    ctx = chromium.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                               **({"base_url": base_url} if base_url else {}))
    try:
        yield ctx
    finally:
        ctx.close()


def _goto(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} : réponse {response and response.status}"


# 1. The home page ----------------------------------------------------------------------------

def test_home_page_renders(context: Any) -> None:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"exception JavaScript : {e}"))
    page.on("requestfailed", lambda r: problems.append(f"échec {r.url} : {r.failure}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    _goto(page, "")
    _scroll_through(page)
    assert "Boîte à outils" in page.title(), page.title()
    h1 = page.locator("article h1")
    assert h1.count() == 1 and "Bassin minier" in h1.inner_text(), h1.all_inner_texts()
    text = re.sub(r"\s+", " ", page.locator("article").inner_text())
    steps = [r"trouve\w* votre commune", r"copie\w* votre page", r"place\w* votre logo"]
    found = [re.search(s, text, re.I) for s in steps]
    assert all(found), f"les trois étapes manquent dans l’accueil : {[s for s, m in zip(steps, found) if not m]}\n{text[:800]}"
    starts = [m.start() for m in found if m]
    assert starts == sorted(starts), "les trois étapes ne sont pas dans l’ordre"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["", "communes/"])
def test_the_basin_map_fills_the_column_and_its_legend_runs_in_rows(context: Any, path: str) -> None:
    """The map is as wide as the text; each legend entry is a small swatch beside its words (a rule meant for the map
    once drew every swatch as wide as the page), the entries side by side as space allows, without bullets."""
    page = context.new_page()
    _goto(page, path)
    column = page.locator("article").bounding_box()["width"]
    basin = page.locator(".bm-carte-bassin__cadre > svg").bounding_box()
    assert basin["width"] > 0.9 * column, (basin, column)
    assert not page.locator(".bm-carte-bassin__aide").is_visible()  # the phone's hint to pan
    # Each commune is a link named by its <title>, as a screen reader meets it.
    assert page.locator(".bm-carte-bassin__cadre").get_by_role("link", name="Lens : 28 éléments inscrits", exact=True).count() == 1
    entries = page.locator(".bm-legende li")
    assert entries.count() == 4
    tops = set()
    for i in range(entries.count()):
        box, swatch = entries.nth(i).bounding_box(), entries.nth(i).locator("svg").bounding_box()
        assert box["height"] < 40 and (swatch["width"], swatch["height"]) == (18, 14), (i, box, swatch)
        tops.add(round(box["y"]))
    assert len(tops) < entries.count(), f"la légende est en colonne, une entrée par ligne : {sorted(tops)}"
    assert page.locator(".bm-legende li").first.evaluate("li => getComputedStyle(li).listStyleType") == "none"


def test_on_a_phone_the_basin_map_pans_and_the_page_does_not(chromium: Any, base_url: str) -> None:
    """At 375 px the 92 communes keep a readable size: the map scrolls sideways in its frame, the page does not."""
    with _browsing(chromium, 375, 800, base_url=base_url) as ctx:
        page = ctx.new_page()
        _goto(page, "communes/")
        frame = page.locator(".bm-carte-bassin__cadre")
        sizes = frame.evaluate("f => [f.scrollWidth, f.clientWidth, document.documentElement.scrollWidth]")
        assert sizes[0] >= 640 and sizes[1] < sizes[0] and sizes[2] <= 375, sizes
        assert page.locator(".bm-carte-bassin__aide").is_visible()  # « Faites glisser la carte… »
        # A commune far to the east is reached by panning, and its link takes the keyboard focus into view.
        scrolled = frame.evaluate("""f => {
          const links = [...f.querySelectorAll("a")];
          const east = links.reduce((a, b) => a.getBoundingClientRect().right > b.getBoundingClientRect().right ? a : b);
          east.focus();
          return f.scrollLeft;
        }""")
        assert scrolled > 0


# 2. Search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [COMMUNE_NAME, "noyelles"])
def test_search_finds_the_kit(context: Any, query: str) -> None:
    page = context.new_page()
    _goto(page, "")
    page.keyboard.press("/")  # Material's shortcut; the search icon does the same on a phone
    box = page.locator("input.md-search__input")
    assert box.evaluate("e => e === document.activeElement"), "« / » n’ouvre pas la recherche"
    box.fill(query)
    box.press("End")  # Material reads the query on keyup: one key after the whole query
    page.wait_for_function(
        "() => /trouvé/.test(document.querySelector('.md-search-result__meta').textContent)")
    links = page.locator(".md-search-result__item > .md-search-result__link")
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    kit = f"/communes/{COMMUNE}/"
    hits = [i for i, h in enumerate(hrefs) if urlsplit(h).path == kit]
    shown = "\n".join(f"  {i + 1}. {urlsplit(h).path}" for i, h in enumerate(hrefs))
    assert hits, f"« {query} » : le kit {kit} n’est pas parmi les {len(hrefs)} résultats affichés :\n{shown}"
    links.nth(hits[0]).click()
    page.wait_for_url(re.compile(re.escape(kit)))
    assert urlsplit(page.url).path == kit
    assert COMMUNE_NAME in page.locator("article h1").inner_text()


def test_a_commune_s_name_searched_gives_its_kit_first(context: Any, site: Any) -> None:
    """Every commune, its name typed as it is written: its kit is the first result (Lens's was 11th, after ten of its
    elements; then 2nd, after Fouquières-lès-Lens; « Kit d’Harnes » was not found by « Harnes » before « ’ » split words)."""
    page = context.new_page()
    _goto(page, "")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    wrong = []
    meta = "document.querySelector('.md-search-result__meta').textContent"
    for c in sorted(site.communes.values(), key=lambda c: c.slug):
        box.fill("")  # the previous results go first: « trouvé » below is then this name's
        box.press("End")
        page.wait_for_function(f"() => !/trouvé/.test({meta})")
        box.fill(c.nom)
        box.press("End")
        page.wait_for_function(f"() => /trouvé/.test({meta})")
        first = page.locator(".md-search-result__item > .md-search-result__link").first.get_attribute("href")
        if urlsplit(urljoin(page.url, first)).path != f"/communes/{c.slug}/":
            wrong.append(f"{c.nom} → {first}")
    assert not wrong, "\n".join(wrong)


# 3. Nothing leaves 127.0.0.1 ------------------------------------------------------------------

def test_no_request_leaves_the_machine(context: Any) -> None:
    page = context.new_page()
    for path in ["", "communes/", "communes/lens/", "patrimoine/lens/", f"communes/{COMMUNE}/logo/", "elements/42a/"]:
        _goto(page, path)
        _scroll_through(page)
    page.keyboard.press("/")  # the search loads its index and workers
    page.locator("input.md-search__input").press_sequentially("lens")
    page.wait_for_load_state("networkidle")
    outside = sorted({u for u in context.seen
                      if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"})
    assert len(context.seen) > 20, context.seen  # the recorder saw the pages' own requests
    assert not outside, "requêtes hors de 127.0.0.1 :\n" + "\n".join(outside)


# 4. Accessibility ----------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_accessibility(context: Any, site_dir: Path, axe: str, label: str, path: str) -> None:
    target = site_dir / path if path.endswith(".html") else site_dir / path / "index.html"
    assert target.is_file(), f"la page {path or '/'} manque au site construit"
    page = context.new_page()
    _goto(page, path)
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(f"/{path} (mode clair)", violations)


# The kit, and every kind of page that shows a map (basin, commune, element): a map's colours are its own, not
# the theme's, so each must hold in the dark palette too.
DARK_PAGES = ("communes/lens/", "", "communes/", "patrimoine/lens/", "elements/42a/")


@pytest.mark.parametrize("path", DARK_PAGES)
def test_accessibility_dark_mode(chromium: Any, base_url: str, axe: str, path: str) -> None:
    ctx = chromium.new_context(base_url=base_url, viewport={"width": 1280, "height": 900},
                               locale="fr-FR", color_scheme="dark")
    try:
        page = ctx.new_page()
        _goto(page, path)
        options = page.locator("form[data-md-component=palette] input[name=__palette]")
        if options.count() < 2:
            pytest.skip("pas de bascule clair / sombre : mkdocs.yml ne déclare qu’une palette")
        schemes = options.evaluate_all("els => els.map(e => e.dataset.mdColorScheme)")
        dark = next((s for s in schemes if s != "default"), None)
        assert dark, f"aucune palette sombre parmi {schemes}"
        for _ in range(len(schemes)):
            if page.evaluate("document.body.dataset.mdColorScheme") == dark:
                break
            page.locator("form[data-md-component=palette] label:visible").first.click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == dark, "la bascule ne passe pas en sombre"
        page.wait_for_timeout(400)  # let Material's colour transitions end before measuring contrast
        violations = axe_violations(page, axe)
        assert not violations, describe_violations(f"/{path} (mode sombre « {dark} »)", violations)
    finally:
        ctx.close()


# 5. The copy button --------------------------------------------------------------------------

COPY_BUTTON = "[data-clipboard-target]"  # Material 9.8: button.md-code__button[data-md-type=copy]


@pytest.mark.parametrize(("path", "which"), [("communes/lens/page-patrimoine/", 0), ("communes/lens/communiques/", -1)],
                         ids=["page-patrimoine", "dernier-communique"])
def test_copy_button_copies_the_exact_snippet(context: Any, base_url: str, path: str, which: int) -> None:
    """Each tab of a copy set: the page's only set, then the last of the four press releases (its own ids)."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    _goto(page, path)
    page.wait_for_load_state("networkidle")  # Material adds the buttons once its bundle runs
    assert page.locator(f"article {COPY_BUTTON}").count(), \
        f"/{path} : des blocs de code mais aucun bouton copier (content.code.copy dans mkdocs.yml ?)"
    tabbed = page.locator(f".tabbed-set:has({COPY_BUTTON})")
    assert tabbed.count(), f"/{path} : aucun jeu d’onglets à copier"
    # Each tab of the set in turn: select it, copy it.
    sets = tabbed.nth(which % tabbed.count())
    labels = sets.locator(":scope > .tabbed-labels > label")
    blocks = sets.locator(":scope > .tabbed-content > .tabbed-block")
    targets = [(labels.nth(i), blocks.nth(i)) for i in range(blocks.count())
               if blocks.nth(i).locator(COPY_BUTTON).count()]
    assert len(targets) == 3, f"/{path} : {len(targets)} onglets à copier (HTML, Markdown, Texte attendus)"
    dialog = page.locator(".md-dialog")
    for label, block in targets:
        where = f"/{path}, onglet « {label.inner_text()} »"
        label.click()
        button = block.locator(COPY_BUTTON).first
        code = page.locator(button.get_attribute("data-clipboard-target") or "pre > code").first
        expected = code.evaluate("e => e.textContent").rstrip()
        assert expected, f"{where} : bloc de code vide"
        page.evaluate("navigator.clipboard.writeText('(vide)')")
        button.click()
        # Material's confirmation: a dialog at the foot of the screen, « Copié dans le presse-papier ».
        try:
            dialog.locator(".md-dialog__inner").wait_for(state="visible", timeout=3000)
        except Exception:
            pytest.fail(f"{where} : aucune confirmation visible après la copie")
        assert "md-dialog--active" in (dialog.get_attribute("class") or ""), f"{where} : pas de confirmation"
        assert re.search("copié", dialog.inner_text(), re.I), f"{where} : confirmation « {dialog.inner_text()} »"
        copied = page.evaluate("navigator.clipboard.readText()")
        if copied != expected:
            at = next((i for i, (a, b) in enumerate(zip(copied, expected)) if a != b), min(len(copied), len(expected)))
            pytest.fail(f"{where} : le presse-papier diffère du bloc à partir du caractère {at} "
                        f"({len(copied)} copiés, {len(expected)} attendus)\n"
                        f"  copié  : {copied[max(0, at - 40):at + 80]!r}\n  attendu : {expected[max(0, at - 40):at + 80]!r}")


def test_each_text_has_a_labelled_copy_button_at_its_top(context: Any, base_url: str) -> None:
    """Beside Material's icon, each tab opens on a button that says what it copies, with a visible confirmation;
    the page's title has its own. What they copy is the block below, to the character."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    _goto(page, "communes/lens/page-patrimoine/")
    title = page.locator(".bm-titre")
    title.locator("button").click()
    title.locator("[role=status]").filter(has_text="copié").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("h1").inner_text().strip()
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(":scope > .tabbed-labels > label")
    blocks = tabs.locator(":scope > .tabbed-content > .tabbed-block")
    for i, name in ((1, "Copier le HTML"), (2, "Copier le Markdown"), (3, "Copier le texte")):
        labels.nth(i).click()
        button = blocks.nth(i).locator(".bm-copie-code button")
        assert button.is_visible() and button.inner_text() == name
        # At the top of its text: above the code block, not under it.
        assert button.bounding_box()["y"] < blocks.nth(i).locator("pre").bounding_box()["y"]
        page.evaluate("navigator.clipboard.writeText('(vide)')")
        button.click()
        blocks.nth(i).locator(".bm-copie-code [role=status]").filter(has_text="Copié").wait_for(timeout=5000)
        expected = blocks.nth(i).locator("pre code").evaluate("e => e.textContent").rstrip()
        assert page.evaluate("navigator.clipboard.readText()") == expected, name
    labels.nth(0).click()
    rich = blocks.nth(0).locator(".bm-copie-riche button")
    assert rich.bounding_box()["y"] < blocks.nth(0).locator(".bm-apercu").bounding_box()["y"]


# 6. Screenshots ------------------------------------------------------------------------------

SHOTS = [("accueil", ""), ("kit", "communes/lens/"), ("logo", f"communes/{COMMUNE}/logo/"), ("element", "elements/42a/")]


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 900)], ids=["375", "1280"])
def test_screenshots(chromium: Any, base_url: str, tmp_path_factory: pytest.TempPathFactory,
                     width: int, height: int) -> None:
    """Full-page screenshots for a person to look at; the page must fit the width and its images load."""
    out = tmp_path_factory.mktemp(f"screens-{width}")
    ctx = chromium.new_context(base_url=base_url, viewport={"width": width, "height": height},
                               is_mobile=width < 600, has_touch=width < 600, locale="fr-FR", color_scheme="light")
    problems = []
    try:
        page = ctx.new_page()
        for name, path in SHOTS:
            _goto(page, path)
            _scroll_through(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"/{path} à {width} px : la page déborde de {overflow} px en largeur")
            broken = page.evaluate("[...document.images].filter(i => i.checkVisibility()"
                                   " && (!i.complete || !i.naturalWidth)).map(i => i.src)")
            if broken:
                problems.append(f"/{path} à {width} px : images non chargées {broken}")
            shot = out / f"{name}-{width}.png"
            page.screenshot(path=shot, full_page=True)
            assert shot.stat().st_size > 10_000, f"{shot} est presque vide"
            if SCREENS.is_dir():
                try:
                    shutil.copy(shot, SCREENS / shot.name)
                except OSError:
                    pass  # only a convenience for humans
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)



# 7. The directory's filters -----------------------------------------------------------------

def test_directory_filters_by_intercommunality_department_and_name(context: Any, site: Any) -> None:
    """Every intercommunality (including those with an apostrophe) and department keeps its communes."""
    from generator.site.wording import typo

    page = context.new_page()
    _goto(page, "communes/")
    rows = page.locator(".bm-annuaire tbody tr")
    assert rows.count() == len(site.communes)
    count = page.locator("#bm-compte")
    assert count.inner_text() == f"{len(site.communes)} communes"  # written on load, without going through the rows
    for epci in sorted({c.epci_nom for c in site.communes.values()}):
        page.select_option("#bm-epci", label=typo(epci))
        expected = sum(c.epci_nom == epci for c in site.communes.values())
        assert page.locator(".bm-annuaire tbody tr:not([hidden])").count() == expected, epci
        assert str(expected) in count.inner_text()
    page.select_option("#bm-epci", value="")
    page.select_option("#bm-dept", label="Nord (59)")
    assert page.locator(".bm-annuaire tbody tr:not([hidden])").count() == sum(c.departement == "Nord (59)" for c in site.communes.values())
    page.select_option("#bm-dept", value="")
    page.fill("#bm-nom", "noyelles les")
    visible = page.locator(".bm-annuaire tbody tr:not([hidden]) td:first-child").all_inner_texts()
    assert visible == ["Noyelles-lès-Vermelles"], visible


# 8. What a webmaster takes away: snippets pasted into another site, the live embed, rich copy ---

SNIPPETS = ("badge", "carte", "banniere", "signature", "carte-vivante")


@pytest.fixture(scope="module")
def third_party(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A commune's site on another port: one plain page per snippet, pasted as the kit gives it."""
    root = tmp_path_factory.mktemp("commune")
    for stem in SNIPPETS:
        snippet = (site_dir / "communes" / "lens" / "snippets" / f"{stem}.html").read_text(encoding="utf-8")
        (root / f"{stem}.html").write_text(PASTED_PAGE.format(snippet=snippet), encoding="utf-8")
    with serve(root) as url:
        assert url != SITE_URL
        yield url


@pytest.mark.parametrize("stem", SNIPPETS)
def test_a_pasted_snippet_renders_and_passes_axe(context: Any, third_party: str, axe: str, stem: str) -> None:
    page = context.new_page()
    response = page.goto(f"{third_party}{stem}.html")
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    where = f"extrait « {stem} » collé dans une autre page"
    if stem == "carte-vivante":
        frame = page.frame_locator("iframe")
        # The embed comes from the toolbox's site, another origin, and shows the commune's card.
        assert "Le patrimoine mondial à Lens" in frame.locator("h1").inner_text(), where
        assert frame.locator("li a").count() == 28, where
        assert frame.locator("html").get_attribute("lang") == "fr", where
        assert page.locator("iframe").get_attribute("title"), f"{where} : cadre sans titre"
        embedded = next(f for f in page.frames if f.url.startswith(SITE_URL))
        violations = axe_violations(embedded, axe)
        assert not violations, describe_violations(f"{where} (page intégrée)", violations)
    else:
        root = page.locator("[data-bmpm-version]")
        assert root.count() == 1, where
        assert root.get_attribute("lang") == "fr"
        broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)")
        assert not broken, f"{where} : images non chargées {broken}"
        assert page.evaluate("[...document.images].every(i => i.src.startsWith(%r))" % SITE_URL), where
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(where, violations)
    outside = {u for u in context.seen if urlsplit(u).hostname != "127.0.0.1"}
    assert not outside, f"{where} : requêtes hors de 127.0.0.1 {sorted(outside)}"


def test_rich_copy_puts_html_on_the_clipboard(context: Any, base_url: str) -> None:
    """« Copier le texte mis en forme » gives a visual editor text/html (the markup, not its source) and plain text."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    _goto(page, "communes/lens/communiques/")
    button = page.locator(".tabbed-set").last.locator(".bm-copie-riche button")
    assert button.is_visible(), "bouton de copie mise en forme absent ou caché"
    button.click()
    status = page.locator(".tabbed-set").last.locator(".bm-copie-riche [role=status]")
    status.filter(has_text="Copié").wait_for(timeout=5000)
    clip = page.evaluate("""async () => {
      const items = await navigator.clipboard.read();
      const out = {};
      for (const type of items[0].types) out[type] = await (await items[0].getType(type)).text();
      return out;
    }""")
    assert "text/html" in clip and "text/plain" in clip, clip.keys()
    html, text = clip["text/html"], clip["text/plain"]
    assert "<h2>À propos du Bassin minier Patrimoine mondial</h2>" in html  # the page's h3, raised back
    assert html.startswith("<h1>Sainte-Barbe") and "&lt;" not in html  # the title goes with the text
    assert "Sainte-Barbe" in text and "<" not in text


def test_oembed_answers_follow_the_specification(site_dir: Path) -> None:
    """oEmbed 1.0, type rich: version, type, html, width and height required; the kit page advertises it."""
    import json

    answers = sorted(site_dir.glob("oembed-*.json"))
    assert len(answers) == 92 + 353
    for path in answers:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["type"] == "rich", path
        assert isinstance(data["width"], int) and isinstance(data["height"], int), path
        src = re.search(r'<iframe src="([^"]+)"', data["html"])
        assert src and src.group(1).startswith(SITE_URL), path
        assert (site_dir / src.group(1).removeprefix(SITE_URL)).is_file(), f"{path} : {src.group(1)} absent"
        assert data["provider_url"] == SITE_URL and data["title"]
    kit = (site_dir / "communes" / "lens" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', kit)
    assert link and link.group(1) == f"{SITE_URL}oembed-commune-lens.json"


# 8. In a real WordPress ---------------------------------------------------------------------------
# Debian's WordPress 6.1 on MariaDB with its default theme (tests/wordpress.py; installed by .ci/run): posts saved
# as an Author (no unfiltered_html: WordPress's kses filters apply) and as an Administrator, as the kit tells each
# to do, then read in Chromium. The live card comes through WordPress's own oEmbed discovery of the kit's address.

WORDPRESS = Path("/usr/share/wordpress/wp-includes")
LONG = "noyelles-les-vermelles"  # the longest name: the card that needs the most height
ELEMENT = "78a"


def _wordpress() -> Path:
    if not (WORDPRESS / "js" / "wp-embed.js").is_file():
        if os.environ.get("BM_REQUIRE_WORDPRESS") == "1":
            pytest.fail("BM_REQUIRE_WORDPRESS=1 mais le paquet Debian wordpress est absent", pytrace=False)
        pytest.skip("paquet Debian wordpress absent : protocole d’intégration de WordPress non vérifié")
    return WORDPRESS


def _html_copy(chromium: Any, base_url: str, path: str) -> str:
    """The text of the first « HTML » tab of a kit page: what « Copier : HTML » puts on the clipboard."""
    with _browsing(chromium) as ctx:
        page = ctx.new_page()
        _goto(page, base_url + path)
        return page.locator(".tabbed-set").first.locator(".tabbed-block").nth(1).locator("code").text_content()


def _html_block(html: str) -> str:
    """A « HTML personnalisé » block, as the block editor saves it."""
    return f"<!-- wp:html -->\n{html}\n<!-- /wp:html -->"


def _pasted_address(chromium: Any, block_editor: str, address: str) -> str:
    """An address pasted alone on a line of the block editor: the « Contenu embarqué » block WordPress's own paste
    handler makes of it, as the editor saves it. (The handler only turns https addresses into embeds; the test site
    is http, so the block is made the way the handler makes it, after checking that it does for the https form.)"""
    with _browsing(chromium) as ctx:
        editor = ctx.new_page()
        _goto(editor, block_editor)
        editor.wait_for_function("window.pret === true", timeout=20_000)
        https = address.replace("http://", "https://", 1)
        pasted = editor.evaluate("u => wp.blocks.pasteHandler({HTML: '', plainText: u, mode: 'BLOCKS'}).map(b => [b.name, b.attributes.url])",
                                 https)
        assert pasted == [["core/embed", https]], pasted
        saved = editor.evaluate("u => wp.blocks.serialize(wp.blocks.createBlock('core/embed', {url: u}))", address)
    assert saved.startswith("<!-- wp:embed "), saved
    return saved


@pytest.fixture(scope="module")
def wordpress(site_dir: Path, base_url: str, chromium: Any, block_editor: str,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Post]]:
    """The posts a commune's staff would publish from the kits, each as the kit tells its role to, by name."""
    reason = missing_wordpress()
    if reason:
        if os.environ.get("BM_REQUIRE_WORDPRESS") == "1":
            pytest.fail(f"BM_REQUIRE_WORDPRESS=1 mais {reason}", pytrace=False)
        pytest.skip(reason)
    snippets = site_dir / "communes" / "lens" / "snippets"
    read = lambda name: (snippets / name).read_text(encoding="utf-8").strip()  # noqa: E731
    author = {
        # The live card: the kit's address (or an element page's) pasted alone on a line of the block editor, or
        # typed alone on a line in the classic editor.
        "bloc": _pasted_address(chromium, block_editor, f"{SITE_URL}communes/{LONG}/"),
        "bloc-element": _pasted_address(chromium, block_editor, f"{SITE_URL}elements/{ELEMENT}/"),
        "classique": f"Notre patrimoine.\n\n{SITE_URL}communes/{LONG}/\n\nFin de l’article.",
        # What the kit tells an Author not to do, to check that it says right.
        "cadre": _html_block(read("carte-vivante.html")),
        "donnees": _html_block(read("donnees-structurees.html")),
        "page-patrimoine": _html_block(_html_copy(chromium, base_url, "communes/lens/page-patrimoine/")),
        "communique": _html_block(_html_copy(chromium, base_url, "communes/lens/communiques/")),
        **{stem: _html_block(read(f"{stem}.html")) for stem in ("badge", "carte", "banniere", "signature")},
    }
    with running(tmp_path_factory.mktemp("wordpress"), PORT) as wp:
        posts = dict(zip(author, wp.publish("auteur", [(f"Essai {k}", v) for k, v in author.items()]), strict=True))
        posts["cadre-administrateur"], = wp.publish("administrateur", [("Essai cadre", author["cadre"])])
        assert not posts["badge"].unfiltered_html and posts["cadre-administrateur"].unfiltered_html
        for name in ("bloc", "bloc-element", "classique"):  # WordPress discovers and stores each embed on first view
            urllib.request.urlopen(posts[name].url, timeout=60).close()
        yield posts


def _post_content(page: Any) -> Any:
    return page.locator(".wp-block-post-content")


@pytest.mark.parametrize("stem", ["badge", "carte", "banniere", "signature", "page-patrimoine", "communique"])
def test_an_author_s_post_keeps_every_word_link_and_image_and_passes_axe(
        chromium: Any, wordpress: dict[str, Post], axe: str, stem: str) -> None:
    """Pasted by an Author into a « HTML personnalisé » block, as the kit says: the published post says the same words
    with the same links and images (alt included) as the kit's preview, loads every image, asks nothing of another
    host than 127.0.0.1, and passes axe-core."""
    post = wordpress[stem]
    source = post.saved.removeprefix("<!-- wp:html -->").removesuffix("<!-- /wp:html -->")
    with _browsing(chromium, 390) as ctx:
        seen: list[str] = []
        ctx.on("request", lambda r: seen.append(r.url))
        page = ctx.new_page()
        _goto(page, post.url)
        page.wait_for_load_state("networkidle")
        shown = _post_content(page).inner_html()
        broken = page.evaluate("[...document.querySelectorAll('.wp-block-post-content img')]"
                               ".filter(i => !i.complete || !i.naturalWidth).map(i => i.src)")
        violations = page.evaluate(AXE_IN, {"source": axe, "tags": WCAG_TAGS})
        wide = page.evaluate("document.documentElement.scrollWidth")
        too_wide = page.evaluate(TOO_WIDE) if wide > 390 else []
    got, want = _read(shown), _read(source)
    assert got["text"] == want["text"], (got["text"], want["text"])
    assert got["links"] == want["links"] and got["images"] == want["images"] and got["headings"] == want["headings"]
    assert want["links"], source
    assert not broken, broken
    assert not violations, describe_violations(f"article WordPress « {stem} »", violations)
    assert wide <= 390, f"l’article défile en largeur ({wide} px) : {too_wide}"
    outside = {u for u in seen if urlsplit(u).hostname != "127.0.0.1"}
    assert not outside, sorted(outside)


TOO_WIDE = """[...document.querySelectorAll('.wp-block-post-content *')].filter(e => e.getBoundingClientRect().right > innerWidth)
  .slice(0, 5).map(e => `${Math.round(e.getBoundingClientRect().width)} px : ${e.outerHTML.slice(0, 200)}`)"""

# axe-core on the post's content only: the theme's own markup is WordPress's business, not the kit's.
AXE_IN = """async ({source, tags}) => {
  if (typeof window.axe === 'undefined') { const s = document.createElement('script'); s.textContent = source; document.head.append(s); }
  const result = await axe.run({include: ['.wp-block-post-content']}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 160)}))}));
}"""


def _live_card(page: Any, src: str) -> Any:
    """The card's frame (its address starts with `src`), once loaded."""
    for _ in range(100):
        card = next((f for f in page.frames if f.url.startswith(src)), None)
        if card is not None:
            card.wait_for_load_state()
            return card
        page.wait_for_timeout(100)
    raise AssertionError(f"pas de cadre {src} : {[f.url for f in page.frames]}")


# The classic editor's bare line is not wrapped in the embed block's figure, whose style keeps the frame within the
# column: in a theme without « iframe { max-width: 100% } » (Twenty Twenty-Three) it keeps its 600 px, so a desktop only.
@pytest.mark.parametrize(("name", "src", "width"), [
    ("bloc", f"integrer/communes/{LONG}.html", 320), ("bloc", f"integrer/communes/{LONG}.html", 390),
    ("bloc", f"integrer/communes/{LONG}.html", 1280),
    ("bloc-element", f"integrer/elements/{ELEMENT}.html", 390), ("classique", f"integrer/communes/{LONG}.html", 1280)])
def test_wordpress_embeds_the_live_card_from_the_address_and_sizes_it_to_its_content(
        chromium: Any, wordpress: dict[str, Post], axe: str, name: str, src: str, width: int) -> None:
    """An Author pastes the kit's address (or an element page's): WordPress finds the card by oEmbed discovery, puts it
    in its sandboxed frame with a secret, hidden behind the answer's link until the card speaks; the card tells it its
    height (« height » message): the frame shows and fits it, at a phone's width as on a desktop, and neither the post
    nor the card scrolls sideways. (The card once spoke only on « load », sometimes before WordPress listened: the
    frame then stayed hidden.)"""
    src = SITE_URL + src
    with _browsing(chromium, width) as ctx:
        page = ctx.new_page()
        _goto(page, wordpress[name].url)
        frame = _post_content(page).locator("iframe.wp-embedded-content")
        assert frame.count() == 1, _post_content(page).inner_html()
        assert frame.get_attribute("sandbox") == "allow-scripts" and "#?secret=" in frame.get_attribute("src")
        card = _live_card(page, src)
        # The card's height changes as its photo and fonts load: wait until the frame has caught up with it.
        for _ in range(150):
            needed = card.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
            if frame.get_attribute("height") == str(max(200, min(1000, needed))):
                break
            page.wait_for_timeout(100)
        assert frame.get_attribute("height") == str(max(200, min(1000, needed))), (frame.get_attribute("height"), needed)
        assert frame.get_attribute("style") is None, "WordPress n’a pas découvert la carte (cadre encore masqué)"
        assert card.evaluate("document.documentElement.scrollHeight <= innerHeight + 1"), "la carte défile dans son cadre"
        assert card.evaluate("document.documentElement.scrollWidth <= innerWidth"), "la carte défile en largeur"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "l’article défile en largeur"
        violations = page.evaluate(AXE_IN, {"source": axe, "tags": WCAG_TAGS}) + axe_violations(card, axe)
    assert not violations, describe_violations(f"carte vivante dans WordPress ({name}, {width} px)", violations)


def test_a_link_of_the_live_card_opens_in_the_wordpress_page(chromium: Any, wordpress: dict[str, Post]) -> None:
    """In WordPress's sandbox a link cannot open the window itself: the card asks WordPress (« link » message), which
    opens it in the whole window; the reader lands on the commune's public page."""
    src = f"{SITE_URL}integrer/communes/{LONG}.html"
    with _browsing(chromium, 390) as ctx:
        page = ctx.new_page()
        _goto(page, wordpress["bloc"].url)
        _live_card(page, src)
        link = page.frame_locator("iframe.wp-embedded-content").locator("p a").last  # « Découvrir … » : the public page
        target = urljoin(src, link.get_attribute("href"))
        assert target.startswith(SITE_URL) and "/patrimoine/" in target, target
        with page.expect_navigation(url=target, timeout=10_000):
            link.click()
        assert page.url == target


def test_the_iframe_works_for_an_administrator_and_is_removed_for_an_author_as_the_kit_says(
        chromium: Any, wordpress: dict[str, Post], site_dir: Path) -> None:
    """The kit says the frame code is for an Administrator only, WordPress removing frames from other roles' posts:
    an Author's post is saved without it, an Administrator's shows the card, whose links open a new tab."""
    kit = (site_dir / "communes" / "lens" / "integrer" / "index.html").read_text(encoding="utf-8")
    assert "ne se colle que par un administrateur" in kit and "retire les cadres (iframe)" in kit
    assert "<iframe" not in wordpress["cadre"].saved, wordpress["cadre"].saved
    assert "<iframe" in wordpress["cadre-administrateur"].saved
    src = f"{SITE_URL}integrer/communes/lens.html"
    with _browsing(chromium) as ctx:
        page = ctx.new_page()
        _goto(page, wordpress["cadre-administrateur"].url)
        _live_card(page, src)
        link = page.frame_locator(".wp-block-post-content iframe").locator("li a").first
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"


def test_structured_data_pasted_by_an_author_shows_as_text_as_the_kit_says(chromium: Any, wordpress: dict[str, Post],
                                                                          site_dir: Path) -> None:
    """The kit says JSON-LD goes in the page's head, never in its content: pasted by an Author it loses its tags and
    shows in clear. True of WordPress 6.1, so the warning stands."""
    kit = (site_dir / "communes" / "lens" / "integrer" / "index.html").read_text(encoding="utf-8")
    assert "jamais dans son contenu" in kit and "s’affiche en clair" in kit
    post = wordpress["donnees"]
    assert "<script" not in post.saved and "schema.org" in post.saved
    with _browsing(chromium) as ctx:
        page = ctx.new_page()
        _goto(page, post.url)
        assert "schema.org" in _post_content(page).inner_text()


def test_a_plain_iframe_of_the_live_card_fits_a_320_px_phone(chromium: Any, third_party: str) -> None:
    """The iframe code as the kit gives it (width 600, its style letting it shrink), on a 320 px phone: neither the
    page nor the card scrolls sideways."""
    with _browsing(chromium, 320, 640) as ctx:
        page = ctx.new_page()
        _goto(page, f"{third_party}carte-vivante.html")
        card = _live_card(page, SITE_URL + "integrer/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert card.evaluate("document.documentElement.scrollWidth <= innerWidth"), "la carte défile en largeur"


def test_in_a_plain_iframe_a_link_of_the_live_card_opens_a_new_tab(chromium: Any, third_party: str) -> None:
    """Pasted as an iframe elsewhere (no host protocol), the card's links open in a new tab, not in the little frame."""
    with _browsing(chromium) as ctx:
        page = ctx.new_page()
        _goto(page, f"{third_party}carte-vivante.html")
        link = page.frame_locator("iframe").locator("li a").first
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
        with ctx.expect_page(timeout=10_000) as opened:
            link.click()
        tab = opened.value
        tab.wait_for_load_state()
        assert tab.url.startswith(SITE_URL + "elements/"), tab.url
        assert page.frames[1].url.startswith(SITE_URL + "integrer/")  # the frame itself stayed on the card


@pytest.mark.parametrize("stem", ["badge", "banniere"])
def test_a_snippet_s_logo_keeps_its_size_when_an_editor_drops_width_and_height(context: Any, third_party: str, stem: str) -> None:
    """The block editor and CKEditor drop an image's width and height: the logo file is drawn at the size the snippet
    shows it, so it shows the same without them (it was shown twice as large)."""
    page = context.new_page()
    _goto(page, f"{third_party}{stem}.html")
    page.wait_for_load_state("networkidle")
    logo = page.locator("img").first
    before = logo.bounding_box()
    logo.evaluate("img => { img.removeAttribute('width'); img.removeAttribute('height'); img.removeAttribute('style'); }")
    after = logo.bounding_box()
    assert (round(after["width"]), round(after["height"])) == (round(before["width"]), round(before["height"])), (before, after)
    assert logo.evaluate("img => img.naturalHeight") == 100


# 9. A rich copy pasted into a real visual editor ----------------------------------------------------
# TinyMCE 8, self-hosted from npm (tests/editors/, pinned; installed by make test), set up as a commune's CMS would:
# a real paste (Ctrl+V) of what « Copier le texte mis en forme » put on the clipboard.

EDITORS = Path(__file__).resolve().parent / "editors" / "node_modules"


# Each editor as a commune's CMS sets it up: TinyMCE with its link, image and list plugins; CKEditor 5 with the
# features of Drupal's « Basic HTML » format (paragraphs, headings, bold, italic, links, lists, quotes, code, images).
EDITOR_PAGES = {
    "tinymce": ("tinymce/tinymce.min.js", """<script src="tinymce/tinymce.min.js"></script></head>
<body><textarea id="contenu"></textarea>
<script>tinymce.init({selector: "#contenu", license_key: "gpl", promotion: false, menubar: false,
  plugins: "link image lists", toolbar: "bold italic | bullist | link image", height: 600,
  init_instance_callback: (ed) => { window.editeur = () => ed.getContent(); window.zone = ed.getBody(); window.pret = true; }});</script>"""),
    "ckeditor5": ("ckeditor5/dist/browser/ckeditor5.umd.js", """<link rel="stylesheet" href="ckeditor5/dist/browser/ckeditor5.css">
<script src="ckeditor5/dist/browser/ckeditor5.umd.js"></script></head>
<body><div id="contenu"></div>
<script>const {ClassicEditor, Essentials, Paragraph, Heading, Bold, Italic, Link, List, BlockQuote, Code, Image, ImageInline,
  ImageBlock, ImageCaption, ImageToolbar} = CKEDITOR;
ClassicEditor.create(document.querySelector("#contenu"), {licenseKey: "GPL", language: "fr",
  plugins: [Essentials, Paragraph, Heading, Bold, Italic, Link, List, BlockQuote, Code, Image, ImageInline, ImageBlock,
            ImageCaption, ImageToolbar],
  heading: {options: [{model: "paragraph", title: "Paragraphe"},
    ...[2, 3, 4, 5, 6].map(n => ({model: "heading" + n, view: "h" + n, title: "Titre " + n}))]},
  toolbar: ["heading", "bold", "italic", "link", "bulletedList", "numberedList", "blockQuote", "code"]
}).then(ed => { window.editeur = () => ed.getData(); window.zone = document.querySelector(".ck-editor__editable"); window.pret = true; });</script>"""),
}


@pytest.fixture(scope="module")
def editor_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The editors' pages, served from another port than the toolbox (a commune's back office)."""
    root = tmp_path_factory.mktemp("cms")
    for name, (script, head_and_body) in EDITOR_PAGES.items():
        if not (EDITORS / script).is_file():
            continue
        if not (root / script.split("/")[0]).exists():
            os.symlink(EDITORS / script.split("/")[0], root / script.split("/")[0])
        (root / f"{name}.html").write_text(f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Modifier la page – CMS de la commune</title>
{head_and_body}
</body></html>""", encoding="utf-8")
    with serve(root) as url:
        yield url


def _editor(editor_pages: str, name: str) -> str:
    if not (EDITORS / EDITOR_PAGES[name][0]).is_file():
        if os.environ.get("BM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{name} absent (npm ci --prefix tests/editors)", pytrace=False)
        pytest.skip(f"{name} absent (npm ci --prefix tests/editors)")
    return f"{editor_pages}{name}.html"


# Each rich copy of Lens's kit: where it is, and the tab set that holds it.
RICH_COPIES = {stem: ("communes/lens/integrer/", f"h2#{stem} ~ .tabbed-set") for stem in ("badge", "carte", "banniere")} | {
    "page-patrimoine": ("communes/lens/page-patrimoine/", ".tabbed-set"),  # the map, the photos and their credits
    "communique": ("communes/lens/communiques/", ".tabbed-set"),
}


def _rich_copy(page: Any, stem: str) -> str:
    """Click « Copier le texte mis en forme » for `stem`; the HTML it put on the clipboard (headings at their level)."""
    path, where = RICH_COPIES[stem]
    _goto(page, path)
    section = page.locator(where).first
    section.locator(".bm-copie-riche button").click()
    section.locator(".bm-copie-riche [role=status]").filter(has_text="Copié").wait_for(timeout=5000)
    return page.evaluate("async () => { const [item] = await navigator.clipboard.read(); "
                         "return await (await item.getType('text/html')).text(); }")


def _same_reading(got: dict[str, Any], want: dict[str, Any], saved: str, title_kept: bool = True) -> None:
    assert got["text"] == want["text"], (got["text"], want["text"])
    assert got["title"] == (want["title"] if title_kept else []), (got["title"], want["title"])
    assert got["links"] == want["links"] and got["images"] == want["images"]
    assert got["headings"] == want["headings"] and got["items"] == want["items"]
    assert got["strong"] == want["strong"] and 'style="' not in saved, saved  # the styles are gone, the links kept their weight


@pytest.mark.parametrize("editor", list(EDITOR_PAGES))
@pytest.mark.parametrize("stem", list(RICH_COPIES))
def test_a_rich_copy_pasted_into_a_visual_editor_keeps_text_links_images_and_structure(
        chromium: Any, base_url: str, editor_pages: str, editor: str, stem: str) -> None:
    """What a visual editor keeps of a pasted snippet, heritage page or release (TinyMCE drops every inline style of a
    paste from Chromium; CKEditor 5 keeps only what its features know: no div, no style, no lang): the words, each link
    and its address, each image and its alt text, the headings and lists, the credits, and the links' weight (<strong>);
    the logo, drawn at its display size, shows as large as in the kit even where the editor drops its width and height."""
    page_url = _editor(editor_pages, editor)
    with _browsing(chromium, base_url=base_url) as ctx:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"])
        source = _rich_copy(ctx.new_page(), stem)
        cms = ctx.new_page()
        _goto(cms, page_url)
        cms.wait_for_function("window.pret === true", timeout=15_000)
        zone = cms.frame_locator("iframe").locator("body") if editor == "tinymce" else cms.locator(".ck-editor__editable")
        zone.click()
        cms.keyboard.press("Control+V")
        cms.wait_for_function("window.editeur().length > 50", timeout=10_000)
        pasted = cms.evaluate("window.editeur()")
        shown = zone.locator("img").first
        shown.evaluate("img => img.complete || new Promise(r => img.addEventListener('load', r))") if shown.count() else None
        logo_height = shown.bounding_box()["height"] if shown.count() else None
    # Drupal's « Basic HTML » has no h1 (a page's title is its own field): CKEditor set up like it keeps its words only.
    _same_reading(_read(pasted), _read(source), pasted, title_kept=editor != "ckeditor5")
    if stem in ("badge", "banniere"):
        assert logo_height is not None and round(logo_height) == 100, logo_height


def _read(markup: str) -> dict[str, Any]:
    """What a reader gets from some HTML: its words, links, images, headings, list items, strong texts."""
    import html5lib
    # Blocks end words: an editor that writes its blocks without line breaks between them says the same words.
    markup = re.sub(r"(</(?:p|h[1-6]|li|ul|ol|div|figure)>|<br\s*/?>)", r"\1 ", markup)
    doc = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    every = list(doc.iter())
    words = lambda e: re.sub(r"\s+", " ", "".join(e.itertext())).strip()  # noqa: E731
    return {"text": re.sub(r"\s+", " ", "".join(doc.itertext())).strip(),
            # An address without a path is the same with « / » (which editors add).
            "links": [(words(e), urlsplit(e.get("href"))._replace(path=urlsplit(e.get("href")).path or "/").geturl())
                      for e in every if e.tag == "a"],
            "images": [(e.get("src"), e.get("alt")) for e in every if e.tag == "img"],
            "headings": [words(e) for e in every if e.tag in ("h2", "h3", "h4", "h5", "h6")],
            "title": [words(e) for e in every if e.tag == "h1"],
            "items": [words(e) for e in every if e.tag == "li"],
            "strong": [words(e) for e in every if e.tag == "strong"]}


@pytest.fixture(scope="module")
def block_editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """WordPress's block editor scripts, as WordPress loads them (Debian's package: wp-includes/js/dist, in the
    order of their declared dependencies, lodash kept out of the global _), with the core blocks registered."""
    wp = _wordpress()
    php = (wp / "assets" / "script-loader-packages.php").read_text(encoding="utf-8")
    deps = {m[1]: re.findall(r"'([\w-]+)'", m[2]) for m in re.finditer(r"'([\w-]+)\.js' => array\('dependencies' => array\(([^)]*)\)", php)}
    vendor = {"react", "react-dom", "lodash", "moment", "wp-polyfill"}
    order: list[str] = []

    def visit(handle: str) -> None:
        name = f"vendor/{handle}" if handle in vendor else handle.removeprefix("wp-")
        if name in order:
            return
        for dep in deps.get(name, []):
            visit(dep)
        order.append(name)

    visit("wp-block-library")
    tags = "\n".join(f'<script src="dist/{name}.min.js"></script>'
                     + ("<script>window.lodash = _.noConflict();</script>" if name == "vendor/lodash" else "") for name in order)
    root = tmp_path_factory.mktemp("block-editor")
    os.symlink(wp / "js" / "dist", root / "dist")
    (root / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Éditeur de blocs</title>
{tags}
<script>wp.blockLibrary.registerCoreBlocks(); window.pret = true;</script></head><body><main id="article"></main></body></html>""",
                                     encoding="utf-8")
    with serve(root) as url:
        yield url


@pytest.mark.parametrize("stem", list(RICH_COPIES))
def test_a_rich_copy_converted_by_the_block_editor_keeps_text_links_images_and_structure(
        chromium: Any, base_url: str, block_editor: str, stem: str) -> None:
    """WordPress's block editor turns a paste into blocks (wp.blocks.pasteHandler, its own code): no div, no style, no
    width or height on images. The words, links, images with alt, headings, lists, credits and the links' <strong>
    survive, and the logo, drawn at its display size, still shows 100 px high in the published post."""
    with _browsing(chromium, base_url=base_url) as ctx:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"])
        source = _rich_copy(ctx.new_page(), stem)
        editor = ctx.new_page()
        _goto(editor, block_editor)
        editor.wait_for_function("window.pret === true", timeout=20_000)
        saved = editor.evaluate("h => wp.blocks.serialize(wp.blocks.pasteHandler({HTML: h, plainText: '', mode: 'BLOCKS'}))", source)
        # The post as WordPress shows it: the blocks' HTML, their comments being invisible.
        editor.evaluate("h => { document.querySelector('#article').innerHTML = h; }", saved)
        images = editor.locator("#article img")
        heights = [images.nth(i).evaluate("i => i.complete ? i.getBoundingClientRect().height : "
                                          "new Promise(r => i.addEventListener('load', () => r(i.getBoundingClientRect().height)))")
                   for i in range(images.count())]
    want = _read(source)
    _same_reading(_read(re.sub(r"<!--.*?-->", "", saved, flags=re.S)), want, saved)  # the block delimiters aside
    assert len(heights) == len(want["images"]) and all(heights), heights
    if stem in ("badge", "banniere"):
        assert all(round(h) == 100 for h in heights), heights
