"""Random rows never crash the pipeline; a killed run leaves the database as it was."""

import csv
import os
import re
import signal
import subprocess
import sys
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp.ingest.header_match import RULES, fields_of
from mapapp.ingest.synthetic import area_postcodes, write_sheet
from tests.conftest import REFERENCE_DIR
from tests.ingest.conftest import table_snapshot

HEADERS = [
    "Group name",
    "Day(s)",
    "Time",
    "Venue",
    "Address",
    "Postcode",
    "Town",
    "Type",
    "Contact",
    "Website",
    "Notes",
    "Domain",
    "Online link",
    "Audience",
    "ID",
]
cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "Mon",
            "every 2nd Tuesday",
            "fortnightly Friday",
            "7pm",
            "19.30-21.00",
            "DE1 0FD",
            "S40 1LP",
            "not a postcode",
            "Matlock",
            "AA",
            "SMART",
            "https://zoom.us/j/1",
            "javascript:alert(1)",
            "0",
            "",
            " ",
            "=SUM(A1)",
            "12-step",
            "women",
            "\u202e\u0000",
        ]
    ),
)
rows = st.lists(st.lists(cell, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=25)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=rows)
def test_random_rows_never_crash_and_the_counts_balance(ingest, tmp_path, rows):
    path = tmp_path / "random.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows([[c.replace("\x00", "") for c in row] for row in rows])
    report = ingest(path, dry_run=True)  # dry: every example starts from the same database
    assert report.balanced()
    assert report.read == sum(1 for row in rows if any(c.replace("\x00", "").strip() for c in row))
    assert report.rejected == sum(1 for i in report.issues if i.severity == "rejected")


def test_every_single_header_word_names_one_field():
    """A header of one word from the rules' table is read as that word's field (the first
    rule that has it), never as two."""
    for _field, words, _excluded in RULES:
        for word in (w for w in words if "+" not in w):
            assert len(fields_of(word)) == 1, word


def test_one_placeholder_postcode_for_every_row_stays_fast(ingest, tmp_path):
    """Thousands of rows at one postcode and time must not compare each with all others."""
    path = tmp_path / "same.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Group name", "Day", "Time", "Postcode", "Type", "ID"])
        writer.writerows(
            [f"Group {n}", "Monday", "19:30", "S40 1LP", "AA", f"id-{n}"] for n in range(6000)
        )
    report = ingest(path)
    assert (report.read, report.inserted) == (6000, 6000)


def test_a_killed_run_leaves_the_earlier_state_and_a_rerun_completes(
    ingest, reference_db, tmp_path
):
    ingest("navigators_messy.csv", source="big")
    before = table_snapshot(ingest.engine)
    path = write_sheet(
        tmp_path / "big.csv",
        30_000,
        area_postcodes(REFERENCE_DIR, "postcodes/derbyshire_postcodes_codepoint_open_2025_4.csv"),
    )
    env = dict(os.environ, MAPAPP_DATABASE_URL=reference_db, MAPAPP_REFERENCE_DIR=REFERENCE_DIR)
    command = [sys.executable, "-m", "mapapp", "ingest", str(path), "--source", "big"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    for line in process.stdout:  # kill it once it is under way
        if line.startswith("Importing"):
            time.sleep(1.0)
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert table_snapshot(ingest.engine) == before
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    counts = dict(re.findall(r"^  (\w+) +([\d,]+)$", done.stdout, flags=re.M))
    assert counts["inserted"] == "30,000"
    assert counts["deactivated"] == "9"  # the earlier 'big' listings, retired not deleted
