"""Locating rows on import: a misspelt town is read by the finder's own loose rule (the town
in the area it is nearest to) and the report says so; a point outside the area is published
and flagged for a look, never held (boundaries must not hide a listing), while a row with a
part not understood is held wherever it is. Both backends."""

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.ingest import run_ingest
from mapapp.models import Asset
from tests.conftest import reference_settings

SHEET = """Group name,Day,Time,Venue,Town,Postcode
Belper Tuesday SMART,Tuesday,7pm,Memorial Hall,Belpr,
Bakewell Friday AA,Friday,19:30,Town Hall,Bakewel,
Nowhere Monday NA,Monday,19:00,Old Chapel,Qzxwvbnm,
Warsop Thursday CA,Thursday,19:00,Parish Centre,Warsop,NG20 9PG
Warsop Sunday AA,Sunday,at some point,Parish Centre,Warsop,NG20 9PG
"""


@pytest.fixture
def imported(reference_db, engine_for, tmp_path):
    path = tmp_path / "towns.csv"
    path.write_text(SHEET, encoding="utf-8")
    engine = engine_for(reference_db)
    report = run_ingest(engine, reference_settings(), path)
    with session_scope(engine) as session:
        stored = {
            a.name: (a.status, a.needs_review, a.venue.town if a.venue else None, a.venue)
            for a in session.scalars(select(Asset))
        }
        found = {
            name: (status, review, town, venue.district_code if venue else None)
            for name, (status, review, town, venue) in stored.items()
        }
    return report, found


def _how(report, key: str) -> dict:
    row = next(row for row in report.rows if row.key == key)
    return {field: how for field, _value, how in row.read}


def test_a_misspelt_town_is_read_as_the_town_in_the_area_and_the_report_says_so(imported):
    report, found = imported
    assert found["Belper Tuesday SMART"][3] == "E07000032"  # Amber Valley: Belper
    assert found["Bakewell Friday AA"][3] == "E07000035"  # Derbyshire Dales: Bakewell
    assert found["Belper Tuesday SMART"][2] == "Belper"  # stored as read, not as typed
    assert _how(report, "2")["where"] == "'Belpr' read as Belper"
    assert _how(report, "3")["where"] == "'Bakewel' read as Bakewell"


def test_a_town_that_is_nothing_like_a_place_is_not_guessed(imported):
    report, found = imported
    status, review, _town, district = found["Nowhere Monday NA"]
    assert district is None and review is True and status == "held"
    row = next(row for row in report.rows if row.key == "4")
    assert "could not be located" in row.reason


def test_outside_the_area_is_flagged_not_held_and_a_doubt_still_holds(imported):
    report, found = imported
    status, review, _town, district = found["Warsop Thursday CA"]
    assert (status, review, district) == ("active", True, "E07000174")  # Mansfield, flagged
    row = next(row for row in report.rows if row.key == "5")
    assert row.outcome == "published" and "outside the area" in row.reason
    held = next(row for row in report.rows if row.key == "6")
    assert held.outcome == "held" and "outside the area" in held.reason
    assert found["Warsop Sunday AA"][0] == "held"
