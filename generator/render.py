"""Render a validated Site into {path inside kits/: text, or a content file to copy}. Pure: no I/O, no clock."""

from __future__ import annotations

import functools
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from . import clipboard, opendata, pages, text, visuals
from .images import Job, lockup
from .model import Commune, Element, Site

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
"""Scripts served with the site, copied as they are."""

PROTECTION = {
    "Classé MH": "monument historique classé",
    "Inscrit MH": "monument historique inscrit",
    "Inscrit MH et AVAP": "monument historique inscrit, dans une aire de mise en valeur de l’architecture et du patrimoine (AVAP)",
    "Situé en abords MH": "dans les abords d’un monument historique",
    "non": "aucune protection au titre des monuments historiques",
}

PRESS_RELEASES = (
    ("commune-patrimoine-mondial", "communique_commune.md.j2", "Notre commune au patrimoine mondial", "à tout moment de l’année"),
    ("anniversaire-inscription", "communique_anniversaire.md.j2", "Anniversaire de l’inscription", "autour du 30 juin"),
    ("journees-du-patrimoine", "communique_jep.md.j2", "Journées européennes du patrimoine", "le troisième week-end de septembre"),
    ("sainte-barbe", "communique_sainte_barbe.md.j2", "Sainte-Barbe", "autour du 4 décembre"),
)


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    """One environment per process: compiling the templates was a third of the rendering time."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(md=text.md, md_text=text.md_text, attr=text.md_attr, nombre=text.nombre, date_fr=text.date_fr,
                       liste=text.liste, typo=text.typo, tint=text.tint, dept=lambda d: text.md(d.split(" (")[0]), parens=lambda s: f"({s})")
    env.globals.update(pluriel=text.pluriel, PROTECTION=PROTECTION, osm=osm_url)
    return env


def use_bytecode_cache(folder: Path) -> None:
    """Keep compiled templates between runs (Jinja recompiles one whose source changed)."""
    folder.mkdir(parents=True, exist_ok=True)
    _env().bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def type_label(e: Element, sous_types: dict[str, str]) -> str:
    """Return « terril conique » style labels: the subtype only when types.yml defines it."""
    label = text.md(e.type)
    if e.sous_type in sous_types and e.sous_type.lower() not in e.type.lower():
        label += f", {text.md(e.sous_type.lower())}"
    return label


def display_names(elements: list[Element]) -> dict[str, str]:
    """Name each element; generic names shared in one list get their code (« Maison d’ingénieur, 62F »)."""
    counts: dict[str, int] = {}
    for e in elements:
        counts[e.nom] = counts.get(e.nom, 0) + 1
    return {e.code: text.md(e.nom) + (f" ({text.md(e.code)})" if counts[e.nom] > 1 else "") for e in elements}


def osm_url(e: Element) -> str:
    return f"https://www.openstreetmap.org/?mlat={e.latitude:.5f}&mlon={e.longitude:.5f}#map=17/{e.latitude:.5f}/{e.longitude:.5f}"


COPY_INTRO = {
    "page-patrimoine": ("Voici la page à publier sur le site de la commune. Donnez-lui pour titre « {title} », "
                        "puis copiez son texte dans l’onglet qui convient à votre outil : **HTML** pour un éditeur qui "
                        "accepte le code (WordPress : bloc « HTML personnalisé » ; Drupal : format « HTML complet »), "
                        "**Markdown** pour un éditeur qui le lit, **Texte** pour un courriel ou le bulletin municipal."),
}


def render_site(site: Site, site_url: str = "") -> dict[PurePosixPath, str | Path | Job]:
    """Render every page of kits/, keyed by its path relative to kits/.

    A str is a page, a Path a file to copy, a Job an image for the image cache to draw.
    `site_url` is where the toolbox is published: copyable texts link to its pages only when it is known.
    """
    env = _env()
    out: dict[PurePosixPath, str | Path | Job] = {}
    common: dict[str, Any] = {
        "site": site, "bien": site.bien, "marque": site.marque,
        "site_url": site_url.rstrip("/") + "/" if site_url else "",
        "credit": data_credit(site), "press_releases": PRESS_RELEASES,
        # This site's helpers go in the context, not the shared environment's globals.
        "commune_names": lambda e, but=None: text.liste([text.md(site.communes[sl].nom) for sl in e.communes if sl != but]),
        "type_label": lambda e: type_label(e, site.sous_types),
        "formats": lockup.FORMATS, "format_text": visuals.FORMAT_TEXT, "variants": visuals.VARIANT_TEXT,
    }

    def page(path: str, template: str, copy: str = "", after: str = "", **ctx: Any) -> None:
        key = PurePosixPath(path)
        assert key not in out, f"{path} rendered twice"
        md = text.french_spacing(env.get_template(template).render(**common, **ctx).rstrip("\n") + "\n")
        if copy:
            # The page's text goes in copy tabs; what follows them is for the webmaster only.
            front, h1, body = clipboard.split_page(md)
            intro = text.french_spacing(COPY_INTRO[copy].format(title=h1[2:]))
            md = f"{front}\n{h1}\n\n{intro}\n\n{clipboard.tabs(clipboard.copyable(body))}{text.french_spacing(after)}"
        out[key] = md

    def press_page(path: str, ctx: dict[str, Any]) -> None:
        # One page for the four releases (a page each was a quarter of the site's pages, hence
        # of its build time); each release is a section with its own copy tabs.
        releases, sections = [], []
        for n, (name, template, _title, when) in enumerate(PRESS_RELEASES, 1):
            md = text.french_spacing(env.get_template(template).render(**common, **ctx))
            _front, h1, body = clipboard.split_page(md)
            releases.append((name, h1[2:], when))
            sections.append(f"## {h1[2:]} {{#{name}}}\n\n{text.french_spacing(f'À envoyer {when}.')}\n\n"
                            + clipboard.tabs(clipboard.copyable(body), n, demote=1))
        page(path, "communiques.md.j2", releases=releases, **ctx)
        out[PurePosixPath(path)] += "\n" + "".join(sections)

    counts = {slug: len(site.elements_of(slug)) for slug in site.communes}
    site_ctx = pages.context(site)
    for path, tpl in pages.SITE_PAGES:
        page(path, tpl, **site_ctx)
    page("communes/index.md", "annuaire.md.j2", counts=counts, groups=_by_epci(site),
         departements=sorted({c.departement for c in site.communes.values()}))
    page("elements/index.md", "elements_index.md.j2")
    page("donnees.md", "donnees.md.j2", open_data=opendata.FILES)
    out.update(opendata.files(site, data_credit(site), common["site_url"]))
    out[PurePosixPath("assets", "marque.css")] = env.get_template("marque.css.j2").render(marque=site.marque)
    for script in sorted(STATIC.iterdir()):
        out[PurePosixPath("assets", script.name)] = script
    for slug, commune in site.communes.items():
        lockups = visuals.lockup_files(site, commune)
        out.update(visuals.commune_jobs(site, commune, lockups))
        ctx = commune_context(site, commune)
        ctx.update(lockups=lockups, card=visuals.card_path(commune))
        base = f"communes/{slug}"
        page(f"{base}/index.md", "kit_index.md.j2", **ctx)
        page(f"{base}/page-patrimoine.md", "page_patrimoine.md.j2", copy="page-patrimoine",
             after=env.get_template("_fiches.md.j2").render(**common, **ctx), **ctx)
        page(f"{base}/logo.md", "logo.md.j2", **ctx)
        page(f"{base}/liens.md", "liens.md.j2", **ctx)
        press_page(f"{base}/communiques.md", ctx)
    for element in site.elements.values():
        photo_sets = []
        for photo in element.photos:
            ps, jobs = visuals.photo_set(site, photo)
            photo_sets.append(ps)
            out.update(jobs)
        out[visuals.card_path(element)] = visuals.element_card(site, element)
        page(f"elements/{element.slug}.md", "element.md.j2", e=element, photo_sets=photo_sets,
             card=visuals.card_path(element), component=site.composantes[element.composante],
             siblings=[s for s in site.elements_in(element.composante) if s.code != element.code],
             sibling_names=display_names(site.elements_in(element.composante)))
    return out


def commune_context(site: Site, commune: Commune) -> dict[str, Any]:
    """Gather what the pages of one commune's kit say."""
    elements = site.elements_of(commune.slug)
    component_ids = sorted({e.composante for e in elements})
    shared = []
    for cid in component_ids:
        others = sorted({s for e in site.elements_in(cid) for s in e.communes} - {commune.slug})
        if others:
            shared.append((site.composantes[cid], [site.communes[s] for s in others]))
    offices = [o for o in site.bien.offices_de_tourisme if commune.intercommunalite in o.intercommunalites]
    return {
        "c": commune, "elements": elements, "names": display_names(elements),
        "components": [site.composantes[cid] for cid in component_ids],
        "shared_components": shared,
        "offices": offices, "other_offices": [o for o in site.bien.offices_de_tourisme if o not in offices],
        "grands_sites": [(g, site.elements[g.element]) for g in site.bien.grands_sites],
        "grand_site_here": [g for g in site.bien.grands_sites if site.elements[g.element] in elements],
    }


def _by_epci(site: Site) -> list[tuple[str, list[Commune]]]:
    groups: dict[str, list[Commune]] = {}
    for c in site.communes.values():
        groups.setdefault(c.intercommunalite, []).append(c)
    return sorted(groups.items())


def data_credit(site: Site) -> str:
    """The attribution line that Licence Ouverte 2.0 asks for, from bien.yml's sources."""
    parts = [f"{s.attribution} ({s.licence})" for s in site.bien.sources if s.attribution and s.licence]
    return "Données : " + " ; ".join(dict.fromkeys(parts)) + "."
