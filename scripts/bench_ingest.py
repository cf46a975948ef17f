#!/usr/bin/env python3
"""Ingest benchmark: rows per second for a generated spreadsheet, on SpatiaLite and PostGIS.

    python scripts/bench_ingest.py [--rows 50000] [--baseline-rows 2000] [--backends ...]

Each measurement runs in its own process (so its peak memory is its own) against a fresh
database with the reference data loaded, geocoding every row offline from its postcode.
Two comparisons, each measured in the same run:

- the limit: the very rows the import wrote (every table it writes), loaded into a fresh
  database by the database's own bulk path with nothing to compute: PostgreSQL's COPY of
  each table's rows, SQLite one executemany a table (geometry as stored, so SpatiaLite's
  own triggers check and index each point). What an import costs beyond writing its rows
  is the gap between the two;
- the baseline, on a sample of the same sheet: the obvious implementation, the same
  parsing and geocoding, then one ORM flush per row.

Absolute times drift on shared machines; the ratios are the figures to compare.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

POSTGRES = os.environ.get(
    "MAPAPP_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _database(backend: str, workdir: Path, name: str) -> str:
    if backend == "spatialite":
        return f"sqlite:///{workdir / (name + '.sqlite')}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def _prepare(url: str, settings) -> None:
    from mapapp.db import make_engine, upgrade
    from mapapp.reference import load_reference

    engine = make_engine(url)
    upgrade(engine)
    load_reference(engine, settings)
    engine.dispose()


def _measure_pipeline(url: str, sheet: str, settings, result) -> None:
    from mapapp.db import make_engine
    from mapapp.ingest import run_ingest
    from mapapp.ingest.parallel import default_workers

    engine = make_engine(url)
    started = time.perf_counter()
    # As `mapapp ingest` runs it: rows are built on every available core.
    report = run_ingest(engine, settings, sheet, source="bench", workers=default_workers())
    seconds = time.perf_counter() - started
    engine.dispose()
    result.update(
        rows=report.read,
        inserted=report.inserted,
        seconds=seconds,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _measure_limit(url: str, written_url: str, result) -> None:
    """Copy what the import wrote (``written_url``) into the fresh database at ``url``, timing
    only the load."""
    from mapapp.db import make_engine
    from mapapp.ingest.load import ORDER
    from mapapp.models import IngestRun

    tables = [IngestRun.__tablename__] + [model.__tablename__ for model in ORDER]
    source, target = make_engine(written_url), make_engine(url)
    with source.connect() as read:
        dumped = {name: _dump(read, name) for name in tables}
        rows = read.exec_driver_sql("SELECT count(*) FROM assets").scalar()
    with target.begin() as write:
        _load(write, IngestRun.__tablename__, dumped.pop(IngestRun.__tablename__))  # not timed
        started = time.perf_counter()
        for name, table in dumped.items():
            _load(write, name, table)
    seconds = time.perf_counter() - started  # the commit included, as in the import
    source.dispose()
    target.dispose()
    result.update(
        rows=rows,
        seconds=seconds,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _dump(conn, name: str):
    """(column names, the rows as the database gives them: COPY text, or SQLite tuples)."""
    columns = _columns(conn, name)
    quoted = ", ".join(f'"{c}"' for c in columns)
    driver = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        return columns, driver.execute(f'SELECT {quoted} FROM "{name}"').fetchall()
    with driver.cursor() as cursor, cursor.copy(f'COPY "{name}" ({quoted}) TO STDOUT') as copy:
        return columns, b"".join(bytes(block) for block in copy)


def _columns(conn, name: str) -> list[str]:
    from sqlalchemy import inspect

    return [column["name"] for column in inspect(conn).get_columns(name)]


def _load(conn, name: str, table) -> None:
    columns, data = table
    quoted = ", ".join(f'"{c}"' for c in columns)
    driver = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        driver.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', data)
        return
    with driver.cursor() as cursor, cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
        copy.write(data)


def _measure_baseline(url: str, sheet: str, settings, result) -> None:
    """Same parsing and geocoding, then session.add + flush for every row."""
    from sqlalchemy.orm import Session

    from mapapp.db import make_engine
    from mapapp.ingest.build import build
    from mapapp.ingest.geocode import Geocoder
    from mapapp.ingest.read import read
    from mapapp.ingest.records import RawRow
    from mapapp.listings.rules import refresh_attendance, set_location
    from mapapp.models import Asset, AssetDomain, AssetSource, Schedule, Venue

    engine = make_engine(url)
    started = time.perf_counter()
    rows = [r for r in read(Path(sheet))[1] if isinstance(r, RawRow)]
    with Session(engine) as session, session.begin():
        geocoder = Geocoder.load(session, settings)
        for number, row in enumerate(rows):
            listing = build(row)
            geo = geocoder.geocode(listing)
            venue = Venue(postcode=listing.postcode, name=listing.venue_name)
            set_location(venue, geo.lon, geo.lat, geo.precision, geo.source)
            asset = Asset(
                slug=f"baseline-{number}",
                name=listing.name,
                kind=listing.kind,
                venue=venue,
                domains=[AssetDomain(domain=d) for d in listing.domains],
                schedules=[
                    Schedule(
                        weekday=s.weekday,
                        frequency=s.frequency,
                        nth=s.nth,
                        start_time=s.start_time,
                        end_time=s.end_time,
                    )
                    for s in listing.schedules
                ],
                sources=[AssetSource(source="baseline", source_id=listing.source_id)],
            )
            refresh_attendance(asset)
            session.add(asset)
            session.flush()
    seconds = time.perf_counter() - started
    engine.dispose()
    result.update(
        rows=len(rows),
        seconds=seconds,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _in_child(target, *args) -> dict:
    with multiprocessing.Manager() as manager:
        result = manager.dict()
        process = multiprocessing.get_context("fork").Process(target=target, args=(*args, result))
        process.start()
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"{target.__name__} failed (exit {process.exitcode})")
        return dict(result)


def run(backends: list[str], rows: int, baseline_rows: int) -> list[dict]:
    from mapapp.config import build_config
    from mapapp.ingest.synthetic import area_postcodes, write_sheet

    settings = build_config()
    postcodes = area_postcodes(settings["REFERENCE_DIR"], settings["FILE_POSTCODES"])
    figures = []
    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        sheet = write_sheet(workdir / "sheet.csv", rows, postcodes)
        sample = write_sheet(workdir / "sample.csv", baseline_rows, postcodes)
        for backend in backends:
            written = None
            for label, target, path in (
                ("pipeline", _measure_pipeline, sheet),
                ("limit", _measure_limit, None),
                ("baseline", _measure_baseline, sample),
            ):
                url = _database(backend, workdir, f"mapapp_bench_{label}")
                _prepare(url, settings)
                if label == "limit":
                    figure = _in_child(target, url, written)
                else:
                    figure = _in_child(target, url, str(path), settings)
                written = written or url
                figure.update(
                    backend=backend, method=label, rows_per_s=figure["rows"] / figure["seconds"]
                )
                figures.append(figure)
                print(
                    f"  {backend:10s} {label:8s} {figure['rows']:>7,} rows  "
                    f"{figure['seconds']:7.2f} s  {figure['rows_per_s']:8,.0f} rows/s  "
                    f"peak {figure['peak_mb']:6.0f} MB",
                    flush=True,
                )
    return figures


def table(figures: list[dict]) -> str:
    lines = [
        "| backend | rows | time | rows/s | peak memory | limit: the rows loaded alone | "
        "import ÷ limit | baseline rows/s | speed-up |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for backend in dict.fromkeys(f["backend"] for f in figures):
        found = {f["method"]: f for f in figures if f["backend"] == backend}
        fast, limit, slow = found["pipeline"], found["limit"], found["baseline"]
        lines.append(
            f"| {backend} | {fast['rows']:,} | {fast['seconds']:.1f} s | "
            f"{fast['rows_per_s']:,.0f} | {fast['peak_mb']:.0f} MB | "
            f"{limit['seconds']:.1f} s, {limit['rows_per_s']:,.0f} rows/s | "
            f"{fast['seconds'] / limit['seconds']:.1f}× | "
            f"{slow['rows_per_s']:,.0f} | {fast['rows_per_s'] / slow['rows_per_s']:.1f}× |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--baseline-rows", type=int, default=2_000)
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["spatialite", "postgis"],
        choices=["spatialite", "postgis"],
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    print(
        f"Ingest benchmark: {args.rows:,} rows (baseline sample {args.baseline_rows:,}), "
        f"{os.cpu_count()} CPUs"
    )
    figures = run(args.backends, args.rows, args.baseline_rows)
    print()
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
