"""Distances from residents to supply, all at once: shapely STRtrees in EPSG:27700.

No database and no loop over LSOAs: one nearest-neighbour query per domain for every
LSOA together, and for time of week a 'within T' pair query per block of LSOAs (or, for
thresholds over 5 km, one nearest query per domain and slot). A resident
is covered at threshold T when the nearest counted listing is at most T metres away in a
straight line; listings across a district (or the area's) boundary count like any other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import vocab as D
from .supply import SLOTS


def nearest_by_domain(xy: np.ndarray, points: pd.DataFrame) -> np.ndarray:
    """(LSOAs × domains) straight-line metres to the nearest listing; inf with none."""
    nearest = np.full((len(xy), len(D.CODES)), np.inf)
    if not len(xy):
        return nearest
    residents = shapely.points(xy)
    for index, group in points.groupby("domain_index"):
        tree = shapely.STRtree(shapely.points(group[["x", "y"]].to_numpy(float)))
        (found, _), distance = tree.query_nearest(
            residents, return_distance=True, all_matches=False
        )
        nearest[found, index] = distance
    return nearest


def covered(nearest: np.ndarray, thresholds: tuple[float, ...]) -> np.ndarray:
    """(LSOAs × domains × thresholds) booleans: nearest listing within each threshold."""
    return nearest[:, :, None] <= np.asarray(thresholds, dtype=float)[None, None, :]


# Up to this threshold, time of week pairs every LSOA with the sessions within T, a block of
# LSOAs at a time: fast, and a block's pairs stay bounded (in the densest city about 2,400
# listings lie within 5 km of a centroid at national scale, so 1,024 LSOAs make at most a
# few million pairs). Beyond it the pairs could run to tens of millions, so each domain and
# slot gets one nearest query instead: memory in proportion to the LSOAs, slower.
PAIR_QUERY_MAX_M = 5_000.0
BLOCK = 1_024


def session_masks(xy: np.ndarray, points: pd.DataFrame, threshold_m: float) -> np.ndarray:
    """(LSOAs × domains) bit masks: bit i set when a session in SLOTS[i] is within T."""
    masks = np.zeros((len(xy), len(D.CODES)), dtype=np.uint32)
    with_sessions = points[points["slot_mask"] != 0]
    if with_sessions.empty or not len(xy):
        return masks
    residents = shapely.points(xy)
    if threshold_m <= PAIR_QUERY_MAX_M:
        _masks_by_pairs(masks, residents, with_sessions, threshold_m)
    else:
        _masks_by_nearest(masks, residents, with_sessions, threshold_m)
    return masks


def _masks_by_pairs(masks, residents, points: pd.DataFrame, threshold_m: float) -> None:
    tree = shapely.STRtree(shapely.points(points[["x", "y"]].to_numpy(float)))
    domain = points["domain_index"].to_numpy(np.int64)
    bits = points["slot_mask"].to_numpy(np.uint32)
    for start in range(0, len(residents), BLOCK):
        near, listing = tree.query(
            residents[start : start + BLOCK], predicate="dwithin", distance=threshold_m
        )
        np.bitwise_or.at(masks, (near + start, domain[listing]), bits[listing])


def _masks_by_nearest(masks, residents, points: pd.DataFrame, threshold_m: float) -> None:
    """One nearest query (at most T away) per domain and slot with sessions, asked only
    for the LSOAs within T of any session of the domain."""
    for index, group in points.groupby("domain_index"):
        listings = shapely.points(group[["x", "y"]].to_numpy(float))
        bits = group["slot_mask"].to_numpy(np.uint32)
        near = _within(shapely.STRtree(listings), residents, threshold_m)
        if not len(near):
            continue
        candidates = residents[near]
        present = int(np.bitwise_or.reduce(bits))
        for bit in (b for b in range(len(SLOTS)) if present >> b & 1):
            in_slot = ((bits >> np.uint32(bit)) & np.uint32(1)).astype(bool)
            found = _within(shapely.STRtree(listings[in_slot]), candidates, threshold_m)
            masks[near[found], index] |= np.uint32(1 << bit)


def _within(tree: shapely.STRtree, residents: np.ndarray, threshold_m: float) -> np.ndarray:
    """Indices of the residents with at least one of the tree's points at most T away."""
    return tree.query_nearest(
        residents, max_distance=threshold_m, all_matches=False, return_distance=False
    )[0]


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
