"""Neighbourhoods by a name people know: each LSOA's nearest town, village or suburb.

"Amber Valley 001D" means nothing at a meeting; "near Belper" does. The name is the
nearest reference place (OS Open Names) of a kind people give as where they live (city,
town, suburban area, village: not hamlets, which are often a farm), measured from the
LSOA's population-weighted centroid in EPSG:27700. Without any such place loaded, the
nearest of any kind; without places at all, no name (the page keeps the code).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

NAMED_TYPES = ("City", "Town", "Suburban Area", "Village")
PLACE_COLUMNS = ["name", "local_type", "x", "y"]


def nearest_place_names(lsoas: pd.DataFrame, places: pd.DataFrame) -> dict[str, str]:
    """LSOA code -> the name of its nearest place (lsoas: code, x, y; places:
    PLACE_COLUMNS)."""
    if places.empty or lsoas.empty:
        return {}
    named = places[places["local_type"].isin(NAMED_TYPES)]
    chosen = named if not named.empty else places
    tree = shapely.STRtree(shapely.points(chosen[["x", "y"]].to_numpy(float)))
    (found, place), _ = tree.query_nearest(
        shapely.points(lsoas[["x", "y"]].to_numpy(float)), return_distance=True, all_matches=False
    )
    names = np.empty(len(lsoas), dtype=object)
    names[found] = chosen["name"].to_numpy(object)[place]
    return dict(zip(lsoas["code"], names, strict=True))


def load_places(
    session: Session, box: tuple[float, float, float, float] | None = None
) -> pd.DataFrame:
    """Reference places (within ``box`` = x0, y0, x1, y1 in EPSG:27700 when given)."""
    from ..models import Place

    query = select(Place.name, Place.local_type, Place.easting, Place.northing)
    if box is not None:
        x0, y0, x1, y1 = box
        query = query.where(Place.easting.between(x0, x1), Place.northing.between(y0, y1))
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=PLACE_COLUMNS).astype({"x": float, "y": float})


def lsoa_place_names(
    session: Session, lsoas: pd.DataFrame, margin_m: float = 10_000
) -> dict[str, str]:
    """The names for a report's LSOAs, reading only the places near them."""
    if lsoas.empty:
        return {}
    xy = lsoas[["x", "y"]].to_numpy(float)
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin_m, xy.max(axis=0) + margin_m
    return nearest_place_names(lsoas, load_places(session, (x0, y0, x1, y1)))
