"""Audit one site: its home page, then a few heritage pages of the same site, into one JSON-ready record."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.audit import detect
from generator.audit.detect import Evidence, Findings, Snippet, Targets
from generator.audit.fetch import Disallowed, FetchError, Fetcher, size_fr
from generator.content.audit_results import ERROR, NO, NO_SNIPPET, NOT_SEARCHED, UNKNOWN, YES, fold
from generator.content.licensees import AuditSite

MAX_PAGES = 5
"""Pages read per site, home page included: where a commune speaks of its heritage is rarely deeper."""
MAX_RESOLVED = 3
"""Off-site links whose redirects may be followed, per site, to find a hidden link to the official site."""
MAX_EVIDENCE = 3
MAX_STYLESHEETS = 2
"""Same-site style sheets read per site, only when no page showed the brand: a logo may be a background image there."""

_HERITAGE = re.compile(r"\b(patrimoine|histoire|historique|culture|culturel(le)?|tourisme|touristique|decouvr(ir|ez)"
                       r"|decouverte|unesco|bassin +minier|memoire|mondial|visiter?)\b")
_STRONG = re.compile(r"\b(unesco|bassin +minier|patrimoine +mondial|mondial)\b")
_NOT_PAGES = re.compile(r"\.(pdf|docx?|xlsx?|odt|ods|odp|pptx?|zip|rar|7z|jpe?g|png|gif|svg|webp|avif|ico|mp3|mp4|"
                        r"avi|mov|webm|ics|xml|json|rss|csv|txt)$", re.I)
SHORTENERS = ("bit.ly", "buff.ly", "cutt.ly", "frama.link", "goo.gl", "is.gd", "lstu.fr", "ow.ly", "rebrand.ly",
              "shorturl.at", "t.co", "tiny.cc", "tinyurl.com", "urlz.fr")
"""Hosts whose links are followed (HEAD only) to see whether they lead to the official site."""


@dataclass(frozen=True)
class _Seen:
    page: str
    link: detect.Link


def same_site(a: str, b: str) -> bool:
    """Tell whether two URLs are on the same site (www. aside, same port)."""
    try:
        pa, pb = urlsplit(a), urlsplit(b)
        return ((pa.hostname or "").removeprefix("www.") == (pb.hostname or "").removeprefix("www.")
                and (pa.port or 0) == (pb.port or 0))
    except ValueError:
        return False


def heritage_score(link: detect.Link) -> int:
    """Return 2 for a link about the inscription, 1 for one about heritage or history, 0 otherwise."""
    words = fold(link.text + " " + unquote(urlsplit(link.url).path))
    if _STRONG.search(words):
        return 2
    return 1 if _HERITAGE.search(words) else 0


def pick_links(links: tuple[detect.Link, ...], home: str, known: set[str]) -> list[str]:
    """Return the same-site heritage pages among `links`, the most promising first, each once."""
    scored: list[tuple[int, int, str]] = []
    for i, link in enumerate(links):
        url = link.url
        if url in known or not url.startswith(("http://", "https://")) or not same_site(url, home):
            continue
        if _NOT_PAGES.search(urlsplit(url).path):
            continue
        score = heritage_score(link)
        if score:
            known.add(url)
            scored.append((-score, i, url))
    return [url for _, _, url in sorted(scored)]


def yes_no(found: bool) -> str:
    return YES if found else NO


def _base_record(site: AuditSite) -> dict[str, Any]:
    return {"cle": site.key, "nom": site.nom, "categorie": site.categorie, "url": site.url, "declare_dans": site.source}


def error_record(site: AuditSite, message: str, pages: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The record of a site whose home page could not be read: every indicator is « erreur », never « non »."""
    return {**_base_record(site), "statut": ERROR, "erreur": message, "url_finale": "",
            "pages": pages or [{"url": site.url, "statut": ERROR, "detail": message}],
            "marque": ERROR, "marque_accueil": ERROR, "mention": ERROR, "mention_bassin_minier": ERROR,
            "lien_officiel": ERROR, "lien_boite": ERROR, "extrait": ERROR, "extrait_versions": [], "extrait_a_jour": ERROR,
            "preuves": {}}


def audit_site(site: AuditSite, fetcher: Fetcher, targets: Targets, max_pages: int = MAX_PAGES,
               max_resolved: int = MAX_RESOLVED, render: Callable[[str, str], str] | None = None) -> dict[str, Any]:
    """Read the site's home page and up to max_pages - 1 heritage pages; return its record. `render` (the
    --navigateur mode) gives a page's HTML once its scripts have run, from its address and its HTML as fetched.

    A page that fails is noted and the others are read; only a failed home page makes the
    whole site « erreur ». fetch.Stopped (Ctrl+C) goes through: an interrupted site is not recorded.
    """
    pages: list[dict[str, str]] = []
    findings: list[Findings] = []
    queue = [site.url]
    known = {site.url}
    done: set[str] = set()
    home = ""
    home_parts: set[str] = set()  # the home page and its frames (what they show is on the home page)
    attempts = 0
    while queue and attempts < max_pages:
        url = queue.pop(0)
        attempts += 1
        try:
            page = fetcher.get(url)
        except Disallowed as e:
            attempts -= 1  # nothing was asked of the page itself
            pages.append({"url": url, "statut": "exclue", "detail": str(e)})
            if not home:
                return error_record(site, str(e), pages)
            continue
        except FetchError as e:
            pages.append({"url": url, "statut": ERROR, "detail": str(e)})
            if not home:
                return error_record(site, str(e), pages)
            continue
        if page.final_url in done:
            continue  # two links, one page after redirects
        if home and not same_site(page.final_url, home):
            # A link of the site that redirects elsewhere: that page is not the site's (its logo is not the commune's).
            attempts -= 1
            pages.append({"url": url, "statut": "exclue", "detail": f"redirigée vers un autre site ({page.final_url})"})
            continue
        done.add(page.final_url)
        home = home or page.final_url
        known.add(page.final_url)
        detail = "" if page.final_url == url else f"redirigée depuis {url}"
        if page.truncated:
            detail = "; ".join(x for x in (detail, f"lue en partie : ses {size_fr(fetcher.policy.max_bytes)} premiers") if x)
        found = detect.analyse(render(page.final_url, page.html) if render else page.html, page.final_url, targets)
        if found.refresh and found.refresh not in known and found.refresh.startswith(("http://", "https://")) \
                and (len(findings) == 0 or same_site(found.refresh, home)):
            # A page that sends the visitor on at once (a home page that is only a <meta> refresh): read where it goes.
            known.add(found.refresh)
            queue.insert(0, found.refresh)
            if not findings:  # the home page is where it sends
                home, attempts = "", attempts - 1
                pages.append({"url": page.final_url, "statut": "lue", "detail": f"renvoie vers {found.refresh}"})
                continue
        pages.append({"url": page.final_url, "statut": "lue", "detail": detail})
        findings.append(found)
        # A page's frames and same-site iframes are part of what its visitor sees: read them next.
        parts = [f for f in found.frames if same_site(f, home) and f not in known and not _NOT_PAGES.search(urlsplit(f).path)]
        known.update(parts)
        queue[:0] = parts
        if len(findings) == 1 or url in home_parts:
            home_parts.update([page.final_url, *parts])
        queue.extend(pick_links(found.links, home, known))

    if not any(f.brand for f in findings):
        findings = _brand_in_stylesheets(findings, home, fetcher, targets)
    official = [e for f in findings for e in f.official_link]
    if not official:
        official = _redirected_official(findings, home, fetcher, targets, max_resolved)
    return _record(site, home, pages, findings, official, targets, home_parts)


def _brand_in_stylesheets(findings: list[Findings], home: str, fetcher: Fetcher, targets: Targets) -> list[Findings]:
    """The pages' findings, with the brand found in the same-site style sheets they load (the first few)."""
    read: set[str] = set()
    out = []
    for f in findings:
        extra: list[Evidence] = []
        for sheet in f.stylesheets:
            if sheet in read or len(read) >= MAX_STYLESHEETS or not same_site(sheet, home):
                continue
            read.add(sheet)
            try:
                css = fetcher.get(sheet, html_only=False).html
            except FetchError:  # robots.txt or a missing sheet: it says nothing about the brand
                continue
            extra.extend(detect.stylesheet_brand(css, sheet, f.page, targets))
        out.append(dataclasses.replace(f, brand=f.brand + tuple(extra)) if extra else f)
    return out


def _redirected_official(findings: list[Findings], home: str, fetcher: Fetcher, targets: Targets,
                         max_resolved: int) -> list[Evidence]:
    """Follow a few off-site links that may lead to the official site (a shortener, or a text naming the Basin)."""
    candidates: list[_Seen] = []
    urls: set[str] = set()
    for f in findings:
        for link in f.links:
            if link.url in urls or same_site(link.url, home) or not link.url.startswith(("http://", "https://")) \
                    or detect.is_under(link.url, targets.kits_base):
                continue  # the toolbox's own pages lead to no official link of the site's
            host = (urlsplit(link.url).hostname or "").removeprefix("www.")
            if host in SHORTENERS or _STRONG.search(fold(link.text)):
                urls.add(link.url)
                candidates.append(_Seen(f.page, link))
    found: list[Evidence] = []
    for seen in candidates[:max_resolved]:
        final = fetcher.resolve(seen.link.url, lambda u: detect.host_matches(u, targets.official_hosts))
        if final and detect.host_matches(final, targets.official_hosts):
            text = f"{seen.link.text} : " if seen.link.text else ""
            found.append(Evidence(seen.page, detect.clip(f"{text}{seen.link.url} → {final}")))
    return found


def _record(site: AuditSite, home: str, pages: list[dict[str, str]], findings: list[Findings],
            official: list[Evidence], targets: Targets, home_parts: Collection[str]) -> dict[str, Any]:
    brand = [e for f in findings for e in f.brand]
    mention = [e for f in findings for e in f.mention]
    kit = [e for f in findings for e in f.kit_link]
    snippets = [s for f in findings for s in f.snippets]
    versions = sorted({s.version for s in snippets if s.version})
    fresh = freshness(snippets, targets.current_version)
    evidence = {"marque": brand, "mention": mention, "lien_officiel": official, "lien_boite": kit,
                "extrait": [s.evidence for s in snippets]}
    return {
        **_base_record(site), "statut": "ok", "erreur": "", "url_finale": home, "pages": pages,
        "marque": yes_no(bool(brand)),
        "marque_accueil": yes_no(any(f.brand for f in findings if f.page in home_parts)),
        "mention": yes_no(bool(mention)), "mention_bassin_minier": yes_no(any(f.mention_basin for f in findings)),
        "lien_officiel": yes_no(bool(official)),
        "lien_boite": yes_no(bool(kit)) if targets.kits_base else NOT_SEARCHED,
        "extrait": yes_no(bool(snippets)), "extrait_versions": versions, "extrait_a_jour": fresh,
        "preuves": {k: [e.as_dict() for e in _unique(v)[:MAX_EVIDENCE]] for k, v in evidence.items() if v},
    }


def freshness(snippets: list[Snippet], current: str) -> str:
    """Tell whether a site's snippets are current: « oui », « non », « inconnu » or « sans objet » (none)."""
    if not snippets:
        return NO_SNIPPET
    stamped = [s.version for s in snippets if s.version]
    if stamped:
        # One stale copy left anywhere is something to update: the site is current only when all are.
        return yes_no(min(stamped) >= current) if current else UNKNOWN
    # Unstamped: a live embed shows what the toolbox serves today; a bare bmpm- class tells nothing.
    return YES if any(s.live for s in snippets) else UNKNOWN


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    return list(dict.fromkeys(evidence))
