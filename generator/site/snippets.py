"""HTML snippets a commune's webmaster pastes into a CMS, and schema.org JSON-LD. Pure: returns strings.

Most commune sites run WordPress, Drupal or a proprietary CMS, edited by people who may not post
raw HTML: a content filter cleans what they paste. The snippets are written for those filters:

- WordPress, `wp_kses_post` (editors without `unfiltered_html`): every tag and attribute used here
  is in `$allowedposttags` (div, p, h2, ul, li, a href, img src/alt/width/height, and the global
  lang, class, style, data-*), every CSS property in `safecss_filter_attr`'s list, and the styles
  are written the way that filter rewrites them (`prop:value;prop:value`, hex colours, no
  parentheses, quotes or ampersands): the filter gives the snippet back byte for byte.
- Drupal, "Basic HTML": div, span, class, data-* and every style attribute go, and its "Restrict
  images to this site" filter replaces images served from another site (unless the webmaster
  uploads the lockup to the Drupal site). So the text lives in p, h2, ul/li and a, which it keeps,
  and says in words what matters (the commune, the property, its inscription, where the link
  leads): stripped of its styling and its image, the snippet still reads in order.
- No script, no style element, no event handler, no external font, no request but the kit's own
  images on the published toolbox. The UNESCO emblem is never included: only the commune's
  lockup of the brand, drawn by the toolbox.

Every data string is escaped (a record may hold markup), and carries French typography. Each
snippet is stamped with the data's date, as an attribute and as a visible line.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from markupsafe import Markup
from generator import colours
from generator.content.model import Commune, Element, Site
from generator.errors import BuildError
from generator.site import copies, image_jobs, urls, wording
from generator.state import BuildState

NBSP = wording.NBSP
WHITE = colours.WHITE

ROOT_CLASS = {"badge": "bmpm-badge", "card": "bmpm-carte", "banner": "bmpm-banniere", "signature": "bmpm-signature"}

BADGE_HEIGHT = 100
SNIPPET_FORMAT = "extrait"
"""The lockup file the snippets show: drawn at BADGE_HEIGHT, the size they show it (lockup.FORMATS)."""
"""The header lockup's display height (its file has twice the pixels, for high-density screens)."""
SIGNATURE_HEIGHT = 64
"""The footer lockup's display height: small, yet its wordmark stays legible in an e-mail."""


# --- Words ------------------------------------------------------------------------------------

def _t(s: object) -> str:
    """A data text as a snippet shows it: one line, French typography (the template escapes it)."""
    return wording.french(" ".join(str(s).split()))


def _version_date(version: str) -> dt.date:
    try:
        if isinstance(version, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", version):
            return dt.date.fromisoformat(version)
    except ValueError:
        pass
    raise BuildError(f"version des données attendue sous la forme AAAA-MM-JJ, reçu « {version} »")


def stamp(version: str) -> str:
    """« Informations à jour au 25 novembre 2026 » from the data's date, "AAAA-MM-JJ"."""
    return wording.stamp(_version_date(version))


def _alt(site: Site, commune: Commune) -> str:
    return f"{site.marque.nom} – {commune.nom}"


def _page_label(commune: Commune) -> str:
    return wording.heritage_heading(commune)


def page_url(base_url: str, commune: Commune) -> str:
    """The commune's public page (« Le patrimoine mondial à Lens »), published: where residents land, not the kit."""
    return urls.public_url(urls.root(base_url), commune.slug)


def element_url(base_url: str, e: Element) -> str:
    """The element's page, published."""
    return urls.element_url(urls.root(base_url), e.slug)


# --- Colours and styles -----------------------------------------------------------------------

def _palette(site: Site) -> tuple[str, str]:
    """(text, accent): the brand's grey and red, made readable on the snippets' white."""
    p = site.marque.palette
    return colours.readable(p.gris), colours.readable(p.rouge)


def _css(*props: tuple[str, str]) -> str:
    # Written as wp_kses's safecss_filter_attr rewrites a style (items trimmed, joined by « ; »,
    # no trailing one), so that WordPress hands the attribute back unchanged.
    return ";".join(f"{name}:{value}" for name, value in props)


def _link_style(accent: str) -> str:
    return _css(("color", accent), ("text-decoration", "underline"))


def _stamp_style(size: str = "0.8em", margin: str = "0") -> str:
    return _css(("margin", margin), ("font-size", size))


def _lockup(site: Site, commune: Commune, fmt: str, height: int, base: str, state: BuildState | None) -> dict[str, object]:
    """The colour lockup PNG of one format: its address and its display size at `height` pixels."""
    f = image_jobs.colour_png(image_jobs.lockup_files(site, commune, state.lockup_sizes if state else None), fmt)
    return {"src": urls.absolute(base, urls.kit(commune.slug) / f.path),
            "width": round(f.width * height / f.height), "height": height}


# --- Snippets ---------------------------------------------------------------------------------

def _context(site: Site, commune: Commune, base_url: str, version: str, kind: str) -> dict[str, object]:
    """What every snippet of a commune says and where it links, as plain text (templates escape it)."""
    _version_date(version)
    base = urls.root(base_url)
    fg, accent = _palette(site)
    n = len(site.elements_of(commune.slug))
    return {
        "root_class": ROOT_CLASS[kind], "version": version, "fg": fg, "accent": accent,
        "alt": _t(_alt(site, commune)), "sentence": _t(wording.commune_sentence(site.bien, commune)),
        "page_url": urls.public_url(base, commune.slug), "link_text": _t(wording.discover_link(commune, n)),
        "stamp": _t(stamp(version)), "link": _link_style(accent),
        "css": _css, "base": base,
    }


def _render(state: BuildState | None, name: str, context: dict[str, object]) -> str:
    return (state or BuildState()).templates.render(f"snippets/{name}.html.j2", _ctx=context, **context)


def badge(site: Site, commune: Commune, base_url: str, version: str, state: BuildState | None = None) -> str:
    """The brand badge: the commune's lockup, one sentence of facts, a link to its kit, the date stamp."""
    ctx = _context(site, commune, base_url, version, "badge")
    fg, accent = ctx["fg"], ctx["accent"]
    ctx.update(
        img=_lockup(site, commune, SNIPPET_FORMAT, BADGE_HEIGHT, str(ctx["base"]), state),
        img_style=_css(("max-width", "100%"), ("height", "auto")), p_style=_css(("margin", "0 0 0.75em")),
        root_style=_css(("max-width", "36em"), ("margin", "1em 0"), ("padding", "1em"), ("border", f"2px solid {accent}"),
                        ("border-radius", "4px"), ("background-color", WHITE), ("color", fg), ("text-align", "center"),
                        ("line-height", "1.5")),
        stamp_style=_stamp_style(),
    )
    return _render(state, "badge", ctx)


def card(site: Site, commune: Commune, base_url: str, version: str, state: BuildState | None = None,
         heading: str = "h2", target: str = "") -> str:
    """The heritage card: a heading, the commune's elements each linked to its page, a link to the kit.

    The live card's page (embeds.py) makes its heading an h1 and its links open the whole window (`target`)."""
    ctx = _context(site, commune, base_url, version, "card")
    ctx.update(heading_tag=heading, target=target)
    fg, accent, base = ctx["fg"], ctx["accent"], str(ctx["base"])
    elements = site.elements_of(commune.slug)
    names = wording.display_names(elements, site.sous_types)
    # A plain list, whatever the count (Lens has 28): it survives every filter and reads in order.
    ctx.update(
        heading=_t(wording.heritage_heading(commune)),
        intro=_t(wording.commune_count(site.bien, commune, len(elements)) + " :"),
        items=[(urls.element_url(base, e.slug), _t(wording.link_label(e, site.sous_types, commune, names))) for e in elements],
        page_label=_t(_page_label(commune)),
        root_style=_css(("max-width", "48em"), ("margin", "1em 0"), ("padding", "1em 1.25em"), ("border", f"1px solid {fg}"),
                        ("border-top", f"4px solid {accent}"), ("background-color", WHITE), ("color", fg), ("line-height", "1.5")),
        heading_style=_css(("margin", "0 0 0.5em"), ("color", fg), ("font-size", "1.4em"), ("line-height", "1.25")),
        intro_style=_css(("margin", "0 0 0.5em")), list_style=_css(("margin", "0 0 0.75em"), ("padding-left", "1.25em")),
        p_style=_css(("margin", "0 0 0.75em")), stamp_style=_stamp_style(),
    )
    return _render(state, "card", ctx)


def banner(site: Site, commune: Commune, base_url: str, version: str, state: BuildState | None = None) -> str:
    """A wide banner: the lockup, the sentence and the link on one line (wrapping on narrow screens)."""
    ctx = _context(site, commune, base_url, version, "banner")
    fg, accent = ctx["fg"], ctx["accent"]
    ctx.update(
        img=_lockup(site, commune, SNIPPET_FORMAT, BADGE_HEIGHT, str(ctx["base"]), state),
        img_style=_css(("max-width", "100%"), ("height", "auto"), ("vertical-align", "middle"), ("margin", "0 1em 0.5em 0")),
        root_style=_css(("margin", "1em 0"), ("padding", "0.75em 1em"), ("border-top", f"4px solid {accent}"),
                        ("border-bottom", f"1px solid {fg}"), ("background-color", WHITE), ("color", fg), ("line-height", "1.5")),
        p_style=_css(("margin", "0")), stamp_style=_stamp_style(margin="0.5em 0 0"),
    )
    return _render(state, "banner", ctx)


def signature(site: Site, commune: Commune, base_url: str, version: str,
              state: BuildState | None = None) -> tuple[str, str]:
    """An e-mail signature block: (HTML with the footer lockup at a small size, plain text)."""
    ctx = _context(site, commune, base_url, version, "signature")
    fg = ctx["fg"]
    # Pixel sizes: mail clients ignore the reader's font size settings that em would follow.
    ctx.update(
        img=_lockup(site, commune, "pied-de-page", SIGNATURE_HEIGHT, str(ctx["base"]), state),
        img_style=_css(("max-width", "100%"), ("height", "auto")), img_p_style=_css(("margin", "0 0 4px")),
        root_style=_css(("margin", "0"), ("padding", "8px 0"), ("background-color", WHITE), ("color", fg), ("font-size", "14px"),
                        ("line-height", "1.4")),
        p_style=_css(("margin", "0")), stamp_style=_stamp_style(size="12px", margin="4px 0 0"),
    )
    markup = _render(state, "signature", ctx)
    plain = "\n".join([wording.french(_alt(site, commune)), wording.french(wording.commune_sentence(site.bien, commune)),
                       f"{wording.french(wording.discover_link(commune, len(site.elements_of(commune.slug))))}{NBSP}: {ctx['page_url']}",
                       wording.french(stamp(version))]) + "\n"
    return markup, plain


def badge_text(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """The badge as plain text, for a municipal bulletin or an e-mail."""
    n = len(site.elements_of(commune.slug))
    return "\n".join([wording.french(_alt(site, commune)), "", wording.french(wording.commune_sentence(site.bien, commune)), "",
                      f"{wording.french(wording.discover_link(commune, n))}{NBSP}: {page_url(base_url, commune)}", "",
                      wording.french(stamp(version))]) + "\n"


def card_text(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """The card as plain text: the list without its links (print has no use for 28 addresses), then the public page's."""
    elements = site.elements_of(commune.slug)
    names = wording.display_names(elements, site.sous_types)
    intro = wording.commune_count(site.bien, commune, len(elements)) + " :"
    lines = [wording.french(wording.heritage_heading(commune)), "", wording.french(intro)]
    lines += [f"{copies.BULLET}{wording.french(wording.link_label(e, site.sous_types, commune, names))}" for e in elements]
    lines += ["", f"{wording.french(_page_label(commune))}{NBSP}: {page_url(base_url, commune)}", "", wording.french(stamp(version))]
    return "\n".join(lines) + "\n"


# --- schema.org JSON-LD -----------------------------------------------------------------------

SCHEMA = "https://schema.org"
ELEMENT_TYPES = ["LandmarksOrHistoricalBuildings", "TouristAttraction"]
COMMUNE_TYPES = ["City", "AdministrativeArea"]


def _property_node(site: Site) -> dict[str, object]:
    """The World Heritage property, identified by its UNESCO page (whc.unesco.org/fr/list/1360)."""
    n = site.bien.numero_unesco
    url = f"https://whc.unesco.org/fr/list/{n}"
    return {
        "@type": "Place",
        "@id": url,
        "name": wording.french(site.bien.nom),
        "url": url,
        "sameAs": [f"https://whc.unesco.org/en/list/{n}"],
        "identifier": {"@type": "PropertyValue", "propertyID": "Liste du patrimoine mondial de l’UNESCO", "value": str(n)},
    }


def _commune_node(commune: Commune, base: str) -> dict[str, object]:
    url = urls.public_url(base, commune.slug)
    return {
        "@type": list(COMMUNE_TYPES),
        "@id": url + "#commune",
        "name": wording.french(commune.nom),
        "identifier": {"@type": "PropertyValue", "propertyID": "INSEE", "value": commune.insee},
        "url": url,
    }


def _element_node(e: Element, base: str) -> dict[str, object]:
    url = urls.element_url(base, e.slug)
    return {
        "@type": list(ELEMENT_TYPES),
        "@id": url + "#element",
        "name": wording.french(e.nom),
        "identifier": e.code,
        "url": url,
        "geo": {"@type": "GeoCoordinates", "latitude": e.latitude, "longitude": e.longitude},
    }


def _element_description(site: Site, e: Element) -> str:
    """The record's own description, else the facts the element page opens with; nothing invented."""
    if e.description.strip():
        return wording.french(" ".join(e.description.split()))
    return wording.french(wording.element_summary(e, site.sous_types, site.bien))


def jsonld_element(site: Site, element: Element, base_url: str) -> dict[str, object]:
    """schema.org for one element: a landmark and attraction, in its communes and in the property.

    containedInPlace (not isPartOf, whose subject must be a CreativeWork) places it both in its
    communes and in the World Heritage property.
    """
    base = urls.site_base(base_url)
    data: dict[str, object] = {"@context": SCHEMA, **_element_node(element, base),
                               "description": _element_description(site, element)}
    data["containedInPlace"] = [_commune_node(site.communes[slug], base) for slug in element.communes] + [_property_node(site)]
    images = []
    for photo in element.photos:
        if photo.fichier not in site.image_sizes:
            continue  # only a validated Site knows the photo's size, hence its published file
        ps, _jobs = image_jobs.photo_set(site, photo)
        images.append({"@type": "ImageObject", "url": urls.absolute(base, ps.fallback), "width": ps.width, "height": ps.height,
                       "caption": wording.french(photo.alt), "creditText": wording.french(photo.credit),
                       "copyrightNotice": wording.french(f"© {photo.credit}, {photo.licence}")})
    if images:
        data["image"] = images
    return data


def jsonld_commune(site: Site, commune: Commune, base_url: str) -> dict[str, object]:
    """schema.org for a commune: a City holding its inscribed elements (containsPlace)."""
    base = urls.site_base(base_url)
    elements = site.elements_of(commune.slug)
    description = (" ".join(commune.presentation.split()) if commune.presentation.strip() else
                   wording.commune_count(site.bien, commune, len(elements)) + ".")
    return {
        "@context": SCHEMA,
        **_commune_node(commune, base),
        "description": wording.french(description),
        "containedInPlace": {"@type": "AdministrativeArea", "name": wording.french(commune.departement.split(" (")[0])},
        "containsPlace": [_element_node(e, base) for e in elements],
    }


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def jsonld_script(data: dict[str, object], state: BuildState | None = None) -> str:
    """The JSON-LD as a <script> element that no string in the data can close or comment out.

    < > & only ever occur inside JSON strings, where \\u003c and friends mean the same characters:
    the JSON is unchanged, and the HTML parser never sees « </script » or « <!-- ».
    """
    body = json.dumps(data, ensure_ascii=False, indent=2)
    body = re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], body)
    return (state or BuildState()).templates.render("snippets/jsonld.html.j2", body=Markup(body))
