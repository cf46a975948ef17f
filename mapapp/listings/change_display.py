"""A change-history value as a person reads it: schedules in words, a point as lat, lon.

History rows store each value as text (JSON for lists, booleans and the location); these
turn it back into a short plain string. Templates escape it like any other stored text.
"""

from __future__ import annotations

import datetime as dt

from .. import vocab as D
from ..models import Schedule
from .history import stored_value
from .schedules import describe

LABELS = {
    "name": "Name",
    "kind": "Kind",
    "fellowship": "Fellowship",
    "description": "Description",
    "notes": "Notes",
    "conference_url": "Online link",
    "conference_url_notes": "Online link notes",
    "conference_phone": "Dial-in phone",
    "conference_phone_notes": "Dial-in notes",
    "website": "Website",
    "email": "Email",
    "phone": "Phone",
    "contact_name": "Contact name",
    "contact_email": "Contact email",
    "contact_phone": "Contact phone",
    "contact_private": "Contact kept private",
    "venue_name": "Venue",
    "address": "Address",
    "town": "Town",
    "postcode": "Postcode",
    "location_notes": "Location notes",
    "types": "Meeting types",
    "domains": "Domains",
    "status": "Status",
    "tags": "Audience and accessibility",
    "schedules": "Schedule",
    "location": "Map point",
    "organisation": "Organisation",
}


def field_label(field: str) -> str:
    return LABELS.get(field, field)


def readable(field: str, text: str | None) -> str:
    """The stored text of one value, for the history table ("" for no value)."""
    try:
        value = stored_value(field, text)
    except ValueError:  # not JSON after all: show what was stored
        return text or ""
    if value is None or value == []:
        return ""
    if field == "schedules":
        return "; ".join(_schedule(row) for row in value)
    if field == "location":
        lon, lat, precision = value
        return f"{lat:.5f}, {lon:.5f} ({precision})"
    if field == "domains":
        return ", ".join(D.label(code) if D.is_domain(code) else code for code in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return str(value)


def _schedule(row: list) -> str:
    weekday, frequency, nth, anchor, start, end = row
    return describe(
        Schedule(
            weekday=weekday,
            frequency=frequency,
            nth=nth,
            anchor_date=dt.date.fromisoformat(anchor) if anchor else None,
            start_time=dt.time.fromisoformat(start) if start else None,
            end_time=dt.time.fromisoformat(end) if end else None,
        )
    )
