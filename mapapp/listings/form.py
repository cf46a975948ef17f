"""The listing editor's form: submitted strings -> history snapshot values, with a message
per field.

Pure functions (no database, no request): ``parse`` reads a submitted form (a MultiDict or
a plain dict) and returns the values ``history.set_field`` takes, keyed by snapshot field,
plus ``errors`` keyed by the form field the message belongs next to. ``from_snapshot``
turns a listing's snapshot back into form strings, so the same template shows a stored
listing, a prefilled suggestion and a rejected submission.

A postcode or town typed to place the point needs the reference tables, so ``parse`` only
hands it back (``lookup``) for the caller to resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import vocab as D
from ..places import normal_postcode

TEXT_LIMITS = {
    "name": 200,
    "fellowship": 60,
    "organisation": 200,
    "description": 5000,
    "notes": 5000,
    "conference_url": 500,
    "conference_url_notes": 1000,
    "conference_phone": 60,
    "conference_phone_notes": 1000,
    "website": 500,
    "email": 200,
    "phone": 40,
    "contact_name": 60,
    "contact_email": 200,
    "contact_phone": 40,
    "venue_name": 200,
    "address": 300,
    "town": 100,
    "postcode": 10,
    "location_notes": 1000,
}
URL_FIELDS = ("conference_url", "website")
EMAIL_FIELDS = ("email", "contact_email")
PHONE_FIELDS = ("conference_phone", "phone", "contact_phone")
EDITABLE_STATUSES = ("active", "inactive")  # archiving has its own button
FREQUENCIES = {
    "weekly": "Weekly",
    "fortnightly": "Fortnightly (every other week)",
    "monthly": "Monthly (nth weekday)",
}
NTH = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "Last"}
BLANK_SCHEDULE_ROWS = 2  # empty rows to fill in without JavaScript
MAX_SCHEDULE_ROWS = 20
SCHEDULE_PARTS = ("frequency", "weekday", "nth", "anchor", "start", "end")

_PHONE = re.compile(r"^[0-9+() .\-]{6,}$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_TYPE = re.compile(r"^[A-Za-z0-9-]{1,10}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# A point typed or placed must be in or near Great Britain (as search.resolve_near).
LAT_RANGE, LON_RANGE = (49.0, 61.0), (-9.0, 2.5)


@dataclass
class ListingForm:
    raw: dict  # what to show in the form again
    values: dict = field(default_factory=dict)  # snapshot field -> value
    errors: dict = field(default_factory=dict)  # form field -> message
    lookup: str = ""  # a postcode or town to place the point at


def parse(form) -> ListingForm:
    raw = _raw(form)
    result = ListingForm(raw=raw, lookup=raw["lookup"])
    _texts(result)
    _choices(result)
    _tags(result)
    _types(result)
    _schedules(result)
    _location(result)
    return result


def _raw(form) -> dict:
    def many(name):
        return [
            v.strip()
            for v in (form.getlist(name) if hasattr(form, "getlist") else form.get(name, []))
            if v.strip()
        ]

    raw = {name: (form.get(name) or "").strip() for name in TEXT_LIMITS}
    raw.update(
        {
            name: (form.get(name) or "").strip()
            for name in (
                "kind",
                "status",
                "types",
                "other_audience",
                "other_accessibility",
                "lon",
                "lat",
                "precision",
                "lookup",
            )
        }
    )
    raw["contact_private"] = bool(form.get("contact_private"))
    raw["no_location"] = bool(form.get("no_location"))
    raw.update(
        domains=many("domains"),
        audience=many("audience"),
        accessibility=many("accessibility"),
        schedules=_schedule_rows(form),
    )
    return raw


def _schedule_rows(form) -> list[dict]:
    rows = []
    for index in range(MAX_SCHEDULE_ROWS):
        row = {
            part: (form.get(f"schedule-{index}-{part}") or "").strip() for part in SCHEDULE_PARTS
        }
        if row["weekday"] or row["start"] or row["end"] or row["anchor"]:
            rows.append(row)
    return rows


def _texts(result: ListingForm) -> None:
    raw, values, errors = result.raw, result.values, result.errors
    for name, limit in TEXT_LIMITS.items():
        value = raw[name]
        if len(value) > limit:
            errors[name] = f"Keep this under {limit:,} characters."
        values[name] = value or None
    if not raw["name"]:
        errors["name"] = "Give the listing a name, as people would look for it."
    for name in URL_FIELDS:
        if raw[name] and not re.match(r"^https?://[^\s/]+\.[^\s]+$", raw[name]):
            errors[name] = "Give a full web address starting https:// (or leave it empty)."
    for name in EMAIL_FIELDS:
        if raw[name] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", raw[name]):
            errors[name] = "That does not look like an email address (or leave it empty)."
    for name in PHONE_FIELDS:
        if raw[name] and not _PHONE.match(raw[name]):
            errors[name] = "Give a phone number using digits, spaces and + only."
    if raw["postcode"]:
        try:
            values["postcode"] = normal_postcode(raw["postcode"])
        except ValueError:
            errors["postcode"] = "That is not a UK postcode. Check it, or leave it empty."
    values["contact_private"] = raw["contact_private"]


def _choices(result: ListingForm) -> None:
    raw, values, errors = result.raw, result.values, result.errors
    if raw["kind"] not in D.KINDS:
        errors["kind"] = "Choose what kind of listing this is."
    values["kind"] = raw["kind"] or None
    if raw["status"] not in EDITABLE_STATUSES:
        errors["status"] = "Choose whether the listing is active or inactive."
    values["status"] = raw["status"] or None
    unknown = [code for code in raw["domains"] if not D.is_domain(code)]
    if unknown or not raw["domains"]:
        errors["domains"] = "Choose at least one domain, so people can find the listing."
    values["domains"] = sorted(set(raw["domains"]))


def _tags(result: ListingForm) -> None:
    raw, errors = result.raw, result.errors
    tags = set()
    for category, known in (("audience", D.AUDIENCE_TAGS), ("accessibility", D.ACCESSIBILITY_TAGS)):
        chosen = [t for t in raw[category] if t in known]
        if len(chosen) != len(raw[category]):
            errors[category] = "Choose from the list shown."
        others = split_list(raw[f"other_{category}"].lower())
        bad = [t for t in others if not _TAG.match(t) or t == "uk"]
        if bad:
            errors[f"other_{category}"] = (
                "Use short codes of letters, digits and hyphens, separated by commas "
                "(e.g. cy, pl). Not 'uk': in the Meeting Guide it means Ukrainian."
            )
        tags.update(f"{category}:{t}" for t in chosen + others)
    result.values["tags"] = sorted(tags)


def _types(result: ListingForm) -> None:
    codes = split_list(result.raw["types"])
    if any(not _TYPE.match(code) for code in codes):
        result.errors["types"] = "Give Meeting Guide codes separated by commas, e.g. O, D, W."
    result.values["types"] = sorted({code.upper() for code in codes})


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _schedules(result: ListingForm) -> None:
    values = []
    for index, row in enumerate(result.raw["schedules"]):
        row["index"] = index
        schedule, message = parse_schedule(row)
        if message:
            result.errors[f"schedule-{index}"] = f"Session {index + 1}: {message}"
        else:
            values.append(schedule)
    result.values["schedules"] = sorted(values, key=_schedule_order)


def _schedule_order(schedule: list) -> list:
    # The snapshot's order (ingest/changes.py sorts the lists), so an unchanged set compares
    # equal; an empty part sorts first instead of failing to compare with a value.
    return [(0, "") if part is None else (1, part) for part in schedule]


def parse_schedule(row: dict) -> tuple[list | None, str | None]:
    """One schedule row -> [weekday, frequency, nth, anchor ISO, "HH:MM", "HH:MM"]."""
    frequency = row.get("frequency") or "weekly"
    if frequency not in FREQUENCIES:
        return None, "choose weekly, fortnightly or monthly."
    if row.get("weekday", "") not in {str(day) for day in range(7)}:
        return None, "choose the day of the week."
    weekday = int(row["weekday"])
    start, end = row.get("start", ""), row.get("end", "")
    for text in (start, end):
        if text and not _TIME.match(text):
            return None, "give times as HH:MM on the 24-hour clock, e.g. 19:30."
    if end and not start:
        return None, "give the start time as well as the end time."
    if start and end and _hhmm(end) == _hhmm(start):
        return None, "the end time must differ from the start time."
    nth, anchor = None, None
    if frequency == "monthly":
        if row.get("nth", "") not in {str(n) for n in NTH}:
            return None, "choose which week of the month (1st to 5th, or last)."
        nth = int(row["nth"])
    if frequency == "fortnightly":
        anchor, message = _anchor(row.get("anchor", ""), weekday)
        if message:
            return None, message
    return [weekday, frequency, nth, anchor, _hhmm(start), _hhmm(end)], None


def _anchor(text: str, weekday: int) -> tuple[str | None, str | None]:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, "give the date of one session (YYYY-MM-DD), so we know which weeks."
    if day.weekday() != weekday:
        return None, f"{day:%d %B %Y} is a {day:%A}: give a date on the session's day."
    return day.isoformat(), None


def _hhmm(text: str) -> str | None:
    if not text:
        return None
    hours, minutes = text.split(":")
    return f"{int(hours):02d}:{minutes}"


def _location(result: ListingForm) -> None:
    raw = result.raw
    if raw["no_location"]:
        result.values["location"] = None
        return
    if not (raw["lon"] and raw["lat"]):
        result.values["location"] = None
        return
    try:
        lon, lat = float(raw["lon"]), float(raw["lat"])
    except ValueError:
        lon = lat = float("nan")
    if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
        result.errors["location"] = (
            "The point is not in Great Britain. Place it on the map "
            "again, or look up a postcode or town."
        )
        return
    precision = raw["precision"] if raw["precision"] in D.PRECISIONS[:-1] else "exact"
    result.values["location"] = [round(lon, 6), round(lat, 6), precision]


def from_snapshot(snapshot: dict) -> dict:
    """A listing's snapshot as the strings the form shows."""
    raw = {name: snapshot.get(name) or "" for name in TEXT_LIMITS}
    tags = [t.split(":", 1) for t in snapshot.get("tags") or []]
    raw.update(
        kind=snapshot.get("kind") or "",
        status=snapshot.get("status") or "active",
        types=", ".join(snapshot.get("types") or []),
        contact_private=bool(snapshot.get("contact_private")),
        no_location=False,
        domains=list(snapshot.get("domains") or []),
        lookup="",
        audience=[t for c, t in tags if c == "audience" and t in D.AUDIENCE_TAGS],
        accessibility=[t for c, t in tags if c == "accessibility" and t in D.ACCESSIBILITY_TAGS],
        other_audience=", ".join(
            t for c, t in tags if c == "audience" and t not in D.AUDIENCE_TAGS
        ),
        other_accessibility=", ".join(
            t for c, t in tags if c == "accessibility" and t not in D.ACCESSIBILITY_TAGS
        ),
        schedules=[_schedule_raw(s) for s in snapshot.get("schedules") or []],
    )
    location = snapshot.get("location")
    raw["lon"], raw["lat"], raw["precision"] = (
        (repr(location[0]), repr(location[1]), location[2]) if location else ("", "", "")
    )
    return raw


def _schedule_raw(schedule: list) -> dict:
    weekday, frequency, nth, anchor, start, end = schedule
    return {
        "frequency": frequency,
        "weekday": str(weekday),
        "nth": "" if nth is None else str(nth),
        "anchor": anchor or "",
        "start": start or "",
        "end": end or "",
    }


def blank() -> dict:
    """The form for a new listing: active, named contact private (the safe default)."""
    return from_snapshot({"status": "active", "contact_private": True})


def with_blank_rows(raw: dict) -> list[dict]:
    """The schedule rows to show: the listing's own plus empty ones to fill in."""
    rows = [dict(row, index=i) for i, row in enumerate(raw["schedules"])]
    empty = dict.fromkeys(SCHEDULE_PARTS, "") | {"frequency": "weekly"}
    rows += [dict(empty, index=len(rows) + i) for i in range(BLANK_SCHEDULE_ROWS)]
    return rows
