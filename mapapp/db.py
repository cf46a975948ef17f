"""Engines, sessions and schema migrations.

One engine per database URL: SpatiaLite (a file) or PostGIS (a server). Requests get one
session each from web/database.py, closed at the end of the request; library functions take
a session and only flush, and the request or command that called them commits once.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from . import data_version, dialect
from .errors import ConfigurationError, DatabaseUnavailable
from .models import stored_text

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Ids are 32-bit INTEGER columns on both backends: a larger id in a URL cannot exist. Past
# 64 bits SQLite cannot even bind it (OverflowError): a 500 until schemathesis sent one.
MAX_ID = 2**31 - 1
POSTGRES_OPTIONS = (
    "-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan"
)


def id_fits(row_id: int) -> bool:
    """Whether a row can have this id: larger ids are answered as missing, never sent."""
    return 0 <= row_id <= MAX_ID


def get_row(session: Session, model, row_id: int):
    """``session.get`` for an id from outside (a URL): None when no row can have it."""
    return session.get(model, row_id) if id_fits(row_id) else None


def make_engine(url: str, spatialite_library: str = "mod_spatialite") -> Engine:
    stored_text.install()  # no control characters in stored text, whatever wrote it
    engine = _make_engine(url, spatialite_library)
    data_version.watch(engine)  # every write to listings or reference data bumps it
    return engine


def _make_engine(url: str, spatialite_library: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _spatialite_engine(url, spatialite_library)
    if parsed.get_backend_name() == "postgresql":
        # JIT compilation is for long analytical queries; on the finder's short queries
        # PostgreSQL's cost estimate for spatial functions triggered it and it took 18 ms
        # of a 40 ms query (measured at 100,000 listings).
        # Parallel workers likewise: starting them costs more than the finder's queries.
        # Generic plans: psycopg prepares a statement after its fifth run on a connection,
        # but PostgreSQL kept planning the finder's query afresh for each point (PostGIS
        # estimates the spatial selectivity from its statistics: 20-35 ms of planning for
        # 1-2 ms of execution at 100,000 listings); the generic plan uses the same spatial
        # index and is planned once per connection.
        # JSON columns (a listing's type codes) are parsed by orjson: the standard library's
        # parser was a twentieth of a finder request.
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            json_deserializer=orjson.loads,
            connect_args={"options": POSTGRES_OPTIONS},
        )
    raise ConfigurationError(
        f"Unsupported database URL '{parsed.render_as_string(hide_password=True)}'. "
        "Use sqlite:///path/file.sqlite (SpatiaLite) or postgresql+psycopg://... (PostGIS)."
    )


def _spatialite_engine(url: str, library: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, module=dialect.sqlite_module())
    event.listen(engine, "connect", lambda conn, _rec: dialect.load_spatialite(conn, library))
    return engine


def check_connection(engine: Engine) -> None:
    """Fail early with a sentence a person can act on when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            if not dialect.is_sqlite(conn):
                conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"Cannot reach the database {where}: {reason}. Start the database server or "
            "correct MAPAPP_DATABASE_URL."
        ) from None


# --- migrations ------------------------------------------------------------------------------


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (alembic), creating the database on first use."""
    from alembic import command

    check_connection(engine)
    command.upgrade(_alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def require_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("assets"):
            raise ConfigurationError("The database has no tables yet. Run 'mapapp init-db' first.")


# --- sessions --------------------------------------------------------------------------------


@contextmanager
def session_scope(engine: Engine):
    """A session for a command or a script: commit on success, roll back on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
