"""Deterministic synthetic navigator spreadsheets, for the benchmark and the load tests.

Rows look like the real thing (varied names, day and time spellings, real postcodes from
the reference data, a few fellowships and activities) so that geocoding, classification and
duplicate search do realistic work. The same seed gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pandas as pd

NAMES = ["Hope", "Serenity", "Fresh Start", "Daybreak", "Lifeline", "Open Door", "Keep It Simple"]
DAYS = [
    "Monday",
    "Tue",
    "Wednesdays",
    "Thu",
    "Fri",
    "Sat",
    "Sunday",
    "Mon & Thu",
    "every 2nd Tuesday",
    "last Friday of the month",
    "fortnightly Friday",
]
TIMES = ["7pm", "19:30", "10am", "12:00", "7.30pm", "19.30-21.00", "noon", "6:00 PM"]
TYPES = [
    "AA",
    "NA",
    "SMART",
    "Walking group",
    "Peer mentor drop-in",
    "Volunteer role",
    "Housing advice",
    "Al-Anon",
    "Recovery café",
]
HEADER = ["Group name", "Day(s)", "Time", "Venue", "Postcode", "Town", "Type", "Contact", "ID"]


def area_postcodes(reference_dir: Path, postcode_file: str) -> list[str]:
    frame = pd.read_csv(
        Path(reference_dir) / postcode_file, usecols=["postcode", "in_derbyshire_lad"]
    )
    return sorted(frame.loc[frame["in_derbyshire_lad"] == "Y", "postcode"])


def write_sheet(path: Path, rows: int, postcodes: list[str], seed: int = 1) -> Path:
    rng = random.Random(seed)
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            writer.writerow(
                [
                    f"{rng.choice(NAMES)} Group {number}",
                    rng.choice(DAYS),
                    rng.choice(TIMES),
                    f"Venue {number % 997}",
                    rng.choice(postcodes),
                    "",
                    rng.choice(TYPES),
                    rng.choice(["", "Sam 07700 900123"]),
                    f"id-{number}",
                ]
            )
    return Path(path)


def synthetic_listings(count: int, centroids, seed: int = 1):
    """(Listing, Geocode) pairs placed near population-weighted LSOA centroids.

    ``centroids`` is a sequence of (lon, lat, x, y, population); points are scattered up to
    400 m around the chosen centroid, so denser areas get more listings, as in life.
    """
    from .. import vocab as D
    from ..geo import to_wgs84
    from .geocode import Geocode
    from .records import Listing, ScheduleSpec

    rng = random.Random(seed)
    weights = [c[4] for c in centroids]
    kinds = {
        "twelve-step": "meeting",
        "mutual-aid": "meeting",
        "activities": "activity",
        "volunteering": "opportunity",
        "growth-pathways": "opportunity",
    }
    for number, centre in enumerate(rng.choices(centroids, weights=weights, k=count)):
        x, y = centre[2] + rng.uniform(-400, 400), centre[3] + rng.uniform(-400, 400)
        lon, lat = to_wgs84(x, y)
        domain = rng.choice(D.CODES)
        frequency = rng.choices(["weekly", "fortnightly", "monthly"], [85, 8, 7])[0]
        weekday = rng.randrange(7)
        schedule = ScheduleSpec(
            weekday,
            frequency,
            rng.choice([1, 2, 3, -1]) if frequency == "monthly" else None,
            None,
            TIME_CHOICES[number % len(TIME_CHOICES)],
            None,
        )
        listing = Listing(
            row_number=number + 1,
            source_id=f"synthetic-{number}",
            name=f"{rng.choice(NAMES)} {domain.replace('-', ' ')} {number}",
            kind=kinds.get(domain, "service"),
            domains=(domain,),
            schedules=(schedule,),
            postcode=None,
            town="Synthetic",
        )
        yield listing, Geocode(float(lon), float(lat), x, y, "exact", "synthetic")


TIME_CHOICES = tuple(dt.time(h, m) for h in (10, 12, 14, 18, 19, 20) for m in (0, 30))
