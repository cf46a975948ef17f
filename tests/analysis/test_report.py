"""Every figure of the hand-built area (tests/analysis/fixture.py), worked out by hand.

Residents (y = 305000 for all):
  A1 402000 pop 1000 decile 1 | A2 405000 pop 2000 decile 5 | A3 409000 pop 1000 decile 2
  B1 411000 pop 1500 decile 9 | B2 415000 pop 1500 decile 1 | B3 419500 pop 1000 no IMD
  Alderley: 4,000 residents, 2,000 in deprived LSOAs (A1, A3).
  Brampton: 4,000 residents, 1,500 in deprived LSOAs (B2).

Counted listings (active, in person or hybrid, exact/postcode/place) and their distances:
  #1 Alderley AA (402600, 305800), 12-step, A: to A1 (600, 800) = 1,000 m;
     to A2 (2400, 800) = 2,529.8 m.
  #2 Border NA (410300, 305400), 12-step, B, fortnightly: to A3 (1300, 400) = 1,360.1 m
     — across the district boundary; to B1 (700, 400) = 806.2 m; to B2 (4700, 400) = 4,717 m.
  #3 Monthly CA (415000, 306200), 12-step, B, monthly: to B2 1,200 m; to B1 (4000, 1200)
     = 4,176 m; to B3 (4500, 1200) = 4,657 m.
  #7 Neighbour AA (420500, 305000), 12-step, in Neighbourton: to B3 1,000 m.
  #8 Women's SMART (405000, 304000), mutual aid + recovery support, hybrid, A: to A2 1,000;
     A1 (3000, 1000) = 3,162; A3 (4000, 1000) = 4,123; B1 (6000, 1000) = 6,083 m.
  #9 Brampton Walkers (415600, 304200), activities, B, two weekly sessions: to B2 1,000;
     B3 (3900, 800) = 3,981; B1 (4600, 800) = 4,669; A3 (6600, 800) = 6,648 m.
  #10 Alderley Treatment Service (402000, 306200), treatment, A (a service: no sessions):
     to A1 1,200; A2 (3000, 1200) = 3,231; A3 (7000, 1200) = 7,102 m.
Left out: #4 online only (an alternative), #5 approximate location (left out of coverage,
but located in Alderley with its session), #6 inactive.
"""

import pytest

from mapapp import vocab as D
from mapapp.analysis import GapParams, analyse
from tests.analysis import fixture

approx = pytest.approx


@pytest.fixture(scope="module")
def report():
    return analyse(fixture.residents(), fixture.listings(), GapParams())


def _cell(report, district, domain):
    group = report.area if district is None else report.district(district)
    return group.cells[domain]


def test_what_counts_as_local_supply(report):
    assert report.supply.counted == 7  # #1 #2 #3 #7 #8 #9 #10
    assert report.supply.excluded == {
        "not_active": 1,
        "other_audience": 0,
        "online_only": 1,
        "attendance_not_chosen": 0,
        "approximate_location": 1,
        "no_location": 0,
    }
    assert report.supply.online_alternatives["twelve-step"] == 1  # Online AA, not coverage


def test_twelve_step_counts_rates_and_cross_boundary_coverage(report):
    alderley = _cell(report, fixture.A, "twelve-step")
    # Located in Alderley: #1 and #5 (approximate: not coverage, but located here, with its
    # weekly session); not #6 (inactive): 2 per 4,000 = 5/10k, 2 weekly sessions.
    assert (alderley.assets, alderley.assets_per_10k) == (2, approx(5.0))
    assert alderley.weekly_sessions == approx(2.0) and alderley.sessions_per_10k == approx(5.0)
    # 1,600 m: A1 (1,000 m from #1) and A3 (1,360 m from #2, across the boundary in
    # Brampton); A2 is 2,530 m away (the approximate and the inactive listing sit on it
    # and do not count). (1000 + 1000) / 4000 = 50%. 5,000 m: everyone.
    assert alderley.coverage_pct == (approx(50.0), approx(100.0))
    # Deprived A1 and A3 are both covered: 100%, 50 points above the district's.
    assert alderley.deprived_coverage_pct == (approx(100.0), approx(100.0))
    assert alderley.deprived_difference_pts == (approx(50.0), approx(0.0))
    assert alderley.gap_reasons == []  # exactly 50% is not below 50%


def test_fortnightly_and_monthly_sessions_are_weighted(report):
    brampton = _cell(report, fixture.B, "twelve-step")
    # #2 fortnightly 0.5 + #3 monthly 12/52; the neighbour's #7 is not located here.
    assert brampton.assets == 2
    assert brampton.weekly_sessions == approx(0.5 + 12 / 52)
    assert brampton.sessions_per_10k == approx((0.5 + 12 / 52) * 10000 / 4000)
    # B1 806 m (#2), B2 1,200 m (#3), B3 1,000 m (#7, in the neighbouring district).
    assert brampton.coverage_pct == (approx(100.0), approx(100.0))
    assert brampton.deprived_difference_pts == (approx(0.0), approx(0.0))


def test_the_most_deprived_left_behind_is_a_gap(report):
    mutual = _cell(report, fixture.A, "mutual-aid")
    # #8 (hybrid, its district found from its point) is 1,000 m from A2 only at 1,600 m:
    # 2000/4000 = 50%; deprived A1 (3,162 m) and A3 (4,123 m) are not: 0%, 50 points
    # behind. At 5,000 m all of Alderley is covered.
    assert mutual.assets == 1 and mutual.weekly_sessions == approx(1.0)
    assert mutual.coverage_pct == (approx(50.0), approx(100.0))
    assert mutual.deprived_coverage_pct == (approx(0.0), approx(100.0))
    assert mutual.deprived_difference_pts == (approx(-50.0), approx(0.0))
    assert mutual.gap_reasons == ["deprived_gap"]
    assert _cell(report, fixture.A, "recovery-support").coverage_pct == mutual.coverage_pct


def test_activities_low_coverage_and_two_weekly_sessions(report):
    walking = _cell(report, fixture.B, "activities")
    # B2 only within 1,600 m: 1500/4000 = 37.5%; within 5,000 m B1, B2, B3: 100%.
    assert walking.coverage_pct == (approx(37.5), approx(100.0))
    assert walking.deprived_coverage_pct == (approx(100.0), approx(100.0))  # B2 is deprived
    assert walking.weekly_sessions == approx(2.0) and walking.sessions_per_10k == approx(5.0)
    assert walking.gap_reasons == ["low_coverage"]


def test_treatment_services_have_no_sessions_and_a_district_without_any(report):
    treatment = _cell(report, fixture.A, "treatment")
    # A1 1,200 m: 1000/4000 = 25%; 5,000 m adds A2 (3,231 m): 75%. Deprived: A1 of A1+A3.
    assert treatment.coverage_pct == (approx(25.0), approx(75.0))
    assert treatment.deprived_coverage_pct == (approx(50.0), approx(50.0))
    assert treatment.deprived_difference_pts == (approx(25.0), approx(-25.0))
    assert treatment.weekly_sessions == 0.0
    assert treatment.gap_reasons == ["low_coverage"]
    none = _cell(report, fixture.B, "treatment")  # nearest to B1 is 9,080 m
    assert (none.assets, none.coverage_pct) == (0, (0.0, 0.0))
    assert none.gap_reasons == ["no_assets", "low_coverage"]


def test_domains_with_no_listing_at_all(report):
    for district in (fixture.A, fixture.B):
        cell = _cell(report, district, "volunteering")
        assert (cell.assets, cell.coverage_pct, cell.weekly_sessions) == (0, (0.0, 0.0), 0.0)
        assert cell.gap_reasons == ["no_assets", "low_coverage"]


def test_the_whole_area_adds_up_its_districts(report):
    area = _cell(report, None, "twelve-step")
    # Located: 2 + 2 (the neighbour's is outside the area). Covered at 1,600 m:
    # 2,000 in A + 4,000 in B of 8,000 = 75%. Deprived: A1, A3, B2 (3,500) all covered.
    assert (area.assets, area.weekly_sessions) == (4, approx(2 + 0.5 + 12 / 52))
    assert area.coverage_pct == (approx(75.0), approx(100.0))
    assert area.deprived_coverage_pct == (approx(100.0), approx(100.0))
    assert (report.area.population, report.area.deprived_population) == (8000, 3500)
    assert [g.name for g in report.districts] == ["Alderley", "Brampton"]


def test_the_seven_domain_checklist(report):
    assert report.district(fixture.A).checklist == {
        "twelve-step": "present",  # 50% covered, deprived ahead
        "mutual-aid": "weak",  # deprived 50 points behind
        "recovery-support": "weak",  # the same listing
        "activities": "missing",  # none located, nobody within 1,600 m
        "volunteering": "missing",
        "community-links": "missing",
        "growth-pathways": "missing",
    }
    assert report.district(fixture.B).checklist == {
        "twelve-step": "present",
        "mutual-aid": "missing",
        "recovery-support": "missing",
        "activities": "weak",  # 37.5% covered
        "volunteering": "missing",
        "community-links": "missing",
        "growth-pathways": "missing",
    }


def _slots(cell_or_percentages):
    from mapapp.analysis.supply import SLOTS

    values = getattr(cell_or_percentages, "time_of_week_pct", cell_or_percentages)
    return {slot: approx(v) for slot, v in zip(SLOTS, values, strict=True) if v}


def test_time_of_week_at_the_main_threshold(report):
    # Sessions within 1,600 m: #1 Mon 19:30 reaches A1; #2 Sat 10:00 (fortnightly, counts
    # for availability) reaches A3 and B1; #3 Sun 18:00 (monthly) reaches B2; #7 Wed 12:30
    # reaches B3; #8 Tue 10:00 reaches A2; #9 Sat and Sun 14:00 reach B2. #10 is a service.
    assert _slots(_cell(report, fixture.A, "twelve-step")) == {
        ("mon", "evening"): 25.0,
        ("sat", "morning"): 25.0,
    }
    assert _slots(_cell(report, fixture.B, "twelve-step")) == {
        ("wed", "afternoon"): 25.0,
        ("sat", "morning"): 37.5,
        ("sun", "evening"): 37.5,
    }
    assert _slots(_cell(report, fixture.A, "mutual-aid")) == {("tue", "morning"): 50.0}
    assert _slots(_cell(report, fixture.B, "activities")) == {
        ("sat", "afternoon"): 37.5,
        ("sun", "afternoon"): 37.5,
    }
    assert _slots(_cell(report, fixture.A, "treatment")) == {}
    assert _slots(_cell(report, None, "twelve-step")) == {  # of 8,000
        ("mon", "evening"): 12.5,
        ("wed", "afternoon"): 12.5,
        ("sat", "morning"): 31.25,
        ("sun", "evening"): 18.75,
    }
    assert _slots(report.district(fixture.A).any_time_of_week_pct) == {
        ("mon", "evening"): 25.0,
        ("tue", "morning"): 50.0,
        ("sat", "morning"): 25.0,
    }


def test_nearest_distances_and_access_score_per_lsoa(report):
    table = report.lsoas.set_index("name")
    assert table.loc["Alderley 001B", "nearest_m_twelve-step"] == approx(2529.822, abs=1e-3)
    assert table.loc["Alderley 001C", "nearest_m_twelve-step"] == approx(1360.147, abs=1e-3)
    assert table.loc["Brampton 001A", "nearest_m_twelve-step"] == approx(806.226, abs=1e-3)
    assert table["nearest_m_volunteering"].tolist() == [float("inf")] * 6
    # Percentile per domain = 20 × (6 − rank), rank 1 = nearest, ties averaged, none = 0:
    #   12-step  B1 100, A1 & B3 70 (tied at 1,000 m), B2 40, A3 20, A2 0
    #   mutual aid and recovery support: A2 100, A1 80, A3 60, B1 40, B2 20, B3 0
    #   activities: B2 100, B3 80, B1 60, A3 40, A2 20, A1 0
    #   treatment:  A1 100, A2 80, A3 60, B1 40, B2 20, B3 0; three domains with none: 0
    # Score = sum / 8: A1 330, A2 300, A3 240, B1 280, B2 200, B3 150.
    scores = table["access_score"].to_dict()
    assert scores == {
        "Alderley 001A": approx(41.25),
        "Alderley 001B": approx(37.5),
        "Alderley 001C": approx(30.0),
        "Brampton 001A": approx(35.0),
        "Brampton 001B": approx(25.0),
        "Brampton 001C": approx(18.75),
    }
    assert table["access_rank"].to_dict() == {
        "Alderley 001A": 1,
        "Alderley 001B": 2,
        "Brampton 001A": 3,
        "Alderley 001C": 4,
        "Brampton 001B": 5,
        "Brampton 001C": 6,
    }
    # Decile = floor((rank from the worst − 1) × 10 / 6) + 1.
    assert table["access_decile"].to_dict() == {
        "Brampton 001C": 1,
        "Brampton 001B": 2,
        "Alderley 001C": 4,
        "Brampton 001A": 6,
        "Alderley 001B": 7,
        "Alderley 001A": 9,
    }
    assert table["deprived"].tolist() == [True, False, True, False, True, False]


def test_a_larger_threshold_reaches_further():
    wide = analyse(fixture.residents(), fixture.listings(), GapParams(thresholds_m=(2600.0,)))
    # A2 is 2,530 m from #1: now all of Alderley is covered for 12-step.
    assert wide.district(fixture.A).cells["twelve-step"].coverage_pct == (approx(100.0),)
    assert wide.params.threshold_m == 2600.0


def test_audience_counts_only_listings_for_that_audience():
    women = analyse(fixture.residents(), fixture.listings(), GapParams(audience=("women",)))
    # Only Women's SMART is for women: 12-step coverage drops to nothing.
    assert women.supply.counted == 1
    assert women.supply.excluded["other_audience"] == 8  # every active listing but #8
    assert women.district(fixture.A).cells["twelve-step"].coverage_pct == (0.0, 0.0)
    assert women.district(fixture.A).cells["mutual-aid"].coverage_pct == (
        approx(50.0),
        approx(100.0),
    )


def test_attendance_filter_can_leave_hybrid_out():
    in_person = analyse(
        fixture.residents(), fixture.listings(), GapParams(attendance=("in_person",))
    )
    assert in_person.supply.excluded["attendance_not_chosen"] == 1  # Women's SMART
    assert in_person.district(fixture.A).cells["mutual-aid"].coverage_pct == (0.0, 0.0)


def test_domain_filter_narrows_what_is_shown_not_what_is_computed():
    shown = analyse(fixture.residents(), fixture.listings(), GapParams(domains=("activities",)))
    body = shown.to_json()
    assert list(body["area"]["domains"]) == ["activities"]
    assert set(body["districts"][0]["checklist"]) == set(D.SEVEN)  # always all seven
    # 'Any selected domain' is then activities only.
    assert _slots(shown.district(fixture.B).any_time_of_week_pct) == {
        ("sat", "afternoon"): 37.5,
        ("sun", "afternoon"): 37.5,
    }


@pytest.mark.parametrize(
    "value, written",
    [
        ("=1+2", "'=1+2"),
        ("+44", "'+44"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Alderley", "Alderley"),
        ("", ""),
        (-20.0, -20.0),
        (3, 3),
    ],
)
def test_csv_cells_are_safe_for_spreadsheets(value, written):
    from mapapp.analysis.outputs import safe_cell

    assert safe_cell(value) == written


def test_an_approximate_location_is_located_in_its_district_but_is_not_coverage():
    """A district whose only treatment service is at a deliberately approximate point has
    it located there (no 'none located'), but nobody is covered by it."""
    assets = [
        dict(a, precision="approximate") if a["name"] == "Alderley Treatment Service" else a
        for a in fixture.ASSETS
    ]
    report = analyse(fixture.residents(), fixture.listings(assets), GapParams())
    treatment = _cell(report, fixture.A, "treatment")
    assert treatment.assets == 1 and treatment.coverage_pct == (0.0, 0.0)
    assert treatment.gap_reasons == ["low_coverage"]  # not "no_assets"
    assert report.supply.counted == 6 and report.supply.excluded["approximate_location"] == 2
    assert report.lsoas["nearest_m_treatment"].tolist() == [float("inf")] * 6
