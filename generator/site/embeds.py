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

from markupsafe import Markup

from generator import colours
from generator.content.model import Commune, Element, Photo, Site
from generator.site import copies, heritage, image_jobs, snippets, urls, wording
from generator.state import BuildState

OEMBED_WIDTH = 600


def embed_height(n_elements: int, photo_height: int = 0) -> int:
    """A height that shows a commune's card (and its photo) without a scroll bar at 600 px wide, within reason;
    in WordPress the card tells its height itself (carte-vivante.js)."""
    return min(260 + 30 * n_elements + _room(photo_height), 1100)


PHOTO_ROOM = 60
"""Above a live card's photo height: its two-line credit and margins."""


def _room(photo_height: int) -> int:
    """What a live card's photo adds to its height: the photo, its credit and margins; nothing without a photo."""
    return photo_height + PHOTO_ROOM if photo_height else 0


def _photo(site: Site, state: BuildState, shown: tuple[Element, Photo] | None) -> tuple[str, int]:
    """A live card's photo (its smallest derivative, relative to kits/integrer/<kind>/) and its height; ("", 0) without."""
    if shown is None:
        return "", 0
    e, photo = shown
    path, width, height = image_jobs.small_photo(site, photo)
    html = state.templates.render("embeds/_photo.html.j2", src=f"../../{path}", alt=wording.french(photo.alt), width=width,
                                  height=height, caption=wording.french(heritage.photo_caption(e, photo))).rstrip("\n")
    return html, height


def iframe(state: BuildState, title: str, src: str, height: int) -> str:
    """The iframe code of an embed page (no newline at its end)."""
    return state.templates.render("embeds/iframe.html.j2", src=src, title=title, width=OEMBED_WIDTH, height=height).rstrip("\n")


def _document(state: BuildState, site: Site, title: str, body: str) -> str:
    """A whole page for an iframe around `body` (markup already made by a template)."""
    grey, red = colours.readable(site.marque.palette.gris), colours.readable(site.marque.palette.rouge)
    return state.templates.render("embeds/page.html.j2", title=title, body=Markup(body), version=site.bien.version,
                            accent=red, grey=grey)


def commune_embed(site: Site, commune: Commune, state: BuildState, photo: str = "") -> str:
    """The embed page of a commune: its heritage card, links to our pages, relative to kits/integrer/communes/, and
    its lead photo (`photo`, made by _photo)."""
    # Alone in its frame, the card is the whole document: its heading is the page's first level. A link opens in a
    # new tab (a sandboxed frame forbids the whole window); within WordPress, carte-vivante.js asks the host instead.
    card = snippets.card(site, commune, "../../", site.bien.version, state, heading="h1", target="_blank")
    if photo:
        card += "\n" + photo
    return _document(state, site, wording.french(wording.heritage_heading(commune)), card)


def element_embed(site: Site, e: Element, state: BuildState, photo: str = "") -> str:
    """The embed page of an element: what it is, where, its photo (`photo`, made by _photo), a link to its page."""
    body = state.templates.render(
        "embeds/element.html.j2", version=site.bien.version, name=wording.french(e.nom),
        label=wording.french(wording.capital(wording.type_label(e, site.sous_types))),
        where=wording.french(wording.element_where(e, site.communes)), code=e.code, property=site.bien.nom,
        inscribed=wording.french(wording.inscribed_since(site.bien)),
        href=f"../../{urls.published(urls.element_page(e.slug))}", link=wording.french(f"{e.nom} : la fiche de l’élément"),
        stamp=snippets.stamp(site.bien.version), photo=Markup(photo)).rstrip("\n")
    return _document(state, site, wording.french(f"{e.nom} — {site.marque.nom}"), body)


def oembed(state: BuildState, title: str, src: str, height: int, base: str, href: str) -> str:
    """A static oEmbed 1.0 answer (type rich) for one page: what WordPress embeds when its address is pasted
    (`href`: the page the card stands for, linked while the frame is not shown)."""
    # Consumers put the title in their pages as it is (WordPress, a provider too, sends its titles as HTML):
    # its characters that make markup go as entities, as in the iframe's own title attribute.
    answer = {
        "version": "1.0", "type": "rich", "title": html.escape(title, quote=True),
        "provider_name": "Boîte à outils du Bassin minier Patrimoine mondial", "provider_url": base,
        "html": state.templates.render("embeds/oembed.html.j2", src=src, title=title, width=OEMBED_WIDTH, height=height,
                                       href=href).rstrip("\n"),
        "width": OEMBED_WIDTH, "height": height,
        "cache_age": 86400,
    }
    return json.dumps(answer, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


SNIPPETS = (
    # (file stem, section title, what it is for)
    ("badge", "Le badge", "Le bloc-marque de la commune, une phrase et un lien vers sa page « Le patrimoine mondial » : pour la page d’accueil "
     "ou le pied de page du site."),
    ("carte", "La carte du patrimoine", "La liste des éléments inscrits de la commune, chacun avec le lien vers sa fiche : "
     "pour la page patrimoine ou une page « Découvrir »."),
    ("banniere", "La bannière", "Le bloc-marque et une phrase sur une ligne : pour le haut d’une page d’actualité ou "
     "de la rubrique culture."),
    ("signature", "La signature de courriel", "Le bloc-marque en petit, une phrase et un lien : à coller dans les réglages "
     "de signature de votre messagerie."),
)


def commune_outputs(site: Site, commune: Commune, site_url: str, state: BuildState) -> tuple[dict[PurePosixPath, str], str, str]:
    """The snippet files, embed page and oEmbed answer of a commune, the sections of its « Intégrer » page,
    and its JSON-LD script for the kit's page (empty without the site's address)."""
    version = site.bien.version
    slug = commune.slug
    out: dict[PurePosixPath, str] = {}
    n = len(site.elements_of(slug))
    title = wording.french(wording.heritage_heading(commune))
    photo, photo_height = _photo(site, state, heritage.lead_photo(site, slug))
    out[urls.embed("communes", slug)] = commune_embed(site, commune, state, photo)

    def made(stem: str, url: str) -> tuple[str, str]:
        if stem == "signature":
            return snippets.signature(site, commune, url, version, state)
        fn = {"badge": snippets.badge, "carte": snippets.card, "banniere": snippets.banner}[stem]
        plain = {"badge": snippets.badge_text, "carte": snippets.card_text}.get(stem)
        return fn(site, commune, url, version, state), plain(site, commune, url, version) if plain else ""

    sections = []
    for i, (stem, heading, purpose) in enumerate(SNIPPETS, 1):
        # Without the site's address, the preview shows the snippet from here and nothing is offered to copy.
        forms: list[tuple[str, str, str]] = []
        if not site_url:
            preview = made(stem, "../../../")[0]
        else:
            markup, plain = made(stem, site_url)
            preview = markup
            out[urls.snippet(slug, f"{stem}.html")] = markup + "\n"
            forms.append(("HTML", "html", markup))
            if plain:
                out[urls.snippet(slug, f"{stem}.txt")] = plain.rstrip("\n") + "\n"
                forms.append(("Texte", "text", plain))
        sections.append(f"## {heading} {{#{stem}}}\n\n{wording.french_spacing(purpose)}\n\n"
                        + copies.tab_set(i, preview, forms, rich=bool(site_url), templates=state.templates))

    height = embed_height(n, photo_height)
    live = ["## La carte vivante {#carte-vivante}\n\n" + wording.french_spacing(
        "Un cadre (iframe) qui affiche la carte du patrimoine de la commune depuis la boîte à outils : quand la "
        "Mission met les données à jour, la carte se met à jour d’elle-même sur votre site. Ses liens s’ouvrent dans "
        f"un nouvel onglet. Hauteur conseillée : {height} pixels ; ajustez-la à votre mise en page.") + "\n\n"]
    frame_preview = iframe(state, title, f"../../../{urls.embed('communes', slug)}", height)
    if site_url:
        src = urls.absolute(site_url, urls.embed("communes", slug))
        code = iframe(state, title, src, height)
        out[urls.snippet(slug, "carte-vivante.html")] = code + "\n"
        out[urls.oembed("commune", slug)] = oembed(state, title, src, height, site_url, urls.absolute(site_url, urls.public_page(slug)))
        live.append(copies.tab_set(len(SNIPPETS) + 1, frame_preview, [("HTML", "html", code)], rich=False, templates=state.templates))
        live.append(wording.french_spacing(
            "Avec WordPress, quel que soit votre rôle (auteur, éditeur ou administrateur) : collez l’adresse du kit de la "
            f"commune ({urls.kit_url(site_url, slug)}) seule sur une ligne, ou dans un bloc « Contenu embarqué ». WordPress "
            "affiche la carte à la hauteur de son contenu, et ses liens s’ouvrent dans la page. Le code ci-dessus, lui, ne "
            "se colle que par un administrateur : WordPress retire les cadres (iframe) des contenus des autres rédacteurs.") + "\n\n")
        script = snippets.jsonld_script(snippets.jsonld_commune(site, commune, site_url), state)
        out[urls.snippet(slug, "donnees-structurees.html")] = script + "\n"
        live.append("## Les données structurées {#donnees-structurees}\n\n" + wording.french_spacing(
            "Un bloc invisible pour les moteurs de recherche (schema.org) : il décrit la commune et ses éléments "
            "du patrimoine mondial. Il se place dans l’en-tête (head) de la page patrimoine, jamais dans son contenu : "
            "collé dans le texte d’une page WordPress par un auteur ou un éditeur, il perd ses balises et s’affiche en "
            "clair. Avec WordPress, faites-le ajouter à l’en-tête de cette page par une extension d’insertion de code "
            "ou par la personne qui développe le thème (action wp_head) ; avec Drupal, par un module de métadonnées "
            "ou dans le gabarit du thème (html.html.twig). Sans accès à l’en-tête, passez-vous-en : la page "
            "patrimoine et les extraits suffisent.")
            + f"\n\n{copies.fence(script)}html\n{script}\n{copies.fence(script)}\n\n")
    else:
        script = ""
        live.append(state.templates.render("embeds/preview.html.j2", frame=Markup(frame_preview)))
    return out, "".join(sections) + "".join(live), script


ELEMENT_HEIGHT = 240
"""Enough for an element's embed (name, two lines, a link) at 320 px wide."""


def element_outputs(site: Site, e: Element, site_url: str,
                    state: BuildState) -> tuple[dict[PurePosixPath, str], dict[str, str], str]:
    """The embed page and oEmbed answer of an element, the front matter its page needs (JSON-LD, oEmbed)
    and the iframe code its page offers (empty without the site's address)."""
    photo, photo_height = _photo(site, state, (e, e.photos[0]) if e.photos else None)
    out = {urls.embed("elements", e.slug): element_embed(site, e, state, photo)}
    height = ELEMENT_HEIGHT + _room(photo_height)  # in a plain iframe: the card, and its photo's room
    meta: dict[str, str] = {}
    code = ""
    if site_url:
        src = urls.absolute(site_url, urls.embed("elements", e.slug))
        title = wording.french(f"{e.nom} — {site.marque.nom}")
        out[urls.oembed("element", e.slug)] = oembed(state, title, src, height, site_url,
                                                     urls.absolute(site_url, urls.element_page(e.slug)))
        meta["oembed"] = str(urls.oembed("element", e.slug))
        meta["jsonld"] = snippets.jsonld_script(snippets.jsonld_element(site, e, site_url), state)
        code = iframe(state, title, src, height)
    return out, meta, code
