#!/usr/bin/env python3
"""Map benchmark: the home page and the map data for its view, at 400 and 100,000 listings,
beside the cost of the cheapest request the app serves (a static file) in the same run.

    python scripts/bench_maps.py [--sizes 400 100000] [--backends spatialite postgis]
                                 [--requests 30]

Each backend and size runs in its own process against a fresh database with the reference
data and national listings (make_national_dataset.py: England and Wales, in proportion to
population, imported through the pipeline), or with --data area, listings packed around
the area (bench_finder's loader: the home view's worst case). Requests go through
the app in-process (Flask's test client: routing, queries, templates, compression), so the
time is the server's. Figures:
- home: the page's bytes as sent with gzip (what a browser transfers) and its p50 time;
- view: the tiles the home map asks for at its first view (the area at zoom 9), their
  total bytes with gzip, the time for all of them just after a change (the index rebuilt:
  the first visitor after an edit) and afterwards (p50, served from the tile cache);
- /find: p50 over three searches (a postcode; a place and "today"; a postcode and a day)
  and the largest page's bytes with gzip;
- limit: p50 of a static file (/static/favicon.svg) through the same app: no request can
  cost less. Goals (issue 17): page <= 150 KB and <= 50 ms; view <= 100 KB and <= 30 ms.
"""

from __future__ import annotations

import argparse
import gzip
import math
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_national_dataset as national  # noqa: E402
from bench_finder import _populate  # noqa: E402 — shared set-up
from bench_ingest import _database, _in_child, _prepare  # noqa: E402

GZIP = {"Accept-Encoding": "gzip"}


def _view_tiles(z: int = 9) -> list[str]:
    """The tiles of the home map's first view of Derbyshire (as the browser asks)."""
    n = 2**z

    def tile(lon, lat):
        rad = math.radians(lat)
        return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)

    (x0, y0), (x1, y1) = tile(-2.2, 53.6), tile(-1.1, 52.6)
    return [f"{z}/{x}/{y}" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def _timed(client, path: str, headers=None) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = client.get(path, headers=headers or {})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response.data


def _measure(url: str, count: int, data, requests: int, settings, result) -> None:
    from mapapp import create_app
    from mapapp.db import make_engine, session_scope

    if isinstance(data, Path):
        engine = make_engine(url)
        national.load(data, engine, settings)
        engine.dispose()
    else:
        _populate(url, count, settings)
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    client = app.test_client()
    engine = app.extensions["mapapp.engine"]
    tiles = [f"/api/map/tiles/{t}.json" for t in _view_tiles()]
    _timed(client, "/static/favicon.svg")

    started = time.perf_counter()  # the first visitor after a change: the index is built
    view_bytes = sum(len(_timed(client, t, GZIP)[1]) for t in tiles)
    cold = (time.perf_counter() - started) * 1000
    finds = ["/find?near=S40+1LP", "/find?near=Derby&when=today", "/find?near=DE4+3NN&day=tue"]
    for path in finds:
        _timed(client, path, GZIP)
    home, view, static, find = [], [], [], []
    for _ in range(requests):
        elapsed, page = _timed(client, "/", GZIP)
        home.append(elapsed)
        started = time.perf_counter()
        for t in tiles:
            _timed(client, t, GZIP)
        view.append((time.perf_counter() - started) * 1000)
        static.append(_timed(client, "/static/favicon.svg")[0])
        for path in finds:
            elapsed, found = _timed(client, path, GZIP)
            find.append((elapsed, len(found)))
    with session_scope(engine) as session:
        from sqlalchemy import func, select

        from mapapp.models import Asset

        total = session.scalar(select(func.count()).select_from(Asset))
    engine.dispose()
    result.update(
        listings=total,
        home_kb=len(page) / 1024,
        home_raw_kb=len(gzip.decompress(page)) / 1024,
        home_p50=statistics.median(home),
        tiles=len(tiles),
        view_kb=view_bytes / 1024,
        view_cold=cold,
        view_p50=statistics.median(view),
        static_p50=statistics.median(static),
        find_p50=statistics.median(e for e, _ in find),
        find_kb=max(n for _, n in find) / 1024,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[400, 100_000])
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["spatialite", "postgis"],
        choices=["spatialite", "postgis"],
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--data", choices=["national", "area"], default="national")
    args = parser.parse_args(argv)
    from mapapp.config import build_config

    settings = build_config()
    centroids = national.read_centroids(Path(settings["REFERENCE_DIR"]), settings)
    print(
        "| backend | listings | home page (gzip) | home p50 | view: tiles, gzip | "
        "view after a change | view p50 | /find p50, largest | static file p50 (limit) | peak |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        files = {}
        if args.data == "national":
            for size in args.sizes:
                files[size] = Path(work) / f"national-{size}.csv"
                national.write_csv(files[size], national.generate_rows(size, centroids, 2026))
        for backend in args.backends:
            for size in args.sizes:
                url = _database(backend, Path(work), f"mapapp_bench_maps_{size}")
                _prepare(url, settings)
                data = files.get(size)
                r = _in_child(_measure, url, size, data, args.requests, settings)
                print(
                    f"| {backend} | {r['listings']:,} | {r['home_kb']:.0f} KB "
                    f"({r['home_raw_kb']:.0f} KB raw) | {r['home_p50']:.1f} ms | "
                    f"{r['tiles']}, {r['view_kb']:.0f} KB | {r['view_cold']:.0f} ms | "
                    f"{r['view_p50']:.1f} ms | {r['find_p50']:.1f} ms, {r['find_kb']:.0f} KB | "
                    f"{r['static_p50']:.2f} ms | {r['peak_mb']:.0f} MB |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
