"""Which listings count as local supply, and what each one brings: pure rules on frames.

Local supply is an active listing a person can attend in person (in_person or hybrid)
whose point is at least as precise as a town or village (exact, postcode or place).
Online-only listings are counted as alternatives, never as local coverage; listings with
a deliberately vague point (approximate) or none are left out of coverage, and every
left-out listing is counted under the first reason that applies. 'Located in the district'
counts are wider: every listing that passes the other rules and has a district counts
there, whatever the precision of its point.

Sessions are what meetings and activities offer (services and opportunities have opening
times or dates, not sessions): weekly 1, fortnightly 0.5 and monthly 12/52 per week. For
time of week a session counts in the slot of its start time, whatever its frequency: a
monthly Sunday-evening meeting still means Sunday evening is not empty. A start from 00:00
to 05:00 counts in the previous day's night.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import vocab as D
from .params import GapParams

SESSION_KINDS = ("meeting", "activity")
WEEKLY_WEIGHT = {"weekly": 1.0, "fortnightly": 0.5, "monthly": 12 / 52}
LOCAL_PRECISIONS = ("exact", "postcode", "place")
DAYS = D.DAY_CODES  # mon … sun, Python's weekday order
PART_NAMES = tuple(D.DAY_PARTS)  # morning, afternoon, evening, night
SLOTS = tuple((day, part) for day in DAYS for part in PART_NAMES)
# Why a listing is not local supply, in the order the reasons are tried.
EXCLUSIONS = {
    "not_active": "not active (inactive or archived)",
    "other_audience": "not for the chosen audience",
    "online_only": "online only (counted as an alternative)",
    "attendance_not_chosen": "attendance not chosen (the attendance filter)",
    "approximate_location": "deliberately approximate location (still counted where located)",
    "no_location": "no point on the map",
}

# Reasons about the point alone: such a listing is not coverage, but is located in its
# district (a safe-house service with a deliberately approximate point is still there).
PRECISION_ONLY = ("approximate_location", "no_location")

ASSET_COLUMNS = [
    "id",
    "kind",
    "attendance",
    "status",
    "precision",
    "district_code",
    "x",
    "y",
    "lero",  # offered by a lived-experience-led organisation
]


@dataclass
class Listings:
    """Listings as plain frames (from the database, a test, or a benchmark generator).

    assets: id, kind, attendance, status, precision, district_code, x, y (EPSG:27700,
    NaN when the listing has no point); domains: asset_id, domain; audience: asset_id,
    tag; schedules: asset_id, frequency, weekday (0 = Monday), start_time (a time or None).
    """

    assets: pd.DataFrame
    domains: pd.DataFrame
    audience: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame({"asset_id": [], "tag": []})
    )
    schedules: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {"asset_id": [], "frequency": [], "weekday": [], "start_time": []}
        )
    )


@dataclass
class Supply:
    """points: one row per counted listing and domain (asset_id, domain_index, x, y,
    district_code, weekly_sessions, slot_mask: bit i = SLOTS[i] has a session): coverage,
    distances and time of week. located: the same columns for every listing that passes
    all the rules but those on its point (approximate or none) and has a district: the
    listings and sessions 'located in the district'."""

    points: pd.DataFrame
    located: pd.DataFrame
    counted: int
    excluded: dict[str, int]
    online_alternatives: dict[str, int]


def select_supply(listings: Listings, params: GapParams) -> Supply:
    assets = listings.assets.reset_index(drop=True)
    reason = _exclusion_reasons(assets, listings.audience, params)
    # Left out of coverage only for where their point is (or is not): still located in
    # their district, and counted there.
    locatable = reason.isna() | reason.isin(PRECISION_ONLY)
    online = assets.loc[reason == "online_only", "id"]
    both = _points(assets[locatable].assign(_coverage=reason[locatable].isna()), listings)
    coverage = both.pop("_coverage").to_numpy(bool)
    return Supply(
        points=both[coverage].reset_index(drop=True),
        located=both[both["district_code"].notna().to_numpy()].reset_index(drop=True),
        counted=int(reason.isna().sum()),
        excluded={key: int((reason == key).sum()) for key in EXCLUSIONS},
        online_alternatives=_per_domain(listings.domains, online),
    )


def _exclusion_reasons(
    assets: pd.DataFrame, audience: pd.DataFrame, params: GapParams
) -> pd.Series:
    has_point = assets["x"].notna() & assets["y"].notna()
    for_audience = pd.Series(True, index=assets.index)
    if params.audience:
        tagged = audience.loc[audience["tag"].isin(params.audience), "asset_id"]
        for_audience = assets["id"].isin(tagged)
    tests = {  # reason -> rows it applies to; np.select takes the first that applies
        "not_active": assets["status"] != "active",
        "other_audience": ~for_audience,
        "online_only": assets["attendance"] == "online",
        "attendance_not_chosen": ~assets["attendance"].isin(params.attendance),
        "approximate_location": ~assets["precision"].isin(LOCAL_PRECISIONS) & has_point,
        "no_location": ~has_point,
    }
    chosen = np.select([t.to_numpy(bool) for t in tests.values()], list(tests), default="")
    return pd.Series(np.where(chosen == "", None, chosen), index=assets.index, dtype=object)


def _per_domain(domains: pd.DataFrame, asset_ids: pd.Series) -> dict[str, int]:
    counts = domains.loc[domains["asset_id"].isin(asset_ids), "domain"].value_counts()
    return {code: int(counts.get(code, 0)) for code in D.CODES}


def _points(kept: pd.DataFrame, listings: Listings) -> pd.DataFrame:
    """One row per listing of ``kept`` and domain, with its sessions (and kept's _coverage)."""
    sessions = asset_sessions(listings.schedules, kept)
    index = {code: i for i, code in enumerate(D.CODES)}
    pairs = listings.domains[
        listings.domains["asset_id"].isin(kept["id"]) & listings.domains["domain"].isin(index)
    ]
    # A hypothetical listing (a scenario's) has no organisation, so it is not LERO-run.
    kept = kept.assign(lero=kept["lero"].fillna(False).astype(bool) if "lero" in kept else False)
    points = pairs.merge(
        kept[["id", "x", "y", "district_code", "lero", "_coverage"]],
        left_on="asset_id",
        right_on="id",
    ).drop(columns="id")
    points = points.merge(sessions, how="left", left_on="asset_id", right_index=True)
    points["domain_index"] = points.pop("domain").map(index).astype(np.int64)
    points["weekly_sessions"] = points["weekly_sessions"].fillna(0.0)
    points["slot_mask"] = points["slot_mask"].fillna(0).astype(np.uint32)
    points["x"], points["y"] = points["x"].astype(float), points["y"].astype(float)
    return points.sort_values(["domain_index", "asset_id"]).reset_index(drop=True)


def asset_sessions(schedules: pd.DataFrame, assets: pd.DataFrame) -> pd.DataFrame:
    """Per asset with sessions: weekly_sessions (weighted) and slot_mask (time of week)."""
    with_sessions = assets.loc[assets["kind"].isin(SESSION_KINDS), "id"]
    rows = schedules[schedules["asset_id"].isin(with_sessions)]
    if rows.empty:
        return pd.DataFrame(
            {"weekly_sessions": pd.Series(dtype=float), "slot_mask": pd.Series(dtype=np.uint32)}
        )
    weight = rows["frequency"].map(WEEKLY_WEIGHT).fillna(1.0).to_numpy(float)
    slot = slot_index(rows["weekday"].to_numpy(int), _minutes(rows["start_time"]))
    bits = np.where(
        slot >= 0, np.left_shift(np.uint32(1), np.maximum(slot, 0).astype(np.uint32)), 0
    ).astype(np.uint32)
    codes, asset_ids = pd.factorize(rows["asset_id"])
    masks = np.zeros(len(asset_ids), dtype=np.uint32)
    np.bitwise_or.at(masks, codes, bits)
    return pd.DataFrame(
        {
            "weekly_sessions": np.bincount(codes, weights=weight, minlength=len(asset_ids)),
            "slot_mask": masks,
        },
        index=pd.Index(asset_ids, name="asset_id"),
    )


def _minutes(times: pd.Series) -> np.ndarray:
    """Start times as minutes after midnight; -1 where there is none."""
    return np.array(
        [t.hour * 60 + t.minute if isinstance(t, dt.time) else -1 for t in times], dtype=np.int64
    )


def slot_index(weekday: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """SLOTS index of each session from its weekday and start; -1 without a start time.

    Night runs past midnight (21:00–05:00) and belongs to the evening it starts from: a
    session starting 00:00–05:00 counts in the previous day's night (Sunday 01:00 is
    Saturday night), as people read "Saturday night".
    """
    part = np.full(len(minutes), -1, dtype=np.int64)
    day = np.asarray(weekday, dtype=np.int64)
    for number, (low, high) in enumerate(D.DAY_PARTS.values()):
        start, end = low.hour * 60 + low.minute, high.hour * 60 + high.minute
        if start < end:
            inside = (minutes >= start) & (minutes < end)
        else:  # past midnight
            small_hours = (minutes >= 0) & (minutes < end)
            inside = (minutes >= start) | small_hours
            day = np.where(small_hours & (part < 0), (day - 1) % len(DAYS), day)
        part = np.where(inside & (part < 0), number, part)
    valid = (part >= 0) & (weekday >= 0) & (weekday < len(DAYS))
    return np.where(valid, day * len(PART_NAMES) + part, -1)
