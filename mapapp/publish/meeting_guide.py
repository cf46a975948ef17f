"""Every active meeting as a Meeting Guide JSON feed (see ../shared/FORMATS.md).

One entry per weekly session: a meeting that meets on Monday and Thursday at different
times is two entries (slugs ``<listing slug>`` and ``<listing slug>-2``; stable while the
sessions keep their order). The spec has no fortnightly or monthly recurrence (its issue
#34), and a weekly entry would send people on weeks when nobody is there, so those
sessions are published without a day or time (the spec's "appointment" form) and their
notes begin with the schedule in words ("Every 2nd Tuesday of the month, 19:30–21:00").
The spec has no dates either: a session whose end date has passed is left out (a meeting
left with none is one appointment entry, as its page says "by arrangement"); one that has
not started yet is an appointment entry whose notes give its first date, until it starts;
one that ends later is weekly, its notes saying until when.

``url`` is the listing page; TSML UI never shows it, so ``website`` is the meeting's own
website for a weekly entry and the listing page, where the dates are, for an appointment
entry (or when the meeting has no website). ``regions`` come from the venue's district:
the area and the district when the district is in the area, the district alone when it is
a neighbour; none when no district is known, so that finders file it under its town.

Type codes: the spec's, and custom ones for what it has no code for (meeting_types.py;
docs list them with the snippet an embedding page adds). Private contact details are never
included.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..listings.present import public_contact
from ..listings.rules import slugify, venue_lonlat
from ..listings.schedules import LONDON, describe, next_session
from ..models import Asset, District
from .meeting_types import published_types


def meeting_guide_feed(
    session: Session, page_url, area_name: str, now: dt.datetime | None = None
) -> list[dict]:
    """``page_url(asset_id)`` gives the absolute URL of a listing page; ``now`` (default:
    the present) decides which sessions have ended or not yet started."""
    now = now or dt.datetime.now(dt.UTC)
    districts = {
        code: (name, in_area)
        for code, name, in_area in session.execute(
            select(District.code, District.name, District.in_area)
        )
    }
    meetings = session.scalars(
        select(Asset)
        .where(Asset.kind == "meeting", Asset.status == "active")
        .options(selectinload(Asset.venue), selectinload(Asset.tags), selectinload(Asset.schedules))
        .order_by(Asset.id)
    )
    feed = []
    for asset in meetings:
        url = page_url(asset.id)
        common = _common(asset, url, districts, area_name)
        base = slugify(asset.slug, 58)  # URL-safe even for a slug typed by hand
        for number, schedule in _current_sessions(asset.schedules, now):
            slug = base if number == 1 else f"{base}-{number}"
            when = _when(schedule, asset.notes, now)
            website = asset.website if "day" in when and asset.website else url
            feed.append(common | {"slug": slug, "website": website} | when)
    return feed


def _current_sessions(schedules, now: dt.datetime) -> list[tuple[int, object]]:
    """(number, schedule) for each session not yet ended, numbered by its place among all
    (so slugs stay put when one ends); [(1, None)] when none is left."""
    today = now.astimezone(LONDON).date()
    current = [
        (number, s)
        for number, s in enumerate(schedules, start=1)
        if not (s.valid_to and s.valid_to < today)
    ]
    return current or [(1, None)]


def _when(schedule, notes: str | None, now: dt.datetime) -> dict:
    if schedule is None:
        return {"notes": notes or ""}
    today = now.astimezone(LONDON).date()
    if schedule.frequency != "weekly" or (schedule.valid_from and schedule.valid_from > today):
        return {"notes": _appointment_words(schedule, now) + (f" {notes}" if notes else "")}
    # mapapp counts 0 = Monday, Meeting Guide 0 = Sunday (the importer turns it back).
    until = f"Until {schedule.valid_to:%d %b %Y}." if schedule.valid_to else ""
    when = {
        "day": (schedule.weekday + 1) % 7,
        "notes": " ".join(part for part in (until, notes) if part),
    }
    if schedule.start_time:
        when["time"] = schedule.start_time.strftime("%H:%M")
    if schedule.end_time:
        when["end_time"] = schedule.end_time.strftime("%H:%M")
    return when


def _appointment_words(schedule, now: dt.datetime) -> str:
    """The schedule in words for an entry without day or time, its first date first when
    it has not started yet: "First meeting Sat 14 Feb 2026. Every Saturday, 10:00–11:30…"."""
    said = describe(schedule)
    words = f"{said[0].upper()}{said[1:]}."
    today = now.astimezone(LONDON).date()
    if schedule.valid_from and schedule.valid_from > today:
        first = next_session(schedule, now)
        if first is not None:
            words = f"First meeting {first[0]:%a %d %b %Y}. {words}"
    return words


def _common(asset: Asset, url: str, districts: dict, area_name: str) -> dict:
    entry = {
        "name": asset.name[:64],
        "timezone": "Europe/London",
        "url": url,
        "types": _types(asset),
        "updated": asset.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    entry.update(_place(asset, districts, area_name))
    entry.update(_online(asset))
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
    return published_types(asset.types, [(t.category, t.tag) for t in asset.tags])


def _online(asset: Asset) -> dict:
    """The conference fields; the phone in the spec's form (digits, and + , * #), and only
    one a finder can dial (TSML UI wants ten digits or more)."""
    online = {}
    if asset.conference_url:
        online["conference_url"] = asset.conference_url
        if asset.conference_url_notes:
            online["conference_url_notes"] = asset.conference_url_notes
    phone = re.sub(r"[^\d+,*#]", "", asset.conference_phone or "")
    if len(re.sub(r"\D", "", phone)) >= 10:
        online["conference_phone"] = phone
        if asset.conference_phone_notes:
            online["conference_phone_notes"] = asset.conference_phone_notes
    return online


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
    }
    regions = _regions(venue, districts, area_name)
    if regions:
        place["regions"] = regions
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


def _regions(venue, districts: dict, area_name: str) -> list[str]:
    """General to specific: the area only when the district lies in it."""
    if venue.district_code not in districts:
        return []
    name, in_area = districts[venue.district_code]
    return [area_name, name] if in_area else [name]
