"""Every active meeting as a Meeting Guide JSON feed (see ../shared/FORMATS.md).

One entry per weekly session: a meeting that meets on Monday and Thursday at different
times is two entries (slugs ``<listing slug>`` and ``<listing slug>-2``; stable while the
sessions keep their order). The spec has no fortnightly or monthly recurrence (its issue
#34), and a weekly entry would send people on weeks when nobody is there, so those
sessions are published without a day or time (the spec's "appointment" form) and their
notes begin with the schedule in words ("Every 2nd Tuesday of the month, 19:30–21:00");
``url`` leads to the listing page and its calendar for exact dates.

Custom type codes for what the spec has no code for: ``BSL`` (British Sign Language),
``FF`` (for family and friends), ``VET`` (veterans), ``CY`` (Welsh), ``HL`` (hearing loop);
the rest are the spec's (``UK`` is Ukrainian). Private contact details are never included.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..ingest.classify import TYPE_TAGS
from ..listings.present import public_contact
from ..listings.rules import slugify, venue_lonlat
from ..listings.schedules import describe
from ..models import Asset, District

# (category, tag) -> Meeting Guide type code: the ingest table read the other way.
TYPE_CODES = {tag: code for code, tag in TYPE_TAGS.items()}


def meeting_guide_feed(session: Session, page_url, area_name: str) -> list[dict]:
    """``page_url(asset_id)`` gives the absolute URL of a listing page."""
    districts = dict(session.execute(select(District.code, District.name)).all())
    meetings = session.scalars(
        select(Asset)
        .where(Asset.kind == "meeting", Asset.status == "active")
        .options(selectinload(Asset.venue), selectinload(Asset.tags), selectinload(Asset.schedules))
        .order_by(Asset.id)
    )
    feed = []
    for asset in meetings:
        common = _common(asset, page_url(asset.id), districts, area_name)
        sessions = asset.schedules or [None]
        base = slugify(asset.slug, 58)  # URL-safe even for a slug typed by hand
        for number, schedule in enumerate(sessions, start=1):
            slug = base if number == 1 else f"{base}-{number}"
            feed.append(common | {"slug": slug} | _when(schedule, asset.notes))
    return feed


def _when(schedule, notes: str | None) -> dict:
    if schedule is None:
        return {"notes": notes or ""}
    if schedule.frequency != "weekly":  # not expressible: see the module docstring
        said = describe(schedule)
        return {"notes": f"{said[0].upper()}{said[1:]}." + (f" {notes}" if notes else "")}
    # mapapp counts 0 = Monday, Meeting Guide 0 = Sunday (the importer turns it back).
    when = {"day": (schedule.weekday + 1) % 7, "notes": notes or ""}
    if schedule.start_time:
        when["time"] = schedule.start_time.strftime("%H:%M")
    if schedule.end_time:
        when["end_time"] = schedule.end_time.strftime("%H:%M")
    return when


def _common(asset: Asset, url: str, districts: dict, area_name: str) -> dict:
    entry = {
        "name": asset.name[:64],
        "timezone": "Europe/London",
        "url": url,
        "types": _types(asset),
        "updated": asset.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    entry.update(_place(asset, districts, area_name))
    for field in (
        "conference_url",
        "conference_url_notes",
        "conference_phone",
        "conference_phone_notes",
    ):
        if getattr(asset, field):
            entry[field] = getattr(asset, field)
    contact = public_contact(asset)  # empty unless the contact is marked public
    for field, key in (
        ("contact_name", "contact_1_name"),
        ("contact_email", "contact_1_email"),
        ("contact_phone", "contact_1_phone"),
    ):
        if contact.get(field):
            entry[key] = contact[field]
    return entry


def _types(asset: Asset) -> list[str]:
    codes = [str(code) for code in (asset.types or [])]
    codes += [
        TYPE_CODES[(t.category, t.tag)] for t in asset.tags if (t.category, t.tag) in TYPE_CODES
    ]
    return list(dict.fromkeys(codes))  # each once, in order


def approximate(venue) -> str:
    """ "no" when a person can find the door: a navigator-placed point, or a street address
    (even when the point is only its postcode centroid). The TSML UI finder counts an
    approximate meeting as not in person, so a real venue must never be sent as "yes"; a
    deliberately vague location, or only a town or postcode, is "yes"."""
    if venue.precision == "exact":
        return "no"
    if venue.precision in ("postcode", "place") and venue.address:
        return "no"
    return "yes"


def _place(asset: Asset, districts: dict, area_name: str) -> dict:
    venue = asset.venue
    lonlat = venue_lonlat(venue)
    if venue is None or lonlat is None:
        # Online only: the spec asks for a "point of affinity"; the area, marked approximate.
        return {
            "formatted_address": f"{area_name}, UK",
            "approximate": "yes",
            "regions": [area_name],
        }
    parts = [venue.address, venue.town, venue.postcode, "UK"]
    place = {
        "formatted_address": ", ".join(p for p in parts if p),
        "latitude": round(lonlat[1], 5),
        "longitude": round(lonlat[0], 5),
        "approximate": approximate(venue),
        "regions": [area_name]
        + ([districts[venue.district_code]] if venue.district_code in districts else []),
    }
    for field, value in (
        ("location", venue.name),
        ("address", venue.address),
        ("city", venue.town),
        ("postal_code", venue.postcode),
        ("location_notes", venue.location_notes),
    ):
        if value:
            place[field] = value
    return place | {"country": "UK"}
