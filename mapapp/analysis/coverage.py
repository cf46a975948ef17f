"""Distances from residents to supply, all at once: shapely STRtrees in EPSG:27700.

No database and no loop over LSOAs: one nearest-neighbour query per domain for every
LSOA together, and one 'within T' query per block of LSOAs for time of week. A resident
is covered at threshold T when the nearest counted listing is at most T metres away in a
straight line; listings across a district (or the area's) boundary count like any other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import domains as D
from .supply import SLOTS

BLOCK = 4096  # LSOAs per 'within T' query: bounds memory when T is large and listings dense


def nearest_by_domain(xy: np.ndarray, points: pd.DataFrame) -> np.ndarray:
    """(LSOAs × domains) straight-line metres to the nearest listing; inf with none."""
    nearest = np.full((len(xy), len(D.CODES)), np.inf)
    if not len(xy):
        return nearest
    residents = shapely.points(xy)
    for index, group in points.groupby("domain_index"):
        tree = shapely.STRtree(shapely.points(group[["x", "y"]].to_numpy(float)))
        (found, _), distance = tree.query_nearest(residents, return_distance=True,
                                                  all_matches=False)
        nearest[found, index] = distance
    return nearest


def covered(nearest: np.ndarray, thresholds: tuple[float, ...]) -> np.ndarray:
    """(LSOAs × domains × thresholds) booleans: nearest listing within each threshold."""
    return nearest[:, :, None] <= np.asarray(thresholds, dtype=float)[None, None, :]


def session_masks(xy: np.ndarray, points: pd.DataFrame, threshold_m: float) -> np.ndarray:
    """(LSOAs × domains) bit masks: bit i set when a session in SLOTS[i] is within T."""
    masks = np.zeros((len(xy), len(D.CODES)), dtype=np.uint32)
    with_sessions = points[points["slot_mask"] != 0]
    if with_sessions.empty or not len(xy):
        return masks
    tree = shapely.STRtree(shapely.points(with_sessions[["x", "y"]].to_numpy(float)))
    domain = with_sessions["domain_index"].to_numpy(np.int64)
    bits = with_sessions["slot_mask"].to_numpy(np.uint32)
    residents = shapely.points(xy)
    for start in range(0, len(xy), BLOCK):
        near, listing = tree.query(residents[start:start + BLOCK], predicate="dwithin",
                                   distance=threshold_m)
        np.bitwise_or.at(masks, (near + start, domain[listing]), bits[listing])
    return masks


def slot_table(masks: np.ndarray) -> np.ndarray:
    """Bit masks (any shape) -> booleans with a last axis of len(SLOTS)."""
    shifts = np.arange(len(SLOTS), dtype=np.uint32)
    return ((masks[..., None] >> shifts) & np.uint32(1)).astype(bool)


def group_sums(values: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Sum rows of ``values`` by ``group`` (ascending, as residents are ordered).

    Rows of one group are contiguous, so np.add.reduceat adds each slice in one pass.
    """
    values = np.asarray(values, dtype=float)
    result = np.zeros((groups,) + values.shape[1:])
    if not len(values):
        return result
    present, starts = np.unique(group, return_index=True)
    result[present] = np.add.reduceat(values, starts, axis=0)
    return result
