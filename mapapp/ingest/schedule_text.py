"""A grammar for when something happens, as navigators write it.

    'Mon & Thu 7pm', 'Tues/Thurs', 'Mondays and Wednesdays 10-12', 'Mon–Fri 9-5',
    'weekdays', 'weekends', 'daily', '2nd Wednesday', 'second Weds of the month',
    'last Friday', '1st and 3rd Tuesday', 'fortnightly Fri (next 9/1/26)',
    'every other Monday', 'by appointment', 'drop in, ring first', 'Monday 10-12, Thursday 2-4'

The text is cut into words; each word is a day, a day range, an ordinal, a recurrence
word, a time, or filler ('and', 'of', 'the', 'every', 'each', 'month'). A word that is none
of these is *not understood* and the reading says so: a row with such a word is held for a
navigator rather than published with a guess. Weekday 0 is Monday.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .clock_text import TimeNotUnderstood, find_spans, words_to_clock
from .uk_dates import DateNotUnderstood, find_dates

DAY_WORDS: dict[str, int] = {}
for _number, _forms in enumerate(
    (
        ("mon", "monday", "mondays", "mo", "mons"),
        ("tue", "tues", "tuesday", "tuesdays", "tu", "tuesd", "tu."),
        ("wed", "weds", "wednesday", "wednesdays", "we", "wednes", "wedn", "wednsday"),
        ("thu", "thur", "thurs", "thursday", "thursdays", "th", "thrs", "thursd"),
        ("fri", "friday", "fridays", "fr", "fris"),
        ("sat", "saturday", "saturdays", "sa", "sats"),
        ("sun", "sunday", "sundays", "su", "suns"),
    )
):
    for _form in _forms:
        DAY_WORDS[_form] = _number
# Two-letter forms are days only in a list of days ('Mo/We/Fr'), never alone in a sentence.
_TWO_LETTER = {f for f in DAY_WORDS if len(f) == 2}
ORDINALS = {
    "1st": 1,
    "first": 1,
    "2nd": 2,
    "second": 2,
    "3rd": 3,
    "third": 3,
    "4th": 4,
    "fourth": 4,
    "5th": 5,
    "fifth": 5,
    "last": -1,
    "final": -1,
}
FILLER = {
    "and",
    "&",
    "+",
    "or",
    ",",
    "/",
    "of",
    "the",
    "every",
    "each",
    "month",
    "months",
    "monthly",
    "in",
    "on",
    "a",
    "at",
    "from",
    "starting",
    "start",
    "starts",
    "next",
    "week",
    "weekly",
    "night",
    "nights",
    "evening",
    "evenings",
    "morning",
    "mornings",
    "afternoon",
    "afternoons",
    "day",
    "only",
    "per",
    "meeting",
    "meets",
    "session",
    "sessions",
    "open",
    "times",
    "time",
    "s",
    "x",
    "(",
    ")",
    "-",
    ";",
    "also",
    "plus",
    "then",
    "is",
    "are",
    "be",
    "will",
    "usually",
    "lunchtime",
    "one",
    "until",
    "further",
    "notice",
    "ongoing",
    "all",
    "year",
    "round",
    "weeks",
    "eve",
    "eves",
    "w",
    "c",
    "wc",
    "commencing",
    "beginning",
    "begins",
    "breakfast",
}
# Words beside a time that say which half of the day a 6, 7 or 8 with no am/pm is in.
_EVENING = re.compile(r"\b(?:evening|evenings|eve|eves|night|nights|tonight|pm)\b")
_MORNING = re.compile(r"\b(?:morning|mornings|breakfast|am)\b")
_FORTNIGHTLY = re.compile(
    r"\bfortnight(?:ly)?\b|\bevery\s+(?:other|alternate|2(?:nd)?|"
    r"second|two)\s+weeks?\b|\bevery\s+other\b|\balternate\b|"
    r"\bbi-?weekly\b|\b2-?weekly\b|\bevery\s+2\s+weeks\b"
)
_NO_SESSION = re.compile(
    r"\bby\s+appo?intment\b|\bappointments?\s+only\b|\bappt\b|"
    r"\bring\s+(?:first|to\s+book|for\s+(?:times|details|an?\s+appointment))\b|"
    r"\bcall\s+(?:first|to\s+book|for\s+(?:times|details|an?\s+appointment))\b|"
    r"\bphone\s+(?:first|to\s+book|for\s+(?:times|details))\b|"
    r"\bdrop[\s-]?in\b|\bon\s+request\b|\bcontact\s+(?:us\s+)?to\s+book\b"
)
_ALL_DAYS = re.compile(
    r"\b(?:daily|every\s*day|7\s*days(?:\s*a\s*week)?|seven\s+days"
    r"(?:\s+a\s+week)?|mon(?:day)?\s*(?:-|–|to)\s*sun(?:day)?)\b"
)
_WEEKDAYS = re.compile(r"\bweek\s?days?\b|\bwk\s?days\b|\bworking\s+days\b")
_WEEKENDS = re.compile(r"\bweek\s?ends?\b|\bwk\s?e?nds\b")
# How people attend, said beside the day ('Wednesdays 6pm online'): read elsewhere.
_ATTENDANCE_WORDS = re.compile(
    r"\b(?:in[\s-]person|face[\s-]to[\s-]face|online|on\s+zoom|"
    r"via\s+zoom|zoom|virtual|hybrid|on\s+teams|teams)(?:\s+only)?\b"
)
_VAGUE = re.compile(
    r"\b(?:tbc|tba|varies|various|variable|ad\s*hoc|occasional(?:ly)?|"
    r"termly|term\s*time|seasonal|sometimes|some|most|usually\s+not|"
    r"ask|see\s+website|check)\b"
)
_RANGE_JOIN = {"-", "–", "—", "to", "through", "thru", "till", "until"}
# A number that is not a time or an ordinal ('every 4 weeks') is a token too, so that it
# is not understood rather than silently skipped.
_TOKEN = re.compile(r"\d{1,2}(?:st|nd|rd|th)\b|\d+|[a-z]+(?:'s)?|&|\+|[-–—/,;()]")


@dataclass(frozen=True)
class Session:
    weekday: int
    frequency: str = "weekly"  # weekly | fortnightly | monthly
    nth: int | None = None  # monthly: 1..5, or -1 for the last
    anchor_date: dt.date | None = None  # fortnightly: a date it happens on
    start: dt.time | None = None
    end: dt.time | None = None


@dataclass
class ScheduleReading:
    sessions: list[Session] = field(default_factory=list)
    no_session: str | None = None  # the phrase that says there is no fixed time
    not_understood: list[str] = field(default_factory=list)
    understood: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.not_understood


@dataclass
class _Group:
    """Days and times read together: 'Mon & Thu 7-9pm'."""

    days: list[int] = field(default_factory=list)
    ordinals: list[int] = field(default_factory=list)
    spans: list = field(default_factory=list)


def read_schedule(
    day_text: str | None,
    time_text: str | None = None,
    end_text: str | None = None,
    anchor: dt.date | None = None,
) -> ScheduleReading:
    """Read a day cell and a time cell (either may hold the other's part) and an optional
    end-time cell. ``anchor`` is a date found elsewhere in the row for a fortnightly one.
    Cached (sheets repeat their days and times thousands of times): the reading is shared,
    so a caller that wants to add to it makes a new one (dataclasses.replace)."""
    return _read_schedule(day_text, time_text, end_text, anchor)


@lru_cache(maxsize=8192)
def _read_schedule(day_text, time_text, end_text, anchor) -> ScheduleReading:
    reading = ScheduleReading()
    if end_text and time_text and str(end_text).strip() and not _has_range(str(time_text)):
        time_text, end_text = f"{time_text} - {end_text}", None  # one range, read together
    text = " ; ".join(t for t in (day_text, time_text) if t and str(t).strip())
    lowered = _clean(text)
    if not lowered:
        reading.not_understood.append("no day given")
        return reading
    no_session = _NO_SESSION.search(lowered)
    groups = _groups(lowered, reading)
    if not reading.complete:
        return reading
    if no_session and not any(g.days for g in groups):
        reading.no_session = no_session.group(0)
        reading.understood.append(f"'{no_session.group(0)}': no fixed session")
        return reading
    _to_sessions(groups, lowered, anchor or anchor_in(text), reading)
    if end_text and str(end_text).strip():
        _apply_end(str(end_text), reading)
    return reading


def _has_range(text: str) -> bool:
    return bool(re.search(r"\d\s*(?:[ap]\.?m\.?)?\s*(?:-|–|—|to|till|until)\s*\d", text.lower()))


@lru_cache(maxsize=8192)
def anchor_in(text: str | None, today: dt.date | None = None) -> dt.date | None:
    """The first date written in the text ('next 9/1/26', 'from 14 Jan 2026'), if any."""
    try:
        found = find_dates(str(text or ""), today)
    except DateNotUnderstood:
        return None
    return found[0][1] if found else None


def _clean(text: str) -> str:
    lowered = words_to_clock(str(text or "")).lower().replace("’", "'").strip()
    lowered = _ATTENDANCE_WORDS.sub(" ", lowered)
    lowered = _ALL_DAYS.sub(" mon - sun ", lowered)
    lowered = _WEEKDAYS.sub(" mon - fri ", lowered)
    return _WEEKENDS.sub(" sat & sun ", lowered)


def _groups(text: str, reading: ScheduleReading) -> list[_Group]:
    """Walk the words once: days and ordinals collect until a time closes the group."""
    if _VAGUE.search(text):
        reading.not_understood.append(
            f"'{_VAGUE.search(text).group(0)}' does not give a fixed day and time"
        )
        return []
    try:
        spans = find_spans(text, _part_of_day(text))
    except TimeNotUnderstood as exc:
        reading.not_understood.append(str(exc))
        return []
    masked = _mask(text, spans)
    return _walk(masked, spans, reading)


def _part_of_day(text: str) -> str | None:
    """'pm' for 'Tuesday evenings 7-9', 'am' for 'breakfast meeting 7.30'; None when the
    words say both or neither."""
    words = re.sub(r"\d\s*(?:am|pm)\b", " ", text)  # '7pm' is read with its own time
    evening, morning = bool(_EVENING.search(words)), bool(_MORNING.search(words))
    return "pm" if evening and not morning else "am" if morning and not evening else None


MARK = "\ue000"


def _mask(text: str, spans) -> str:
    """Replace each time phrase with a marker word (MARK + N) the walk can see in order. The
    mark is a private-use character, removed from the text first, so nothing typed (an '@1' in
    a note, say) can pose as a marker."""
    lowered = _blank_dates(text.replace(MARK, " "))
    position = 0
    for number, span in enumerate(spans):
        found = lowered.find(span.phrase, position)
        if found < 0:
            continue
        lowered = f"{lowered[:found]} {MARK}{number} {lowered[found + len(span.phrase) :]}"
        position = found + len(f" {MARK}{number} ")
    return _strip_phrases(lowered)


def _blank_dates(text: str) -> str:
    return re.sub(
        r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|"
        r"\b\d{1,2}([.-])\d{1,2}\1\d{2,4}\b|"
        r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|"
        r"sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{2,4})?\b",
        " ",
        text,
    )


def _strip_phrases(text: str) -> str:
    text = _FORTNIGHTLY.sub(" ", text)
    return _NO_SESSION.sub(" ", text)


def _walk(masked: str, spans, reading: ScheduleReading) -> list[_Group]:
    groups, current, previous_day = [], _Group(), None
    tokens = re.findall(MARK + r"\d+|" + _TOKEN.pattern, masked)
    for index, token in enumerate(tokens):
        if token.startswith(MARK):
            current.spans.append(spans[int(token[1:])])
            continue
        if (
            current.spans
            and (token in DAY_WORDS or token in ORDINALS)
            or (
                token in ORDINALS
                and current.days
                and current.ordinals
                and _last_word(tokens, index) in DAY_WORDS
            )
        ):
            # a day after a time, or '3rd Wednesday' after '1st Monday': a new group
            groups.append(current)
            current, previous_day = _Group(), None
        if token in DAY_WORDS and (token not in _TWO_LETTER or _in_day_list(tokens, index)):
            day = DAY_WORDS[token]
            if previous_day is not None and index >= 2 and tokens[index - 1] in _RANGE_JOIN:
                current.days.extend(_day_range(previous_day, day)[1:])
            elif day not in current.days:
                current.days.append(day)
            previous_day = day
        elif token in ORDINALS:
            current.ordinals.append(ORDINALS[token])
        elif token in FILLER or token in _RANGE_JOIN:
            continue
        else:
            reading.not_understood.append(f"'{token}' is not a day, time or how often")
    groups.append(current)
    return [g for g in groups if g.days or g.spans or g.ordinals]


def _last_word(tokens: list[str], index: int) -> str | None:
    """The last token before ``index`` that is not filler."""
    for token in reversed(tokens[:index]):
        if token not in FILLER and token not in _RANGE_JOIN:
            return token
    return None


def _in_day_list(tokens: list[str], index: int) -> bool:
    neighbours = tokens[max(0, index - 2) : index] + tokens[index + 1 : index + 3]
    return any(t in DAY_WORDS and t not in _TWO_LETTER or t in ("/", ",", "&") for t in neighbours)


def _day_range(first: int, last: int) -> list[int]:
    """'Fri-Mon' wraps round the weekend."""
    return [(first + step) % 7 for step in range((last - first) % 7 + 1)]


def _to_sessions(groups: list[_Group], text: str, anchor, reading: ScheduleReading) -> None:
    fortnightly = bool(_FORTNIGHTLY.search(text))
    monthly = bool(re.search(r"\bmonth(?:ly|s)?\b", text))
    shared_spans = [s for g in groups if not g.days for s in g.spans]
    if not any(g.days for g in groups):
        reading.not_understood.append("no day of the week given")
        return
    for index, group in enumerate(groups):
        if not group.days:
            if group.ordinals:
                reading.not_understood.append("a week of the month with no day")
            continue
        spans = group.spans or _following_spans(groups, index) or shared_spans or [None]
        if len(spans) > 1 and len(group.days) > 1:
            reading.not_understood.append("several days and several times: which goes with which?")
            return
        for day in group.days:
            for span in spans:
                reading.sessions.extend(
                    _sessions_for(day, group, span, fortnightly, anchor, reading, monthly)
                )
    _note_missing_times(reading)


def _following_spans(groups: list[_Group], index: int) -> list:
    """'1st Monday and 3rd Wednesday 7pm': a group with no time takes the next one's."""
    for later in groups[index + 1 :]:
        if later.spans:
            return later.spans
    return []


def _sessions_for(
    day: int,
    group: _Group,
    span,
    fortnightly: bool,
    anchor,
    reading: ScheduleReading,
    monthly: bool = False,
) -> list[Session]:
    start, end = (span.start, span.end) if span else (None, None)
    if monthly and not group.ordinals:
        reading.not_understood.append("monthly, but which week of the month? (e.g. '2nd Tuesday')")
        return []
    if group.ordinals:
        if fortnightly:
            reading.not_understood.append("both fortnightly and a week of the month")
            return []
        return [Session(day, "monthly", nth, None, start, end) for nth in group.ordinals]
    if fortnightly:
        aligned = align_anchor(anchor, day)
        if aligned is None:
            reading.not_understood.append(
                "fortnightly, but no date of one meeting is given (add e.g. 'next: 9 Jan')"
            )
        return [Session(day, "fortnightly", None, aligned, start, end)]
    return [Session(day, "weekly", None, None, start, end)]


def _note_missing_times(reading: ScheduleReading) -> None:
    if any(s.start is None for s in reading.sessions):
        reading.not_understood.append("no start time given")


def _apply_end(end_text: str, reading: ScheduleReading) -> None:
    """An end from its own column applies to the sessions that have none, on the 12-hour
    clock if as written it would fall before the start."""
    try:
        spans = find_spans(end_text)
    except TimeNotUnderstood as exc:
        reading.not_understood.append(f"end time: {exc}")
        return
    if len(spans) != 1 or spans[0].end is not None:
        bare = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*", end_text)
        if not bare:
            reading.not_understood.append(f"could not read an end time from '{end_text}'")
            return
        hour, minute = int(bare.group(1)), int(bare.group(2) or 0)
    else:
        hour, minute = spans[0].start.hour, spans[0].start.minute
    reading.sessions[:] = [_with_end(s, hour, minute, reading) for s in reading.sessions]


def _with_end(session: Session, hour: int, minute: int, reading: ScheduleReading) -> Session:
    if session.end is not None or session.start is None:
        return session
    end = (hour, minute)
    if end <= (session.start.hour, session.start.minute) and hour < 12:
        end = (hour + 12, minute)
    if end <= (session.start.hour, session.start.minute) or end[0] > 23:
        reading.not_understood.append("the end time is before the start")
        return session
    return Session(
        session.weekday,
        session.frequency,
        session.nth,
        session.anchor_date,
        session.start,
        dt.time(*end),
    )


def align_anchor(anchor: dt.date | None, weekday: int) -> dt.date | None:
    """A fortnightly anchor must fall on the meeting's weekday: the next such day on or
    after the date given."""
    if anchor is None:
        return None
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
