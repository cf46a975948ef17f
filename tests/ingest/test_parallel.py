"""Preparing rows on worker processes gives exactly what one process gives."""

import multiprocessing
import os
import time

import pytest

from mapapp.db import session_scope
from mapapp.ingest import parallel, run_ingest
from mapapp.ingest.geocode import Geocoder
from mapapp.ingest.parallel import Prepared, prepare_all
from mapapp.ingest.read import read
from mapapp.ingest.records import RawRow, Rejected
from tests.conftest import reference_settings
from tests.ingest.conftest import DATA, assets_by_name


def _rows(name="navigators_messy.csv") -> list[RawRow]:
    return [r for r in read(DATA / name)[1] if isinstance(r, RawRow)]


@pytest.fixture
def geocoder(ingest):
    with session_scope(ingest.engine) as session:
        return Geocoder.load(session, reference_settings())


def _summary(outcomes) -> list:
    return [
        (
            row.row_number,
            str(out)
            if isinstance(out, Rejected)
            else (out.listing, out.geo, out.digest, out.reason),
        )
        for row, out in outcomes
    ]


def _niceness_of_workers(wanted_within_s: float = 10.0) -> list[int]:
    expected = min(19, os.getpriority(os.PRIO_PROCESS, 0) + parallel.WORKER_NICENESS)
    deadline = time.monotonic() + wanted_within_s
    while True:
        found = [os.getpriority(os.PRIO_PROCESS, c.pid) for c in multiprocessing.active_children()]
        if found == [expected] * len(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_workers_prepare_the_same_rows_in_the_same_order(geocoder, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ROWS_PER_WORKER", 1)
    rows = _rows()
    outcomes = prepare_all(rows, None, geocoder, workers=2)
    first = next(outcomes)
    assert len(multiprocessing.active_children()) == 2  # really on two worker processes
    # They yield to the writer (once started: the second may still be starting up).
    assert _niceness_of_workers() == [min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)] * 2
    pooled = [first, *outcomes]
    single = list(prepare_all(rows, None, geocoder, workers=1))
    assert _summary(pooled) == _summary(single)
    assert [row.row_number for row, _ in pooled] == [r.row_number for r in rows]
    rejected = [row.row_number for row, out in pooled if isinstance(out, Rejected)]
    assert rejected == [8, 9]
    serenity = next(
        out
        for _, out in pooled
        if isinstance(out, Prepared) and out.listing.name.startswith("Chesterfield")
    )
    assert (serenity.geo.precision, serenity.geo.district_code) == ("postcode", "E07000034")
    assert not multiprocessing.active_children()  # the pool is closed once all are read


def test_small_files_and_online_geocoding_stay_on_one_process(geocoder, monkeypatch):
    rows = _rows()
    assert len(rows) < 2 * parallel.MIN_ROWS_PER_WORKER
    outcomes = prepare_all(rows, None, geocoder, workers=4)
    next(outcomes)
    assert not multiprocessing.active_children()
    outcomes.close()

    monkeypatch.setattr(parallel, "MIN_ROWS_PER_WORKER", 1)
    monkeypatch.setattr(geocoder, "online", object())  # throttled network: CPU is not the limit
    outcomes = prepare_all(rows, None, geocoder, workers=4)
    next(outcomes)
    assert not multiprocessing.active_children()
    outcomes.close()


def test_an_import_on_workers_loads_what_one_process_loads(
    ingest, backend, engine_for, monkeypatch
):
    monkeypatch.setattr(parallel, "MIN_ROWS_PER_WORKER", 1)
    pooled = ingest("navigators_messy.csv", workers=2)
    other = engine_for(backend.fresh("reference"))
    single = run_ingest(other, reference_settings(), DATA / "navigators_messy.csv")
    assert pooled.counts() == single.counts()
    assert (pooled.read, pooled.inserted, pooled.rejected) == (11, 9, 2)
    assert [i.as_row() for i in pooled.issues] == [i.as_row() for i in single.issues]

    def described(engine):
        return {
            name: (
                a.kind,
                a.domain_codes,
                a.needs_review,
                a.review_reason,
                a.venue and (a.venue.postcode, a.venue.precision),
                [(s.weekday, s.frequency, s.nth, s.start_time) for s in a.schedules],
            )
            for name, a in assets_by_name(engine).items()
        }

    assert described(ingest.engine) == described(other)


def test_the_garbage_collector_is_paused_only_during_an_import(ingest, monkeypatch):
    import gc

    from mapapp.ingest import pipeline

    seen = []
    real = pipeline._Run.execute
    monkeypatch.setattr(
        pipeline._Run,
        "execute",
        lambda self, items: (seen.append(gc.isenabled()), real(self, items)),
    )
    assert gc.isenabled()
    ingest("navigators_messy.csv")
    assert seen == [False] and gc.isenabled()

    def fail(self, items):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(pipeline._Run, "execute", fail)
    with pytest.raises(RuntimeError):
        ingest("navigators_messy.csv")
    assert gc.isenabled()  # restored after a failed run too
