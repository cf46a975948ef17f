"""What if: the gap analysis with hypothetical listings added and listings closed, computed
from a Baseline without recomputing every distance.

Only neighbourhoods near a changed site can change:
- an added listing: every LSOA's nearest distance in its domain becomes the smaller of the
  old one and the distance to the new point (one vectorised expression per new point, no
  spatial index rebuilt); its sessions fill the time-of-week bits of the LSOAs within T;
- a closed listing: the LSOAs whose nearest listing of the domain it was, and those with
  one of its sessions within T, get their distance and time-of-week bits recomputed
  against the changed supply of that domain (an STRtree of that domain only).
The population sums then change by the difference over the LSOAs whose coverage or
time of week changed (exact: the sums are of whole residents). Located counts, the
supply summary and the report are rebuilt from the changed frames with the same code as
a full analysis, so the document equals a full recomputation (tests/analysis/
test_scenario.py checks random scenarios against analyse() on both backends).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import vocab as D
from .baseline import Baseline, build_report, resident_sums
from .coverage import group_sums, nearest_by_domain, session_masks
from .outputs import threshold_key
from .report import GapReport
from .residents import Residents
from .scenario_params import Scenario, addition_listings, check_closures
from .supply import EXCLUSIONS, SLOTS, Supply, _exclusion_reasons, _per_domain, select_supply

SAME_METRES = 1e-6  # a closed listing at the LSOA's nearest distance may have been its nearest


@dataclass
class ScenarioResult:
    scenario: Scenario
    report: GapReport
    change: dict
    lsoas_changed: int  # LSOAs whose coverage or time of week the scenario changes

    def to_json(self) -> dict:
        body = self.report.to_json()
        body["scenario"] = self.scenario.to_json()
        body["change"] = self.change
        return body


def run_scenario(base: Baseline, scenario: Scenario) -> ScenarioResult:
    check_closures(base.listings, scenario.closures)
    params = base.params
    added = select_supply(addition_listings(scenario.additions), params)
    closed = base.supply.points[base.supply.points["asset_id"].isin(scenario.closures)]
    supply = _changed_supply(base, added, scenario.closures)
    nearest, masks = _changed_lsoas(base, supply, added.points, closed)
    rows = _rows_changed(base, nearest, masks)
    sums = _changed_sums(base, nearest, masks, rows)
    report = build_report(base.residents, supply, nearest, sums, params)
    change = change_json(base, report, nearest, rows)
    return ScenarioResult(scenario, report, change, len(rows))


# --- the supply ------------------------------------------------------------------------------


def _without(frame: pd.DataFrame, closures) -> pd.DataFrame:
    return frame[~frame["asset_id"].isin(closures)]


def _ordered(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """As supply._points orders them (domain, then listing), so sums add in the same order."""
    frame = pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)
    return frame.sort_values(["domain_index", "asset_id"]).reset_index(drop=True)


def _closed_counts(base: Baseline, closures) -> tuple[int, dict, dict]:
    """What the closed listings counted for in the supply summary (counted, excluded,
    online alternatives), from the same rules on their rows alone."""
    listings = base.listings
    assets = listings.assets[listings.assets["id"].isin(closures)].reset_index(drop=True)
    reason = _exclusion_reasons(assets, listings.audience, base.params)
    online = assets.loc[(reason == "online_only").to_numpy(), "id"]
    return (
        int(reason.isna().sum()),
        {key: int((reason == key).sum()) for key in EXCLUSIONS},
        _per_domain(listings.domains, online),
    )


def _changed_supply(base: Baseline, added: Supply, closures) -> Supply:
    """The supply after the scenario. A closed listing is not active, the first reason
    tried: it leaves what it counted for and counts once under 'not active'."""
    old = base.supply
    counted, excluded, online = _closed_counts(base, closures)
    excluded["not_active"] -= len(closures)
    return Supply(
        points=_ordered([_without(old.points, closures), added.points]),
        located=_ordered([_without(old.located, closures), added.located]),
        counted=old.counted - counted + added.counted,
        excluded={k: old.excluded[k] - excluded[k] + added.excluded[k] for k in EXCLUSIONS},
        online_alternatives={
            k: old.online_alternatives[k] - online[k] + added.online_alternatives[k]
            for k in D.CODES
        },
    )


# --- distances and time of week of the LSOAs near the changed sites ---------------------------


def _changed_lsoas(
    base: Baseline, supply: Supply, added: pd.DataFrame, closed: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    nearest, masks = base.nearest.copy(), base.masks.copy()
    xy, threshold = base.residents.xy, base.params.threshold_m
    for point in added.itertuples(index=False):
        distance = np.hypot(xy[:, 0] - point.x, xy[:, 1] - point.y)
        column = point.domain_index
        np.minimum(nearest[:, column], distance, out=nearest[:, column])
        if point.slot_mask:
            masks[distance <= threshold, column] |= np.uint32(point.slot_mask)
    for column, group in closed.groupby("domain_index"):
        _recompute_closed(base, supply, column, group, nearest, masks)
    return nearest, masks


def _recompute_closed(
    base: Baseline,
    supply: Supply,
    column: int,
    closed: pd.DataFrame,
    nearest: np.ndarray,
    masks: np.ndarray,
) -> None:
    xy, threshold = base.residents.xy, base.params.threshold_m
    distance = np.hypot(
        xy[:, 0, None] - closed["x"].to_numpy(float)[None, :],
        xy[:, 1, None] - closed["y"].to_numpy(float)[None, :],
    )
    remaining = supply.points[supply.points["domain_index"] == column]
    was_nearest = np.flatnonzero(
        (np.abs(distance - base.nearest[:, column, None]) <= SAME_METRES).any(axis=1)
    )
    if len(was_nearest):
        nearest[was_nearest, column] = nearest_by_domain(xy[was_nearest], remaining)[:, column]
    sessions = closed["slot_mask"].to_numpy(np.uint32) != 0
    near_session = np.flatnonzero(((distance <= threshold) & sessions[None, :]).any(axis=1))
    if len(near_session):
        nearby = _in_box(remaining, xy[near_session], threshold)
        masks[near_session, column] = session_masks(xy[near_session], nearby, threshold)[:, column]


def _in_box(points: pd.DataFrame, xy: np.ndarray, margin: float) -> pd.DataFrame:
    """The points within ``margin`` of the bounding box of ``xy``: all that can be within
    that distance of one of them."""
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin, xy.max(axis=0) + margin
    return points[points["x"].between(x0, x1) & points["y"].between(y0, y1)]


def _rows_changed(base: Baseline, nearest: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """LSOAs whose coverage at some threshold, or time of week, the scenario changes."""
    thresholds = np.asarray(base.params.thresholds_m)[None, None, :]
    covered_before = base.nearest[:, :, None] <= thresholds
    covered_after = nearest[:, :, None] <= thresholds
    changed = (covered_before != covered_after).any(axis=(1, 2)) | (masks != base.masks).any(axis=1)
    return np.flatnonzero(changed)


def _sub(residents: Residents, rows: np.ndarray) -> Residents:
    """Some of the LSOAs (in order, so still grouped by district), all the districts."""
    return Residents(residents.lsoas.iloc[rows].reset_index(drop=True), residents.districts)


def _changed_sums(base: Baseline, nearest, masks, rows: np.ndarray) -> dict:
    if not len(rows):
        return base.sums
    sub = _sub(base.residents, rows)
    after = resident_sums(sub, nearest[rows], masks[rows], base.params)
    before = resident_sums(sub, base.nearest[rows], base.masks[rows], base.params)
    return {key: base.sums[key] + after[key] - before[key] for key in base.sums}


# --- what changed ----------------------------------------------------------------------------


def _by_district(residents: Residents, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Sums per district of ``values`` (one row per changed LSOA), then the area's."""
    count = len(residents.districts)
    sums = group_sums(values, residents.district_index[rows], count)
    return np.concatenate([sums, sums.sum(axis=0, keepdims=True)])


def _moves(base: Baseline, nearest: np.ndarray, rows: np.ndarray) -> dict:
    """(districts + area) × domains × thresholds residents newly within and beyond."""
    thresholds = np.asarray(base.params.thresholds_m)[None, None, :]
    before = base.nearest[rows][:, :, None] <= thresholds
    after = nearest[rows][:, :, None] <= thresholds
    people = base.residents.population[rows][:, None, None]
    deprived = people * base.residents.deprived[rows][:, None, None]
    within, beyond = after & ~before, before & ~after
    return {
        name: _by_district(base.residents, rows, weight * moved)
        for name, weight, moved in (
            ("newly_within", people, within),
            ("newly_beyond", people, beyond),
            ("deprived_newly_within", deprived, within),
            ("deprived_newly_beyond", deprived, beyond),
        )
    }


def _slot_names(flags: np.ndarray) -> list[str]:
    return [f"{day} {part}" for (day, part), flag in zip(SLOTS, flags, strict=True) if flag]


def _cell_change(moves: dict, row: int, column: int, old, new, keys, status) -> dict:
    change = {
        name: {key: int(round(values[row, column, i])) for i, key in enumerate(keys)}
        for name, values in moves.items()
    }
    before, after = old.time_of_week_pct, new.time_of_week_pct
    change["time_of_week"] = {
        "filled": _slot_names((before == 0) & (after > 0)),
        "emptied": _slot_names((before > 0) & (after == 0)),
    }
    change["gap"] = {"before": bool(old.gap_reasons), "after": bool(new.gap_reasons)}
    change["checklist"] = status
    return change


def change_json(base: Baseline, report: GapReport, nearest: np.ndarray, rows: np.ndarray) -> dict:
    """Per district (then the area) and selected domain: residents and deprived residents
    newly within and newly beyond each threshold, the time-of-week slots filled and
    emptied, and the gap flag and checklist status before and after."""
    moves = _moves(base, nearest, rows)
    keys = [threshold_key(t) for t in base.params.thresholds_m]
    old_groups = [*base.report.districts, base.report.area]
    new_groups = [*report.districts, report.area]
    groups = []
    for row, (old, new) in enumerate(zip(old_groups, new_groups, strict=True)):
        domains = {}
        for code in base.params.domains:
            column = D.CODES.index(code)
            status = (
                {"before": old.cells[code].status, "after": new.cells[code].status}
                if code in D.SEVEN
                else None
            )
            domains[code] = _cell_change(
                moves, row, column, old.cells[code], new.cells[code], keys, status
            )
        groups.append({"code": new.code, "name": new.name, "domains": domains})
    return {"lsoas_changed": len(rows), "districts": groups[:-1], "area": groups[-1]}
