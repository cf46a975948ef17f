"""The finder's circle sizing (finder/search.py); the searches themselves are tested through the
API on both backends (tests/web/test_api.py)."""

import datetime as dt
import math

import pytest

from mapapp.finder.search import _next_circle


@pytest.mark.parametrize(
    "circle, found, wanted, radius, expected",
    [
        (500, 0, 51, 10_000, 4_000),  # none yet: 8 times wider
        (500, 1, 51, 10_000, 4_000),  # sqrt(51) x 1.25 = 8.9: capped at 8
        (500, 10, 51, 10_000, 500 * math.sqrt(5.1) * 1.25),  # about 2.8 times
        (500, 40, 51, 10_000, 1_000),  # nearly there: still at least 2x
        (4_000, 0, 51, 5_000, 5_000),  # never beyond the radius
    ],
)
def test_the_next_circle_aims_at_the_page(circle, found, wanted, radius, expected):
    assert _next_circle(circle, found, wanted, radius) == pytest.approx(expected)


@pytest.mark.parametrize(
    "query, days, parts",
    [
        ({"when": "today"}, (0,), ()),  # Monday
        ({"when": "tonight"}, (0,), ("evening", "night")),
        ({"when": "tomorrow"}, (1,), ()),
        ({"when": "tomorrow-morning"}, (1,), ("morning",)),
        ({"when": "weekend"}, (5, 6), ()),
        ({"when": "tonight", "part": "night"}, (0,), ("night",)),  # explicit part wins
        ({"when": "tomorrow", "day": "fri"}, (4,), ()),  # explicit day wins
        ({"when": "now"}, (), ()),
    ],
)
def test_time_as_people_say_it_becomes_days_and_parts(query, days, parts):
    from werkzeug.datastructures import MultiDict

    from mapapp.finder.search import parse_filters

    monday = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    filters = parse_filters(MultiDict(query), monday)
    assert (filters.days, filters.parts, filters.on_now) == (days, parts, query["when"] == "now")


def test_sunday_tomorrow_is_monday():
    from werkzeug.datastructures import MultiDict

    from mapapp.finder.search import parse_filters

    sunday_night = dt.datetime(2026, 1, 11, 23, 30, tzinfo=dt.UTC)  # GMT: still Sunday
    assert parse_filters(MultiDict({"when": "tomorrow"}), sunday_night).days == (0,)


def test_an_unknown_when_names_the_words_it_takes():
    from werkzeug.datastructures import MultiDict

    from mapapp.finder.search import parse_filters
    from mapapp.params import BadParameter

    with pytest.raises(BadParameter) as caught:
        parse_filters(MultiDict({"when": "later"}), dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    assert "now, today, tonight, tomorrow, tomorrow-morning, weekend" in caught.value.message


# --- postcodes kept in memory ------------------------------------------------------------------

from sqlalchemy import event, update  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from mapapp.db import session_scope  # noqa: E402
from mapapp.finder.search import parse_filters, search  # noqa: E402
from mapapp.models import Asset, Postcode  # noqa: E402

MOMENT = dt.datetime(2026, 12, 8, 18, 30, tzinfo=dt.UTC)


def _reads(engine, marker: str) -> list[str]:
    """The statements run from now on that hold ``marker``."""
    reads: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if marker in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    return reads


def _postcode_reads(engine) -> list[str]:
    return _reads(engine, "FROM postcodes")


def _near(session, postcode: str):
    return search(
        session, parse_filters(MultiDict({"near": postcode, "radius_km": "5"}), MOMENT), MOMENT
    )


def test_a_postcode_is_read_once_while_the_data_stays_the_same(demo_db, engine_for):
    engine = engine_for(demo_db)
    reads = _postcode_reads(engine)
    with session_scope(engine) as session:
        first = _near(session, "S40 1LP")
        second = _near(session, "s401lp")
    assert first.results and [r.asset.id for r in second.results] == [
        r.asset.id for r in first.results
    ]
    assert len(reads) == 1


def test_a_moved_postcode_is_searched_from_where_it_is_now(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        chesterfield = _near(session, "S40 1LP")  # now kept in memory
        derby = session.get(Postcode, "DE10FD")
        elsewhere = _near(session, "DE1 0FD")
        where = {c: getattr(derby, c) for c in ("lat", "lon", "easting", "northing")}
    with session_scope(engine) as session:  # the reference data changes (a reload would)
        session.execute(update(Postcode).where(Postcode.key == "S401LP").values(**where))
    reads = _postcode_reads(engine)
    with session_scope(engine) as session:
        moved = _near(session, "S40 1LP")
    assert (moved.origin.x, moved.origin.y) == (where["easting"], where["northing"])
    assert [r.asset.id for r in moved.results] == [r.asset.id for r in elsewhere.results]
    assert [r.asset.id for r in moved.results] != [r.asset.id for r in chesterfield.results]
    assert len(reads) == 1  # the kept point was used, found stale, and read once afresh


def test_a_listing_edit_costs_one_fresh_read_not_a_wrong_point(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        before = _near(session, "S40 1LP")
        session.execute(
            update(Postcode).where(Postcode.key == "ZZ999ZZ").values(lat=0)
        )  # no such row, but a write to a watched table: the data version moves
    reads = _postcode_reads(engine)
    with session_scope(engine) as session:
        after = _near(session, "S40 1LP")
        again = _near(session, "S40 1LP")
    assert [r.asset.id for r in after.results] == [r.asset.id for r in before.results]
    assert [r.asset.id for r in again.results] == [r.asset.id for r in before.results]
    assert len(reads) == 1  # read again once after the change, then kept


def test_a_page_searching_twice_after_an_edit_reads_its_postcode_once(demo_db, engine_for):
    from mapapp.finder.page import find_page

    engine = engine_for(demo_db)
    filters = parse_filters(MultiDict({"near": "S40 1LP", "radius_km": "5"}), MOMENT)
    with session_scope(engine) as session:
        find_page(session, filters, MOMENT)  # the postcode is now kept
        session.execute(update(Postcode).where(Postcode.key == "ZZ999ZZ").values(lat=0))
    reads = _postcode_reads(engine)
    with session_scope(engine) as session:
        page = find_page(session, filters, MOMENT)  # in person, then online, from one origin
    assert page.nearby.results and page.online is not None
    assert len(reads) == 1


# --- day searches: candidates by id, views from the cache ---------------------------------------


def _full_reads(engine) -> list[str]:
    """Statements that read listings in full (their domains come along)."""
    return _reads(engine, "domain_list")


def _on_day(session, **given):
    args = MultiDict({"near": "S40 1LP", "radius_km": "20", "day": "tue", **given})
    return search(session, parse_filters(args, MOMENT), MOMENT)


def test_a_day_search_reads_its_candidates_in_full_once(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        first = _on_day(session)
    reads = _full_reads(engine)
    with session_scope(engine) as session:
        again = _on_day(session)
    assert first.results and first.total > 0
    assert [(r.asset.id, r.distance_m) for r in again.results] == [
        (r.asset.id, r.distance_m) for r in first.results
    ]
    assert reads == []  # every candidate's view was kept from the first search
    assert all(r.asset.schedules for r in again.results)
    assert {day for r in again.results for s in r.asset.schedules for day in [s.weekday]} >= {1}


def test_a_day_search_after_an_edit_shows_the_edit(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        first = _on_day(session)
        edited = first.results[0].asset.id
    with session_scope(engine) as session:
        session.execute(update(Asset).where(Asset.id == edited).values(name="Renamed group"))
    reads = _full_reads(engine)
    with session_scope(engine) as session:
        after = _on_day(session)
        in_transaction = _on_day(session, q="renamed")  # nothing written here: still cached
    names = {r.asset.id: r.asset.name for r in after.results}
    assert names[edited] == "Renamed group"
    assert len(reads) == 1  # the changed version: candidates read in full once, then kept
    assert [r.asset.id for r in in_transaction.results] == [edited]


def test_a_day_search_inside_a_writing_transaction_sees_its_own_write(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        first = _on_day(session)
        edited = first.results[0].asset.id
        session.execute(update(Asset).where(Asset.id == edited).values(name="Renamed group"))
        after = _on_day(session)
        assert {r.asset.id: r.asset.name for r in after.results}[edited] == "Renamed group"
        session.rollback()


def test_only_the_vocabulary_s_ways_to_attend_are_written_into_sql():
    from mapapp.finder.search import _attendance_words

    assert [str(w) for w in _attendance_words(("online", "hybrid"))] == ["'online'", "'hybrid'"]
    with pytest.raises(ValueError, match="not a way to attend"):
        _attendance_words(("online", "x'); DROP TABLE assets; --"))
