"""A counter in the database that changes whenever listings or reference data change.

Cached results that depend on the data (the gap analysis: see analysis/cache.py) are kept
under the version they were computed at, so a worker process never serves a result older
than the data, whichever process made the change: the version lives in the database, not
in any process's memory.

Every write reaches the database one of two ways, and both bump the version in the
writer's own transaction (so it becomes visible exactly when the change does):
- SQLAlchemy statements (ORM flushes, ORM bulk statements, Core inserts, updates and
  deletes such as the reference load's): an engine event, installed by db.make_engine;
- dialect.bulk_insert (the import's COPY / executemany, below SQLAlchemy): it calls
  ``changed`` itself.
A restore replaces the counter with the backup's; ``after_restore`` moves it past every
value seen before, so no cache entry from before the restore can be mistaken for current.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from sqlalchemy import Connection, Engine, column, event, inspect, select, table, text

TABLE = "data_version"
# What the gap analysis and the finder read: a write to any of these changes results.
# (Feedback, accounts, import runs and their history do not.)
WATCHED = frozenset(
    {
        "assets",
        "venues",
        "schedules",
        "asset_domains",
        "asset_tags",
        "organisations",
        "districts",
        "small_areas",
        "postcodes",
        "places",
    }
)
_BUMPED = "mapapp.data_version.bumped"
_BUMPED_IN = "mapapp.data_version.bumped_in"  # the outermost transaction of the last bump
_BUMP = text(f"UPDATE {TABLE} SET version = version + 1")


def current(bind: Connection) -> int:
    return bind.execute(text(f"SELECT version FROM {TABLE}")).scalar_one()


_VERSION = table(TABLE, column("version"))


def in_statement():
    """The version as a column of a query: read in the same statement as its rows, so it
    is the version they are at (what a kept copy of them is checked against)."""
    return select(_VERSION.c.version).scalar_subquery()


def changed(bind: Connection, table_name: str) -> None:
    """Bump the version if ``table_name`` is watched, once per transaction."""
    if table_name not in WATCHED:
        return
    # The innermost transaction: a bump inside a savepoint that is rolled back is undone
    # with it, so writes after it must bump again.
    transaction = bind.get_nested_transaction() or bind.get_transaction()
    if transaction is not None and bind.info.get(_BUMPED) is transaction:
        return
    bind.execute(_BUMP)
    bind.info[_BUMPED] = transaction
    bind.info[_BUMPED_IN] = bind.get_transaction()


def wrote(bind: Connection) -> bool:
    """Has the current transaction of ``bind`` written to a watched table, not committed
    yet? (Also after a savepoint with the write was rolled back: erring on the safe side.)"""
    transaction = bind.get_transaction()
    return transaction is not None and bind.info.get(_BUMPED_IN) is transaction


def watch(engine: Engine) -> None:
    event.listen(engine, "after_execute", _after_execute)


def _after_execute(conn, clauseelement, multiparams, params, execution_options, result):
    if getattr(clauseelement, "is_dml", False):
        table = getattr(clauseelement, "table", None)
        name = getattr(table, "name", None)
        if name is not None:
            changed(conn, name)


def before_restore(engine: Engine) -> int | None:
    """The version before a restore (None when the schema predates the counter)."""
    with engine.connect() as conn:
        return current(conn) if inspect(conn).has_table(TABLE) else None


def after_restore(engine: Engine, before: int | None) -> None:
    """Past both the restored value and the one before: a fresh version nobody cached."""
    with engine.begin() as conn:
        if not inspect(conn).has_table(TABLE):
            return
        conn.execute(
            text(f"UPDATE {TABLE} SET version = :v"), {"v": max(current(conn), before or 0) + 1}
        )


class PerPool:
    """What a process keeps for each connection pool (one per engine: two apps, or two test
    databases, never share), made by ``factory`` on first use. The listing views, the map's
    point index, the district outlines and the postcodes are each kept this way, under the
    data version."""

    def __init__(self, factory: Callable[[], object]):
        self._factory = factory
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, bind: Connection):
        """The kept object of ``bind``'s pool; None while ``bind``'s transaction has written
        to a watched table: what it reads may yet be rolled back, under a version another
        transaction will then reuse for different data."""
        if wrote(bind):
            return None
        pool = bind.engine.pool  # shared by an engine and its execution_options() copies
        with self._lock:
            kept = self._kept.get(pool)
            if kept is None:
                kept = self._kept[pool] = self._factory()
            return kept


class Latest:
    """One value and the version it was made at, replaced together (a reader on another
    thread never sees one's version with another's value)."""

    def __init__(self):
        self._pair: tuple = (None, None)

    def get(self, version: int | None):
        kept_version, value = self._pair
        return value if version is not None and kept_version == version else None

    def put(self, version: int | None, value) -> None:
        if version is not None:
            self._pair = (version, value)
