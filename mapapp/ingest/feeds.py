"""Meeting Guide JSON and Open Referral UK (HSDS-UK 3.0, and v1) feeds -> raw rows.

Feed values are mapped to the same canonical fields as spreadsheet columns, except that
schedules arrive already structured (``fields['schedules']``, a list of ScheduleSpec) and
problems found while reading them arrive as ``fields['_flags']``.
Attendance is never taken from a feed (``attendance_option`` is ignored): it is computed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .. import vocab as D
from .normalise import postcode_in
from .records import RawRow, ScheduleSpec

ISO_DAYS = {code: weekday for weekday, code in enumerate(D.ICAL_DAYS)}
DAY_WORDS = {name.lower(): weekday for weekday, name in enumerate(D.DAY_NAMES)}


def _clock(value) -> dt.time | None:
    if value in (None, ""):
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", str(value).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"'{value}' is not a time (HH:MM)")
    return dt.time(int(match.group(1)), int(match.group(2)))


# --- Meeting Guide ---------------------------------------------------------------------------


def meeting_guide_rows(meetings: list) -> Iterator[RawRow]:
    for number, meeting in enumerate(meetings, start=1):
        if not isinstance(meeting, dict):
            yield RawRow(number, {"_value": meeting}, {})  # rejected later: not a meeting
            continue
        yield RawRow(number, meeting, _meeting_fields(meeting))


def _meeting_fields(m: dict) -> dict:
    flags: list[str] = []
    types = [str(t).strip() for t in (m.get("types") or []) if str(t).strip()]
    address = m.get("formatted_address") or ", ".join(
        str(m[k]) for k in ("address", "city", "postal_code") if m.get(k)
    )
    postcode = m.get("postal_code") or postcode_in(address)
    fields = {
        "name": m.get("name"),
        "source_id": m.get("slug"),
        "kind": "meeting",
        "types": types,
        "type_text": " ".join(types),
        "notes": m.get("notes"),
        "description": m.get("group_notes"),
        "venue": m.get("location"),
        "address": m.get("address") or address,
        "town": m.get("city"),
        "postcode": postcode,
        "location_notes": m.get("location_notes"),
        "lat": m.get("latitude"),
        "lon": m.get("longitude"),
        "approximate": str(m.get("approximate", "")).lower() == "yes",
        "conference_url": m.get("conference_url"),
        "conference_url_notes": m.get("conference_url_notes"),
        "conference_phone": m.get("conference_phone"),
        "conference_phone_notes": m.get("conference_phone_notes"),
        "website": m.get("url")
        or m.get("entity_url")
        or m.get("entity_website_url")
        or m.get("website"),
        "email": m.get("email") or m.get("entity_email"),
        "phone": m.get("phone") or m.get("entity_phone"),
        "organisation": m.get("entity"),
        "contact": m.get("contact_1_name"),
        "contact_email": m.get("contact_1_email"),
        "contact_phone": m.get("contact_1_phone"),
        "status": "inactive" if "TC" in types else "active",
        # The spec's 'updated' (UTC 'YYYY-MM-DD HH:MM:SS'): when the entry was last
        # confirmed by whoever keeps the feed, so the listing's last-verified date.
        "verified": m.get("updated"),
    }
    if m.get("coordinates") and fields["lat"] is None:
        lat, _, lon = str(m["coordinates"]).partition(",")
        fields["lat"], fields["lon"] = lat.strip(), lon.strip()
    if _point_of_affinity(m, fields):
        for key in ("address", "town", "postcode"):
            fields.pop(key, None)
    fields["schedules"] = _meeting_schedules(m, flags)
    fields["_flags"] = flags
    return {k: v for k, v in fields.items() if v not in (None, "", [])} | {
        "schedules": fields["schedules"],
        "_flags": flags,
    }


def _point_of_affinity(m: dict, fields: dict) -> bool:
    """An online meeting's address is only a "point of affinity" (the spec asks for one):
    approximate, with no building and no coordinates. It is not a venue, or the meeting
    would come back hybrid (mapapp's own feed writes "Derbyshire, UK" for them)."""
    online = m.get("conference_url") or m.get("conference_phone")
    return (
        bool(online)
        and fields["approximate"]
        and not m.get("location")
        and fields["lat"] in (None, "")
    )


def _meeting_schedules(m: dict, flags: list[str]) -> list[ScheduleSpec]:
    days = m.get("day")
    if days in (None, ""):
        return []  # no day: an appointment meeting
    try:
        start, end = _clock(m.get("time")), _clock(m.get("end_time"))
        numbers = days if isinstance(days, list) else [days]
        # Meeting Guide counts 0 = Sunday; mapapp counts 0 = Monday.
        weekdays = [(int(d) - 1) % 7 for d in numbers if 0 <= int(d) <= 6]
        if len(weekdays) != len(numbers):
            raise ValueError(f"day {days!r} is outside 0 (Sunday) to 6 (Saturday)")
    except (TypeError, ValueError) as exc:
        flags.append(f"schedule not read: {exc}")
        return []
    return [ScheduleSpec(weekday=w, start_time=start, end_time=end) for w in weekdays]


# --- Open Referral UK ------------------------------------------------------------------------


def looks_like_oruk(parsed) -> bool:
    services = _services(parsed)
    return (
        bool(services)
        and isinstance(services[0], dict)
        and any(
            key in services[0]
            for key in (
                "service_at_locations",
                "organization",
                "regular_schedules",
                "schedules",
                "taxonomy_terms",
            )
        )
    )


def _services(parsed) -> list:
    if isinstance(parsed, dict):
        for key in ("contents", "content", "services", "items"):
            if isinstance(parsed.get(key), list):
                return parsed[key]
        return [parsed] if "name" in parsed and "id" in parsed else []
    return parsed if isinstance(parsed, list) else []


def oruk_rows(parsed) -> Iterator[RawRow]:
    number = 0
    for service in _services(parsed):
        if not isinstance(service, dict):
            number += 1
            yield RawRow(number, {"_value": service}, {})
            continue
        places, online = _places(service)
        for place in places:
            number += 1
            fields = _service_fields(service, place) | _online_fields(online)
            yield RawRow(number, _slim(service, place), fields)


def _places(service: dict) -> tuple[list, list]:
    """(places that become listings, virtual locations merged into them).

    A virtual location with no schedule of its own, in a service that also has a venue, is
    the online way into the same sessions (a hybrid listing, as mapapp publishes it): it
    joins each venue's listing rather than becoming a listing of its own.
    """
    places = service.get("service_at_locations") or [None]
    if not any(p and not _virtual(p) for p in places):
        return places, []
    shared = [p for p in places if p and _virtual(p) and not _own_schedules(p)]
    return [p for p in places if not any(p is s for s in shared)], [
        p.get("location") or {} for p in shared
    ]


def _virtual(place: dict) -> bool:
    return ((place or {}).get("location") or {}).get("location_type") == "virtual"


def _own_schedules(place: dict) -> bool:
    return bool(place.get("schedules") or place.get("regular_schedules"))


def _online_fields(locations: list) -> dict:
    fields = {}
    for location in locations[:1]:
        fields.update({k: v for k, v in _virtual_fields(location).items() if v})
    return fields


def _virtual_fields(location: dict) -> dict:
    """A virtual location's link, dial-in (HSDS 3.0 location phones) and their notes."""
    phone = _first(location.get("phones")) or {}
    return {
        "conference_url": location.get("url"),
        "conference_url_notes": location.get("description"),
        "conference_phone": phone.get("number"),
        "conference_phone_notes": phone.get("description"),
    }


def _slim(service: dict, place) -> dict:
    """The original record for the report: the service with just this location."""
    return {
        **{k: v for k, v in service.items() if k != "service_at_locations"},
        "service_at_location": place,
    }


def _service_fields(service: dict, place: dict | None) -> dict:
    flags: list[str] = []
    location = (place or {}).get("location") or {}
    address = _first(location.get("addresses") or location.get("physical_addresses")) or {}
    phones = service.get("phones") or []
    terms = _terms(service)
    domain_codes = [t for t in terms if D.is_domain(t)]
    virtual = location.get("location_type") == "virtual"
    schedules = (
        (place or {}).get("schedules")
        or (place or {}).get("regular_schedules")
        or service.get("schedules")
        or service.get("regular_schedules")
        or []
    )
    source_id = str(service.get("id", ""))
    if place and (place.get("id") or location.get("id")):
        source_id += ":" + str(place.get("id") or location.get("id"))
    fields = {
        "name": service.get("name"),
        "source_id": source_id,
        "description": service.get("description"),
        "website": service.get("url"),
        "email": service.get("email"),
        "phone": (_first(phones) or {}).get("number"),
        "organisation": (service.get("organization") or {}).get("name"),
        "domain": ";".join(domain_codes) or None,
        "type_text": " ".join(t for t in terms if not D.is_domain(t)) or None,
        "venue": None if virtual else location.get("name"),
        "address": address.get("address_1"),
        "town": address.get("city"),
        "postcode": address.get("postal_code"),
        "lat": None if virtual else location.get("latitude"),
        "lon": None if virtual else location.get("longitude"),
        "location_notes": None if virtual else location.get("description"),
        **(_virtual_fields(location) if virtual else {}),
        **_contact_fields(service),
        **_listing_fields(service),
        "status": "inactive"
        if str(service.get("status", "active")).lower() not in ("active", "")
        else "active",
    }
    fields = {k: v for k, v in fields.items() if v not in (None, "")}
    fields["schedules"] = [s for item in schedules for s in _oruk_schedule(item, flags)]
    fields["_flags"] = flags
    return fields


def _contact_fields(service: dict) -> dict:
    contact = _first(service.get("contacts")) or {}
    return {
        "contact": contact.get("name"),
        "contact_email": contact.get("email"),
        "contact_phone": (_first(contact.get("phones")) or {}).get("number"),
        # A contact an open feed publishes is public already: it stays public here.
        "contact_private": "public" if contact else None,
    }


def _listing_fields(service: dict) -> dict:
    listed = _listing_terms(service)
    return {
        "kind": next(iter(listed.get(KIND_TAXONOMY, [])), None),
        "audience": ";".join(listed.get("audience", [])) or None,
        "accessibility": ";".join(listed.get("accessibility", [])) or None,
    }


def _first(items):
    return items[0] if isinstance(items, list) and items else None


# Taxonomies mapapp publishes besides the domains (publish/oruk_taxonomy.py): read back
# into the kind and the audience and accessibility tags, not into the text classified.
KIND_TAXONOMY = "listing-kinds"
LISTING_TAXONOMIES = (KIND_TAXONOMY, "audience", "accessibility")


def _listing_terms(service: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for attribute in service.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        if term.get("taxonomy") in LISTING_TAXONOMIES and term.get("code"):
            found.setdefault(term["taxonomy"], []).append(str(term["code"]))
    return found


def _terms(service: dict) -> list[str]:
    terms = []
    for attribute in service.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        if term.get("taxonomy") in LISTING_TAXONOMIES:
            continue
        terms.append(term.get("code") or term.get("term") or term.get("name"))
    for link in service.get("service_taxonomys") or []:  # ORUK v1
        taxonomy = (link or {}).get("taxonomy") or {}
        terms.append(
            taxonomy.get("id") if D.is_domain(str(taxonomy.get("id"))) else taxonomy.get("name")
        )
    for term in service.get("taxonomy_terms") or []:
        terms.append((term or {}).get("code") or (term or {}).get("name"))
    return [str(t) for t in terms if t]


def _oruk_schedule(item: dict, flags: list[str]) -> list[ScheduleSpec]:
    try:
        start, end = _clock(item.get("opens_at")), _clock(item.get("closes_at"))
        if "weekday" in item:  # ORUK v1 regular_schedules
            return [
                ScheduleSpec(weekday=_v1_weekday(item["weekday"]), start_time=start, end_time=end)
            ]
        return _rrule_schedules(item, start, end)
    except (TypeError, ValueError, KeyError) as exc:
        flags.append(f"schedule not read: {exc}")
        return []


def _v1_weekday(value) -> int:
    if isinstance(value, int) or str(value).isdigit():
        return (int(value) - 1) % 7  # ISO: 1 = Monday
    return DAY_WORDS[str(value).strip().lower()]


def _rrule_schedules(item: dict, start, end) -> list[ScheduleSpec]:
    freq = str(item.get("freq", "WEEKLY")).upper()
    interval = int(item.get("interval") or 1)
    anchor = item.get("dtstart") or item.get("valid_from")
    anchor_date = dt.date.fromisoformat(str(anchor)[:10]) if anchor else None
    specs = []
    for token in re.split(r"[,\s]+", str(item.get("byday") or "").upper()):
        match = re.fullmatch(r"(-?\d)?(MO|TU|WE|TH|FR|SA|SU)", token)
        if not match:
            if token:
                raise ValueError(f"byday '{token}' not understood")
            continue
        weekday = ISO_DAYS[match.group(2)]
        if freq == "MONTHLY":
            specs.append(
                ScheduleSpec(
                    weekday, "monthly", int(match.group(1) or 1), start_time=start, end_time=end
                )
            )
        elif interval == 2:
            specs.append(
                ScheduleSpec(
                    weekday, "fortnightly", anchor_date=anchor_date, start_time=start, end_time=end
                )
            )
        else:
            specs.append(ScheduleSpec(weekday, start_time=start, end_time=end))
    return specs
