"""Read the official perimeter of each component part from the Mission's GIS layer (`make import-parties`),
for the importer to write into content/parties/.

The layer is S1's « Bien Inscrit UNESCO BM » (109 polygons, Licence Ouverte), as the WGS84 GeoJSON copy
`bien-inscrit.geojson` that the data's other layers are read from (content/README.md, part 13): each feature
names its component part by number (`no_element`) and carries its polygon, already simplified to about 10 m.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import shapely
import shapely.geometry
import shapely.validation
from shapely.geometry import mapping

from generator.errors import ContentError, ContentErrors

PRECISION = 5
"""Decimals kept (about a metre): the source's own simplification is coarser."""


def read(source: Path, display: str) -> dict[int, dict[str, Any]]:
    """Each component part's perimeter (GeoJSON geometry, valid, coordinates rounded) by its number.

    A feature without a number or with a broken polygon is an error naming it; all errors are given at once."""
    try:
        doc = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ContentErrors([ContentError(display, 0, f"fichier illisible ({type(e).__name__}) : le GeoJSON de la couche "
                                                      "« Bien Inscrit UNESCO BM » (bien-inscrit.geojson) est attendu")]) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise ContentErrors([ContentError(display, 0, "ce n’est pas une collection GeoJSON (« FeatureCollection ») de polygones")])
    out: dict[int, dict[str, Any]] = {}
    errors = []
    for i, f in enumerate(features, 1):
        props = f.get("properties") or {} if isinstance(f, dict) else {}
        number = str(props.get("no_element", "")).strip()
        where = f"objet {i}" + (f" (partie nº {number})" if number else "")
        try:
            shape = shapely.geometry.shape(f["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
            errors.append(ContentError(display, 0, f"{where} : géométrie illisible"))
            continue
        if not number.isdigit():
            errors.append(ContentError(display, 0, f"{where} : pas de numéro de partie constitutive (« no_element »)"))
            continue
        if shape.geom_type not in ("Polygon", "MultiPolygon") or shape.is_empty or not shape.is_valid:
            errors.append(ContentError(display, 0, f"{where} : ce n’est pas un polygone valide "
                                                   f"({shapely.validation.explain_validity(shape)})"))
            continue
        shape = shapely.set_precision(shape, 10 ** -PRECISION)
        if int(number) in out:
            # A part drawn in several features: one shape, as the part is one.
            out[int(number)] = mapping(shapely.union_all([shapely.geometry.shape(out[int(number)]), shape]))
        else:
            out[int(number)] = mapping(shape)
    if errors:
        raise ContentErrors(errors)
    return out
