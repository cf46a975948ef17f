"""A hand-built set of listings for the export tests: every field a format can carry, each
kind of schedule and of location precision, a private contact and an inactive listing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.finder.search import resolve_near
from mapapp.listings.rules import refresh_attendance, set_location
from mapapp.models import (
    Asset,
    AssetDomain,
    AssetTag,
    Organisation,
    Place,
    Postcode,
    Schedule,
    Venue,
)

T = dt.time


def _schedule(weekday, start, end, frequency="weekly", nth=None, anchor=None):
    return Schedule(
        weekday=weekday,
        start_time=start,
        end_time=end,
        frequency=frequency,
        nth=nth,
        anchor_date=anchor,
    )


def _asset(slug, name, kind, domains, *, venue=None, tags=(), schedules=(), **fields):
    asset = Asset(
        slug=slug,
        name=name,
        kind=kind,
        venue=venue,
        domains=[AssetDomain(domain=d) for d in domains],
        tags=[AssetTag(category=c, tag=t) for c, t in tags],
        schedules=list(schedules),
        **fields,
    )
    refresh_attendance(asset)
    return asset


def _venue(session, *, lonlat, precision, district, **fields):
    venue = Venue(district_code=district, **fields)
    set_location(venue, *lonlat, precision, "test")
    return venue


def add_listings(session) -> None:
    here = session.get(Postcode, "S401LP")  # Chesterfield
    buxton = resolve_near(session, "Buxton")
    buxton_code = session.scalar(
        select(Place.district_code).where(Place.name == buxton.label, Place.lon == buxton.lon)
    )
    session.add_all(
        [
            _asset(
                "tuesday-aa",
                "Chesterfield Tuesday AA",
                "meeting",
                ("twelve-step",),
                venue=_venue(
                    session,
                    lonlat=(here.lon + 0.001, here.lat),
                    precision="exact",
                    district=here.district_code,
                    name="St Mary's Hall",
                    address="1 Church Way",
                    town="Chesterfield",
                    postcode="S40 1LP",
                    location_notes="Side door, first floor",
                ),
                fellowship="AA",
                types=["D", "O", "W", "X"],
                tags=(
                    ("audience", "women"),
                    ("accessibility", "step-free"),
                    ("accessibility", "wheelchair"),
                ),
                schedules=(_schedule(1, T(19, 30), T(21, 0)), _schedule(4, T(19, 30), T(21, 0))),
                description="A women's discussion meeting",
                notes="Newcomers welcome",
                website="https://aa-chesterfield.example.org",
                email="group@example.org",
                phone="01246 123456",
                contact_name="Sam",
                contact_email="sam@example.org",
                contact_phone="07700 900123",
                contact_private=False,
                organisation=Organisation(name="Chesterfield Intergroup"),
            ),
            _asset(
                "recovery-walk",
                "Recovery Walk",
                "activity",
                ("activities",),
                venue=_venue(
                    session,
                    lonlat=(here.lon, here.lat),
                    precision="postcode",
                    district=here.district_code,
                    name="Queen's Park gates",
                    postcode="S40 1LP",
                ),
                schedules=(
                    _schedule(5, T(10, 0), T(12, 0), "fortnightly", anchor=dt.date(2026, 1, 10)),
                ),
                notes="Boots needed",
            ),
            _asset(
                "buxton-cafe",
                "Buxton Recovery Café",
                "meeting",
                ("mutual-aid",),
                venue=_venue(
                    session,
                    lonlat=(buxton.lon, buxton.lat),
                    precision="place",
                    district=buxton_code,
                    town="Buxton",
                ),
                schedules=(_schedule(2, T(13, 0), T(15, 0), "monthly", nth=2),),
            ),
            _asset(
                "night-owls",
                "Online Night Owls",
                "meeting",
                ("mutual-aid",),
                schedules=(_schedule(0, T(22, 0), T(23, 0)),),
                conference_url="https://zoom.us/j/123",
                conference_url_notes="Passcode 42",
                conference_phone="+441234567890",
                conference_phone_notes="Press # twice",
                contact_name="Jo",
                contact_phone="07700 900456",
                contact_private=True,
            ),
            _asset(
                "safe-house",
                "Safe House Support",
                "service",
                ("treatment",),
                venue=_venue(
                    session,
                    lonlat=(here.lon + 0.02, here.lat + 0.01),
                    precision="approximate",
                    district=here.district_code,
                    town="Chesterfield",
                ),
                tags=(("accessibility", "step-free"),),
                phone="0800 123 4567",
            ),
            _asset(
                "closed-group",
                "Closed Group",
                "meeting",
                ("twelve-step",),
                status="inactive",
                conference_url="https://zoom.us/j/9",
            ),
        ]
    )


@pytest.fixture
def import_into_fresh(backend, engine_for):
    """import_into_fresh(path, **options) -> (report, engine) in a second database with
    reference data and no listings: where an export is read back."""
    from mapapp.ingest import run_ingest
    from tests.conftest import reference_settings

    def run(path, **options):
        engine = engine_for(backend.fresh("reference"))
        return run_ingest(engine, reference_settings(), path, **options), engine

    return run


@pytest.fixture
def exports_db(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        add_listings(session)
    return reference_db
