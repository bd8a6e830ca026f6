"""What a webmaster puts on the commune's site: snippets, a live embed, oEmbed, structured data.

Pure: returns texts keyed by their path under kits/. The snippets themselves are in snippets.py;
this module places them (kits/communes/<slug>/snippets/), writes the embed pages the iframes
show (kits/integrer/), the oEmbed answers (kits/oembed-*.json) and the sections of the kit's
« Intégrer » page.

Every snippet names the published site, so its code exists only when the site's address is
known (SITE_URL). The page's previews always work: they are the same snippets with the
site's root as a relative path.
"""

from __future__ import annotations

import html
import json
from pathlib import PurePosixPath

from generator.site import copies, snippets, wording
from generator.content.model import Commune, Element, Site

PREVIEW_BASE = "https://apercu.invalid/"
"""A base the snippets are made with for the page's own preview, then replaced by a relative root."""

OEMBED_WIDTH = 600


def embed_height(n_elements: int) -> int:
    """A height that shows a commune's card without a scroll bar at 600 px wide, within reason."""
    return min(260 + 30 * n_elements, 1100)


def embed_path(kind: str, slug: str) -> PurePosixPath:
    return PurePosixPath("integrer", kind, f"{slug}.html")


def iframe(site: Site, title: str, src: str, height: int) -> str:
    # A title for screen readers, a size, no border; lazy so that a long page loads it when reached.
    # width must be a number of pixels; the style lets the frame shrink with a narrow column.
    return (f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" width="{OEMBED_WIDTH}" '
            f'height="{height}" style="border:0;width:100%;max-width:{OEMBED_WIDTH}px" loading="lazy"></iframe>')


def _document(title: str, body: str, version: str, accent: str, grey: str) -> str:
    """A whole page for an iframe: its own styles (it is our page, not the commune's), no script."""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="bmpm-version" content="{html.escape(version, quote=True)}">',
        f"<title>{html.escape(title, quote=False)}</title>",
        "<style>",
        f"body{{margin:0;padding:8px;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;color:{grey};background:#fff}}",
        f"a{{color:{accent}}}",
        "a:focus{outline:2px solid currentColor;outline-offset:2px}",
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def _top(fragment: str) -> str:
    # Inside the iframe, a link opens in the commune's page itself, not in the small frame.
    return fragment.replace("<a href=", '<a target="_top" href=')


def _relative(fragment: str, root: str) -> str:
    return fragment.replace(PREVIEW_BASE, root)


def commune_embed(site: Site, commune: Commune) -> str:
    """The embed page of a commune: its heritage card, links to our pages, relative to kits/integrer/communes/."""
    card = snippets.card(site, commune, PREVIEW_BASE, site.bien.version)
    grey, red = snippets.readable(site.marque.palette.gris), snippets.readable(site.marque.palette.rouge)
    # Alone in its frame, the card is the whole document: its heading is the page's first level.
    card = card.replace("<h2", "<h1", 1).replace("</h2>", "</h1>", 1)
    return _document(wording.french(f"Le patrimoine mondial à {commune.nom}"), _top(_relative(card, "../../")), site.bien.version, red, grey)


def element_embed(site: Site, e: Element) -> str:
    """The embed page of an element: what it is, where, a link to its page."""
    grey, red = snippets.readable(site.marque.palette.gris), snippets.readable(site.marque.palette.rouge)
    communes = wording.liste([site.communes[s].nom for s in e.communes])
    where = f"à {communes}" if len(e.communes) == 1 else f"sur {communes}"
    label = wording.french(e.type if not e.sous_type or e.sous_type.lower() in e.type.lower() else f"{e.type}, {e.sous_type.lower()}")
    body = "\n".join([
        f'<div lang="fr" class="bmpm-element" data-bmpm-version="{html.escape(site.bien.version, quote=True)}">',
        f"<h1 style=\"font-size:1.25em;margin:0 0 0.5em\">{html.escape(wording.french(e.nom), quote=False)}</h1>",
        f"<p>{html.escape(wording.french(label[:1].upper() + label[1:]), quote=False)}, {html.escape(wording.french(where), quote=False)}. "
        f"Élément {html.escape(e.code, quote=False)} du {html.escape(site.bien.nom, quote=False)}, "
        f"{html.escape(wording.french(f'inscrit sur la Liste du patrimoine mondial de l’UNESCO depuis le {wording.date_fr(site.bien.date_inscription)}'), quote=False)}.</p>",
        f'<p><a target="_top" href="../../elements/{html.escape(e.slug, quote=True)}/">'
        f"{html.escape(wording.french(f'{e.nom} : la fiche de l’élément'), quote=False)}</a></p>",
        f'<p style="font-size:0.8em">{html.escape(snippets.stamp(site.bien.version), quote=False)}</p>',
        "</div>",
    ])
    return _document(wording.french(f"{e.nom} — {site.marque.nom}"), body, site.bien.version, red, grey)


def oembed_path(kind: str, slug: str) -> PurePosixPath:
    """At the site's root: Material reads every <link rel=alternate> as a translation and fetches the
    sitemap.xml beside it, which only the root has (a folder of answers gave two 404s per page)."""
    return PurePosixPath(f"oembed-{kind}-{slug}.json")


def feed_path(slug: str) -> PurePosixPath:
    """A kit's Atom feed, at the site's root for the same reason as oembed_path."""
    return PurePosixPath(f"nouveautes-{slug}.xml")


def oembed(site: Site, title: str, src: str, height: int, base: str) -> str:
    """A static oEmbed 1.0 answer (type rich) for one page: what WordPress embeds when its address is pasted."""
    answer = {
        "version": "1.0", "type": "rich", "title": title,
        "provider_name": "Boîte à outils du Bassin minier Patrimoine mondial", "provider_url": base,
        "html": iframe(site, title, src, height), "width": OEMBED_WIDTH, "height": height,
        "cache_age": 86400,
    }
    return json.dumps(answer, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


SNIPPETS = (
    # (file stem, section title, what it is for)
    ("badge", "Le badge", "Le bloc-marque de la commune, une phrase et un lien vers son kit : pour la page d’accueil "
     "ou le pied de page du site."),
    ("carte", "La carte du patrimoine", "La liste des éléments inscrits de la commune, chacun avec le lien vers sa fiche : "
     "pour la page patrimoine ou une page « Découvrir »."),
    ("banniere", "La bannière", "Le bloc-marque et une phrase sur une ligne : pour le haut d’une page d’actualité ou "
     "de la rubrique culture."),
    ("signature", "La signature de courriel", "Le bloc-marque en petit, une phrase et un lien : à coller dans les réglages "
     "de signature de votre messagerie."),
)


def commune_outputs(site: Site, commune: Commune, site_url: str) -> tuple[dict[PurePosixPath, str], str, str]:
    """The snippet files, embed page and oEmbed answer of a commune, the sections of its « Intégrer » page,
    and its JSON-LD script for the kit's page (empty without the site's address)."""
    version = site.bien.version
    base = f"communes/{commune.slug}"
    out: dict[PurePosixPath, str] = {}
    n = len(site.elements_of(commune.slug))
    title = wording.french(f"Le patrimoine mondial à {commune.nom}")
    out[embed_path("communes", commune.slug)] = commune_embed(site, commune)

    def made(stem: str, url: str) -> tuple[str, str]:
        if stem == "signature":
            return snippets.signature(site, commune, url, version)
        fn = {"badge": snippets.badge, "carte": snippets.card, "banniere": snippets.banner}[stem]
        plain = {"badge": snippets.badge_text, "carte": snippets.card_text}.get(stem)
        return fn(site, commune, url, version), plain(site, commune, url, version) if plain else ""

    sections = []
    for i, (stem, heading, purpose) in enumerate(SNIPPETS, 1):
        # Without the site's address, the preview shows the snippet from here and nothing is offered to copy.
        forms: list[tuple[str, str, str]] = []
        if not site_url:
            preview = _relative(made(stem, PREVIEW_BASE)[0], "../../../")
        else:
            markup, plain = made(stem, site_url)
            preview = markup
            out[PurePosixPath(base, "snippets", f"{stem}.html")] = markup + "\n"
            forms.append(("HTML", "html", markup))
            if plain:
                out[PurePosixPath(base, "snippets", f"{stem}.txt")] = plain.rstrip("\n") + "\n"
                forms.append(("Texte", "text", plain))
        sections.append(f"## {heading} {{#{stem}}}\n\n{wording.french_spacing(purpose)}\n\n"
                        + copies.tab_set(i, preview, forms, rich=bool(site_url)))

    height = embed_height(n)
    live = ["## La carte vivante {#carte-vivante}\n\n" + wording.french_spacing(
        "Un cadre (iframe) qui affiche la carte du patrimoine de la commune depuis la boîte à outils : quand la "
        "Mission met les données à jour, la carte se met à jour d’elle-même sur votre site. Hauteur conseillée : "
        f"{height} pixels ; ajustez-la à votre mise en page.") + "\n\n"]
    frame_preview = iframe(site, title, f"../../../{embed_path('communes', commune.slug)}", height)
    if site_url:
        src = f"{site_url}{embed_path('communes', commune.slug)}"
        code = iframe(site, title, src, height)
        out[PurePosixPath(base, "snippets", "carte-vivante.html")] = code + "\n"
        out[oembed_path("commune", commune.slug)] = oembed(site, title, src, height, site_url)
        live.append(copies.tab_set(len(SNIPPETS) + 1, frame_preview, [("HTML", "html", code)], rich=False))
        live.append(wording.french_spacing(
            "Avec WordPress, plus simple encore : collez l’adresse du kit de la commune "
            f"({site_url}{base}/) seule sur une ligne d’un bloc « Contenu embarqué » ; WordPress affiche la carte.") + "\n\n")
        script = snippets.jsonld_script(snippets.jsonld_commune(site, commune, site_url))
        out[PurePosixPath(base, "snippets", "donnees-structurees.html")] = script + "\n"
        live.append("## Les données structurées {#donnees-structurees}\n\n" + wording.french_spacing(
            "Un bloc invisible pour les moteurs de recherche (schema.org) : il décrit la commune et ses éléments "
            "du patrimoine mondial. À placer dans l’en-tête de la page patrimoine, par la personne qui administre "
            "le site (WordPress le retire des contenus des autres rédacteurs) ou par une extension de référencement.")
            + f"\n\n{copies.FENCE}html\n{script}\n{copies.FENCE}\n\n")
    else:
        script = ""
        live.append(f'<div class="bm-apercu">\n{frame_preview}\n</div>\n\n')
    return out, "".join(sections) + "".join(live), script


ELEMENT_HEIGHT = 240
"""Enough for an element's embed (name, two lines, a link) at 320 px wide."""


def element_outputs(site: Site, e: Element, site_url: str) -> tuple[dict[PurePosixPath, str], dict[str, str], str]:
    """The embed page and oEmbed answer of an element, the front matter its page needs (JSON-LD, oEmbed)
    and the iframe code its page offers (empty without the site's address)."""
    out = {embed_path("elements", e.slug): element_embed(site, e)}
    meta: dict[str, str] = {}
    code = ""
    if site_url:
        src = f"{site_url}{embed_path('elements', e.slug)}"
        title = wording.french(f"{e.nom} — {site.marque.nom}")
        out[oembed_path("element", e.slug)] = oembed(site, title, src, ELEMENT_HEIGHT, site_url)
        meta["oembed"] = str(oembed_path("element", e.slug))
        meta["jsonld"] = snippets.jsonld_script(snippets.jsonld_element(site, e, site_url))
        code = iframe(site, title, src, ELEMENT_HEIGHT)
    return out, meta, code
