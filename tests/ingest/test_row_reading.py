"""A row read by its headers' words and by what each cell holds, with where each value
came from and every doubt; random rows never crash and are read fully or doubted."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp.ingest.row_reading import read_row

TODAY = dt.date(2026, 12, 4)


def times(reading):
    return [
        (
            s.weekday,
            s.frequency,
            s.nth,
            s.anchor_date,
            s.start and s.start.strftime("%H:%M"),
            s.end and s.end.strftime("%H:%M"),
        )
        for s in reading.schedule.sessions
    ]


def test_a_link_in_a_two_field_column_is_the_way_to_attend():
    reading = read_row(
        [
            ("Group name", "Tues Night AA"),
            ("Day", "2nd Wednesday"),
            ("Time", "9:30-4:30"),
            ("Website / Zoom", "meet.google.com/abc-defg-hij"),
            ("Notes", "Women only. Hybrid"),
            ("Last checked", "3rd Oct 2026"),
        ],
        TODAY,
    )
    assert reading.values["conference_url"] == "https://meet.google.com/abc-defg-hij"
    assert "website" not in reading.values
    assert reading.sources["conference_url"] == (
        "'meet.google.com/abc-defg-hij' in column 'Website / Zoom'"
    )
    assert times(reading) == [(2, "monthly", 2, None, "09:30", "16:30")]
    assert reading.attendance_said == ("hybrid", "Hybrid")
    assert [t.tag for t in reading.tags] == ["women"]
    assert reading.values["verified"] == dt.date(2026, 10, 3)
    assert reading.doubts == []


def test_a_dial_in_in_the_contact_column_and_an_anchor_in_the_notes():
    reading = read_row(
        [
            ("Name", "Friday Step"),
            ("Day / time", "Fortnightly Fri 7.30pm"),
            ("Notes", "next 9/1/26; online only"),
            ("Contact", "Dial in 0203 481 5237 PIN 123456#"),
        ],
        TODAY,
    )
    assert reading.values["conference_phone"] == "02034815237"
    assert reading.values["conference_phone_notes"] == "PIN 123456#"
    assert "contact_phone" not in reading.values
    assert times(reading) == [(4, "fortnightly", None, dt.date(2026, 1, 9), "19:30", None)]
    assert reading.attendance_said == ("online", "online only")


def test_a_zoom_id_with_no_link_and_an_end_from_its_own_column():
    reading = read_row(
        [
            ("Meeting", "Evening group"),
            ("When", "Mon & Thu"),
            ("Start", "7pm"),
            ("Finish", "9"),
            ("Online link (Zoom/Teams)", "Zoom ID 812 3456 7890 passcode 1234"),
            ("Who is it for", "Family and friends"),
        ],
        TODAY,
    )
    assert reading.values["conference_url"] == "https://zoom.us/j/81234567890"
    assert reading.values["conference_url_notes"] == "Passcode 1234"
    assert times(reading) == [
        (0, "weekly", None, None, "19:00", "21:00"),
        (3, "weekly", None, None, "19:00", "21:00"),
    ]
    assert [t.tag for t in reading.tags] == ["family-friends"]
    assert reading.sources["schedule"] == "column 'When' + column 'Start' + column 'Finish'"


def test_online_as_the_venue_is_no_place():
    reading = read_row(
        [
            ("Name", "Belper Online SMART"),
            ("When", "Wednesdays 6pm online"),
            ("Where", "Online"),
            ("Contact", "Link: meet.google.com/xyz-abcd-efg"),
        ]
    )
    assert "venue" not in reading.values
    assert reading.attendance_said == ("online", "Online")
    assert reading.values["conference_url"] == "https://meet.google.com/xyz-abcd-efg"


def test_a_postcode_inside_an_address_cell():
    reading = read_row([("Name", "x"), ("Address", "Field Lane, Belper DE56 1BZ")])
    assert reading.values["postcode"] == "DE56 1BZ"
    assert reading.sources["postcode"] == "'DE56 1BZ' in column 'Address'"


def test_doubts_say_the_phrase_and_what_was_not_understood():
    reading = read_row(
        [
            ("Name", "Hope Valley Walk"),
            ("Day", "Saturday"),
            ("Time", "10.30am"),
            ("Notes", "Meets fortnightly"),
            ("Date checked", "10/13/2026"),
        ],
        TODAY,
    )
    described = [d.describe() for d in reading.doubts]
    assert described == [
        "schedule 'Saturday 10.30am': column 'Notes' says 'fortnightly' but the day says "
        "'Saturday'",
        "last checked '10/13/2026': '10/13/2026' is not a day/month/year date (month 13?): "
        "UK dates put the day first",
    ]


def test_a_future_last_checked_date_is_a_doubt():
    reading = read_row([("Name", "x"), ("Verified", "01/01/2027")], TODAY)
    assert [d.not_understood for d in reading.doubts] == ["2027-01-01 is in the future"]


def test_spreadsheet_cells_as_excel_gives_them():
    reading = read_row(
        [
            ("Activity", "Swim"),
            ("Frequency", "Fridays"),
            ("Start", dt.time(7, 0)),
            ("End", dt.time(8, 0)),
            ("Updated", dt.datetime(2026, 10, 14)),
        ],
        TODAY,
    )
    assert times(reading) == [(4, "weekly", None, None, "07:00", "08:00")]
    assert reading.values["verified"] == dt.date(2026, 10, 14)


HEADERS = [
    "Group name",
    "Day",
    "Time",
    "Finish",
    "Venue",
    "Postcode",
    "Website / Zoom",
    "Notes",
    "Last checked",
    "When",
    "Day(s) & time",
    "Dial in",
    "Contact",
    "Cost",
    "Who is it for",
    "Type",
    "Next date",
    "Address",
]
WORDS = [
    "Monday",
    "Tues",
    "2nd",
    "last",
    "fortnightly",
    "every other",
    "7pm",
    "7-9",
    "9:30",
    "noon",
    "till",
    "-",
    "&",
    "/",
    "by appointment",
    "online only",
    "hybrid",
    "DE4 3AG",
    "SK23 OHS",
    "zoom.us/j/123",
    "meet.google.com/a-b-c",
    "PIN 1234",
    "0203 481 5237",
    "3/10/26",
    "Oct 2026",
    "women",
    "no",
    "wheelchair",
    "TBC",
    "12.30",
    "of the month",
    "Mon-Fri",
    "weekdays",
    "drop in",
    ",",
    "(",
    ")",
    "1930hrs",
    "13/13/2026",
    "O",
    "£5",
]
cells = st.lists(
    st.tuples(
        st.sampled_from(HEADERS),
        st.one_of(
            st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
            st.text(max_size=30),
            st.none(),
            st.integers(),
            st.floats(allow_nan=True),
            st.times(),
            st.dates(),
        ),
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(cells)
def test_random_rows_never_crash_and_are_read_fully_or_doubted(row):
    reading = read_row(row, TODAY)
    if reading.schedule is not None and not reading.doubts:
        assert reading.schedule.complete
        assert reading.schedule.no_session or reading.schedule.sessions
        assert all(s.start is not None for s in reading.schedule.sessions)
        assert all(s.frequency != "fortnightly" or s.anchor_date for s in reading.schedule.sessions)
        assert all(s.end is None or s.end > s.start for s in reading.schedule.sessions)
    for name in reading.values:
        assert name in reading.sources  # every value says where it came from


@pytest.mark.parametrize(
    "cells, status, doubt",
    [
        ([("Status", "Closed")], "inactive", None),
        ([("Status", "Suspended until further notice")], "inactive", None),
        ([("Status", "Active")], None, None),
        ([("Running?", "Yes")], None, None),
        ([("Status", "maybe")], None, "not a status this importer knows"),
        ([("Notes", "Suspended until further notice")], None, "says 'Suspended'"),
        ([("Notes", "Temporarily closed for repairs")], None, "says 'Temporarily closed'"),
        ([("Notes", "Closed meeting (for alcoholics only)")], None, None),
        ([("Open/Closed", "Closed")], None, None),
    ],
)
def test_a_group_that_is_not_running_is_not_published_as_running(cells, status, doubt):
    reading = read_row([("Name", "x"), *cells], TODAY)
    assert reading.values.get("status") == status
    assert (
        [d.not_understood for d in reading.doubts if doubt and doubt in d.not_understood]
        or not doubt
        and not reading.doubts
    )


def test_an_online_column_answered_no_is_not_a_doubt():
    assert read_row([("Name", "x"), ("Online?", "No")], TODAY).doubts == []
    assert [
        d.not_understood for d in read_row([("Name", "x"), ("Online?", "Yes")], TODAY).doubts
    ] == ["no web link in the online column"]
