"""Random small areas for property tests: LSOAs in three districts and listings of every
kind, status, precision and schedule, from a seed (the same seed, the same area)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from mapapp import vocab as D
from mapapp.analysis.residents import Residents, residents_from_frames
from mapapp.analysis.supply import Listings
from tests.analysis.fixture import lonlat

DISTRICTS = pd.DataFrame(
    {"code": ["E07000991", "E07000992", "E07000993"], "name": ["Alderley", "Brampton", "Carrow"]}
)
X0, Y0, WIDTH, HEIGHT = 400_000, 300_000, 10_000, 12_000  # each district 10 km wide


def residents(seed: int, count: int = 90) -> Residents:
    rng = np.random.default_rng(seed)
    district = rng.integers(0, 3, count)
    x = X0 + district * WIDTH + rng.uniform(0, WIDTH, count)
    y = Y0 + rng.uniform(0, HEIGHT, count)
    lon, lat = lonlat(x, y)
    codes = DISTRICTS["code"].to_numpy()[district]
    frame = pd.DataFrame(
        {
            "code": [f"E0199{i:04d}" for i in range(count)],
            "name": [f"Area {i:03d}" for i in range(count)],
            "district_code": codes,
            "population": rng.integers(900, 2500, count),
            "imd_decile": pd.array(
                np.where(rng.random(count) < 0.1, None, rng.integers(1, 11, count)), dtype="Int64"
            ),
            "x": x,
            "y": y,
            "lon": lon,
            "lat": lat,
        }
    )
    return residents_from_frames(frame, DISTRICTS)


def listings(seed: int, count: int = 60) -> Listings:
    rng = np.random.default_rng(seed + 1)
    ids = np.arange(1, count + 1)
    attendance = rng.choice(["in_person", "hybrid", "online"], count, p=[0.75, 0.15, 0.1])
    x = X0 - 3000 + rng.uniform(0, 3 * WIDTH + 6000, count)
    y = Y0 - 3000 + rng.uniform(0, HEIGHT + 6000, count)
    inside = (x >= X0) & (x < X0 + 3 * WIDTH)
    district = np.where(
        inside, DISTRICTS["code"].to_numpy()[np.clip(((x - X0) // WIDTH).astype(int), 0, 2)], None
    )
    online = attendance == "online"
    assets = pd.DataFrame(
        {
            "id": ids,
            "kind": rng.choice(["meeting", "activity", "service", "opportunity"], count),
            "attendance": attendance,
            "status": rng.choice(["active", "inactive"], count, p=[0.9, 0.1]),
            "precision": np.where(
                online,
                "none",
                rng.choice(
                    ["exact", "postcode", "place", "approximate"], count, p=[0.4, 0.35, 0.15, 0.1]
                ),
            ),
            "district_code": pd.Series(np.where(online, None, district), dtype=object),
            "x": np.where(online, np.nan, x),
            "y": np.where(online, np.nan, y),
        }
    )
    first = rng.choice(D.CODES, count)
    second = rng.random(count) < 0.2
    domains = (
        pd.DataFrame(
            {
                "asset_id": np.concatenate([ids, ids[second]]),
                "domain": np.concatenate([first, rng.choice(D.CODES, second.sum())]),
            }
        )
        .drop_duplicates()
        .reset_index(drop=True)
    )
    tagged = rng.random(count) < 0.2
    audience = pd.DataFrame(
        {"asset_id": ids[tagged], "tag": rng.choice(["women", "men"], tagged.sum())}
    )
    return Listings(assets, domains, audience, _schedules(rng, ids))


def _schedules(rng, ids) -> pd.DataFrame:
    rows = []
    for asset_id in ids:
        for _ in range(rng.integers(0, 3)):
            hour = int(rng.choice([1, 9, 10, 13, 18, 19, 22]))
            rows.append(
                (
                    asset_id,
                    str(rng.choice(["weekly", "fortnightly", "monthly"])),
                    int(rng.integers(0, 7)),
                    dt.time(hour, int(rng.choice([0, 30]))),
                )
            )
    return pd.DataFrame(rows, columns=["asset_id", "frequency", "weekday", "start_time"])


def random_point(rng) -> tuple[float, float]:
    """(lat, lon) somewhere in or just around the three districts."""
    x = X0 - 2000 + rng.uniform(0, 3 * WIDTH + 4000)
    y = Y0 - 2000 + rng.uniform(0, HEIGHT + 4000)
    lon, lat = lonlat(x, y)
    return round(float(lat), 6), round(float(lon), 6)


def district_of(lat: float, lon: float) -> str | None:
    """Which synthetic district a point lies in (the boundaries are straight lines)."""
    from mapapp.geo import to_bng

    x, y = to_bng(lon, lat)
    if not (X0 <= x < X0 + 3 * WIDTH and Y0 - 3000 <= y < Y0 + HEIGHT + 3000):
        return None
    return DISTRICTS["code"].iloc[int((x - X0) // WIDTH)]
