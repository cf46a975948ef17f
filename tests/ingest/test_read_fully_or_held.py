"""Random spreadsheet rows through build(): never a crash, and a row comes out either read
fully (no flag: every session has a day and a start, fortnightly ones an anchor) or
flagged, which holds it. A word the grammar does not know in a day cell always flags."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp.ingest.build import build
from mapapp.ingest.records import RawRow, Rejected

HEADERS = (
    "Group name",
    "Day",
    "Time",
    "End",
    "Venue",
    "Town",
    "Postcode",
    "Notes",
    "Website / Zoom",
    "Last checked",
    "Type",
    "Contact",
)
DAY_WORDS = [
    "Monday",
    "tues",
    "Weds",
    "Thur.",
    "Fri",
    "Sat",
    "Sundays",
    "&",
    "and",
    "/",
    "-",
    "2nd",
    "last",
    "of the month",
    "every",
    "fortnightly",
    "every other",
    "weekdays",
    "daily",
    "by appointment",
    "7pm",
    "10-12",
    "9:30-4:30",
    "noon",
]
JUNK = ["soonish", "xyzzy", "whenever", "Glossop", "ask Sue"]
TIME_WORDS = ["7pm", "7.30", "19:30", "10am-2pm", "9-5", "12 noon", "7-9", "", "1930hrs"]


def _row(cells: dict) -> RawRow:
    original = {h: v for h, v in cells.items()}
    return RawRow(2, original, {"_cells": list(original.items())})


def _build(cells: dict):
    try:
        return build(_row(cells), None)
    except Rejected:
        return None


row_cells = st.fixed_dictionaries(
    {
        "Group name": st.sampled_from(["Matlock AA", "Belper SMART", "Walk", "x"]),
        "Day": st.lists(st.sampled_from(DAY_WORDS), min_size=1, max_size=5).map(" ".join),
        "Time": st.sampled_from(TIME_WORDS),
        "Town": st.sampled_from(["Matlock", "", "Buxton"]),
        "Postcode": st.sampled_from(["DE4 3AG", "", "SK23 OHS", "xx"]),
        "Notes": st.sampled_from(
            ["", "online only", "Women only", "meets fortnightly", "next 9/1/26"]
        ),
        "Last checked": st.sampled_from(["", "03/11/2026", "13/13/2026", "Oct 2026"]),
    },
    optional={
        "Type": st.sampled_from(["AA", "SMART", "Walking"]),
        "Website / Zoom": st.sampled_from(["zoom.us/j/123456789", "www.example.org"]),
    },
)


@settings(max_examples=200, deadline=None)
@given(row_cells)
def test_a_row_is_read_fully_or_flagged(cells):
    listing = _build(cells)
    if listing is None or listing.flags:
        return
    for session in listing.schedules:
        assert session.start_time is not None
        assert session.frequency != "fortnightly" or isinstance(session.anchor_date, dt.date)
    assert listing.domains  # no domain is a flag


@settings(max_examples=100, deadline=None)
@given(row_cells, st.sampled_from(JUNK))
def test_an_unknown_word_in_the_day_always_flags(cells, junk):
    listing = _build({**cells, "Day": f"{cells['Day']} {junk}"})
    assert listing is None or listing.flags


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(HEADERS),
        st.one_of(
            st.text(max_size=40), st.none(), st.integers(), st.floats(), st.times(), st.dates()
        ),
    )
)
def test_random_cells_never_crash(cells):
    _build(cells)
