"""Normalisers for values as navigators and feeds really write them.

Each returns the clean value, or raises ValueError with a reason a navigator can act on.
Days and times become ScheduleSpec values in the schedule model (weekday 0 = Monday).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

# --- postcodes -------------------------------------------------------------------------------

_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2})\b", re.I)


def postcode_in(address: str | None) -> str | None:
    """The last thing in an address that looks like a postcode ('…, Derby DE1 3GY, UK')."""
    found = _POSTCODE_IN_TEXT.findall(address or "")
    return found[-1] if found else None


# --- days and recurrence ---------------------------------------------------------------------

DAY_NAMES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
# Day names and their usual abbreviations ("Tues", "Thurs", "Weds"), never "month".
_DAY = r"(mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|rs|r|urday|s)?s?"
_DAY_WORD = re.compile(rf"\b{_DAY}\b")
_DAY_SPAN = re.compile(rf"\b{_DAY}\s*(?:-|–|to)\s*{_DAY}\b")
_DAILY = re.compile(r"\b(daily|every ?day|7 days)\b")
_WEEKDAYS = re.compile(r"\bweekdays?\b")
_WEEKENDS = re.compile(r"\bweekends?\b")
_FORTNIGHTLY = re.compile(r"fortnight|every (other|2 weeks|second week)|alternate|bi-?weekly")
_ORDINAL = {
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
}
_NTH = re.compile(r"\b(1st|first|2nd|second|3rd|third|4th|fourth|5th|fifth|last)\b")


@dataclass(frozen=True)
class Recurrence:
    weekday: int
    frequency: str = "weekly"
    nth: int | None = None
    anchor_date: dt.date | None = None


@lru_cache(maxsize=4096)
def days(value: str) -> tuple[Recurrence, ...]:
    """'Mon & Thu', 'Tuesdays', 'every 2nd Tuesday', 'fortnightly Friday',
    'last Friday of the month', 'Mon-Fri', 'weekdays', 'daily' -> recurrences."""
    text = str(value).strip().lower().replace("’", "'")
    if not text:
        raise ValueError("no day given")
    if _DAILY.search(text):
        return tuple(Recurrence(d) for d in range(7))
    if _WEEKDAYS.search(text) and not _DAY_WORD.search(text):
        return tuple(Recurrence(d) for d in range(5))
    if _WEEKENDS.search(text) and not _DAY_WORD.search(text):
        return (Recurrence(5), Recurrence(6))
    weekdays = _weekdays(text)
    if not weekdays:
        raise ValueError(f"could not read a day from '{value}'")
    frequency, nth = _frequency(text)
    anchor = _anchor_date(text) if frequency == "fortnightly" else None
    return tuple(Recurrence(d, frequency, nth, align_anchor(anchor, d)) for d in weekdays)


def _weekdays(text: str) -> list[int]:
    span = _DAY_SPAN.search(text)
    if span:
        first, last = DAY_NAMES[span.group(1)], DAY_NAMES[span.group(2)]
        return list(range(first, last + 1)) if first <= last else []
    found = []
    for match in _DAY_WORD.finditer(text):
        day = DAY_NAMES[match.group(1)]
        if day not in found:
            found.append(day)
    return found


def _frequency(text: str) -> tuple[str, int | None]:
    if _FORTNIGHTLY.search(text):
        return "fortnightly", None
    nth = _NTH.search(text)
    if nth and ("month" in text or "every" in text or "of" in text):
        return "monthly", _ORDINAL[nth.group(1)]
    if "monthly" in text or "month" in text:
        raise ValueError(f"'{text}' is monthly but does not say which week (e.g. '2nd Tuesday')")
    return "weekly", None


def _anchor_date(text: str) -> dt.date | None:
    match = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if match:
        return dt.date(*map(int, match.groups()))
    match = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b", text)  # UK order: d/m/y
    if match:
        day, month, year = map(int, match.groups())
        return dt.date(year + 2000 if year < 100 else year, month, day)
    return None


def align_anchor(anchor: dt.date | None, weekday: int) -> dt.date | None:
    """A fortnightly anchor must fall on the meeting's weekday: move forward to it."""
    if anchor is None:
        return None
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)


# --- times -----------------------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.I)
_RANGE = re.compile(r"\s*(?:-|–|—|to|until|till)\s*")


@lru_cache(maxsize=4096)
def times(value: str) -> tuple[dt.time | None, dt.time | None]:
    """'7pm', '7.30pm', '19:30', '7:30 PM', '19.30-21.00', 'noon', '7-9pm' -> (start, end)."""
    text = str(value).strip().lower().replace("midday", "12:00").replace("noon", "12:00")
    text = text.replace("midnight", "00:00")
    if not text:
        return None, None
    parts = _RANGE.split(text, maxsplit=1)
    start = _clock(parts[0], value)
    end = _clock(parts[1], value) if len(parts) > 1 and parts[1] else None
    if start and end:
        start, end = _share_meridiem(parts, start, end)
    return start, end


def _clock(part: str, original) -> dt.time:
    match = _TIME.fullmatch(part.strip())
    if not match:
        raise ValueError(f"could not read a time from '{original}'")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"'{original}' is not a time of day")
    return dt.time(hour, minute)


def _share_meridiem(parts, start: dt.time, end: dt.time):
    """'7-9pm': the pm on the end time applies to the start when that makes start < end."""
    start_has = re.search(r"[ap]\.?m", parts[0])
    end_pm = re.search(r"p\.?m", parts[1])
    if (
        not start_has
        and end_pm
        and start.hour < 12
        and start.hour + 12 < end.hour + (end.minute > 0)
    ):
        start = start.replace(hour=start.hour + 12)
    return start, end


# --- contact details -------------------------------------------------------------------------


def url(value: str) -> str:
    """http(s) only; a bare 'www.example.org' gets https://."""
    text = str(value).strip()
    if re.match(r"^www\.", text, re.I):
        text = "https://" + text
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.I):
        raise ValueError(f"'{value}' is not a web address (http or https)")
    return text


def phone(value: str) -> str:
    """UK numbers in the usual spacing: '01246 123456', '07700 900123', '0800 123 4567'."""
    text = str(value).strip()
    digits = re.sub(r"[^\d+]", "", text)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValueError(f"'{value}' is not a UK phone number")
    if digits.startswith(("07", "01", "02")) and len(digits) == 11:
        split = 3 if digits.startswith("02") else 5
        return f"{digits[:split]} {digits[split:]}"
    if digits.startswith("08") and len(digits) == 11:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return digits


def email(value: str) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValueError(f"'{value}' is not an email address")
    return text.lower()


def first_name(value: str) -> str:
    """Mutual-aid anonymity: 'John Smith' -> 'John', 'jane s.' -> 'Jane'."""
    words = re.findall(r"[A-Za-zÀ-ÿ'’-]+", str(value))
    if not words:
        raise ValueError(f"'{value}' is not a name")
    return "-".join(part[:1].upper() + part[1:].lower() for part in words[0].split("-"))


_SPACES = re.compile(r"\s+")


def text(value) -> str | None:
    """Collapse whitespace; empty becomes None."""
    if value is None:
        return None
    cleaned = _SPACES.sub(" ", str(value)).strip()
    return cleaned or None


# Kept as written however a name is shouted or whispered.
ACRONYMS = {
    a.upper(): a
    for a in (
        "AA",
        "NA",
        "CA",
        "CMA",
        "GA",
        "OA",
        "MA",
        "SMART",
        "CoDA",
        "LGBTQ",
        "LGBTQ+",
        "NHS",
        "BSL",
        "YMCA",
        "UK",
        "CAB",
        "DWP",
    )
}
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "at", "to", "a"}


def title_case(value: str) -> str:
    """Shouted or lower-case names become Title Case; mixed case is left as typed."""
    cleaned = text(value) or ""
    if not (cleaned.isupper() or cleaned.islower()):
        return cleaned
    words = []
    for index, word in enumerate(cleaned.split(" ")):
        bare = word.strip("()[],.").upper()
        if bare in ACRONYMS:
            words.append(word.upper().replace(bare, ACRONYMS[bare]))
        elif index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(re.sub(r"[a-z]", lambda m: m.group().upper(), word.lower(), count=1))
    return " ".join(words)
