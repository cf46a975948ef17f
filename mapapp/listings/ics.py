"""iCalendar (RFC 5545) for listings: one VEVENT per schedule, with its RRULE and a
VTIMEZONE for Europe/London so calendars keep 19:30 at 19:30 across GMT and BST."""

from __future__ import annotations

import datetime as dt
import re

from ..models import Asset, Schedule
from ..vocab import ICAL_DAYS
from .schedules import LONDON, describe, next_session

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # TEXT allows none but HTAB (3.3.11)


def escape(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped; every line
    break (CRLF, or a bare CR or LF) written as \\n and other control characters left out,
    so that no stored text can end a property or start another."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _LINE_BREAK.sub("\\\\n", value))


def fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (3.1)."""
    data, parts = line.encode(), []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = data[cut:]
    parts.append(data.decode())
    return [parts[0]] + [" " + p for p in parts[1:]]


def rrule(schedule: Schedule) -> str:
    day = ICAL_DAYS[schedule.weekday]
    if schedule.frequency == "fortnightly":
        rule = f"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    elif schedule.frequency == "monthly" and schedule.nth:
        rule = f"RRULE:FREQ=MONTHLY;BYDAY={schedule.nth}{day}"
    else:
        rule = f"RRULE:FREQ=WEEKLY;BYDAY={day}"
    return rule + (f";UNTIL={_until(schedule.valid_to)}" if schedule.valid_to else "")


def _until(last_day: dt.date) -> str:
    """The end of the schedule's last day: beside a DTSTART with a TZID the RFC wants UNTIL
    in UTC (3.3.10), so the last moment of that Europe/London day, in UTC."""
    end = dt.datetime.combine(last_day, dt.time(23, 59, 59), tzinfo=LONDON)
    return f"{end.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y%m%dT%H%M%S")


def events(asset: Asset, now: dt.datetime, base_url: str, host: str) -> list[str]:
    lines = []
    where = (
        ", ".join(
            p
            for p in (asset.venue.name, asset.venue.address, asset.venue.town, asset.venue.postcode)
            if p
        )
        if asset.venue
        else (asset.conference_url or "Online")
    )
    for schedule in asset.schedules:
        first = next_session(schedule, now)
        if first is None:
            continue
        start, end = first
        lines += [
            "BEGIN:VEVENT",
            f"UID:asset-{asset.id}-schedule-{schedule.id}@{host}",
            f"DTSTAMP:{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
            f"DTSTART;TZID=Europe/London:{_local(start)}",
            f"DTEND;TZID=Europe/London:{_local(end)}",
            rrule(schedule),
            f"SUMMARY:{escape(asset.name)}",
            f"LOCATION:{escape(where)}",
            f"DESCRIPTION:{escape(_description(asset, schedule))}",
            f"URL:{base_url}",
            "END:VEVENT",
        ]
    return lines


def _description(asset: Asset, schedule: Schedule) -> str:
    words = describe(schedule)  # the schedule's own words: "every 3rd Wednesday of the month"
    parts = [words[:1].upper() + words[1:]]
    if asset.conference_url:
        parts.append(f"Join online: {asset.conference_url}")
    if asset.conference_phone:
        parts.append(f"Dial in: {asset.conference_phone}")
    return "\n".join(parts)


def calendar(
    assets: list[tuple[Asset, str]],
    now: dt.datetime,
    host: str,
    name: str = "Recovery asset map",
    refresh: dt.timedelta | None = None,
    source: str | None = None,
) -> str:
    """A VCALENDAR with every schedule of every (asset, page URL) given. A subscribed feed
    gives ``refresh`` (how often a calendar should fetch it again: RFC 7986
    REFRESH-INTERVAL, and X-PUBLISHED-TTL, which Outlook and Apple read) and its URL."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mapapp//recovery asset map//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"NAME:{escape(name)}",
    ]
    if refresh is not None:
        duration = _duration(refresh)
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{duration}", f"X-PUBLISHED-TTL:{duration}"]
    if source:
        lines.append(f"SOURCE;VALUE=URI:{source}")
    lines += VTIMEZONE
    for asset, url in assets:
        lines += events(asset, now, url, host)
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in fold(line)) + "\r\n"


def _duration(interval: dt.timedelta) -> str:
    """A whole number of hours as an RFC 5545 duration: 12 hours -> PT12H."""
    return f"PT{max(1, int(interval.total_seconds() // 3600))}H"
