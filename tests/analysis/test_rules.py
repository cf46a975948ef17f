"""Gap reasons and the checklist as case tables (the main threshold's figures)."""

import pytest

from mapapp.analysis.rules import CHECKLIST, Measures, checklist_status, gap_reasons


@pytest.mark.parametrize(
    "assets, coverage, difference, reasons, status",
    [
        (0, 0.0, None, ["no_assets", "low_coverage"], "missing"),
        (0, 0.0, 0.0, ["no_assets", "low_coverage"], "missing"),
        (2, 0.0, None, ["low_coverage"], "weak"),  # located, but beyond everyone's reach
        (0, 80.0, -5.0, ["no_assets"], "present"),  # served from across the boundary
        (3, 49.9, 10.0, ["low_coverage"], "weak"),
        (3, 50.0, None, [], "present"),  # 50% is not below 50%
        (3, 90.0, -19.9, [], "present"),
        (3, 90.0, -20.0, ["deprived_gap"], "weak"),  # 20 points or more behind
        (3, 90.0, 30.0, [], "present"),  # deprived better served: no gap
    ],
)
def test_rules(assets, coverage, difference, reasons, status):
    measures = Measures(assets, coverage, difference)
    assert gap_reasons(measures) == reasons
    assert checklist_status(measures) == status


def test_the_checklist_is_one_table_in_order_ending_with_a_catch_all():
    assert [rule.status for rule in CHECKLIST] == ["missing", "weak", "present"]
    assert all(rule.rule.endswith(".") for rule in CHECKLIST)
    assert CHECKLIST[-1].applies(Measures(0, 0.0, None))


def test_a_difference_published_as_minus_twenty_is_flagged_through_analyse():
    """30,000 residents, 11,000 within reach (36.67%); 6,000 in deprived LSOAs, 1,000 within
    reach (16.67%): 16.666… − 36.666… is −19.999999999999996 in floating point, published as
    −20.0, and flagged like the −20.0 it shows."""
    import pandas as pd

    from mapapp.analysis import GapParams, analyse
    from mapapp.analysis.residents import residents_from_frames
    from mapapp.analysis.supply import Listings

    lsoas = pd.DataFrame(
        [  # near the listing at x = 0: D1 and N1; far away: D2 and N2
            ("L1", "D1", 1000, 1, 0.0),
            ("L2", "D2", 5000, 1, 90000.0),
            ("L3", "N1", 10000, 5, 100.0),
            ("L4", "N2", 14000, 5, 90000.0),
        ],
        columns=["code", "name", "population", "imd_decile", "x"],
    ).assign(district_code="E07000001", y=0.0, lon=0.0, lat=0.0)
    residents = residents_from_frames(
        lsoas, pd.DataFrame({"code": ["E07000001"], "name": ["Exact"]})
    )
    listings = Listings(
        pd.DataFrame(
            [
                dict(
                    id=1,
                    kind="service",
                    attendance="in_person",
                    status="active",
                    precision="exact",
                    district_code="E07000001",
                    x=0.0,
                    y=0.0,
                )
            ]
        ),
        pd.DataFrame({"asset_id": [1], "domain": ["twelve-step"]}),
    )
    report = analyse(residents, listings, GapParams(thresholds_m=(1600.0,)))
    cell = report.districts[0].cells["twelve-step"]
    assert cell.deprived_difference_pts[0] != -20.0  # the floating-point remainder is there
    published = report.to_json()["districts"][0]["domains"]["twelve-step"]
    assert published["coverage_pct"] == {"1600": 36.67}
    assert published["deprived_difference_pts"] == {"1600": -20.0}
    assert published["gap_reasons"] == ["low_coverage", "deprived_gap"]
    assert cell.status == "weak"
