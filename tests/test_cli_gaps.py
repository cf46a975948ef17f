"""`mapapp gaps`: the readable table, the CSV file, and one-line errors."""

import csv

import pytest

from mapapp.analysis.downloads import PREAMBLE_ROWS
from mapapp.db import session_scope
from tests.analysis import fixture
from tests.conftest import make_test_app


@pytest.fixture
def app(schema_db, engine_for):
    with session_scope(engine_for(schema_db)) as session:
        fixture.add_to_database(session)
    application = make_test_app(schema_db)
    yield application
    application.extensions["mapapp.engine"].dispose()


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["gaps", *args])


def test_prints_coverage_by_district_and_domain_and_writes_csv(app, tmp_path):
    out = tmp_path / "gaps.csv"
    result = _run(app, "--csv", str(out))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Residents within 1,600 m (straight line)")
    assert lines[1].split() == [
        "12-step",
        "Mutual",
        "aid",
        "Support",
        "Activities",
        "Volunteer",
        "Links",
        "Growth",
        "Treatment",
    ]
    alderley = lines[2].split()
    assert alderley[:4] == ["Alderley", "50.0%", "50.0%!", "50.0%!"]  # 12-step: no gap
    assert lines[4].split()[:3] == ["All", "districts", "75.0%"]
    assert "Listings counted: 7; left out: not active (inactive or archived) 1" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Gap analysis: districts by domain"
    assert lines[1] == "parameters,threshold_m=1600&threshold_m=5000"  # the defaults, said
    rows = list(csv.DictReader(lines[PREAMBLE_ROWS:]))
    assert len(rows) == 24 and rows[0]["coverage_pct_1600m"] == "50.0"


def test_threshold_and_domain_options(app):
    result = _run(app, "--threshold-m", "2600", "--domain", "twelve-step")
    assert result.exit_code == 0, result.output
    assert "within 2,600 m" in result.output
    assert result.output.splitlines()[2].split() == ["Alderley", "100.0%"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--threshold-m", "0"], "'0' is not a valid threshold_m"),
        (["--domain", "football"], "'football' is not a valid domain"),
        (["--csv", "/no/such/folder/gaps.csv"], "Cannot write /no/such/folder/gaps.csv"),
    ],
)
def test_errors_are_one_line_and_non_zero(app, args, message):
    result = _run(app, *args)
    assert result.exit_code == 1
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and message in error[0]


def test_help():
    app = make_test_app("sqlite://")
    result = app.test_cli_runner().invoke(args=["gaps", "--help"])
    assert result.exit_code == 0 and "--threshold-m N" in result.output
