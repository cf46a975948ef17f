"""Rules every path that writes a listing follows (demo loader, ingest, editor).

Attendance is computed, never trusted from a feed; a venue's two points are always set
together so the WGS84 and BNG columns cannot disagree.
"""

from __future__ import annotations

import re

from geoalchemy2.shape import to_shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..geo import BNG, WGS84, ewkt_point, to_bng
from ..models import Asset, District, Venue

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    slug = _SLUG_JUNK.sub("-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "listing"


def active_demo_count(session) -> int:
    """Active demo listings: a page showing any says "demo data"."""
    return session.scalar(select(func.count()).where(Asset.is_demo, Asset.status == "active"))


def venue_is_usable(venue: Venue | None) -> bool:
    """Somewhere a person can turn up: a point or at least an address or postcode."""
    if venue is None:
        return False
    return venue.geom is not None or bool(venue.address or venue.postcode)


def attendance_from(in_person: bool, online: bool) -> str:
    if online and in_person:
        return "hybrid"
    if online:
        return "online"
    return "in_person"


def attendance_for(asset: Asset) -> str:
    return attendance_from(
        venue_is_usable(asset.venue), bool(asset.conference_url or asset.conference_phone)
    )


def refresh_attendance(asset: Asset) -> str:
    asset.attendance = attendance_for(asset)
    return asset.attendance


def venue_lonlat(venue) -> tuple[float, float] | None:
    """A venue's stored WGS84 point as (lon, lat), or None when it has none. Takes a
    Venue or a search result's VenueView (listings/views.py), which has it ready."""
    if venue is None:
        return None
    if not isinstance(venue, Venue):
        return venue.lonlat
    if venue.geom is None:
        return None
    point = to_shape(venue.geom)
    return point.x, point.y


def set_location(
    venue: Venue, lon: float | None, lat: float | None, precision: str, source: str
) -> None:
    """Place a venue at (lon, lat) in WGS84, filling the indexed BNG point alongside."""
    if lon is None or lat is None:
        venue.geom = venue.geom_bng = None
        venue.precision = "none"
    else:
        x, y = to_bng(lon, lat)
        venue.geom = ewkt_point(lon, lat, WGS84)
        venue.geom_bng = ewkt_point(x, y, BNG)
        venue.precision = precision
    venue.geocode_source = source


def area_district_codes(session: Session) -> list[str]:
    return list(
        session.scalars(select(District.code).where(District.in_area).order_by(District.code))
    )
