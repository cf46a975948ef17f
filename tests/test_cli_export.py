"""`mapapp export`: standard output for text, --out for files, one-line errors."""

import csv
import json

import pytest

from tests.conftest import make_test_app
from tests.publish.conftest import exports_db  # noqa: F401 — the hand-built listings


@pytest.fixture
def app(exports_db):  # noqa: F811
    application = make_test_app(exports_db)
    yield application
    application.extensions["mapapp.engine"].dispose()


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["export", *args])


def test_text_formats_go_to_standard_output(app):
    result = _run(app, "--format", "geojson", "--base-url", "https://map.example.org")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert len(body["features"]) == 5
    assert body["features"][0]["properties"]["url"].startswith("https://map.example.org/assets/")


def test_a_file_with_out(app, tmp_path):
    out = tmp_path / "listings.csv"
    result = _run(app, "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["ID"] for r in rows] == [
        "tuesday-aa",
        "recovery-walk",
        "buxton-cafe",
        "night-owls",
        "safe-house",
    ]
    assert f"csv: {out}" in result.stderr


def test_a_geopackage_needs_out(app, tmp_path):
    result = _run(app, "--format", "gpkg")
    assert result.exit_code == 2 and "give --out FILE (e.g. --out listings.gpkg)" in result.stderr
    out = tmp_path / "listings.gpkg"
    assert _run(app, "--format", "gpkg", "--out", str(out)).exit_code == 0
    assert out.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "kml"], "'kml' is not one of"),
        (["--format", "csv", "--out", "/nonexistent-folder/x.csv"], "Cannot write"),
    ],
)
def test_one_line_errors(app, args, message):
    result = _run(app, *args)
    assert result.exit_code != 0 and message in result.stderr
