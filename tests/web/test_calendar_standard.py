"""Calendar files (RFC 5545) read back the way a calendar reads them: lines unfolded, TEXT
unescaped, each RRULE expanded from its DTSTART with python-dateutil. End dates give UNTIL
(in UTC, as the RFC requires beside a TZID start), start dates move DTSTART, descriptions say
the schedule in its own words, and stored text cannot add a line. Both backends."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import update

from mapapp.db import session_scope
from mapapp.models import Schedule
from tests.standards_listings import INJECTION

LONDON = ZoneInfo("Europe/London")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def read_calendar(body: str) -> list[dict[str, str]]:
    """The VEVENTs of a calendar as {property (with its parameters): value}, after checking
    the lines themselves: CRLF endings, at most 75 octets, no control characters."""
    assert body.endswith("\r\n")
    raw = body[:-2].split("\r\n")
    for line in raw:
        assert len(line.encode()) <= 75, line
        assert not _CONTROL.search(line), repr(line)
    lines = re.sub(r"\r\n[ \t]", "", body)[:-2].split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VCALENDAR") == 1 and lines.count("END:VCALENDAR") == 1
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            assert current is None, "an event inside an event"
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            assert name not in current, f"{name} twice in one event"
            current[name] = value
    assert current is None
    return events


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def occurrences(event: dict, limit: int = 400) -> list[dt.datetime]:
    """The sessions of an event, as a calendar expands them (at most ``limit``)."""
    start = dt.datetime.strptime(event["DTSTART;TZID=Europe/London"], "%Y%m%dT%H%M%S")
    rule = rrulestr("RRULE:" + event["RRULE"], dtstart=start.replace(tzinfo=LONDON))
    found = []
    for moment in rule:
        found.append(moment)
        if len(found) == limit:
            break
    return found


def _ics(site, name: str) -> list[dict]:
    response = site.client.get(f"/assets/{site.ids[name]}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return read_calendar(response.get_data(as_text=True))


def _set_end(site, name: str, end: dt.date) -> None:
    with session_scope(site.app.extensions["mapapp.engine"]) as session:
        session.execute(
            update(Schedule).where(Schedule.asset_id == site.ids[name]).values(valid_to=end)
        )


@pytest.mark.parametrize(
    "end, last, count",
    [
        (dt.date(2026, 3, 26), dt.datetime(2026, 3, 26, 18, 0), 12),  # a Thursday, in GMT
        (dt.date(2026, 7, 2), dt.datetime(2026, 7, 2, 18, 0), 26),  # in BST
        (dt.date(2026, 3, 25), dt.datetime(2026, 3, 19, 18, 0), 11),  # the day before a session
    ],
)
def test_an_end_date_ends_the_rule_on_its_last_session(standards_site, end, last, count):
    _set_end(standards_site, "Ending Thursday Group", end)
    [event] = _ics(standards_site, "Ending Thursday Group")
    assert re.search(r";UNTIL=\d{8}T\d{6}Z(;|$)", event["RRULE"]), event["RRULE"]
    sessions = occurrences(event)
    assert sessions[0] == dt.datetime(2026, 1, 8, 18, 0, tzinfo=LONDON)
    assert sessions[-1] == last.replace(tzinfo=LONDON) and len(sessions) == count


def test_an_ended_schedule_gives_no_event(standards_site):
    assert _ics(standards_site, "Ended Tuesday Group") == []


@pytest.mark.parametrize(
    "name, first",
    [
        ("Starting Saturday Group", dt.datetime(2026, 2, 14, 10, 0)),  # starts Tue 10 Feb
        ("Next Year Group", dt.datetime(2027, 6, 5, 10, 0)),  # 17 months ahead
    ],
)
def test_the_first_session_is_on_or_after_the_start_date(standards_site, name, first):
    [event] = _ics(standards_site, name)
    assert event["DTSTART;TZID=Europe/London"] == f"{first:%Y%m%dT%H%M%S}"
    assert occurrences(event, 2)[0] == first.replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    "name, rule, words, dates",
    [
        (
            "Sheffield Third Wednesday",
            "FREQ=MONTHLY;BYDAY=3WE",
            "every 3rd wednesday of the month, 19:00–20:30",
            [dt.date(2026, 1, 21), dt.date(2026, 2, 18), dt.date(2026, 3, 18)],
        ),
        (
            "Doncaster Fortnightly",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            "every other friday",
            [dt.date(2026, 1, 9), dt.date(2026, 1, 23), dt.date(2026, 2, 6)],
        ),
        (
            "Ending Thursday Group",
            "FREQ=WEEKLY;BYDAY=TH",
            "every thursday, 18:00–19:00",
            [dt.date(2026, 1, 8), dt.date(2026, 1, 15), dt.date(2026, 1, 22)],
        ),
    ],
)
def test_descriptions_say_the_schedule_in_its_own_words(standards_site, name, rule, words, dates):
    [event] = _ics(standards_site, name)
    assert event["RRULE"].startswith(rule)
    description = unescape(event["DESCRIPTION"])
    assert description.lower().startswith(words), description
    assert not re.search(r"\bon \w+days\b", description)  # not "Meeting on Wednesdays"
    assert [m.date() for m in occurrences(event, 3)] == dates


def test_an_end_date_is_in_the_words_too(standards_site):
    [event] = _ics(standards_site, "Ending Thursday Group")
    assert "26 Mar 2026" in unescape(event["DESCRIPTION"])


def _expected(text: str) -> str:
    """Stored text as a calendar shows it: line breaks as breaks, no control characters."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))


# Stored text is cleaned at every flush (control characters out, line breaks as LF), so the
# listing is stored, and found, under its cleaned name; the calendar must still escape it.
STORED = _expected(INJECTION)


def test_stored_text_cannot_add_a_line_to_a_listing_calendar(standards_site):
    response = standards_site.client.get(f"/assets/{standards_site.ids[STORED]}.ics")
    body = response.get_data(as_text=True)
    [event] = read_calendar(body)
    assert unescape(event["SUMMARY"]) == _expected(INJECTION)
    assert "Hall\nEND:VCALENDAR" in unescape(event["LOCATION"])
    assert "7 Side Street; Rear, Door" in unescape(event["LOCATION"])
    assert "01246 123456\nBEGIN:VEVENT" in unescape(event["DESCRIPTION"])
    unfolded = re.sub(r"\r\n[ \t]", "", body)
    assert not re.search(r"(^|\r\n)SUMMARY:Injected", unfolded)
    assert re.search(r"(^|\r\n)X-WR-CALNAME:Careful\\; Group\\, Chesterfield\\n", unfolded)


@pytest.mark.parametrize(
    "path",
    [
        "/districts/E07000034.ics",
        "/find.ics?near=S40+1LP",
        "/find.ics?near=S40+1LP&q=%0D%0ABEGIN:VEVENT%0D%0A",
    ],
)
def test_stored_text_cannot_add_a_line_to_a_subscribed_calendar(standards_site, path):
    response = standards_site.client.get(path)
    if "%0D" in path:  # a control character in the query is refused at the boundary
        assert response.status_code == 400 and "q" in response.get_data(as_text=True)
        return
    events = read_calendar(response.get_data(as_text=True))
    uids = [e["UID"] for e in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        occurrences(event, 3)  # every rule is one a calendar can expand
    if "q=" not in path:
        injected = [
            e for e in events if e["UID"].startswith(f"asset-{standards_site.ids[STORED]}-")
        ]
        assert len(injected) == 1
        assert unescape(injected[0]["SUMMARY"]) == _expected(INJECTION)
