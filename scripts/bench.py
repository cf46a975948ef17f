#!/usr/bin/env python3
"""Every benchmark, one table: each figure beside its baseline measured in the same run.

    python scripts/bench.py [--only ingest finder gaps load] [--backends spatialite postgis]
        [--ingest-rows 50000] [--finder-sizes 2000 20000 100000] [--gap-assets 100000]
        [--gap-listings 2000 20000] [--load-listings 100000] [--load-requests 6000]

- ingest: scripts/bench_ingest.py — a generated spreadsheet through the pipeline, against
  one ORM flush per row (on a 2,000-row sample).
- finder: scripts/bench_finder.py — /api/assets near a random area postcode in-process,
  against the radius query that sorts every listing within 5 km.
- gaps: scripts/bench_gaps.py — England and Wales end to end from frames, against a
  per-LSOA NumPy scan (extrapolated from 200 LSOAs); and Derbyshire through each database,
  a cached analysis (the data version unchanged) against computing it afresh.
- load: scripts/bench_load.py — the finder API under gunicorn with national listings in
  PostGIS, against a static file served by the same processes (this machine's ceiling
  now); the CPU a request costs is printed beside it.
Absolute times drift on shared machines (the load average is printed); the ratios within
one run are the figures to compare. Each measurement runs in its own process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_finder  # noqa: E402
import bench_gaps  # noqa: E402
import bench_ingest  # noqa: E402
import bench_load  # noqa: E402

ALL = ("ingest", "finder", "gaps", "load")


def _row(benchmark, data, figure, baseline, ratio, peak_mb=None) -> dict:
    return {
        "benchmark": benchmark,
        "data": data,
        "figure": figure,
        "baseline": baseline,
        "ratio": ratio,
        "peak": f"{peak_mb:,.0f} MB" if peak_mb else "",
    }


def ingest_rows(args) -> list[dict]:
    figures = bench_ingest.run(args.backends, args.ingest_rows, args.baseline_rows)
    rows = []
    for backend in args.backends:
        fast = next(f for f in figures if f["backend"] == backend and f["method"] == "pipeline")
        slow = next(f for f in figures if f["backend"] == backend and f["method"] == "baseline")
        rows.append(
            _row(
                f"ingest ({backend})",
                f"{fast['rows']:,} rows",
                f"{fast['rows_per_s']:,.0f} rows/s",
                f"{slow['rows_per_s']:,.0f} rows/s (ORM flush per row)",
                fast["rows_per_s"] / slow["rows_per_s"],
                fast["peak_mb"],
            )
        )
    return rows


def finder_rows(args, settings) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for backend in args.backends:
            for size in args.finder_sizes:
                url = bench_ingest._database(backend, Path(work), f"mapapp_bench_finder_{size}")
                bench_ingest._prepare(url, settings)
                r = bench_ingest._in_child(
                    bench_finder._measure, url, size, args.requests, settings
                )
                rows.append(
                    _row(
                        f"finder API p50 ({backend})",
                        f"{r['assets']:,} listings",
                        f"{r['api_p50']:.1f} ms (p95 {r['api_p95']:.1f})",
                        f"{r['indexed_p50']:.1f} ms (sort all within 5 km)",
                        r["indexed_p50"] / r["api_p50"],
                        r["peak_mb"],
                    )
                )
    return rows


def _measure_cache(url: str, count: int, settings, result) -> None:
    """Derbyshire's gap analysis computed afresh (a new cache each time) and from the cache
    (the data version unchanged): median of 5 after a warm-up."""
    from bench_finder import _populate

    from mapapp.analysis import GapParams
    from mapapp.analysis.cache import GapCache, cached_gap_analysis
    from mapapp.db import make_engine, session_scope

    _populate(url, count, settings)
    engine = make_engine(url)
    params, warm = GapParams(), GapCache()
    times = {"cold": [], "warm": []}
    for _ in range(6):
        for label, cache in (("cold", GapCache()), ("warm", warm)):
            with session_scope(engine) as session:
                started = time.perf_counter()
                cached_gap_analysis(session, params, cache).to_json()
                times[label].append(time.perf_counter() - started)
    engine.dispose()
    result.update(
        cold=statistics.median(times["cold"][1:]),
        warm=statistics.median(times["warm"][1:]),
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def gap_rows(args, settings) -> list[dict]:
    from mapapp.analysis import GapParams

    params = GapParams()
    residents = bench_gaps.read_residents(settings)
    listings = bench_gaps.generate_listings(residents, args.gap_assets, 2026)
    bench_gaps.run_once(residents, listings, params)  # warm-up
    seconds, (report, *_outputs) = bench_gaps.timed(
        bench_gaps.run_once, residents, listings, params, repeat=3
    )
    peak = bench_gaps.peak_traced(bench_gaps.run_once, residents, listings, params)
    naive = bench_gaps.baselines(residents, listings, params, report, 200, 2026)
    rows = [
        _row(
            "gaps, England and Wales",
            f"{len(residents.lsoas):,} LSOAs, {args.gap_assets:,} listings",
            f"{seconds:.2f} s",
            f"{naive['numpy']:.0f} s (per-LSOA NumPy scan, extrapolated)",
            naive["numpy"] / seconds,
            peak,
        )
    ]
    with tempfile.TemporaryDirectory() as work:
        for backend in args.backends:
            for size in args.gap_listings:
                url = bench_ingest._database(backend, Path(work), f"mapapp_bench_gaps_{size}")
                bench_ingest._prepare(url, settings)
                r = bench_ingest._in_child(_measure_cache, url, size, settings)
                rows.append(
                    _row(
                        f"gaps, Derbyshire, cached ({backend})",
                        f"{size:,} listings",
                        f"{r['warm'] * 1000:.1f} ms",
                        f"{r['cold'] * 1000:.0f} ms (computed afresh)",
                        r["cold"] / r["warm"],
                        r["peak_mb"],
                    )
                )
    return rows


def load_rows(args) -> list[dict]:
    options = argparse.Namespace(
        listings=args.load_listings,
        requests=args.load_requests,
        concurrency=args.concurrency,
        seconds=60.0,
        warm_up=300,
        workers=args.workers,
        rebuild=False,
        replica_url=bench_load.DEFAULT_REPLICA,
    )
    results = bench_load.run(options)["results"]
    for name, figures in results.items():
        print(bench_load.describe(name, figures, args.concurrency), flush=True)
    static = results["static file (baseline)"]
    return [
        _row(
            f"load: {name} under gunicorn (postgis)",
            f"{args.load_listings:,} national listings",
            f"{figures['throughput']:,.0f} requests/s, p95 {figures['p95']:.0f} ms, "
            f"{figures['errors']} errors, {figures['server_cpu_ms']:.1f} ms CPU a request",
            f"{static['throughput']:,.0f} requests/s (a static file), load average "
            f"{figures['load_before']:.1f}",
            figures["throughput"] / static["throughput"],
        )
        for name, figures in results.items()
        if figures is not static
    ]


def table(rows: list[dict]) -> str:
    lines = [
        "| benchmark | data | figure | baseline (same run) | ratio | peak memory |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['benchmark']} | {r['data']} | {r['figure']} | {r['baseline']} | "
        f"{r['ratio']:.2f}× | {r['peak']} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=ALL, default=list(ALL))
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["spatialite", "postgis"],
        choices=["spatialite", "postgis"],
    )
    parser.add_argument("--ingest-rows", type=int, default=50_000)
    parser.add_argument("--baseline-rows", type=int, default=2_000)
    parser.add_argument("--finder-sizes", type=int, nargs="+", default=[2_000, 20_000, 100_000])
    parser.add_argument("--requests", type=int, default=200, help="finder requests per size")
    parser.add_argument("--gap-assets", type=int, default=100_000)
    parser.add_argument("--gap-listings", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--load-listings", type=int, default=100_000)
    parser.add_argument("--load-requests", type=int, default=6_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    from mapapp.config import build_config

    settings = build_config()
    print(
        f"Benchmarks: {', '.join(args.only)}; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}",
        flush=True,
    )
    rows = []
    steps = {
        "ingest": lambda: ingest_rows(args),
        "finder": lambda: finder_rows(args, settings),
        "gaps": lambda: gap_rows(args, settings),
        "load": lambda: load_rows(args),
    }
    for name in args.only:
        rows += steps[name]()
    print()
    print(table(rows))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    sys.exit(main())
