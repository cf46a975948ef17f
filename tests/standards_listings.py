"""Hand-built listings for the open-standards tests (Open Referral UK, Meeting Guide and
TSML UI, iCalendar): each one is there for a rule of a standard.

The clock is frozen at Monday 5 January 2026, noon (GMT). Places are put through the
editor's own placing (district from the boundaries): Derby and Chesterfield are in the area
(Derbyshire); Sheffield is a neighbouring district outside it; Doncaster lies beyond the
neighbours, so no district is known for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import update

from mapapp.db import session_scope
from mapapp.listings import history
from mapapp.listings.rules import refresh_attendance
from mapapp.models import Asset, AssetDomain, AssetTag, Organisation, Postcode, Schedule, Venue

MONDAY_NOON = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
AREA = "Derbyshire"
DERBY = (-1.4770, 52.9225)  # E06000015, Derby: in the area
SHEFFIELD = (-1.4701, 53.3811)  # E08000019: a neighbour, outside the area
DONCASTER = (-1.1333, 53.5228)  # beyond the neighbours: no district known
OLD = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)  # last changed
RECENT = dt.datetime(2026, 1, 2, 9, 0, tzinfo=dt.UTC)
T = dt.time

# A stored text that tries to end the event and start another in a calendar file.
INJECTION = "Careful; Group, Chesterfield\rEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:Injected\x0b"


def _schedule(weekday, start, end, frequency="weekly", **fields) -> Schedule:
    return Schedule(weekday=weekday, start_time=start, end_time=end, frequency=frequency, **fields)


def _listing(
    session,
    name,
    *,
    at=None,
    kind="meeting",
    domains=("twelve-step",),
    tags=(),
    schedules=(),
    venue=None,
    **fields,
) -> Asset:
    asset = Asset(
        slug=name.lower().replace(" ", "-")[:60],
        name=name,
        kind=kind,
        domains=[AssetDomain(domain=d) for d in domains],
        tags=[AssetTag(category=c, tag=t) for c, t in tags],
        schedules=list(schedules),
        **fields,
    )
    if at is not None:
        asset.venue = Venue(**(venue or {}))
    session.add(asset)
    if at is not None:
        history.place(session, asset, *at, "exact", "test")
    refresh_attendance(asset)
    session.flush()
    return asset


def add_standard_listings(session) -> dict[str, int]:
    """The listings; returns name -> listing id."""
    chesterfield = session.get(Postcode, "S401LP")
    intergroup = Organisation(
        name="Derbyshire Intergroup",
        description="AA intergroup",
        website="https://intergroup.example.org",
    )
    walkers = Organisation(
        name="Peak Recovery Walkers", charity_number="1234567", email="hello@walkers.example.org"
    )
    closed = Organisation(name="Closed Collective")  # only an inactive listing
    made = [
        _listing(
            session,
            "Derby Open AA",
            at=DERBY,
            fellowship="AA",
            types=["O", "D"],
            organisation=intergroup,
            website="https://derby-aa.example.org",
            venue={
                "name": "Friar Gate Chapel",
                "address": "1 Friar Gate",
                "town": "Derby",
                "postcode": "DE1 1BX",
            },
            tags=(
                ("audience", "bsl"),
                ("accessibility", "wheelchair"),
                ("accessibility", "hearing-loop"),
            ),
            schedules=[_schedule(2, T(19, 30), T(21, 0))],
        ),
        _listing(
            session,
            "Chesterfield Family Group",
            fellowship="Al-Anon",
            at=(chesterfield.lon, chesterfield.lat),
            types=["C"],
            venue={
                "name": "St Mary's Hall",
                "address": "2 Church Way",
                "town": "Chesterfield",
                "postcode": "S40 1LP",
            },
            tags=(
                ("audience", "family-friends"),
                ("audience", "veterans"),
                ("audience", "ur"),
                ("audience", "bn"),
                ("audience", "cy"),
                ("audience", "ukr"),
                ("audience", "pl"),
                ("audience", "pa"),
            ),
            schedules=[_schedule(0, T(19, 0), T(20, 30))],
        ),
        _listing(
            session,
            "Sheffield Third Wednesday",
            at=SHEFFIELD,
            fellowship="NA",
            organisation=intergroup,
            website="https://sheffield-na.example.org",
            venue={
                "name": "Upper Chapel",
                "address": "Norfolk Street",
                "town": "Sheffield",
                "postcode": "S1 2JD",
            },
            schedules=[_schedule(2, T(19, 0), T(20, 30), "monthly", nth=3)],
        ),
        _listing(
            session,
            "Doncaster Fortnightly",
            at=DONCASTER,
            fellowship="CA",
            venue={
                "name": "Priory Hall",
                "address": "Priory Place",
                "town": "Doncaster",
                "postcode": "DN1 1BP",
            },
            schedules=[
                _schedule(4, T(20, 0), T(21, 0), "fortnightly", anchor_date=dt.date(2026, 1, 9))
            ],
        ),
        _listing(
            session,
            "Ended Tuesday Group",
            at=DERBY,
            venue={"name": "Old Hall", "address": "3 Old Road", "town": "Derby"},
            schedules=[_schedule(1, T(19, 0), T(20, 0), valid_to=dt.date(2025, 12, 1))],
        ),
        _listing(
            session,
            "Ending Thursday Group",
            at=DERBY,
            venue={"name": "Last Hall", "address": "4 Last Road", "town": "Derby"},
            schedules=[_schedule(3, T(18, 0), T(19, 0), valid_to=dt.date(2026, 3, 26))],
        ),
        _listing(
            session,
            "Starting Saturday Group",
            at=DERBY,
            venue={"name": "New Hall", "address": "5 New Road", "town": "Derby"},
            schedules=[_schedule(5, T(10, 0), T(11, 30), valid_from=dt.date(2026, 2, 10))],
        ),
        _listing(
            session,
            "Next Year Group",
            at=DERBY,
            venue={"name": "Future Hall", "address": "6 Future Road", "town": "Derby"},
            schedules=[_schedule(5, T(10, 0), T(11, 0), valid_from=dt.date(2027, 6, 1))],
        ),
        _listing(
            session,
            "Online Night Owls",
            domains=("mutual-aid",),
            conference_url="https://zoom.us/j/123456789",
            website="https://owls.example.org",
            schedules=[_schedule(6, T(21, 0), T(22, 0))],
        ),
        _listing(
            session,
            "Recovery Walk",
            at=(chesterfield.lon, chesterfield.lat),
            kind="activity",
            domains=("activities",),
            organisation=walkers,
            venue={"name": "Queen's Park gates", "postcode": "S40 2AA", "town": "Chesterfield"},
            schedules=[_schedule(5, T(10, 0), T(12, 0))],
        ),
        _listing(
            session,
            INJECTION,
            at=(chesterfield.lon, chesterfield.lat),
            conference_phone="01246 123456\r\nBEGIN:VEVENT",
            venue={
                "name": "Hall\rEND:VCALENDAR",
                "address": "7 Side Street; Rear, Door",
                "town": "Chesterfield",
            },
            schedules=[_schedule(3, T(12, 0), T(13, 0))],
        ),
        _listing(
            session,
            "Closed Group",
            at=DERBY,
            status="inactive",
            organisation=closed,
            schedules=[_schedule(0, T(19, 0), T(20, 0))],
        ),
    ]
    ids = {asset.name: asset.id for asset in made}
    session.execute(update(Asset).values(updated_at=OLD))
    session.execute(
        update(Asset)
        .where(Asset.name.in_(["Derby Open AA", "Recovery Walk"]))
        .values(updated_at=RECENT)
    )
    return ids


@dataclass
class Site:
    """A test app over the standards listings, its client and the listings' ids."""

    app: object
    client: object
    ids: dict[str, int]
    url: str


@pytest.fixture
def standards_db(reference_db, engine_for):
    """(database URL, name -> listing id) with the standards listings."""
    with session_scope(engine_for(reference_db)) as session:
        ids = add_standard_listings(session)
    return reference_db, ids


@pytest.fixture
def standards_site(standards_db):
    from tests.conftest import make_test_app

    url, ids = standards_db
    app = make_test_app(url)
    app.config["CLOCK"] = lambda: MONDAY_NOON
    yield Site(app, app.test_client(), ids, url)
    app.extensions["mapapp.engine"].dispose()
