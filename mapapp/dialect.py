"""The one place where SpatiaLite and PostGIS differ.

Everything else in mapapp builds queries through these helpers, so the same code runs on
both backends. Each helper is small and says why the two dialects need different SQL.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import math
import operator
import sqlite3
from types import ModuleType

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Float,
    Integer,
    Table,
    and_,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ClauseElement

from . import data_version
from .errors import ConfigurationError

BNG = 27700
WGS84 = 4326

INSTALL_SPATIALITE = (
    "Install SpatiaLite: on Debian/Ubuntu 'sudo apt-get install libsqlite3-mod-spatialite', "
    "on macOS 'brew install libspatialite', or set MAPAPP_DATABASE_URL to a PostGIS database."
)


def is_sqlite(bind: Connection | Engine) -> bool:
    return bind.dialect.name == "sqlite"


# --- connecting ------------------------------------------------------------------------------


def sqlite_module() -> ModuleType:
    """An SQLite DB-API module that can load extensions.

    Many Python builds (pyenv's, macOS's) compile ``sqlite3`` without extension loading;
    ``pysqlite3`` (pysqlite3-binary on Linux) bundles an SQLite that can.
    """
    probe = sqlite3.connect(":memory:")
    try:
        if hasattr(probe, "enable_load_extension"):
            return _fast_nulls(sqlite3)
    finally:
        probe.close()
    try:
        return _fast_nulls(importlib.import_module("pysqlite3.dbapi2"))
    except ImportError:
        raise ConfigurationError(
            "This Python's sqlite3 cannot load extensions, so SpatiaLite cannot be used. "
            "Install pysqlite3-binary ('pip install pysqlite3-binary', Linux) or use a Python "
            "built with extension loading, or set MAPAPP_DATABASE_URL to a PostGIS database."
        ) from None


def _fast_nulls(module: ModuleType) -> ModuleType:
    """Bind None through a registered adapter. Without one, the driver (Python 3.11's
    sqlite3 and pysqlite3) looks for a ``__conform__`` method on None for every NULL it
    binds, raising and discarding an AttributeError each time: measured 5x slower for
    rows with many empty columns. The adapter returns None, so NULL is still bound."""
    module.register_adapter(type(None), _null)
    return module


def _null(value: None) -> None:
    return value


def load_spatialite(dbapi_conn, library: str) -> None:
    """Load mod_spatialite into a fresh SQLite connection and create its metadata once."""
    dbapi_conn.enable_load_extension(True)
    try:
        dbapi_conn.load_extension(library)
    except Exception as exc:  # the driver raises its own OperationalError class
        raise ConfigurationError(
            f"Could not load SpatiaLite ({library}): {exc}. {INSTALL_SPATIALITE}"
        ) from None
    finally:
        dbapi_conn.enable_load_extension(False)
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    # WAL lets the web app read while an import writes.
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    dbapi_conn.execute("PRAGMA busy_timeout = 30000")
    # WAL with synchronous=NORMAL is durable against crashes (not power loss of the last
    # commit) and avoids an fsync per commit; a 64 MB page cache keeps index pages of bulk
    # imports in memory (the default 2 MB was measured thrashing on 50,000 rows).
    dbapi_conn.execute("PRAGMA synchronous = NORMAL")
    dbapi_conn.execute("PRAGMA cache_size = -65536")
    if dbapi_conn.execute("SELECT CheckSpatialMetaData()").fetchone()[0] < 1:
        # 1 = in one transaction (seconds, not minutes); loads every EPSG SRID incl. 27700.
        dbapi_conn.execute("SELECT InitSpatialMetaData(1)")


# --- geometry construction -------------------------------------------------------------------


def make_point(x: float, y: float, srid: int) -> ColumnElement:
    """A point literal. PostGIS spells it ST_SetSRID(ST_MakePoint()), SpatiaLite MakePoint()."""
    return func.ST_SetSRID(func.ST_MakePoint(x, y), srid)


def _sqlite_make_point(x, y, srid):
    return func.MakePoint(x, y, srid)


def point_for(bind, x: float, y: float, srid: int) -> ColumnElement:
    if is_sqlite(bind):
        return _sqlite_make_point(x, y, srid)
    return make_point(x, y, srid)


# --- lists of ids --------------------------------------------------------------------------


def one_of_ids(bind, column, name: str = "ids") -> ColumnElement:
    """``column`` is one of the integers bound as ``name`` (a list). PostgreSQL: = ANY of one
    array parameter, so one prepared statement serves every length and the list travels
    as one value (the schedules of a finder page's 44 new listings: 0.63 ms as IN with a
    parameter each, 0.29 ms as ANY). SQLite: IN, a parameter each (it has no arrays)."""
    if is_sqlite(bind):
        return column.in_(bindparam(name, expanding=True))
    return column == any_(bindparam(name, type_=ARRAY(Integer)))


# --- indexed spatial predicates --------------------------------------------------------------


def within_distance(
    bind, table, geom_col: str, x: float, y: float, radius_m: float
) -> ClauseElement:
    """A predicate 'geometry within radius_m of (x, y)' in EPSG:27700 that uses the index.

    PostGIS: ST_DWithin on the raw indexed column is index-aware (GiST).
    SpatiaLite: spatial indexes are R*Tree virtual tables the planner never consults on its
    own, so the bounding box is looked up in the R*Tree explicitly and the exact distance is
    checked on the few rows it returns.
    """
    column = _table(table).c[geom_col]
    if not is_sqlite(bind):
        return func.ST_DWithin(column, make_point(x, y, BNG), radius_m)
    return and_(
        _rtree_bbox_ids(table, geom_col, x - radius_m, y - radius_m, x + radius_m, y + radius_m),
        func.ST_Distance(column, _sqlite_make_point(x, y, BNG)) <= radius_m,
    )


def in_bbox(
    bind, table, geom_col: str, xmin: float, ymin: float, xmax: float, ymax: float
) -> ClauseElement:
    """A predicate 'geometry's box meets (xmin, ymin, xmax, ymax)', index-aware on both."""
    column = _table(table).c[geom_col]
    if not is_sqlite(bind):
        envelope = func.ST_MakeEnvelope(xmin, ymin, xmax, ymax, column.type.srid)
        return column.op("&&")(envelope)
    return _rtree_bbox_ids(table, geom_col, xmin, ymin, xmax, ymax)


def _table(entity) -> Table:
    """A mapped class or a Table -> the Table (a class's .name may be a column)."""
    return entity.__table__ if hasattr(entity, "__table__") else entity


def _rtree_bbox_ids(entity, geom_col: str, xmin, ymin, xmax, ymax) -> ClauseElement:
    table = _table(entity)
    # SpatiaLite's R*Tree keys rows by rowid (an integer primary key is the rowid itself).
    rowid = literal_column(f'"{table.name}".rowid')
    rtree = f"idx_{table.name}_{geom_col}"
    ids = (
        select(literal_column("pkid"))
        .select_from(text(rtree))
        .where(
            literal_column("xmin") <= xmax,
            literal_column("xmax") >= xmin,
            literal_column("ymin") <= ymax,
            literal_column("ymax") >= ymin,
        )
    )
    return rowid.in_(ids)


def nearest_circle_m(bind, table, geom_col: str, x: float, y: float, count: int) -> float:
    """The distance from (x, y) to the ``count``-th nearest geometry: the smallest circle
    that holds ``count`` of them (infinity: fewer exist, or none that near on SpatiaLite),
    found by the spatial index in one cheap query whatever the density, instead of guessing
    circles.

    PostGIS walks its GiST index nearest first (the <-> operator) and stops there.
    SpatiaLite's R*Tree has no such order (and its KNN virtual table crashed SpatiaLite
    5.0.1), so the R*Tree's own boxes are ranked by distance inside widening squares
    (_rtree_nearest)."""
    statement = _nearest_statement(is_sqlite(bind), _table(table).c[geom_col])
    reach = bind.execute(statement, {"knn_x": x, "knn_y": y, "knn_skip": count - 1}).scalar()
    return math.inf if reach is None else float(reach)


@functools.cache
def _nearest_statement(sqlite: bool, column):
    """Built once per column (most searches ask): the point and the rank are bound."""
    x, y = bindparam("knn_x", type_=Float), bindparam("knn_y", type_=Float)
    return select(_nearest_sql(sqlite, column, x, y, bindparam("knn_skip", type_=Integer)))


def nearest_circle_sql(bind, table, geom_col: str, x, y, skip, cap) -> ColumnElement | None:
    """nearest_circle_m as SQL, for a query to use as its own radius: the distance to the
    ``skip + 1``-th nearest geometry, at most ``cap`` and at least 1 m (``cap`` when fewer
    exist). PostgreSQL runs it once, as an InitPlan, and the radius test around it still
    uses the GiST index: the page of a search and its circle in one round trip, not two.

    None on SpatiaLite, where a statement costs no round trip and SQLite plans the page
    around a subquery radius worse than around a bound one (at 100,000 listings: 2.1 ms,
    against 0.4 ms for nearest_circle_m and 1.1 ms for the page in its circle)."""
    if is_sqlite(bind):
        return None
    reach = _nearest_sql(False, _table(table).c[geom_col], x, y, skip)
    return func.greatest(func.least(func.coalesce(reach, cap), cap), 1.0)


def _nearest_sql(sqlite: bool, column, x, y, skip) -> ColumnElement:
    if sqlite:
        return _rtree_nearest(column, x, y, skip)
    knn = column.op("<->", return_type=Float)(make_point(x, y, BNG))
    return select(knn).order_by(knn).offset(skip).limit(1).scalar_subquery()


# SpatiaLite: the (skip + 1)-th nearest box centre among those within r of the point, found
# in the square of half-side r, is the true (skip + 1)-th nearest point (every point nearer
# is inside the square too); when there are fewer, the next, four times wider, square.
# Scanning the R*Tree of a square costs microseconds per thousand entries, and no row of the
# table is read. The R*Tree keeps 32-bit coordinates rounded outwards (about 3 cm at British
# National Grid magnitudes), so the circle gets RTREE_MARGIN_M more: never too small, and the
# page query measures every distance exactly.
RTREE_SQUARES_M = (500.0, 2_000.0, 8_000.0, 32_000.0, 128_000.0)
RTREE_MARGIN_M = 1.0


def _rtree_nearest(column, x, y, skip) -> ColumnElement:
    # The point is named once (each mention of a bound value is another parameter to
    # convert); every square ranks only the boxes within its half-side, so the first square
    # with skip + 1 of them answers. (SQLite resolves a subquery's ORDER BY against its own
    # columns only, so the ranking is by the selected square distance's name.)
    origin = select(x.label("x"), y.label("y")).subquery("origin")
    rtree = text(f"idx_{column.table.name}_{column.name}")
    xmin, xmax = literal_column("xmin"), literal_column("xmax")
    ymin, ymax = literal_column("ymin"), literal_column("ymax")
    dx = (xmin + xmax) * _number(0.5) - origin.c.x
    dy = (ymin + ymax) * _number(0.5) - origin.c.y
    d2 = dx * dx + dy * dy
    squares = []
    for half in RTREE_SQUARES_M:
        side = _number(half)
        squares.append(
            select(d2.label("d2"))
            .select_from(rtree)
            .where(
                xmin <= origin.c.x + side,
                xmax >= origin.c.x - side,
                ymin <= origin.c.y + side,
                ymax >= origin.c.y - side,
                d2 <= _number(half * half),
            )
            .order_by(literal_column("d2"))
            .offset(skip)
            .limit(1)
            .scalar_subquery()
        )
    nearest = func.sqrt(func.coalesce(*squares)) + _number(RTREE_MARGIN_M)
    return select(nearest).select_from(origin).scalar_subquery()


def _number(value: float) -> ColumnElement:
    # Written into the SQL rather than bound: a bound value is converted on every execution,
    # and these are dozens.
    return literal_column(repr(float(value)), Float)


def distance(bind, table, geom_col: str, x: float, y: float) -> ColumnElement:
    """Planar distance in metres from (x, y) in EPSG:27700 (same function name on both)."""
    column = _table(table).c[geom_col]
    return func.ST_Distance(column, point_for(bind, x, y, BNG))


# --- query plans (used by tests and the benchmark to prove the index is used) ----------------


def explain(bind: Connection, statement) -> str:
    compiled = statement.compile(bind, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if is_sqlite(bind) else "EXPLAIN "
    rows = bind.execute(text(prefix + str(compiled))).fetchall()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def plan_uses_spatial_index(bind: Connection, plan: str, table_name: str, geom_col: str) -> bool:
    if is_sqlite(bind):
        return f"idx_{table_name}_{geom_col}" in plan and "VIRTUAL TABLE" in plan
    return f"idx_{table_name}_{geom_col}" in plan and "Index" in plan


# --- maintenance -----------------------------------------------------------------------------


def analyze(bind: Connection) -> None:
    """Refresh planner statistics after bulk loads (both backends spell it ANALYZE)."""
    bind.execute(text("ANALYZE"))


def schema_object_is_ours(obj, name, type_, reflected, compare_to) -> bool:
    """For alembic: ignore SpatiaLite's and PostGIS's own tables and spatial index tables."""
    from geoalchemy2 import alembic_helpers

    if type_ == "table" and reflected and compare_to is None:
        return False  # in the database but not in our models: the extension's, not ours
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


# --- bulk writes with ids chosen up front ----------------------------------------------------


def drop_geometry_time_triggers(bind: Connection) -> None:
    """SQLite: drop SpatiaLite's per-row "last changed" stamps (migration 0009 says why)."""
    if not is_sqlite(bind):
        return
    names = bind.exec_driver_sql(
        "SELECT t.name FROM sqlite_master AS t JOIN geometry_columns AS g "
        "ON lower(t.tbl_name) = lower(g.f_table_name) WHERE t.type = 'trigger' AND "
        "t.name IN ('tmi_' || g.f_table_name || '_' || g.f_geometry_column, "
        "'tmu_' || g.f_table_name || '_' || g.f_geometry_column, "
        "'tmd_' || g.f_table_name || '_' || g.f_geometry_column)"
    ).scalars()
    for name in list(names):
        bind.exec_driver_sql(f'DROP TRIGGER "{name}"')


@contextlib.contextmanager
def bulk_writing(bind: Connection, cache_mib: int = 64):
    """A connection about to write many rows: SQLite gets a larger page cache for the
    time (its default is 2 MiB, less than one import's tables and indexes: writing 50,000
    venues took 10-20% less time with 64 MiB), then its size back, so the pooled
    connection does not keep the memory. PostgreSQL's buffers are the server's."""
    if not is_sqlite(bind):
        yield
        return
    before = bind.exec_driver_sql("PRAGMA cache_size").scalar()
    bind.exec_driver_sql(f"PRAGMA cache_size = -{int(cache_mib) * 1024}")
    try:
        yield
    finally:
        bind.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def lock_for_writing(bind: Connection, table_names: list[str]) -> None:
    """Keep other writers out while ids are handed out in Python (readers carry on).

    PostgreSQL: an explicit table lock. SQLite: the caller's first write already holds the
    database's single write lock until commit, so there is nothing to add.
    """
    if not is_sqlite(bind):
        names = ", ".join(f'"{name}"' for name in table_names)
        bind.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))


def next_id(bind: Connection, table_name: str) -> int:
    return bind.execute(text(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table_name}"')).scalar()


def sync_id_sequence(bind: Connection, table_name: str) -> None:
    """After inserting explicit ids, move PostgreSQL's sequence past them (SQLite needs not)."""
    if not is_sqlite(bind):
        bind.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table_name}"))'
            )
        )


def bulk_insert(
    bind: Connection,
    table: Table,
    rows: list[dict],
    points: dict[str, tuple[str, str, int]] | None = None,
) -> None:
    """Insert many plain rows into ``table`` as fast as each backend allows.

    ``points`` maps a geometry column to the numeric keys and SRID it is built from, e.g.
    {"geom_bng": ("x", "y", 27700)}; a row with None there gets no geometry.
    SQLite: one prepared INSERT run by the driver's executemany, with each column's bind
    processor applied here (SQLAlchemy's per-row bookkeeping cost a third of an import).
    PostgreSQL: COPY, measured several times faster than batched INSERTs for 50,000 rows.
    """
    if not rows:
        return
    data_version.changed(bind, table.name)  # below SQLAlchemy's events, so it says so itself
    points = points or {}
    if is_sqlite(bind):
        # The SRID is written into the statement, so every bound value comes from the row.
        statement = table.insert().values(
            **{
                column: _sqlite_make_point(
                    bindparam(x), bindparam(y), literal_column(str(int(srid)))
                )
                for column, (x, y, srid) in points.items()
            }
        )
        with _index_triggers_set_aside(bind, table.name, points, rows) as indexed:
            _sqlite_executemany(bind, statement, rows)
            for column in indexed:
                _sqlite_index_rows(bind, table.name, column, [row["id"] for row in rows])
    else:
        _postgres_copy(bind, table, rows, points)


@contextlib.contextmanager
def _index_triggers_set_aside(bind: Connection, table_name: str, points: dict, rows: list):
    """SQLite: SpatiaLite's per-row insert triggers on point columns, dropped for one bulk
    insert and created again from their own SQL, in the same transaction.

    Per row, one trigger re-checks the geometry type and SRID (with a query on
    geometry_columns) and another puts the point in the R*Tree with a statement of its
    own: for 50,000 venues that was 0.95 of the insert's 1.2 s. The statement builds each
    point with MakePoint and the column's own SRID, so the check cannot fail, and the
    caller indexes the new rows with one INSERT ... SELECT (0.25 s). Only when the rows
    carry their ids (so the new rows can be named) and the SRIDs agree; else the
    triggers stay. A failure rolls the transaction back, triggers included."""
    aside = []
    if rows and "id" in rows[0]:
        for column, (_x, _y, srid) in points.items():
            if _sqlite_point_column(bind, table_name, column) == int(srid):
                aside += _sqlite_triggers(bind, table_name, column)
    for name, _column, _sql in aside:
        bind.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield [column for name, column, _sql in aside if name.startswith("gii_")]
    finally:
        for _name, _column, sql in aside:
            bind.exec_driver_sql(sql)


def _sqlite_point_column(bind: Connection, table_name: str, column: str) -> int | None:
    """The SRID of a SpatiaLite POINT column, else None."""
    return bind.exec_driver_sql(
        "SELECT srid FROM geometry_columns WHERE lower(f_table_name) = lower(?) "
        "AND lower(f_geometry_column) = lower(?) AND geometry_type = 1",
        (table_name, column),
    ).scalar()


def _sqlite_triggers(bind: Connection, table_name: str, column: str) -> list[tuple]:
    """(name, column, SQL) of the column's insert check and insert index triggers."""
    names = (f"ggi_{table_name}_{column}", f"gii_{table_name}_{column}")
    return [
        (name, column, sql)
        for name, sql in bind.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            names,
        )
    ]


def _sqlite_index_rows(bind: Connection, table_name: str, column: str, ids: list[int]) -> None:
    """What the insert index trigger does for each row, for many rows at once. The R*Tree
    rounds each bound outwards to its 32-bit floats, as RTreeAlign does."""
    index = f"idx_{table_name}_{column}"
    chosen, listed = "(SELECT value FROM json_each(?))", (json.dumps(ids),)
    bind.exec_driver_sql(f'DELETE FROM "{index}" WHERE pkid IN {chosen}', listed)
    bind.exec_driver_sql(
        f'INSERT INTO "{index}" (pkid, xmin, xmax, ymin, ymax) '
        f'SELECT rowid, MbrMinX("{column}"), MbrMaxX("{column}"), MbrMinY("{column}"), '
        f'MbrMaxY("{column}") FROM "{table_name}" '
        f'WHERE rowid IN {chosen} AND "{column}" IS NOT NULL',
        listed,
    )


def _sqlite_executemany(bind: Connection, statement, rows: list[dict]) -> None:
    compiled = statement.compile(dialect=bind.dialect, column_keys=list(rows[0]))
    names = compiled.positiontup
    processors = [compiled.binds[name].type._cached_bind_processor(bind.dialect) for name in names]
    bind.exec_driver_sql(compiled.string, _tuples(rows, names, processors))


def _tuples(rows: list[dict], names: list[str], processors: list) -> list[tuple]:
    """The rows as tuples in the order of ``names``, each value through its column's bind
    processor (dates, booleans, JSON) if it has one. Each row becomes a tuple at C speed;
    only the columns with a processor are then converted, each distinct value once
    (converting column by column, with zip, was measured a quarter slower)."""
    pick = operator.itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    converting = [(i, _memoised(process)) for i, process in enumerate(processors) if process]
    if not converting:
        return list(map(pick, rows))

    def convert(row: dict) -> tuple:
        values = list(pick(row))
        for i, process in converting:
            values[i] = process(values[i])
        return tuple(values)

    return list(map(convert, rows))


def _memoised(process):
    """A bind processor that converts each distinct value once: a run stamps the same
    datetime, run id and enum values on thousands of rows."""
    cache: dict = {}

    def cached(value):
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = process(value)
            return result
        except TypeError:  # unhashable (a JSON list): convert every time
            return process(value)

    return cached


def _postgres_copy(bind: Connection, table: Table, rows: list[dict], points: dict) -> None:
    used = {key for x, y, _srid in points.values() for key in (x, y)}
    plain = [column for column in rows[0] if column not in used]
    processors = [table.c[c].type._cached_bind_processor(bind.dialect) for c in plain]
    columns = ", ".join(f'"{c}"' for c in plain + list(points))
    values = _tuples(rows, plain, processors)
    if points:  # as EWKT, which COPY turns into geometry
        made = zip(*(_ewkt(rows, x, y, srid) for x, y, srid in points.values()), strict=True)
        values = [given + point for given, point in zip(values, made, strict=True)]
    driver = bind.connection.driver_connection  # psycopg, inside this same transaction
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
    ):
        for row in values:
            copy.write_row(row)


def _ewkt(rows: list[dict], x: str, y: str, srid: int) -> list[str | None]:
    return [None if row[x] is None else f"SRID={srid};POINT({row[x]!r} {row[y]!r})" for row in rows]
