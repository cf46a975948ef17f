#!/usr/bin/env python3
"""Gap-analysis benchmark: all of England and Wales, and Derbyshire through the database.

    python scripts/bench_gaps.py [--assets 100000] [--seed 2026] [--baseline-lsoas 200]
                                 [--area-listings 2000 20000] [--backends spatialite postgis]

1. England and Wales: the 35,672 Census 2021 LSOAs of
   $MAPAPP_REFERENCE_DIR/population/lsoa21_pwc_census2021_population_ew.csv (IMD 2019
   carried to them as the reference load does) × 8 domains, with --assets generated
   listings (deterministic seed) near population-weighted centroids. Timed end to end from
   frames to every output: analysis.analyse (supply rules, nearest distances, coverage at
   1,600 and 5,000 m, time of week, flags, checklist, access score), the JSON, the CSV and
   the LSOA GeoJSON. Peak memory is measured in a second run under tracemalloc.
2. Naive baselines in the same run, on a random subsample of LSOAs and extrapolated to
   all of them (labelled so): a Python double loop (for each LSOA, for each listing), and
   a per-LSOA NumPy scan (one vectorised distance computation per LSOA). Their nearest
   distances are checked against the vectorised ones.
3. Decisions (scripts/bench_decisions.py): a scenario on Derbyshire (one group added, two
   listings closed) and the best 5 mutual-aid sites on Derbyshire and on England and Wales,
   each beside the full recomputation in the same run.
4. Derbyshire through the database: gap_analysis(session, params) + to_json, the work
   behind /gaps and /api/gaps, on SpatiaLite and PostGIS with the reference data and
   --area-listings synthetic listings (median of 5 runs after a warm-up).
Absolute times drift on shared machines; the ratios in the same run are the figures to
compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Domain mix like the demo data; the kind each domain's listings mostly are.
DOMAIN_WEIGHTS = {
    "twelve-step": 34,
    "mutual-aid": 13,
    "recovery-support": 11,
    "activities": 13,
    "volunteering": 8,
    "community-links": 9,
    "growth-pathways": 6,
    "treatment": 6,
}
KIND = {
    "twelve-step": "meeting",
    "mutual-aid": "meeting",
    "recovery-support": "service",
    "activities": "activity",
    "volunteering": "opportunity",
    "community-links": "service",
    "growth-pathways": "opportunity",
    "treatment": "service",
}
STARTS = np.array(
    [
        dt.time(h, m)
        for h, m in ((10, 0), (12, 0), (14, 0), (18, 0), (19, 0), (19, 30), (20, 0), (21, 30))
    ],
    dtype=object,
)


def read_residents(settings):
    """All LSOAs of England and Wales as analysis.Residents (district = LAD22)."""
    from mapapp.analysis.residents import residents_from_frames
    from mapapp.config import resolve_path
    from mapapp.reference.imd import carry_imd_to_2021

    folder = resolve_path(settings["REFERENCE_DIR"])
    frame = pd.read_csv(folder / settings["FILE_LSOA_POPULATION"], encoding="utf-8-sig")
    imd = carry_imd_to_2021(folder, settings, frame["LSOA21CD"].tolist())
    frame = frame.merge(imd, how="left", left_on="LSOA21CD", right_index=True)
    lsoas = pd.DataFrame(
        {
            "code": frame["LSOA21CD"],
            "name": frame["LSOA21NM"],
            "district_code": frame["LAD22CD"],
            "population": frame["usual_residents_total"],
            "imd_decile": frame["imd_decile"],
            "x": frame["easting"].astype(float),
            "y": frame["northing"].astype(float),
            "lon": frame["lon"],
            "lat": frame["lat"],
        }
    )
    districts = frame[["LAD22CD", "LAD22NM"]].drop_duplicates().set_axis(["code", "name"], axis=1)
    return residents_from_frames(lsoas, districts)


def generate_listings(residents, count: int, seed: int):
    """``count`` listings near population-weighted centroids (normal scatter, sd 1 km)."""
    from mapapp.analysis.supply import Listings

    rng = np.random.default_rng(seed)
    lsoas = residents.lsoas
    home = rng.choice(len(lsoas), count, p=residents.population / residents.population.sum())
    codes = np.array(list(DOMAIN_WEIGHTS))
    weights = np.array(list(DOMAIN_WEIGHTS.values()), dtype=float)
    domain = codes[rng.choice(len(codes), count, p=weights / weights.sum())]
    kind = pd.Series(domain).map(KIND).to_numpy()
    roll = rng.random(count)
    ids = np.arange(1, count + 1)
    assets = pd.DataFrame(
        {
            "id": ids,
            "kind": kind,
            "attendance": np.select([roll < 0.08, roll < 0.18], ["online", "hybrid"], "in_person"),
            "status": np.where(rng.random(count) < 0.03, "inactive", "active"),
            "precision": rng.choice(
                ["exact", "postcode", "place", "approximate"], count, p=[0.25, 0.55, 0.15, 0.05]
            ),
            "district_code": lsoas["district_code"].to_numpy()[home],
            "x": lsoas["x"].to_numpy()[home] + rng.normal(0, 1000, count),
            "y": lsoas["y"].to_numpy()[home] + rng.normal(0, 1000, count),
        }
    )
    online = assets["attendance"] == "online"
    assets.loc[online, ["x", "y"]] = np.nan
    assets.loc[online, "precision"] = "none"
    second = rng.random(count) < 0.15  # some listings have a second domain
    domains = pd.DataFrame(
        {
            "asset_id": np.concatenate([ids, ids[second]]),
            "domain": np.concatenate([domain, rng.choice(codes, second.sum())]),
        }
    ).drop_duplicates()
    tagged = rng.random(count) < 0.1
    audience = pd.DataFrame(
        {
            "asset_id": ids[tagged],
            "tag": rng.choice(["women", "men", "lgbtq", "young-people"], tagged.sum()),
        }
    )
    return Listings(assets, domains, audience, _schedules(rng, ids, kind))


def _schedules(rng, ids, kind) -> pd.DataFrame:
    sessions = np.isin(kind, ["meeting", "activity"])
    services = ids[kind == "service"]
    weekly = ids[sessions]
    frequency = rng.choice(["weekly", "fortnightly", "monthly"], len(weekly), p=[0.8, 0.1, 0.1])
    opening = np.repeat(services, 5)
    return pd.DataFrame(
        {
            "asset_id": np.concatenate([weekly, opening]),
            "frequency": np.concatenate([frequency, np.full(len(opening), "weekly")]),
            "weekday": np.concatenate(
                [rng.integers(0, 7, len(weekly)), np.tile(np.arange(5), len(services))]
            ),
            "start_time": np.concatenate(
                [
                    STARTS[rng.integers(0, len(STARTS), len(weekly))],
                    np.full(len(opening), dt.time(9, 30), dtype=object),
                ]
            ),
        }
    )


def run_once(residents, listings, params):
    from mapapp.analysis import analyse
    from mapapp.analysis.downloads import district_csv
    from mapapp.analysis.outputs import lsoa_geojson

    report = analyse(residents, listings, params)
    body = report.to_json()
    made = dt.datetime.now(dt.UTC)
    return report, body, district_csv(report, made, body)[1], lsoa_geojson(report)


def timed(function, *args, repeat: int = 1):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return min(times), result


def peak_traced(function, *args) -> float:
    tracemalloc.start()
    function(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


# --- naive baselines -------------------------------------------------------------------------


def _supply_by_domain(listings, params):
    from mapapp.analysis.supply import select_supply

    points = select_supply(listings, params).points
    return [points.loc[points["domain_index"] == d, ["x", "y"]].to_numpy(float) for d in range(8)]


def python_double_loop(xy, by_domain) -> np.ndarray:
    nearest = np.full((len(xy), 8), math.inf)
    lists = [[tuple(p) for p in points] for points in by_domain]
    for i, (x, y) in enumerate(xy):
        for d, points in enumerate(lists):
            best = math.inf
            for px, py in points:
                distance = math.hypot(px - x, py - y)
                if distance < best:
                    best = distance
            nearest[i, d] = best
    return nearest


def numpy_per_lsoa(xy, by_domain) -> np.ndarray:
    nearest = np.full((len(xy), 8), math.inf)
    for i, (x, y) in enumerate(xy):
        for d, points in enumerate(by_domain):
            if len(points):
                nearest[i, d] = np.hypot(points[:, 0] - x, points[:, 1] - y).min()
    return nearest


def baselines(residents, listings, params, report, sample: int, seed: int) -> dict:
    by_domain = _supply_by_domain(listings, params)
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(len(residents.lsoas), sample, replace=False))
    xy = residents.xy[chosen]
    vectorised = report.lsoas[[f"nearest_m_{c}" for c in DOMAIN_WEIGHTS]].to_numpy()[chosen]
    figures = {}
    for name, function in (("python", python_double_loop), ("numpy", numpy_per_lsoa)):
        seconds, nearest = timed(function, xy, by_domain)
        assert np.allclose(nearest, vectorised), f"{name} baseline disagrees"
        figures[name] = seconds * len(residents.lsoas) / sample
    return figures


# --- Derbyshire through the database ---------------------------------------------------------


def _measure_database(url: str, count: int, settings, result) -> None:
    from bench_finder import _populate

    from mapapp.analysis import GapParams, gap_analysis
    from mapapp.db import make_engine, session_scope

    _populate(url, count, settings)
    engine = make_engine(url)
    params = GapParams()
    times = []
    for _ in range(6):
        with session_scope(engine) as session:
            started = time.perf_counter()
            body = gap_analysis(session, params).to_json()
            times.append(time.perf_counter() - started)
    engine.dispose()
    result.update(
        seconds=statistics.median(times[1:]),
        lsoas=body["area"]["lsoas"],
        counted=body["supply"]["counted"],
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def database_figures(backends, sizes, settings) -> list[dict]:
    from bench_ingest import _database, _in_child, _prepare

    figures = []
    with tempfile.TemporaryDirectory() as work:
        for backend in backends:
            for size in sizes:
                url = _database(backend, Path(work), f"mapapp_bench_gaps_{size}")
                _prepare(url, settings)
                figure = _in_child(_measure_database, url, size, settings)
                figure.update(backend=backend, listings=size)
                figures.append(figure)
                print(
                    f"  Derbyshire via {backend:10s} {size:>7,} listings "
                    f"({figure['counted']:,} counted, {figure['lsoas']} LSOAs): "
                    f"{figure['seconds'] * 1000:6.0f} ms  peak RSS {figure['peak_mb']:.0f} MB",
                    flush=True,
                )
    return figures


# --- the run ---------------------------------------------------------------------------------


def derbyshire_subset(residents, listings):
    """Derbyshire's LSOAs, with the generated listings in their bounding box widened by
    10 km (listings across the boundary count)."""
    from mapapp.analysis.residents import residents_from_frames
    from mapapp.analysis.supply import Listings
    from mapapp.config import DERBYSHIRE_DISTRICTS

    lsoas = residents.lsoas[residents.lsoas["district_code"].isin(DERBYSHIRE_DISTRICTS)]
    area = residents_from_frames(lsoas, residents.districts)
    (x0, y0), (x1, y1) = area.xy.min(axis=0) - 10_000, area.xy.max(axis=0) + 10_000
    assets = listings.assets
    near = assets["x"].between(x0, x1) & assets["y"].between(y0, y1)
    kept = assets[near | assets["x"].isna()]
    ids = kept["id"]
    return area, Listings(
        kept,
        listings.domains[listings.domains["asset_id"].isin(ids)],
        listings.audience[listings.audience["asset_id"].isin(ids)],
        listings.schedules[listings.schedules["asset_id"].isin(ids)],
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--baseline-lsoas", type=int, default=200)
    parser.add_argument("--area-listings", type=int, nargs="*", default=[2_000, 20_000])
    parser.add_argument(
        "--backends",
        nargs="*",
        default=["spatialite", "postgis"],
        choices=["spatialite", "postgis"],
    )
    args = parser.parse_args(argv)
    from mapapp.analysis import GapParams
    from mapapp.config import build_config

    settings = build_config()
    params = GapParams()
    print(f"Gap-analysis benchmark: {os.cpu_count()} CPUs, seed {args.seed}")
    started = time.perf_counter()
    residents = read_residents(settings)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    listings = generate_listings(residents, args.assets, args.seed)
    made_s = time.perf_counter() - started
    print(
        f"  read {len(residents.lsoas):,} LSOAs in {len(residents.districts)} districts "
        f"({read_s:.1f} s); generated {len(listings.assets):,} listings ({made_s:.1f} s)"
    )
    run_once(residents, listings, params)  # warm-up: imports, caches
    seconds, (report, body, _csv, _geojson) = timed(run_once, residents, listings, params, repeat=3)
    peak = peak_traced(run_once, residents, listings, params)
    print(
        f"  England and Wales end to end: {seconds:.2f} s (best of 3), traced peak "
        f"{peak:.0f} MB, process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"{body['supply']['counted']:,} listings counted"
    )
    area, area_listings = derbyshire_subset(residents, listings)
    area_s, _ = timed(run_once, area, area_listings, params, repeat=5)
    print(
        f"  Derbyshire end to end (frames): {area_s * 1000:.0f} ms for "
        f"{len(area.lsoas)} LSOAs, {len(area_listings.assets):,} listings in its box + 10 km"
    )
    naive = baselines(residents, listings, params, report, args.baseline_lsoas, args.seed)
    for name, label in (("python", "Python double loop"), ("numpy", "per-LSOA NumPy scan")):
        print(
            f"  naive baseline, {label}: {naive[name]:,.0f} s for all LSOAs "
            f"(extrapolated from {args.baseline_lsoas} LSOAs) = "
            f"{naive[name] / seconds:,.0f}× the vectorised run; distances agree"
        )
    decision_figures(residents, listings, area, area_listings, params, args.seed)
    database_figures(args.backends, args.area_listings, settings)
    return 0


def decision_figures(residents, listings, area, area_listings, params, seed: int) -> None:
    """A scenario on Derbyshire and the best 5 sites on Derbyshire and on England and
    Wales, each beside the full recomputation (scripts/bench_decisions.py)."""
    from bench_decisions import best_sites_figures, report_lines, scenario_figures

    derbyshire = report_lines(
        "Derbyshire",
        scenario_figures(area, area_listings, params, seed),
        best_sites_figures(area, area_listings, params, 5),
    )
    national = report_lines(
        "England and Wales", None, best_sites_figures(residents, listings, params, 5)
    )
    for line in derbyshire + national:
        print(line, flush=True)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    sys.exit(main())
