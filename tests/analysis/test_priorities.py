"""The ranking rule and the checklist grid, on the hand-built fixture (test_report.py has
every coverage figure): residents beyond 1,600 m, deprived ones counted `weight` times."""

import pytest
from werkzeug.datastructures import MultiDict

from mapapp.analysis import GapParams, analyse
from mapapp.analysis.priorities import (
    checklist_grid,
    priority,
    ranked_gaps,
    ranked_gaps_json,
    read_ranking,
    sort_grid,
)
from mapapp.params import BadParameter
from tests.analysis import fixture


@pytest.fixture(scope="module")
def report():
    return analyse(fixture.residents(), fixture.listings(), GapParams())


@pytest.mark.parametrize(
    "beyond, deprived, weight, expected",
    [
        (4000, 2000, 2.0, 6000),
        (4000, 2000, 1.0, 4000),
        (4000, 0, 5.0, 4000),
        (2000, 2000, 3.0, 6000),
        (0, 0, 2.0, 0),
        (2500, 1000, 1.5, 3000),
    ],
)
def test_priority_rule(beyond, deprived, weight, expected):
    assert priority(beyond, deprived, weight) == expected


def _ranked(report, weight):
    return [
        (
            g["district_name"],
            g["domain"],
            g["residents_beyond"],
            g["deprived_residents_beyond"],
            g["priority"],
        )
        for g in ranked_gaps_json(ranked_gaps(report, weight))
    ]


def test_gaps_are_ranked_by_residents_beyond_with_the_deprived_weighted(report):
    """Alderley: 4,000 residents, 2,000 deprived (A1, A3); Brampton: 4,000, 1,500 (B2).
    With nothing in reach everyone is beyond: Alderley 4,000 + 2,000 = 6,000, Brampton
    4,000 + 1,500 = 5,500. Alderley's mutual aid and recovery support reach A2 only:
    A1 + A3 beyond, both deprived: 2,000 + 2,000. Brampton's activities reach B2 only:
    B1 + B3 beyond, neither deprived: 2,500. Twelve-step is no gap anywhere."""
    ranked = _ranked(report, 2.0)
    assert ranked[:4] == [
        ("Alderley", d, 4000, 2000, 6000.0)
        for d in ("activities", "volunteering", "community-links", "growth-pathways")
    ]
    assert ranked[4:9] == [
        ("Brampton", d, 4000, 1500, 5500.0)
        for d in (
            "mutual-aid",
            "recovery-support",
            "volunteering",
            "community-links",
            "growth-pathways",
        )
    ]
    assert ranked[9:] == [
        ("Alderley", "mutual-aid", 2000, 2000, 4000.0),
        ("Alderley", "recovery-support", 2000, 2000, 4000.0),
        ("Brampton", "activities", 2500, 0, 2500.0),
    ]
    assert all(domain != "twelve-step" for _d, domain, *_ in ranked)


def test_a_weight_of_one_counts_every_resident_alike(report):
    ranked = _ranked(report, 1.0)
    # Brampton's activities (2,500) now come before Alderley's weak cells (2,000 each).
    assert ranked[-3:] == [
        ("Brampton", "activities", 2500, 0, 2500.0),
        ("Alderley", "mutual-aid", 2000, 2000, 2000.0),
        ("Alderley", "recovery-support", 2000, 2000, 2000.0),
    ]
    assert ranked[0][4] == 4000.0 and ranked[0][0] == "Alderley"  # ties: the name


def test_neighbourhoods_are_named_most_residents_first_and_by_place(report):
    [brampton] = [
        g
        for g in ranked_gaps_json(ranked_gaps(report), names={"E01900005": "Bramford"})
        if g["district_name"] == "Brampton" and g["domain"] == "mutual-aid"
    ]
    # B2 1,500 deprived (3,000 weighted), B1 1,500, B3 1,000.
    assert brampton["neighbourhoods"][0]["lat"] == pytest.approx(fixture.lonlat(415000, 305000)[1])
    assert [(n["code"], n["place"]) for n in brampton["neighbourhoods"]] == [
        ("E01900005", "Bramford"),
        ("E01900004", None),
        ("E01900006", None),
    ]


def test_only_the_selected_seven_domains_are_ranked(report):
    params = GapParams(domains=("mutual-aid", "treatment"))
    narrow = analyse(fixture.residents(), fixture.listings(), params)
    assert {g.domain for g in ranked_gaps(narrow)} == {"mutual-aid"}


@pytest.mark.parametrize("value, expected", [("", 2.0), ("1", 1.0), ("3.5", 3.5), ("10", 10.0)])
def test_deprived_weight_parameter(value, expected):
    assert read_ranking(MultiDict({"deprived_weight": value}))[0] == expected


@pytest.mark.parametrize("value", ["0.5", "11", "nan", "inf", "two"])
def test_a_bad_deprived_weight_says_what_to_use(value):
    with pytest.raises(BadParameter) as raised:
        read_ranking(MultiDict({"deprived_weight": value}))[0]
    assert "a number from 1" in raised.value.message


# --- the grid --------------------------------------------------------------------------------


def test_the_checklist_grid_counts_statuses_and_residents_beyond(report):
    grid = {row["name"]: row for row in checklist_grid(report)}
    alderley, brampton = grid["Alderley"], grid["Brampton"]
    assert (alderley["missing"], alderley["weak"]) == (4, 2)
    assert (brampton["missing"], brampton["weak"]) == (5, 1)
    # Alderley: twelve-step 2,000 (A2) + 2 × 2,000 + 4 × 4,000 = 22,000.
    assert alderley["residents_beyond"] == 22_000
    assert brampton["residents_beyond"] == 0 + 5 * 4000 + 2500
    assert alderley["domains"]["twelve-step"] == {
        "status": "present",
        "gap": False,
        "coverage_pct": 50.0,
        "residents_beyond": 2000,
        "deprived_residents_beyond": 0,
    }


@pytest.mark.parametrize(
    "by, domain, order",
    [
        ("name", None, ["Alderley", "Brampton"]),
        ("status", None, ["Brampton", "Alderley"]),  # 5 missing before 4
        ("beyond", None, ["Brampton", "Alderley"]),  # 22,500 before 22,000
        ("status", "activities", ["Alderley", "Brampton"]),  # missing before weak
        ("beyond", "twelve-step", ["Alderley", "Brampton"]),  # 2,000 before 0
        ("beyond", "mutual-aid", ["Brampton", "Alderley"]),  # 4,000 before 2,000
    ],
)
def test_the_grid_sorts(report, by, domain, order):
    assert [r["name"] for r in sort_grid(checklist_grid(report), by, domain)] == order


@pytest.mark.parametrize(
    "by, domain, parameter", [("size", None, "sort"), ("status", "treatment", "sort_domain")]
)
def test_a_bad_sort_says_what_to_use(report, by, domain, parameter):
    with pytest.raises(BadParameter) as raised:
        sort_grid(checklist_grid(report), by, domain)
    assert raised.value.details["parameter"] == parameter
