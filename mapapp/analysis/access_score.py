"""A combined access-to-recovery-assets score per LSOA, in the style of the Access to
Healthy Assets and Hazards (AHAH) index: rank-based, domains equally weighted.

1. For each of the eight domains, rank the analysed LSOAs by the straight-line distance
   to the nearest counted listing (shorter is better; ties share their average rank) and
   turn the rank into a percentile: 100 for the nearest, 0 for the farthest. A domain with
   no listing at all leaves every LSOA at an infinite distance: percentile 0 for all.
2. The score is the mean of the eight percentiles (0–100, higher is better access).
3. LSOAs are ranked by score (1 = best access) and put in deciles the way IMD deciles are
   made: decile 1 holds the 10% with the least access.
Ranks are relative to the LSOAs analysed (the area's), not to England.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def domain_percentiles(nearest: np.ndarray) -> np.ndarray:
    """(LSOAs × domains) distances -> percentiles, 100 = nearest of all, 0 = farthest."""
    count = len(nearest)
    ranks = pd.DataFrame(nearest).rank(method="average", axis=0).to_numpy(float)
    if count == 1:
        percentiles = np.full(nearest.shape, 100.0)  # the nearest of one, by definition
    else:
        percentiles = 100.0 * (count - ranks) / (count - 1)
    percentiles[np.isinf(nearest)] = 0.0  # no listing of that domain anywhere: worst
    return percentiles


def access_scores(nearest: np.ndarray) -> pd.DataFrame:
    """One row per LSOA: access_score (0–100), access_rank (1 = best), access_decile
    (1 = the least access)."""
    count = len(nearest)
    score = domain_percentiles(nearest).mean(axis=1) if count else np.zeros(0)
    series = pd.Series(score)
    worst_first = series.rank(method="min", ascending=True).to_numpy(float)
    return pd.DataFrame(
        {
            "access_score": score,
            "access_rank": series.rank(method="min", ascending=False).astype(int).to_numpy(),
            "access_decile": (np.floor((worst_first - 1) * 10 / max(count, 1)) + 1).astype(int),
        }
    )
