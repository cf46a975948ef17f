"""Bulk loading: rows written in chunks as the run goes give the database one write gives."""

import datetime as dt

from mapapp import dialect
from mapapp.ingest import load, run_ingest
from tests.conftest import reference_settings
from tests.ingest.conftest import DATA, table_snapshot


def _without_clock(snapshot: dict) -> dict:
    """Each run stamps its own time; everything else must be equal."""
    return {
        name: [tuple(v for v in row if not isinstance(v, dt.datetime)) for row in rows]
        if isinstance(rows, list)
        else rows
        for name, rows in snapshot.items()
    }


def test_chunks_written_during_the_run_load_what_one_write_loads(
    ingest, backend, engine_for, monkeypatch
):
    whole = engine_for(backend.fresh("reference"))
    single = run_ingest(whole, reference_settings(), DATA / "navigators_messy.csv")

    batches = []
    real = dialect.bulk_insert
    monkeypatch.setattr(load, "CHUNK", 2)
    monkeypatch.setattr(
        load.dialect,
        "bulk_insert",
        lambda bind, table, rows, points=None: (
            batches.append((table.name, len(rows))),
            real(bind, table, rows, points),
        ),
    )
    chunked = ingest("navigators_messy.csv")

    assert chunked.counts() == single.counts() and chunked.inserted == 9
    assert [n for t, n in batches if t == "assets"] == [2, 2, 2, 2, 1]
    tables = [t for t, _ in batches]
    # Written as the rows came: a chunk's history went in before the next chunk's listings.
    assert tables.index("asset_changes") < len(tables) - 1 - tables[::-1].index("assets")
    assert _without_clock(table_snapshot(ingest.engine)) == _without_clock(table_snapshot(whole))


def test_a_dry_run_leaves_nothing_though_chunks_were_written(ingest, monkeypatch):
    before = table_snapshot(ingest.engine)
    monkeypatch.setattr(load, "CHUNK", 2)
    report = ingest("navigators_messy.csv", dry_run=True)
    assert report.inserted == 9 and report.run_id is None
    assert table_snapshot(ingest.engine) == before
