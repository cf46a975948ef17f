"""Read replicas: requests that only read go to a PostgreSQL streaming replica, and a
person who has just written reads their own writes.

Settings: MAPAPP_DATABASE_READ_URL, one or more PostgreSQL URLs (comma-separated) of hot
standbys of MAPAPP_DATABASE_URL. GET, HEAD and OPTIONS requests take the replicas in turn;
everything else, and commands, use the primary.

A replica lags its primary by its replication delay, so after a request that wrote, the
web layer keeps the primary's WAL position of that moment in the person's session cookie
(web/replica_reads.py). Their next reads go to a replica only once it has replayed at least
that far (``pg_last_wal_replay_lsn() >= position``), else to the primary: an edit is never
followed by a page without it, on a fresh or a lagging replica.

Caches keyed by the data version stay right without more: the version is a row in the
database, replicated with the data it describes and read in the same request (data_version.py),
and each engine keeps its own caches (one per connection pool).
"""

from __future__ import annotations

import itertools
import threading

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from .errors import ConfigurationError

_REPLAYED = text("SELECT pg_last_wal_replay_lsn() >= CAST(:position AS pg_lsn)")
_POSITION = text("SELECT CAST(pg_current_wal_lsn() AS text)")


class ReadReplicas:
    def __init__(self, engines: list[Engine]):
        for engine in engines:
            if engine.dialect.name != "postgresql":
                raise ConfigurationError(
                    "MAPAPP_DATABASE_READ_URL must name PostgreSQL hot standbys "
                    f"(postgresql+psycopg://...), not '{engine.url.get_backend_name()}'."
                )
        self.engines = engines
        self.makers = [
            sessionmaker(e.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
            for e in engines
        ]
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def maker_for(self, after: str | None = None) -> sessionmaker | None:
        """The next replica's sessionmaker; with ``after`` (a WAL position), only one that
        has replayed that far. None: none has (or none answers), so read the primary."""
        for _ in range(len(self.makers)):
            with self._lock:
                i = next(self._turn) % len(self.makers)
            if after is None or self._replayed(self.engines[i], after):
                return self.makers[i]
        return None

    @staticmethod
    def _replayed(engine: Engine, position: str) -> bool:
        try:
            with engine.connect() as conn:
                return bool(conn.execute(_REPLAYED, {"position": position}).scalar())
        except DBAPIError:  # down, or not a standby: the primary answers instead
            return False

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()


def write_position(primary: Engine) -> str:
    """The primary's WAL position now: at or past every commit made before this call."""
    with primary.connect() as conn:
        return conn.execute(_POSITION).scalar_one()
