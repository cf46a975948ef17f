"""The listing editor's form: strings in, snapshot values and messages out (case tables)."""

import pytest
from werkzeug.datastructures import MultiDict

from mapapp.listings import form as listing_form

GOOD = {"name": "Hope Group", "kind": "meeting", "status": "active", "domains": "twelve-step"}


def _parse(**changes):
    data = MultiDict({**GOOD, **changes})
    return listing_form.parse(data)


def form_data(raw: dict) -> MultiDict:
    """A form's strings (listing_form.from_snapshot) as the browser would submit them."""
    data = MultiDict()
    for name, value in raw.items():
        if name == "schedules":
            for index, row in enumerate(value):
                for part in listing_form.SCHEDULE_PARTS:
                    data.add(f"schedule-{index}-{part}", row[part])
        elif isinstance(value, list):
            for item in value:
                data.add(name, item)
        elif isinstance(value, bool):
            if value:
                data.add(name, "1")
        else:
            data.add(name, value)
    return data


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            {"frequency": "weekly", "weekday": "0", "start": "19:30", "end": "21:00"},
            [0, "weekly", None, None, "19:30", "21:00"],
        ),
        (
            {"frequency": "weekly", "weekday": "6", "start": "9:05"},
            [6, "weekly", None, None, "09:05", None],
        ),
        ({"frequency": "weekly", "weekday": "2"}, [2, "weekly", None, None, None, None]),
        (
            {"frequency": "monthly", "weekday": "1", "nth": "2", "start": "19:00"},
            [1, "monthly", 2, None, "19:00", None],
        ),
        (
            {"frequency": "monthly", "weekday": "4", "nth": "-1", "start": "18:30", "end": "20:00"},
            [4, "monthly", -1, None, "18:30", "20:00"],
        ),
        # 9 January 2026 is a Friday (weekday 4).
        (
            {"frequency": "fortnightly", "weekday": "4", "anchor": "2026-01-09", "start": "20:00"},
            [4, "fortnightly", None, "2026-01-09", "20:00", None],
        ),
        # an nth or anchor left over from another frequency is ignored
        (
            {"frequency": "weekly", "weekday": "3", "nth": "2", "anchor": "2026-01-08"},
            [3, "weekly", None, None, None, None],
        ),
    ],
)
def test_schedule_rows(row, expected):
    assert listing_form.parse_schedule(row) == (expected, None)


@pytest.mark.parametrize(
    "row, message",
    [
        ({"frequency": "yearly", "weekday": "0"}, "choose weekly, fortnightly or monthly."),
        ({"frequency": "weekly", "weekday": ""}, "choose the day of the week."),
        ({"frequency": "weekly", "weekday": "7"}, "choose the day of the week."),
        (
            {"frequency": "weekly", "weekday": "0", "start": "7pm"},
            "give times as HH:MM on the 24-hour clock, e.g. 19:30.",
        ),
        (
            {"frequency": "weekly", "weekday": "0", "start": "24:00"},
            "give times as HH:MM on the 24-hour clock, e.g. 19:30.",
        ),
        (
            {"frequency": "weekly", "weekday": "0", "end": "21:00"},
            "give the start time as well as the end time.",
        ),
        (
            {"frequency": "weekly", "weekday": "0", "start": "19:00", "end": "19:00"},
            "the end time must differ from the start time.",
        ),
        (
            {"frequency": "monthly", "weekday": "0"},
            "choose which week of the month (1st to 5th, or last).",
        ),
        (
            {"frequency": "monthly", "weekday": "0", "nth": "6"},
            "choose which week of the month (1st to 5th, or last).",
        ),
        (
            {"frequency": "fortnightly", "weekday": "4"},
            "give the date of one session (YYYY-MM-DD), so we know which weeks.",
        ),
        (
            {"frequency": "fortnightly", "weekday": "4", "anchor": "2026-01-08"},
            "08 January 2026 is a Thursday: give a date on the session's day.",
        ),
    ],
)
def test_schedule_mistakes(row, message):
    assert listing_form.parse_schedule(row) == (None, message)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Give the listing a name"),
        ({"name": "x" * 201}, "name", "Keep this under 200 characters."),
        ({"kind": "party"}, "kind", "Choose what kind of listing this is."),
        ({"status": "archived"}, "status", "Choose whether the listing is active or inactive."),
        ({"domains": ""}, "domains", "Choose at least one domain"),
        ({"domains": "astrology"}, "domains", "Choose at least one domain"),
        ({"audience": "cats"}, "audience", "Choose from the list shown."),
        ({"accessibility": "lift"}, "accessibility", "Choose from the list shown."),
        ({"other_audience": "cy, uk"}, "other_audience", "Not 'uk'"),
        ({"other_audience": "Welsh speakers!"}, "other_audience", "Use short codes"),
        ({"types": "O, D;W"}, "types", "Give Meeting Guide codes separated by commas"),
        ({"website": "www.example.org"}, "website", "Give a full web address starting https://"),
        ({"conference_url": "javascript:alert(1)"}, "conference_url", "full web address"),
        ({"email": "nobody"}, "email", "does not look like an email address"),
        ({"contact_email": "a@b"}, "contact_email", "does not look like an email address"),
        ({"phone": "call Sam"}, "phone", "Give a phone number using digits"),
        ({"postcode": "XYZ"}, "postcode", "That is not a UK postcode"),
        ({"lon": "-74.0", "lat": "40.7"}, "location", "The point is not in Great Britain"),
        ({"lon": "east", "lat": "53"}, "location", "The point is not in Great Britain"),
        (
            {"schedule-0-weekday": "0", "schedule-0-start": "7pm"},
            "schedule-0",
            "Session 1: give times as HH:MM",
        ),
    ],
)
def test_each_mistake_has_its_message_on_its_field(changes, field, message):
    parsed = _parse(**changes)
    assert list(parsed.errors) == [field]
    assert message in parsed.errors[field]


def test_every_field_becomes_its_snapshot_value():
    data = MultiDict(
        [
            ("name", " Hope Group "),
            ("kind", "activity"),
            ("status", "inactive"),
            ("organisation", "Derby Recovery Network"),
            ("fellowship", "SMART Recovery"),
            ("types", "o, D"),
            ("description", "Peer support"),
            ("notes", "Ring the bell"),
            ("domains", "mutual-aid"),
            ("domains", "activities"),
            ("audience", "women"),
            ("other_audience", "CY, pl"),
            ("accessibility", "wheelchair"),
            ("other_accessibility", "quiet-room"),
            ("schedule-0-frequency", "monthly"),
            ("schedule-0-weekday", "6"),
            ("schedule-0-nth", "-1"),
            ("schedule-0-start", "18:30"),
            ("schedule-1-frequency", "weekly"),
            ("schedule-1-weekday", ""),  # an empty row
            ("schedule-2-frequency", "weekly"),
            ("schedule-2-weekday", "0"),
            ("schedule-2-start", "10:00"),
            ("schedule-2-end", "11:30"),
            ("venue_name", "St Mary's Hall"),
            ("address", "1 Church St"),
            ("town", "Belper"),
            ("postcode", "de56 1aa"),
            ("location_notes", "Side door"),
            ("lon", "-1.4812345678"),
            ("lat", "53.0234567"),
            ("precision", "exact"),
            ("conference_url", "https://meet.example.org/hope"),
            ("conference_url_notes", "ID 123"),
            ("conference_phone", "+44 20 7946 0000"),
            ("conference_phone_notes", "PIN 9"),
            ("website", "https://hope.example.org"),
            ("email", "hello@hope.example.org"),
            ("phone", "01773 000000"),
            ("contact_name", "Sam"),
            ("contact_email", "sam@example.org"),
            ("contact_phone", "07700 900000"),
        ]
    )
    parsed = listing_form.parse(data)
    assert parsed.errors == {}
    assert parsed.values == {
        "name": "Hope Group",
        "kind": "activity",
        "status": "inactive",
        "organisation": "Derby Recovery Network",
        "fellowship": "SMART Recovery",
        "types": ["D", "O"],
        "description": "Peer support",
        "notes": "Ring the bell",
        "domains": ["activities", "mutual-aid"],
        "tags": [
            "accessibility:quiet-room",
            "accessibility:wheelchair",
            "audience:cy",
            "audience:pl",
            "audience:women",
        ],
        "schedules": [
            [0, "weekly", None, None, "10:00", "11:30"],
            [6, "monthly", -1, None, "18:30", None],
        ],
        "venue_name": "St Mary's Hall",
        "address": "1 Church St",
        "town": "Belper",
        "postcode": "DE56 1AA",
        "location_notes": "Side door",
        "location": [-1.481235, 53.023457, "exact"],
        "conference_url": "https://meet.example.org/hope",
        "conference_url_notes": "ID 123",
        "conference_phone": "+44 20 7946 0000",
        "conference_phone_notes": "PIN 9",
        "website": "https://hope.example.org",
        "email": "hello@hope.example.org",
        "phone": "01773 000000",
        "contact_name": "Sam",
        "contact_email": "sam@example.org",
        "contact_phone": "07700 900000",
        "contact_private": False,
    }
    # ...and the snapshot shown again in the form parses back to the same values.
    again = listing_form.parse(form_data(listing_form.from_snapshot(parsed.values)))
    assert again.errors == {} and again.values == parsed.values


def test_no_point_and_a_lookup():
    assert _parse(lon="-1.5", lat="53.0", no_location="1").values["location"] is None
    assert _parse().values["location"] is None
    looked = _parse(lookup=" DE1 3GY ")
    assert looked.lookup == "DE1 3GY" and looked.values["location"] is None
    kept = _parse(lon="-1.5", lat="53.0", precision="postcode").values["location"]
    assert kept == [-1.5, 53.0, "postcode"]  # an untouched point keeps its precision


def test_blank_rows_follow_the_listing_own_rows():
    raw = listing_form.from_snapshot({"schedules": [[1, "weekly", None, None, "19:00", None]]})
    rows = listing_form.with_blank_rows(raw)
    assert [(r["index"], r["weekday"]) for r in rows] == [(0, "1"), (1, ""), (2, "")]
    assert listing_form.blank()["contact_private"] is True
