#!/usr/bin/env python3
"""Peak memory of the import page for the largest file it accepts and for each hostile
file it refuses: the refusals must stay bounded (near the app's own footprint), however
much the file claims or expands to.

    python scripts/bench_import_memory.py [--database URL] [--keep DIR]

Each case runs in its own process (so its peak is its own): it starts the app, signs a
navigator in, uploads the file to /workspace/import (the dry run) and reports the HTTP
status, the seconds taken and the process's peak resident memory (ru_maxrss), under an
address-space ceiling of CEILING_MB (so a regression is a 500, not a dead machine). The first
case, "app only", does everything but the upload: the footprint the others compare with.
Without --database a SpatiaLite database with the reference data is built in a
temporary folder (a minute or so). The hostile files are the ones the tests generate
(tests/ingest/bombs.py); the largest accepted files are synthetic navigator sheets
(mapapp.ingest.synthetic) just under the upload limit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "correct horse battery"
MB = 1_000_000


def _prepare(url: str) -> None:
    from mapapp.accounts.users import create_user
    from mapapp.config import build_config
    from mapapp.db import make_engine, session_scope, upgrade
    from mapapp.reference import load_reference

    engine = make_engine(url)
    upgrade(engine)
    load_reference(engine, build_config())
    with session_scope(engine) as session:
        create_user(session, "bench@example.org", "Bench", "navigator", PASSWORD)
    engine.dispose()


def _largest_sheets(folder: Path, limit: int) -> dict[str, Path]:
    """A CSV and an .xlsx of synthetic listings, each just under ``limit`` bytes."""
    from mapapp.config import build_config
    from mapapp.ingest.synthetic import area_postcodes, write_sheet

    settings = build_config()
    postcodes = area_postcodes(settings["REFERENCE_DIR"], settings["FILE_POSTCODES"])
    probe = write_sheet(folder / "probe.csv", 1000, postcodes)
    rows = int(1000 * limit * 0.97 / probe.stat().st_size)
    while (sheet := write_sheet(folder / "largest.csv", rows, postcodes)).stat().st_size > limit:
        rows = int(rows * 0.97)
    # A workbook compresses, so it holds more rows: sized from a probe, then trimmed.
    rows = _workbook(folder / "probe.xlsx", probe).stat().st_size
    rows = int(1000 * limit * 0.95 / rows)
    while True:
        source = write_sheet(folder / "largest-source.csv", rows, postcodes)
        workbook = _workbook(folder / "largest.xlsx", source)
        if workbook.stat().st_size <= limit:
            return {"largest accepted .csv": sheet, "largest accepted .xlsx": workbook}
        rows = int(rows * 0.95)


def _workbook(path: Path, csv_path: Path) -> Path:
    import csv

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet("Listings")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            page.append(row)
    book.save(path)
    return path


def _bombs(folder: Path) -> dict[str, Path]:
    from tests.ingest import bombs

    return {
        "dimension A1:XFD1048576": bombs.dimension_bomb(folder / "dimension.xlsx"),
        "zip bomb (400 MB of XML)": bombs.zip_bomb(folder / "bomb.xlsx"),
        "zip bomb, lying headers": bombs.lying_zip_bomb(folder / "liar.xlsx"),
        "100,000-column CSV": bombs.wide_csv(folder / "wide.csv"),
    }


CEILING_MB = 3000  # address space per case: a regression answers 500, not a dead machine


def child(url: str, path: str, uploads: str) -> dict:
    """In its own process: the app, a signed-in navigator, one upload."""
    import re

    ceiling = CEILING_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))

    from mapapp import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "IMPORT_UPLOAD_DIR": uploads})
    client = app.test_client()
    form = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.post(
        "/sign-in", data={"csrf_token": token, "email": "bench@example.org", "password": PASSWORD}
    )
    status, seconds = None, 0.0
    if path:
        page = client.get("/workspace/import").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        started = time.perf_counter()
        with open(path, "rb") as handle:
            answer = client.post(
                "/workspace/import",
                data={
                    "csrf_token": token,
                    "format": "auto",
                    "source": "",
                    "file": (handle, Path(path).name),
                },
                content_type="multipart/form-data",
            )
        seconds = time.perf_counter() - started
        status = answer.status_code
    return {
        "status": status,
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _measure(url: str, path: Path | None, uploads: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, str(path or ""), str(uploads)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {
            "status": f"crashed ({done.returncode})",
            "seconds": 0.0,
            "peak_mb": 0.0,
            "error": done.stderr.strip().splitlines()[-1:] or [""],
        }
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(url: str | None, keep: Path | None) -> list[dict]:
    from mapapp.config import build_config

    limit = build_config()["IMPORT_MAX_BYTES"]
    with tempfile.TemporaryDirectory() as work:
        folder = keep or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        if url is None:
            database = folder / "bench.sqlite"
            url = f"sqlite:///{database}"
            if not (folder / "bench.ready").exists():  # --keep: built once, reused
                database.unlink(missing_ok=True)
                print("Building a SpatiaLite database with the reference data ...", flush=True)
                _prepare(url)
                (folder / "bench.ready").touch()
        files = {"app only": None, **_largest_sheets(folder, limit), **_bombs(folder)}
        figures = []
        for label, path in files.items():
            figure = _measure(url, path, folder / "uploads")
            figure.update(case=label, bytes=path.stat().st_size if path else 0)
            figures.append(figure)
            print(
                f"  {label:28s} {figure['bytes']:>10,} B  status {figure['status']}  "
                f"{figure['seconds']:6.2f} s  peak {figure['peak_mb']:6.0f} MB",
                flush=True,
            )
    return figures


def table(figures: list[dict]) -> str:
    lines = [
        "| file | size | answer | time | peak memory of the process |",
        "|---|---|---|---|---|",
    ]
    for f in figures:
        size = f"{f['bytes'] / MB:.2f} MB" if f["bytes"] else "-"
        answer = f["status"] if f["status"] is not None else "-"
        lines.append(
            f"| {f['case']} | {size} | {answer} | {f['seconds']:.1f} s | {f['peak_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(*argv[1:4])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        help="an upgraded database with the reference data "
        "and a navigator bench@example.org (default: build one)",
    )
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args(argv)
    print(f"Import memory benchmark, {os.cpu_count()} CPUs")
    figures = run(args.database, args.keep)
    print()
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
