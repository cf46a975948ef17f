"""One comparable view of a listing, from an input row or from the database.

The same view gives the record hash (an unchanged re-import is found without a diff), the
field-by-field differences recorded in the change history, and the values an update sets.
"""

from __future__ import annotations

import hashlib
import json
import operator
from dataclasses import fields

from ..listings.rules import attendance_from, refresh_attendance, set_location
from ..models import Asset, AssetChange, AssetDomain, AssetTag, Schedule, Venue
from .geocode import Geocode
from .records import Listing

ASSET_FIELDS = (
    "name",
    "kind",
    "fellowship",
    "description",
    "notes",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "website",
    "email",
    "phone",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_private",
)
VENUE_FIELDS = ("venue_name", "address", "town", "postcode", "location_notes")


def _schedule_key(weekday, frequency, nth, anchor, start, end) -> list:
    return [
        weekday,
        frequency,
        nth,
        anchor.isoformat() if anchor else None,
        start.strftime("%H:%M") if start else None,
        end.strftime("%H:%M") if end else None,
    ]


def listing_view(listing: Listing, geo: Geocode) -> dict:
    view = {name: getattr(listing, name) for name in ASSET_FIELDS + VENUE_FIELDS}
    view.update(
        types=sorted(listing.types),
        domains=list(listing.domains),
        status=listing.status,
        tags=sorted(f"{c}:{t}" for c, t in listing.tags),
        schedules=sorted(
            _schedule_key(s.weekday, s.frequency, s.nth, s.anchor_date, s.start_time, s.end_time)
            for s in listing.schedules
        ),
        location=_location(geo.lon, geo.lat, geo.precision),
    )
    return view


def asset_view(asset: Asset, lon: float | None, lat: float | None) -> dict:
    venue = asset.venue
    view = {name: getattr(asset, name) for name in ASSET_FIELDS}
    view.update(
        {
            "venue_name": venue.name if venue else None,
            **{name: getattr(venue, name) if venue else None for name in VENUE_FIELDS[1:]},
            "types": sorted(asset.types or []),
            "domains": asset.domain_codes,
            "status": asset.status,
            "tags": sorted(f"{t.category}:{t.tag}" for t in asset.tags),
            "schedules": sorted(
                _schedule_key(
                    s.weekday, s.frequency, s.nth, s.anchor_date, s.start_time, s.end_time
                )
                for s in asset.schedules
            ),
            "location": _location(lon, lat, venue.precision if venue else "none"),
        }
    )
    return view


def _location(lon, lat, precision) -> list | None:
    if lon is None or lat is None:
        return None
    return [round(float(lon), 6), round(float(lat), 6), precision]


_HASHED = operator.attrgetter(
    *(f.name for f in fields(Listing) if f.name not in ("row_number", "original", "flags", "how"))
)


def record_hash(listing: Listing, geo: Geocode, review_reason: str | None) -> str:
    """What the input said, as geocoded: equal hashes mean an unchanged re-import.

    Compared only with the hash stored by the previous import of the same source, so it
    hashes the record's own fields (repr of plain values is stable across runs) and needs
    no view of the database; the per-field view is built only when something changed.
    """
    payload = repr((_HASHED(listing), geo.lon, geo.lat, geo.precision, review_reason))
    return hashlib.sha256(payload.encode()).hexdigest()


def differences(old: dict, new: dict) -> list[tuple[str, object, object]]:
    return [(key, old.get(key), new[key]) for key in new if old.get(key) != new[key]]


def as_text(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, default=str)


def apply_update(
    asset: Asset, listing: Listing, geo: Geocode, changed: list, history: dict
) -> list[AssetChange]:
    """Set what changed on the asset and return one change-history row per field."""
    for key, _old, _new in changed:
        _SETTERS.get(key, _set_asset_field)(asset, key, listing, geo)
    refresh_attendance(asset)
    return [
        AssetChange(
            asset=asset, field=key, old_value=as_text(old), new_value=as_text(new), **history
        )
        for key, old, new in changed
    ]


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
