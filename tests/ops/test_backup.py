"""`mapapp backup` and `mapapp restore` on both backends, through the command line."""

import sqlite3

import pytest
from geoalchemy2 import Geometry
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from mapapp import data_version
from mapapp.db import session_scope
from mapapp.models import Asset, Base
from mapapp.ops.backup import libpq_target, pg_error_message
from tests.conftest import make_test_app, schema_head


def _run(url, *args, **config):
    app = make_test_app(url, **config)
    try:
        return app.test_cli_runner().invoke(args=list(args))
    finally:
        app.extensions["mapapp.engine"].dispose()


def _snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every mapapp table and the alembic version, geometries as WKT; not the
    data version, which a restore moves on (test_restore_moves_the_data_version_on)."""
    tables = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "data_version":
                continue
            columns = [
                func.ST_AsText(c).label(c.name) if isinstance(c.type, Geometry) else c
                for c in table.columns
            ]
            rows = conn.execute(select(*columns)).fetchall()
            tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
        tables["alembic_version"] = conn.execute(
            text("SELECT version_num FROM alembic_version")
        ).fetchall()
    return tables


def test_backup_then_restore_into_a_fresh_database_copies_every_row(
    backend, demo_db, engine_for, tmp_path
):
    out = tmp_path / "mapapp.backup"
    result = _run(demo_db, "backup", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Backup written: {out}")
    # Private like the database it copies, and no temporary file left beside it.
    assert out.stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [out]

    fresh = backend.fresh(None)
    result = _run(fresh, "restore", str(out))
    assert result.exit_code == 0, result.output
    assert f"schema revision {schema_head()}" in result.output

    expected, restored = _snapshot(engine_for(demo_db)), _snapshot(engine_for(fresh))
    assert len(expected["assets"]) > 300 and len(expected["venues"]) > 100
    assert expected["alembic_version"] == [(schema_head(),)]
    for name, rows in expected.items():
        assert restored[name] == rows, name


def test_restore_returns_to_the_state_at_backup_time(demo_db, engine_for, tmp_path):
    out = tmp_path / "before.backup"
    engine = engine_for(demo_db)
    before = _snapshot(engine)
    assert _run(demo_db, "backup", str(out)).exit_code == 0
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE assets SET name = 'Changed after the backup' "
                "WHERE id = (SELECT MIN(id) FROM assets)"
            )
        )
        conn.execute(text("DELETE FROM asset_tags"))
    assert _snapshot(engine) != before
    # A connection left open across the restore, as a running app's would be.
    held = engine.connect()
    assert held.execute(text("SELECT count(*) FROM asset_tags")).scalar() == 0
    held.commit()

    result = _run(demo_db, "restore", str(out))
    assert result.exit_code == 0, result.output
    assert (
        held.execute(text("SELECT count(*) FROM asset_tags")).scalar()
        == len(before["asset_tags"])
        > 0
    )
    held.close()
    assert _snapshot(engine) == before


def test_restore_moves_the_data_version_on(demo_db, engine_for, tmp_path):
    """Cached gap analyses are filed under the data version: after a restore it must be
    one no process has seen, above both the backup's and the replaced database's."""
    out = tmp_path / "before.backup"
    engine = engine_for(demo_db)
    with engine.connect() as conn:
        at_backup = data_version.current(conn)
    assert _run(demo_db, "backup", str(out)).exit_code == 0
    with session_scope(engine) as session:  # two changes after the backup
        session.scalars(select(Asset)).first().name = "Changed after the backup"
    with session_scope(engine) as session:
        session.scalars(select(Asset)).first().name = "Changed again"
    with engine.connect() as conn:
        assert data_version.current(conn) == at_backup + 2
    assert _run(demo_db, "restore", str(out)).exit_code == 0
    with engine.connect() as conn:
        assert data_version.current(conn) == at_backup + 3


def _garbage(path):
    path.write_bytes(b"this is not a backup\n" * 50)


def _foreign_sqlite(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('hello')")
    conn.commit()
    conn.close()


def _truncated(fraction):
    def make(path, source_url):
        full = path.with_suffix(".full")
        assert _run(source_url, "backup", str(full)).exit_code == 0
        data = full.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    make.__name__ = f"truncated_to_{fraction}"
    return make


# The message each backend gives, by kind of bad file (damaged files: any of the readable
# reasons the driver or pg_restore gives, always ending with what to do).
BAD_FILES = {
    "garbage": (
        _garbage,
        {
            "spatialite": ["is not a SQLite database"],
            "postgis": ["input file does not appear to be a valid archive"],
        },
    ),
    "foreign": (
        _foreign_sqlite,
        {"spatialite": ["not a mapapp one"], "postgis": ["is a SpatiaLite backup"]},
    ),
    "third": (
        _truncated(1 / 3),
        {"spatialite": ["malformed", "damaged"], "postgis": ["could not read", "end of file"]},
    ),
    "most": (
        _truncated(0.9),
        {
            "spatialite": ["malformed", "damaged"],
            "postgis": ["could not read", "end of file", "Nothing was changed"],
        },
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_wrong_or_damaged_file_is_refused_and_the_target_is_unchanged(
    backend, demo_db, schema_db, engine_for, tmp_path, kind
):
    make_bad, messages = BAD_FILES[kind]
    bad = tmp_path / "bad.backup"
    if kind in ("third", "most"):
        make_bad(bad, schema_db)
    else:
        make_bad(bad)
    before = _snapshot(engine_for(demo_db))
    result = _run(demo_db, "restore", str(bad))
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("Error: ")
    assert any(m in result.output for m in messages[backend.name]), result.output
    assert _snapshot(engine_for(demo_db)) == before


def test_a_foreign_sqlite_file_is_named_as_such(backend, schema_db, tmp_path):
    bad = tmp_path / "notes.sqlite"
    _foreign_sqlite(bad)
    result = _run(schema_db, "restore", str(bad))
    assert result.exit_code == 1
    if backend.name == "spatialite":
        assert (
            "is a SQLite database but not a mapapp one (no alembic_version, assets table)"
            in result.output
        )
    else:
        assert "is a SpatiaLite backup; restore it into a SpatiaLite database" in result.output


def test_a_missing_backup_file_is_one_line(schema_db, tmp_path):
    result = _run(schema_db, "restore", str(tmp_path / "nope.backup"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: No backup file at {tmp_path / 'nope.backup'}. "
        "Give the path of a file made by 'mapapp backup'."
    )


def test_backup_into_a_missing_folder_is_one_line(schema_db, tmp_path):
    result = _run(schema_db, "backup", str(tmp_path / "missing" / "out.backup"))
    assert result.exit_code == 1
    assert "does not exist" in result.output and len(result.output.strip().splitlines()) == 1


def test_pg_dump_missing_says_to_install_the_client(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere
    app = make_test_app("postgresql+psycopg://mapapp:s3cret@127.0.0.1:1/none")
    from mapapp.ops.backup import backup

    with app.app_context(), pytest.raises(Exception) as caught:
        backup(app.extensions["mapapp.engine"], str(tmp_path / "out.backup"))
    message = caught.value.message
    assert message.startswith("pg_dump is not installed")
    assert "sudo apt-get install postgresql-client" in message
    assert not list(tmp_path.glob("*.tmp"))


def test_libpq_url_drops_the_driver_and_keeps_the_password_off_the_command_line():
    url = make_url("postgresql+psycopg://mapapp:s3cret@db.example:5433/maps?sslmode=require")
    target, env = libpq_target(url)
    assert target == "postgresql://mapapp@db.example:5433/maps?sslmode=require"
    assert env["PGPASSWORD"] == "s3cret"


def test_client_version_mismatch_is_reported_in_one_readable_line():
    stderr = (
        "pg_dump: error: aborting because of server version mismatch\n"
        "pg_dump: detail: server version: 17.2; pg_dump version: 15.20\n"
    )
    url = make_url("postgresql+psycopg://mapapp:s3cret@db/maps")
    message = pg_error_message("Backup", stderr, url)
    assert message == (
        "Backup failed: pg_dump: error: aborting because of server version mismatch "
        "pg_dump: detail: server version: 17.2; pg_dump version: 15.20. Install the "
        "PostgreSQL client tools (Debian/Ubuntu: 'sudo apt-get install postgresql-client'; "
        "macOS: 'brew install libpq') in the same major version as the server or newer."
    )


def test_errors_never_show_the_password():
    url = make_url("postgresql+psycopg://mapapp:s3cret@db/maps")
    stderr = 'pg_dump: error: connection to "postgresql://mapapp:s3cret@db/maps" failed\n'
    assert "s3cret" not in pg_error_message("Backup", stderr, url)


def test_backup_and_restore_have_help():
    app = make_test_app("sqlite://")
    for command in ("backup", "restore"):
        result = app.test_cli_runner().invoke(args=[command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, command
        assert "SpatiaLite" in result.output and "PostGIS" in result.output


def test_a_restore_that_fails_halfway_changes_nothing(
    backend, demo_db, schema_db, engine_for, tmp_path
):
    if backend.name != "postgis":
        pytest.skip("SQLite's backup API replaces the pages in one write; no halfway point")
    out = tmp_path / "demo.backup"
    assert _run(demo_db, "backup", str(out)).exit_code == 0
    # An object of someone else's that depends on a mapapp table: pg_restore --clean cannot
    # drop the table, partway through a restore that has already dropped others.
    engine = engine_for(schema_db)
    with engine.begin() as conn:
        conn.execute(text("CREATE VIEW someone_elses AS SELECT id, name FROM assets"))
    before = _snapshot(engine)
    engine.dispose()

    result = _run(schema_db, "restore", str(out))
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("Error: Restore failed: pg_restore: error:")
    assert "depend" in result.output
    assert result.output.strip().endswith(
        "Nothing was changed (the restore runs in one transaction)."
    )
    assert _snapshot(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM someone_elses")).scalar() == 0
