"""The validated content as typed, frozen objects: what every later stage reads. Built by content/validate.py."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any


@dataclass(frozen=True)
class Photo:
    fichier: str
    alt: str
    credit: str
    licence: str
    legende: str = ""


def photo_key(fichier: str) -> PurePosixPath:
    """What a photo is known by once published: its path without extension, photos/ left out. Two photos
    with the same key (photos/a.jpg and a.png) would give the same derivatives, so validation refuses them."""
    stem = PurePosixPath(fichier).with_suffix("")
    return PurePosixPath(*stem.parts[1:]) if stem.parts[0] == "photos" and len(stem.parts) > 1 else stem


@dataclass(frozen=True)
class Contact:
    nom: str
    fonction: str = ""
    courriel: str = ""
    telephone: str = ""


@dataclass(frozen=True)
class Quote:
    texte: str
    auteur: str
    fonction: str = ""


@dataclass(frozen=True)
class Component:
    """A component part of the property, from composantes.yml."""

    id: str
    numero: int
    nom: str
    compagnie: str
    surface_ha: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    nom_officiel: str = ""
    """The GIS layer's name, when content/noms.yml gives `nom` a display form (otherwise empty)."""

    @property
    def official_name(self) -> str:
        return self.nom_officiel or self.nom


ELIDING = tuple("AEIOUYÂÀÄÉÈÊËÎÏÔÖÛÙÜHaeiouyâàäéèêëîïôöûùüh")
"""First letters before which « de » becomes « d’ »: a vowel, or an h (mute, unless noms.yml lists the name)."""


@dataclass(frozen=True)
class Names:
    """How sentences say proper names (content/noms.yml): the names « de » does not elide before, and those
    said with an article. Keyed by the name as displayed."""

    sans_elision: frozenset[str] = frozenset()
    articles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Element:
    """An inscribed element, described once, in the record of the commune that holds it."""

    code: str
    composante: str
    nom: str
    type: str
    latitude: float
    longitude: float
    commune: str
    """Slug of the commune whose record holds the element."""
    sous_type: str = ""
    protection: str = ""
    numero_terril: str = ""
    longueur_m: int | None = None
    autres_communes: tuple[str, ...] = ()
    """Slugs of the other communes the element crosses."""
    source: str = ""
    description: str = ""
    visite: str = ""
    site_web: str = ""
    photos: tuple[Photo, ...] = ()
    hors_contour: str = ""
    """Why the element's point lies outside its communes' outlines, when it does (checked, never published)."""
    nom_officiel: str = ""
    """The GIS layer's name, when content/noms.yml gives `nom` a display form (otherwise empty: `nom` is it)."""

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def official_name(self) -> str:
        return self.nom_officiel or self.nom

    @property
    def communes(self) -> tuple[str, ...]:
        """Slugs of every commune the element belongs to, holder first."""
        return (self.commune, *self.autres_communes)


@dataclass(frozen=True)
class Directory:
    """The mairie and intercommunality as public data give them (content/communes/<slug>.yml, `annuaire`)."""

    source: str
    adresse: tuple[str, ...] = ()
    telephone: str = ""
    courriel: str = ""
    site_web: str = ""
    intercommunalite: str = ""
    siren_epci: str = ""


@dataclass(frozen=True)
class RendezVous:
    """A rendez-vous the commune organises, announced in the press release of its occasion."""

    occasion: str
    date: dt.date
    titre: str
    heure: str = ""
    lieu: str = ""
    description: str = ""
    lien: str = ""


@dataclass(frozen=True)
class Commune:
    """A commune record, from content/communes/<slug>.yml."""

    slug: str
    nom: str
    insee: str
    departement: str
    intercommunalite: str
    siren_epci: str = ""
    lien: str = "direct"
    note_lien: str = ""
    note: str = ""
    site_web: str = ""
    presentation: str = ""
    logo: str = ""
    contact_presse: Contact | None = None
    citation_maire: Quote | None = None
    rendez_vous: tuple[RendezVous, ...] = ()
    """In the order of the record; the release of each occasion lists its own, by date."""
    annuaire: Directory | None = None
    """Imported by make import-annuaire; absent until then."""
    elements: tuple[str, ...] = ()
    """Codes of the elements this record holds."""

    @property
    def epci_nom(self) -> str:
        """The intercommunality's official name from the public directory, else the GIS export's short one (« CA de … »)."""
        return self.annuaire.intercommunalite if self.annuaire and self.annuaire.intercommunalite else self.intercommunalite


@dataclass(frozen=True)
class Link:
    nom: str
    url: str
    description: str = ""
    pour: str = "tous"
    """« communes »: a link for the communes only (the brand's licence), left out of the residents' pages."""


@dataclass(frozen=True)
class Source:
    cle: str
    titre: str
    url: str
    licence: str = ""
    attribution: str = ""


@dataclass(frozen=True)
class GrandSite:
    nom: str
    element: str
    presentation: str = ""
    source: str = ""
    site_web: str = ""


@dataclass(frozen=True)
class CriterionNote:
    """What one inscription criterion recognises, in plain French."""

    critere: str
    explication: str
    titre: str = ""


@dataclass(frozen=True)
class TourismOffice:
    nom: str
    url: str
    siren_epci: tuple[str, ...]
    """The intercommunalities it serves, by SIREN: the communes whose record has one of them are sent to it."""
    source: str


@dataclass(frozen=True)
class DataVersion:
    """One dated update of the data (bien.yml, versions)."""

    date: dt.date
    titre: str
    description: str = ""
    communes: tuple[str, ...] = ()
    """Slugs of the communes it concerns; empty: all of them."""

    def concerns(self, slug: str) -> bool:
        return not self.communes or slug in self.communes


@dataclass(frozen=True)
class Property:
    """The property's facts, from bien.yml."""

    nom: str
    numero_unesco: int
    date_inscription: dt.date
    session_comite: str
    categorie: str
    criteres: tuple[str, ...]
    periode_exploitation: str
    surface_ha: float
    nombre_elements: int
    nombre_composantes: int
    nombre_communes: int
    gestionnaire: str
    grands_sites: tuple[GrandSite, ...]
    liens: tuple[Link, ...]
    sources: tuple[Source, ...]
    lieu_comite: str = ""
    fermeture_derniere_fosse: dt.date | None = None
    zone_tampon_ha: float | None = None
    longueur_km: float | None = None
    nombre_communes_zone_tampon: int | None = None
    siege_gestionnaire: str = ""
    offices_de_tourisme: tuple[TourismOffice, ...] = ()
    valeur_universelle: str = ""
    criteres_expliques: tuple[CriterionNote, ...] = ()
    versions: tuple[DataVersion, ...] = ()

    @property
    def version_date(self) -> dt.date:
        """The data's date: the latest entry of the journal."""
        return max(v.date for v in self.versions)

    @property
    def version(self) -> str:
        """The data's date as stamped on every snippet, AAAA-MM-JJ."""
        return self.version_date.isoformat()


@dataclass(frozen=True)
class Palette:
    gris: str
    rouge: str


@dataclass(frozen=True)
class Fonts:
    """Font files, relative to content/."""

    titres: str
    intertitres: str
    textes: str
    licence: str


@dataclass(frozen=True)
class OfficialLogo:
    """The Mission's own brand files, relative to content/; they replace the drawn wordmark."""

    couleur: str
    noir_blanc: str
    negatif: str


@dataclass(frozen=True)
class Brand:
    """The brand's rules, from marque.yml."""

    nom: str
    proprietaire: str
    licence: str
    obtenir: str
    zone_protection: str
    largeur_min_ecran_px: int
    largeur_min_impression_mm: int
    emplacements: tuple[str, ...]
    interdits: tuple[str, ...]
    embleme_unesco: str
    palette: Palette
    polices: Fonts
    lignes_marque: tuple[str, ...]
    creation: int | None = None
    couleurs: str = ""
    logo_officiel: OfficialLogo | None = None
    embleme_demande: str = ""


@dataclass(frozen=True)
class Site:
    """Everything the later stages read, validated and cross-checked."""

    bien: Property
    marque: Brand
    composantes: dict[str, Component]
    communes: dict[str, Commune]
    elements: dict[str, Element]
    types: dict[str, str]
    sous_types: dict[str, str]
    content_dir: Path = field(compare=False)
    image_sizes: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)
    """Displayed pixel size of every image content/ declares (photos, logos), by path."""
    audits: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    """The visibility audits of content/audits/, oldest first."""
    noms: Names = field(default_factory=Names)
    pluriels: dict[str, str] = field(default_factory=dict)
    """Each type's plural (types.yml, « pluriel »): « 9 cités minières »."""
    contours: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    """Each commune's outline (GeoJSON geometry, from content/contours/), by slug; absent before make import-annuaire."""
    parties: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    """Each component part's official perimeter (GeoJSON geometry, from content/parties/), by id; absent before
    make import-parties."""

    @functools.cached_property
    def _by_commune(self) -> dict[str, list[Element]]:
        index: dict[str, list[Element]] = {slug: [] for slug in self.communes}
        for e in self.elements.values():  # already in official order
            for slug in e.communes:
                index[slug].append(e)
        return index

    @functools.cached_property
    def _by_component(self) -> dict[str, list[Element]]:
        index: dict[str, list[Element]] = {cid: [] for cid in self.composantes}
        for e in self.elements.values():
            index[e.composante].append(e)
        return index

    def elements_of(self, slug: str) -> list[Element]:
        """Return the elements of a commune (held or crossing), in official order."""
        return list(self._by_commune[slug])

    def elements_in(self, component_id: str) -> list[Element]:
        """Return the elements of a component part, in official order."""
        return list(self._by_component[component_id])


def element_order(e: Element) -> tuple[int, int, str]:
    """Sort 9A before 10 before 42A before 42B, and 63Z before 63AA, as in the official inventory."""
    digits = "".join(ch for ch in e.code if ch.isdigit())
    return (int(digits or 0), len(e.code), e.code)
