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
import html
import json
import re
from urllib.parse import quote

from generator.site import wording, image_jobs
from generator.content.model import Commune, Element, Site

NBSP = wording.NBSP

WHITE = "#ffffff"
MIN_CONTRAST = 4.5
"""WCAG 2.1 AA for body text; the snippets' small print is held to the same ratio."""

ROOT_CLASS = {"badge": "bmpm-badge", "card": "bmpm-carte", "banner": "bmpm-banniere", "signature": "bmpm-signature"}

BADGE_HEIGHT = 100
"""The header lockup's display height (its file has twice the pixels, for high-density screens)."""
SIGNATURE_HEIGHT = 64
"""The footer lockup's display height: small, yet its wordmark stays legible in an e-mail."""


# --- Text -------------------------------------------------------------------------------------

def _h(s: object) -> str:
    """A text for HTML: French typography, then escaped so that markup in the data shows as text."""
    return html.escape(wording.french(" ".join(str(s).split())), quote=True)


def _at(nom: str) -> str:
    """« à Lens », « au Portel », « aux Attaques »: the preposition before a commune's name."""
    if nom.startswith("Le "):
        return "au " + nom[3:]
    if nom.startswith("Les "):
        return "aux " + nom[4:]
    return "à " + nom


def stamp(version: str) -> str:
    """« Informations à jour au 25 novembre 2026 » from the data's date, "AAAA-MM-JJ"."""
    return f"Informations à jour au {wording.date_fr(_version_date(version))}"


def _version_date(version: str) -> dt.date:
    if not isinstance(version, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", version):
        raise ValueError(f"version attendue sous la forme AAAA-MM-JJ, reçu {version!r}")
    return dt.date.fromisoformat(version)


def _inscription(site: Site) -> str:
    return f"inscrit sur la Liste du patrimoine mondial de l’UNESCO depuis le {wording.date_fr(site.bien.date_inscription)}"


def sentence(site: Site, commune: Commune) -> str:
    """The one sentence every snippet says, from bien.yml's facts and the commune's record."""
    bien = site.bien
    if commune.lien == "faible" and commune.note_lien.strip():
        # A commune only named or crossed does not "belong" to the property: say what ties it.
        return f"Le {bien.nom} est {_inscription(site)}. {commune.nom} est {commune.note_lien.strip().rstrip('.')}."
    return f"{commune.nom} fait partie du {bien.nom}, {_inscription(site)}."


def _link_text(site: Site, commune: Commune) -> str:
    """Where the kit link leads, meaningful out of context (a screen reader's list of links)."""
    n = len(site.elements_of(commune.slug))
    if n == 1:
        return f"Découvrir l’élément du patrimoine mondial {_at(commune.nom)}"
    return f"Découvrir les {wording.nombre(n)} éléments du patrimoine mondial {_at(commune.nom)}"


def _alt(site: Site, commune: Commune) -> str:
    return f"{site.marque.nom} – {commune.nom}"


def _type_label(site: Site, e: Element) -> str:
    """« cité minière, cité pavillonnaire »: the subtype only when types.yml defines it (as the pages do)."""
    label = e.type
    if e.sous_type in site.sous_types and e.sous_type.lower() not in e.type.lower():
        label += f", {e.sous_type.lower()}"
    return label


def _item_label(site: Site, commune: Commune, e: Element, names: dict[str, str]) -> str:
    """An element as one link text that says what it is out of context: « Renard, terril, conique ».

    A name that is its type (« Presbytère », « Gare ») gets the commune instead: « Presbytère à Lens ».
    """
    if e.nom.strip().lower() == e.type.strip().lower():
        return f"{names[e.code]} {_at(commune.nom)}"
    return f"{names[e.code]}, {_type_label(site, e)}"


def _display_names(elements: list[Element]) -> dict[str, str]:
    """Generic names shared in one list get their code, so that no two links read the same."""
    counts: dict[str, int] = {}
    for e in elements:
        counts[e.nom] = counts.get(e.nom, 0) + 1
    return {e.code: e.nom + (f" ({e.code})" if counts[e.nom] > 1 else "") for e in elements}


# --- URLs -------------------------------------------------------------------------------------

def _base(base_url: str) -> str:
    """The published toolbox's address, ending with /; only http(s), so no link can run script."""
    if not isinstance(base_url, str) or not re.match(r"https?://[^\s/?#]+", base_url):
        raise ValueError(f"adresse du site publié attendue (https://…), reçu {base_url!r}")
    return base_url.rstrip("/") + "/"


def _url(base: str, *parts: str, directory: bool = False) -> str:
    path = "/".join(quote(p, safe="") for part in parts for p in part.split("/") if p)
    return base + path + ("/" if directory else "")


def kit_url(base_url: str, commune: Commune) -> str:
    """The commune's kit page (MkDocs' use_directory_urls: communes/<slug>/index.md → communes/<slug>/)."""
    return _url(_base(base_url), "communes", commune.slug, directory=True)


def element_url(base_url: str, e: Element) -> str:
    """The element's page: render.py writes elements/<slug>.md, published as elements/<slug>/."""
    return _url(_base(base_url), "elements", e.slug, directory=True)


def _lockup(site: Site, commune: Commune, fmt: str, height: int, base: str) -> tuple[str, int, int]:
    """The colour lockup PNG of one format: its URL and its display size at `height` pixels."""
    f = image_jobs.colour_png(image_jobs.lockup_files(site, commune), fmt)
    return _url(base, "communes", commune.slug, str(f.path)), round(f.width * height / f.height), height


# --- Colours ----------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"couleur #RRVVBB attendue, reçu {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = _rgb(colour)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, background: str = WHITE) -> str:
    """The brand colour itself when it reads on `background` (AA), else the same hue darkened until it does."""
    r, g, b = _rgb(colour)
    out = f"#{r:02x}{g:02x}{b:02x}"
    share = 0.0
    while contrast(out, background) < MIN_CONTRAST:
        share += 0.05
        out = "#" + "".join(f"{round(c * (1 - share)):02x}" for c in (r, g, b))
    return out


def _palette(site: Site) -> tuple[str, str]:
    """(text, accent): the brand's grey and red, made readable on the snippets' white."""
    p = site.marque.palette
    return readable(p.gris), readable(p.rouge)


def _css(*props: tuple[str, str]) -> str:
    # Written as wp_kses's safecss_filter_attr rewrites a style (items trimmed, joined by « ; »,
    # no trailing one), so that WordPress hands the attribute back unchanged.
    return ";".join(f"{name}:{value}" for name, value in props)


# --- Snippets ---------------------------------------------------------------------------------

def _root(kind: str, version: str, style: str) -> str:
    _version_date(version)
    return f'<div lang="fr" class="{ROOT_CLASS[kind]}" data-bmpm-version="{html.escape(version, quote=True)}" style="{style}">'


def _img(url: str, alt: str, width: int, height: int, style: str) -> str:
    return f'<img src="{html.escape(url, quote=True)}" alt="{_h(alt)}" width="{width}" height="{height}" style="{style}">'


def _a(url: str, label: str, accent: str, bold: bool = False) -> str:
    style = _css(("color", accent), ("text-decoration", "underline"), *((("font-weight", "bold"),) if bold else ()))
    return f'<a href="{html.escape(url, quote=True)}" style="{style}">{_h(label)}</a>'


def _stamp_p(version: str, size: str = "0.8em", margin: str = "0") -> str:
    return f'<p style="{_css(("margin", margin), ("font-size", size))}">{_h(stamp(version))}</p>'


def badge(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """The brand badge: the commune's lockup, one sentence of facts, a link to its kit, the date stamp."""
    base = _base(base_url)
    fg, accent = _palette(site)
    src, w, h = _lockup(site, commune, "en-tete", BADGE_HEIGHT, base)
    root = _css(("max-width", "36em"), ("margin", "1em 0"), ("padding", "1em"), ("border", f"2px solid {accent}"),
                ("border-radius", "4px"), ("background-color", WHITE), ("color", fg), ("text-align", "center"),
                ("line-height", "1.5"))
    return "\n".join([
        _root("badge", version, root),
        f'<p style="{_css(("margin", "0 0 0.75em"))}">{_img(src, _alt(site, commune), w, h, _css(("max-width", "100%"), ("height", "auto")))}</p>',
        f'<p style="{_css(("margin", "0 0 0.75em"))}">{_h(sentence(site, commune))}</p>',
        f'<p style="{_css(("margin", "0 0 0.75em"))}">{_a(kit_url(base, commune), _link_text(site, commune), accent, bold=True)}</p>',
        _stamp_p(version),
        "</div>",
    ]) + "\n"


def card(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """The heritage card: a heading, the commune's elements each linked to its page, a link to the kit."""
    base = _base(base_url)
    fg, accent = _palette(site)
    elements = site.elements_of(commune.slug)
    names = _display_names(elements)
    n = len(elements)
    intro = f"{commune.nom} compte {wording.pluriel(n, 'élément')} du {site.bien.nom}, {_inscription(site)} :"
    root = _css(("max-width", "48em"), ("margin", "1em 0"), ("padding", "1em 1.25em"), ("border", f"1px solid {fg}"),
                ("border-top", f"4px solid {accent}"), ("background-color", WHITE), ("color", fg), ("line-height", "1.5"))
    heading = _css(("margin", "0 0 0.5em"), ("color", fg), ("font-size", "1.4em"), ("line-height", "1.25"))
    # A plain list, whatever the count (Lens has 28): it survives every filter and reads in order.
    items = [f"<li>{_a(element_url(base, e), _item_label(site, commune, e, names), accent)}</li>" for e in elements]
    return "\n".join([
        _root("card", version, root),
        f'<h2 style="{heading}">{_h("Le patrimoine mondial " + _at(commune.nom))}</h2>',
        f'<p style="{_css(("margin", "0 0 0.5em"))}">{_h(intro)}</p>',
        f'<ul style="{_css(("margin", "0 0 0.75em"), ("padding-left", "1.25em"))}">',
        *items,
        "</ul>",
        f'<p style="{_css(("margin", "0 0 0.75em"))}">{_a(kit_url(base, commune), _kit_label(site, commune), accent, bold=True)}</p>',
        _stamp_p(version),
        "</div>",
    ]) + "\n"


def _kit_label(site: Site, commune: Commune) -> str:
    return f"{commune.nom} dans la boîte à outils du {site.marque.nom}"


def banner(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """A wide banner: the lockup, the sentence and the link on one line (wrapping on narrow screens)."""
    base = _base(base_url)
    fg, accent = _palette(site)
    src, w, h = _lockup(site, commune, "en-tete", BADGE_HEIGHT, base)
    root = _css(("margin", "1em 0"), ("padding", "0.75em 1em"), ("border-top", f"4px solid {accent}"),
                ("border-bottom", f"1px solid {fg}"), ("background-color", WHITE), ("color", fg), ("line-height", "1.5"))
    img = _img(src, _alt(site, commune), w, h, _css(("max-width", "100%"), ("height", "auto"), ("vertical-align", "middle"),
                                                    ("margin", "0 1em 0.5em 0")))
    return "\n".join([
        _root("banner", version, root),
        f'<p style="{_css(("margin", "0"))}">{img} {_h(sentence(site, commune))} {_a(kit_url(base, commune), _link_text(site, commune), accent, bold=True)}</p>',
        _stamp_p(version, margin="0.5em 0 0"),
        "</div>",
    ]) + "\n"


def signature(site: Site, commune: Commune, base_url: str, version: str) -> tuple[str, str]:
    """An e-mail signature block: (HTML with the footer lockup at a small size, plain text)."""
    base = _base(base_url)
    fg, accent = _palette(site)
    src, w, h = _lockup(site, commune, "pied-de-page", SIGNATURE_HEIGHT, base)
    kit, label = kit_url(base, commune), _link_text(site, commune)
    # Pixel sizes: mail clients ignore the reader's font size settings that em would follow.
    root = _css(("margin", "0"), ("padding", "8px 0"), ("background-color", WHITE), ("color", fg), ("font-size", "14px"),
                ("line-height", "1.4"))
    markup = "\n".join([
        _root("signature", version, root),
        f'<p style="{_css(("margin", "0 0 4px"))}">{_img(src, _alt(site, commune), w, h, _css(("max-width", "100%"), ("height", "auto")))}</p>',
        f'<p style="{_css(("margin", "0"))}">{_h(sentence(site, commune))}</p>',
        f'<p style="{_css(("margin", "0"))}">{_a(kit, label, accent)}</p>',
        _stamp_p(version, size="12px", margin="4px 0 0"),
        "</div>",
    ]) + "\n"
    plain = "\n".join([wording.french(_alt(site, commune)), wording.french(sentence(site, commune)),
                       f"{wording.french(label)}{NBSP}: {kit}", wording.french(stamp(version))]) + "\n"
    return markup, plain


def badge_text(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """The badge as plain text, for a municipal bulletin or an e-mail."""
    return "\n".join([wording.french(_alt(site, commune)), "", wording.french(sentence(site, commune)), "",
                      f"{wording.french(_link_text(site, commune))}{NBSP}: {kit_url(base_url, commune)}", "",
                      wording.french(stamp(version))]) + "\n"


def card_text(site: Site, commune: Commune, base_url: str, version: str) -> str:
    """The card as plain text: the list without its links (print has no use for 28 addresses), then the kit's."""
    elements = site.elements_of(commune.slug)
    names = _display_names(elements)
    intro = f"{commune.nom} compte {wording.pluriel(len(elements), 'élément')} du {site.bien.nom}, {_inscription(site)} :"
    lines = [wording.french("Le patrimoine mondial " + _at(commune.nom)), "", wording.french(intro)]
    lines += [f"- {wording.french(_item_label(site, commune, e, names))}" for e in elements]
    lines += ["", f"{wording.french(_kit_label(site, commune))}{NBSP}: {kit_url(base_url, commune)}", "", wording.french(stamp(version))]
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
    url = kit_url(base, commune)
    return {
        "@type": list(COMMUNE_TYPES),
        "@id": url + "#commune",
        "name": wording.french(commune.nom),
        "identifier": {"@type": "PropertyValue", "propertyID": "INSEE", "value": commune.insee},
        "url": url,
    }


def _element_node(e: Element, base: str) -> dict[str, object]:
    url = element_url(base, e)
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
    label = _type_label(site, e)
    return wording.french(f"{label[:1].upper()}{label[1:]}, élément {e.code} du {site.bien.nom}, "
                  "inscrit sur la Liste du patrimoine mondial de l’UNESCO.")


def jsonld_element(site: Site, element: Element, base_url: str) -> dict[str, object]:
    """schema.org for one element: a landmark and attraction, in its communes and in the property.

    containedInPlace (not isPartOf, whose subject must be a CreativeWork) places it both in its
    communes and in the World Heritage property.
    """
    base = _base(base_url)
    data: dict[str, object] = {"@context": SCHEMA, **_element_node(element, base),
                               "description": _element_description(site, element)}
    data["containedInPlace"] = [_commune_node(site.communes[slug], base) for slug in element.communes] + [_property_node(site)]
    images = []
    for photo in element.photos:
        if photo.fichier not in site.image_sizes:
            continue  # only a validated Site knows the photo's size, hence its published file
        ps, _jobs = image_jobs.photo_set(site, photo)
        images.append({"@type": "ImageObject", "url": _url(base, str(ps.fallback)), "width": ps.width, "height": ps.height,
                       "caption": wording.french(photo.alt), "creditText": wording.french(photo.credit),
                       "copyrightNotice": wording.french(f"© {photo.credit}, {photo.licence}")})
    if images:
        data["image"] = images
    return data


def jsonld_commune(site: Site, commune: Commune, base_url: str) -> dict[str, object]:
    """schema.org for a commune: a City holding its inscribed elements (containsPlace)."""
    base = _base(base_url)
    elements = site.elements_of(commune.slug)
    description = (" ".join(commune.presentation.split()) if commune.presentation.strip() else
                   f"{commune.nom} compte {wording.pluriel(len(elements), 'élément')} du {site.bien.nom}, {_inscription(site)}.")
    return {
        "@context": SCHEMA,
        **_commune_node(commune, base),
        "description": wording.french(description),
        "containedInPlace": {"@type": "AdministrativeArea", "name": wording.french(commune.departement.split(" (")[0])},
        "containsPlace": [_element_node(e, base) for e in elements],
    }


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def jsonld_script(data: dict[str, object]) -> str:
    """The JSON-LD as a <script> element that no string in the data can close or comment out.

    < > & only ever occur inside JSON strings, where \\u003c and friends mean the same characters:
    the JSON is unchanged, and the HTML parser never sees « </script » or « <!-- ».
    """
    body = json.dumps(data, ensure_ascii=False, indent=2)
    body = re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], body)
    return f'<script type="application/ld+json">\n{body}\n</script>\n'
