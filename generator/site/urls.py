"""Where every output goes in kits/, and its address once published. Pure: paths and strings.

MkDocs publishes `kits/` as the site with `use_directory_urls`: a page `communes/lens/index.md` is
served at `communes/lens/`, `elements/8a.md` at `elements/8a/`; every other file keeps its path.
Anything that names an output (pages, snippets, embeds, oEmbed, JSON-LD, feeds, open data, the
ZIP's read-me) asks this module, so the layout is decided once.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from generator.content.model import photo_key
from generator.errors import BuildError

# --- Paths inside kits/ -----------------------------------------------------------------------


def kit(slug: str) -> PurePosixPath:
    """A commune's kit folder."""
    return PurePosixPath("communes", slug)


def kit_page(slug: str, name: str = "index") -> PurePosixPath:
    """A page of a commune's kit: index (the kit), page-patrimoine, logo, communiques, integrer."""
    return kit(slug) / f"{name}.md"


def press_release(slug: str, name: str, suffix: str) -> PurePosixPath:
    """A press release as a file (`docx`, `txt`)."""
    return kit(slug) / "communiques" / f"{name}.{suffix}"


def snippets(slug: str) -> PurePosixPath:
    """The kit's snippets folder."""
    return kit(slug) / "snippets"


def snippet(slug: str, name: str) -> PurePosixPath:
    """A file of the kit's snippets folder (`badge.html`, `carte.txt`…)."""
    return snippets(slug) / name


def archive(slug: str) -> PurePosixPath:
    """The ZIP of a whole kit."""
    return kit(slug) / f"kit-{slug}.zip"


def element_page(slug: str) -> PurePosixPath:
    return PurePosixPath("elements", f"{slug}.md")


def commune_map(slug: str) -> PurePosixPath:
    """The commune's map (SVG), in its kit folder."""
    return kit(slug) / f"carte-{slug}.svg"


def commune_map_png(slug: str) -> PurePosixPath:
    """The same map as PNG, for the Word releases, the social card and the ZIP."""
    return commune_map(slug).with_suffix(".png")


def element_map(slug: str) -> PurePosixPath:
    """An element's small map (SVG), beside its page."""
    return PurePosixPath("elements", f"carte-{slug}.svg")


def public_page(slug: str) -> PurePosixPath:
    """A commune's page for its residents and visitors (« Le patrimoine mondial à Lens »): where snippets send them."""
    return PurePosixPath("patrimoine", f"{slug}.md")


def lockup(slug: str, variant: str, size: str | None) -> PurePosixPath:
    """A lockup file, relative to the kit folder: a PNG per size (format), one SVG per variant."""
    name = f"{slug}-bloc-marque-{variant}-{size}.png" if size else f"{slug}-bloc-marque-{variant}.svg"
    return PurePosixPath("logos", name)


def card(kind: str, slug: str, suffix: str) -> PurePosixPath:
    """A social card (Open Graph image): kind « communes » or « elements »."""
    return PurePosixPath("cartes", kind, f"{slug}.{suffix}")


def photo_stem(fichier: str) -> PurePosixPath:
    """Where a photo's derivatives go in kits/, without their « -960.webp » ending: under photos/, by its key."""
    return PurePosixPath("photos") / photo_key(fichier)


def embed(kind: str, slug: str) -> PurePosixPath:
    """The page an iframe shows: kind « communes » or « elements »."""
    return PurePosixPath("integrer", kind, f"{slug}.html")


def oembed(kind: str, slug: str) -> PurePosixPath:
    """At the site's root: Material reads every <link rel=alternate> as a translation and fetches the
    sitemap.xml beside it, which only the root has (a folder of answers gave two 404s per page)."""
    return PurePosixPath(f"oembed-{kind}-{slug}.json")


def feed(slug: str | None = None) -> PurePosixPath:
    """The toolbox's Atom feed, or a kit's, at the site's root for the same reason as oembed()."""
    return PurePosixPath(f"nouveautes-{slug}.xml" if slug else "nouveautes.xml")


OPEN_DATA = PurePosixPath("donnees")


# --- Published addresses ----------------------------------------------------------------------


def published(path: PurePosixPath | str) -> str:
    """The address of an output relative to the site's root: `communes/lens/`, `elements/8a/`, files as they are."""
    p = PurePosixPath(path)
    if p.suffix != ".md":
        return str(p)
    if p.name == "index.md":
        return "" if p.parent == PurePosixPath(".") else f"{p.parent}/"
    return f"{p.with_suffix('')}/"


def osm(latitude: float, longitude: float) -> str:
    """The point on OpenStreetMap's map, at a street's zoom."""
    return f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}#map=17/{latitude:.5f}/{longitude:.5f}"


_SITE = re.compile(r"https?://[^\s/?#<>\"'`\\]+(/[^\s?#<>\"'`\\]*)?")


_RELATIVE_ROOT = re.compile(r"(\.\./)+")


def root(base: str) -> str:
    """Where links to the toolbox start: its published address (site_base), or a root made of « ../ »
    only (« ../../ »), the site seen from a page of its own: the kit's previews and the embed pages."""
    if isinstance(base, str) and _RELATIVE_ROOT.fullmatch(base):
        return base
    return site_base(base)


def site_base(site_url: str) -> str:
    """The published toolbox's address, ending with /; only http(s), so that no link can run script."""
    if not isinstance(site_url, str) or not _SITE.fullmatch(site_url.strip()):
        raise BuildError(f"adresse du site publié (SITE_URL) attendue sous la forme https://…/, reçu « {site_url} »")
    return site_url.strip().rstrip("/") + "/"


def absolute(base: str, path: PurePosixPath | str) -> str:
    """The full address of an output, every path segment percent-encoded."""
    address = published(path)
    trailing = address.endswith("/")
    quoted = "/".join(quote(part, safe="") for part in address.split("/") if part)
    return base + quoted + ("/" if trailing and quoted else "")


def kit_url(base: str, slug: str) -> str:
    return absolute(base, kit_page(slug))


def element_url(base: str, slug: str) -> str:
    return absolute(base, element_page(slug))


def public_url(base: str, slug: str) -> str:
    return absolute(base, public_page(slug))
