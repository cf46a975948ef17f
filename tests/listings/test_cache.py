"""Listing views kept under the data version: reused while it stands, never across a
write, and never from a transaction that may yet be rolled back (both backends)."""

import datetime as dt
from types import SimpleNamespace

from sqlalchemy import update
from sqlalchemy.orm import Session

from mapapp.db import session_scope
from mapapp.listings import cache as listing_cache
from mapapp.listings.schedules import LONDON, next_of
from mapapp.listings.views import ListingView, next_session_of, views_from_rows, views_query
from mapapp.models import Asset


def _views(session, ids):
    return views_from_rows(
        session, session.execute(views_query().where(Asset.id.in_(ids)).order_by(Asset.id))
    )


def _first_ids(session, count=3):
    return list(
        session.scalars(views_query().with_only_columns(Asset.id).order_by(Asset.id).limit(count))
    )


def test_views_are_kept_until_a_write(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        ids = _first_ids(session)
        first = _views(session, ids)
    with session_scope(engine) as session:
        again = _views(session, ids)
        assert all(a is b for a, b in zip(first, again, strict=True))  # kept, not rebuilt
        session.execute(update(Asset).where(Asset.id == ids[0]).values(name="Renamed"))
    with session_scope(engine) as session:
        after = _views(session, ids)
    assert after[0].name == "Renamed" and after[0] is not first[0]
    assert after[1].name == first[1].name and after[1] is not first[1]  # a new version


def test_an_uncommitted_write_is_neither_kept_nor_served(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        ids = _first_ids(session, 1)
        original = _views(session, ids)[0].name
    with engine.connect() as conn:
        with Session(conn) as session:
            session.execute(update(Asset).where(Asset.id == ids[0]).values(name="Draft"))
            assert listing_cache.cache_for(session.connection()) is None
            assert _views(session, ids)[0].name == "Draft"  # its own write, uncached
            session.rollback()
    # Another transaction commits a different name: the version the draft was read at
    # is now this one's, and the draft must not come back under it.
    with session_scope(engine) as session:
        session.execute(update(Asset).where(Asset.id == ids[0]).values(name="Final"))
    with session_scope(engine) as session:
        assert _views(session, ids)[0].name == "Final" != original


def test_the_next_session_is_remembered_only_while_it_stands():
    weekly = SimpleNamespace(
        weekday=0,
        start_time=dt.time(19, 30),
        end_time=dt.time(21),
        frequency="weekly",
        nth=None,
        anchor_date=None,
        valid_from=None,
        valid_to=None,
        timezone="Europe/London",
    )
    view = ListingView(schedules=[weekly])
    utc = dt.UTC
    # Monday 5 January 2026 (GMT): before, during and after the session, the next day, and
    # back in time (a clock set back must not get a later answer).
    for moment in (
        dt.datetime(2026, 1, 5, 12, tzinfo=utc),
        dt.datetime(2026, 1, 5, 20, tzinfo=utc),
        dt.datetime(2026, 1, 5, 21, 30, tzinfo=utc),
        dt.datetime(2026, 1, 6, 9, tzinfo=utc),
        dt.datetime(2026, 1, 5, 12, tzinfo=utc),
    ):
        assert next_session_of(view, moment) == next_of([weekly], moment), moment
    assert next_session_of(view, dt.datetime(2026, 1, 5, 21, 30, tzinfo=utc)) == (
        dt.datetime(2026, 1, 12, 19, 30, tzinfo=LONDON),
        dt.datetime(2026, 1, 12, 21, 0, tzinfo=LONDON),
    )


# --- views by id (a day search's candidates) ------------------------------------------------

from mapapp.listings.views import ids_query, views_for  # noqa: E402


def _keys(session, ids):
    rows = session.execute(ids_query().where(Asset.id.in_(ids)).order_by(Asset.id.desc()))
    return [(row.id, row.data_version) for row in rows]


def test_views_for_ids_come_from_the_cache_in_the_order_asked(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        ids = _first_ids(session, 4)
        kept = _views(session, ids[:2])  # two are kept, two are not yet
    with session_scope(engine) as session:
        views = views_for(session, _keys(session, ids))
    assert [v.id for v in views] == sorted(ids, reverse=True)
    assert views[-1] is kept[0] and views[-2] is kept[1]  # from the cache, not rebuilt
    assert all(v.schedules is not None and v.domain_codes for v in views[:2])  # read in full
    with session_scope(engine) as session:
        again = views_for(session, _keys(session, ids))
    assert all(a is b for a, b in zip(views, again, strict=True))  # all four kept now


def test_views_for_ids_read_at_another_version_are_refused(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        ids = _first_ids(session, 2)
        stale = _keys(session, ids)  # not kept: they will be read in full
    with session_scope(engine) as session:  # an edit between the ids and their views
        session.execute(update(Asset).where(Asset.id == ids[0]).values(name="Renamed"))
    with session_scope(engine) as session:
        # Read now, they are at a later version than the ids: the caller reads in full.
        assert views_for(session, stale) is None
        fresh = views_for(session, _keys(session, ids))
        assert {v.name for v in fresh} >= {"Renamed"}
        session.execute(update(Asset).where(Asset.id == ids[1]).values(name="Also renamed"))
        # The transaction has written: nothing kept may be used until it commits.
        assert views_for(session, _keys(session, ids)) is None
