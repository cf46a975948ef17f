"""One spreadsheet row read by its headers' words and by what each cell holds.

    cells (header, value) -> RowReading: the values by field, where each came from, and
    every doubt: the phrase, what was understood, what was not.

Columns give a first reading (header_match). Then every cell, whatever its column, is read
for what it holds: a conference link in 'Website' or 'Notes' is the way to attend online,
a dial-in with a PIN in 'Contact' is a dial-in, a time in the 'Day' cell is the time,
'online only' in the notes settles attendance, 'Women only' in the name is an audience.
A row with a doubt is not published until a navigator confirms it; this module only says
what it read and what it did not, the pipeline decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from . import cell_content as C
from .audience_text import TagFound, tags_in
from .header_match import fields_of
from .schedule_text import ScheduleReading, anchor_in, read_schedule
from .uk_dates import DateNotUnderstood, read_date

# Columns whose words may say how people attend or who it is for.
FREE_TEXT = frozenset(
    (
        "name",
        "type_text",
        "notes",
        "description",
        "audience",
        "accessibility",
        "location_notes",
        "conference_url_notes",
        "venue",
        "day",
        "time",
        "domain",
        "_other",
        "website",
        "conference_url",
    )
)
TAG_TEXT = frozenset(
    (
        "name",
        "type_text",
        "notes",
        "description",
        "audience",
        "accessibility",
        "location_notes",
        "_other",
    )
)
LINK_FIELDS = ("website", "conference_url")
PLACE_FIELDS = frozenset(("venue", "address", "town"))
POSTCODE_HOSTS = frozenset(("address", "venue", "town", "_other"))
WEB_HOSTS = frozenset(("website", "conference_url", "notes", "_other", "description", "contact"))
DIAL_HOSTS = frozenset(
    ("contact", "phone", "notes", "conference_url", "conference_url_notes", "_other", "website")
)
NOTE_FIELDS = frozenset(("notes", "description", "_other"))
# Cells that may hold a link or a meeting id: not a name, a day, a postcode or a type.
LINK_HOSTS = frozenset(
    (
        "website",
        "conference_url",
        "conference_url_notes",
        "conference_phone_notes",
        "notes",
        "description",
        "contact",
        "_other",
        "venue",
        "address",
        "location_notes",
        "phone",
        "email",
        "town",
        "conference_phone",
    )
)
# A how-often word in a note that the day cell does not repeat changes the schedule:
# 'Saturday' with 'meets fortnightly' in the notes is not every Saturday.
OFTEN_IN_NOTES = re.compile(
    r"\bfortnight(?:ly)?\b|\bevery\s+(?:other|second|2nd)\s+week\b|"
    r"\balternate\s+weeks?\b|\bmonthly\b|\bonce\s+a\s+month\b|"
    r"\bterm[\s-]?time\b|\b(?:first|second|third|fourth|last|1st|2nd|"
    r"3rd|4th)\s+(?:week|\w+day)\s+of\s+(?:the|each)\s+month\b",
    re.I,
)
# A location cell that only says how people attend is not a place.
ONLINE_PLACE = re.compile(
    r"^\s*(?:online|zoom|virtual|teams|on\s*line|internet|"
    r"online\s+only|zoom\s+only|video\s+call|telephone|phone)\s*$",
    re.I,
)
ANCHOR_WORDS = r"(?:next|from|starting|starts|start|beginning|commencing|w/c|first|on)\b"


@dataclass(frozen=True)
class Doubt:
    field: str
    phrase: str
    understood: str
    not_understood: str

    def describe(self) -> str:
        said = f" (understood: {self.understood})" if self.understood else ""
        return f"{self.field} '{self.phrase}': {self.not_understood}{said}"


@dataclass
class RowReading:
    values: dict = field(default_factory=dict)  # field -> value
    sources: dict = field(default_factory=dict)  # field -> where it came from
    doubts: list[Doubt] = field(default_factory=list)
    schedule: ScheduleReading | None = None
    tags: list[TagFound] = field(default_factory=list)
    attendance_said: tuple[str, str] | None = None  # (attendance, phrase) when a phrase says

    def put(self, name: str, value, source: str) -> None:
        if value in (None, "") or name in self.values:
            return
        self.values[name] = value
        self.sources[name] = source

    def doubt(self, name: str, phrase: str, not_understood: str, understood: str = "") -> None:
        self.doubts.append(Doubt(name, str(phrase), understood, not_understood))


class _Columns:
    """The row's text by field, with the header each came from."""

    __slots__ = ("texts", "flat")

    def __init__(self):
        self.texts: dict = {}  # field -> [(header, text)]
        self.flat: list = []  # [(field, header, text)] in the row's order

    def add(self, name: str, header: str, text: str) -> None:
        self.texts.setdefault(name, []).append((header, text))
        self.flat.append((name, header, text))

    def joined(self, name: str, sep: str = "; ") -> str | None:
        parts = [t for _, t in self.texts.get(name, ())]
        return sep.join(parts) if parts else None

    def first(self, name: str) -> tuple[str, str] | None:
        found = self.texts.get(name)
        return found[0] if found else None

    def all(self, names: frozenset | None = None) -> list:
        if names is None:
            return self.flat
        return [item for item in self.flat if item[0] in names]


def read_row(cells: list[tuple[str, object]], today: dt.date | None = None) -> RowReading:
    """Read one row of (header, value) pairs. Never raises on content."""
    columns = _sort_columns(cells)
    reading = RowReading()
    _plain_fields(columns, reading)
    _links(columns, reading)
    _dial_in(columns, reading)
    _contacts(columns, reading)
    _attendance(columns, reading)
    _schedule(columns, reading, today)
    _verified(columns, reading, today)
    _running(columns, reading)
    reading.tags = _tags(columns)
    return reading


def _running(columns: _Columns, reading: RowReading) -> None:
    """'Closed', 'Suspended until further notice' in a status column: inactive, not
    published as running. The same words in a note: a doubt (is it still running?)."""
    for header, text in columns.texts.get("status", ()):
        if NOT_RUNNING.search(text):
            reading.put("status", "inactive", f"'{text}' in column '{header}'")
        elif not RUNNING.match(text):
            reading.doubt(
                "status", text, "not a status this importer knows (e.g. 'active', 'closed')"
            )
    if "status" in reading.values:
        return
    for _name, _header, text in columns.all(NOTE_FIELDS):
        found = NOT_RUNNING_NOTE.search(text)
        if found:
            reading.doubt("status", text, f"says '{found.group(0)}': is it still running?")


def _tags(columns: _Columns) -> list[TagFound]:
    """Tags read cell by cell (each cell's reading is cached), the first of each kept."""
    found, seen = [], set()
    for _name, _header, text in columns.all(TAG_TEXT):
        for tag in tags_in(text):
            if tag.tag not in seen:
                seen.add(tag.tag)
                found.append(tag)
    return found


def _sort_columns(cells) -> _Columns:
    columns = _Columns()
    texts, flat = columns.texts, columns.flat
    for header, value in cells:
        text = _text(value)
        if not text:
            continue
        header = header if type(header) is str else str(header or "")
        names = fields_of(header) or _OTHER
        if len(names) == 1:  # columns.add, inlined: this runs for every cell of an import
            texts.setdefault(names[0], []).append((header, text))
            flat.append((names[0], header, text))
        else:
            _split_by_content(columns, names, header, text)
    return columns


_OTHER = ("_other",)


def _split_by_content(columns: _Columns, names: tuple, header: str, text: str) -> None:
    """A header naming two fields: each cell goes where its content belongs."""
    if set(names) & set(LINK_FIELDS):
        target = (
            "conference_url"
            if C.conference_links(text) or C.zoom_meeting(text)
            else "website"
            if C.web_links(text)
            else next(n for n in names if n not in LINK_FIELDS)
            if set(names) - set(LINK_FIELDS)
            else "notes"
        )
        columns.add(target, header, text)
    elif {"day", "time"} <= set(names):
        columns.add("day", header, text)  # the grammar reads days and times together
    elif {"phone", "email"} <= set(names):
        columns.add("email" if C.emails(text) else "phone", header, text)
    elif {"venue", "address"} <= set(names):
        venue, _, address = text.partition(",")
        columns.add("venue", header, venue.strip())
        if address.strip():
            columns.add("address", header, address.strip())
    else:
        columns.add(names[0], header, text)


def _text(value) -> str:
    if type(value) is str:  # nearly every cell: the rest are spreadsheet values
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            value.date().isoformat()
            if value.time() == dt.time(0)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")  # a time cell is on the 24-hour clock
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


# A status column that says the group is not running: not published as running.
NOT_RUNNING = re.compile(
    r"\b(?:closed|suspended|cancelled|canceled|paused|on\s+hold|"
    r"no\s+longer\s+(?:running|meets|meeting|operating|active)|"
    r"not\s+(?:running|meeting|currently\s+running)|finished|ended|"
    r"discontinued|defunct|inactive|ceased|stopped)\b",
    re.I,
)
# In a note only the unmistakable phrases count: a 'closed meeting' is for members only.
NOT_RUNNING_NOTE = re.compile(
    r"\b(?:temporarily\s+closed|closed\s+(?:until|for\s+now|"
    r"indefinitely|down)|suspended|cancelled|canceled|paused|"
    r"on\s+hold|no\s+longer\s+(?:running|meets|meeting|operating|"
    r"active)|not\s+(?:running|meeting|currently\s+running)|"
    r"discontinued|ceased)\b",
    re.I,
)
RUNNING = re.compile(r"^\s*(?:active|running|open|yes|y|ok|live|current|meeting|on)\s*$", re.I)
NO_WORDS = re.compile(
    r"^\s*(?:no|n|none|n/?a|-|in[\s-]person(?:\s+only)?|face[\s-]to[\s-]face)"
    r"\s*$",
    re.I,
)
PLAIN = frozenset(
    (
        "name",
        "source_id",
        "venue",
        "address",
        "town",
        "postcode",
        "type_text",
        "domain",
        "kind",
        "description",
        "notes",
        "location_notes",
        "organisation",
        "audience",
        "accessibility",
        "region",
        "lat",
        "lon",
        "approximate",
        "contact",
        "contact_private",
        "conference_url_notes",
        "conference_phone_notes",
        "timezone",
    )
)


JOINED = frozenset(
    ("notes", "description", "location_notes", "type_text", "accessibility", "audience")
)


def _plain_fields(columns: _Columns, reading: RowReading) -> None:
    for name, items in columns.texts.items():
        if name not in PLAIN:
            continue
        value = columns.joined(name) if name in JOINED else items[0][1]
        if name == "postcode" and C.postcodes(value):
            value = C.postcodes(value)[0].value  # "DE4 3AG (Matlock)"
        reading.put(name, value, f"column '{items[0][0]}'")
    if "postcode" not in reading.values:
        for _name, header, text in columns.all(POSTCODE_HOSTS):
            found = C.postcodes(text)
            if found:
                reading.put(
                    "postcode", found[-1].value, f"'{found[-1].phrase}' in column '{header}'"
                )
                break


def _links(columns: _Columns, reading: RowReading) -> None:
    """A conference link anywhere is the online way in; other links are the website."""
    for name, header, text in columns.all(LINK_HOSTS):
        for link in C.conference_links(text):
            reading.put("conference_url", link.value, _where(link.phrase, header, name))
        if not C.ZOOM_ID.search(text):
            continue
        zoom = C.zoom_meeting(text, _zoom_said(columns))
        if zoom:
            reading.put("conference_url", zoom.value, _where(zoom.phrase, header, name))
            code = C.passcode(text)
            if code:
                reading.put(
                    "conference_url_notes",
                    f"Passcode {code.value}",
                    _where(code.phrase, header, name),
                )
    for name, header, text in columns.all(WEB_HOSTS):
        for link in C.web_links(text):
            where = _where(link.phrase, header, name)
            if name == "conference_url" and "conference_url" not in reading.values:
                # A column that is only the online link: a platform we do not know by name
                # (a self-hosted Jitsi, BigBlueButton) is still the way to join.
                reading.put("conference_url", link.value, where)
            elif name in ("website", "conference_url") or "website" not in columns.texts:
                reading.put("website", link.value, where)
    for _header, text in columns.texts.get("conference_url", ()):
        if NO_WORDS.match(text):
            continue  # 'Online?' answered 'No'
        if "conference_url" not in reading.values and not C.web_links(text):
            reading.doubt("online link", text, "no web link in the online column")
    for _header, text in columns.texts.get("website", ()):
        if not (C.web_links(text) or C.conference_links(text)):
            reading.doubt("website", text, f"'{text}' is not a web address (http or https)")


def _zoom_said(columns: _Columns) -> bool:
    """Whether the row says Zoom anywhere: then a bare meeting id is a Zoom id."""
    return any(
        C.ZOOM_WORD.search(header) or C.ZOOM_WORD.search(text) for _, header, text in columns.all()
    )


def _dial_in(columns: _Columns, reading: RowReading) -> None:
    for header, text in columns.texts.get("conference_phone", ()):
        found = C.dial_in(text, whole_cell_is_dial_in=True)
        if found:
            reading.put("conference_phone", found.value, f"column '{header}'")
        else:
            reading.doubt("dial-in", text, "no phone number in it")
    for name, header, text in columns.all(DIAL_HOSTS):
        # A number in a column about joining online is a way to join by phone.
        found = C.dial_in(
            text, whole_cell_is_dial_in=name in ("conference_url", "conference_url_notes")
        )
        if found:
            reading.put("conference_phone", found.value, _where(text, header, name))
            code = C.passcode(text)
            if code:
                reading.put("conference_phone_notes", code.phrase, _where(text, header, name))


def _contacts(columns: _Columns, reading: RowReading) -> None:
    dial = reading.values.get("conference_phone")
    for name, target in (
        ("email", "email"),
        ("contact_email", "contact_email"),
        ("phone", "phone"),
        ("contact_phone", "contact_phone"),
    ):
        for header, text in columns.texts.get(name, ()):
            finder = C.emails if "email" in name else C.phones
            found = [f for f in finder(text) if f.value != dial]
            if found:
                reading.put(target, found[0].value, f"column '{header}'")
            elif not (dial and C.phones(text)):
                reading.doubt(name.replace("_", " "), text, f"no {target.split('_')[-1]} in it")
    for header, text in columns.texts.get("contact", ()):
        for found in C.emails(text)[:1]:
            reading.put("contact_email", found.value, _where(found.phrase, header, "contact"))
        for found in [f for f in C.phones(text) if f.value != dial][:1]:
            reading.put("contact_phone", found.value, _where(found.phrase, header, "contact"))


def _attendance(columns: _Columns, reading: RowReading) -> None:
    for name, header, text in columns.all(PLACE_FIELDS):
        if len(text) < 20 and ONLINE_PLACE.match(text):
            reading.values.pop(name, None)
            reading.sources.pop(name, None)
            reading.attendance_said = ("online", text)
            reading.sources["attendance"] = f"'{text}' in column '{header}'"
            return
    for name, header, text in columns.all(FREE_TEXT):
        said = C.attendance_phrase(text)
        if said:
            reading.attendance_said = said
            reading.sources["attendance"] = _where(said[1], header, name)
            return


def _schedule(columns: _Columns, reading: RowReading, today) -> None:
    day, time, end = (
        columns.joined("day", " "),
        columns.joined("time", " "),
        columns.joined("end_time", " "),
    )
    if not (day or time):
        return
    reading.schedule = read_schedule(day, time, end)
    if any(
        s.frequency == "fortnightly" and s.anchor_date is None for s in reading.schedule.sessions
    ) or _wants_anchor(reading.schedule):
        # only a fortnightly schedule needs a date from elsewhere in the row
        reading.schedule = read_schedule(day, time, end, _anchor(columns, today))
    _often_in_notes(columns, day or "", reading)
    heads = [h for n in ("day", "time", "end_time") for h, _ in columns.texts.get(n, ())]
    reading.sources["schedule"] = " + ".join(f"column '{h}'" for h in heads)
    for problem in reading.schedule.not_understood:
        reading.doubt(
            "schedule",
            " ".join(t for t in (day, time, end) if t),
            problem,
            "; ".join(reading.schedule.understood),
        )


def _wants_anchor(schedule) -> bool:
    return any("no date of one meeting" in problem for problem in schedule.not_understood)


def _often_in_notes(columns: _Columns, day: str, reading: RowReading) -> None:
    for _name, header, text in columns.all(NOTE_FIELDS):
        found = OFTEN_IN_NOTES.search(text)
        if found and all(s.frequency == "weekly" for s in reading.schedule.sessions):
            problem = f"column '{header}' says '{found.group(0)}' but the day says '{day}'"
            reading.schedule = replace(
                reading.schedule, not_understood=[*reading.schedule.not_understood, problem]
            )


def _anchor(columns: _Columns, today) -> dt.date | None:
    """A fortnightly meeting's date: an anchor column, the day/time cells, or a date that
    a note introduces with 'next', 'from', 'starting' ... (never the last-checked date)."""
    for _header, text in columns.texts.get("anchor", ()):
        found = anchor_in(text, today)
        if found:
            return found
    for name in ("day", "time"):
        for _header, text in columns.texts.get(name, ()):
            found = anchor_in(text, today)
            if found:
                return found
    for _name, _header, text in columns.all(NOTE_FIELDS):
        for match in re.finditer(ANCHOR_WORDS, text, re.I):
            found = anchor_in(text[match.end() : match.end() + 30], today)
            if found:
                return found
    return None


def _verified(columns: _Columns, reading: RowReading, today) -> None:
    found = columns.first("verified")
    if not found:
        return
    header, text = found
    try:
        date = read_date(text, today)
    except DateNotUnderstood as exc:
        reading.doubt("last checked", text, str(exc))
        return
    if date > (today or dt.date.today()) + dt.timedelta(days=1):
        reading.doubt("last checked", text, f"{date.isoformat()} is in the future")
        return
    reading.put("verified", date, f"column '{header}'")


def _where(phrase: str, header: str, name: str) -> str:
    return f"'{phrase}' in column '{header}'"
