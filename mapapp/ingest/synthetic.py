"""Deterministic synthetic navigator spreadsheets, for the benchmark and the load tests.

Rows look like the real thing (varied names, day and time spellings, real postcodes from
the reference data, a few fellowships and activities) so that geocoding, classification and
duplicate search do realistic work. The same seed gives the same file.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd

NAMES = ["Hope", "Serenity", "Fresh Start", "Daybreak", "Lifeline", "Open Door", "Keep It Simple"]
DAYS = ["Monday", "Tue", "Wednesdays", "Thu", "Fri", "Sat", "Sunday", "Mon & Thu",
        "every 2nd Tuesday", "last Friday of the month", "fortnightly Friday"]
TIMES = ["7pm", "19:30", "10am", "12:00", "7.30pm", "19.30-21.00", "noon", "6:00 PM"]
TYPES = ["AA", "NA", "SMART", "Walking group", "Peer mentor drop-in", "Volunteer role",
         "Housing advice", "Al-Anon", "Recovery café"]
HEADER = ["Group name", "Day(s)", "Time", "Venue", "Postcode", "Town", "Type", "Contact", "ID"]


def area_postcodes(reference_dir: Path, postcode_file: str) -> list[str]:
    frame = pd.read_csv(Path(reference_dir) / postcode_file, usecols=["postcode",
                                                                      "in_derbyshire_lad"])
    return sorted(frame.loc[frame["in_derbyshire_lad"] == "Y", "postcode"])


def write_sheet(path: Path, rows: int, postcodes: list[str], seed: int = 1) -> Path:
    rng = random.Random(seed)
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            writer.writerow([f"{rng.choice(NAMES)} Group {number}", rng.choice(DAYS),
                             rng.choice(TIMES), f"Venue {number % 997}", rng.choice(postcodes),
                             "", rng.choice(TYPES), rng.choice(["", "Sam 07700 900123"]),
                             f"id-{number}"])
    return Path(path)
