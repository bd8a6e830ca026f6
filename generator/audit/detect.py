"""Find the brand, the inscription, the links and our snippets in one HTML page. Pure: no I/O.

Every finding carries its evidence (page and a fragment of at most 160 characters) so that
a person can check the audit's answer without refetching the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from generator.content.audit_results import fold, fold_map

OFFICIAL_HOSTS = ("bassinminier-patrimoinemondial.org",)
"""The official heritage site (DOMAIN.md); any subdomain and scheme counts. Tests inject 127.0.0.1:port."""

FRAGMENT_MAX = 160
EMBED_PATH = "integrer/"
"""Where the toolbox serves its embeddable snippets, under its base URL."""

VERSION = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")

# Patterns run on folded text: accents stripped, lower case, every non-alphanumeric character a space.
_BRAND_NAME = re.compile(r"\bbassin +minier +patrimoine +mondial\b|\bmarque +bassin +minier\b|\bbmpm\b")
_BRAND_FILE = re.compile(r"\bbmpm(?![a-z])|\bbassin ?minier ?patrimoine ?mondial|\bmarque ?bassin ?minier|\bbassinminier ?patrimoine")
_MENTION = re.compile(r"\bpatrimoine +mondial\b|\bunesco\b|\bworld +heritage\b|\bpatrimoine +de +l +humanite\b")
_BASIN = re.compile(r"\bbassin +minier\b")
_NEAR = 200
_OTHER = re.compile(r"\b(beffrois?|belfr(y|ies)|vauban|citadelles?|fortifications?|compostelle|saint +jacques|cathedrales?"
                    r"|funeraires?|memoriels?)\b")
"""The region's other World Heritage properties (belfries, Vauban's fortifications, the ways to Compostela, Amiens
cathedral, the First World War's funerary and memorial sites): a sentence about one of them, and not about the Basin,
mentions that inscription, not this one."""
_SENTENCE = re.compile(r"[^.!?\n]+")
_BASIN_AS_PLACE = re.compile(r"\b(pres|proche|aupres|au +c(?:oe|œ)ur|aux +portes|a +deux +pas|non +loin|voisine?s?|dans|en +plein) +(du|de +l|le|des)"
                             r" +bassin +minier\b")
"""« près du bassin minier », « au cœur du bassin minier »: the Basin as a place, not as what is inscribed."""
_REDIRECT_KEYS = ("u", "url", "q", "target", "to", "dest", "destination", "redirect", "link")
"""Where a link redirector (Facebook's l.php, Google's /url, LinkedIn's…) keeps the address it leads to."""
"""How close (in characters) « bassin minier » must be for a mention to be about this property and not, say, a belfry."""

_REFRESH = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s]+)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_SKIPPED = {"script", "template"}
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q",
           "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
_IMAGE_ATTRS = ("src", "data-src", "data-lazy-src", "data-lazy", "data-original", "srcset", "data-srcset", "data-lazy-srcset")
_BACKGROUND_ATTRS = ("data-bg", "data-background", "data-background-image", "data-bg-src")
"""Lazy-loading scripts keep a background image here until it is shown, on any element, bare or as url(…)."""
_NOT_THE_BRAND = re.compile(r"\bunesco\b|\bembleme\b|\bemblem\b")
"""The UNESCO emblem, and the property's UNESCO logo, are UNESCO's: never the Mission's brand (DOMAIN.md)."""
_PHOTO = re.compile(r"\b(jpe?g)$")
_LOGO_WORD = re.compile(r"\bbmpm(?![a-z])|logo|marque|bloc|pictogramme")
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre")
_STAMP = re.compile(r"\binformations +a +jour +au +(\d{1,2})(?: ?er)? +(" + "|".join(MONTHS) + r") +(\d{4})\b")
"""The visible stamp every snippet ends with (« Informations à jour au 25 novembre 2026 »), folded."""


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a finding was seen: the page and a short fragment of it."""

    page: str
    fragment: str

    def as_dict(self) -> dict[str, str]:
        return {"page": self.page, "extrait": self.fragment}


@dataclass(frozen=True)
class Link:
    """A link of the page: absolute URL without fragment, and its text (anchor text, title, image alt)."""

    url: str
    text: str


@dataclass(frozen=True)
class Snippet:
    """One of the toolbox's snippets found on a page; version is "" when it carries no stamp."""

    version: str
    evidence: Evidence
    live: bool = False
    """An iframe of the toolbox's embed pages: served by the toolbox itself, hence always current."""


@dataclass(frozen=True)
class Targets:
    """What the audit looks for beyond the brand: the official site, the toolbox and its current snippet version."""

    official_hosts: tuple[str, ...] = OFFICIAL_HOSTS
    kits_base: str = ""
    """The toolbox's published address (SITE_URL); "" when unknown: no link to the toolbox is looked for."""
    current_version: str = ""
    """Stamp of the snippets the toolbox hands out today (AAAA-MM-JJ); "" when unknown."""


@dataclass(frozen=True)
class Findings:
    """Everything one page says, each list in document order."""

    page: str = ""
    brand: tuple[Evidence, ...] = ()
    mention: tuple[Evidence, ...] = ()
    mention_basin: bool = False
    """At least one mention stands near « bassin minier »."""
    official_link: tuple[Evidence, ...] = ()
    kit_link: tuple[Evidence, ...] = ()
    snippets: tuple[Snippet, ...] = ()
    links: tuple[Link, ...] = field(default=(), repr=False)
    refresh: str = ""
    """Where a <meta http-equiv="refresh"> sends the visitor (absolute), "" without one."""
    frames: tuple[str, ...] = ()
    """The pages shown inside this one (<frame>, <iframe>; the toolbox's embeds aside), absolute, in document order."""
    stylesheets: tuple[str, ...] = ()
    """The page's external style sheets (<link rel="stylesheet">), absolute, in document order."""


def clip(text: str, limit: int = FRAGMENT_MAX) -> str:
    """Collapse white space and cut to `limit` characters, ending with … when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(text: str, start: int, end: int, limit: int = FRAGMENT_MAX) -> str:
    """Return the match text[start:end] with some context, at most `limit` characters once collapsed."""
    room = max(0, (limit - (end - start)) // 2 - 2)
    lo, hi = max(0, start - room), min(len(text), end + room)
    body = " ".join(text[lo:hi].split())
    body = ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
    return clip(body, limit)


def file_name(url: str) -> str:
    """Return the folded last path segment of `url` (« logo_BMPM 2024.png » → « logo bmpm 2024 png »)."""
    path = urlsplit(url.strip()).path
    return fold(unquote(path.rsplit("/", 1)[-1]))


def is_brand_file(url: str) -> bool:
    """Tell whether an image file name names the brand (bmpm, bassin-minier-patrimoine-mondial…): not the UNESCO
    emblem or the property's UNESCO logo, and not a photo (a JPEG) that only has the property's name in its file name."""
    if url.strip().lower().startswith("data:"):
        return False
    name = file_name(url)
    return _names_brand(name) and not (_PHOTO.search(name) and not _LOGO_WORD.search(name))


def _names_brand(folded: str) -> bool:
    """A folded file or symbol name that names the brand, and not the UNESCO emblem or the property's UNESCO logo."""
    return bool(_BRAND_FILE.search(folded)) and not _NOT_THE_BRAND.search(folded)


def is_sprite_brand(href: str) -> bool:
    """Tell whether an SVG sprite's <use> names the brand's symbol (« #logo-bmpm », « sprite.svg#bassin-minier… »)."""
    return "#" in href and _names_brand(fold(unquote(href.rsplit("#", 1)[-1])))


def is_kit_brand_block(url: str, kits_base: str) -> bool:
    """Tell whether an image is one of the toolbox's brand blocks, hot-linked (…/logos/lens-bloc-marque-couleur.svg)."""
    return is_under(url, kits_base) and "bloc marque" in file_name(url)


def is_brand_name(text: str) -> bool:
    """Tell whether a label (alt, title) names the brand, and not the UNESCO emblem or the property's UNESCO logo."""
    folded = fold(text)
    return bool(_BRAND_NAME.search(folded)) and not _NOT_THE_BRAND.search(folded)


def _stamp_date(m: re.Match[str]) -> str:
    """The date of a snippet's visible stamp (a match of _STAMP on folded text), as AAAA-MM-JJ."""
    return f"{m[3]}-{MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"


def host_matches(url: str, hosts: tuple[str, ...]) -> bool:
    """Tell whether `url` is on one of `hosts` or their subdomains; an entry host:port must match exactly."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https", ""):
        return False
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return False
    for wanted in hosts:
        wanted = wanted.lower().rstrip(".")
        if ":" in wanted:
            if f"{host}:{port}" == wanted:
                return True
        elif host == wanted or host.endswith("." + wanted):
            return True
    return False


def is_under(url: str, base: str) -> bool:
    """Tell whether `url` is `base` or below it, whatever the scheme (http or https)."""
    if not base:
        return False
    try:
        u, b = urlsplit(url.strip()), urlsplit(base.strip())
        same_port = (u.port or 0) == (b.port or 0)
    except ValueError:
        return False
    if u.scheme not in ("http", "https") or (u.hostname or "") != (b.hostname or "") or not same_port:
        return False
    prefix = b.path if b.path.endswith("/") else b.path + "/"
    path = u.path if u.path.endswith("/") else u.path + "/"
    return path.startswith(prefix)


def unwrapped(url: str) -> str:
    """The address a link redirector leads to (« https://l.facebook.com/l.php?u=https%3A%2F%2F… »), or `url` itself."""
    try:
        query = parse_qs(urlsplit(url).query)
    except ValueError:
        return url
    for key in _REDIRECT_KEYS:
        for value in query.get(key, []):
            if value.lower().startswith(("http://", "https://")):
                return value.strip()
    return url


def embed_version(url: str, base: str) -> str | None:
    """Return the version stamp of an embed of the toolbox ("" without one), or None if `url` is no embed."""
    if not base:
        return None
    prefix = base if base.endswith("/") else base + "/"
    embed_base = urljoin(prefix, EMBED_PATH)
    if not is_under(url, embed_base):
        return None
    query = parse_qs(urlsplit(url).query)
    for key in ("v", "version"):
        for value in query.get(key, []):
            if VERSION.fullmatch(value):
                return value
    found = VERSION.search(unquote(urlsplit(url).path))
    return found.group(1) if found else ""


class _Page(HTMLParser):
    """One pass over the page collecting text, images, CSS urls, links, iframes and snippet markers."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = page_url
        self.base_seen = False
        self.text: list[str] = []
        self.skip = 0
        self.in_style = False
        self.svg_depth = 0
        self.svg_title = False
        self.styles: list[str] = []
        self.images: list[tuple[list[str], str, str]] = []  # (urls, labels, tag)
        self.css: list[str] = []  # inline style attributes and <style> contents
        self.svg_labels: list[str] = []
        self.links: list[tuple[str, list[str], str]] = []
        self.anchor: list[str] | None = None
        self.iframes: list[tuple[str, str]] = []
        self.markers: list[tuple[str, str]] = []  # (version, tag)
        self.sprites: list[str] = []  # <use> of a brand symbol
        self.refresh = ""
        self.stylesheets: list[str] = []

    def _tag_text(self) -> str:
        return clip(self.get_starttag_text() or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag in _SKIPPED:
            self.skip += 1
            return
        if tag not in _INLINE:
            self.text.append(" ")
        if tag == "base" and a.get("href") and not self.base_seen:
            self.base, self.base_seen = urljoin(self.base, a["href"].strip()), True
        if tag == "style":
            self.in_style = True
        if tag == "meta" and a.get("http-equiv", "").strip().lower() == "refresh" and not self.refresh:
            m = _REFRESH.match(a.get("content", ""))
            if m:
                self.refresh = urljoin(self.base, m.group(1))
        if tag == "svg":
            self.svg_depth += 1
            if a.get("aria-label"):
                self.svg_labels.append(a["aria-label"])
        if tag == "title" and self.svg_depth:
            self.svg_title = True
        if a.get("style"):
            self.css.append(a["style"])
        for name in _BACKGROUND_ATTRS:
            value = a.get(name, "").strip()
            if value:
                self.css.append(value if "url(" in value else f"url({value})")
        if tag == "use":
            href = a.get("href") or a.get("xlink:href") or ""
            if is_sprite_brand(href):
                self.sprites.append(self._tag_text())
        self._marker(a)
        if tag in ("img", "source", "input", "image"):
            urls = []
            for name in _IMAGE_ATTRS + ("href", "xlink:href"):
                value = a.get(name, "").strip()
                if not value:
                    continue
                if "srcset" in name:
                    urls.extend(part.split()[0] for part in value.split(",") if part.split())
                elif name in _IMAGE_ATTRS or tag == "image":
                    urls.append(value)
            # A logo with an empty alt may be named by the link around it (its title or aria-label).
            around = self.anchor[:2] if self.anchor is not None else []
            labels = " ".join(x for x in (a.get("alt", ""), a.get("title", ""), *around) if x)
            self.images.append(([urljoin(self.base, u) for u in urls], labels, self._tag_text()))
            if a.get("alt"):
                # Alternative text is text: a mention may live only there (see the issue).
                self.text.append(f" {a['alt']} ")
                if self.anchor is not None:
                    self.anchor.append(a["alt"])
        if tag in ("a", "area") and a.get("href"):
            self.anchor = [a.get("title", ""), a.get("aria-label", "")]
            self.links.append((a["href"].strip(), self.anchor, self._tag_text()))
        if tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href"):
            self.stylesheets.append(urljoin(self.base, a["href"].strip()))
        if tag in ("iframe", "frame") and a.get("src"):
            self.iframes.append((urljoin(self.base, a["src"].strip()), self._tag_text()))

    def _marker(self, a: dict[str, str]) -> None:
        # Our snippets' classes all start with « bmpm- »; a bare « bmpm » is a site's own class, not a snippet.
        classes = a.get("class", "").split()
        if "data-bmpm-version" in a or any(c.startswith("bmpm-") for c in classes):
            version = a.get("data-bmpm-version", "").strip()
            self.markers.append((version if VERSION.fullmatch(version) else "", self._tag_text()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if tag not in _INLINE:
            self.text.append(" ")
        if tag == "style":
            self.in_style = False
        if tag == "svg":
            self.svg_depth = max(0, self.svg_depth - 1)
        if tag == "title":
            self.svg_title = False
        if tag in ("a", "area"):
            self.anchor = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_style:
            self.css.append(data)
            return
        if self.svg_title:
            self.svg_labels.append(data)
        self.text.append(data)
        if self.anchor is not None:
            self.anchor.append(data)


def analyse(html: str, page_url: str, targets: Targets = Targets()) -> Findings:
    """Return what `html`, read at `page_url`, shows of the brand, the inscription, the links and the snippets."""
    p = _Page(page_url)
    p.feed(html)
    p.close()
    ev = lambda fragment: Evidence(page_url, clip(fragment))  # noqa: E731

    brand: list[Evidence] = []
    for urls, labels, tag in p.images:
        if any(is_brand_file(u) or is_kit_brand_block(u, targets.kits_base) for u in urls) or (labels and is_brand_name(labels)):
            brand.append(ev(tag))
    for css in p.css:
        brand.extend(Evidence(page_url, quoted) for quoted in _css_brand(css, p.base, targets))
    for label in p.svg_labels:
        if is_brand_name(label):
            brand.append(ev(f"<svg> « {label.strip()} »"))
    brand.extend(ev(tag) for tag in p.sprites)

    # A snippet's nested elements all carry bmpm- classes: one finding per stamped element, or the first
    # marker when none is stamped, keeps the evidence readable.
    stamped = [(version, tag) for version, tag in p.markers if version]
    snippets = [Snippet(version, ev(tag)) for version, tag in (stamped or p.markers[:1])]
    frames: list[str] = []
    for src, tag in p.iframes:
        version = embed_version(src, targets.kits_base)
        if version is not None:
            snippets.append(Snippet(version, ev(tag), live=True))
        elif src.startswith(("http://", "https://")):
            frames.append(src.split("#", 1)[0])
    # The snippets the toolbox hands out all display the brand block (issue 6).
    brand.extend(s.evidence for s in snippets[:1])

    text = "".join(p.text)
    folded, where = fold_map(text)
    mention, near = _mentions(text, folded, where, page_url)
    # A snippet whose attributes a filter removed (Drupal's Basic HTML keeps neither class nor data-): known by its
    # visible stamp and a link to the toolbox, both still there.
    stamp = _STAMP.search(folded)
    if stamp and not snippets and any(is_under(urljoin(p.base, href), targets.kits_base) for href, _parts, _tag in p.links):
        quoted = _quote(text, where[stamp.start()], where[stamp.end() - 1] + 1)
        snippets.append(Snippet(_stamp_date(stamp), Evidence(page_url, quoted)))

    official: list[Evidence] = []
    kit: list[Evidence] = []
    links: list[Link] = []
    for href, parts, tag in p.links:
        absolute = urljoin(p.base, href).split("#", 1)[0]
        label = " ".join(" ".join(parts).split())
        if href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
            continue
        links.append(Link(absolute, label))
        bare = href.lower().removeprefix("www.")
        through = unwrapped(absolute)
        if host_matches(absolute, targets.official_hosts) or any(bare.startswith(h.lower()) for h in targets.official_hosts) \
                or (through != absolute and host_matches(through, targets.official_hosts)):
            official.append(ev(tag + (f" {label}" if label else "")))
        elif is_under(absolute, targets.kits_base):
            kit.append(ev(tag + (f" {label}" if label else "")))
    return Findings(page_url, tuple(brand), tuple(mention), near, tuple(official), tuple(kit), tuple(snippets), tuple(links),
                    p.refresh, tuple(dict.fromkeys(frames)), tuple(dict.fromkeys(p.stylesheets)))


def stylesheet_brand(css: str, sheet_url: str, page_url: str, targets: Targets = Targets()) -> list[Evidence]:
    """The brand in an external style sheet (a background image named after it), as evidence from the page that
    loads the sheet; the sheet's own url()s are relative to it."""
    return [Evidence(page_url, clip(f"{sheet_url.rsplit('/', 1)[-1]} : {quoted}")) for quoted in _css_brand(css, sheet_url, targets, 120)]


def _css_brand(css: str, base: str, targets: Targets, limit: int = FRAGMENT_MAX) -> list[str]:
    """The url()s of `css` (relative to `base`) that show the brand, each quoted with some context."""
    found = []
    for m in _CSS_URL.finditer(css):
        url = next(g for g in m.groups() if g is not None)
        if url and (is_brand_file(url) or is_kit_brand_block(urljoin(base, url), targets.kits_base)):
            found.append(_quote(css, m.start(), m.end(), limit))
    return found


def _mentions(text: str, folded: str, where: list[int], page_url: str) -> tuple[list[Evidence], bool]:
    """Return the evidence of a mention of the inscription (the one near « bassin minier » first) and whether one is near
    (`folded`, `where`: fold_map(text))."""
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]

    def about_another(i: int) -> bool:
        start, end = next(((a, b) for a, b in sentences if a <= i < b), (i, i + 1))
        sentence = fold(text[start:end])
        return bool(_OTHER.search(sentence)) and not _BASIN.search(_BASIN_AS_PLACE.sub(" ", sentence))

    matches = [m for m in _MENTION.finditer(folded) if not about_another(where[m.start()])]
    if not matches:
        return [], False
    basins = [m.start() for m in _BASIN.finditer(folded)]
    near = [m for m in matches if any(m.start() - _NEAR <= b <= m.end() + _NEAR for b in basins)]
    best = near[0] if near else matches[0]
    start, end = where[best.start()], where[best.end() - 1] + 1
    return [Evidence(page_url, _quote(text, start, end))], bool(near)
