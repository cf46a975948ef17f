"""Carry IMD 2019 (published for 2011 LSOAs) to 2021 LSOAs through the ONS lookup.

The lookup's change indicator says how each 2021 LSOA relates to 2011 ones:
- U (unchanged) and S (split: one 2011 LSOA became several): the 2021 LSOA takes its one
  parent's published score and decile.
- M (merged: several 2011 LSOAs became one) and X (complex, irregular redraw): the score is
  the mean of the parents' scores (2011 populations are not in the mirror, so the mean is
  unweighted) and the decile is where that score falls among all 32,844 English 2011 LSOAs,
  the same national thresholds the published deciles use. When all parents share a decile,
  that decile is kept as published.
Welsh LSOAs have no English IMD; they get none.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

METHODS = {"U": "unchanged", "S": "split", "M": "merged", "X": "complex"}
_PRIORITY = ["X", "M", "S", "U"]  # a 2021 LSOA with mixed rows takes the most complex one


def carry_imd_to_2021(folder: Path, settings: dict, lsoa21_codes: list[str]) -> pd.DataFrame:
    from .files import read_csv

    lookup = read_csv(folder, settings["FILE_LSOA_LOOKUP"], ["LSOA21CD", "CHGIND"], dtype=str)
    lookup = lookup.rename(columns={lookup.columns[0]: "LSOA11CD"})  # 'F_LSOA11CD' in ONS file
    imd = read_csv(folder, settings["FILE_IMD"], ["lsoa11_code", "imd_score", "imd_decile"])
    imd["imd_score"] = pd.to_numeric(imd["imd_score"], errors="coerce")
    wanted = lookup[lookup["LSOA21CD"].isin(set(lsoa21_codes))]
    joined = wanted.merge(
        imd[["lsoa11_code", "imd_score", "imd_decile"]],
        how="inner",
        left_on="LSOA11CD",
        right_on="lsoa11_code",
    )
    thresholds = np.sort(imd["imd_score"].dropna().to_numpy())[::-1]
    grouped = joined.groupby("LSOA21CD")
    result = pd.DataFrame(
        {
            "imd_score": grouped["imd_score"].mean().round(3),
            "deciles": grouped["imd_decile"].agg(lambda s: sorted(set(s))),
            "change": grouped["CHGIND"].agg(lambda s: next(c for c in _PRIORITY if c in set(s))),
        }
    )
    result["imd_decile"] = [
        int(d[0]) if len(d) == 1 else decile_for_score(score, thresholds)
        for d, score in zip(result["deciles"], result["imd_score"], strict=True)
    ]
    result["imd_method"] = result["change"].map(METHODS)
    return result[["imd_score", "imd_decile", "imd_method"]]


def decile_for_score(score: float, scores_desc: np.ndarray) -> int:
    """National decile of a score: 1 = the most deprived 10% (highest scores)."""
    count = len(scores_desc)
    rank = int(np.sum(scores_desc > score)) + 1
    return min(10, int(np.ceil(rank * 10 / count)))
