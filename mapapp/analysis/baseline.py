"""The gap analysis with its working state kept: the per-LSOA distances and time-of-week
masks behind a report, and the population sums made from them.

A scenario ("what if we fund a group here") and the best-sites search start from this
state instead of recomputing every distance: they change the few LSOAs near the changed
sites and add the difference to the sums (scenario.py, best_sites.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .. import vocab as D
from .coverage import nearest_by_domain, session_masks
from .params import GapParams
from .report import GapReport, _groups, _located, _lsoa_table, _resident_sums
from .residents import Residents
from .supply import Listings, Supply, select_supply


@dataclass
class Baseline:
    """A report and what it was computed from. ``nearest``: LSOAs × domains metres to the
    nearest counted listing; ``masks``: LSOAs × domains time-of-week bit masks at the main
    threshold; ``sums``: the population sums per district (the area last)."""

    residents: Residents
    listings: Listings
    params: GapParams
    supply: Supply
    nearest: np.ndarray
    masks: np.ndarray
    sums: dict
    report: GapReport

    def lsoa_points(self) -> np.ndarray:
        return shapely.points(self.residents.xy)


def selected_any(masks: np.ndarray, params: GapParams) -> np.ndarray:
    """Per LSOA, the bits of a session of any selected domain within T."""
    selected = [D.CODES.index(code) for code in params.domains]
    return np.bitwise_or.reduce(masks[:, selected], axis=1)


def resident_sums(residents: Residents, nearest, masks, params: GapParams) -> dict:
    return _resident_sums(
        residents, nearest, masks, selected_any(masks, params), params.thresholds_m
    )


def build_report(
    residents: Residents, supply: Supply, nearest, sums: dict, params: GapParams
) -> GapReport:
    """A GapReport from resident sums (located counts are added here, from ``supply``)."""
    sums = dict(sums)
    sums.update(_located(supply.located, residents.districts))
    groups = _groups(residents, sums)
    return GapReport(params, groups[:-1], groups[-1], supply, _lsoa_table(residents, nearest))


def baseline(residents: Residents, listings: Listings, params: GapParams) -> Baseline:
    """What analyse() computes, with its working state."""
    supply = select_supply(listings, params)
    nearest = nearest_by_domain(residents.xy, supply.points)
    masks = session_masks(residents.xy, supply.points, params.threshold_m)
    sums = resident_sums(residents, nearest, masks, params)
    report = build_report(residents, supply, nearest, sums, params)
    return Baseline(residents, listings, params, supply, nearest, masks, sums, report)
