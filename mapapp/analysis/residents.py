"""Where residents are: Census 2021 LSOA population-weighted centroids with their people.

An LSOA's district is the one the ONS lookup gives it (LAD22), never a point-in-polygon
test on generalised boundaries. Deprivation is IMD 2019 carried to 2021 LSOAs by the
reference load (see reference/imd.py); the most deprived are deciles 1 and 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DEPRIVED_DECILES = (1, 2)
LSOA_COLUMNS = ["code", "name", "district_code", "population", "imd_decile", "x", "y", "lon", "lat"]


@dataclass
class Residents:
    """lsoas: one row per LSOA (LSOA_COLUMNS; x, y in EPSG:27700), grouped by district in
    the order of ``districts`` (code, name). Build with ``residents_from_frames``."""

    lsoas: pd.DataFrame
    districts: pd.DataFrame

    @property
    def xy(self) -> np.ndarray:
        return self.lsoas[["x", "y"]].to_numpy(float)

    @property
    def population(self) -> np.ndarray:
        return self.lsoas["population"].to_numpy(float)

    @property
    def deprived(self) -> np.ndarray:
        return self.lsoas["imd_decile"].isin(DEPRIVED_DECILES).to_numpy(bool)

    @property
    def district_index(self) -> np.ndarray:
        """Each LSOA's row in ``districts`` (ascending, as the LSOAs are grouped)."""
        return (
            self.lsoas["district_code"]
            .map({c: i for i, c in enumerate(self.districts["code"])})
            .to_numpy(np.int64)
        )


def residents_from_frames(lsoas: pd.DataFrame, districts: pd.DataFrame) -> Residents:
    """Keep the LSOAs of the given districts and the districts that have LSOAs, districts
    in name order, LSOAs grouped by district then by code (group sums slice by position)."""
    known = lsoas[lsoas["district_code"].isin(districts["code"])]
    kept = districts[districts["code"].isin(known["district_code"])]
    kept = kept.sort_values(["name", "code"]).reset_index(drop=True)[["code", "name"]]
    order = {code: i for i, code in enumerate(kept["code"])}
    ranked = known.assign(_order=known["district_code"].map(order))
    ranked = ranked.sort_values(["_order", "code"]).drop(columns="_order")
    ranked = ranked.reset_index(drop=True)
    ranked["imd_decile"] = pd.to_numeric(ranked["imd_decile"], errors="coerce").astype("Int64")
    return Residents(lsoas=ranked[LSOA_COLUMNS], districts=kept)
