import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mapapp import vocab as D
from mapapp.db import session_scope
from mapapp.errors import MapappError
from mapapp.models import Asset, AssetDomain, AssetTag, Schedule, Venue
from mapapp.ops.demo import load_demo


def _snapshot(engine):
    with session_scope(engine) as session:
        assets = session.scalars(
            select(Asset)
            .options(
                selectinload(Asset.venue),
                selectinload(Asset.domains),
                selectinload(Asset.schedules),
            )
            .order_by(Asset.slug)
        ).all()
        return [
            (
                a.slug,
                a.name,
                a.attendance,
                a.domain_codes,
                a.venue.postcode if a.venue else None,
                a.venue.precision if a.venue else None,
                [(s.frequency, s.weekday, s.nth, s.start_time) for s in a.schedules],
            )
            for a in assets
        ]


def test_demo_data_is_deterministic(reference_db, engine_for, backend):
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        load_demo(session, count=120, seed=7)
    first = _snapshot(engine)
    other = engine_for(backend.fresh("reference"))
    with session_scope(other) as session:
        load_demo(session, count=120, seed=7)
    assert _snapshot(other) == first
    assert len(first) == 120


def test_demo_covers_every_domain_kind_attendance_and_schedule_type(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        count = session.scalar(select(func.count()).select_from(Asset))
        domains = set(session.scalars(select(AssetDomain.domain).distinct()))
        kinds = set(session.scalars(select(Asset.kind).distinct()))
        attendance = set(session.scalars(select(Asset.attendance).distinct()))
        frequencies = set(session.scalars(select(Schedule.frequency).distinct()))
        precisions = set(session.scalars(select(Venue.precision).distinct()))
        audiences = set(
            session.scalars(select(AssetTag.tag).where(AssetTag.category == "audience"))
        )
        accessibility = set(
            session.scalars(select(AssetTag.tag).where(AssetTag.category == "accessibility"))
        )
        flagged = session.scalar(select(func.count()).where(Asset.is_demo))
        online_with_pin = session.scalar(
            select(func.count())
            .select_from(Asset)
            .join(Asset.venue)
            .where(Asset.attendance == "online")
        )
    assert count == flagged == 400
    assert domains == set(D.CODES)
    assert kinds == set(D.KINDS)
    assert attendance == {"in_person", "online", "hybrid"}
    assert frequencies == {"weekly", "fortnightly", "monthly"}
    assert {"exact", "postcode", "place", "approximate"} <= precisions
    assert {"women", "lgbtq", "family-friends", "bsl"} <= audiences
    assert {"wheelchair", "hearing-loop"} <= accessibility
    assert online_with_pin == 0  # online-only listings have no venue, so no fake pin


def test_demo_points_are_inside_the_area(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        codes = set(session.scalars(select(Venue.district_code).distinct()))
    assert codes <= {
        "E07000032",
        "E07000033",
        "E07000034",
        "E07000035",
        "E07000036",
        "E07000037",
        "E07000038",
        "E07000039",
        "E06000015",
    }


def test_loading_twice_needs_replace(demo_db, engine_for):
    engine = engine_for(demo_db)
    with pytest.raises(MapappError, match="--replace"):
        with session_scope(engine) as session:
            load_demo(session)
    with session_scope(engine) as session:
        result = load_demo(session, count=50, replace=True)
    assert result.replaced == 400
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Asset)) == 50
        assert session.scalar(select(func.count()).select_from(Venue)) <= 50


def test_demo_needs_reference_data_first(schema_db, engine_for):
    with pytest.raises(MapappError, match="mapapp reference load"):
        with session_scope(engine_for(schema_db)) as session:
            load_demo(session)
