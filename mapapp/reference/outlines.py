"""District outlines for maps, read from the reference tables: generalised to ~50 m and
rounded to ~1 m, as GeoJSON features (every map page) or shapes by code (the gap maps).

The map builders (maps/) take these as data; the views read them here. The features are
kept per connection pool and data version: every map page drew them from the stored shapes
again (a fifth of a /find request), though they change only with the reference data, which
bumps the version.
"""

from __future__ import annotations

import numpy as np
import shapely
from geoalchemy2.shape import to_shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import data_version
from .. import html_safe as safe
from ..models import District

_KEPT = data_version.PerPool(data_version.Latest)


def outline(shape):
    """Boundaries generalised to ~50 m, coordinates to 5 decimals (~1 m): the source is
    already ultra-generalised, and full float precision doubled every page's size."""
    simpler = shape.simplify(0.0004, preserve_topology=True)
    return shapely.transform(simpler, lambda xy: np.round(xy, 5))


def district_features(session: Session) -> list[dict]:
    """Every loaded district as a GeoJSON feature with its name and whether it is in the
    area (copies: folium's layer may change what it is given)."""
    conn = session.connection()
    version = data_version.current(conn)
    kept = _KEPT.get(conn)  # None: this transaction wrote, so nothing of it may be kept
    features = kept.get(version) if kept is not None else None
    if features is None:
        features = [
            {
                "type": "Feature",
                "geometry": outline(to_shape(district.geom)).__geo_interface__,
                "properties": {"name": safe.text(district.name), "in_area": district.in_area},
            }
            for district in session.scalars(select(District).where(District.geom.is_not(None)))
        ]
        if kept is not None:
            kept.put(version, features)
    # folium may add an "id" to each feature, or keys to its properties, never to its
    # geometry: copying those two levels keeps the kept features as they were, where a deep
    # copy of every coordinate cost a seventh of a /find request.
    return [{**f, "properties": dict(f["properties"])} for f in features]


def district_shapes(session: Session, codes) -> dict:
    """Shapes (generalised as above) of the districts with these codes, by code."""
    rows = session.execute(
        select(District.code, District.geom).where(
            District.code.in_(list(codes)), District.geom.is_not(None)
        )
    ).all()
    return {code: outline(to_shape(geom)) for code, geom in rows}
