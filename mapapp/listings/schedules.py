"""Schedules in plain words ("every 2nd Tuesday, 19:30–21:00") and in time: which day a
session falls on and when the next one starts, in Europe/London (GMT and BST) time."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..models import Schedule
from ..vocab import DAY_NAMES as DAYS

ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "2nd to last"}


def describe_times(schedule: Schedule) -> str:
    if schedule.start_time is None:
        return ""
    start = schedule.start_time.strftime("%H:%M")
    if schedule.end_time is None:
        return start
    return f"{start}–{schedule.end_time.strftime('%H:%M')}"


class Rule(NamedTuple):
    """What a schedule's words and sessions depend on, with a schedule's attribute names so
    the functions below read either. Results pages word the same few hundred rules ("every
    Tuesday, 19:30–21:00") thousands of times, and a fresh listing's next session was a
    walk through the calendar: both are remembered per rule (describe, next_session)."""

    weekday: int
    frequency: str
    nth: int | None
    anchor_date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    timezone: str | None


def rule_of(schedule: Schedule) -> Rule:
    return Rule(
        schedule.weekday,
        schedule.frequency,
        schedule.nth,
        schedule.anchor_date,
        schedule.start_time,
        schedule.end_time,
        schedule.valid_from,
        schedule.valid_to,
        # A sheet's schedule as read (ingest's ScheduleSpec) has none: London time.
        getattr(schedule, "timezone", None),
    )


def describe(schedule: Schedule) -> str:
    return _describe(rule_of(schedule))


@functools.lru_cache(maxsize=4096)
def _describe(schedule: Rule) -> str:
    day = DAYS[schedule.weekday]
    if schedule.frequency == "fortnightly":
        when = f"every other {day}"
        if schedule.anchor_date:
            when += f" (from {schedule.anchor_date:%d %b %Y})"
    elif schedule.frequency == "monthly":
        when = f"every {ORDINALS.get(schedule.nth, str(schedule.nth))} {day} of the month"
    else:
        when = f"every {day}"
    times = describe_times(schedule)
    return ", ".join(part for part in (when, times, describe_dates(schedule)) if part)


def describe_dates(schedule: Schedule) -> str:
    """'from 10 Feb 2026', 'until 26 Mar 2026', both, or '' for a schedule without dates."""
    dates = []
    if schedule.valid_from:
        dates.append(f"from {schedule.valid_from:%d %b %Y}")
    if schedule.valid_to:
        dates.append(f"until {schedule.valid_to:%d %b %Y}")
    return " ".join(dates)


def describe_all(schedules: list[Schedule]) -> list[str]:
    """In week order; on one day, a session without times comes before timed ones."""
    return [
        describe(s)
        for s in sorted(
            schedules, key=lambda s: (s.weekday, s.start_time or s.end_time or dt.time.min)
        )
    ]


# --- when does it next meet? ------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")
SEARCH_DAYS = 400  # far enough to reach any monthly or fortnightly session


def occurs_on(schedule: Schedule, day: dt.date) -> bool:
    """Does this schedule have a session on ``day`` (a local Europe/London date)?"""
    if day.weekday() != schedule.weekday:
        return False
    if (schedule.valid_from and day < schedule.valid_from) or (
        schedule.valid_to and day > schedule.valid_to
    ):
        return False
    if schedule.frequency == "fortnightly":
        # Without an anchor the right weeks are unknown; the listing is flagged for review
        # and shown as if weekly rather than hidden.
        return schedule.anchor_date is None or (day - schedule.anchor_date).days % 14 == 0
    if schedule.frequency == "monthly":
        if schedule.nth is None:
            return True
        if schedule.nth > 0:
            return (day.day - 1) // 7 + 1 == schedule.nth
        return (day + dt.timedelta(days=7 * -schedule.nth)).month != day.month
    return True


def session_times(schedule: Schedule, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Start and end on ``day`` as aware Europe/London datetimes (an hour if no end)."""
    zone = ZoneInfo(schedule.timezone or "Europe/London")
    start = dt.datetime.combine(day, schedule.start_time, tzinfo=zone)
    if schedule.end_time is None:
        return start, start + dt.timedelta(hours=1)
    end = dt.datetime.combine(day, schedule.end_time, tzinfo=zone)
    if end <= start:  # past midnight
        end += dt.timedelta(days=1)
    return start, end


def next_session(schedule: Schedule, now: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """The session in progress at ``now``, or else the next one (None: no time, or none)."""
    if schedule.start_time is None:
        return None
    today = now.astimezone(LONDON).date()
    upcoming = _upcoming(rule_of(schedule), today)
    found = next(((start, end) for start, end in upcoming if end > now), None)
    if found is None and len(upcoming) == _KEPT_SESSIONS:  # never met: see _upcoming
        return scan_sessions(schedule, today, now)
    return found


# Sessions of one schedule fall on its weekday, a week or more apart, and last less than a
# day; the first one from yesterday may have ended by now (yesterday's, today's), the second
# cannot have. So the first two, worked out once per rule and day, answer every moment of
# that day.
_KEPT_SESSIONS = 2


@functools.lru_cache(maxsize=8192)
def _upcoming(rule: Rule, today: dt.date) -> tuple:
    """The first _KEPT_SESSIONS sessions (start, end) scan_sessions would consider."""
    return tuple(itertools.islice(_sessions(rule, today), _KEPT_SESSIONS))


def scan_sessions(schedule, today: dt.date, now: dt.datetime):
    """The first session from ``today``'s window that has not ended at ``now``, or None."""
    return next(((start, end) for start, end in _sessions(schedule, today) if end > now), None)


def _sessions(schedule, today: dt.date):
    """A schedule's sessions in date order, from yesterday (one may run past midnight) over
    SEARCH_DAYS, or from its start date when that is ahead, however far."""
    if schedule.valid_to and schedule.valid_to < today - dt.timedelta(days=1):
        return  # ended
    first = max(today, schedule.valid_from) if schedule.valid_from else today
    for offset in range(-1, SEARCH_DAYS):
        day = first + dt.timedelta(days=offset)
        if occurs_on(schedule, day):
            yield session_times(schedule, day)


def next_of(schedules, now: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    return next_and_expiry(schedules, now)[0]


def next_and_expiry(schedules, now: dt.datetime):
    """next_of(schedules, now), and the first end among the schedules' next sessions:
    until then (on the same day) none of them changes (see listing_views.next_session_of)."""
    found = [s for s in (next_session(x, now) for x in schedules) if s is not None]
    if not found:
        return None, None
    return min(found), min(end for _start, end in found)


def when_label(session: tuple[dt.datetime, dt.datetime] | None, now: dt.datetime) -> str:
    """'in progress', 'starts in 40 min', 'today 19:30', 'tomorrow 10:00' or 'Tue 19:30'."""
    if session is None:
        return "by arrangement"
    start, end = session
    if start <= now < end:
        return "in progress"
    minutes = int((start - now).total_seconds() // 60)
    if minutes < 60:
        return f"starts in {max(minutes, 1)} min"
    return _day_label(start, now.astimezone(LONDON).date())


@functools.lru_cache(maxsize=4096)
def _day_label(start: dt.datetime, today: dt.date) -> str:
    # Remembered: the same few hundred session starts are labelled on every page of
    # results on a day, and formatting them took a tenth of an API request.
    local = start.astimezone(LONDON)
    if local.date() == today:
        return f"today {local:%H:%M}"
    if local.date() == today + dt.timedelta(days=1):
        return f"tomorrow {local:%H:%M}"
    if (local.date() - today).days < 7:
        return f"{local:%a %H:%M}"
    return f"{local:%a %d %b %H:%M}"
