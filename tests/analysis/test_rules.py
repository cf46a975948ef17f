"""Gap reasons and the checklist as case tables (the main threshold's figures)."""

import pytest

from mapapp.analysis.rules import CHECKLIST, Measures, checklist_status, gap_reasons


@pytest.mark.parametrize("assets, coverage, difference, reasons, status", [
    (0, 0.0, None, ["no_assets", "low_coverage"], "missing"),
    (0, 0.0, 0.0, ["no_assets", "low_coverage"], "missing"),
    (2, 0.0, None, ["low_coverage"], "weak"),          # located, but beyond everyone's reach
    (0, 80.0, -5.0, ["no_assets"], "present"),        # served from across the boundary
    (3, 49.9, 10.0, ["low_coverage"], "weak"),
    (3, 50.0, None, [], "present"),                    # 50% is not below 50%
    (3, 90.0, -19.9, [], "present"),
    (3, 90.0, -20.0, ["deprived_gap"], "weak"),        # 20 points or more behind
    (3, 90.0, 30.0, [], "present"),                    # deprived better served: no gap
])
def test_rules(assets, coverage, difference, reasons, status):
    measures = Measures(assets, coverage, difference)
    assert gap_reasons(measures) == reasons
    assert checklist_status(measures) == status


def test_the_checklist_is_one_table_in_order_ending_with_a_catch_all():
    assert [rule.status for rule in CHECKLIST] == ["missing", "weak", "present"]
    assert all(rule.rule.endswith(".") for rule in CHECKLIST)
    assert CHECKLIST[-1].applies(Measures(0, 0.0, None))
