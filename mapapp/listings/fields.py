"""The fields a listing's history tracks, and a listing as their plain comparable values.

The change history (listings/history.py) compares two such views field by field; an import
(ingest/changes.py) compares the view of its input row with the view of the stored listing,
so a change reads the same whichever path made it.
"""

from __future__ import annotations

import json

from ..models import Asset

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


def schedule_key(weekday, frequency, nth, anchor, start, end) -> list:
    return [
        weekday,
        frequency,
        nth,
        anchor.isoformat() if anchor else None,
        start.strftime("%H:%M") if start else None,
        end.strftime("%H:%M") if end else None,
    ]


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
                schedule_key(s.weekday, s.frequency, s.nth, s.anchor_date, s.start_time, s.end_time)
                for s in asset.schedules
            ),
            "location": location_value(lon, lat, venue.precision if venue else "none"),
        }
    )
    return view


def location_value(lon, lat, precision) -> list | None:
    if lon is None or lat is None:
        return None
    return [round(float(lon), 6), round(float(lat), 6), precision]


def differences(old: dict, new: dict) -> list[tuple[str, object, object]]:
    return [(key, old.get(key), new[key]) for key in new if old.get(key) != new[key]]


def as_text(value) -> str | None:
    """A view's value as the history stores it: text as itself, anything else as JSON."""
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, default=str)
