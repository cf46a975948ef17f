"""Which district a hypothetical listing is located in: the loaded district whose
boundary contains its point, as a stored venue without a district is placed
(load._fill_districts), so a scenario's listing is counted where a real one would be."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from .load import _fill_districts
from .scenario_params import Scenario


def locate_additions(session: Session, scenario: Scenario) -> Scenario:
    if not scenario.additions:
        return scenario
    xy = np.array([a.xy for a in scenario.additions], dtype=float)
    points = pd.DataFrame(
        {"district_code": pd.Series([None] * len(xy), dtype=object), "x": xy[:, 0], "y": xy[:, 1]}
    )
    codes = _fill_districts(session, points)
    return dataclasses.replace(
        scenario,
        additions=tuple(
            dataclasses.replace(a, district_code=None if pd.isna(code) else code)
            for a, code in zip(scenario.additions, codes, strict=True)
        ),
    )
