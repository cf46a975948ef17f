"""Times of day as people write them in a sheet: '7pm', '7.30 p.m.', '19:30', 'noon',
'9:30-4:30', '10am till 2', '1930hrs'.

Every reading is either certain or refused. A bare hour with no am/pm is read the way
community listings use it: 1 to 5 is the afternoon (nobody meets at 3 in the morning),
9 to 12 is the morning or noon as written, and 6 to 8 could be either (a breakfast meeting
or an evening one), so it is refused unless the other end of a range, a leading zero or a
24-hour neighbour settles it. An end that would fall before its start is read on the
12-hour clock ('9-5' is 09:00-17:00).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# One clock time: hour, optional minutes after ':' or '.', optional meridiem or 'hrs'.
CLOCK = (
    r"(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?|(?P<hm>\d{4}))\s*"
    r"(?P<mer>a\.?\s?m\.?|p\.?\s?m\.?|hrs?|h\b|o'?clock)?"
)
_WORD_TIMES = (("midday", "12:00"), ("noon", "12:00"), ("midnight", "00:00"))
RANGE_WORD = r"\s*(?:-|–|—|to|till|til|'til|until|through)\s*"
_NOT_AFTER, _NOT_BEFORE = r"(?<![\d:.£/#\w])", r"(?![\d/:]|\.\d)"
_CLOCK_RE = re.compile(rf"{_NOT_AFTER}(?:{CLOCK}){_NOT_BEFORE}", re.I)
_RANGE_RE = re.compile(
    rf"{_NOT_AFTER}(?P<a>{CLOCK.replace('?P<', '?P<a')})"
    rf"{RANGE_WORD}(?P<b>{CLOCK.replace('?P<', '?P<b')}){_NOT_BEFORE}",
    re.I,
)
# Dates hold numbers that look like times ('09.01.26', '2026-01-09'): blanked out first.
_DATES = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}([/.-])\d{1,2}\1\d{2,4}\b"
    r"|\b\d{1,2}/\d{1,2}\b"
)
AMBIGUOUS_HOURS = range(6, 9)  # 6, 7, 8 without am/pm: morning or evening?


class TimeNotUnderstood(ValueError):
    """A time that cannot be read with certainty; the message says why."""


@dataclass(frozen=True)
class ClockSpan:
    start: dt.time
    end: dt.time | None
    phrase: str


@dataclass(frozen=True)
class _Part:
    hour: int
    minute: int
    meridiem: str | None  # 'am', 'pm', '24' (leading zero, 'hrs' or hour > 12) or None
    text: str


def words_to_clock(text: str) -> str:
    """'12 noon' and 'noon' -> '12:00'; 'midnight' -> '00:00'."""
    lowered = re.sub(r"\b12(?:[:.]00)?\s*(?:noon|midday)\b", "12:00", text.lower())
    for word, clock in _WORD_TIMES:
        lowered = re.sub(rf"\b{word}\b", clock, lowered)
    return lowered


def find_spans(text: str, part_of_day: str | None = None) -> list[ClockSpan]:
    """Every time or time range in free text, in order. Raises TimeNotUnderstood for a
    time it finds but cannot settle. ``part_of_day`` ('am' or 'pm', from words such as
    'evenings' or 'breakfast' beside the time) settles a 6, 7 or 8 with no am/pm."""
    lowered = _DATES.sub(lambda m: " " * len(m.group(0)), words_to_clock(text))
    spans, taken = [], []
    for match in _RANGE_RE.finditer(lowered):
        a, b = _part(match, "a"), _part(match, "b")
        if a and b and _plausible_range(a, b):
            a, b = _with_part_of_day(a, part_of_day), _with_part_of_day(b, None)
            spans.append((match.start(), _settle_range(a, b, match.group(0).strip())))
            taken.append(match.span())
    for match in _CLOCK_RE.finditer(lowered):
        if any(s <= match.start() < e for s, e in taken):
            continue
        part = _part(match, "")
        if part and _looks_like_time(part, lowered, match):
            part = _with_part_of_day(part, part_of_day)
            spans.append((match.start(), ClockSpan(_settle_single(part), None, part.text)))
    return [span for _, span in sorted(spans, key=lambda s: s[0])]


def read_clock(text: str) -> ClockSpan:
    """Exactly one time or range in the text, or TimeNotUnderstood."""
    spans = find_spans(text)
    if len(spans) != 1:
        raise TimeNotUnderstood(f"could not read one time from '{text}'")
    return spans[0]


def _part(match: re.Match, prefix: str) -> _Part | None:
    group = match.groupdict()
    if group[prefix + "hm"]:
        digits = group[prefix + "hm"]
        hour, minute = int(digits[:2]), int(digits[2:])
        meridiem = "24"
    else:
        hour, minute = int(group[prefix + "h"]), int(group[prefix + "m"] or 0)
        meridiem = None
        if group[prefix + "h"].startswith("0") and len(group[prefix + "h"]) == 2:
            meridiem = "24"
    mer = (group[prefix + "mer"] or "").lower().replace(".", "").replace(" ", "")
    if mer in ("am", "pm"):
        meridiem = mer
    elif mer.startswith("h"):
        meridiem = "24"
    if hour > 12 and meridiem not in ("am", "pm"):
        meridiem = "24"
    if hour > 23 or minute > 59 or (meridiem in ("am", "pm") and not 1 <= hour <= 12):
        return None
    text = match.group(prefix or 0) if prefix else match.group(0)
    return _Part(hour, minute, meridiem, text.strip())


def _looks_like_time(part: _Part, text: str, match: re.Match) -> bool:
    """A lone number is a time only with minutes, a meridiem or 'hrs': '2' in '2nd' or
    'Room 2' is not a time."""
    if part.meridiem in ("am", "pm") or match.group("m") or match.group("hm"):
        return not (
            match.group("hm")
            and not match.group("mer")
            and not re.search(r"\b(at|from)\s*$", text[: match.start()])
        )
    return bool(match.group("mer"))


def _with_part_of_day(part: _Part, part_of_day: str | None) -> _Part:
    """Only an hour that could be either (6 to 11) takes the hint: '2' is the afternoon
    whatever the words say, and 'evenings 10-12' stays as written."""
    if part_of_day is None or part.meridiem is not None or not 6 <= part.hour <= 11:
        return part
    return _Part(part.hour, part.minute, part_of_day, part.text)


def _plausible_range(a: _Part, b: _Part) -> bool:
    """'2-4' is a time range only next to other time signs; the caller gives us text
    that is about time, so two numbers joined by a dash are accepted."""
    return True


def _hour24(part: _Part) -> int:
    if part.meridiem == "pm":
        return part.hour % 12 + 12
    if part.meridiem == "am":
        return part.hour % 12
    return part.hour


def _settle_single(part: _Part) -> dt.time:
    if part.meridiem is not None:
        return dt.time(_hour24(part), part.minute)
    if 1 <= part.hour <= 5:
        return dt.time(part.hour + 12, part.minute)
    if part.hour in AMBIGUOUS_HOURS:
        raise TimeNotUnderstood(
            f"'{part.text}' could be morning or evening: write am/pm or the 24-hour time"
        )
    return dt.time(part.hour, part.minute)


def _settle_range(a: _Part, b: _Part, phrase: str) -> ClockSpan:
    if a.meridiem is None and b.meridiem in ("am", "pm"):
        a = _borrow_meridiem(a, b)
    end = dt.time(_hour24(b), b.minute) if b.meridiem else None
    if a.meridiem is not None:
        start = dt.time(_hour24(a), a.minute)
    elif b.meridiem is None and a.hour in AMBIGUOUS_HOURS and b.hour > a.hour and b.hour <= 12:
        raise TimeNotUnderstood(
            f"'{phrase}' could be morning or evening: write am/pm or the 24-hour times"
        )
    else:
        start = _settle_single(a) if a.hour not in AMBIGUOUS_HOURS else dt.time(a.hour, a.minute)
    if end is None:
        end = _settle_end(start, b)
    if end <= start and not (end == dt.time(0, 0)):
        raise TimeNotUnderstood(f"'{phrase}' ends before it starts")
    return ClockSpan(start, end, phrase)


def _borrow_meridiem(a: _Part, b: _Part) -> _Part:
    """'7-9pm': the end's pm applies to the start when that keeps the start first."""
    candidate = _Part(a.hour, a.minute, b.meridiem, a.text)
    start = (_hour24(candidate), a.minute)
    if start < (_hour24(b), b.minute):
        return candidate
    other = "am" if b.meridiem == "pm" else "pm"
    return _Part(a.hour, a.minute, other, a.text)  # '11-1pm' is 11am to 1pm


def _settle_end(start: dt.time, b: _Part) -> dt.time:
    """An end with no meridiem: as written if after the start, else on the 12-hour clock."""
    if (b.hour, b.minute) > (start.hour, start.minute) or b.meridiem == "24":
        return dt.time(b.hour, b.minute)
    if b.hour < 12 and (b.hour + 12, b.minute) > (start.hour, start.minute):
        return dt.time(b.hour + 12, b.minute)
    return dt.time(b.hour, b.minute)
