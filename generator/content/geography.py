"""Where the elements lie against the communes' outlines, measured in metres in Lambert-93 (EPSG:2154, the
French official projection) rather than in degrees, whose length differs from north to south and east to west."""

from __future__ import annotations

from functools import cache
from typing import Any, Iterable

import numpy
import pyproj
import shapely
import shapely.geometry

TOLERANCE_M = 100
"""How far outside its communes' outlines an element's point may lie before it is reported. The outlines come from the
public directory already simplified; the farthest point inside the property today is 38 m off (63N, Lens)."""


@cache
def _to_lambert93() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


def projected(geometry: dict[str, Any]) -> shapely.Geometry:
    """A GeoJSON geometry (longitude, latitude) as a shape in Lambert-93 metres."""
    t = _to_lambert93()
    return shapely.transform(shapely.geometry.shape(geometry),
                             lambda xy: numpy.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def project_point(latitude: float, longitude: float) -> tuple[float, float]:
    """A point (degrees) in Lambert-93 metres."""
    x, y = _to_lambert93().transform(longitude, latitude)
    return float(x), float(y)


def distance_outside(latitude: float, longitude: float, outlines: Iterable[shapely.Geometry]) -> float:
    """Metres from the point to the nearest of the outlines (0 inside one of them)."""
    x, y = _to_lambert93().transform(longitude, latitude)
    point = shapely.Point(x, y)
    return min(o.distance(point) for o in outlines)
