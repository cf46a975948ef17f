"""The spatial predicates use the spatial index (query plan) and give exact answers."""

import numpy as np
import pytest
from sqlalchemy import func, select, text

from mapapp import dialect
from mapapp.db import upgrade
from mapapp.geo import to_bng
from mapapp.models import SmallArea, Venue

# Derby Market Place, in BNG metres
DERBY = to_bng(-1.4768, 52.9225)


def _force_index_consideration(conn):
    # Small test tables make PostgreSQL prefer a sequential scan; switching that off shows
    # whether the query *can* use the index, which is what a non-sargable predicate breaks.
    if not dialect.is_sqlite(conn):
        conn.execute(text("SET enable_seqscan = off"))


@pytest.mark.parametrize("radius", [500, 5000])
def test_radius_query_uses_the_venue_spatial_index(demo_db, engine_for, radius):
    with engine_for(demo_db).connect() as conn:
        _force_index_consideration(conn)
        query = select(Venue.id).where(
            dialect.within_distance(conn, Venue, "geom_bng", DERBY[0], DERBY[1], radius)
        )
        plan = dialect.explain(conn, query)
    assert dialect.plan_uses_spatial_index(conn, plan, "venues", "geom_bng"), plan


def test_bbox_query_uses_the_lsoa_centroid_index(reference_db, engine_for):
    with engine_for(reference_db).connect() as conn:
        _force_index_consideration(conn)
        x, y = DERBY
        query = select(SmallArea.code).where(
            dialect.in_bbox(conn, SmallArea, "centroid_bng", x - 2000, y - 2000, x + 2000, y + 2000)
        )
        plan = dialect.explain(conn, query)
    assert dialect.plan_uses_spatial_index(conn, plan, "small_areas", "centroid_bng"), plan


def test_a_naive_predicate_defeats_the_index(demo_db, engine_for):
    """Why dialect.within_distance exists: the obvious query scans every venue.

    PostGIS: transforming the column inside the predicate (DESIGN.md's warning).
    SpatiaLite: a plain distance test, which never consults the R*Tree.
    """
    with engine_for(demo_db).connect() as conn:
        _force_index_consideration(conn)
        if dialect.is_sqlite(conn):
            naive = func.ST_Distance(Venue.geom_bng, func.MakePoint(*DERBY, 27700)) <= 500
        else:
            naive = func.ST_DWithin(
                func.ST_Transform(Venue.geom, 27700), dialect.make_point(*DERBY, 27700), 500
            )
        plan = dialect.explain(conn, select(Venue.id).where(naive))
    assert not dialect.plan_uses_spatial_index(conn, plan, "venues", "geom_bng"), plan
    assert "venues" in plan


@pytest.mark.parametrize("radius", [300, 2500, 12000])
def test_radius_query_matches_brute_force_distances(demo_db, engine_for, radius):
    with engine_for(demo_db).connect() as conn:
        rows = conn.execute(
            select(Venue.id, func.ST_X(Venue.geom_bng), func.ST_Y(Venue.geom_bng)).where(
                Venue.geom_bng.is_not(None)
            )
        ).all()
        ids = np.array([r[0] for r in rows])
        xy = np.array([(r[1], r[2]) for r in rows])
        expected = set(ids[np.hypot(xy[:, 0] - DERBY[0], xy[:, 1] - DERBY[1]) <= radius])
        found = set(
            conn.scalars(
                select(Venue.id).where(
                    dialect.within_distance(conn, Venue, "geom_bng", DERBY[0], DERBY[1], radius)
                )
            )
        )
        distances = dict(
            conn.execute(
                select(Venue.id, dialect.distance(conn, Venue, "geom_bng", *DERBY)).where(
                    Venue.id.in_(sorted(found))
                )
            ).all()
        )
    assert found == expected
    assert len(expected) > 0
    for venue_id, (x, y) in zip(ids, xy, strict=True):
        if venue_id in distances:
            assert distances[venue_id] == pytest.approx(
                np.hypot(x - DERBY[0], y - DERBY[1]), abs=0.01
            )


@pytest.mark.parametrize("count", [1, 5, 51, 300])
def test_the_nearest_circle_holds_exactly_the_count_nearest(demo_db, engine_for, count):
    """The index's distance to the count-th nearest venue against brute force, from the city
    centre, the countryside, far outside the area (where SpatiaLite's squares have to
    widen several times) and with more asked for than exist (infinity)."""
    origins = [DERBY, (DERBY[0] + 23_456.7, DERBY[1] - 18_765.4), (DERBY[0] + 60_000, DERBY[1])]
    with engine_for(demo_db).connect() as conn:
        xy = np.array(
            conn.execute(
                select(func.ST_X(Venue.geom_bng), func.ST_Y(Venue.geom_bng)).where(
                    Venue.geom_bng.is_not(None)
                )
            ).all()
        )
        for x, y in origins:
            reach = dialect.nearest_circle_m(conn, Venue, "geom_bng", x, y, count)
            exact = np.sort(np.hypot(xy[:, 0] - x, xy[:, 1] - y))[count - 1]
            # SpatiaLite ranks the R*Tree's 32-bit boxes and adds RTREE_MARGIN_M: never
            # smaller than the true circle, at most a metre larger.
            slack = dialect.RTREE_MARGIN_M + 0.1 if dialect.is_sqlite(conn) else 0.001
            assert exact - 0.001 <= reach <= exact + slack, (x, y, count)
        too_many = dialect.nearest_circle_m(conn, Venue, "geom_bng", *DERBY, len(xy) + 1)
    assert count < len(xy) and too_many == float("inf")


def test_the_sqlite_driver_still_binds_none_as_null():
    # dialect._fast_nulls registers an adapter for None (speed); it must still mean NULL.
    module = dialect.sqlite_module()
    conn = module.connect(":memory:")
    conn.execute("CREATE TABLE t (a, b)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(None, 1), (2, None)])
    assert conn.execute("SELECT typeof(a), typeof(b) FROM t ORDER BY rowid").fetchall() == [
        ("null", "integer"),
        ("integer", "null"),
    ]
    assert conn.execute("SELECT count(*) FROM t WHERE a IS ?", (None,)).fetchone() == (1,)
    conn.close()


@pytest.fixture
def spatialite_schema(tmp_path, engine_for):
    """A migrated SpatiaLite file: these tests are about SpatiaLite's own triggers."""
    engine = engine_for(f"sqlite:///{tmp_path / 'schema.sqlite'}")
    upgrade(engine)
    return engine


def _triggers(conn, table: str) -> set[str]:
    return set(
        conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        ).scalars()
    )


def test_venues_keep_their_geometry_checks_and_index_but_not_the_time_stamps(
    spatialite_schema,
):
    with spatialite_schema.connect() as conn:
        triggers = _triggers(conn, "venues")
    # Each row written used to update geometry_columns_time twice (migration 0009).
    assert not {t for t in triggers if t.startswith(("tmi_", "tmu_", "tmd_"))}
    assert {"ggi_venues_geom_bng", "gii_venues_geom_bng", "gid_venues_geom_bng"} <= triggers


def test_a_bad_geometry_is_still_refused_after_the_stamps_went(spatialite_schema):
    with spatialite_schema.connect() as conn, pytest.raises(Exception, match="violates Geometry"):
        conn.exec_driver_sql(
            "INSERT INTO venues (id, geom_bng, precision, is_demo, outside_area) "
            "VALUES (1, MakePoint(1, 2, 4326), 'postcode', 0, 0)"
        )


def test_bulk_writing_lends_sqlite_a_larger_cache_and_takes_it_back(schema_db, engine_for):
    with engine_for(schema_db).connect() as conn:
        if not dialect.is_sqlite(conn):
            with dialect.bulk_writing(conn):  # nothing to change on PostgreSQL
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            return
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with dialect.bulk_writing(conn, cache_mib=64):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -64 * 1024
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


def _venue_rows(first_id: int, points: list[tuple[float, float]]) -> list[dict]:
    return [
        {
            "id": first_id + n,
            "precision": "postcode",
            "is_demo": False,
            "outside_area": False,
            "x": x,
            "y": y,
        }
        for n, (x, y) in enumerate(points)
    ]


NEAR_DERBY = [(DERBY[0] + dx, DERBY[1] + dy) for dx, dy in ((0, 0), (300, -200), (-900, 50))]
FAR_AWAY = [(DERBY[0] + 20_000, DERBY[1]), (None, None)]  # the last has no point


def _found_by_index(conn, radius: float) -> list[int]:
    query = select(Venue.id).where(
        dialect.within_distance(conn, Venue, "geom_bng", DERBY[0], DERBY[1], radius)
    )
    return sorted(conn.execute(query).scalars())


def _trigger_sql(conn) -> dict:
    return dict(
        conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'venues'"
        ).fetchall()
    )


def test_bulk_inserted_points_are_found_through_the_spatial_index(schema_db, engine_for):
    # On SQLite the insert triggers are set aside and the new rows indexed in one statement:
    # the index must hold exactly what the triggers would have put there.
    with engine_for(schema_db).begin() as conn:
        before = _trigger_sql(conn) if dialect.is_sqlite(conn) else None
        rows = _venue_rows(10, NEAR_DERBY + FAR_AWAY)
        dialect.bulk_insert(conn, Venue.__table__, rows, {"geom_bng": ("x", "y", dialect.BNG)})
        assert _found_by_index(conn, 1_000) == [10, 11, 12]
        assert _found_by_index(conn, 25_000) == [10, 11, 12, 13]
        if dialect.is_sqlite(conn):
            assert _trigger_sql(conn) == before  # every trigger back, word for word
            indexed = conn.exec_driver_sql("SELECT count(*) FROM idx_venues_geom_bng").scalar()
            assert indexed == 4  # the row without a point is not in the index
        # A row written afterwards, one at a time, goes through the triggers again.
        conn.exec_driver_sql(
            "INSERT INTO venues (id, geom_bng, precision, is_demo, outside_area) VALUES "
            f"(20, {'ST_GeomFromText' if not dialect.is_sqlite(conn) else 'GeomFromText'}"
            f"('POINT({DERBY[0] + 10} {DERBY[1]})', 27700), 'postcode', false, false)"
        )
        assert _found_by_index(conn, 1_000) == [10, 11, 12, 20]


def test_a_bulk_insert_with_the_wrong_srid_is_still_refused(spatialite_schema):
    # The check is set aside only when the statement builds the column's own SRID.
    with spatialite_schema.connect() as conn:
        before = _trigger_sql(conn)
        with pytest.raises(Exception, match="violates Geometry"):
            dialect.bulk_insert(
                conn, Venue.__table__, _venue_rows(1, NEAR_DERBY), {"geom_bng": ("x", "y", 4326)}
            )
        conn.rollback()
        assert _trigger_sql(conn) == before
        assert conn.exec_driver_sql("SELECT count(*) FROM venues").scalar() == 0


def test_a_failed_bulk_insert_leaves_the_triggers_and_the_index_as_they_were(spatialite_schema):
    points = {"geom_bng": ("x", "y", dialect.BNG)}
    with spatialite_schema.connect() as conn:
        before = _trigger_sql(conn)
        dialect.bulk_insert(conn, Venue.__table__, _venue_rows(1, NEAR_DERBY[:1]), points)
        conn.commit()
        with pytest.raises(Exception, match="UNIQUE|PRIMARY"):  # id 1 is taken
            dialect.bulk_insert(conn, Venue.__table__, _venue_rows(1, NEAR_DERBY), points)
        conn.rollback()
        assert _trigger_sql(conn) == before
        assert _found_by_index(conn, 1_000) == [1]
        assert conn.exec_driver_sql("SELECT count(*) FROM idx_venues_geom_bng").scalar() == 1


@pytest.mark.parametrize("ids", [[], [1], [3, 1, 2], list(range(1, 700, 3))])
def test_one_of_ids_keeps_exactly_the_listed_rows(demo_db, engine_for, ids):
    with engine_for(demo_db).connect() as conn:
        every = set(conn.scalars(select(Venue.id)))
        query = select(Venue.id).where(dialect.one_of_ids(conn, Venue.id))
        found = set(conn.execute(query, {"ids": ids}).scalars())
    assert found == every & set(ids)
    assert len(ids) < 3 or len(found) >= 3
