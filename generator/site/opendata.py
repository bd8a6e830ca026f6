"""Open data files: every element as GeoJSON (importable in uMap as it is) and CSV, every commune as CSV.

Pure and deterministic: rows in the official order, keys sorted, coordinates rounded to the
precision of the source (about a metre), one newline style.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import PurePosixPath
from typing import Any

from generator.content.model import Element, Site
from generator.site import urls

FILES = {
    "elements.geojson": "les éléments en points, pour une carte (uMap, QGIS, Leaflet)",
    "elements.csv": "les éléments, pour un tableur",
    "communes.csv": "les communes, leur nombre d’éléments et les coordonnées de leur mairie, pour un tableur",
    "communes.geojson": "les communes et leurs contours, pour une carte",
}
"""What the Données page lists, by file name under donnees/."""

ELEMENT_COLUMNS = ("code", "nom", "nom_officiel", "type", "sous_type", "composante", "composante_nom", "communes", "insee",
                   "protection", "numero_terril", "longueur_m", "latitude", "longitude", "fiche")
COMMUNE_COLUMNS = ("nom", "insee", "departement", "intercommunalite", "siren_epci", "elements", "lien", "kit",
                   "mairie_adresse", "mairie_telephone", "mairie_courriel", "site_web")


def _element_row(site: Site, e: Element, site_url: str) -> dict[str, Any]:
    comp = site.composantes[e.composante]
    return {
        "code": e.code, "nom": e.nom, "nom_officiel": e.official_name, "type": e.type, "sous_type": e.sous_type,
        "composante": e.composante, "composante_nom": comp.nom,
        "communes": " ; ".join(site.communes[s].nom for s in e.communes),
        "insee": " ; ".join(site.communes[s].insee for s in e.communes),
        "protection": e.protection, "numero_terril": e.numero_terril,
        "longueur_m": e.longueur_m if e.longueur_m is not None else "",
        "latitude": round(e.latitude, 6), "longitude": round(e.longitude, 6),
        "fiche": urls.element_url(site_url, e.slug) if site_url else "",
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell begins a formula (OWASP, « CSV Injection »)."""


def inert(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, with an apostrophe before it (OWASP's advice):
    shown as text, never run. Numbers stay numbers."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: inert(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def geojson(site: Site, elements: list[Element], credit: str, site_url: str = "", name: str = "") -> str:
    """The elements as GeoJSON points, with the licence and sources (uMap imports it as is)."""
    rows = [_element_row(site, e, site_url) for e in elements]
    features = []
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude") and v != ""}
        # uMap labels a marker with `name` and shows `description` in its pop-up.
        props["name"] = row["nom"]
        props["description"] = f"{row['type']}, élément {row['code']} ({row['communes']})"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                         "properties": props})
    collection = {"type": "FeatureCollection", "name": name or f"{site.bien.nom} — éléments inscrits",
                  "licence": credit, "sources": _sources(site), "features": features}
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def files(site: Site, credit: str, site_url: str = "") -> dict[PurePosixPath, str]:
    """The open data files, keyed by their path under kits/."""
    rows = [_element_row(site, e, site_url) for e in site.elements.values()]
    counts = {slug: len(site.elements_of(slug)) for slug in site.communes}
    communes = [_commune_row(c, counts[c.slug], site_url) for c in site.communes.values()]
    out = {
        urls.OPEN_DATA / "elements.geojson": geojson(site, list(site.elements.values()), credit, site_url),
        urls.OPEN_DATA / "elements.csv": _csv(ELEMENT_COLUMNS, rows),
        urls.OPEN_DATA / "communes.csv": _csv(COMMUNE_COLUMNS, communes),
    }
    if site.contours:
        out[urls.OPEN_DATA / "communes.geojson"] = _communes_geojson(site, communes, credit)
    return out


def _sources(site: Site) -> list[dict[str, str]]:
    """Every source bien.yml declares, as each GeoJSON file carries them."""
    return [{"titre": s.titre, "url": s.url, "licence": s.licence, "attribution": s.attribution} for s in site.bien.sources]


def _commune_row(c: Any, n: int, site_url: str) -> dict[str, Any]:
    d = c.annuaire
    return {"nom": c.nom, "insee": c.insee, "departement": c.departement, "intercommunalite": c.intercommunalite,
            "siren_epci": c.siren_epci, "elements": n, "lien": c.lien, "kit": urls.kit_url(site_url, c.slug) if site_url else "",
            # The mairie as the public directory gives it (source A1); the website the record gives comes first.
            "mairie_adresse": " ; ".join(d.adresse) if d else "", "mairie_telephone": d.telephone if d else "",
            "mairie_courriel": d.courriel if d else "", "site_web": c.site_web or (d.site_web if d else "")}


def _communes_geojson(site: Site, rows: list[dict[str, Any]], credit: str) -> str:
    """The communes with their outlines (content/contours/), for a map."""
    features = []
    for c, row in zip(site.communes.values(), rows):
        if c.slug in site.contours:
            props = {k: v for k, v in row.items() if v != ""}
            props["name"] = c.nom
            features.append({"type": "Feature", "geometry": site.contours[c.slug], "properties": props})
    collection = {"type": "FeatureCollection", "name": f"{site.bien.nom} — communes", "licence": credit,
                  "sources": _sources(site), "features": features}
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
