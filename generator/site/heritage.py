"""How a commune's heritage page orders what it holds: by component part, then by type, the Grand site first, each
type's definition once (where its first group starts), and one sentence that counts the elements by type."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Component, Element, GrandSite, Photo, Site
from generator.site import wording


@dataclass(frozen=True)
class TypeGroup:
    type: str
    label: str
    """« Cités minières », « École »: the type as a group heading, plural when the group holds more than one."""
    definition: str
    """types.yml's definition, on the first group of this type in the page only (empty afterwards)."""
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Section:
    """A part of the heritage page: one component part the commune holds several elements of, or, together, the
    component parts it holds a single element of (« Autres éléments inscrits »)."""

    title: str
    components: tuple[tuple[Component, tuple[str, ...]], ...]
    """Each component part in the section, with the other communes it spans (their names)."""
    types: tuple[TypeGroup, ...]


def _grand_first(elements: list[Element], grand_codes: set[str]) -> list[Element]:
    """The official order, with the Grand site's element moved to the front."""
    return sorted(elements, key=lambda e: e.code not in grand_codes)


def _label(site: Site, type_: str, n: int) -> str:
    """« Cités minières », « Cavalier »: the group heading (a parenthesis the definition repeats is left out)."""
    return wording.capital((site.pluriels.get(type_, type_) if n > 1 else type_).split(" (")[0])


def groups(site: Site, elements: list[Element], grands: list[GrandSite], commune_slug: str) -> list[Section]:
    grand_codes = {g.element for g in grands}
    by_component: dict[str, list[Element]] = {}
    for e in _grand_first(elements, grand_codes):
        by_component.setdefault(e.composante, []).append(e)
    several = {cid: els for cid, els in by_component.items() if len(els) > 1}
    singles = {cid: els for cid, els in by_component.items() if len(els) == 1}
    if not several or len(singles) < 2:  # nothing to gather: each part keeps its own section
        several, singles = by_component, {}
    defined: set[str] = set()

    def typed(els: list[Element]) -> tuple[TypeGroup, ...]:
        by_type: dict[str, list[Element]] = {}
        for e in els:
            by_type.setdefault(e.type, []).append(e)
        # The largest groups first (Lens opens on its cités), the Grand site's type before all; ties in official order.
        ranked = sorted(by_type.items(), key=lambda kv: (not grand_codes & {e.code for e in kv[1]}, -len(kv[1])))
        out = []
        for type_, members in ranked:
            out.append(TypeGroup(type_, _label(site, type_, len(members)), "" if type_ in defined else site.types.get(type_, ""),
                                 tuple(members)))
            defined.add(type_)
        return tuple(out)

    def spans(cid: str) -> tuple[str, ...]:
        slugs = dict.fromkeys(s for e in site.elements_in(cid) for s in e.communes if s != commune_slug)
        return tuple(site.communes[s].nom for s in slugs)

    sections = [Section(site.composantes[cid].nom, ((site.composantes[cid], spans(cid)),), typed(els)) for cid, els in several.items()]
    if singles:
        sections.append(Section("Autres éléments inscrits", tuple((site.composantes[cid], spans(cid)) for cid in singles),
                                typed([e for els in singles.values() for e in els])))
    return sections


def type_counts(site: Site, elements: list[Element]) -> str:
    """« 9 cités minières, 3 écoles et 1 église »: the most numerous first, then in the page's order."""
    counts: dict[str, int] = {}
    for e in elements:
        counts[e.type] = counts.get(e.type, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: ties keep the official order
    # A noun with no singular (« grands bureaux ») is not counted: « des grands bureaux », not « 1 grands bureaux ».
    return wording.liste([f"des {t}" if n == 1 and site.pluriels.get(t) == t else wording.pluriel(n, t, site.pluriels.get(t))
                          for t, n in ordered])


def facts(site: Site, e: Element, commune_slug: str, with_part: bool = False) -> str:
    """« cité pavillonnaire, qui s’étend aussi sur Bouvigny-Boyeffles, inscription au titre des monuments historiques »: what a resident
    learns of one element at a glance (plain text). No protection is not said: it is most elements' case."""
    parts = []
    sub, label = wording.subtype(e, site.sous_types), wording.type_label(e, site.sous_types)
    # What the subtype says, of the element and not of its name (« Rieulay : plat » read as if the town were):
    # « terril plat », « grand terril moderne », « cité jardin ».
    shape = label if e.sous_type in wording.ADJECTIVE_SUBTYPES else sub
    if e.numero_terril:
        # The number is the terril's: « terril plat nº T144 », but « terril nº T143, bassin de décantation ».
        number = f"nº\u00a0{e.numero_terril}"
        parts.append(f"{shape} {number}" if shape and shape == label else f"terril {number}" + (f", {sub}" if sub else ""))
    elif shape:
        parts.append(shape)
    others = [site.communes[s].nom for s in e.communes if s != commune_slug]
    if others and commune_slug == e.commune:
        parts.append(f"qui s’étend aussi sur {wording.liste(others)}")
    if e.longueur_m:
        parts.append(f"{wording.longueur(e.longueur_m)} de long")
    if e.protection and e.protection != "non":
        parts.append(wording.PROTECTION[e.protection])
    if with_part:
        c = site.composantes[e.composante]
        parts.append(f"partie nº\u00a0{c.numero} « {c.nom} »")
    return ", ".join(parts)


LIVED_IN = {"cité minière": "dans les cités", "terril": "autour des terrils", "cavalier (ancienne voie ferrée minière)": "le long des cavaliers",
            "fosse": "près des fosses"}
"""Where the mining landscape is lived in, said only of the kinds of places the commune holds (a press release)."""


def lived_in(elements: list[Element]) -> list[str]:
    held = {e.type for e in elements}
    return [phrase for type_, phrase in LIVED_IN.items() if type_ in held]


HIGHLIGHTS = 3
"""Elements a press release names when it counts the others by type."""
PROTECTED = {"Classé MH": 0, "Inscrit MH": 1, "Inscrit MH et AVAP": 1}
"""The protections that make an element a historic monument (« abords » do not), classés first."""


def highlights(site: Site, elements: list[Element]) -> list[Element]:
    """What a release names of a commune with too many elements to list (at most HIGHLIGHTS): its Grand site; then
    the elements protected as historic monuments (classés before inscrits), those with a name of their own and of a
    type the commune holds once first (the station, the company's offices: what a reader knows the town by); in the
    official order within each."""
    grand_codes = {g.element for g in site.bien.grands_sites}
    per_type: dict[str, int] = {}
    for e in elements:
        per_type[e.type] = per_type.get(e.type, 0) + 1
    chosen = [e for e in elements if e.code in grand_codes or e.protection in PROTECTED]
    # A name that only says its type (« Gare », « Dispensaire ») tells a reader nothing: after the named ones.
    chosen.sort(key=lambda e: (e.code not in grand_codes, PROTECTED.get(e.protection, 2), wording.is_its_type(e),
                               per_type[e.type] > 1))
    return chosen[:HIGHLIGHTS]


def lead_photo(site: Site, commune_slug: str) -> tuple[Element, Photo] | None:
    """The photo that stands for a commune (its social card, its releases): its Grand site's first photo, else the
    first photo of its elements in the official order; None when none of them has one."""
    grand_codes = {g.element for g in site.bien.grands_sites}
    for e in _grand_first(site.elements_of(commune_slug), grand_codes):
        if e.photos:
            return e, e.photos[0]
    return None


def photo_caption(e: Element, photo: Photo) -> str:
    """« Église Sainte-Marguerite : sa légende. © crédit, licence. »: what a photo shown alone says of itself (plain text)."""
    legend = f" : {photo.legende}" if photo.legende else ""
    return wording.typo(f"{e.nom}{legend}. © {photo.credit}, {photo.licence}.")
