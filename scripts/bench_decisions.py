#!/usr/bin/env python3
"""Commissioner decisions benchmark: a scenario and the best sites, each beside a full
recomputation of the gap analysis in the same run.

    python scripts/bench_decisions.py [--assets 100000] [--seed 2026] [--k 5]

On the generated listings of bench_gaps.py (England and Wales, --assets listings near
population-weighted centroids) and on Derbyshire's part of them:
1. a scenario on Derbyshire: one mutual-aid group added (Tuesday 19:30) and two listings
   closed, from the analysis's kept state (what the app caches per data version), against
   analyse() with the changed listings (the full recomputation). Target ≤ 100 ms.
2. best --k sites for mutual aid on Derbyshire (target ≤ 1 s) and on England and Wales
   (target ≤ 10 s), from the kept state; with the time to compute that state too.
Median of 5 runs after a warm-up; absolute times drift on shared machines, the ratios in
the same run are the figures to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = 5


def median_seconds(function, *args, runs: int = RUNS):
    function(*args)  # warm-up
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def example_scenario(residents, listings, seed: int):
    """A mutual-aid group 1 km east of a Derbyshire LSOA, and two active listings closed."""
    from mapapp.analysis.scenario_params import Addition, Scenario
    from mapapp.geo import to_wgs84

    rng = np.random.default_rng(seed)
    lsoa = residents.lsoas.iloc[int(rng.integers(len(residents.lsoas)))]
    lon, lat = to_wgs84(float(lsoa["x"]) + 1000, float(lsoa["y"]))
    addition = Addition(
        "mutual-aid",
        float(lat),
        float(lon),
        1,
        dt.time(19, 30),
        district_code=lsoa["district_code"],
    )
    active = listings.assets.loc[
        (listings.assets["status"] == "active") & listings.assets["x"].notna(), "id"
    ].to_numpy()
    closed = tuple(int(i) for i in rng.choice(active, 2, replace=False))
    return Scenario((addition,), closed)


def scenario_figures(residents, listings, params, seed: int) -> dict:
    from mapapp.analysis import analyse
    from mapapp.analysis.baseline import baseline
    from mapapp.analysis.scenario import run_scenario
    from mapapp.analysis.scenario_params import listings_with

    base = baseline(residents, listings, params)
    scenario = example_scenario(residents, listings, seed)
    changed = listings_with(listings, scenario)
    incremental, result = median_seconds(run_scenario, base, scenario)
    full, report = median_seconds(analyse, residents, changed, params)
    body = result.to_json()
    body.pop("change"), body.pop("scenario")
    assert body == report.to_json(), "the scenario disagrees with the full recomputation"
    return {"scenario_s": incremental, "full_s": full, "lsoas_changed": result.lsoas_changed}


def best_sites_figures(residents, listings, params, k: int) -> dict:
    from mapapp.analysis import analyse
    from mapapp.analysis.baseline import baseline
    from mapapp.analysis.best_sites import best_sites

    state_s, base = median_seconds(baseline, residents, listings, params, runs=3)
    sites_s, found = median_seconds(best_sites, base, "mutual-aid", k)
    full_s, _ = median_seconds(analyse, residents, listings, params, runs=3)
    return {
        "sites_s": sites_s,
        "state_s": state_s,
        "full_s": full_s,
        "method": found.method,
        "reached": found.residents_reached,
        "beyond": found.uncovered_residents,
    }


def report_lines(name: str, scenario: dict | None, sites: dict) -> list[str]:
    lines = []
    if scenario:
        lines.append(
            f"  {name}: scenario (1 added, 2 closed; {scenario['lsoas_changed']} LSOAs "
            f"changed) {scenario['scenario_s'] * 1000:.1f} ms; full recomputation "
            f"{scenario['full_s'] * 1000:.1f} ms "
            f"({scenario['full_s'] / scenario['scenario_s']:.0f}× the scenario); "
            "documents equal"
        )
    lines.append(
        f"  {name}: best sites ({sites['method']}) {sites['sites_s'] * 1000:.0f} ms "
        f"from the kept state (+{sites['state_s'] * 1000:.0f} ms to compute it); "
        f"full recomputation {sites['full_s'] * 1000:.0f} ms; reach "
        f"{sites['reached']:,.0f} of {sites['beyond']:,.0f} residents beyond 1,600 m"
    )
    return lines


def main(argv=None) -> int:
    from bench_gaps import derbyshire_subset, generate_listings, read_residents

    from mapapp.analysis import GapParams
    from mapapp.config import build_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args(argv)
    params = GapParams()
    residents = read_residents(build_config())
    listings = generate_listings(residents, args.assets, args.seed)
    area, area_listings = derbyshire_subset(residents, listings)
    print(
        f"Decisions benchmark: seed {args.seed}, {len(listings.assets):,} listings in "
        f"England and Wales; Derbyshire {len(area.lsoas)} LSOAs, "
        f"{len(area_listings.assets):,} listings in its box + 10 km"
    )
    for line in report_lines(
        "Derbyshire",
        scenario_figures(area, area_listings, params, args.seed),
        best_sites_figures(area, area_listings, params, args.k),
    ):
        print(line, flush=True)
    for line in report_lines(
        "England and Wales", None, best_sites_figures(residents, listings, params, args.k)
    ):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
