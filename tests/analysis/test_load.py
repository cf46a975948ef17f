"""Loading from the database (both backends) gives exactly what the hand-built frames
give, with a bounded number of queries whatever the number of LSOAs."""

import pytest
from sqlalchemy import event

from mapapp.analysis import GapParams, analyse, gap_analysis
from mapapp.analysis.load import load_listings, load_residents
from mapapp.db import session_scope
from mapapp.errors import ReferenceDataError
from tests.analysis import fixture


@pytest.fixture
def fixture_area(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        fixture.add_to_database(session)
    return engine


def test_the_database_gives_the_hand_computed_report(fixture_area):
    params = GapParams()
    with session_scope(fixture_area) as session:
        from_database = gap_analysis(session, params).to_json()
    assert from_database == analyse(fixture.residents(), fixture.listings(), params).to_json()
    alderley = from_database["districts"][0]
    assert alderley["name"] == "Alderley"
    assert alderley["domains"]["twelve-step"]["coverage_pct"] == {"1600": 50.0, "5000": 100.0}


def test_a_venue_without_a_district_is_placed_by_its_point(fixture_area):
    with session_scope(fixture_area) as session:
        assets = load_listings(session).assets
    smart = assets[assets["district_code"].notna() & (assets["attendance"] == "hybrid")]
    assert smart["district_code"].tolist() == [fixture.A]


def test_residents_come_from_the_area_only_in_district_order(fixture_area):
    with session_scope(fixture_area) as session:
        residents = load_residents(session)
    assert residents.districts["name"].tolist() == ["Alderley", "Brampton"]  # not the neighbour
    assert residents.lsoas["x"].tolist() == [402000, 405000, 409000, 411000, 415000, 419500]
    assert residents.lsoas["imd_decile"].isna().tolist() == [False] * 5 + [True]


def test_queries_do_not_grow_with_the_area(fixture_area):
    statements = []
    event.listen(fixture_area, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    with session_scope(fixture_area) as session:
        gap_analysis(session, GapParams())
    # districts, LSOAs, listings, district boundaries (one venue lacks a district),
    # domains, audience tags, schedules — and never one per LSOA or listing.
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 8, selects


def test_no_reference_data_says_what_to_run(schema_db, engine_for):
    with session_scope(engine_for(schema_db)) as session, \
            pytest.raises(ReferenceDataError, match="mapapp reference load") as caught:
        gap_analysis(session, GapParams())
    assert caught.value.status_code == 503  # not yet loaded: the site is not ready


def test_the_real_area_before_any_listing_is_loaded(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        body = gap_analysis(session, GapParams()).to_json()
    assert len(body["districts"]) == 9 and body["area"]["lsoas"] == 651
    assert body["area"]["population"] == 1_056_021  # as `mapapp reference load` reports
    assert body["supply"]["counted"] == 0
    assert {s for d in body["districts"] for s in d["checklist"].values()} == {"missing"}
