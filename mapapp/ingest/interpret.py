"""A sheet's row, as cells under its own headers, turned into the fields a listing is built
from: read by header words and by content (row_reading), then settled the way a careful
navigator would settle it.

- A phrase that says how people attend wins over the columns: 'online only' with a link
  means the town in the row is not a venue, 'in person only' means an old link is not a
  way in. Said online but no link or dial-in given: a doubt (people could not join).
- A contact cell that held the dial-in, or only a link, is not a person's name.
- Every doubt becomes a flag, so the row is held for a navigator, and every value keeps
  the column or phrase it came from ('_how'), for the report and the import's dry run.
"""

from __future__ import annotations

import datetime as dt
import re

from . import cell_content as C
from .records import ScheduleSpec
from .row_reading import RowReading, read_row

LOCATION_FIELDS = ("venue", "address", "town", "postcode", "lat", "lon", "location_notes")
ONLINE_FIELDS = (
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
)
_NOT_A_NAME = re.compile(
    r"\b(?:link|call|ring|tel|phone|email|e-mail|contact|dial|in|pin|"
    r"passcode|meeting|id|zoom|or|on|via|at|the|secretary|text)\b|[:;,()]",
    re.I,
)


def table_fields(cells: list[tuple[str, object]], today: dt.date | None = None) -> dict:
    """Fields for build() from a row's (header, value) cells; '_flags' holds the doubts."""
    reading = read_row(cells, today)
    fields = dict(reading.values)
    flags = [doubt.describe() for doubt in reading.doubts]
    how = dict(reading.sources)
    _settle_attendance(reading, fields, flags, how)
    _settle_contact(reading, fields)
    if "contact" not in fields:
        how.pop("contact", None)
    if reading.schedule is not None:
        fields["schedules"] = _specs(reading) if reading.schedule.complete else []
        if reading.schedule.no_session:
            how["schedule"] = f"'{reading.schedule.no_session}': no fixed session"
    fields["_tags"] = [(t.category, t.tag) for t in reading.tags]
    if reading.tags:
        how["tags"] = ", ".join(f"'{t.phrase}'" for t in reading.tags)
    fields["_flags"] = flags
    fields["_how"] = how
    fields["_unread_schedule"] = reading.schedule is not None and not reading.schedule.complete
    return fields


def _specs(reading: RowReading) -> list[ScheduleSpec]:
    return [
        ScheduleSpec(s.weekday, s.frequency, s.nth, s.anchor_date, s.start, s.end)
        for s in reading.schedule.sessions
    ]


def _settle_attendance(reading: RowReading, fields: dict, flags: list[str], how: dict) -> None:
    said = reading.attendance_said
    if said is None:
        return
    attendance, phrase = said
    online = fields.get("conference_url") or fields.get("conference_phone")
    if attendance == "online" and not online:
        # Kept where it is, held: the navigator finds the link or corrects the phrase.
        flags.append(
            f"attendance '{phrase}': online, but no link or dial-in is given "
            "(understood: online only)"
        )
    elif attendance == "online":
        for name in LOCATION_FIELDS:
            fields.pop(name, None)
            how.pop(name, None)
    elif attendance == "in_person" and online:
        for name in ONLINE_FIELDS:
            fields.pop(name, None)
            how.pop(name, None)


def _settle_contact(reading: RowReading, fields: dict) -> None:
    """Keep a first name from the contact cell only when something name-like is left once
    numbers, links, emails and words like 'call' or 'link' are taken out."""
    raw = fields.get("contact")
    if not raw:
        return
    left = raw
    for finder in (C.conference_links, C.web_links, C.emails, C.phones):
        for found in finder(left):
            left = left.replace(found.phrase, " ")
    left = _NOT_A_NAME.sub(" ", re.sub(r"[\d#*+]", " ", left))
    words = [w for w in left.split() if re.fullmatch(r"[A-Z][a-zA-Z'’-]+", w)]
    if words:
        fields["contact"] = words[0]
    else:
        fields.pop("contact", None)
