"""Gap flags and the seven-domain checklist: the rules as data, shown verbatim on the page.

Both use the main threshold T. 'Deprived difference' is the coverage among residents of
the most deprived LSOAs (IMD deciles 1–2) minus the coverage among all the district's
residents, in percentage points: negative when the most deprived are less well served.
The rules look at the figures as published (rounded to PCT_DIGITS), so a difference shown
as -20.0 is flagged whatever the floating-point remainder behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

COVERAGE_FLOOR_PCT = 50.0
DEPRIVED_GAP_PTS = 20.0
PCT_DIGITS = 2  # percentages and points are published to 2 decimals, and judged as published


@dataclass(frozen=True)
class Measures:
    """What the rules look at, for one district and domain at the main threshold."""

    assets: int  # listings located in the district, whatever the precision of their point
    coverage_pct: float  # residents within T of one, anywhere (0 when nobody lives there)
    deprived_difference_pts: float | None  # None when the district has no deprived LSOA

    @classmethod
    def published(
        cls, assets: int, coverage_pct: float, deprived_difference_pts: float | None
    ) -> Measures:
        """The measures rounded as the JSON, CSV and pages show them."""
        return cls(
            assets,
            round(coverage_pct, PCT_DIGITS),
            None if deprived_difference_pts is None else round(deprived_difference_pts, PCT_DIGITS),
        )


def _deprived_behind(m: Measures) -> bool:
    return m.deprived_difference_pts is not None and m.deprived_difference_pts <= -DEPRIVED_GAP_PTS


@dataclass(frozen=True)
class GapReason:
    short: str  # a few words for a table cell
    text: str
    applies: Callable[[Measures], bool]


GAP_REASONS: dict[str, GapReason] = {
    "no_assets": GapReason(
        "none located",
        "No listing of this domain is located in the district.",
        lambda m: m.assets == 0,
    ),
    "low_coverage": GapReason(
        f"under {COVERAGE_FLOOR_PCT:.0f}%",
        f"Fewer than {COVERAGE_FLOOR_PCT:.0f}% of residents live within the threshold of one.",
        lambda m: m.coverage_pct < COVERAGE_FLOOR_PCT,
    ),
    "deprived_gap": GapReason(
        "deprived areas behind",
        "Residents of the most deprived areas "
        f"(IMD deciles 1–2) are {DEPRIVED_GAP_PTS:.0f} or more "
        "percentage points less likely to live within the threshold of "
        "one than the district's residents as a whole.",
        _deprived_behind,
    ),
}


@dataclass(frozen=True)
class ChecklistRule:
    status: str
    rule: str
    applies: Callable[[Measures], bool]


# Tried in order; the first that applies gives the status.
CHECKLIST: tuple[ChecklistRule, ...] = (
    ChecklistRule(
        "missing",
        "No listing of the domain is located in the district and no "
        "resident lives within the threshold of one, across the boundary included.",
        lambda m: m.assets == 0 and m.coverage_pct == 0,
    ),
    ChecklistRule(
        "weak",
        f"Fewer than {COVERAGE_FLOOR_PCT:.0f}% of residents live within "
        "the threshold of one, or residents of the most deprived areas (IMD deciles "
        f"1–2) are {DEPRIVED_GAP_PTS:.0f} or more percentage points less likely to.",
        lambda m: m.coverage_pct < COVERAGE_FLOOR_PCT or _deprived_behind(m),
    ),
    ChecklistRule(
        "present",
        "Otherwise: at least half of residents, and the most deprived "
        "not far behind, live within the threshold of one.",
        lambda m: True,
    ),
)


def gap_reasons(measures: Measures) -> list[str]:
    """The codes of every gap reason that applies (empty: no gap)."""
    return [code for code, reason in GAP_REASONS.items() if reason.applies(measures)]


def checklist_status(measures: Measures) -> str:
    return next(rule.status for rule in CHECKLIST if rule.applies(measures))


def rules_json() -> dict:
    return {
        "gap_reasons": {code: reason.text for code, reason in GAP_REASONS.items()},
        "checklist": [{"status": r.status, "rule": r.rule} for r in CHECKLIST],
        "coverage_floor_pct": COVERAGE_FLOOR_PCT,
        "deprived_gap_pts": DEPRIVED_GAP_PTS,
    }
