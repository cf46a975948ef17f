"""RawRow -> Listing: normalise every value, classify, and decide what needs a navigator.

A row is rejected only when nothing usable can be made of it (no name, or nowhere and no
way to attend). Anything else that is wrong is dropped from the listing with a flag that
says what and why, and the listing is loaded marked 'needs review'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace

from .. import vocab as D
from ..listings.rules import slugify
from . import interpret
from . import normalise as N
from .audience_text import tags_in
from .cell_content import conference_links
from .classify import MEETING_CODES, TYPE_NAMES, TYPE_TAGS, classify
from .records import Listing, RawRow, Rejected, ScheduleSpec
from .schedule_text import align_anchor, read_schedule
from .uk_dates import DateNotUnderstood, read_date

PUBLIC_WORDS = {"no", "n", "false", "0", "public", "publish"}
YES_WORDS = {"yes", "y", "true", "1"}
_CONTACT_PHONE = re.compile(r"(\+?\d[\d\s()-]{8,}\d)")
_CONTACT_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")


def build(
    row: RawRow,
    source_kind: str | None = None,
    fellowship: str | None = None,
    today: dt.date | None = None,
) -> Listing:
    """``source_kind`` is the kind a format implies (a Meeting Guide feed lists meetings);
    ``fellowship`` is the importer's word for a feed that does not name its own."""
    f = (
        interpret.table_fields(row.fields["_cells"], today)
        if "_cells" in row.fields
        else row.fields
    )
    name = N.text(f.get("name"))
    if not name:
        raise Rejected("no name: every listing needs a name (e.g. a 'Group name' column)")
    flags = list(f.get("_flags", ()))
    postcode = _postcode(f.get("postcode") or N.postcode_in(f.get("address")), flags)
    schedules = _schedules(f, flags)
    types = _types(f)
    found = _classify(f, name, source_kind, fellowship, types)
    if found.flag:
        flags.append(found.flag)
    values = dict(
        row_number=row.row_number,
        name=N.title_case(name),
        kind=found.kind,
        domains=found.domains,
        fellowship=found.fellowship,
        types=types,
        description=N.text(f.get("description")),
        notes=N.text(f.get("notes")),
        schedules=schedules,
        venue_name=N.text(f.get("venue")),
        address=N.text(f.get("address")),
        town=N.text(f.get("town")),
        postcode=postcode,
        location_notes=N.text(f.get("location_notes")),
        lat=_coordinate(f.get("lat"), -90, 90, flags),
        lon=_coordinate(f.get("lon"), -180, 180, flags),
        approximate=_yes(f.get("approximate")),
        conference_url=_optional(_conference_url, f.get("conference_url"), "online link", flags),
        conference_url_notes=N.text(f.get("conference_url_notes")),
        conference_phone=_optional(_dial, f.get("conference_phone"), "dial-in number", flags),
        conference_phone_notes=N.text(f.get("conference_phone_notes")),
        website=_optional(N.url, f.get("website"), "website", flags),
        email=_optional(N.email, f.get("email"), "email", flags),
        phone=_optional(N.phone, f.get("phone"), "phone", flags),
        contact_private=_private(f.get("contact_private")),
        organisation=N.text(f.get("organisation")),
        tags=_tags(f, found),
        status=f.get("status") or "active",
        verified=_verified(f.get("verified"), flags, today),
        original=row.original,
        how=dict(f.get("_how") or {}),
    )
    values["contact_name"], values["contact_email"], values["contact_phone"] = _contact(f, flags)
    located = bool(postcode or values["town"] or values["address"] or values["lat"] is not None)
    if not located and not (values["conference_url"] or values["conference_phone"]):
        raise Rejected(
            "no location and no online link: give a postcode, town or address, "
            "or a conference URL/phone"
        )
    if values["kind"] == "meeting" and not schedules and "schedules" not in f:
        flags.append("no day or time: add when it meets")  # a feed with no day: appointment
    source_id = N.text(f.get("source_id")) or derived_source_id(
        values["name"], postcode or values["town"], schedules
    )
    return Listing(source_id=str(source_id), flags=tuple(flags), **values)


def _classify(f: dict, name: str, source_kind: str | None, fellowship: str | None, types):
    """Feeds of 12-step meetings (Meeting Guide, TSML) are twelve-step whatever their
    names say; their fellowship comes from the entity, the name, the type codes or the
    importer's --fellowship."""
    twelve_step = source_kind == "meeting"
    domain = f.get("domain") or ("twelve-step" if twelve_step else None)
    found = classify(
        name=name,
        kind=f.get("kind") or source_kind,
        domain_text=domain,
        fellowship_text=_join(f.get("type_text"), f.get("organisation"), _short(f.get("notes"))),
        description=_join(
            f.get("description"), f.get("notes"), f.get("audience"), f.get("accessibility")
        ),
        type_codes=types,
    )
    if found.fellowship is None and fellowship:
        found = replace(found, fellowship=fellowship, kind="meeting" if twelve_step else found.kind)
    return found


def _short(note) -> str | None:
    """A note of a word or two ('AA', 'NA meeting') names the fellowship; in a longer note
    an acronym could mean something else."""
    return note if note and len(str(note).split()) <= 3 else None


def _tags(f: dict, found) -> tuple[tuple[str, str], ...]:
    """Tags from type codes, audience and access columns, and the words of the name,
    type and notes ('Women only', "Men's", 'hearing loop')."""
    if "_tags" in f:  # a sheet's row: read cell by cell already (interpret.py)
        words = []
    else:
        words = [
            (t.category, t.tag)
            for k in ("name", "type_text", "notes", "description", "audience", "accessibility")
            if f.get(k)
            for t in tags_in(str(f[k]))
        ]
    return tuple(
        sorted(set(found.tags) | set(_tag_columns(f)) | set(words) | set(f.get("_tags") or ()))
    )


def _verified(value, flags: list[str], today: dt.date | None) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        date = read_date(value, today)
    except DateNotUnderstood as exc:
        flags.append(f"last checked '{value}': {exc}")
        return None
    if date > (today or dt.date.today()) + dt.timedelta(days=1):
        flags.append(f"last checked '{value}': {date.isoformat()} is in the future")
        return None
    return date


def _conference_url(value) -> str:
    """A conference link with or without its scheme ('meet.google.com/abc-defg-hij')."""
    links = conference_links(str(value))
    return links[0].value if links else N.url(value)


def derived_source_id(name: str, place: str | None, schedules) -> str:
    """For sheets without an id column: stable while name, place and first session stay."""
    first = schedules[0] if schedules else None
    key = "|".join(
        str(part)
        for part in (
            slugify(name),
            slugify(place or ""),
            first.weekday if first else "",
            first.start_time if first else "",
        )
    )
    return "row-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def _join(*parts) -> str | None:
    return " ".join(str(p) for p in parts if p) or None


def _postcode(value, flags: list[str]) -> str | None:
    """Upper case and spaced as typed: the geocoder checks it against the reference
    postcodes and repairs look-alike characters only when the repair is certain."""
    if not N.text(value):
        return None
    key = re.sub(r"[^A-Za-z0-9]", "", str(value)).upper()
    if not 5 <= len(key) <= 7:
        flags.append(f"postcode '{value}' is not a UK postcode (wrong length)")
        return None
    return f"{key[:-3]} {key[-3:]}"


def _schedules(f: dict, flags: list[str]) -> tuple[ScheduleSpec, ...]:
    if "schedules" in f:
        return tuple(
            ScheduleSpec(
                s.weekday,
                s.frequency,
                s.nth,
                align_anchor(s.anchor_date, s.weekday),
                s.start_time,
                s.end_time,
            )
            for s in f["schedules"]
        )
    day, time, end = N.text(f.get("day")), N.text(f.get("time")), N.text(f.get("end_time"))
    if not (day or time):
        return ()
    reading = read_schedule(day, time, end)
    phrase = " ".join(t for t in (day, time, end) if t)
    flags.extend(f"schedule '{phrase}': {problem}" for problem in reading.not_understood)
    if not reading.complete:
        return ()
    return tuple(
        ScheduleSpec(s.weekday, s.frequency, s.nth, s.anchor_date, s.start, s.end)
        for s in reading.sessions
    )


def _types(f: dict) -> tuple[str, ...]:
    """Meeting Guide type codes, from a feed's list or a cell of codes or names."""
    if f.get("types"):
        return tuple(str(t) for t in f["types"])
    codes = []
    for word in re.split(r"[,;/]", f.get("type_text") or ""):
        code = TYPE_NAMES.get(word.strip().lower()) or word.strip().upper()
        if (code in TYPE_TAGS or code in MEETING_CODES) and code not in codes:
            codes.append(code)
    return tuple(codes)


def _optional(parse, value, what: str, flags: list[str]):
    if not N.text(value):
        return None
    try:
        return parse(value)
    except ValueError as exc:
        flags.append(f"{what} dropped: {exc}")
        return None


def _dial(value) -> str:
    digits = re.sub(r"[^\d+,*#]", "", str(value))  # the spec allows digits and + , * #
    if len(re.sub(r"\D", "", digits)) < 10:
        raise ValueError(f"'{value}' is not a phone number")
    return digits


def _coordinate(value, low: float, high: float, flags: list[str]) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        flags.append(f"coordinate '{value}' is not a number")
        return None
    if not low <= number <= high:
        flags.append(f"coordinate {number} is out of range")
        return None
    return number


def _contact(f: dict, flags: list[str]):
    """A contact may be one messy cell: 'Sam 07700 900123' or 'jo@example.org (Jo)'."""
    raw = N.text(f.get("contact")) or ""
    email = f.get("contact_email") or (
        _CONTACT_EMAIL.search(raw).group(0) if _CONTACT_EMAIL.search(raw) else None
    )
    phone = f.get("contact_phone") or (
        _CONTACT_PHONE.search(raw).group(1) if _CONTACT_PHONE.search(raw) else None
    )
    leftover = _CONTACT_PHONE.sub(" ", _CONTACT_EMAIL.sub(" ", raw))
    name = _optional(N.first_name, leftover, "contact name", []) if N.text(leftover) else None
    return (
        name,
        _optional(N.email, email, "contact email", flags),
        _optional(N.phone, phone, "contact phone", flags),
    )


def _yes(value) -> bool:
    """A feed's True, or a cell that says yes (an empty or 'no' cell is not approximate)."""
    if isinstance(value, bool):
        return value
    return (N.text(value) or "").lower() in YES_WORDS


def _private(value) -> bool:
    """Contact details are private unless the row explicitly says they may be published."""
    return (N.text(value) or "").lower() not in PUBLIC_WORDS


AUDIENCE_WORDS = {v.lower(): k for k, v in D.AUDIENCE_TAGS.items()} | {
    k: k for k in D.AUDIENCE_TAGS
}
ACCESS_WORDS = (
    {v.lower(): k for k, v in D.ACCESSIBILITY_TAGS.items()}
    | {k: k for k in D.ACCESSIBILITY_TAGS}
    | {"wheelchair accessible": "wheelchair", "loop": "hearing-loop"}
)


def _tag_columns(f: dict) -> list[tuple[str, str]]:
    """Audience and accessibility columns: 'Women; BSL', 'Wheelchair access, hearing loop'."""
    tags = []
    for category, column, words in (
        ("audience", "audience", AUDIENCE_WORDS),
        ("accessibility", "accessibility", ACCESS_WORDS),
    ):
        for value in re.split(r"[,;/]", f.get(column) or ""):
            key = value.strip().lower()
            if key in words:
                tags.append((category, words[key]))
    return tags
