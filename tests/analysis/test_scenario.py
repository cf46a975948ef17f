"""Scenarios: the incremental answer equals a full recomputation with the hypothetical
listings added and the closed ones not active; the change figures are worked out by hand
on the fixture and independently (from two full analyses) on random areas."""

import dataclasses
import datetime as dt

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict

from mapapp.analysis import GapParams, analyse
from mapapp.analysis.baseline import baseline
from mapapp.analysis.load import load_listings, load_residents
from mapapp.analysis.locate import locate_additions
from mapapp.analysis.scenario import run_scenario
from mapapp.analysis.scenario_params import Addition, Scenario, listings_with, parse_scenario
from mapapp.db import session_scope
from mapapp.params import BadParameter
from tests.analysis import fixture, synthetic

TODAY = dt.date(2026, 5, 6)


def _args(*pairs) -> MultiDict:
    return MultiDict(list(pairs))


def _point(x: float, y: float) -> str:
    lon, lat = fixture.lonlat(x, y)
    return f"{lat:.7f},{lon:.7f}"


def _full(residents, listings, params, scenario) -> dict:
    return analyse(residents, listings_with(listings, scenario), params).to_json()


def _document(result) -> dict:
    body = result.to_json()
    body.pop("change"), body.pop("scenario")
    return body


# --- worked by hand on the fixture -----------------------------------------------------------


def test_a_new_mutual_aid_group_by_alderley_001c():
    """Women's SMART (#8, 405000 304000) is Alderley's only mutual aid: A2 within 1,600 m.
    A group at (409000, 305500) on Tuesday 19:30 reaches A3 (500 m away; 1,000 people,
    deprived decile 2) and B1 (2,062 m: beyond 1,600, within 5,000 where #8 already
    reaches it? #8 is 6,083 m from B1, so B1 is newly within 5,000 m: 1,500 people)."""
    base = baseline(fixture.residents(), fixture.listings(), GapParams())
    scenario = parse_scenario(
        _args(("add", f"mutual-aid@{_point(409000, 305500)};day=tue;start=19:30"))
    )
    scenario = dataclasses.replace(
        scenario, additions=(dataclasses.replace(scenario.additions[0], district_code=fixture.A),)
    )
    result = run_scenario(base, scenario)
    alderley = result.change["districts"][0]["domains"]["mutual-aid"]
    assert alderley["newly_within"] == {"1600": 1000, "5000": 0}  # A3 (already within 5 km)
    assert alderley["deprived_newly_within"] == {"1600": 1000, "5000": 0}
    assert alderley["newly_beyond"] == {"1600": 0, "5000": 0}
    assert alderley["time_of_week"] == {"filled": ["tue evening"], "emptied": []}
    brampton = result.change["districts"][1]["domains"]["mutual-aid"]
    assert brampton["newly_within"] == {"1600": 0, "5000": 1500}  # B1 at 2,062 m
    assert result.change["area"]["domains"]["mutual-aid"]["newly_within"] == {
        "1600": 1000,
        "5000": 1500,
    }
    # Alderley's mutual aid had 2,000 of 4,000 within 1,600 m (A2): now 3,000 (75%).
    assert result.report.district(fixture.A).cells["mutual-aid"].coverage_pct[0] == pytest.approx(
        75.0
    )
    assert _document(result) == _full(
        fixture.residents(), fixture.listings(), GapParams(), scenario
    )


def test_closing_the_border_meeting_leaves_alderley_001c_beyond_reach():
    """Border NA (#2) is A3's nearest 12-step meeting (1,360 m) and B1's (806 m). Closed,
    the nearest to both is Monthly CA (#3, 415000 306200): A3 (6000, 1200) = 6,119 m, beyond
    both thresholds; B1 (4000, 1200) = 4,176 m, beyond 1,600 m only."""
    base = baseline(fixture.residents(), fixture.listings(), GapParams())
    result = run_scenario(base, Scenario(closures=(2,)))
    alderley = result.change["districts"][0]["domains"]["twelve-step"]
    assert alderley["newly_beyond"] == {"1600": 1000, "5000": 1000}
    assert alderley["deprived_newly_beyond"] == {"1600": 1000, "5000": 1000}
    brampton = result.change["districts"][1]["domains"]["twelve-step"]
    assert brampton["newly_beyond"] == {"1600": 1500, "5000": 0}
    # Its fortnightly Saturday-morning session was the only one: Saturday morning empties.
    assert "sat morning" in alderley["time_of_week"]["emptied"]
    nearest = result.report.lsoas.set_index("code")["nearest_m_twelve-step"]
    assert nearest["E01900003"] == pytest.approx(np.hypot(6000, 1200))
    assert result.report.supply.excluded["not_active"] == 2
    assert result.report.supply.counted == 6
    assert _document(result) == _full(
        fixture.residents(), fixture.listings(), GapParams(), Scenario(closures=(2,))
    )


def test_an_empty_scenario_is_the_analysis_itself():
    base = baseline(fixture.residents(), fixture.listings(), GapParams())
    result = run_scenario(base, Scenario())
    assert _document(result) == base.report.to_json()
    assert result.lsoas_changed == 0


# --- random scenarios against a full recomputation -------------------------------------------


def random_scenario(rng, listings, locate) -> Scenario:
    additions = []
    for _ in range(rng.integers(0, 4)):
        lat, lon = synthetic.random_point(rng)
        day = rng.choice([None, 0, 2, 4, 6])
        start = (
            None
            if day is None or rng.random() < 0.2
            else dt.time(int(rng.choice([1, 10, 14, 19, 22])), 30)
        )
        additions.append(
            locate(
                Addition(
                    str(rng.choice(["twelve-step", "mutual-aid", "activities", "treatment"])),
                    lat,
                    lon,
                    None if day is None else int(day),
                    start,
                    str(rng.choice(["in_person", "hybrid"])),
                    ("women",) if rng.random() < 0.3 else (),
                )
            )
        )
    ids = listings.assets["id"].to_numpy()
    closures = tuple(int(i) for i in rng.choice(ids, rng.integers(0, 4), replace=False))
    return Scenario(tuple(additions), closures)


def _locate_synthetic(addition: Addition) -> Addition:
    return dataclasses.replace(
        addition, district_code=synthetic.district_of(addition.lat, addition.lon)
    )


PARAMS = [
    GapParams(),
    GapParams(thresholds_m=(800.0, 2500.0, 6000.0)),
    GapParams(thresholds_m=(7000.0,)),
    GapParams(audience=("women",)),
    GapParams(domains=("mutual-aid", "activities"), attendance=("in_person",)),
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("params", PARAMS, ids=range(len(PARAMS)))
def test_random_scenarios_equal_a_full_recomputation(seed, params):
    residents, listings = synthetic.residents(seed), synthetic.listings(seed)
    base = baseline(residents, listings, params)
    rng = np.random.default_rng(seed)
    for _ in range(4):
        scenario = random_scenario(rng, listings, _locate_synthetic)
        result = run_scenario(base, scenario)
        full = analyse(residents, listings_with(listings, scenario), params)
        assert _document(result) == full.to_json()
        change = {k: v for k, v in result.change.items() if k != "lsoas_changed"}
        assert change == independent_change(base.report, full, params)
        assert np.array_equal(result.report.lsoas["access_rank"], full.lsoas["access_rank"])


def independent_change(before, after, params) -> dict:
    """The change figures from two full analyses' LSOA tables, row by row."""
    old, new = before.lsoas, after.lsoas
    groups = []
    for group in [*after.districts, after.area]:
        rows = (
            np.ones(len(new), bool)
            if group.code is None
            else (new["district_code"] == group.code).to_numpy()
        )
        domains = {}
        for code in params.domains:
            figures = {}
            for name in (
                "newly_within",
                "newly_beyond",
                "deprived_newly_within",
                "deprived_newly_beyond",
            ):
                figures[name] = {}
                for t in params.thresholds_m:
                    was = old[f"nearest_m_{code}"].to_numpy() <= t
                    now = new[f"nearest_m_{code}"].to_numpy() <= t
                    moved = (now & ~was) if "within" in name else (was & ~now)
                    if name.startswith("deprived"):
                        moved &= new["deprived"].to_numpy(bool)
                    key = str(int(t)) if float(t).is_integer() else str(t)
                    figures[name][key] = int(new["population"].to_numpy()[rows & moved].sum())
            domains[code] = figures
        groups.append(domains)
    result_like = [
        {
            code: {k: v for k, v in cell.items() if k.endswith(("within", "beyond"))}
            for code, cell in g.items()
        }
        for g in groups
    ]
    return _merge_other_fields(result_like, before, after, params)


def _merge_other_fields(figures, before, after, params) -> dict:
    from mapapp import vocab as D
    from mapapp.analysis.supply import SLOTS

    def names(flags):
        return [f"{d} {p}" for (d, p), f in zip(SLOTS, flags, strict=True) if f]

    out = []
    for old, new, domains in zip(
        [*before.districts, before.area], [*after.districts, after.area], figures, strict=True
    ):
        for code, cell in domains.items():
            a, b = old.cells[code], new.cells[code]
            cell["time_of_week"] = {
                "filled": names((a.time_of_week_pct == 0) & (b.time_of_week_pct > 0)),
                "emptied": names((a.time_of_week_pct > 0) & (b.time_of_week_pct == 0)),
            }
            cell["gap"] = {"before": bool(a.gap_reasons), "after": bool(b.gap_reasons)}
            cell["checklist"] = {"before": a.status, "after": b.status} if code in D.SEVEN else None
        out.append({"code": new.code, "name": new.name, "domains": domains})
    return {"districts": out[:-1], "area": out[-1]}


# --- through the database, both backends -----------------------------------------------------


@pytest.fixture
def fixture_area(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        fixture.add_to_database(session)
    return engine


def test_random_scenarios_from_the_database_equal_a_full_recomputation(fixture_area):
    params = GapParams()
    with session_scope(fixture_area) as session:
        residents, listings = load_residents(session), load_listings(session, TODAY)
        base = baseline(residents, listings, params)
        rng = np.random.default_rng(18)
        for _ in range(8):
            scenario = random_scenario(rng, listings, lambda a: a)
            scenario = locate_additions(session, scenario)
            result = run_scenario(base, scenario)
            assert _document(result) == _full(residents, listings, params, scenario)


def test_a_hypothetical_listing_is_located_by_the_district_boundaries(fixture_area):
    with session_scope(fixture_area) as session:
        scenario = locate_additions(
            session,
            parse_scenario(
                _args(
                    ("add", f"mutual-aid@{_point(412000, 305000)}"),
                    ("add", f"mutual-aid@{_point(425000, 305000)}"),
                    ("add", f"mutual-aid@{_point(460000, 305000)}"),
                )
            ),
        )
    assert [a.district_code for a in scenario.additions] == [fixture.B, fixture.N, None]


def test_random_scenarios_on_the_demo_data_equal_a_full_recomputation(demo_db, engine_for):
    params = GapParams()
    with session_scope(engine_for(demo_db)) as session:
        residents, listings = load_residents(session), load_listings(session, TODAY)
        base = baseline(residents, listings, params)
        rng = np.random.default_rng(2026)
        lsoas = residents.lsoas
        for _ in range(5):
            rows = rng.choice(len(lsoas), 3, replace=False)
            additions = tuple(
                Addition(
                    str(rng.choice(["mutual-aid", "twelve-step"])),
                    float(lsoas["lat"].iloc[r]) + 0.003,
                    float(lsoas["lon"].iloc[r]) - 0.002,
                    1,
                    dt.time(19, 0),
                )
                for r in rows
            )
            ids = listings.assets.loc[listings.assets["status"] == "active", "id"].to_numpy()
            scenario = locate_additions(
                session,
                Scenario(additions, tuple(int(i) for i in rng.choice(ids, 3, replace=False))),
            )
            result = run_scenario(base, scenario)
            assert _document(result) == _full(residents, listings, params, scenario)


# --- the parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pairs, expected",
    [
        (
            [("add", "mutual-aid@52.9225,-1.4746")],
            Scenario((Addition("mutual-aid", 52.9225, -1.4746),)),
        ),
        (
            [("add", "twelve-step@52.9,-1.5;day=tue;start=19:30;attendance=hybrid;audience=women")],
            Scenario(
                (Addition("twelve-step", 52.9, -1.5, 1, dt.time(19, 30), "hybrid", ("women",)),)
            ),
        ),
        ([("close", "12"), ("close", "7"), ("close", "12")], Scenario((), (12, 7))),
        ([("add", " "), ("close", "")], Scenario()),
    ],
)
def test_scenario_parameters(pairs, expected):
    assert parse_scenario(_args(*pairs)) == expected


@pytest.mark.parametrize(
    "pairs, says",
    [
        ([("add", "smart@52.9,-1.5")], "a domain code"),
        ([("add", "mutual-aid@-1.5,52.9")], "a point in Great Britain"),
        ([("add", "mutual-aid@52.9")], "<domain>@<lat>,<lon>"),
        ([("add", "mutual-aid@52.9,-1.5;day=tuesday")], "day=<mon..sun>"),
        ([("add", "mutual-aid@52.9,-1.5;start=19:30")], "a day with the start time"),
        ([("add", "mutual-aid@52.9,-1.5;day=tue;start=25:00")], "start=<HH:MM>"),
        ([("add", "mutual-aid@52.9,-1.5;attendance=online")], "attendance="),
        ([("close", "abc")], "the number of a listing"),
        ([("close", "0")], "the number of a listing"),
        ([("add", "mutual-aid@52.9,-1.5")] * 21, "at most 20"),
    ],
)
def test_bad_scenario_parameters_say_what_to_use(pairs, says):
    with pytest.raises(BadParameter) as raised:
        parse_scenario(_args(*pairs))
    assert says in raised.value.message


def test_closing_a_listing_that_does_not_exist_says_so():
    base = baseline(fixture.residents(), fixture.listings(), GapParams())
    with pytest.raises(BadParameter) as raised:
        run_scenario(base, Scenario(closures=(99,)))
    assert "there is no listing numbered 99" in raised.value.message


def test_the_scenario_round_trips_through_its_url():
    scenario = parse_scenario(
        _args(("add", "twelve-step@52.9,-1.5;day=sun;start=09:05;audience=men"), ("close", "4"))
    )
    assert parse_scenario(MultiDict(scenario.query())) == scenario
