"""An input row as the comparable view of a listing (listings/fields.py), its record hash
(an unchanged re-import is found without a diff), and the values an update sets.
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import fields

from ..listings.fields import ASSET_FIELDS, VENUE_FIELDS, location_value, schedule_key
from ..listings.rules import attendance_from, refresh_attendance, set_location
from ..models import Asset, AssetDomain, AssetTag, Schedule, Venue
from .geocode import Geocode
from .records import Listing


def listing_view(listing: Listing, geo: Geocode) -> dict:
    view = {name: getattr(listing, name) for name in ASSET_FIELDS + VENUE_FIELDS}
    view.update(
        types=sorted(listing.types),
        domains=list(listing.domains),
        status=listing.status,
        tags=sorted(f"{c}:{t}" for c, t in listing.tags),
        schedules=sorted(
            schedule_key(s.weekday, s.frequency, s.nth, s.anchor_date, s.start_time, s.end_time)
            for s in listing.schedules
        ),
        location=location_value(geo.lon, geo.lat, geo.precision),
    )
    return view


_HASHED = operator.attrgetter(
    *(f.name for f in fields(Listing) if f.name not in ("row_number", "original", "flags", "how"))
)


def apply_update(asset: Asset, listing: Listing, geo: Geocode, changed: list) -> None:
    """Set what changed on the asset (``changed``: listings/fields.differences); the
    caller records each change in the history."""
    for key, _old, _new in changed:
        _SETTERS.get(key, _set_asset_field)(asset, key, listing, geo)
    refresh_attendance(asset)


def record_hash(listing: Listing, geo: Geocode, review_reason: str | None) -> str:
    """What the input said, as geocoded: equal hashes mean an unchanged re-import.

    Compared only with the hash stored by the previous import of the same source, so it
    hashes the record's own fields (repr of plain values is stable across runs) and needs
    no view of the database; the per-field view is built only when something changed.
    """
    payload = repr((_HASHED(listing), geo.lon, geo.lat, geo.precision, review_reason))
    return hashlib.sha256(payload.encode()).hexdigest()


def _set_asset_field(asset, key, listing, geo):
    setattr(asset, key, getattr(listing, key))


def _venue(asset: Asset) -> Venue:
    if asset.venue is None:
        asset.venue = Venue()
    return asset.venue


def _set_venue_field(asset, key, listing, geo):
    setattr(_venue(asset), "name" if key == "venue_name" else key, getattr(listing, key))


def _set_location(asset, key, listing, geo):
    venue = _venue(asset)
    set_location(venue, geo.lon, geo.lat, geo.precision, geo.source)
    venue.district_code, venue.outside_area = geo.district_code, geo.outside_area


_SETTERS = {
    **{name: _set_venue_field for name in VENUE_FIELDS},
    "types": lambda a, k, listing, g: setattr(a, "types", sorted(listing.types)),
    "status": lambda a, k, listing, g: setattr(a, "status", listing.status),
    "domains": lambda a, k, listing, g: setattr(
        a, "domains", [AssetDomain(domain=d) for d in listing.domains]
    ),
    "tags": lambda a, k, listing, g: setattr(
        a, "tags", [AssetTag(category=c, tag=t) for c, t in listing.tags]
    ),
    "schedules": lambda a, k, listing, g: setattr(
        a,
        "schedules",
        [
            Schedule(
                weekday=s.weekday,
                frequency=s.frequency,
                nth=s.nth,
                anchor_date=s.anchor_date,
                start_time=s.start_time,
                end_time=s.end_time,
            )
            for s in listing.schedules
        ],
    ),
    "location": _set_location,
}


def attendance_of(listing: Listing, geo: Geocode) -> str:
    return attendance_from(
        geo.x is not None or bool(listing.address or listing.postcode), listing.online
    )
