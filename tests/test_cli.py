"""The mapapp command line, run as a person would (a real subprocess for the start-up path)."""

import os
import subprocess
import sys

from tests.conftest import REFERENCE_DIR, make_test_app, schema_head


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_init_db_then_reference_load_reports_counts(empty_db):
    app = make_test_app(empty_db)
    result = _run(app, "init-db")
    assert result.exit_code == 0, result.output
    assert f"revision {schema_head()}" in result.output
    result = _run(app, "reference", "load")
    assert result.exit_code == 0, result.output
    assert "9 in the area" in result.output
    assert "LSOAs: 651, population 1,056,021" in result.output
    assert "postcodes: 37,267" in result.output and "places: 42,214" in result.output
    result = _run(app, "demo", "load", "--count", "30")
    assert result.exit_code == 0 and "Loaded 30 demo listings" in result.output
    app.extensions["mapapp.engine"].dispose()


def test_commands_before_init_db_say_what_to_run(empty_db):
    app = make_test_app(empty_db)
    result = _run(app, "reference", "load")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "Error: The database has no tables yet. Run 'mapapp init-db' first."
    )
    app.extensions["mapapp.engine"].dispose()


def test_bad_reference_folder_is_one_line_and_nonzero(schema_db, tmp_path):
    app = make_test_app(schema_db, REFERENCE_DIR=str(tmp_path / "missing"))
    result = _run(app, "reference", "load")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "MAPAPP_REFERENCE_DIR" in result.output
    app.extensions["mapapp.engine"].dispose()


def test_console_script_reports_unreachable_database_in_one_line():
    env = dict(
        os.environ,
        MAPAPP_DATABASE_URL="postgresql+psycopg://x@127.0.0.1:1/none",
        MAPAPP_REFERENCE_DIR=REFERENCE_DIR,
    )
    done = subprocess.run(
        [sys.executable, "-m", "mapapp", "init-db"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error: Cannot reach the database")
    assert len(done.stderr.strip().splitlines()) == 1


def test_every_command_has_help():
    app = make_test_app("sqlite://")
    for command in (
        ["init-db"],
        ["upgrade"],
        ["reference", "load"],
        ["demo", "load"],
        ["users", "create"],
        ["serve"],
    ):
        result = _run(app, *command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output, command
        assert len(result.output.splitlines()) > 3
