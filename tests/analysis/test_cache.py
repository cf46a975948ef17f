"""Cached gap analyses: an unchanged database is answered from the cache; a listing changed
by any path (ORM edit, status change, import) is seen by the next analysis, on both
backends. Coverage figures are those of the hand-built area (tests/analysis/fixture.py):
Alderley's LSOAs A1 (402000, 1,000 people), A2 (405000, 2,000) and A3 (409000, 1,000)."""

import datetime as dt

import pytest
from sqlalchemy import select

from mapapp import data_version
from mapapp.analysis import GapParams
from mapapp.analysis.cache import GapCache, cached_gap_analysis
from mapapp.db import session_scope
from mapapp.ingest import run_ingest
from mapapp.models import Asset, IngestRun, utcnow
from tests.analysis import fixture
from tests.conftest import reference_settings

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def fixture_area(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        fixture.add_to_database(session)
    return engine


DEFAULTS = GapParams()


def _twelve_step_coverage(engine, cache, params=DEFAULTS):
    """Alderley's twelve-step coverage at 1,600 and 5,000 m, and the report itself."""
    with session_scope(engine) as session:
        report = cached_gap_analysis(session, params, cache, TODAY)
    alderley = report.to_json()["districts"][0]
    assert alderley["name"] == "Alderley"
    return alderley["domains"]["twelve-step"]["coverage_pct"], report


def test_an_unchanged_database_is_answered_from_the_cache(fixture_area):
    cache = GapCache()
    first, report = _twelve_step_coverage(fixture_area, cache)
    again, same = _twelve_step_coverage(fixture_area, cache)
    # A1 is 1,000 m from Alderley AA, A3 1,360 m from Border NA; A2 2,530 m from Alderley AA.
    assert first == again == {"1600": 50.0, "5000": 100.0}
    assert same is report
    assert (cache.hits, cache.misses, len(cache)) == (1, 1, 1)


def test_other_parameters_are_cached_apart(fixture_area):
    cache = GapCache()
    _twelve_step_coverage(fixture_area, cache)
    coverage, _ = _twelve_step_coverage(fixture_area, cache, GapParams(thresholds_m=(1000.0,)))
    assert coverage == {"1000": 25.0}  # A1 only, at exactly 1,000 m
    assert (cache.hits, cache.misses, len(cache)) == (0, 2, 2)


def test_a_status_change_invalidates_the_cached_result(fixture_area):
    cache = GapCache()
    _twelve_step_coverage(fixture_area, cache)
    with session_scope(fixture_area) as session:
        session.scalar(select(Asset).where(Asset.name == "Alderley AA")).status = "inactive"
    coverage, _ = _twelve_step_coverage(fixture_area, cache)
    # Without Alderley AA only A3 (Border NA, 1,360 m) is within either distance.
    assert coverage == {"1600": 25.0, "5000": 25.0}
    assert cache.hits == 0


def test_an_edited_listing_invalidates_the_cached_result(fixture_area):
    cache = GapCache()
    _twelve_step_coverage(fixture_area, cache)
    with session_scope(fixture_area) as session:  # Vague AA's point, at A2, made exact
        asset = session.scalar(select(Asset).where(Asset.name == "Vague AA"))
        asset.venue.precision = "exact"
    coverage, _ = _twelve_step_coverage(fixture_area, cache)
    assert coverage == {"1600": 100.0, "5000": 100.0}


def test_an_import_invalidates_the_cached_result(fixture_area, tmp_path):
    cache = GapCache()
    _twelve_step_coverage(fixture_area, cache)
    lon, lat = fixture.lonlat(405000, 305000)  # at A2
    sheet = tmp_path / "new.csv"
    sheet.write_text(
        "ID,Name,Kind,Domain,Day,Time,Latitude,Longitude\n"
        f"new-1,A2 AA,meeting,twelve-step,Monday,19:00,{lat:.6f},{lon:.6f}\n"
    )
    report = run_ingest(fixture_area, reference_settings(), sheet, source="test")
    assert report.inserted == 1
    coverage, _ = _twelve_step_coverage(fixture_area, cache)
    assert coverage == {"1600": 100.0, "5000": 100.0}


def test_writes_that_change_no_listing_keep_the_cache(fixture_area):
    cache = GapCache()
    _, report = _twelve_step_coverage(fixture_area, cache)
    with session_scope(fixture_area) as session:
        session.add(IngestRun(source="nothing", started_at=utcnow()))
    _, same = _twelve_step_coverage(fixture_area, cache)
    assert same is report


def test_the_cache_keeps_only_the_most_recently_used():
    cache = GapCache(size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now b is the least recently used
    cache.put("c", 3)
    assert (cache.get("b"), cache.get("a"), cache.get("c")) == (None, 1, 3)
    assert len(cache) == 2


def test_the_version_moves_once_per_transaction(fixture_area):
    with fixture_area.connect() as conn:
        before = data_version.current(conn)
    with session_scope(fixture_area) as session:
        for asset in session.scalars(select(Asset)):
            asset.name += " (renamed)"
        session.flush()
        session.scalar(
            select(Asset).where(Asset.name == "Alderley AA (renamed)")
        ).status = "inactive"
    with fixture_area.connect() as conn:
        assert data_version.current(conn) == before + 1
