"""Priorities: which gaps matter most, and the district × seven-domain checklist grid.

The rule, stated once and shown on the page:
  priority = residents beyond the main threshold T
             + (deprived weight − 1) × those of them living in the most deprived LSOAs
(IMD deciles 1–2). With the default weight of 2 a resident of a most deprived LSOA counts
twice; weight 1 counts every resident alike. Only flagged gaps (gap_rules) are ranked, for
the seven community-recovery domains (treatment is a context layer); ties go to the
district's name, then the domains' order. Each gap names its neighbourhoods beyond reach,
most residents first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import params as P
from .. import vocab as D
from .params import GAPS

DEFAULT_DEPRIVED_WEIGHT = 2.0
MAX_DEPRIVED_WEIGHT = 10.0
NEIGHBOURHOODS_NAMED = 3
STATUS_ORDER = {"missing": 0, "weak": 1, "present": 2}  # the worst first
SORTS = ("name", "status", "beyond")
RULE_TEXT = (
    "Gaps are ranked by the residents beyond {threshold} m, with each resident of "
    "the most deprived areas (IMD deciles 1–2) counted {weight} times."
)


# /api/gaps/priorities(.csv) and /gaps/priorities: the analysis's parameters, then the
# ranking's weight and the grid's order.
PRIORITIES = P.Table(
    *GAPS.params,
    P.Number(
        "deprived_weight",
        "How many times a resident of the most deprived areas (IMD deciles 1–2) counts "
        "in the ranking.",
        default=DEFAULT_DEPRIVED_WEIGHT,
        low=1,
        high=MAX_DEPRIVED_WEIGHT,
        trimmed=True,
        refusal=f"a number from 1 (every resident alike) to {MAX_DEPRIVED_WEIGHT:.0f} "
        f"(default {DEFAULT_DEPRIVED_WEIGHT:.0f})",
    ),
    P.Option(
        "sort", "The grid's order.", allowed=SORTS, default="name", refusal=" or ".join(SORTS)
    ),
    P.Option(
        "sort_domain",
        "Sort by this domain's column.",
        allowed=D.SEVEN,
        refusal="one of " + ", ".join(D.SEVEN),
    ),
)


def read_ranking(args) -> tuple[float, str, str | None]:
    """The request's deprived weight, grid order and grid column (None: the whole row)."""
    return tuple(PRIORITIES.read(args, name) for name in ("deprived_weight", "sort", "sort_domain"))


def priority(beyond: float, deprived_beyond: float, weight: float) -> float:
    return beyond + (weight - 1.0) * deprived_beyond


@dataclass
class Beyond:
    """Residents of one district beyond T of one domain, and which LSOAs they live in."""

    residents: float
    deprived: float
    lsoas: pd.DataFrame = field(repr=False)  # code, name, population, deprived, nearest_m,
    # lat, lon


def beyond_reach(report, district: str | None, domain: str) -> Beyond:
    table = report.lsoas
    if district is not None:
        table = table[table["district_code"] == district]
    nearest = table[f"nearest_m_{domain}"].to_numpy(float)
    far = table[nearest > report.params.threshold_m]
    people = far["population"].to_numpy(float)
    deprived = people * far["deprived"].to_numpy(bool)
    lsoas = pd.DataFrame(
        {
            "code": far["code"],
            "name": far["name"],
            "population": people,
            "deprived": far["deprived"].to_numpy(bool),
            "nearest_m": far[f"nearest_m_{domain}"].to_numpy(float),
            "lat": far["lat"].to_numpy(float),
            "lon": far["lon"].to_numpy(float),
        }
    )
    return Beyond(float(people.sum()), float(deprived.sum()), lsoas)


@dataclass
class RankedGap:
    district_code: str
    district_name: str
    domain: str
    status: str
    reasons: list[str]
    coverage_pct: float
    residents_beyond: float
    deprived_beyond: float
    priority: float
    neighbourhoods: pd.DataFrame = field(repr=False)


def ranked_gaps(report, weight: float = DEFAULT_DEPRIVED_WEIGHT) -> list[RankedGap]:
    gaps = []
    for group in report.districts:
        for code in (c for c in report.params.domains if c in D.SEVEN):
            cell = group.cells[code]
            if not cell.gap_reasons:
                continue
            far = beyond_reach(report, group.code, code)
            order = np.lexsort(
                (
                    far.lsoas["code"].to_numpy(),
                    -(
                        far.lsoas["population"].to_numpy()
                        * np.where(far.lsoas["deprived"], weight, 1.0)
                    ),
                )
            )
            gaps.append(
                RankedGap(
                    group.code,
                    group.name,
                    code,
                    cell.status,
                    cell.gap_reasons,
                    cell.coverage_pct[0],
                    far.residents,
                    far.deprived,
                    priority(far.residents, far.deprived, weight),
                    far.lsoas.iloc[order].reset_index(drop=True),
                )
            )
    gaps.sort(key=lambda g: (-g.priority, g.district_name, D.CODES.index(g.domain)))
    return gaps


def ranked_gaps_json(
    gaps: list[RankedGap], names: dict | None = None, limit: int | None = None
) -> list[dict]:
    names = names or {}
    return [
        {
            "rank": rank,
            "district_code": g.district_code,
            "district_name": g.district_name,
            "domain": g.domain,
            "label": D.label(g.domain),
            "status": g.status,
            "gap_reasons": g.reasons,
            "coverage_pct": round(g.coverage_pct, 2),
            "residents_beyond": int(round(g.residents_beyond)),
            "deprived_residents_beyond": int(round(g.deprived_beyond)),
            "priority": round(g.priority, 1),
            "neighbourhoods": [
                {
                    "code": row.code,
                    "name": row.name,
                    "place": names.get(row.code),
                    "population": int(round(row.population)),
                    "deprived": bool(row.deprived),
                    "lat": round(float(row.lat), 6),
                    "lon": round(float(row.lon), 6),
                }
                for row in g.neighbourhoods.head(NEIGHBOURHOODS_NAMED).itertuples()
            ],
        }
        for rank, g in enumerate(gaps[:limit] if limit else gaps, start=1)
    ]


# --- the checklist grid ----------------------------------------------------------------------


def checklist_grid(report) -> list[dict]:
    """One row per district: per seven-domain its status, gap flag, coverage and residents
    beyond T; and the totals the grid sorts by."""
    rows = []
    for group in report.districts:
        cells = {}
        for code in D.SEVEN:
            cell = group.cells[code]
            far = beyond_reach(report, group.code, code)
            cells[code] = {
                "status": cell.status,
                "gap": bool(cell.gap_reasons),
                "coverage_pct": round(cell.coverage_pct[0], 2),
                "residents_beyond": int(round(far.residents)),
                "deprived_residents_beyond": int(round(far.deprived)),
            }
        rows.append(
            {
                "code": group.code,
                "name": group.name,
                "population": int(round(group.population)),
                "domains": cells,
                "missing": sum(c["status"] == "missing" for c in cells.values()),
                "weak": sum(c["status"] == "weak" for c in cells.values()),
                "residents_beyond": sum(c["residents_beyond"] for c in cells.values()),
            }
        )
    return rows


def sort_grid(rows: list[dict], by: str = "name", domain: str | None = None) -> list[dict]:
    """by name; by status (the most missing, then the most weak, first); or by residents
    beyond reach (the most first). With ``domain``, status and beyond look at that column
    only. Ties go to the name."""
    PRIORITIES.by_name["sort"].check(by)
    if domain is not None:
        PRIORITIES.by_name["sort_domain"].check(domain)

    def key(row):
        if by == "name":
            return (row["name"],)
        if domain is not None:
            cell = row["domains"][domain]
            if by == "status":
                return (STATUS_ORDER[cell["status"]], -cell["residents_beyond"], row["name"])
            return (-cell["residents_beyond"], STATUS_ORDER[cell["status"]], row["name"])
        if by == "status":
            return (-row["missing"], -row["weak"], -row["residents_beyond"], row["name"])
        return (-row["residents_beyond"], -row["missing"], -row["weak"], row["name"])

    return sorted(rows, key=key)
