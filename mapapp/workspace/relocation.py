"""Fixing a listing's location by hand: by postcode, by place name or by a point on a map.

Postcodes and places are found by the one resolver (places.py: a place in the area first,
then a town before a hamlet), as in the finder and the importer. The
point goes through history.place, so district and "outside the area" come from the
district boundaries, and the change is recorded like any other edit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..listings import history
from ..models import Asset, AssetChange
from ..places import find_place, find_postcode
from ..text import normalise_place_name, postcode_key
from .queues import NAVIGATOR_SOURCE

METHODS = ("postcode", "place", "map")


class NotLocated(Exception):
    """What the navigator typed does not give a point; ``field`` says which input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float
    precision: str
    label: str  # what was found, for the confirmation message


def by_postcode(session: Session, text: str) -> Point:
    if not postcode_key(text):
        raise NotLocated("postcode", "Enter a postcode, such as DE1 1AA.")
    found = find_postcode(session, text)
    if found is None:
        raise NotLocated(
            "postcode",
            f"“{text.strip()}” is not a postcode in the reference "
            "data. Check it, or fix the location by place name or on the map.",
        )
    return Point(found.lon, found.lat, "postcode", found.name)


def by_place(session: Session, text: str) -> Point:
    if not normalise_place_name(text or ""):
        raise NotLocated("place", "Enter a town, village or suburb, such as Belper.")
    found = find_place(session, text)
    if found is None:
        raise NotLocated(
            "place",
            f"No town, village or suburb called “{text.strip()}” is "
            "in the reference data. Check the spelling, or click the map.",
        )
    return Point(found.lon, found.lat, "place", f"{found.name} ({found.local_type})")


def by_map(lon_text: str, lat_text: str) -> Point:
    """A clicked (or typed) WGS84 point; Great Britain's bounds catch swapped numbers."""
    try:
        lon, lat = float(lon_text), float(lat_text)
    except (TypeError, ValueError):
        raise NotLocated(
            "point",
            "Click the map to choose the point (or type its longitude and latitude as numbers).",
        ) from None
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (
        -9.0 <= lon <= 2.5 and 49.5 <= lat <= 61.0
    ):
        raise NotLocated(
            "point",
            "That point is not in Great Britain: longitude is about "
            "-1.5 and latitude about 53 in Derbyshire. Click the map instead.",
        )
    return Point(round(lon, 6), round(lat, 6), "exact", f"{lat:.5f}, {lon:.5f}")


def locate(session: Session, method: str, form) -> Point:
    if method == "postcode":
        return by_postcode(session, form.get("postcode", ""))
    if method == "place":
        return by_place(session, form.get("place", ""))
    if method == "map":
        return by_map(form.get("lon", ""), form.get("lat", ""))
    raise NotLocated("method", "Choose how to fix the location: postcode, place or map.")


def fix_location(
    session: Session, asset: Asset, point: Point, method: str, *, by: str, when: dt.datetime
) -> list[AssetChange]:
    """Put the listing at ``point`` and record the change (via the editor, by ``by``)."""
    before = history.snapshot(asset)
    old_source = asset.venue.geocode_source if asset.venue else None
    source = f"{NAVIGATOR_SOURCE}:{method}"
    history.place(session, asset, point.lon, point.lat, point.precision, source)
    rows = history.record_changes(session, asset, before, by=by, via="editor", when=when)
    if not rows:  # the same point, now confirmed by a navigator: say so in the history
        rows = [
            history.record(
                session,
                asset,
                "location_source",
                old_source,
                source,
                by=by,
                via="editor",
                when=when,
            )
        ]
    session.flush()
    return rows
