"""mapapp ingest as navigators run it."""

import json

from tests.conftest import make_test_app
from tests.ingest.conftest import DATA


def test_ingest_writes_a_report_and_exits_zero_with_rejected_rows(reference_db, tmp_path):
    app = make_test_app(reference_db)
    out = tmp_path / "report.json"
    result = app.test_cli_runner().invoke(
        args=[
            "ingest",
            str(DATA / "navigators_messy.csv"),
            "--source",
            "chesterfield",
            "--report",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "rejected                  2" in result.output
    report = json.loads(out.read_text())
    assert {
        k: report[k]
        for k in (
            "read",
            "inserted",
            "updated",
            "unchanged",
            "duplicates_merged",
            "rejected",
            "needs_review",
        )
    } == {
        "read": 11,
        "inserted": 9,
        "updated": 0,
        "unchanged": 0,
        "duplicates_merged": 0,
        "rejected": 2,
        "needs_review": 3,
    }
    assert report["geocoded"] == {"place": 4, "postcode": 5}
    rejected = [i for i in report["issues"] if i["severity"] == "rejected"]
    assert rejected[0]["row_number"] == 8
    assert rejected[0]["original"]["Group Name"] == "Total: 3 groups"
    assert "no location" in rejected[0]["reason"]
    app.extensions["mapapp.engine"].dispose()


def test_dry_run_says_so(reference_db):
    app = make_test_app(reference_db)
    result = app.test_cli_runner().invoke(
        args=["ingest", str(DATA / "points.geojson"), "--dry-run"]
    )
    assert result.exit_code == 0
    assert any(
        line.startswith("Dry run (nothing saved)")  # after the progress lines
        for line in result.output.splitlines()
    )
    app.extensions["mapapp.engine"].dispose()


def test_a_fatal_error_is_one_line_and_nonzero(reference_db, tmp_path):
    app = make_test_app(reference_db)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = app.test_cli_runner().invoke(args=["ingest", str(broken)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: broken.json is not valid JSON")
    assert len(result.output.strip().splitlines()) == 1
    app.extensions["mapapp.engine"].dispose()


def test_workers_option(reference_db, monkeypatch):
    from mapapp.ingest import parallel

    monkeypatch.setattr(parallel, "MIN_ROWS_PER_WORKER", 1)  # so 11 rows use the pool
    app = make_test_app(reference_db)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ingest", str(DATA / "navigators_messy.csv"), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "inserted                  9" in result.output
    refused = runner.invoke(args=["ingest", str(DATA / "navigators_messy.csv"), "--workers", "0"])
    assert refused.exit_code == 2 and "'--workers'" in refused.output
    app.extensions["mapapp.engine"].dispose()
