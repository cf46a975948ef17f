#!/usr/bin/env python3
"""Generate realistic national listings (England and Wales) and optionally load them.

    python scripts/make_national_dataset.py --out national.csv [--count 100000] [--seed 2026]
    MAPAPP_DATABASE_URL=postgresql+psycopg://... \
        python scripts/make_national_dataset.py --out national.csv --load

Listings sit at real Census 2021 LSOA population-weighted centroids (read from the
reference folder, MAPAPP_REFERENCE_DIR), chosen in proportion to population and jittered by
up to 300 m, so a city gets more than a moor, as in life. Every domain, kind, attendance
(in person, online, hybrid) and schedule type (weekly, fortnightly with an anchor date,
monthly on the nth or last weekday) appears, with audience and accessibility tags. The same
seed and count give the same file, byte for byte.

The file is a navigators' spreadsheet (CSV) that `mapapp ingest` reads; ``--load`` imports
it through the same pipeline into MAPAPP_DATABASE_URL (schema and reference data must be
loaded first: `mapapp init-db && mapapp reference load`), with progress on stderr. Loading
is idempotent: every row has a stable id, and a second load of the same file reports every
listing unchanged and writes nothing but the run's record. Listings outside the configured
area are loaded like any other (active, found by the finder near them) and flagged for
review as "located outside the area".
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from pathlib import Path

HEADER = [
    "ID",
    "Name",
    "Kind",
    "Domain",
    "Day",
    "Time",
    "End time",
    "Venue",
    "Town",
    "Latitude",
    "Longitude",
    "Conference URL",
    "Audience",
    "Accessibility",
]
SOURCE = "national"
JITTER_M = 300.0
# Kinds a domain's listings take (first most often), so kinds and domains mix as in life.
KINDS = {
    "twelve-step": ("meeting",),
    "mutual-aid": ("meeting", "activity"),
    "recovery-support": ("service", "meeting"),
    "activities": ("activity",),
    "volunteering": ("opportunity",),
    "community-links": ("service", "opportunity"),
    "growth-pathways": ("opportunity", "service"),
    "treatment": ("service",),
}
NAMES = (
    "Hope",
    "Serenity",
    "Fresh Start",
    "Daybreak",
    "Lifeline",
    "Open Door",
    "Keep It Simple",
    "New Horizons",
    "Stepping Stones",
    "Common Ground",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NTH = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}
ANCHOR = dt.date(2026, 1, 5)  # a Monday: fortnightly anchors are moved to their weekday
START_TIMES = tuple(f"{h:02d}:{m:02d}" for h in (10, 12, 14, 18, 19, 20) for m in (0, 30))


def read_centroids(reference_dir: Path, settings) -> list[tuple]:
    """(LSOA code, district name, easting, northing, population) for every LSOA."""
    from mapapp.reference.files import read_csv

    frame = read_csv(
        reference_dir,
        settings["FILE_LSOA_POPULATION"],
        ["LSOA21CD", "LAD22NM", "easting", "northing", "usual_residents_total"],
    )
    frame = frame.sort_values("LSOA21CD")  # the file's order must not matter
    return list(
        zip(
            frame["LSOA21CD"],
            frame["LAD22NM"],
            frame["easting"].astype(float),
            frame["northing"].astype(float),
            frame["usual_residents_total"].astype(int),
            strict=True,
        )
    )


def generate_rows(count: int, centroids: list[tuple], seed: int):
    """The spreadsheet's rows, one listing each: deterministic for (count, seed)."""
    from mapapp import vocab as D
    from mapapp.geo import to_wgs84

    rng = random.Random(seed)
    weights = [c[4] for c in centroids]
    audiences, access = sorted(D.AUDIENCE_TAGS), sorted(D.ACCESSIBILITY_TAGS)
    for number, centre in enumerate(rng.choices(centroids, weights=weights, k=count)):
        domain = D.CODES[number % len(D.CODES)]  # every domain in equal measure
        kind = rng.choice(KINDS[domain])
        attendance = rng.choices(("in_person", "online", "hybrid"), (85, 7, 8))[0]
        x = centre[2] + rng.uniform(-JITTER_M, JITTER_M)
        y = centre[3] + rng.uniform(-JITTER_M, JITTER_M)
        lon, lat = to_wgs84(x, y)
        located = attendance != "online"
        yield [
            f"nat-{number}",
            f"{rng.choice(NAMES)} {domain.replace('-', ' ')} {number}",
            kind,
            domain,
            _day(rng),
            rng.choice(START_TIMES),
            "",
            f"Venue {number % 9973}" if located else "",
            centre[1] if located else "",
            f"{float(lat):.6f}" if located else "",
            f"{float(lon):.6f}" if located else "",
            f"https://meet.example.org/{number}" if attendance != "in_person" else "",
            rng.choice(audiences) if rng.random() < 0.1 else "",
            rng.choice(access) if rng.random() < 0.3 else "",
        ]


def _day(rng: random.Random) -> str:
    weekday = WEEKDAYS[rng.randrange(7)]
    frequency = rng.choices(("weekly", "fortnightly", "monthly"), (80, 10, 10))[0]
    if frequency == "fortnightly":
        return f"fortnightly {weekday} from {ANCHOR.isoformat()}"
    if frequency == "monthly":
        return f"{NTH[rng.choice(list(NTH))]} {weekday} of the month"
    return weekday


def write_csv(path: Path, rows, progress=None) -> int:
    written = 0
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(row)
            written += 1
            if progress and written % 20_000 == 0:
                progress.step(f"  written {written:,} rows")
    return written


def load(path: Path, engine, settings, progress=None):
    """Import the file through the ingest pipeline (source 'national'); the report, and
    a summary that says when nothing changed. Planner statistics are refreshed after a
    load that wrote rows: PostgreSQL planned the finder's query from the empty tables'
    statistics and took 0.5 s instead of 2 ms until autovacuum caught up."""
    from mapapp import dialect
    from mapapp.db import require_schema
    from mapapp.ingest import run_ingest
    from mapapp.ingest.parallel import default_workers

    require_schema(engine)
    report = run_ingest(
        engine,
        settings,
        path,
        fmt="csv",
        source=SOURCE,
        progress=progress,
        workers=default_workers(),
    )
    if report.inserted == 0 and report.updated == 0 and report.deactivated == 0:
        return report, report.summary() + "\nNothing changed: the database already holds this data."
    with engine.begin() as conn:
        dialect.analyze(conn)
    return report, report.summary()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--load", action="store_true", help="also import the file into MAPAPP_DATABASE_URL"
    )
    args = parser.parse_args(argv)
    from mapapp.config import build_config
    from mapapp.progress import Progress
    from mapapp.reference.files import reference_folder

    settings, progress = build_config(), Progress()
    started = time.perf_counter()
    centroids = read_centroids(reference_folder(settings["REFERENCE_DIR"]), settings)
    written = write_csv(args.out, generate_rows(args.count, centroids, args.seed), progress)
    progress.step(
        f"{args.out}: {written:,} listings at {len(centroids):,} LSOA centroids "
        f"(seed {args.seed}) in {time.perf_counter() - started:.1f} s"
    )
    if args.load:
        from mapapp import create_app

        app = create_app()  # MAPAPP_DATABASE_URL, or the default SpatiaLite file
        engine = app.extensions["mapapp.engine"]
        try:
            print(load(args.out, engine, app.config, progress)[1])
        finally:
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
