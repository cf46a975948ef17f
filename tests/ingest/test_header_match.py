"""Headers matched on their words: the spellings navigators use, including headers that
name two fields."""

import pytest

from mapapp.ingest.header_match import fields_of, is_tsml, looks_like_header


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Group name", ("name",)),
        ("Name of group", ("name",)),
        ("Meeting", ("name",)),
        ("Service", ("name",)),
        ("Activity", ("name",)),
        ("GROUP", ("name",)),
        ("Day", ("day",)),
        ("Day(s)", ("day",)),
        ("When", ("day",)),
        ("Frequency", ("day",)),
        ("Meets", ("day",)),
        ("Meets on", ("day",)),
        ("When it meets", ("day",)),
        ("Where it meets", ("venue",)),
        ("Meets at", ("time",)),
        ("Time", ("time",)),
        ("Start time", ("time",)),
        ("Start", ("time",)),
        ("Opening hours", ("time",)),
        ("Finish", ("end_time",)),
        ("End time", ("end_time",)),
        ("Venue", ("venue",)),
        ("Location", ("venue",)),
        ("Meeting place", ("venue",)),
        ("Address", ("address",)),
        ("Address line 1", ("address",)),
        ("Town/Village", ("town",)),
        ("Town", ("town",)),
        ("Postcode", ("postcode",)),
        ("Post Code", ("postcode",)),
        ("PC", ("postcode",)),
        ("Website", ("website",)),
        ("Web address", ("website",)),
        ("Online link (Zoom/Teams)", ("conference_url",)),
        ("Zoom", ("conference_url",)),
        ("Conference URL", ("conference_url",)),
        ("Meeting ID / passcode", ("conference_url_notes",)),
        ("Conference URL Notes", ("conference_url_notes",)),
        ("Dial in", ("conference_phone",)),
        ("Dial-in", ("conference_phone",)),
        ("Conference Phone", ("conference_phone",)),
        ("Who is it for?", ("audience",)),
        ("Audience", ("audience",)),
        ("Last checked", ("verified",)),
        ("Date checked", ("verified",)),
        ("Verified", ("verified",)),
        ("Updated", ("verified",)),
        ("Last updated", ("verified",)),
        ("Date last confirmed", ("verified",)),
        ("Last Contact", ("verified",)),
        ("Next date", ("anchor",)),
        ("Start date", ("anchor",)),
        ("Type", ("type_text",)),
        ("Meeting type", ("type_text",)),
        ("Fellowship", ("type_text",)),
        ("Types", ("type_text",)),
        ("Domain", ("domain",)),
        ("Access", ("accessibility",)),
        ("Wheelchair access?", ("accessibility",)),
        ("Notes", ("notes",)),
        ("Comments", ("notes",)),
        ("Details", ("notes",)),
        ("Group Notes", ("description",)),
        ("Location Notes", ("location_notes",)),
        ("Directions", ("location_notes",)),
        ("Contact", ("contact",)),
        ("Contact number", ("contact_phone",)),
        ("Contact email", ("contact_email",)),
        ("Contact 1 Name", ("contact",)),
        ("Email", ("email",)),
        ("E-mail", ("email",)),
        ("Email address", ("email",)),
        ("Phone", ("phone",)),
        ("Tel", ("phone",)),
        ("Organisation", ("organisation",)),
        ("Run by", ("organisation",)),
        ("ID", ("source_id",)),
        ("Slug", ("source_id",)),
        ("Region", ("region",)),
        ("Latitude", ("lat",)),
        ("lng", ("lon",)),
        ("Cost", ()),
        ("", ()),
    ],
)
def test_one_field_headers(header, expected):
    assert fields_of(header) == expected


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Website / Zoom", ("website", "conference_url")),
        ("Zoom link or website", ("conference_url", "website")),
        ("Day(s) & time", ("day", "time")),
        ("Day/Time", ("day", "time")),
        ("Phone / email", ("phone", "email")),
        ("Venue & address", ("venue", "address")),
    ],
)
def test_headers_that_name_two_fields(header, expected):
    assert fields_of(header) == expected


def test_a_header_row_is_told_from_a_title_or_a_data_row():
    assert looks_like_header(["Group name", "Day", "Time", "Postcode"])
    assert not looks_like_header(["Dales groups - working copy, do not circulate"])
    assert not looks_like_header(["Belper Monday AA", "Mondays 7-8.30pm", "DE56 1BZ"])


def test_tsml_headers():
    assert is_tsml(["Time", "End Time", "Day", "Name", "Location", "Address", "Types"])
    assert not is_tsml(["Group name", "Day", "Time", "Venue"])


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Open/Closed", ("type_text",)),
        ("Status", ("status",)),
        ("Active?", ("status",)),
        ("Age group", ("audience",)),
        ("Gender", ("audience",)),
        ("Language", ("audience",)),
        ("Online?", ("conference_url",)),
        ("Zoom ID", ("conference_url_notes",)),
        ("Dial-in number", ("conference_phone",)),
        ("Date last updated", ("verified",)),
        ("Next meeting date", ("anchor",)),
        ("Meeting Day", ("day",)),
    ],
)
def test_more_headers_navigators_use(header, expected):
    assert fields_of(header) == expected


def test_a_header_is_judged_on_its_first_cells_only():
    # A hostile file's 100,000-cell header row took over a minute to judge before the
    # column limit could refuse it; cells past HEADER_CELLS are not looked at.
    from mapapp.ingest.header_match import HEADER_CELLS, looks_like_header

    row = ["Group name", "Town", "Day"] + [f"c{n}" for n in range(HEADER_CELLS)]
    assert looks_like_header(row + ["10:30"])  # a value-like cell beyond the first cells
    assert not looks_like_header(row[:10] + ["10:30"])  # ... but not within them
