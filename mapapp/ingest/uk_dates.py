"""Dates as written in the UK: '03/10/2026', '3/10/26', '3.10.26', '3 Oct 2026',
'3rd October 2026', 'Oct 2026', '2026-10-03', a spreadsheet's own date cell.

Day before month, always: '10/13/2026' is not a UK date and is refused, never read the
American way. A two-digit year is this century. A date that does not exist is refused.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february", "febuary"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary|uary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?\b")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
_WORDY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH}[\s,]*(\d{{4}}|\d{{2}})?\b", re.I
)
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# 'Oct 2026', 'Oct-26', "Oct '26": a two-digit year only after a dash or an apostrophe
# ('Oct 26' could be the 26th).
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:\s*(\d{{4}})|\s*[-'’/]\s*(\d{{2}}))\b", re.I)


_DAY_MONTH = re.compile(r"\s*(\d{1,2})[/.](\d{1,2})\s*")


class DateNotUnderstood(ValueError):
    """A date that cannot be read as a UK date; the message says why."""


def read_date(value, today: dt.date | None = None) -> dt.date:
    """One date from a cell. A month with no day ('Oct 2026') is the 1st of that month:
    the earliest it can mean, so a listing is never thought fresher than it is."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise DateNotUnderstood("no date given")
    found = find_dates(text, today)
    if found:
        return found[0][1]
    match = _DAY_MONTH.fullmatch(text)
    if match:  # '3/10': the day and month, in the year that puts it nearest today
        return _nearest_year(
            int(match.group(1)), int(match.group(2)), today or dt.date.today(), text
        )
    match = _MONTH_YEAR.search(text)
    if match:
        return _make(
            1, MONTHS[_month_key(match.group(1))], _year(match.group(2) or match.group(3)), text
        )
    raise DateNotUnderstood(f"'{text}' is not a date (write it as day/month/year, e.g. 03/10/2026)")


def find_dates(text: str, today: dt.date | None = None) -> list[tuple[str, dt.date]]:
    """Every readable date in free text, in order, as (phrase, date). A day-month with no
    year takes the year that puts it nearest to ``today``."""
    found = []
    for pattern, build in (
        (_ISO, _from_iso),
        (_NUMERIC, _from_numeric),
        (_WORDY, _from_wordy),
        (_MONTH_FIRST, _from_month_first),
    ):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e, _ in found):
                continue
            found.append(
                (match.start(), match.end(), (match.group(0).strip(), build(match, text, today)))
            )
    return [item for _, _, item in sorted(found, key=lambda f: f[0])]


def _from_iso(match, text, today):
    return _make(int(match.group(3)), int(match.group(2)), int(match.group(1)), text)


def _from_numeric(match, text, today):
    day, month = int(match.group(1)), int(match.group(3))
    if month > 12:
        raise DateNotUnderstood(
            f"'{match.group(0)}' is not a day/month/year date (month "
            f"{month}?): UK dates put the day first"
        )
    return _make(day, month, _year(match.group(4)), text)


def _from_wordy(match, text, today):
    month = MONTHS[_month_key(match.group(2))]
    day = int(match.group(1))
    if match.group(3):
        return _make(day, month, _year(match.group(3)), text)
    return _nearest_year(day, month, today or dt.date.today(), text)


def _from_month_first(match, text, today):
    return _make(int(match.group(2)), MONTHS[_month_key(match.group(1))], int(match.group(3)), text)


def _month_key(word: str) -> str:
    lowered = word.lower().rstrip(".")
    return lowered if lowered in MONTHS else lowered[:3]


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _make(day: int, month: int, year: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(f"'{text}' is not a real date") from None


def _nearest_year(day: int, month: int, today: dt.date, text: str) -> dt.date:
    options = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise DateNotUnderstood(f"'{text}' is not a real date")
    return min(options, key=lambda d: abs((d - today).days))
