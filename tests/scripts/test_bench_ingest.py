"""scripts/bench_ingest.py's limit loads exactly the rows the import wrote (not how fast:
benchmarks are never timed tests), on both backends."""

import sys

from sqlalchemy import func, select

from mapapp.config import PROJECT_ROOT
from mapapp.db import session_scope
from mapapp.ingest import run_ingest
from mapapp.models import Venue
from tests.conftest import reference_settings
from tests.ingest.conftest import DATA, table_snapshot

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import bench_ingest as bench  # noqa: E402 — a script, not a package


def _points(engine) -> list:
    with session_scope(engine) as session:
        return session.execute(
            select(Venue.id, func.ST_AsText(Venue.geom_bng)).order_by(Venue.id)
        ).all()


def test_the_limit_loads_the_rows_the_import_wrote(reference_db, backend, engine_for):
    written = engine_for(reference_db)
    report = run_ingest(written, reference_settings(), DATA / "navigators_messy.csv")
    target = engine_for(backend.fresh("reference"))
    result: dict = {}
    bench._measure_limit(_url(target), _url(written), result)
    assert result["rows"] == report.inserted == 9 and result["seconds"] > 0
    assert table_snapshot(target) == table_snapshot(written)
    points = _points(target)
    assert points == _points(written) and sum(p is not None for _, p in points) >= 5


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)
