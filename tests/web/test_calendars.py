"""Subscribable calendars: /find.ics with the finder's query and /districts/<code>.ics, on
the hand-built listings (both backends): which sessions, stable UIDs, the refresh hint, the
name, the links from the pages, and clear errors."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import Asset, Schedule
from tests.conftest import make_test_app
from tests.publish.conftest import exports_db  # noqa: F401 — the hand-built listings

MONDAY_NOON = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def site(exports_db, engine_for):  # noqa: F811
    app = make_test_app(exports_db)
    app.config["CLOCK"] = lambda: MONDAY_NOON
    with session_scope(engine_for(exports_db)) as session:
        ids = {
            (name, weekday): (asset_id, schedule_id)
            for name, weekday, asset_id, schedule_id in session.execute(
                select(Asset.name, Schedule.weekday, Asset.id, Schedule.id).join(Schedule)
            )
        }
    yield app, app.test_client(), ids
    app.extensions["mapapp.engine"].dispose()


def _events(text: str) -> list[dict]:
    unfolded = text.replace("\r\n ", "")
    return [
        dict(line.split(":", 1) for line in block.strip().split("\r\n"))
        for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S)
    ]


def test_a_search_as_a_calendar(site):
    app, client, ids = site
    response = client.get("/find.ics?near=S40 1LP&radius_km=5")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert "X-WR-CALNAME:Recovery support near S40 1LP\r\n" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text
    assert "X-PUBLISHED-TTL:PT12H\r\n" in text
    events = _events(text)
    # Nearest first: the walk (at the postcode's centre), AA 67 m east (Tuesday, Friday);
    # the safe house has no sessions; the online group follows; Buxton is 30 km away.
    assert [(e["SUMMARY"], e["RRULE"]) for e in events] == [
        ("Recovery Walk", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"),
        ("Chesterfield Tuesday AA", "FREQ=WEEKLY;BYDAY=TU"),
        ("Chesterfield Tuesday AA", "FREQ=WEEKLY;BYDAY=FR"),
        ("Online Night Owls", "FREQ=WEEKLY;BYDAY=MO"),
    ]
    aa, sid = ids[("Chesterfield Tuesday AA", 1)]
    assert events[1]["UID"] == f"asset-{aa}-schedule-{sid}@localhost"
    assert events[1]["DTSTART;TZID=Europe/London"] == "20260106T193000"
    assert events[0]["DTSTART;TZID=Europe/London"] == "20260110T100000"  # the anchor week
    assert events[1]["URL"] == f"http://localhost/assets/{aa}"


def test_uids_are_stable_from_one_fetch_to_the_next(site):
    app, client, _ids = site
    first = [e["UID"] for e in _events(client.get("/find.ics?near=S40 1LP").get_data(as_text=True))]
    app.config["CLOCK"] = lambda: MONDAY_NOON + dt.timedelta(days=9)
    again = [e["UID"] for e in _events(client.get("/find.ics?near=S40 1LP").get_data(as_text=True))]
    assert first == again and len(first) == 4


def test_filters_narrow_the_calendar(site):
    _app, client, _ids = site
    text = client.get("/find.ics?near=S40 1LP&kind=activity").get_data(as_text=True)
    assert [e["SUMMARY"] for e in _events(text)] == ["Recovery Walk"]


def test_a_district_as_a_calendar(site):
    _app, client, _ids = site
    text = client.get("/districts/E07000034.ics").get_data(as_text=True)
    assert "X-WR-CALNAME:Recovery support in Chesterfield\r\n" in text
    assert sorted(e["SUMMARY"] for e in _events(text)) == [
        "Chesterfield Tuesday AA",
        "Chesterfield Tuesday AA",
        "Recovery Walk",
    ]
    peak = _events(client.get("/districts/E07000037.ics").get_data(as_text=True))
    assert [(e["SUMMARY"], e["RRULE"], e["DTSTART;TZID=Europe/London"]) for e in peak] == [
        ("Buxton Recovery Café", "FREQ=MONTHLY;BYDAY=2WE", "20260114T130000")
    ]


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/find.ics?day=funday", 400, "&#39;funday&#39; is not a valid day"),
        ("/find.ics?radius_km=500", 400, "a number from 0.1 to 100.0"),
        ("/find.ics?near=DE99 9XX", 404, "The postcode DE99 9XX was not found"),
        ("/districts/E99999999.ics", 404, "There is no district with the code"),
    ],
)
def test_bad_queries_say_what_to_do(site, path, status, message):
    _app, client, _ids = site
    response = client.get(path)
    assert response.status_code == status and message in response.get_data(as_text=True)


def test_the_pages_link_their_calendars(site):
    _app, client, _ids = site
    results = client.get("/find?near=S40+1LP&kind=meeting").get_data(as_text=True)
    assert 'href="/find.ics?near=S40+1LP&amp;kind=meeting"' in results
    gaps = client.get("/gaps").get_data(as_text=True)
    assert 'href="/districts/E07000034.ics"' in gaps
    briefing = client.get("/gaps/E07000034").get_data(as_text=True)
    assert 'href="/districts/E07000034.ics"' in briefing
