"""The change history: one place every path that edits a listing goes through.

``record`` makes every history row there is. A change is recorded by comparing two
snapshots of the listing (before and after), field by field, in the same view an import
compares (listings/fields.py), so an edit made in the editor, by accepting feedback, by
fixing a geocode, by an import or by reverting shows up the same way: who, when, how
(``via``), field, old -> new. Actions that are not fields (a check, a merge, a review)
are recorded by ``record`` directly.

``set_field`` writes one field from its snapshot value; the editor, reverts and accepted
feedback all use it, so a value that can be recorded can always be put back.
"""

from __future__ import annotations

import datetime as dt
import json

from geoalchemy2.shape import to_shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import MapappError
from ..geo import WGS84
from ..models import (
    Asset,
    AssetChange,
    AssetDomain,
    AssetTag,
    District,
    Organisation,
    Schedule,
    Venue,
)
from ..models.base import utcnow
from .fields import ASSET_FIELDS, VENUE_FIELDS, as_text, asset_view, differences
from .rules import refresh_attendance, set_location

# Snapshot fields whose stored text is the value itself; every other field is stored as
# JSON (lists, booleans, the location triple).
PLAIN_TEXT = frozenset(ASSET_FIELDS + VENUE_FIELDS + ("status", "organisation")) - {
    "contact_private"
}


def snapshot(asset: Asset) -> dict:
    """Everything about a listing the history tracks, as plain comparable values."""
    lon, lat = point_of(asset.venue)
    view = asset_view(asset, lon, lat)
    view["organisation"] = asset.organisation.name if asset.organisation else None
    return view


def point_of(venue: Venue | None) -> tuple[float | None, float | None]:
    """(lon, lat) of a venue, whether its point was loaded (WKB) or just set (EWKT text)."""
    if venue is None or venue.geom is None:
        return None, None
    geom = venue.geom
    if isinstance(geom, str):  # set by listings.set_location in this session: "SRID=…;POINT(x y)"
        x, y = geom.split("POINT(", 1)[1].rstrip(")").split()
        return float(x), float(y)
    point = to_shape(geom)
    return point.x, point.y


def record_changes(
    session: Session,
    asset: Asset,
    before: dict,
    *,
    by: str | None,
    via: str,
    when: dt.datetime | None = None,
) -> list[AssetChange]:
    """Add one AssetChange per field that differs between ``before`` and the asset now."""
    refresh_attendance(asset)
    when = when or utcnow()  # callers in a request pass the app's clock (testable time)
    return [
        record(session, asset, key, as_text(old), as_text(new), by=by, via=via, when=when)
        for key, old, new in differences(before, snapshot(asset))
    ]


def record(
    session: Session,
    asset: Asset | int,
    field: str,
    old_value: str | None = None,
    new_value: str | None = None,
    *,
    by: str | None,
    via: str,
    when: dt.datetime,
    run_id: int | None = None,
) -> AssetChange:
    """Add one history row: ``field`` of ``asset`` (or of the listing with that id) went
    from ``old_value`` to ``new_value`` (stored text: see fields.as_text), by whom, how
    (``via``: editor, ingest, revert…) and when; ``run_id`` names the import that did it."""
    listing = {"asset_id": asset} if isinstance(asset, int) else {"asset": asset}
    values = change_values(field, old_value, new_value, by=by, via=via, when=when, run_id=run_id)
    change = AssetChange(**listing, **values)
    session.add(change)
    return change


def change_values(
    field: str,
    old_value: str | None,
    new_value: str | None,
    *,
    by: str | None,
    via: str,
    when: dt.datetime,
    run_id: int | None = None,
) -> dict:
    """The columns of one history row but its listing (and id): what ``record`` adds, and
    what an import writes for many new listings in one statement (ingest/load.py)."""
    return {
        "changed_at": when,
        "changed_by": by,
        "via": via,
        "field": field,
        "old_value": old_value,
        "new_value": new_value,
        "run_id": run_id,
    }


def revertible(field: str) -> bool:
    """Whether a history row's field is one ``set_field`` can write back. Rows such as
    ``verified`` or ``merged_into`` record actions, not fields, and are not revertible."""
    return field in _SNAPSHOT_FIELDS


def stored_value(field: str, text: str | None):
    """A history row's old or new text back as the snapshot value it was made from."""
    if text is None or field in PLAIN_TEXT:
        return text
    return json.loads(text)


def revert(session: Session, change: AssetChange, *, by: str | None) -> list[AssetChange]:
    """Put one field back to its value before ``change``, recorded as a change of its own.

    Refused when the field has changed again since: reverting then would silently undo the
    later edit too.
    """
    asset = change.asset
    current = snapshot(asset)
    if not revertible(change.field):
        raise MapappError(
            f"“{change.field}” records an action (a check, a merge, a review), "
            "not a field; it cannot be reverted. Edit the listing instead.",
            409,
        )
    if as_text(current.get(change.field)) != change.new_value:
        raise MapappError(
            f"“{change.field}” has changed again since this change. Edit "
            "the listing instead of reverting.",
            409,
        )
    set_field(session, asset, change.field, stored_value(change.field, change.old_value))
    return record_changes(session, asset, current, by=by, via="revert")


def set_field(session: Session, asset: Asset, field: str, value) -> None:
    """Write one snapshot field (e.g. ``"domains"``, ``["twelve-step"]``) onto the asset."""
    if field in ASSET_FIELDS or field == "status":
        setattr(asset, field, value)
    elif field in VENUE_FIELDS:
        setattr(own_venue(session, asset), "name" if field == "venue_name" else field, value)
    elif field in _SETTERS:
        _SETTERS[field](session, asset, value)
    else:
        raise ValueError(f"unknown listing field {field!r}")


def own_venue(session: Session, asset: Asset) -> Venue:
    """The asset's venue, copied first when other listings share it: editing one listing's
    address must not move another listing."""
    venue = asset.venue
    if venue is None:
        asset.venue = Venue(is_demo=asset.is_demo)
        return asset.venue
    shared = (
        session.scalar(
            select(func.count(Asset.id)).where(Asset.venue_id == venue.id, Asset.id != asset.id)
        )
        if venue.id
        else 0
    )
    if shared:
        lon, lat = point_of(venue)
        copy = Venue(
            name=venue.name,
            address=venue.address,
            town=venue.town,
            postcode=venue.postcode,
            location_notes=venue.location_notes,
            district_code=venue.district_code,
            outside_area=venue.outside_area,
            is_demo=venue.is_demo,
        )
        set_location(copy, lon, lat, venue.precision, venue.geocode_source or "copied")
        asset.venue = copy
    return asset.venue


def place(
    session: Session,
    asset: Asset,
    lon: float | None,
    lat: float | None,
    precision: str,
    source: str,
) -> None:
    """Put the listing's venue at (lon, lat), with its district and in-area flag from the
    district boundaries (SQL point-in-polygon, the same on both backends)."""
    venue = own_venue(session, asset)
    set_location(venue, lon, lat, precision, source)
    venue.district_code, venue.outside_area = district_at(session, lon, lat)


def district_at(session: Session, lon: float | None, lat: float | None) -> tuple[str | None, bool]:
    """(district code, outside the area?) for a WGS84 point; (None, False) for no point.

    A point in no district at all (offshore, Wales) is outside. Uses the stored district
    polygons; the ingest geocoder's wider margin applies to bulk imports, not to a point a
    navigator placed by hand.
    """
    if lon is None or lat is None:
        return None, False
    point = func.ST_GeomFromText(f"POINT({float(lon)!r} {float(lat)!r})", WGS84)
    row = session.execute(
        select(District.code, District.in_area)
        .where(func.ST_Contains(District.geom, point))
        .order_by(District.in_area.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, True
    return row.code, not row.in_area


def _set_organisation(session: Session, asset: Asset, name: str | None) -> None:
    if not name:
        asset.organisation = None
        return
    asset.organisation = session.scalar(
        select(Organisation).where(Organisation.name == name).limit(1)
    ) or Organisation(name=name, is_demo=asset.is_demo)


def _set_location(session: Session, asset: Asset, value) -> None:
    if value is None:
        place(session, asset, None, None, "none", "editor")
    else:
        lon, lat, precision = value
        place(session, asset, lon, lat, precision, "editor")


def _set_schedules(session: Session, asset: Asset, value) -> None:
    asset.schedules = [
        Schedule(
            weekday=weekday,
            frequency=frequency,
            nth=nth,
            anchor_date=dt.date.fromisoformat(anchor) if anchor else None,
            start_time=dt.time.fromisoformat(start) if start else None,
            end_time=dt.time.fromisoformat(end) if end else None,
        )
        for weekday, frequency, nth, anchor, start, end in value or []
    ]


_SETTERS = {
    "types": lambda s, a, v: setattr(a, "types", sorted(v or [])),
    "domains": lambda s, a, v: setattr(a, "domains", [AssetDomain(domain=d) for d in v or []]),
    "tags": lambda s, a, v: setattr(
        a, "tags", [AssetTag(category=t.split(":", 1)[0], tag=t.split(":", 1)[1]) for t in v or []]
    ),
    "schedules": _set_schedules,
    "location": _set_location,
    "organisation": _set_organisation,
}

_SNAPSHOT_FIELDS = frozenset(ASSET_FIELDS + VENUE_FIELDS) | {"status", *_SETTERS}
