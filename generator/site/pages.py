"""The toolbox's editorial pages (Accueil, Comprendre, Agir, La marque, Presse, Ressources). Pure: no I/O, no clock.

plan.py renders each of SITE_PAGES with its usual context plus context(site).
"""

from __future__ import annotations

from typing import Any

from generator.content.occasions import SENT_AHEAD
from generator.content.model import Commune, Element, Link, Site
from generator.content.schema import PROTECTIONS
from generator.site import urls, wording
from generator.site.wording import date_fr

SITE_PAGES: tuple[tuple[str, str], ...] = (
    ("index.md", "site/accueil.md.j2"),
    ("comprendre/index.md", "site/comprendre.md.j2"),
    ("comprendre/parties-constitutives.md", "site/parties_constitutives.md.j2"),
    ("comprendre/grands-sites.md", "site/grands_sites.md.j2"),
    ("comprendre/marque-et-embleme.md", "site/marque_et_embleme.md.j2"),
    ("agir/index.md", "site/agir.md.j2"),
    ("agir/communiquer.md", "site/agir_communiquer.md.j2"),
    ("agir/amenager.md", "site/agir_amenager.md.j2"),
    ("agir/transmettre.md", "site/agir_transmettre.md.j2"),
    ("agir/accueillir.md", "site/agir_accueillir.md.j2"),
    ("marque/index.md", "site/marque.md.j2"),
    ("presse/index.md", "site/presse.md.j2"),
    ("ressources/index.md", "site/ressources.md.j2"),
    ("ressources/accessibilite.md", "site/accessibilite.md.j2"),
    ("ressources/mentions-legales.md", "site/mentions_legales.md.j2"),
)
"""(path under kits/, template under templates/), in the order of the navigation."""

EXAMPLE_COMMUNE = "lens"
"""The kit the pages link to as an example; the first commune if it is ever missing."""

AUDIT_2017 = {"sites": 69, "with_brand": 9, "on_home_page": 7, "linking_official_site": 3, "mentioning_inscription_pct": 60,
              "old_news_from": 2012, "old_news_to": 2014}
"""What the 2017 audit of the brand's use found on its 69 licensees' websites (not all of them communes), from the
project's domain notes: how many showed the brand, where, with a link to the official site, how many mentioned the
inscription, and the years of the old news items that did. content/README.md lists it among the statements the
Mission should confirm (the audit report is not a source declared in content/)."""

OCCASIONS: dict[str, tuple[str, str | None]] = {
    # press release slug (plan.PRESS_RELEASES) -> (occasion, when it comes back); None: the inscription date.
    "anniversaire-inscription": ("L’anniversaire de l’inscription", None),
    "journees-du-patrimoine": ("Les Journées européennes du patrimoine", "chaque année, le troisième week-end de septembre"),
    "sainte-barbe": ("La Sainte-Barbe, fête des mineurs, célébrée dans tout le Bassin", "chaque 4 décembre"),
    "commune-patrimoine-mondial": ("Les occasions locales : inauguration d’un élément restauré, nouvelle signalétique, événement de la commune",
                                   "à la date de l’événement, à tout moment de l’année"),
}
"""The editorial calendar, keyed by the press release model that goes with each occasion."""

# Kept here for the templates that receive them by name; the rule lives in wording.
en_lettres, combien = wording.en_lettres, wording.combien


def _link(site: Site, host: str) -> Link | None:
    """The official link of bien.yml to the home page of `host` (with or without www.), if there is one."""
    for link in site.bien.liens:
        address = link.url.split("://", 1)[-1].rstrip("/")
        if address.removeprefix("www.") == host:
            return link
    return None


def mission_link(site: Site) -> Link | None:
    """The manager's own website among bien.yml's links: where journalists and communes reach the Mission."""
    return _link(site, "missionbassinminier.org")


def _communes_of(site: Site, elements: list[Element]) -> list[Commune]:
    slugs: dict[str, None] = {}
    for e in elements:
        for slug in e.communes:
            slugs.setdefault(slug, None)
    return sorted((site.communes[s] for s in slugs), key=lambda c: c.slug)


def context(site: Site) -> dict[str, Any]:
    """What the editorial pages need beyond plan.py's common context, computed from the site only."""
    from generator.site import maps  # geometry libraries: loaded only by a run that renders (see plan.render_site)

    bien = site.bien
    example = site.communes.get(EXAMPLE_COMMUNE) or next(iter(site.communes.values()))
    components = []
    for cid, comp in site.composantes.items():
        elements = site.elements_in(cid)
        components.append((comp, len(elements), _communes_of(site, elements)))
    grands = [(g, site.elements[g.element], site.communes[site.elements[g.element].commune]) for g in bien.grands_sites]
    protections = {p: [e for e in site.elements.values() if e.protection == p] for p in PROTECTIONS}
    decision = next((s for s in bien.sources if s.cle == "decision"), None)
    audit = dict(AUDIT_2017, with_brand_pct=round(100 * AUDIT_2017["with_brand"] / AUDIT_2017["sites"]))
    anniversary = f"chaque {date_fr(bien.date_inscription, year=False)}, depuis {bien.date_inscription.year}"
    occasions = {slug: (label, when or anniversary) for slug, (label, when) in OCCASIONS.items()}
    return {
        "example": example,
        "en_lettres": en_lettres, "combien": combien,
        "components": components,
        "grands": grands,
        "protections": protections,
        "protection_unknown": [e for e in site.elements.values() if not e.protection],
        "mission_link": mission_link(site),
        "epci_names": lambda sirens: sorted({c.epci_nom for c in site.communes.values() if c.siren_epci in sirens}),
        "official_link": _link(site, "bassinminier-patrimoinemondial.org"),
        "unesco_link": next((link for link in bien.liens if "whc.unesco.org" in link.url), None),
        "decision_url": decision.url if decision else "",
        "audit": audit,
        "occasions": occasions,
        "sent_ahead": SENT_AHEAD.days,
        # The home page's basin map: each commune a link to its public page, from the site's root.
        "basin_map": maps.basin_map(site, {s: urls.published(urls.public_page(s)) for s in site.communes}) or "",
        "basin_legend": maps.basin_legend(),
    }

