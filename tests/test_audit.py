"""The visibility audit (issue 6): detection, polite fetching, errors per site, resume, results, report, command.

Every request stays on the machine: the pages of tests/audit_corpus/ are served on 127.0.0.1 by
small servers, one port per site, the official site is one of them, and a guard refuses (and
reports) a connection to any other address. Timeouts are shortened through fetch.Policy; nothing
asserts on time.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import pytest

from generator.audit import cli, crawl, detect, results, sites
from generator.audit.detect import Targets
from generator.audit.fetch import FetchError, Fetcher, Policy, Stopped, check_url
from generator.audit.run import Interrupted, Options, run_audit
from generator.content import audit_results, licensees
from generator.content.licensees import AuditSite
from generator.site.audit_page import audit_page
from generator.errors import BuildError, ContentErrors
from generator.site.wording import NNBSP

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "audit_corpus"
CONTENT = ROOT / "content"
FAST = Policy(timeout=0.5, max_bytes=50_000, delay=0.0)
CURRENT = "2025-06-01"
DATE = "2030-01-01"

Reply = tuple[int, dict[str, str], Iterable[bytes]]


# --------------------------------------------------------------------------- local servers


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, name: str, root: Path | None, routes: dict[str, Callable[[_Server], Reply]], robots_status: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.name, self.root, self.routes, self.robots_status = name, root, routes, robots_status
        self.subst: dict[bytes, bytes] = {}
        self.lock = threading.Lock()
        self.log: list[tuple[str, str]] = []
        self.agents: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self.hits = 0

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading (page too heavy, timeout) is expected here

    def requests(self) -> list[tuple[str, str]]:
        with self.lock:
            return list(self.log)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def _serve(self) -> None:
        srv = self.server
        path = urlsplit(self.path).path
        with srv.lock:
            srv.log.append((self.command, path))
            srv.agents.add(self.headers.get("User-Agent", ""))
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        try:
            status, headers, body = srv.routes[path](srv) if path in srv.routes else self._file(path)
        finally:
            # The request ends, for the overlap count, before a byte of the answer leaves: a client
            # that waits for the answer before its next request can never be counted twice.
            with srv.lock:
                srv.in_flight -= 1
        if status == 0:
            return  # hang up without a word: the client sees a reset connection
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if self.command == "GET":
                for chunk in body:
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _file(self, path: str) -> Reply:
        srv = self.server
        if path == "/robots.txt" and srv.robots_status != 200:
            return srv.robots_status, {"Content-Type": "text/plain"}, [b"indisponible"]
        if srv.root is None:
            return 404, {"Content-Type": "text/html"}, [b"<p>introuvable</p>"]
        target = (srv.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if srv.root.resolve() not in target.parents or not target.is_file():
            return 404, {"Content-Type": "text/html"}, [b"<p>introuvable</p>"]
        data = target.read_bytes()
        for old, new in srv.subst.items():
            data = data.replace(old, new)
        kind = {".html": "text/html", ".txt": "text/plain", ".png": "image/png"}.get(target.suffix, "application/octet-stream")
        return 200, {"Content-Type": kind, "Content-Length": str(len(data))}, [data]


def _redirect(status: int, location: Callable[[_Server], str]) -> Callable[[_Server], Reply]:
    return lambda srv: (status, {"Location": location(srv), "Content-Length": "0"}, [])


def _html(text: str) -> Callable[[_Server], Reply]:
    data = text.encode("utf-8")
    return lambda srv: (200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(data))}, [data])


@contextlib.contextmanager
def _running(*servers: _Server) -> Iterator[None]:
    """Serve each of `servers` in its own thread for the block, then stop them."""
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        for srv in servers:
            srv.shutdown()
            srv.server_close()


def _heavy(srv: _Server) -> Reply:
    # No Content-Length: the fetcher must count what it reads and stop by itself. The mention is at the start, the
    # brand only past the tests' 50 kB bound; « é » straddles the bound (a character cut in two must not matter).
    start = "<p>Cité inscrite au patrimoine mondial.</p>".encode()
    filler = b"<p>" + b"x" * (50_000 - len(start) - 4) + "é".encode()
    return 200, {"Content-Type": "text/html; charset=utf-8"}, [start, filler] + [b"<p>" + b"y" * 8190 + b"</p>" for _ in range(5)] \
        + [b'<img src="/logo-bmpm.png" alt="">']


def _slow(srv: _Server) -> Reply:
    time.sleep(1.5)  # three times the tests' timeout
    return _html("<p>enfin</p>")(srv)


def _flaky(srv: _Server) -> Reply:
    with srv.lock:
        srv.hits += 1
        first = srv.hits == 1
    return (0, {}, []) if first else _html("<p>Deuxième essai</p>")(srv)


def _gzip(srv: _Server) -> Reply:
    data = gzip.compress("<p>Inscrit au patrimoine mondial</p>".encode("utf-8"))
    return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Content-Length": str(len(data))}, [data]


def _pdf(srv: _Server) -> Reply:
    return 200, {"Content-Type": "application/pdf", "Content-Length": "8"}, [b"%PDF-1.4"]


@pytest.fixture(scope="module")
def local_only() -> Iterator[list[str]]:
    """Refuse any connection off the machine; *.test names (the commune records' sites) mean 127.0.0.1."""
    refused: list[str] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address[0], address[1]
        if host.endswith(".test"):
            host = "127.0.0.1"
        if host not in ("127.0.0.1", "localhost"):
            refused.append(host)
            raise ConnectionRefusedError(f"les tests ne sortent pas de la machine ({host})")
        return real((host, port), *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "create_connection", guarded)
        yield refused
    assert refused == [], f"connexions hors de la machine tentées : {refused}"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web(local_only: list[str]) -> Iterator[dict[str, Any]]:
    """Every corpus site on its own port, plus the traps; yields them by name, with `dead` (a closed port) and `kits`."""
    servers = {
        "complete": _Server("complete", CORPUS / "complete", {}, 200),
        "vide": _Server("vide", CORPUS / "vide", {}, 200),
        "astuces": _Server("astuces", CORPUS / "astuces", {}, 200),
        "ancien": _Server("ancien", CORPUS / "ancien", {}, 200),
        "officiel": _Server("officiel", CORPUS / "officiel", {}, 200),
        "pieges": _Server("pieges", None, {
            "/boucle-a": _redirect(302, lambda s: "/boucle-b"),
            "/boucle-b": _redirect(302, lambda s: s.url("boucle-a")),
            "/document": _pdf,
            "/ancienne-adresse": _redirect(301, lambda s: "/nouvelle/"),
            "/nouvelle/": _html("<!DOCTYPE html><title>Bailleur</title><p>Nos logements dans les cités minières.</p>"),
            "/court/bmpm": _redirect(301, lambda s: "/vers-officiel"),
        }, 404),
        "instable": _Server("instable", None, {
            "/instable": _flaky,
            "/coupe": lambda srv: (0, {}, []),
            "/panne": lambda srv: (503, {"Content-Type": "text/html", "Content-Length": "0"}, []),
            "/compresse": _gzip,
        }, 404),
        "lourde": _Server("lourde", None, {"/": _heavy}, 404),
        "lent": _Server("lent", None, {"/": _slow}, 404),
        "prudent": _Server("prudent", CORPUS / "vide", {}, 503),
    }
    servers["pieges"].routes["/vers-officiel"] = _redirect(302, lambda s: servers["officiel"].url("accueil"))
    dead = _closed_port()
    kits = f"http://127.0.0.1:{dead}/boite/"
    for srv in servers.values():
        srv.subst = {b"__OFFICIEL__": servers["officiel"].url().encode(), b"__PIEGES__": servers["pieges"].url().encode(),
                     b"__KITS__": kits.encode()}
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers.values()]
    for t in threads:
        t.start()
    try:
        yield {**servers, "dead": dead, "kits": kits}
    finally:
        for s in servers.values():
            s.shutdown()
            s.server_close()


def _targets(web: dict[str, Any]) -> Targets:
    return Targets((f"127.0.0.1:{web['officiel'].port}",), web["kits"], CURRENT)


def _site(key: str, nom: str, url: str) -> AuditSite:
    return AuditSite(key, nom, url, key.split("/")[0], "test")


@pytest.fixture(scope="module")
def audit(web: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One audit of every corpus site and trap, shared by the tests that read its records."""
    w = web
    todo = [
        _site("commune/complete", "Exemple-les-Mines", w["complete"].url()),
        _site("commune/vide", "Sans-Marque", w["vide"].url()),
        _site("musee_site/astuces", "Village des Astuces", w["astuces"].url()),
        _site("office_de_tourisme/ancien", "Office de tourisme d’Exemple", w["ancien"].url()),
        _site("bailleur/demenage", "Bailleur déménagé", w["pieges"].url("ancienne-adresse")),
        _site("autre/boucle", "Redirections en boucle", w["pieges"].url("boucle-a")),
        _site("autre/document", "Un PDF", w["pieges"].url("document")),
        _site("autre/lourde", "Page trop lourde", w["lourde"].url()),
        _site("autre/lent", "Serveur trop lent", w["lent"].url()),
        _site("autre/injoignable", "Serveur éteint", f"http://127.0.0.1:{w['dead']}/"),
        _site("autre/mal-formee", "Adresse mal formée", "http://127.0.0.1:99999/"),
        _site("autre/prudent", "Robots en panne", w["prudent"].url()),
    ]
    out = tmp_path_factory.mktemp("audits")
    seen: list[str] = []
    outcome = run_audit(todo, Options(DATE, out, _targets(w), FAST, max_pages=5, concurrency=4),
                        on_site=lambda done, total, r: seen.append(r["cle"]))
    return {"outcome": outcome, "out": out, "seen": seen, "sites": todo,
            "records": {r["cle"]: r for r in outcome.document["sites"]},
            "logs": {name: s.requests() for name, s in web.items() if isinstance(s, _Server)}}


# --------------------------------------------------------------------------- detection (pure)


def _find(html: str, targets: Targets = Targets(kits_base="https://boite.example/bm/")) -> detect.Findings:
    return detect.analyse(html, "https://commune.example/", targets)


@pytest.mark.parametrize("html", [
    '<img src="/images/logo-bmpm.png" alt="">',
    '<img src="/images/Logo_BMPM2024.jpg">',
    '<img src="/uploads/bassin-minier-patrimoine-mondial-couleur.svg" alt="">',
    '<img src="/uploads/marque_bassin_minier.png" alt="">',
    '<img src="/a.png" alt="Logo Bassin minier – Patrimoine mondial">',
    '<img src="/a.png" title="Marque Bassin minier">',
    '<img data-src="/lazy/bmpm.webp" src="data:image/gif;base64,R0lGOD">',
    '<picture><source srcset="/m/bmpm-480.webp 480w, /m/bmpm-960.webp 960w"><img src="/m/x.png" alt=""></picture>',
    '<div style="background-image: url(\'/theme/img/bmpm-pied.png\')"></div>',
    '<style>.pied { background: #fff url(/img/Bassin%20minier%20Patrimoine%20mondial.png) no-repeat; }</style>',
    '<svg role="img" aria-label="Bassin minier Patrimoine mondial"><path d="M0 0"/></svg>',
    '<svg><title>Bassin minier Patrimoine mondial</title></svg>',
    '<img src="https://boite.example/bm/communes/lens/logos/lens-bloc-marque-couleur-pied-de-page.png" alt="Lens">',
    '<div class="bmpm-bloc"></div>',
    # Issue 18: as a visitor sees it (lazy loading, sprites, a link's title).
    '<div class="fond" data-bg="/theme/img/bmpm-pied.png"></div>',
    '<section data-background-image="url(\'/img/logo-bassin-minier-patrimoine-mondial.svg\')"></section>',
    '<img data-lazy="/media/bmpm.png" src="data:image/gif;base64,R0lGOD">',
    '<img data-lazy-srcset="/m/logo-bmpm-2x.png 2x" src="/m/transparent.gif" alt="">',
    '<svg class="icone"><use href="#logo-bmpm"></use></svg>',
    '<svg><use xlink:href="/theme/sprite.svg#bassin-minier-patrimoine-mondial"></use></svg>',
    '<a href="https://bassinminier-patrimoinemondial.org/" title="Bassin minier Patrimoine mondial"><img src="/img/partenaire-3.png" alt=""></a>',
    '<a href="/marque/" aria-label="La marque Bassin minier Patrimoine mondial"><img src="/img/p3.png" alt=""></a>',
])
def test_brand_is_found(html: str) -> None:
    found = _find(f"<p>Texte</p>{html}")
    assert found.brand, html
    assert all(len(e.fragment) <= detect.FRAGMENT_MAX for e in found.brand)


@pytest.mark.parametrize("html", [
    '<img src="/images/blason.png" alt="Blason de la commune">',
    '<img src="/images/patrimoine-mondial-unesco.png" alt="Emblème du patrimoine mondial">',
    '<img src="/photos/bassin-minier.jpg" alt="Le bassin minier, inscrit au patrimoine mondial">',
    '<div style="background-image:url(/img/fond-terril.jpg)"></div>',
    '<p>Commune du Bassin minier Patrimoine mondial</p>',
    '<img src="/images/abmpmx.png">',
    '<img src="https://boite.example/bm/cartes/elements/fosse-9.png" alt="Fosse 9">',
    # Issue 18's false « oui »: a news photo named after the property, the property's UNESCO logo, the emblem.
    '<img src="/uploads/2024/07/fete-des-cites-bassin-minier-patrimoine-mondial.jpg" alt="La fête des cités">',
    '<img src="/img/bassin-minier-patrimoine-mondial-unesco.png" alt="">',
    '<img src="/img/logo-bien.png" alt="Bassin minier Patrimoine mondial, UNESCO">',
    '<svg><use href="#embleme-unesco"></use></svg>',
    '<svg><use href="#icone-mine"></use></svg>',
    '<a href="/patrimoine/" title="Le Bassin minier"><img src="/img/terril.png" alt=""></a>',
])
def test_brand_is_not_found_where_absent(html: str) -> None:
    assert _find(html).brand == (), html


@pytest.mark.parametrize("text", [
    "inscrit sur la Liste du patrimoine mondial",
    "INSCRIT AU PATRIMOINE MONDIAL DE L’UNESCO",
    "Patrimoine Mondial de l'Humanité",
    "patrimoine de l’humanité",
    "classé par l’Unesco",
    "World Heritage Site",
    "patrimoine\n   mondial",
])
def test_mention_is_found_accents_and_case_aside(text: str) -> None:
    assert _find(f"<p>{text}</p>").mention


def test_mention_near_the_basin_is_preferred_and_flagged() -> None:
    html = ("<p>Notre beffroi est inscrit au patrimoine mondial.</p>" + "<p>Rien.</p>" * 30
            + "<p>Les cités du Bassin minier sont inscrites au patrimoine mondial depuis 2012.</p>")
    found = _find(html)
    assert found.mention_basin
    assert "Bassin minier" in found.mention[0].fragment
    assert not _find("<p>Notre beffroi est inscrit au patrimoine mondial.</p>").mention_basin


@pytest.mark.parametrize("html", [
    # Another inscription, « bassin minier » nearby (issue 18's false « oui »).
    "<p>Notre beffroi est inscrit au patrimoine mondial de l’UNESCO. La ville est au cœur du bassin minier.</p>",
    "<p>La citadelle d’Arras, œuvre de Vauban, est inscrite au patrimoine mondial.</p><p>Le Bassin minier voisin…</p>",
    "<p>Le mémorial de Notre-Dame-de-Lorette fait partie des sites funéraires et mémoriels inscrits au patrimoine mondial.</p>",
    "<p>Le beffroi, au cœur du bassin minier, est inscrit au patrimoine mondial.</p>",
    "<p>Le patrimoine minier et l’histoire du monde ouvrier.</p>",
    '<script>var x = "patrimoine mondial UNESCO";</script><p>Bonjour</p>',
    "<p>Inscriptions scolaires : mondial de football.</p>",
])
def test_mention_is_not_found_where_absent(html: str) -> None:
    assert _find(html).mention == ()


def test_a_sentence_about_both_inscriptions_is_a_mention() -> None:
    assert _find("<p>Le beffroi et les cités du Bassin minier sont inscrits au patrimoine mondial.</p>").mention
    assert _find("<p>Notre beffroi est célèbre. Nos cités sont inscrites au patrimoine mondial depuis 2012.</p>").mention


def test_mention_in_image_alt_only() -> None:
    found = _find('<p>Bienvenue</p><img src="/t.jpg" alt="Terril inscrit au Patrimoine Mondial">')
    assert found.mention and "Terril inscrit au Patrimoine Mondial" in found.mention[0].fragment


@pytest.mark.parametrize("href", [
    "https://www.bassinminier-patrimoinemondial.org/",
    "http://bassinminier-patrimoinemondial.org/le-bien/",
    "//bassinminier-patrimoinemondial.org/",
    "HTTPS://BASSINMINIER-PATRIMOINEMONDIAL.ORG",
    "https://agenda.bassinminier-patrimoinemondial.org/evenements",
    "www.bassinminier-patrimoinemondial.org",
    # Through a social network's or a search engine's link redirector (issue 18).
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bassinminier-patrimoinemondial.org%2Fle-bien%2F&amp;h=AT0x",
    "https://www.google.com/url?q=https://bassinminier-patrimoinemondial.org/&amp;sa=D",
    "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fbassinminier-patrimoinemondial.org",
])
def test_official_link_any_scheme_or_subdomain(href: str) -> None:
    assert _find(f'<a href="{href}">Le site</a>').official_link, href


@pytest.mark.parametrize("href", [
    "https://bassinminier-patrimoinemondial.org.exemple.com/",
    "https://faux-bassinminier-patrimoinemondial.org/",
    "https://www.missionbassinminier.org/",
    "mailto:contact@bassinminier-patrimoinemondial.org",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.missionbassinminier.org%2F",
    "https://www.google.com/search?q=bassinminier-patrimoinemondial.org",
])
def test_official_link_not_fooled(href: str) -> None:
    assert _find(f'<a href="{href}">Le site</a>').official_link == (), href


def test_official_hosts_are_injectable_with_a_port() -> None:
    targets = Targets(("127.0.0.1:8123",))
    assert detect.analyse('<a href="http://127.0.0.1:8123/x">x</a>', "http://127.0.0.1:9000/", targets).official_link
    assert not detect.analyse('<a href="http://127.0.0.1:8124/x">x</a>', "http://127.0.0.1:9000/", targets).official_link
    assert not detect.analyse('<a href="https://bassinminier-patrimoinemondial.org/">x</a>', "http://127.0.0.1:9000/", targets).official_link


def test_snippet_markers_and_embeds_report_their_version() -> None:
    found = _find('<div class="bmpm-bloc" data-bmpm-version="2024-01-15"><p class="bmpm-texte">x</p></div>'
                  '<iframe src="https://boite.example/bm/integrer/lens/?v=2025-06-01"></iframe>'
                  '<iframe src="https://boite.example/bm/integrer/lens/"></iframe>'
                  '<iframe src="https://video.example/integrer/"></iframe>')
    assert [(s.version, s.live) for s in found.snippets] == [("2024-01-15", False), ("2025-06-01", True), ("", True)]
    assert [s.version for s in _find('<p class="bmpm-texte">x</p><span class="bmpm-logo"></span>').snippets] == [""]
    assert found.brand, "a snippet of the toolbox displays the brand block"


def test_a_site_s_own_bmpm_class_is_no_snippet() -> None:
    """Our snippets' classes all start with « bmpm- »: a site's own « bmpm » class (issue 18) is not one of them."""
    assert _find('<div class="bmpm">Nos actions</div>').snippets == ()
    assert [s.version for s in _find('<div class="bmpm-badge" data-bmpm-version="2025-06-01">x</div>').snippets] == ["2025-06-01"]


def test_a_snippet_filtered_by_drupal_basic_html_is_known_by_its_stamp_and_link() -> None:
    """Drupal's « HTML simple » removes the snippet's classes, data- attributes, styles and the toolbox's image: its
    visible stamp and its link to the toolbox remain, and tell the snippet and its version; the brand is gone."""
    from snippet_filters import drupal

    snippet = ('<div lang="fr" class="bmpm-badge" data-bmpm-version="2026-02-01" style="border:2px solid #b3262c">'
               '<p><img src="https://boite.example/bm/communes/lens/logos/lens-bloc-marque-couleur-extrait.png" alt="Bassin minier '
               'Patrimoine mondial – Lens" width="499" height="100"></p><p>Lens fait partie du Bassin minier du Nord-Pas de Calais, '
               'inscrit sur la Liste du patrimoine mondial de l’UNESCO depuis le 30 juin 2012.</p><p><a href="https://boite.example/bm/'
               'patrimoine/lens/"><strong>Découvrir les 28 éléments du patrimoine mondial à Lens</strong></a></p>'
               '<p style="font-size:0.8em">Informations à jour au 1ᵉʳ février 2026</p></div>')
    filtered = drupal.basic_html(snippet)
    assert "bmpm" not in filtered and "bloc-marque" not in filtered, filtered  # what Drupal really left
    found = _find(filtered)
    assert [(s.version, s.live) for s in found.snippets] == [("2026-02-01", False)]
    assert "Informations à jour au 1ᵉʳ février 2026" in found.snippets[0].evidence.fragment
    assert found.brand == (), "the brand block was removed with the image"
    assert _find(filtered.replace("https://boite.example/bm/", "https://ailleurs.example/")).snippets == (), \
        "a stamp without a link to the toolbox is not enough"


def _snip(version: str, live: bool = False) -> detect.Snippet:
    return detect.Snippet(version, detect.Evidence("p", "f"), live)


@pytest.mark.parametrize(("found", "current", "expected"), [
    ([], CURRENT, "sans objet"),
    ([_snip(CURRENT)], CURRENT, "oui"),
    ([_snip("2026-01-01")], CURRENT, "oui"),
    ([_snip(CURRENT), _snip("2024-01-15")], CURRENT, "non"),
    ([_snip("", live=True)], CURRENT, "oui"),
    ([_snip("", live=True), _snip("2024-01-15", live=True)], CURRENT, "non"),
    ([_snip("")], CURRENT, "inconnu"),
    ([_snip("2024-01-15")], "", "inconnu"),
])
def test_snippet_freshness(found: list[detect.Snippet], current: str, expected: str) -> None:
    assert crawl.freshness(found, current) == expected


def test_kit_link_needs_the_base_url() -> None:
    html = '<a href="https://boite.example/bm/communes/lens/">Notre kit</a>'
    assert _find(html).kit_link
    assert _find(html, Targets()).kit_link == ()
    assert _find('<a href="https://boite.example/autre/">x</a>').kit_link == ()


def test_evidence_is_short_and_names_the_page() -> None:
    found = _find("<p>" + "Très long texte. " * 40 + "Le Bassin minier est inscrit au patrimoine mondial. " + "Suite. " * 40 + "</p>")
    (e,) = found.mention
    assert e.page == "https://commune.example/"
    assert len(e.fragment) <= 160 and "patrimoine mondial" in e.fragment


def test_base_href_and_relative_links() -> None:
    found = _find('<base href="https://commune.example/site/"><a href="patrimoine.html">Patrimoine</a>')
    assert found.links[0].url == "https://commune.example/site/patrimoine.html"


def test_heritage_links_are_chosen_on_the_same_site_only() -> None:
    links = (detect.Link("https://commune.example/contact", "Contact"),
             detect.Link("https://commune.example/decouvrir/histoire", "En savoir plus"),
             detect.Link("https://www.commune.example/unesco", "Notre inscription"),
             detect.Link("https://autre.example/patrimoine", "Patrimoine"),
             detect.Link("https://commune.example/plaquette-patrimoine.pdf", "Patrimoine (PDF)"),
             detect.Link("https://commune.example/culture", "Culture"))
    assert crawl.pick_links(links, "https://commune.example/", set()) == [
        "https://www.commune.example/unesco", "https://commune.example/decouvrir/histoire", "https://commune.example/culture"]


# --------------------------------------------------------------------------- fetching


@pytest.mark.parametrize("url", [
    "http://exa mple.org/", "http://127.0.0.1:99999/", "ftp://commune.example/", "http:///sans-hote",
    "https://user@commune.example/", "pas une adresse", "http://commune_exemple!.fr/",
])
def test_malformed_addresses_are_refused_before_any_request(url: str) -> None:
    with pytest.raises(FetchError, match="adresse mal formée"):
        check_url(url)


def test_accents_in_links_are_encoded() -> None:
    assert check_url("https://commune.example/découvrir le patrimoine?page=été")[3] == (
        "/d%C3%A9couvrir%20le%20patrimoine?page=%C3%A9t%C3%A9")


def test_one_retry_on_a_reset_connection_none_on_http_errors(web: dict[str, Any]) -> None:
    srv, fetcher = web["instable"], Fetcher(FAST)
    assert "Deuxième essai" in fetcher.get(srv.url("instable")).html
    with pytest.raises(FetchError, match="^connexion interrompue par le serveur$"):
        fetcher.get(srv.url("coupe"))
    with pytest.raises(FetchError, match=r"^erreur du serveur \(HTTP 503\)$"):
        fetcher.get(srv.url("panne"))
    with pytest.raises(FetchError, match=r"^page introuvable \(HTTP 404\)$"):
        fetcher.get(srv.url("absente"))
    log = srv.requests()
    assert [log.count(("GET", p)) for p in ("/instable", "/coupe", "/panne", "/absente", "/robots.txt")] == [2, 2, 1, 1, 1]


def test_compressed_page_is_read_anyway(web: dict[str, Any]) -> None:
    assert "patrimoine mondial" in Fetcher(FAST).get(web["instable"].url("compresse")).html


def test_user_agent_names_the_project(audit: dict[str, Any], web: dict[str, Any]) -> None:
    agents = set().union(*(s.agents for s in web.values() if isinstance(s, _Server)))
    assert agents and all(a.startswith("BoiteAOutilsBassinMinier/0.1 (") for a in agents)


# --------------------------------------------------------------------------- one audit of the corpus


def test_complete_site_has_every_indicator(audit: dict[str, Any], web: dict[str, Any]) -> None:
    r = audit["records"]["commune/complete"]
    assert (r["statut"], r["marque"], r["marque_accueil"], r["mention"], r["mention_bassin_minier"], r["lien_officiel"],
            r["lien_boite"], r["extrait"], r["extrait_versions"], r["extrait_a_jour"]) == (
        "ok", "oui", "oui", "oui", "oui", "oui", "oui", "oui", [CURRENT], "oui")
    assert "logo-BMPM-couleur.png" in r["preuves"]["marque"][0]["extrait"]
    assert r["preuves"]["mention"][0]["page"] == web["complete"].url()
    base = web["complete"].url()
    assert [(p["url"], p["statut"]) for p in r["pages"]] == [
        (base, "lue"), (base + "patrimoine/", "lue"), (base + "histoire.html", "lue"),
        (base + "prive/patrimoine.html", "exclue"), (base + "patrimoine/cite.html", "erreur")]
    assert r["pages"][-1]["detail"] == "page introuvable (HTTP 404)"


def test_robots_txt_is_honoured_and_asked_once(audit: dict[str, Any]) -> None:
    paths = [p for _, p in audit["logs"]["complete"]]
    assert "/prive/patrimoine.html" not in paths
    assert paths.count("/robots.txt") == 1
    assert "/contact.html" not in paths and "/plaquette-patrimoine.pdf" not in paths, "only heritage pages are read"


# RFC 9309's patterns, as a WordPress site writes them: Python's own parser ignored « * » and « $ » and fetched
# /?page_id=27 under « Disallow: /*?* ».
ROBOTS_9309 = b"""User-agent: *
Disallow: /*?*
Disallow: /*.pdf$
Disallow: /brouillons/
Allow: /brouillons/publie.html
Crawl-delay: 0

User-agent: Autre-Robot
Disallow: /
"""


@pytest.mark.parametrize(("path", "allowed"), [
    ("/?page_id=27", False), ("/actualites/?p=3", False), ("/plaquette.pdf", False), ("/plaquette.pdf.html", True),
    ("/brouillons/texte.html", False), ("/brouillons/publie.html", True), ("/", True), ("/patrimoine/", True)])
def test_robots_txt_patterns_follow_rfc_9309(path: str, allowed: bool) -> None:
    """Wildcards, « $ » and the longest match, for our own group (« * » here): a page robots.txt forbids is never
    requested; any other is."""
    page = lambda srv: (200, {"Content-Type": "text/html"}, [b"<p>page</p>"])  # noqa: E731
    srv = _Server("motifs", None, {"/robots.txt": lambda _s: (200, {"Content-Type": "text/plain"}, [ROBOTS_9309]),
                                   path.split("?")[0]: page}, 200)
    with _running(srv):
        fetcher = Fetcher(FAST)
        if allowed:
            assert fetcher.get(srv.url(path.lstrip("/"))).html == "<p>page</p>"
        else:
            with pytest.raises(FetchError, match="robots.txt"):
                fetcher.get(srv.url(path.lstrip("/")))
        assert [p for _, p in srv.requests()] == ["/robots.txt"] + ([path.split("?")[0]] if allowed else [])


def test_site_without_anything_says_no(audit: dict[str, Any], web: dict[str, Any]) -> None:
    r = audit["records"]["commune/vide"]
    assert (r["statut"], r["marque"], r["mention"], r["lien_officiel"], r["lien_boite"], r["extrait"], r["extrait_a_jour"]) == (
        "ok", "non", "non", "non", "non", "non", "sans objet")
    assert [p["url"] for p in r["pages"]] == [web["vide"].url(), web["vide"].url("decouvrir.html")]
    assert r["preuves"] == {}


def test_tricky_site_css_brand_alt_mention_redirected_link(audit: dict[str, Any], web: dict[str, Any]) -> None:
    r = audit["records"]["musee_site/astuces"]
    assert (r["marque"], r["mention"], r["lien_officiel"]) == ("oui", "oui", "oui")
    (brand,) = r["preuves"]["marque"]
    assert "background-image" in brand["extrait"] and "Bassin-Minier-Patrimoine-Mondial_pied.svg" in brand["extrait"]
    assert "Le terril 74, élément du Bassin minier inscrit au Patrimoine Mondial" in r["preuves"]["mention"][0]["extrait"]
    link = r["preuves"]["lien_officiel"][0]["extrait"]
    assert link.endswith(f"→ {web['officiel'].url('accueil')}") and "court/bmpm" in link
    assert ("HEAD", "/court/bmpm") in audit["logs"]["pieges"] and ("HEAD", "/vers-officiel") in audit["logs"]["pieges"]


def test_official_site_is_never_requested(audit: dict[str, Any]) -> None:
    assert audit["logs"]["officiel"] == []


def test_old_snippet_is_flagged_stale(audit: dict[str, Any]) -> None:
    r = audit["records"]["office_de_tourisme/ancien"]
    assert (r["marque"], r["extrait"], r["extrait_versions"], r["extrait_a_jour"]) == ("oui", "oui", ["2024-01-15"], "non")
    assert any("integrer/communes/exemple.html" in e["extrait"] for e in r["preuves"]["extrait"]), "the live embed is seen too"
    assert (r["mention"], r["mention_bassin_minier"]) == ("oui", "non")


def test_final_url_is_recorded_after_redirects(audit: dict[str, Any], web: dict[str, Any]) -> None:
    r = audit["records"]["bailleur/demenage"]
    assert r["statut"] == "ok" and r["url_finale"] == web["pieges"].url("nouvelle/")
    assert r["pages"][0]["detail"] == f"redirigée depuis {web['pieges'].url('ancienne-adresse')}"


@pytest.mark.parametrize(("key", "message"), [
    ("autre/boucle", "boucle de redirections"),
    ("autre/document", "ce n’est pas une page HTML (type « application/pdf »)"),
    ("autre/lent", f"pas de réponse en 0,5{NNBSP}s"),
    ("autre/injoignable", "connexion refusée"),
    ("autre/mal-formee", "adresse mal formée : « http://127.0.0.1:99999/ »"),
    ("autre/prudent", "robots.txt indisponible (HTTP 503)"),
])
def test_fetch_errors_are_recorded_per_site(audit: dict[str, Any], key: str, message: str) -> None:
    r = audit["records"][key]
    assert r["statut"] == "erreur" and message in r["erreur"]
    assert {r[k] for k in ("marque", "mention", "lien_officiel", "extrait")} == {"erreur"}, "« erreur » is never « non »"


def test_a_page_heavier_than_the_bound_is_read_up_to_it(audit: dict[str, Any], web: dict[str, Any]) -> None:
    """A page past Policy.max_bytes (50 kB here, 2 MB by default) is read up to the bound, not refused: what its start
    says counts (the mention), what lies past the bound does not (the logo), and the page says it was read in part."""
    r = audit["records"]["autre/lourde"]
    assert (r["statut"], r["mention"], r["marque"]) == ("ok", "oui", "non")
    assert r["pages"][0] == {"url": web["lourde"].url(), "statut": "lue", "detail": f"lue en partie : ses 50{NNBSP}ko premiers"}


def test_a_home_page_that_is_a_meta_refresh_is_followed() -> None:
    """A home page that only sends the visitor on (<meta http-equiv="refresh">) is read where it sends."""
    srv = _Server("rafraichie", None, {
        "/": _html('<meta http-equiv="refresh" content="0; URL=\'/accueil/\'"><p>Redirection…</p>'),
        "/accueil/": _html('<p>Ville inscrite au patrimoine mondial.</p><img src="/logo-bmpm.png" alt="">'),
    }, 404)
    with _running(srv):
        r = crawl.audit_site(AuditSite("commune/rafraichie", "Rafraîchie", srv.url(), "commune", "test"), Fetcher(FAST), Targets())
    assert (r["statut"], r["url_finale"], r["marque"], r["marque_accueil"], r["mention"]) == ("ok", srv.url("accueil/"), "oui", "oui", "oui")
    assert [(p["url"], p["detail"]) for p in r["pages"]][:2] == [(srv.url(), f"renvoie vers {srv.url('accueil/')}"), (srv.url("accueil/"), "")]


def test_frames_and_same_site_iframes_are_read_as_part_of_their_page() -> None:
    """A home page that is a frameset shows its frames: the logo in one of them is on the home page; a same-site
    iframe's mention counts; a third-party iframe (a video) is not fetched."""
    video = _Server("video", None, {"/embed/1": _html("<p>patrimoine mondial</p>")}, 404)
    srv = _Server("cadres", None, {
        "/": _html('<frameset cols="20%,80%"><frame src="/menu.html"><frame src="/contenu.html"></frameset>'),
        "/menu.html": _html('<p>Menu</p><img src="/logo-bmpm.png" alt="">'),
        "/contenu.html": _html('<p>Bienvenue</p><iframe src="/agenda.html" title="Agenda"></iframe>'
                               f'<iframe src="{video.url("embed/1")}" title="Vidéo"></iframe>'),
        "/agenda.html": _html("<p>Nos cités minières sont inscrites au patrimoine mondial depuis 2012.</p>"),
    }, 404)
    with _running(srv, video):
        r = crawl.audit_site(AuditSite("commune/cadres", "Cadres", srv.url(), "commune", "test"), Fetcher(FAST), Targets())
    assert (r["marque"], r["marque_accueil"], r["mention"]) == ("oui", "oui", "oui")
    assert [p["url"] for p in r["pages"]] == [srv.url(), srv.url("menu.html"), srv.url("contenu.html"), srv.url("agenda.html")]
    assert video.requests() == []


def test_the_brand_in_a_same_site_stylesheet_is_seen() -> None:
    """A logo drawn as a background image by the site's own style sheet (its url() relative to the sheet) is the brand
    on the page that loads it; another site's style sheet is never fetched."""
    cdn = _Server("cdn", None, {"/theme.css": lambda _s: (200, {"Content-Type": "text/css"}, [b".x{background:url(bmpm.png)}"])}, 404)
    srv = _Server("styles", None, {
        "/": _html(f'<link rel="stylesheet" href="/theme/site.css"><link rel="stylesheet" href="{cdn.url("theme.css")}">'
                   '<footer class="pied"><p>Ville</p></footer>'),
        "/theme/site.css": lambda _s: (200, {"Content-Type": "text/css"},
                                       [b"body{margin:0}.pied{background:#fff url('img/logo-bassin-minier-patrimoine-mondial.svg') no-repeat}"]),
    }, 404)
    with _running(srv, cdn):
        r = crawl.audit_site(AuditSite("commune/styles", "Styles", srv.url(), "commune", "test"), Fetcher(FAST), Targets())
    assert (r["marque"], r["marque_accueil"]) == ("oui", "oui")
    assert "site.css" in r["preuves"]["marque"][0]["extrait"] and r["preuves"]["marque"][0]["page"] == srv.url()
    assert cdn.requests() == []


def test_a_same_site_link_that_redirects_elsewhere_is_not_the_site_s_page() -> None:
    """A link of the site that redirects to another site (here: the official site, whose logo is the brand) is not
    read as one of the site's pages: its brand is not the commune's."""
    other = _Server("ailleurs", None, {"/le-bien/": _html('<p>Patrimoine</p><img src="/logo-bmpm.png" alt="">')}, 404)
    srv = _Server("commune", None, {
        "/": _html('<p>Bienvenue</p><a href="/patrimoine-mondial/">Notre patrimoine mondial</a>'),
        "/patrimoine-mondial/": _redirect(302, lambda _s: other.url("le-bien/")),
    }, 404)
    with _running(srv, other):
        r = crawl.audit_site(AuditSite("commune/x", "X", srv.url(), "commune", "test"), Fetcher(FAST), Targets())
    assert r["marque"] == "non"
    assert r["pages"][1] == {"url": srv.url("patrimoine-mondial/"), "statut": "exclue",
                             "detail": f"redirigée vers un autre site ({other.url('le-bien/')})"}


def test_the_audit_goes_on_after_errors(audit: dict[str, Any]) -> None:
    assert sorted(audit["seen"]) == sorted(s.key for s in audit["sites"])
    assert len(audit["records"]) == 12


def test_server_5xx_on_robots_keeps_the_site_out(audit: dict[str, Any]) -> None:
    assert audit["logs"]["prudent"] == [("GET", "/robots.txt")]


def test_no_retry_on_http_errors_and_one_request_at_a_time_per_host(audit: dict[str, Any], web: dict[str, Any]) -> None:
    assert audit["logs"]["pieges"].count(("GET", "/document")) == 1
    assert audit["logs"]["lent"].count(("GET", "/")) == 1
    assert web["pieges"].max_in_flight == 1


# --------------------------------------------------------------------------- results files


def test_results_are_written_sorted_and_deterministic(audit: dict[str, Any]) -> None:
    out, doc = audit["out"], audit["outcome"].document
    text = (out / f"{DATE}.json").read_text(encoding="utf-8")
    assert text == results.json_text(doc)
    loaded = json.loads(text)
    assert [s["cle"] for s in loaded["sites"]] == sorted(s.key for s in audit["sites"])
    assert loaded["date"] == DATE and loaded["parametres"]["version_extraits"] == CURRENT
    assert not results.partial_path(out, DATE).exists()
    assert audit_results.load_audits(out) == [loaded]


def test_csv_has_french_headers(audit: dict[str, Any]) -> None:
    raw = (audit["out"] / f"{DATE}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Clé", "Nom", "Catégorie"] and "Inscription mentionnée" in rows[0]
    assert len(rows) == 13
    vide = next(row for row in rows if row[0] == "commune/vide")
    assert vide[2] == "Communes" and vide[rows[0].index("Marque affichée")] == "non"


def test_partial_file_survives_a_cut_last_line(tmp_path: Path) -> None:
    path = tmp_path / ".2030-01-01.partiel.jsonl"
    path.write_text('{"cle": "commune/a", "url": "http://a.test/"}\n{"cle": "commune/b", "u', encoding="utf-8")
    assert list(results.read_partial(path)) == ["commune/a"]


def test_unreadable_audit_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "2030-01-01.json").write_text("{pas du json", encoding="utf-8")
    with pytest.raises(BuildError, match="fichier d’audit illisible"):
        audit_results.load_audits(tmp_path)


# --------------------------------------------------------------------------- the site page


def _old_audit() -> dict[str, Any]:
    rows = [{"cle": f"commune/c{i}", "nom": f"C{i}", "categorie": "commune", "url": f"https://c{i}.example/", "statut": "ok",
             "marque": "oui" if i < 1 else "non", "marque_accueil": "oui" if i < 1 else "non", "mention": "oui" if i < 2 else "non",
             "lien_officiel": "non", "lien_boite": "non recherché", "extrait": "non", "extrait_a_jour": "sans objet"}
            for i in range(4)]
    return {"date": "2029-01-01", "parametres": {"base_kits": "", "version_extraits": ""}, "sites": rows}


def test_report_without_audit_shows_2017_and_how_to_run() -> None:
    page = audit_page([])
    assert "Aucun audit n’a encore été lancé" in page
    assert f"9 l’affichaient (13{NNBSP}%)" in page and "69" in page and f"60{NNBSP}%" in page
    assert "make audit" in page and "<svg" not in page


def test_report_page(audit: dict[str, Any]) -> None:
    page = audit_page([audit["outcome"].document, _old_audit()])
    assert page == audit_page([_old_audit(), audit["outcome"].document]), "order of the files does not matter"
    assert "## Le dernier audit\u202f: 1ᵉʳ janvier 2030" in page
    # 12 sites, 6 read (the heavy page in part); errors apart.
    assert "12 sites audités, 6 lus, 6 en erreur" in page
    assert f"| Affichent la marque | 3 sur 6 | 50{NNBSP}% | 13{NNBSP}% (9 sur 69) |" in page
    assert f"| … dont avec un lien vers le site officiel | 2 sur 3 | 67{NNBSP}% | 3 sur 9 |" in page
    assert f"| Utilisent un extrait à jour (version du 1ᵉʳ juin 2025) | 1 sur 6 | 17{NNBSP}% | — |" in page
    assert f"| Communes | 2 | 50{NNBSP}% |" in page and "| Musées et sites | 1 |" in page
    assert f"| 2017 (référence) | 69 | 13{NNBSP}% | 60{NNBSP}% | — | — |" in page
    assert f"| 1ᵉʳ janvier 2029 | 4 | 25{NNBSP}% | 50{NNBSP}% | 0{NNBSP}% | — |" in page
    assert "extrait du 15 janvier 2024 à remplacer" in page
    assert "Serveur éteint" in page and "connexion refusée" in page


def test_report_chart_is_accessible_and_self_contained(audit: dict[str, Any]) -> None:
    page = audit_page([_old_audit(), audit["outcome"].document])
    svg = page[page.index("<svg"): page.index("</svg>") + 6]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "<script" not in page and not re.search(r"\s(href|src)=", svg)
    assert re.findall(r"https?://[^\s\"<>]+", svg) == ["http://www.w3.org/2000/svg"]
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["tables", "md_in_html", "attr_list"])
    assert svg.replace("\n", "") in html.replace("\n", ""), "the chart reaches the page untouched"
    assert html.count("<table>") == 4


def test_report_typography(audit: dict[str, Any]) -> None:
    page = audit_page([_old_audit(), audit["outcome"].document])
    prose = re.sub(r"```.*?```", "", page, flags=re.S)
    assert not re.search(r"\w [:;!?](\s|$)", prose, re.M), "no ordinary space before : ; ! ?"
    assert not re.search(r"\d %", prose) and "« " not in prose and " »" not in prose
    assert "'" not in prose.replace("&#x27;", "")


# --------------------------------------------------------------------------- the sites file and the command


BAD_SITES = """\
sites:
  - nom: Office de tourisme d’Exemple
    url: https://ot.example/
    categorie: office_de_tourisme
  - nom: Agglo d’Exemple
    url: https://agglo.example/
    categorie: agglo
  - nom: Musée d’Exemple
    adresse: https://musee.example/
    categorie: musee_site
  - nom: Bailleur d’Exemple
    url: www.bailleur.example
    categorie: bailleur
  - nom: Office de tourisme d’Exemple
    url: https://autre.example/
    categorie: office_de_tourisme
  - Une ligne sans champs
"""

BAD_SITES_ERRORS = [
    "content/audit/sites.yml:7: site « Agglo d’Exemple », champ « categorie » : « agglo » n’est pas une valeur permise"
    " ; valeurs permises : « commune », « agglomeration », « office_de_tourisme », « musee_site », « bailleur », « autre »",
    "content/audit/sites.yml:8: site « Musée d’Exemple », champ obligatoire « url » manquant",
    "content/audit/sites.yml:9: site « Musée d’Exemple », champ « adresse » : champ inconnu",
    "content/audit/sites.yml:12: site « Bailleur d’Exemple », champ « url » : « www.bailleur.example » n’est pas une adresse web"
    " (http:// ou https:// attendu)",
    "content/audit/sites.yml:14: site « Office de tourisme d’Exemple », champ « nom » : ce nom est déjà utilisé dans la même"
    " catégorie (ligne 2)",
    "content/audit/sites.yml:17: site n° 6 : un ensemble de champs (nom, url, categorie) est attendu, pas du texte",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A private copy of the real content/, named content so that messages read content/…, without the websites the
    directory import gave the communes: each test says which sites it audits (and no test reaches the network)."""
    dst = tmp_path / "content"
    shutil.copytree(CONTENT, dst, ignore=shutil.ignore_patterns("audits"))
    for record in (dst / "communes").glob("*.yml"):
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r"^  site_web: .*\n(?=(?:  .*\n)*elements:)", "", text, flags=re.M), encoding="utf-8")
    return dst


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_bad_sites_file_lists_every_mistake_in_french(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root, "audit/sites.yml", BAD_SITES)
    out = tmp_path / "audits"
    assert cli.main(["--content", str(root), "--sortie", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == sorted(BAD_SITES_ERRORS, key=lambda s: int(s.split(":")[1])) + [
        "6 erreurs ; aucun site n’a été audité."]
    assert "Traceback" not in err and not out.exists()


def test_yaml_syntax_error_names_the_line(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root, "audit/sites.yml", "sites:\n  - nom: X\n    url: https://x.example/\n   categorie: autre\n")
    assert cli.main(["--content", str(root), "--sortie", str(tmp_path / "a")]) == 2
    assert re.match(r"content/audit/sites\.yml:4: erreur de syntaxe YAML", capsys.readouterr().err)


@pytest.mark.parametrize(("text", "message"), [
    ("- nom: X\n  url: https://x.example/\n  categorie: autre\n",
     "sites.yml:1: le fichier commence par « sites: » suivi de la liste des sites ; trouvé : une liste"),
    ("site: []\n", "sites.yml:1: champ « site » : champ inconnu (vouliez-vous dire « sites » ?) ; seul « sites » est attendu"),
    ("sites: https://x.example/\n", "sites.yml:1: champ « sites » : une liste est attendue, pas du texte"),
])
def test_sites_file_shape_mistakes(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sites.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as e:
        licensees.read_sites_file(path, "sites.yml")
    assert str(e.value) == message


def test_comments_only_file_means_no_site(tmp_path: Path) -> None:
    path = tmp_path / "sites.yml"
    path.write_text("# rien encore\n", encoding="utf-8")
    assert licensees.read_sites_file(path, "sites.yml") == []


def test_shipped_sites_file_is_valid() -> None:
    template = ROOT / "content" / "audit" / "sites.yml"
    assert licensees.read_sites_file(template, "sites.yml") == []
    text = template.read_text(encoding="utf-8")
    assert all(line.startswith("#") for line in text.splitlines()[:-1]), "examples stay in comments"


def test_commune_records_and_sites_file_make_the_list(root: Path, web: dict[str, Any]) -> None:
    _set_site_web(root, "lens", f"http://lens.test:{web['complete'].port}/")
    _write(root, "audit/sites.yml", f"sites:\n  - nom: Village des Astuces\n    url: {web['astuces'].url()}\n    categorie: musee_site\n")
    found = sites.load_sites(root)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.snippet_version), "the stamp of today's snippets, from bien.yml"
    assert [(s.key, s.categorie, s.source) for s in found.sites] == [
        ("commune/lens", "commune", "content/communes/lens.yml"),
        ("musee_site/village-des-astuces", "musee_site", "content/audit/sites.yml:2")]
    _write(root, "audit/sites.yml", f"sites:\n  - nom: Lens bis\n    url: http://www.lens.test:{web['complete'].port}\n    categorie: autre\n")
    with pytest.raises(ContentErrors, match=r"sites\.yml:3: .*déjà auditée pour « Lens » \(content/communes/lens\.yml\)"):
        sites.load_sites(root)


def _set_site_web(root: Path, slug: str, url: str) -> None:
    path = root / "communes" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    nom = re.search(r"^nom: .*\n", text, re.M)
    assert nom
    path.write_text(text[: nom.end()] + f"site_web: {url}\n" + text[nom.end():], encoding="utf-8")


def test_command_resumes_an_interrupted_audit_without_refetching(
        root: Path, tmp_path: Path, web: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    _set_site_web(root, "carvin", f"http://carvin.test:{web['vide'].port}/")
    _set_site_web(root, "lens", f"http://lens.test:{web['complete'].port}/")
    _write(root, "audit/sites.yml", (
        "# Autres licenciés\nsites:\n"
        f"  - nom: Village des Astuces\n    url: {web['astuces'].url()}\n    categorie: musee_site\n"
        f"  - nom: Office de tourisme d’Exemple\n    url: {web['ancien'].url()}\n    categorie: office_de_tourisme\n"
        f"  - nom: Musée fermé\n    url: http://127.0.0.1:{web['dead']}/\n    categorie: musee_site\n"))
    out, date = tmp_path / "audits", "2030-01-02"
    listed = sites.load_sites(root).sites
    assert [s.key for s in listed] == ["commune/carvin", "commune/lens", "musee_site/musee-ferme",
                                       "musee_site/village-des-astuces", "office_de_tourisme/office-de-tourisme-d-exemple"]

    def ctrl_c(done: int, total: int, record: dict[str, Any]) -> None:
        raise KeyboardInterrupt  # as if Ctrl+C came right after the first site was saved

    with pytest.raises(Interrupted) as stopped:
        run_audit(listed, Options(date, out, _targets(web), FAST, concurrency=1), on_site=ctrl_c)
    assert (stopped.value.saved, stopped.value.total) == (1, 5)
    assert list(results.read_partial(results.partial_path(out, date))) == ["commune/carvin"]
    before = {name: len(web[name].requests()) for name in ("vide", "complete")}

    code = cli.main(["--content", str(root), "--sortie", str(out), "--date", date, "--sites", "1", "--pause", "0",
                     "--delai", "0,5", "--site-officiel", f"127.0.0.1:{web['officiel'].port}", "--base-kits", web["kits"],
                     "--version-extraits", CURRENT])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert len(web["vide"].requests()) == before["vide"], "the site already done is not fetched again"
    assert len(web["complete"].requests()) > before["complete"]
    assert f"Reprise de l’audit interrompu du {date} : 1 site(s) déjà audité(s) ne seront pas relus." in captured.err
    assert "Office de tourisme d’Exemple : marque oui" in captured.err
    assert captured.out.splitlines()[0] == f"Audit du {date} terminé : 5 site(s), 4 lu(s), 1 en erreur."
    assert "(1 site(s) repris de l’audit interrompu)." in captured.out
    doc = json.loads((out / f"{date}.json").read_text(encoding="utf-8"))
    assert [s["cle"] for s in doc["sites"]] == [s.key for s in listed]
    assert doc["sites"][0]["categorie"] == "commune" and doc["sites"][0]["declare_dans"] == "content/communes/carvin.yml"
    assert not results.partial_path(out, date).exists()


def test_resume_another_day_keeps_the_interrupted_date(
        root: Path, tmp_path: Path, web: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    url = web["vide"].url("autre-jour")
    _write(root, "audit/sites.yml", f"sites:\n  - nom: Sans-Marque bis\n    url: {url}\n    categorie: autre\n")
    out = tmp_path / "audits"
    out.mkdir()
    done = crawl.error_record(AuditSite("autre/sans-marque-bis", "Sans-Marque bis", url, "autre", "x"), "déjà vu")
    results.partial_path(out, "2030-02-02").write_text(json.dumps(done, ensure_ascii=False) + "\n", encoding="utf-8")
    before = len(web["vide"].requests())
    assert cli.main(["--content", str(root), "--sortie", str(out), "--reprendre", "--pause", "0"]) == 0
    assert len(web["vide"].requests()) == before
    assert json.loads((out / "2030-02-02.json").read_text(encoding="utf-8"))["sites"][0]["erreur"] == "déjà vu"
    assert "Reprise de l’audit interrompu du 2030-02-02" in capsys.readouterr().err


def test_command_with_nothing_to_audit(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--content", str(root), "--sortie", str(tmp_path / "a")]) == 0
    assert capsys.readouterr().out.startswith("Aucun site à auditer")


def test_command_options_are_checked_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        cli.main(["--sites", "0"])
    assert e.value.code == 2
    assert "un nombre entier positif est attendu, pas « 0 »" in capsys.readouterr().err


def test_fetcher_stops_on_request(web: dict[str, Any]) -> None:
    fetcher = Fetcher(FAST)
    fetcher.stop.set()
    with pytest.raises(Stopped):
        fetcher.get(web["vide"].url())


def test_make_validate_reports_the_sites_file_with_the_records(tmp_path: Path) -> None:
    """A mistake in content/audit/sites.yml shows with the records' own, all at once, file:line."""
    import shutil

    from generator import pipeline
    from generator.errors import ContentErrors

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "audit" / "sites.yml").write_text("sites:\n  - nom: Musée\n    url: musee.example\n    categorie: musee_site\n"
                                                "  - nom: Office\n    url: https://office.example/\n    categorie: office\n",
                                                encoding="utf-8")
    record = content / "communes" / "lens.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("insee: '62498'", "insee: 'abc'"), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        pipeline.validate(content)
    where = sorted({(e.path.split("content/")[-1], e.line) for e in caught.value.errors})
    assert any(p.endswith("audit/sites.yml") and line == 3 for p, line in where), where
    assert any(p.endswith("audit/sites.yml") and line == 7 for p, line in where), where
    assert any(p.endswith("communes/lens.yml") for p, _ in where), where


def test_the_main_command_passes_content_along_to_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m generator --content X audit …` reaches the audit with that folder, like the other commands."""
    from generator.__main__ import main

    with pytest.raises(SystemExit) as done:
        main(["--content", "ailleurs", "audit", "--help"])
    assert done.value.code == 0
    assert "Refaire l’audit" in capsys.readouterr().out
    assert main(["--content", "/dossier/absent", "audit"]) == 2


# --------------------------------------------------------------------------- the corpus with known answers


def test_the_audit_scores_at_least_95_percent_on_its_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """`make audit-eval` on tests/audit_corpus/evaluation/ (24 sites: WordPress, Drupal, Joomla, e-monsite, an agency's
    CMS, a frameset, hard negatives): precision and recall of every question at 0.95 or more, no site unread, and no
    page robots.txt forbids requested."""
    from generator.audit import evaluate

    assert evaluate.main([str(CORPUS / "evaluation")]) == 0
    ev = evaluate.evaluate(CORPUS / "evaluation")
    assert not ev.errors and not ev.forbidden, (ev.errors, ev.forbidden)
    for q, score in ev.scores.items():
        assert score.precision >= 0.95 and score.recall >= 0.95, (q, score)
        assert score.tp >= 3 and score.tn >= 2, f"{q} : trop peu de cas pour que le score veuille dire quelque chose"
    assert "précision" in capsys.readouterr().out


# --------------------------------------------------------------------------- --navigateur


APP_JS = b"""fetch('/api/interdit.json').catch(() => null);
fetch('/donnees/accueil.json').then(r => r.json()).then(d => {
  document.querySelector('#app').innerHTML = '<p>' + d.texte + '</p><img src="/img/logo-bmpm.png" alt="">';
});"""


def test_browser_mode_reads_a_javascript_site_with_the_same_politeness(tmp_path: Path) -> None:
    """A single-page application shows its brand and mention only once its script has run: the default mode sees
    nothing, --navigateur sees both; the page's requests go through the fetcher (robots.txt obeyed: /api/ is never
    asked), images are not fetched, and the page itself is read once."""
    from generator.audit import browser

    reason = browser.missing()
    if reason:
        if os.environ.get("BM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"BM_REQUIRE_BROWSER=1 mais {reason}", pytrace=False)
        pytest.skip(reason)
    srv = _Server("spa", None, {
        "/robots.txt": lambda _s: (200, {"Content-Type": "text/plain"}, [b"User-agent: *\nDisallow: /api/\n"]),
        "/": _html('<!DOCTYPE html><html lang="fr"><head><title>Ville</title><script src="/app.js" defer></script></head>'
                   '<body><div id="app">Chargement…</div></body></html>'),
        "/app.js": lambda _s: (200, {"Content-Type": "text/javascript"}, [APP_JS]),
        "/donnees/accueil.json": lambda _s: (200, {"Content-Type": "application/json"},
                                             ['{"texte": "Nos cités du Bassin minier sont inscrites au patrimoine mondial."}'.encode()]),
    }, 200)
    site = AuditSite("commune/spa", "SPA", srv.url(), "commune", "test")
    with _running(srv):
        plain = crawl.audit_site(site, Fetcher(FAST), Targets())
        fetcher = Fetcher(Policy(timeout=5.0, delay=0.0))
        renderer = browser.Renderer(fetcher)
        try:
            seen = crawl.audit_site(site, fetcher, Targets(), render=renderer.render)
        finally:
            renderer.close()
    assert (plain["marque"], plain["mention"]) == ("non", "non")
    assert (seen["marque"], seen["mention"]) == ("oui", "oui"), seen
    paths = [p for _, p in srv.requests()]
    assert "/api/interdit.json" not in paths and "/img/logo-bmpm.png" not in paths, paths
    assert paths.count("/") == 2 and "/donnees/accueil.json" in paths  # once per mode
