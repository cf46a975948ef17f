"""Coordinate helpers. Points are (lon, lat) / (x, y) here, as shapely and pyproj want.

Distances, radii and coverage are computed in British National Grid (EPSG:27700, metres);
WGS84 (EPSG:4326) is for display and interchange.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Transformer

BNG = 27700
WGS84 = 4326


@lru_cache(maxsize=4)
def _transformer(source: int, target: int) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def to_bng(lon, lat):
    """WGS84 -> BNG. Scalars or numpy arrays in, the same out."""
    return _transformer(WGS84, BNG).transform(lon, lat)


def to_wgs84(x, y):
    """BNG -> WGS84 (lon, lat)."""
    return _transformer(BNG, WGS84).transform(x, y)


def ewkt_point(x: float, y: float, srid: int) -> str:
    """EWKT both GeoAlchemy2 backends accept for a geometry column ("SRID=4326;POINT(x y)")."""
    return f"SRID={srid};POINT({float(x)!r} {float(y)!r})"


def planar_distance(x1, y1, x2, y2):
    return np.hypot(np.asarray(x2) - x1, np.asarray(y2) - y1)
