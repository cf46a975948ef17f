"""The Meeting Guide feed: the schema written from the spec, the values of a hand-built set
of listings, private contacts, and a round trip back through the importer (both backends)."""

import datetime as dt
import json
import re

import jsonschema
import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import Asset, Venue
from mapapp.publish.meeting_guide import approximate
from tests.conftest import PROJECT_ROOT, make_test_app
from tests.ingest.conftest import assets_by_name, ingest  # noqa: F401 — a fresh database
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

SCHEMA = json.loads(
    (PROJECT_ROOT / "tests" / "data" / "schemas" / "meeting_guide.schema.json").read_text()
)


def _feed(url):
    app = make_test_app(url)
    response = app.test_client().get("/feeds/meeting-guide.json")
    page = app.test_client().get("/").get_data(as_text=True)
    app.extensions["mapapp.engine"].dispose()
    return response, page


def test_the_feed_follows_the_spec_and_says_each_meeting_truly(fixture_db):  # noqa: F811
    response, page = _feed(fixture_db)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert (
        '<link rel="alternate" type="application/json" title="Meetings Feed" '
        'href="/feeds/meeting-guide.json">'
    ) in page
    feed = response.get_json()
    jsonschema.validate(feed, SCHEMA)
    by_name = {m["name"]: m for m in feed}
    assert "Walking Group" not in by_name  # an activity, not a meeting
    assert len({m["slug"] for m in feed}) == len(feed)

    monday = by_name["Monday AA"]  # mapapp Monday (0) is Meeting Guide 1; Sunday is 0
    assert (monday["day"], monday["time"], monday["end_time"]) == (1, "19:30", "20:30")
    assert (monday["approximate"], monday["postal_code"], monday["regions"][0]) == (
        "no",
        "S40 1LP",
        "Derbyshire",
    )
    assert re.fullmatch(r"http://localhost/assets/\d+", monday["url"])
    women = by_name["Women's SMART"]
    assert (women["day"], women["time"]) == (3, "10:00") and {"W", "X"} <= set(women["types"])

    # Not expressible as weekly: no day or time, the schedule in words, the page for dates.
    fortnightly = by_name["Fortnightly Friday"]
    assert "day" not in fortnightly and "time" not in fortnightly
    assert fortnightly["notes"].startswith("Every other Friday (from 09 Jan 2026), 20:00–21:00.")
    last_sunday = by_name["Last Sunday"]
    assert "day" not in last_sunday
    assert last_sunday["notes"].startswith("Every last Sunday of the month, 18:30–19:30.")

    online = by_name["Online Night Owls"]  # a point of affinity, marked approximate
    assert (online["formatted_address"], online["approximate"], online["day"], online["time"]) == (
        "Derbyshire, UK",
        "yes",
        1,
        "22:00",
    )
    assert online["conference_url"] == "https://zoom.us/j/1" and "latitude" not in online


def test_private_contacts_never_reach_the_feed(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        private = [
            a.contact_phone
            for a in session.scalars(
                select(Asset).where(
                    Asset.kind == "meeting",
                    Asset.contact_private.is_(True),
                    Asset.contact_phone.is_not(None),
                )
            )
        ]
    response, _page = _feed(demo_db)
    text = response.get_data(as_text=True)
    jsonschema.validate(response.get_json(), SCHEMA)
    assert private and not any(phone in text for phone in private)


def test_a_round_trip_through_the_importer_recreates_the_meetings(fixture_db, ingest, tmp_path):  # noqa: F811
    response, _page = _feed(fixture_db)
    path = tmp_path / "meetings.json"
    path.write_text(response.get_data(as_text=True))
    report = ingest(path, source="round-trip")
    assert report.rejected == 0 and report.format == "meeting-guide"
    again = assets_by_name(ingest.engine)
    original = response.get_json()
    for meeting in original:
        copy = again[meeting["name"]]
        assert copy.kind == "meeting"
        assert sorted(copy.types) == sorted(meeting["types"])
        if "day" in meeting:
            [schedule] = copy.schedules
            assert (schedule.weekday, schedule.start_time) == (
                (meeting["day"] - 1) % 7,
                dt.time.fromisoformat(meeting["time"]),
            )
        else:  # the appointment form: no day, the schedule kept in words
            assert copy.schedules == [] and copy.notes.startswith(meeting["notes"][:20])
        assert copy.conference_url == meeting.get("conference_url")
    women = again["Women's SMART"]  # its type codes came back as audience and access tags
    assert {("audience", "women"), ("accessibility", "wheelchair")} <= {
        (t.category, t.tag) for t in women.tags
    }


@pytest.mark.parametrize(
    "code, tag",
    [
        ("W", ("audience", "women")),
        ("BSL", ("audience", "bsl")),
        ("UK", ("audience", "ukr")),
        ("HL", ("accessibility", "hearing-loop")),
    ],
)
def test_type_codes_are_the_importers_table_read_backwards(code, tag):
    from mapapp.publish.meeting_guide import TYPE_CODES

    assert TYPE_CODES[tag] == code


@pytest.mark.parametrize(
    ("precision", "address", "expected"),
    [
        ("exact", None, "no"),  # placed by a navigator
        ("postcode", "12 Saltergate", "no"),  # a street address, the point its postcode
        ("place", "Church Hall, Main Street", "no"),
        ("postcode", None, "yes"),  # only a postcode: no door to find
        ("place", None, "yes"),  # only a town
        ("approximate", "Somewhere safe", "yes"),  # deliberately vague (a safe house)
    ],
)
def test_approximate_only_when_no_door_can_be_found(precision, address, expected):
    assert approximate(Venue(precision=precision, address=address)) == expected
