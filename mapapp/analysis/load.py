"""Read what a gap analysis needs from the database: a few set-based queries, never one
per LSOA or per listing. Coordinates come out as numbers (ST_X/ST_Y of the EPSG:27700
columns), which both SpatiaLite and PostGIS answer the same way.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import shapely
from geoalchemy2.shape import to_shape
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..geo import to_bng
from ..models import (
    Asset,
    AssetDomain,
    AssetTag,
    District,
    Organisation,
    Schedule,
    SmallArea,
    Venue,
)
from .residents import LSOA_COLUMNS, Residents, residents_from_frames
from .supply import ASSET_COLUMNS, Listings


def _frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """A query's rows as a frame, column by column. Core execution, not the ORM's result
    machinery, and no per-row inspection by pandas: each cost more than the query itself
    at 20,000 listings."""
    rows = session.connection().execute(query).all()
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pd.DataFrame({name: list(column) for name, column in zip(columns, values, strict=True)})


def load_residents(session: Session) -> Residents:
    """The area's LSOAs (their district from the lookup, stored as district_code)."""
    districts = _frame(
        session, select(District.code, District.name).where(District.in_area), ["code", "name"]
    )
    lsoas = _frame(
        session,
        select(
            SmallArea.code,
            SmallArea.name,
            SmallArea.district_code,
            SmallArea.population,
            SmallArea.imd_decile,
            func.ST_X(SmallArea.centroid_bng),
            func.ST_Y(SmallArea.centroid_bng),
            func.ST_X(SmallArea.centroid),
            func.ST_Y(SmallArea.centroid),
        )
        .join(District)
        .where(District.in_area),
        LSOA_COLUMNS,
    )
    return residents_from_frames(lsoas, districts)


def load_listings(session: Session, today: dt.date) -> Listings:
    """Every listing (any status: the report counts what it leaves out, and why), with the
    schedules in force on ``today`` (a Europe/London date): one that has ended (valid_to
    before today) or not yet begun (valid_from after today) brings no sessions, as the
    finder's schedules.occurs_on treats them."""
    assets = _frame(
        session,
        select(
            Asset.id,
            Asset.kind,
            Asset.attendance,
            Asset.status,
            Venue.precision,
            Venue.district_code,
            func.ST_X(Venue.geom_bng),
            func.ST_Y(Venue.geom_bng),
            func.coalesce(Organisation.lero, False),
        )
        .outerjoin(Asset.venue)
        .outerjoin(Asset.organisation),
        ASSET_COLUMNS,
    )
    assets[["x", "y"]] = assets[["x", "y"]].astype(float)
    assets["lero"] = assets["lero"].astype(bool)
    assets["precision"] = assets["precision"].fillna("none")
    assets["district_code"] = _fill_districts(session, assets)
    active = select(Asset.id).where(Asset.status == "active")
    return Listings(
        assets=assets,
        domains=_frame(
            session,
            select(AssetDomain.asset_id, AssetDomain.domain).where(
                AssetDomain.asset_id.in_(active)
            ),
            ["asset_id", "domain"],
        ),
        audience=_frame(
            session,
            select(AssetTag.asset_id, AssetTag.tag).where(
                AssetTag.category == "audience", AssetTag.asset_id.in_(active)
            ),
            ["asset_id", "tag"],
        ),
        schedules=_frame(
            session,
            select(
                Schedule.asset_id, Schedule.frequency, Schedule.weekday, Schedule.start_time
            ).where(
                Schedule.asset_id.in_(active),
                or_(Schedule.valid_from.is_(None), Schedule.valid_from <= today),
                or_(Schedule.valid_to.is_(None), Schedule.valid_to >= today),
            ),
            ["asset_id", "frequency", "weekday", "start_time"],
        ),
    )


def _fill_districts(session: Session, assets: pd.DataFrame) -> pd.Series:
    """A venue's district is stored when it is geocoded; for one placed without it, the
    loaded district whose boundary contains the point (nowhere: None)."""
    codes = assets["district_code"].astype(object)
    missing = (codes.isna() & assets["x"].notna()).to_numpy()
    if not missing.any():
        return codes
    rows = session.execute(
        select(District.code, District.geom).where(District.geom.is_not(None))
    ).all()
    if not rows:
        return codes
    tree = shapely.STRtree([_to_bng(to_shape(geom)) for _code, geom in rows])
    points = shapely.points(assets.loc[missing, ["x", "y"]].to_numpy(float))
    point, polygon = tree.query(points, predicate="within")
    found = np.full(len(points), None, dtype=object)
    found[point] = [rows[i][0] for i in polygon]  # boundaries do not overlap
    filled = codes.copy()
    filled[missing] = found
    return filled


def _to_bng(shape):
    """A WGS84 boundary in EPSG:27700, to test the listings' BNG points against it."""
    return shapely.transform(
        shape, lambda lonlat: np.column_stack(to_bng(lonlat[:, 0], lonlat[:, 1]))
    )
