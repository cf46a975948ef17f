from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mapapp.db import session_scope
from mapapp.ingest import run_ingest
from mapapp.models import Asset, AssetChange, AssetSource, Schedule, Venue
from tests.conftest import reference_settings

DATA = Path(__file__).parent.parent / "data" / "ingest"


@pytest.fixture
def ingest(reference_db, engine_for):
    """ingest(file, **options) -> report, against a fresh database with reference data."""
    engine = engine_for(reference_db)

    def run(name, **options):
        path = name if isinstance(name, Path) else DATA / name
        return run_ingest(engine, reference_settings(), path, **options)

    run.engine = engine
    return run


def _all_assets(engine, *where) -> list:
    with session_scope(engine) as session:
        return session.scalars(
            select(Asset)
            .where(*where)
            .options(
                selectinload(Asset.venue),
                selectinload(Asset.domains),
                selectinload(Asset.tags),
                selectinload(Asset.schedules),
                selectinload(Asset.sources),
            )
            .order_by(Asset.id)
        ).all()


def assets_by_name(engine) -> dict:
    """Assets keyed by name; a test with two of one name uses all_named instead."""
    return {a.name: a for a in _all_assets(engine)}


def all_named(engine, name: str) -> list:
    return _all_assets(engine, Asset.name == name)


def table_snapshot(engine) -> dict:
    """Every listing table's rows, for 'nothing changed' comparisons."""
    with session_scope(engine) as session:

        def rows(model, *order):
            return [
                tuple(
                    getattr(r, c.key)
                    for c in model.__table__.columns
                    if c.key not in ("geom", "geom_bng")
                )
                for r in session.scalars(select(model).order_by(*order))
            ]

        return {
            "assets": rows(Asset, Asset.id),
            "venues": rows(Venue, Venue.id),
            "schedules": rows(Schedule, Schedule.id),
            "changes": session.scalar(select(func.count()).select_from(AssetChange)),
            "sources": session.scalar(select(func.count()).select_from(AssetSource)),
        }
