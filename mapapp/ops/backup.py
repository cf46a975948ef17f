"""Back up the configured database to one file, and restore it from one.

SpatiaLite: SQLite's online backup API, which copies a consistent snapshot while the app
keeps running and, in reverse, replaces the target's contents inside one write transaction.
PostGIS: pg_dump's custom format and pg_restore in a single transaction.

Every input is checked before the target is touched: a wrong or damaged file gives a
one-line error and leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import URL, Engine

from .. import data_version, dialect
from ..errors import MapappError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Tables whose presence makes a file a mapapp database rather than any database.
REQUIRED_TABLES = ("alembic_version", "assets")
INSTALL_PG_CLIENT = (
    "Install the PostgreSQL client tools (Debian/Ubuntu: 'sudo apt-get install "
    "postgresql-client'; macOS: 'brew install libpq') in the same major version "
    "as the server or newer."
)
CHECK_FILE = "Give a file made by 'mapapp backup'."
CHECK_SERVER = "Check that the database server is running and MAPAPP_DATABASE_URL is right."


class BackupError(MapappError):
    status_code = 500


def backup(engine: Engine, out_path: str) -> str:
    """Write a backup of the database behind ``engine`` to ``out_path``; return a summary."""
    out = Path(out_path)
    if not out.parent.is_dir():
        raise BackupError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    # Write next to the destination, then rename: a failed or interrupted backup never
    # leaves a half-written file under the name a person would later restore from.
    with _temp_beside(out) as temp:
        if dialect.is_sqlite(engine):
            _sqlite_backup(engine, temp)
        else:
            _pg_dump(engine.url, temp)
        os.replace(temp, out)
    return f"Backup written: {out} ({out.stat().st_size:,} bytes)"


def restore(engine: Engine, in_path: str) -> str:
    """Replace the database behind ``engine`` with the backup ``in_path``; return a summary."""
    source = Path(in_path)
    if not source.is_file():
        raise BackupError(
            f"No backup file at {source}. Give the path of a file made by 'mapapp backup'."
        )
    before = data_version.before_restore(engine)
    if dialect.is_sqlite(engine):
        revision = _sqlite_restore(engine, source)
    else:
        revision = _pg_restore(engine.url, source)
    # Pooled connections may hold schema or snapshot state from before the restore.
    engine.dispose()
    data_version.after_restore(engine, before)  # cached results from before are stale
    where = engine.url.render_as_string(hide_password=True)
    return f"Restored {source} into {where} (schema revision {revision})."


@contextmanager
def _temp_beside(target: Path):
    """A temporary path in the same folder as ``target`` (so os.replace is atomic), removed
    afterwards unless it was renamed into place. mkstemp makes it readable by its owner
    only, and the backup keeps that: it holds everything the database does."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise BackupError(
            f"Cannot write in {target.parent}: {exc.strerror}. Choose a folder you can write to."
        ) from None
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _magic(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(16)


# --- SpatiaLite ------------------------------------------------------------------------------


def _sqlite_backup(engine: Engine, temp: Path) -> None:
    driver = dialect.sqlite_module()
    raw = engine.raw_connection()  # the app's own connection: it reads through the WAL
    target = driver.connect(str(temp))
    try:
        raw.driver_connection.backup(target)
        # A backup is one self-contained file: without WAL it needs no -wal/-shm companions
        # and can be opened read-only anywhere (restore opens it that way).
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
        raw.close()


def _sqlite_restore(engine: Engine, source: Path) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError(
            "Restore needs a database file; the configured SQLite database is "
            "in memory. Set MAPAPP_DATABASE_URL to sqlite:///path/file.sqlite."
        )
    driver = dialect.sqlite_module()
    backup_conn = _open_sqlite_backup(driver, source)
    try:
        revision = _check_sqlite_backup(backup_conn, source)
        # Backup API in reverse: the target's pages are replaced inside one write
        # transaction, so a failure rolls back and other connections (this process's pool,
        # a running app) see either the old database or the restored one, never a mix.
        # Renaming a file over the target instead would corrupt it if a -wal file is open.
        target = driver.connect(database, timeout=30)
        try:
            backup_conn.backup(target)
        except driver.Error as exc:
            raise BackupError(
                f"Could not restore into {database}: {exc}. Stop the app "
                "(it may hold a write lock) and try again."
            ) from None
        finally:
            target.close()
    finally:
        backup_conn.close()
    return revision


def _open_sqlite_backup(driver, source: Path):
    magic = _magic(source)
    if magic.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(
            f"{source} is a PostgreSQL backup (pg_dump); restore it into a "
            "PostGIS database, not this SpatiaLite one."
        )
    if magic != SQLITE_MAGIC:
        raise BackupError(
            f"{source} is not a SQLite database. Give a file made by 'mapapp backup'."
        )
    # Read-only: checking a backup must never change it.
    return driver.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)


def _check_sqlite_backup(conn, source: Path) -> str:
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except Exception as exc:  # noqa: BLE001 — the driver raises its own DatabaseError class
        raise BackupError(
            f"{source} cannot be read as a SQLite database ({exc}). Give a "
            "file made by 'mapapp backup'."
        ) from None
    if check != "ok":
        raise BackupError(
            f"{source} is damaged (SQLite integrity check: {check}). Use another backup."
        )
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise BackupError(
            f"{source} is a SQLite database but not a mapapp one (no "
            f"{', '.join(missing)} table). Give a file made by 'mapapp backup'."
        )
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return _known_revision(row[0] if row else None, source)


def _known_revision(revision: str | None, source: Path) -> str:
    """A backup from a newer mapapp has tables this code does not know: refuse it."""
    from alembic.script import ScriptDirectory

    from ..db import MIGRATIONS_DIR

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    known = {script.revision for script in scripts.walk_revisions()}
    if revision not in known:
        raise BackupError(
            f"{source} has schema revision {revision!r}, which this version "
            "of mapapp does not know. Restore it with the mapapp that made it, "
            "or upgrade mapapp."
        )
    return revision


# --- PostGIS ---------------------------------------------------------------------------------


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, and the environment for pg_dump/pg_restore.

    libpq knows 'postgresql://', not SQLAlchemy's 'postgresql+psycopg://'. The password goes
    in PGPASSWORD, never on the command line, where any user's `ps` would show it.
    """
    # (URL.set(password=None) would mean "unchanged", so the URL is built afresh.)
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed, and PostGIS backups need it. {INSTALL_PG_CLIENT}"
        )
    return path


def _pg_dump(url: URL, temp: Path) -> None:
    target, env = libpq_target(url)
    _run_pg(
        [_pg_tool("pg_dump"), "--format=custom", f"--file={temp}", f"--dbname={target}"],
        env,
        url,
        "Backup",
    )


def _pg_restore(url: URL, source: Path) -> str:
    magic = _magic(source)
    if magic == SQLITE_MAGIC:
        raise BackupError(
            f"{source} is a SpatiaLite backup; restore it into a SpatiaLite "
            "database, not this PostGIS one."
        )
    tool = _pg_tool("pg_restore")
    target, env = libpq_target(url)
    # --list reads the archive only: a wrong or damaged file is refused before the target
    # database is touched.
    listing = _run_pg(
        [tool, "--list", str(source)], env, url, "Reading the backup", advice=CHECK_FILE
    )
    _check_pg_listing(listing, source)
    revision = _known_revision(_pg_archived_revision(tool, env, url, source), source)
    # --single-transaction: all or nothing (it implies --exit-on-error).
    _run_pg(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={target}",
            str(source),
        ],
        env,
        url,
        "Restore",
        advice="Nothing was changed (the restore runs in one transaction).",
    )
    return revision


def _check_pg_listing(listing: str, source: Path) -> None:
    # A table of contents line reads e.g. "215; 1259 16390 TABLE public assets postgres":
    # the table's name comes two words after TABLE (TABLE DATA lines say DATA there).
    tables = set()
    for line in listing.splitlines():
        words = line.split()
        if line.startswith(";") or "TABLE" not in words:
            continue
        at = words.index("TABLE")
        if at + 2 < len(words) and words[at + 1] != "DATA":
            tables.add(words[at + 2])
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise BackupError(
            f"{source} is a PostgreSQL backup but not of a mapapp database (no "
            f"{', '.join(missing)} table). Give a file made by 'mapapp backup'."
        )


def _pg_archived_revision(tool: str, env: dict, url: URL, source: Path) -> str | None:
    """The alembic revision inside the archive, read without a database: pg_restore
    prints the table's COPY block, whose one data line is the revision."""
    script = _run_pg(
        [tool, "--data-only", "--table=alembic_version", "--file=-", str(source)],
        env,
        url,
        "Reading the backup",
        advice=CHECK_FILE,
    )
    lines = script.splitlines()
    for at, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and at + 1 < len(lines):
            value = lines[at + 1].strip()
            return None if value == "\\." else value
    return None


def _run_pg(command: list[str], env: dict, url: URL, what: str, advice: str = CHECK_SERVER) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(pg_error_message(what, done.stderr, url, advice))
    return done.stdout


def pg_error_message(what: str, stderr: str, url: URL, advice: str = CHECK_SERVER) -> str:
    """pg_dump/pg_restore's error in one line, with what to do about it, and no password."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line or "detail:" in line] or lines[:1]
    reason = " ".join(errors[:2]) or "no message"
    if url.password:
        reason = reason.replace(str(url.password), "***")
    if "version" in reason and ("mismatch" in reason or "unsupported" in reason):
        advice = INSTALL_PG_CLIENT
    return f"{what} failed: {reason}. {advice}"
