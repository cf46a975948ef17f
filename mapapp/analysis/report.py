"""The gap analysis itself, from plain frames to a GapReport: no database here.

``analyse`` is what the page, the API, the command line, the tests and the benchmark all
run; ``gap_analysis`` (in __init__) only loads the frames from the database first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import vocab as D
from . import rules
from .access_score import access_scores
from .coverage import covered, group_sums, nearest_by_domain, session_masks
from .params import GapParams
from .residents import Residents
from .supply import SLOTS, Listings, Supply, select_supply

PER = 10_000  # rates are per 10,000 residents


@dataclass
class Cell:
    """One district (or the whole area) and one domain. Percentages are 0–100."""

    assets: int
    weekly_sessions: float
    population: float
    deprived_population: float
    coverage_pct: tuple[float, ...]  # one per threshold, in the order of params
    deprived_coverage_pct: tuple[float | None, ...]  # None: no deprived LSOA here
    time_of_week_pct: np.ndarray  # len(SLOTS), at the main threshold
    lero_assets: int = 0  # of ``assets``, those a lived-experience-led organisation runs

    @property
    def lero_pct(self) -> float | None:
        return None if self.assets == 0 else 100.0 * self.lero_assets / self.assets

    @property
    def assets_per_10k(self) -> float | None:
        return _rate(self.assets, self.population)

    @property
    def sessions_per_10k(self) -> float | None:
        return _rate(self.weekly_sessions, self.population)

    @property
    def deprived_difference_pts(self) -> tuple[float | None, ...]:
        return tuple(
            None if d is None else d - c
            for c, d in zip(self.coverage_pct, self.deprived_coverage_pct, strict=True)
        )

    @property
    def measures(self) -> rules.Measures:
        return rules.Measures.published(
            self.assets, self.coverage_pct[0], self.deprived_difference_pts[0]
        )

    @property
    def gap_reasons(self) -> list[str]:
        return rules.gap_reasons(self.measures)

    @property
    def status(self) -> str:
        return rules.checklist_status(self.measures)


@dataclass
class Group:
    """A district, or the whole area (code None), with a Cell per domain (all eight)."""

    code: str | None
    name: str
    lsoas: int
    population: float
    deprived_population: float
    cells: dict[str, Cell]
    any_time_of_week_pct: np.ndarray  # meetings and activities of any selected domain
    listings: int = 0  # located here, each once whatever its domains
    lero_listings: int = 0  # of those, run by a lived-experience-led organisation

    @property
    def lero_pct(self) -> float | None:
        return None if self.listings == 0 else 100.0 * self.lero_listings / self.listings

    @property
    def checklist(self) -> dict[str, str]:
        return {code: self.cells[code].status for code in D.SEVEN}


@dataclass
class GapReport:
    params: GapParams
    districts: list[Group]
    area: Group
    supply: Supply
    lsoas: pd.DataFrame  # per LSOA: residents' columns, nearest_m_<domain>, access score

    def district(self, code: str) -> Group | None:
        return next((g for g in self.districts if g.code == code), None)

    def to_json(self) -> dict:
        from .outputs import report_json

        return report_json(self)


def _rate(count: float, population: float) -> float | None:
    return None if population <= 0 else count * PER / population


def analyse(residents: Residents, listings: Listings, params: GapParams) -> GapReport:
    supply = select_supply(listings, params)
    xy = residents.xy
    nearest = nearest_by_domain(xy, supply.points)
    masks = session_masks(xy, supply.points, params.threshold_m)
    selected = [D.CODES.index(code) for code in params.domains]
    any_mask = np.bitwise_or.reduce(masks[:, selected], axis=1)
    sums = _resident_sums(residents, nearest, masks, any_mask, params.thresholds_m)
    sums.update(_located(supply.located, residents.districts))
    groups = _groups(residents, sums)
    lsoas = _lsoa_table(residents, nearest)
    return GapReport(params, groups[:-1], groups[-1], supply, lsoas)


def _resident_sums(residents: Residents, nearest, masks, any_mask, thresholds) -> dict:
    """Population sums per district (then one more row: the whole area)."""
    people, deprived = residents.population, residents.population * residents.deprived
    group, count = residents.district_index, len(residents.districts)

    def by_district(values):
        sums = group_sums(values, group, count)
        return np.concatenate([sums, sums.sum(axis=0, keepdims=True)])

    within = covered(nearest, thresholds)
    bits = np.arange(len(SLOTS), dtype=np.uint32)
    slots = [(masks >> bit) & np.uint32(1) for bit in bits]  # LSOAs × domains, per slot
    any_slots = (any_mask[:, None] >> bits) & np.uint32(1)
    return {
        "lsoas": by_district(np.ones(len(people))),
        "population": by_district(people),
        "deprived_population": by_district(deprived),
        "covered": by_district(people[:, None, None] * within),
        "deprived_covered": by_district(deprived[:, None, None] * within),
        "time_of_week": np.stack([by_district(people[:, None] * s) for s in slots], axis=-1),
        "any_time_of_week": by_district(people[:, None] * any_slots),
    }


def _located(points: pd.DataFrame, districts: pd.DataFrame) -> dict:
    """Listings and weekly sessions located in each district, per domain (Supply.located:
    whatever the precision of their points)."""
    count = len(districts)
    assets = np.zeros((count + 1, len(D.CODES)))
    sessions = np.zeros_like(assets)
    index = points["district_code"].map({c: i for i, c in enumerate(districts["code"])})
    inside = points[index.notna()]
    rows, columns = index[index.notna()].to_numpy(np.int64), inside["domain_index"].to_numpy()
    lero = np.zeros_like(assets)
    np.add.at(assets, (rows, columns), 1)
    np.add.at(sessions, (rows, columns), inside["weekly_sessions"].to_numpy(float))
    np.add.at(lero, (rows, columns), inside["lero"].to_numpy(float))
    for table in (assets, sessions, lero):
        table[count] = table[:count].sum(axis=0)
    # Each listing once, whatever its domains: the district's share of LERO-run listings.
    once = inside.drop_duplicates("asset_id")
    where = index.loc[once.index].to_numpy(np.int64)
    listings = np.bincount(where, minlength=count + 1).astype(float)
    lero_listings = np.bincount(where, weights=once["lero"].to_numpy(float), minlength=count + 1)
    listings[count], lero_listings[count] = listings[:count].sum(), lero_listings[:count].sum()
    return {
        "assets": assets,
        "sessions": sessions,
        "lero_assets": lero,
        "listings": listings,
        "lero_listings": lero_listings,
    }


def _percent(part, whole):
    return np.divide(100.0 * part, whole, out=np.zeros_like(part, dtype=float), where=whole > 0)


def _groups(residents: Residents, sums: dict) -> list[Group]:
    names = list(zip(residents.districts["code"], residents.districts["name"], strict=True))
    names.append((None, "All districts"))
    groups = []
    for row, (code, name) in enumerate(names):
        people, deprived = sums["population"][row], sums["deprived_population"][row]
        cells = {
            domain: _cell(sums, row, column, people, deprived)
            for column, domain in enumerate(D.CODES)
        }
        groups.append(
            Group(
                code,
                name,
                int(sums["lsoas"][row]),
                float(people),
                float(deprived),
                cells,
                _percent(sums["any_time_of_week"][row], people),
                int(sums["listings"][row]),
                int(sums["lero_listings"][row]),
            )
        )
    return groups


def _cell(sums: dict, row: int, column: int, people: float, deprived: float) -> Cell:
    coverage = _percent(sums["covered"][row, column], people)
    deprived_coverage = _percent(sums["deprived_covered"][row, column], deprived)
    return Cell(
        assets=int(sums["assets"][row, column]),
        weekly_sessions=float(sums["sessions"][row, column]),
        population=float(people),
        deprived_population=float(deprived),
        coverage_pct=tuple(float(v) for v in coverage),
        deprived_coverage_pct=tuple(float(v) if deprived > 0 else None for v in deprived_coverage),
        time_of_week_pct=_percent(sums["time_of_week"][row, column], people),
        lero_assets=int(sums["lero_assets"][row, column]),
    )


def _lsoa_table(residents: Residents, nearest: np.ndarray) -> pd.DataFrame:
    table = residents.lsoas.copy()
    table["deprived"] = residents.deprived
    for column, code in enumerate(D.CODES):
        table[f"nearest_m_{code}"] = nearest[:, column]
    scores = access_scores(nearest)
    for name in scores.columns:
        table[name] = scores[name].to_numpy()
    return table
