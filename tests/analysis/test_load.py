"""Loading from the database (both backends) gives exactly what the hand-built frames
give, with a bounded number of queries whatever the number of LSOAs."""

import datetime as dt

import pytest
from sqlalchemy import event, select

from mapapp.analysis import GapParams, analyse, gap_analysis
from mapapp.analysis.load import load_listings, load_residents
from mapapp.db import session_scope
from mapapp.errors import ReferenceDataError
from tests.analysis import fixture


@pytest.fixture
def fixture_area(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        fixture.add_to_database(session)
    return engine


def test_the_database_gives_the_hand_computed_report(fixture_area):
    params = GapParams()
    with session_scope(fixture_area) as session:
        from_database = gap_analysis(session, params).to_json()
    assert from_database == analyse(fixture.residents(), fixture.listings(), params).to_json()
    alderley = from_database["districts"][0]
    assert alderley["name"] == "Alderley"
    assert alderley["domains"]["twelve-step"]["coverage_pct"] == {"1600": 50.0, "5000": 100.0}


def test_a_venue_without_a_district_is_placed_by_its_point(fixture_area):
    with session_scope(fixture_area) as session:
        assets = load_listings(session, dt.date(2026, 5, 1)).assets
    smart = assets[assets["district_code"].notna() & (assets["attendance"] == "hybrid")]
    assert smart["district_code"].tolist() == [fixture.A]


def _add_dated_schedules(engine) -> None:
    """Alderley AA (1,000 m from A1 only: 25% of Alderley within 1,600 m) gets a Wednesday
    morning that ended on 31 March 2026 and a Friday afternoon from 2 April 2026."""
    from mapapp.models import Asset, Schedule

    with session_scope(engine) as session:
        aa = session.scalar(select(Asset).where(Asset.name == "Alderley AA"))
        aa.schedules += [
            Schedule(
                frequency="weekly",
                weekday=2,
                start_time=dt.time(10, 0),
                valid_to=dt.date(2026, 3, 31),
            ),
            Schedule(
                frequency="weekly",
                weekday=4,
                start_time=dt.time(14, 0),
                valid_from=dt.date(2026, 4, 2),
            ),
        ]


@pytest.mark.parametrize(
    "today, sessions, wednesday, friday",
    [
        # Alderley's weekly sessions: AA's Monday, Vague AA's Friday, and the dated ones.
        (dt.date(2026, 3, 31), 3.0, 25.0, 0.0),  # the old one's last day; the new not begun
        (dt.date(2026, 4, 1), 2.0, 0.0, 0.0),  # between the two: neither
        (dt.date(2026, 4, 2), 3.0, 0.0, 25.0),  # the new one's first day
    ],
)
def test_only_schedules_in_force_today_count(fixture_area, today, sessions, wednesday, friday):
    _add_dated_schedules(fixture_area)
    with session_scope(fixture_area) as session:
        body = gap_analysis(session, GapParams(), today=today).to_json()
    twelve = body["districts"][0]["domains"]["twelve-step"]
    assert twelve["weekly_sessions"] == sessions
    assert twelve["time_of_week_pct"]["wed"]["morning"] == wednesday
    assert twelve["time_of_week_pct"]["fri"]["afternoon"] == friday


def test_the_app_clock_chooses_the_schedules_in_force(fixture_area, schema_db):
    from tests.conftest import make_test_app

    _add_dated_schedules(fixture_area)
    app = make_test_app(schema_db, CLOCK=lambda: dt.datetime(2026, 4, 1, 23, 30, tzinfo=dt.UTC))
    body = app.test_client().get("/api/gaps").get_json()  # 00:30 on 2 April in London
    app.extensions["mapapp.engine"].dispose()
    twelve = body["districts"][0]["domains"]["twelve-step"]
    assert twelve["weekly_sessions"] == 3.0
    assert twelve["time_of_week_pct"]["fri"]["afternoon"] == 25.0


def test_residents_come_from_the_area_only_in_district_order(fixture_area):
    with session_scope(fixture_area) as session:
        residents = load_residents(session)
    assert residents.districts["name"].tolist() == ["Alderley", "Brampton"]  # not the neighbour
    assert residents.lsoas["x"].tolist() == [402000, 405000, 409000, 411000, 415000, 419500]
    assert residents.lsoas["imd_decile"].isna().tolist() == [False] * 5 + [True]


def _selects(engine) -> list[str]:
    """The SELECT statements of one gap analysis."""
    statements = []

    def keep(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with session_scope(engine) as session:
            gap_analysis(session, GapParams(), today=dt.date(2026, 5, 1))
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def _grow(engine, count: int) -> None:
    """``count`` more LSOAs in Alderley and ``count`` more listings with schedules, tags and
    (every other one) a venue without a stored district."""
    from mapapp.geo import ewkt_point
    from mapapp.models import Asset, AssetDomain, AssetTag, Schedule, SmallArea, Venue

    with session_scope(engine) as session:
        for number in range(count):
            x, y = 400100 + number * 150, 301000 + number * 100
            session.add(
                SmallArea(
                    code=f"E0199{number:04d}",
                    name=f"Extra {number}",
                    district_code=fixture.A,
                    population=1000,
                    imd_decile=number % 10 + 1,
                    centroid=ewkt_point(*fixture.lonlat(x, y), 4326),
                    centroid_bng=ewkt_point(x, y, 27700),
                )
            )
            session.add(
                Asset(
                    slug=f"extra-{number}",
                    name=f"Extra {number}",
                    kind="meeting",
                    status="active",
                    attendance="in_person",
                    venue=Venue(
                        name=f"Extra venue {number}",
                        precision="exact",
                        district_code=None if number % 2 else fixture.A,
                        geom=ewkt_point(*fixture.lonlat(x, y + 50), 4326),
                        geom_bng=ewkt_point(x, y + 50, 27700),
                    ),
                    domains=[AssetDomain(domain="twelve-step")],
                    tags=[AssetTag(category="audience", tag="women")],
                    schedules=[
                        Schedule(frequency="weekly", weekday=number % 7, start_time=dt.time(19, 0))
                    ],
                )
            )


def test_queries_do_not_grow_with_the_area(fixture_area):
    small = _selects(fixture_area)
    with session_scope(fixture_area) as session:
        assert gap_analysis(session, GapParams()).area.lsoas == 6
    _grow(fixture_area, 60)
    large = _selects(fixture_area)
    with session_scope(fixture_area) as session:
        assert gap_analysis(session, GapParams()).area.lsoas == 66
    # districts, LSOAs, listings, district boundaries (venues lacking a district),
    # domains, audience tags, schedules — never one per LSOA or listing: the same
    # statements for 6 LSOAs and 10 listings as for 66 and 70.
    assert len(large) == len(small) <= 8, large
    assert large == small


def test_no_reference_data_says_what_to_run(schema_db, engine_for):
    with (
        session_scope(engine_for(schema_db)) as session,
        pytest.raises(ReferenceDataError, match="mapapp reference load") as caught,
    ):
        gap_analysis(session, GapParams())
    assert caught.value.status_code == 503  # not yet loaded: the site is not ready


def test_the_real_area_before_any_listing_is_loaded(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        body = gap_analysis(session, GapParams()).to_json()
    assert len(body["districts"]) == 9 and body["area"]["lsoas"] == 651
    assert body["area"]["population"] == 1_056_021  # as `mapapp reference load` reports
    assert body["supply"]["counted"] == 0
    assert {s for d in body["districts"] for s in d["checklist"].values()} == {"missing"}


def test_listings_of_a_lived_experience_led_organisation_are_counted_as_such(fixture_area):
    """Worked by hand from the fixture: Alderley locates Alderley AA, Vague AA (approximate,
    still located), Women's SMART (two domains, one listing) and the treatment service;
    Brampton locates Border NA, Monthly CA and the walkers. Closed AA (inactive), Online AA
    and Neighbour AA (outside the area) are located nowhere here."""
    from mapapp.models import Asset, Organisation

    with session_scope(fixture_area) as session:
        lero = Organisation(name="Peers Together CIC", lero=True, charity_number="1234567")
        other = Organisation(name="County Council", lero=False)
        for asset in session.scalars(select(Asset)):
            if asset.name in ("Alderley AA", "Border NA", "Monthly CA", "Closed AA"):
                asset.organisation = lero
            elif asset.name == "Women's SMART":
                asset.organisation = other
    with session_scope(fixture_area) as session:
        body = gap_analysis(session, GapParams()).to_json()
    shares = {g["name"]: g["lived_experience_led"] for g in body["districts"] + [body["area"]]}
    assert shares == {
        "Alderley": {"listings": 1, "of": 4, "pct": 25.0},
        "Brampton": {"listings": 2, "of": 3, "pct": 66.67},
        "All districts": {"listings": 3, "of": 7, "pct": 42.86},
    }
    alderley = body["districts"][0]["domains"]
    assert alderley["twelve-step"]["lived_experience_led"] == {"assets": 1, "pct": 50.0}
    assert alderley["mutual-aid"]["lived_experience_led"] == {"assets": 0, "pct": 0.0}
    assert alderley["volunteering"]["lived_experience_led"] == {"assets": 0, "pct": None}
