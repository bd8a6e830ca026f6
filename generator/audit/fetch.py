"""Polite fetching: robots.txt, one request at a time per host, bounded everything.

The audit reads other people's websites, often small municipal servers: it names itself, asks
robots.txt first, never hits a host with two requests at once, waits between requests, gives up
quickly and never retries an answer the server gave on purpose (4xx, 5xx).
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from protego import Protego

USER_AGENT = "BoiteAOutilsBassinMinier/0.1"
"""How the audit names itself: the token robots.txt rules can name. HTTP headers are ASCII only."""

REDIRECTS = {301, 302, 303, 307, 308}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
ROBOTS_MAX_BYTES = 500 * 1024
"""RFC 9309 lets a crawler stop parsing robots.txt after 500 KiB."""
MAX_CRAWL_DELAY = 5.0
"""A Crawl-delay above this is capped: the audit reads a handful of pages, not the whole site."""


def user_agent(info_url: str = "") -> str:
    """Return the User-Agent header: our name and where a webmaster learns what we do (the toolbox's site)."""
    about = f"+{info_url}" if info_url else "audit de visibilite de la marque Bassin minier Patrimoine mondial"
    return f"{USER_AGENT} ({about})".encode("ascii", "ignore").decode("ascii")


class FetchError(Exception):
    """A page could not be read; the message is French and goes into the results as is."""


class Disallowed(FetchError):
    """robots.txt asks us not to read this page."""


class Stopped(Exception):
    """The audit is being interrupted (Ctrl+C): give up before the next request."""


@dataclass(frozen=True)
class Policy:
    """The bounds of every fetch; tests shrink them."""

    timeout: float = 10.0
    """Seconds to wait for a connection or for each piece of an answer."""
    max_bytes: int = 2_000_000
    """What is read of a page at most: a heavier page is read up to here (its start), not refused."""
    max_redirects: int = 5
    delay: float = 1.0
    """Seconds between two requests to the same host (raised by the site's Crawl-delay)."""
    user_agent: str = user_agent()


@dataclass(frozen=True)
class Page:
    """A fetched HTML page: the address asked for, the one reached after redirects, and the text."""

    url: str
    final_url: str
    html: str
    truncated: bool = False
    """Only the page's first Policy.max_bytes were read."""
    mime: str = ""


@dataclass
class _Answer:
    status: int
    reason: str
    location: str = ""
    mime: str = ""
    charset: str = ""
    body: bytes = b""
    truncated: bool = False


@dataclass
class _Robots:
    parser: Protego | None = None
    error: str = ""
    """Why nothing on this origin may be read (robots.txt answered 5xx, or the server is unreachable)."""
    delay: float = 0.0


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")
    delay: float = 0.0


def size_fr(n: int) -> str:
    """Return « 2 Mo », « 50 ko »: sizes in the messages."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g}".replace(".", ",") + "\u202fMo"
    return f"{max(1, n // 1000)}\u202fko"


def seconds_fr(s: float) -> str:
    """Return « 10 s », « 0,5 s »."""
    return f"{s:g}".replace(".", ",") + "\u202fs"


def check_url(url: str) -> tuple[str, str, int | None, str]:
    """Return (scheme, ASCII host, port, request target) of an http(s) URL; raise FetchError if it is malformed."""
    bad = f"adresse mal formée : « {url} »"
    # A space in a path is what a CMS link often holds (browsers send %20); in a host, or as a control character, it is a typo.
    if not isinstance(url, str) or any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise FetchError(bad)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(bad) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{bad} (http:// ou https:// attendu)")
    host = (parts.hostname or "").rstrip(".")
    if not host or parts.username is not None:
        raise FetchError(bad)
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(bad) from None
    if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+", ascii_host):
        raise FetchError(bad)
    # Links often hold accents or spaces as typed in the CMS: encode what HTTP forbids, keep what is already encoded.
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return parts.scheme, ascii_host, port, target


def origin(url: str) -> str:
    """Return scheme://host[:port] of `url`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _network_message(e: BaseException, timeout: float) -> str:
    if isinstance(e, (socket.timeout, TimeoutError)):
        return f"pas de réponse en {seconds_fr(timeout)}"
    if isinstance(e, ConnectionRefusedError):
        return "connexion refusée : le serveur ne répond pas à cette adresse"
    if isinstance(e, ConnectionResetError):
        return "connexion interrompue par le serveur"
    if isinstance(e, socket.gaierror):
        return "nom de domaine introuvable"
    if isinstance(e, ssl.SSLCertVerificationError):
        return "certificat HTTPS invalide"
    if isinstance(e, ssl.SSLError):
        return "échec de la connexion sécurisée (HTTPS)"
    if isinstance(e, http.client.HTTPException):
        return "réponse HTTP invalide"
    if isinstance(e, OSError) and e.strerror:
        return f"erreur réseau ({e.strerror})"
    return f"erreur réseau ({type(e).__name__})"


def status_message(status: int, reason: str) -> str:
    """Name an HTTP error status in French."""
    names = {401: "accès refusé", 403: "accès refusé", 404: "page introuvable", 410: "page supprimée",
             429: "trop de requêtes : le serveur demande de ralentir"}
    name = names.get(status) or ("erreur du serveur" if status >= 500 else "requête refusée")
    return f"{name} (HTTP {status})"


def _decode(body: bytes, charset: str) -> str:
    if not charset:
        head = body[:2048].decode("ascii", "replace")
        m = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", head, re.I)
        charset = m.group(1) if m else ""
    for name in (charset, "utf-8"):
        if not name:
            continue
        try:
            return body.decode(name)
        except UnicodeDecodeError as e:
            if e.start >= len(body) - 3 and e.reason == "unexpected end of data":
                return body[: e.start].decode(name)  # a page read up to a bound may end in the middle of a character
            continue
        except LookupError:
            continue
    return body.decode("cp1252", "replace")


def _inflate(body: bytes, encoding: str, limit: int) -> tuple[bytes, bool]:
    """The unpacked body, its first `limit` bytes at most, and whether there was more."""
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        data = inflater.decompress(body, limit)
    except zlib.error:
        raise FetchError(f"page compressée illisible ({encoding})") from None
    return data, bool(inflater.unconsumed_tail)


class Fetcher:
    """Fetch pages politely; safe to share between the audit's threads."""

    def __init__(self, policy: Policy = Policy(), stop: threading.Event | None = None) -> None:
        self.policy = policy
        self.stop = stop or threading.Event()
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._tls = ssl.create_default_context()

    def get(self, url: str, html_only: bool = True) -> Page:
        """Fetch an HTML page (or, html_only=False, any text: a style sheet), following redirects; raise FetchError
        (French message) on any failure."""
        seen = {url}
        current = url
        for _ in range(self.policy.max_redirects + 1):
            answer = self._exchange("GET", current, html_only=html_only)
            if answer.status in REDIRECTS:
                current = self._next(current, answer, seen)
                continue
            if answer.status >= 400:
                raise FetchError(status_message(answer.status, answer.reason))
            if answer.status >= 300 or answer.status < 200:
                raise FetchError(f"réponse inattendue (HTTP {answer.status})")
            return Page(url, current, _decode(answer.body, answer.charset), answer.truncated, answer.mime)
        raise FetchError(f"trop de redirections (plus de {self.policy.max_redirects})")

    def resolve(self, url: str, is_target: Callable[[str], bool]) -> str | None:
        """Follow the redirects of a link with HEAD requests; stop, unrequested, at the first URL `is_target` accepts.

        Return the last URL reached, or None when the chain fails (loop, error, robots.txt).
        """
        seen = {url}
        current = url
        try:
            for _ in range(self.policy.max_redirects + 1):
                if is_target(current):
                    return current
                answer = self._exchange("HEAD", current, html_only=False)
                if answer.status not in REDIRECTS:
                    return current
                current = self._next(current, answer, seen)
        except FetchError:
            return None
        return None

    def _next(self, current: str, answer: _Answer, seen: set[str]) -> str:
        if not answer.location:
            raise FetchError(f"redirection sans adresse de destination (HTTP {answer.status})")
        target = urljoin(current, answer.location).split("#", 1)[0]
        if target in seen:
            raise FetchError(f"boucle de redirections : retour à {target}, déjà visitée")
        seen.add(target)
        return target

    def _exchange(self, method: str, url: str, html_only: bool) -> _Answer:
        """One request, after robots.txt has allowed it."""
        if self.stop.is_set():
            raise Stopped()
        check_url(url)
        robots = self._robots_for(url)
        if robots.error:
            raise FetchError(robots.error)
        if robots.parser is not None and not robots.parser.can_fetch(url, self.policy.user_agent):
            raise Disallowed("page exclue par le fichier robots.txt du site")
        return self._once(method, url, html_only, robots.delay)

    def _robots_for(self, url: str) -> _Robots:
        key = origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # two threads on one origin: robots.txt is asked once
            if key not in self._robots:
                self._robots[key] = self._read_robots(key)
            return self._robots[key]

    def _read_robots(self, base: str) -> _Robots:
        """Read robots.txt as RFC 9309 says: 4xx means no rules, 5xx means keep out, 5 redirects at most.

        Python's own RobotFileParser.read() reads 401 and 403 as "keep out"; RFC 9309 lists them with
        the other 4xx ("unavailable": no rules), and so do we.
        """
        current = base + "/robots.txt"
        seen = {current}
        for _ in range(6):
            try:
                answer = self._once("GET", current, html_only=False, delay=0.0, limit=ROBOTS_MAX_BYTES)
            except FetchError as e:
                return _Robots(error=str(e))  # the server cannot be reached: nor can its pages
            if answer.status not in REDIRECTS:
                break
            try:
                current = self._next(current, answer, seen)
                check_url(current)
            except FetchError:
                return _Robots()  # a broken redirect chain: robots.txt unavailable, hence no rules
        else:
            return _Robots()
        if 400 <= answer.status < 500:
            return _Robots()
        if answer.status >= 500:
            return _Robots(error=f"robots.txt indisponible (HTTP {answer.status}) : le site est laissé de côté par prudence")
        # Protego (Scrapy's parser) follows RFC 9309: wildcards « * », « $ », the longest match wins. The standard
        # library's RobotFileParser knows none of it: under « Disallow: /*?* » it fetched /?page_id=27.
        parser = Protego.parse(_decode(answer.body, answer.charset or "utf-8"))
        delay = parser.crawl_delay(self.policy.user_agent)
        return _Robots(parser, delay=min(float(delay or 0), MAX_CRAWL_DELAY))

    def _host(self, host: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(host, _Host())

    def _once(self, method: str, url: str, html_only: bool, delay: float, limit: int | None = None) -> _Answer:
        """One HTTP exchange, alone on its host; one retry when the connection is reset, none otherwise."""
        scheme, host, port, target = check_url(url)
        slot = self._host(host)
        with slot.lock:
            slot.delay = max(slot.delay, delay)
            wait = slot.last + max(self.policy.delay, slot.delay) - time.monotonic()
            if wait > 0 and self.stop.wait(wait):
                raise Stopped()
            try:
                try:
                    return self._request(scheme, host, port, target, method, html_only, limit)
                except ConnectionResetError:
                    pass  # a keep-alive race or a restarting server: worth exactly one more try
                return self._request(scheme, host, port, target, method, html_only, limit)
            except (OSError, http.client.HTTPException) as e:
                raise FetchError(_network_message(e, self.policy.timeout)) from None
            finally:
                slot.last = time.monotonic()

    def _request(self, scheme: str, host: str, port: int | None, target: str, method: str,
                 html_only: bool, limit: int | None) -> _Answer:
        timeout = self.policy.timeout
        conn: http.client.HTTPConnection
        if scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=self._tls)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            conn.request(method, target, headers={
                "User-Agent": self.policy.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Language": "fr",
                "Accept-Encoding": "identity",
                "Connection": "close",
            })
            resp = conn.getresponse()
            answer = _Answer(resp.status, resp.reason or "", resp.getheader("Location", "") or "")
            content_type = resp.getheader("Content-Type", "") or ""
            answer.mime = content_type.split(";", 1)[0].strip().lower()
            m = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", content_type, re.I)
            answer.charset = m.group(1) if m else ""
            if method == "HEAD" or not 200 <= resp.status < 300:
                return answer
            if html_only and answer.mime and answer.mime not in HTML_TYPES:
                raise FetchError(f"ce n’est pas une page HTML (type « {answer.mime} »)")
            answer.body, answer.truncated = self._read(resp, limit or self.policy.max_bytes)
            encoding = (resp.getheader("Content-Encoding", "") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):
                # Sent although we asked for identity: unpack it, within the same size cap.
                answer.body, more = _inflate(answer.body, encoding, limit or self.policy.max_bytes)
                answer.truncated = answer.truncated or more
            return answer
        finally:
            conn.close()

    def _read(self, resp: http.client.HTTPResponse, limit: int) -> tuple[bytes, bool]:
        """Read at most `limit` bytes, within three timeouts in all: a server that trickles is cut off too. A heavier
        answer is read up to `limit` (a page's brand and mention are at its start, robots.txt's groups too: RFC 9309
        lets a crawler stop at 500 KiB); the flag says there was more."""
        deadline = time.monotonic() + 3 * self.policy.timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            if self.stop.is_set():
                raise Stopped()
            if time.monotonic() > deadline:
                raise FetchError(f"page trop lente à charger (plus de {seconds_fr(3 * self.policy.timeout)})")
            chunk = resp.read(min(65536, limit - size + 1))
            if not chunk:
                return b"".join(chunks), False
            if size + len(chunk) > limit:
                chunks.append(chunk[: limit - size])
                return b"".join(chunks), True
            size += len(chunk)
            chunks.append(chunk)
