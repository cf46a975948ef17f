#!/usr/bin/env python3
"""Finder benchmark: latency of /api/assets?near=… at 2k, 20k and 100k listings, on
SpatiaLite and PostGIS, beside a full-scan query in the same run; and the size of a
results page with 500 results.

    python scripts/bench_finder.py [--sizes 2000 20000 100000] [--requests 200]

Requests go through the app in-process (Flask's test client: routing, search, JSON, but no
network), each for a random real postcode in the area within 5 km. The API reads the
nearest page from the circle the index says holds it (dialect.nearest_circle_m). Each
postcode is asked for twice: first as a cold server meets it (its listings' views not yet
built, the postcode not yet kept: listings/cache.py), then the same searches again, as a
server that has run for a while answers them. The limit, in the same process: the bare
index query that returns the same 50 listings with their rows (PostGIS: ORDER BY
geom_bng <-> point LIMIT 50; SpatiaLite, whose R*Tree has no nearest-first order: the
indexed query in the circle that holds exactly the page). Two older baselines beside it:
the radius query that sorts every listing within 5 km (what the API did before the circles)
and the same query with no index. Each backend and size runs in its own process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import _database, _in_child, _prepare  # noqa: E402 — shared set-up


def _populate(url: str, count: int, settings) -> list[str]:
    """Load ``count`` synthetic listings in bulk; return some area postcodes to search."""
    from sqlalchemy import select, text
    from sqlalchemy.orm import Session

    from mapapp import dialect
    from mapapp.db import make_engine
    from mapapp.ingest.load import BulkInserter, NewListing
    from mapapp.ingest.synthetic import synthetic_listings
    from mapapp.models import IngestRun, Postcode, SmallArea, utcnow

    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        centres = [
            (0, 0, x, y, p)
            for x, y, p in session.execute(
                text("SELECT ST_X(centroid_bng), ST_Y(centroid_bng), population FROM small_areas")
            )
        ]
        run = IngestRun(source="bench", started_at=utcnow())
        session.add(run)
        session.flush()
        inserter = BulkInserter(session, run.id, "bench", utcnow(), None)
        for listing, geo in synthetic_listings(count, centres):
            inserter.add(NewListing(listing, geo, "", None))
        inserter.finish()
        dialect.analyze(session.connection())
        postcodes = list(
            session.scalars(
                select(Postcode.postcode).where(
                    Postcode.district_code.in_(select(SmallArea.district_code).distinct())
                )
            )
        )
    engine.dispose()
    return postcodes


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _measure(url: str, count: int, requests: int, settings, result) -> None:
    from sqlalchemy import func, select

    from mapapp import create_app, dialect
    from mapapp.geo import to_bng
    from mapapp.models import Asset, Venue
    from mapapp.web.database import get_session

    postcodes = _populate(url, count, settings)
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    client = app.test_client()
    rng = random.Random(7)
    chosen = [rng.choice(postcodes) for _ in range(requests)]
    for postcode in chosen[:10]:  # warm caches and connections
        client.get("/api/assets", query_string={"near": postcode, "radius_km": 5})
    # The API first, each request on its own as a visitor's would be (its own session);
    # then the two baselines for the same points, so neither pollutes the other's caches.
    api, origins, reach, indexed, scan, nearest = [], [], [], [], [], []
    for postcode in chosen:
        started = time.perf_counter()
        response = client.get("/api/assets", query_string={"near": postcode, "radius_km": 5})
        api.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        near = body["near"]
        origins.append(to_bng(near["lon"], near["lat"]))
        distances = [f["properties"]["distance_m"] for f in body["features"]]
        reach.append(max(d for d in distances if d is not None) + 1.0)
    kept = []  # the same searches again: views and postcodes kept since the first pass
    for postcode in chosen:
        started = time.perf_counter()
        response = client.get("/api/assets", query_string={"near": postcode, "radius_km": 5})
        kept.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        conn = session.connection()
        for (x, y), circle in zip(origins, reach, strict=True):
            distance = dialect.distance(conn, Venue, "geom_bng", x, y)
            # The limit: the index alone fetching the same 50 listings with their rows.
            # PostGIS walks its GiST index nearest first (<->); SpatiaLite's R*Tree has no
            # such order, so its limit is the circle that holds exactly the page (known
            # here from the API's answer, which a real search has to find).
            if dialect.is_sqlite(conn):
                bare = (
                    select(Asset.__table__, distance)
                    .join(Asset.venue)
                    .where(
                        Asset.status == "active",
                        dialect.within_distance(conn, Venue, "geom_bng", x, y, circle),
                    )
                    .order_by(distance)
                    .limit(50)
                )
            else:
                point = dialect.make_point(x, y, 27700)
                bare = (
                    select(Asset.__table__, distance)
                    .join(Asset.venue)
                    .where(Asset.status == "active")
                    .order_by(Venue.geom_bng.op("<->")(point))
                    .limit(50)
                )
            fast = (
                select(Asset.id, distance)
                .join(Asset.venue)
                .where(dialect.within_distance(conn, Venue, "geom_bng", x, y, 5000))
                .order_by(distance)
                .limit(50)
            )
            slow = (
                select(Asset.id, distance)
                .join(Asset.venue)
                .where(distance <= 5000)
                .order_by(distance)
                .limit(50)
            )
            for query, times in ((bare, nearest), (fast, indexed), (slow, scan)):
                started = time.perf_counter()
                session.execute(query).all()
                times.append((time.perf_counter() - started) * 1000)
        total = session.scalar(select(func.count()).select_from(Asset))
    page = client.get("/find", query_string={"near": "Derby", "radius_km": 20, "limit": 500})
    listed = page.get_data(as_text=True).count('class="result"')
    app.extensions["mapapp.engine"].dispose()
    result.update(
        assets=total,
        api_p50=statistics.median(api),
        api_p95=_percentile(api, 0.95),
        kept_p50=statistics.median(kept),
        kept_p95=_percentile(kept, 0.95),
        indexed_p50=statistics.median(indexed),
        nearest_p50=statistics.median(nearest),
        nearest_p95=_percentile(nearest, 0.95),
        scan_p50=statistics.median(scan),
        page_kb=len(page.data) / 1024,
        page_results=listed,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 100_000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["spatialite", "postgis"],
        choices=["spatialite", "postgis"],
    )
    args = parser.parse_args(argv)
    from mapapp.config import build_config

    settings = build_config()
    rows = [
        "| backend | listings | API p50 | API p95 | limit: nearest 50 p50, p95 | API / limit "
        "p50, p95 | again: p50, p95 | again / limit p50, p95 | all within 5 km p50 | "
        "full scan p50 | results page (500) | peak memory |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    print(f"Finder benchmark: {args.requests} requests per size, radius 5 km")
    with tempfile.TemporaryDirectory() as work:
        for backend in args.backends:
            for size in args.sizes:
                url = _database(backend, Path(work), f"mapapp_bench_finder_{size}")
                _prepare(url, settings)
                r = _in_child(_measure, url, size, args.requests, settings)
                line = (
                    f"| {backend} | {r['assets']:,} | {r['api_p50']:.1f} ms | "
                    f"{r['api_p95']:.1f} ms | {r['nearest_p50']:.2f} ms, "
                    f"{r['nearest_p95']:.2f} ms | {r['api_p50'] / r['nearest_p50']:.1f}×, "
                    f"{r['api_p95'] / r['nearest_p95']:.1f}× | {r['kept_p50']:.1f} ms, "
                    f"{r['kept_p95']:.1f} ms | {r['kept_p50'] / r['nearest_p50']:.1f}×, "
                    f"{r['kept_p95'] / r['nearest_p95']:.1f}× | {r['indexed_p50']:.2f} ms | "
                    f"{r['scan_p50']:.2f} ms | {r['page_kb']:.0f} KB "
                    f"({r['page_results']}) | {r['peak_mb']:.0f} MB |"
                )
                print(line, flush=True)
                rows.append(line)
    print()
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    sys.exit(main())
