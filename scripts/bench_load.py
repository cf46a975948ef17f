#!/usr/bin/env python3
"""Load benchmark, one command: national listings in PostGIS, gunicorn, the load test.

    python scripts/bench_load.py [--listings 100000] [--requests 6000] [--concurrency 8]
                                 [--workers N] [--rebuild]

1. The database MAPAPP_BENCH_POSTGRES_URL's server, database mapapp_bench_national: made,
   migrated and given the reference data if missing, then the national dataset
   (scripts/make_national_dataset.py, seed 2026) loaded through the ingest pipeline. The
   load is idempotent, so a second run reuses the database (--rebuild starts afresh).
2. gunicorn with scripts/gunicorn.conf.py on a free port of 127.0.0.1.
3. scripts/loadtest.py: the baseline first, a static file (the server and the load
   generator alone: the ceiling of this machine right now), then the finder API
   /api/assets?near=<random Derbyshire postcode>&radius_km=5, each after a warm-up.
4. CPU time a request costs, measured from /proc: the gunicorn workers, the PostgreSQL
   backends serving them, and the load generator. On a shared machine throughput follows
   whatever else runs; CPU per request does not, and says what the cores could serve.
gunicorn is stopped at the end, also on failure.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import loadtest  # noqa: E402
import make_national_dataset  # noqa: E402
from bench_ingest import POSTGRES  # noqa: E402

DATABASE = "mapapp_bench_national"
STATIC = "/static/favicon.svg"


def database_url() -> str:
    return POSTGRES.rsplit("/", 1)[0] + f"/{DATABASE}"


def build_database(listings: int, rebuild: bool, settings) -> str:
    """The national database, (re)made only when needed; its URL."""
    from mapapp.db import make_engine, upgrade
    from mapapp.progress import Progress
    from mapapp.reference import load_reference
    from mapapp.reference.files import reference_folder

    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE})
        if rebuild and exists:
            conn.execute(text(f'DROP DATABASE "{DATABASE}" WITH (FORCE)'))
        if rebuild or not exists:
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    url, progress = database_url(), Progress()
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as conn:
        has_reference = conn.scalar(text("SELECT count(*) FROM small_areas"))
    if not has_reference:
        load_reference(engine, settings, progress=progress)
    with engine.connect() as conn:
        loaded = conn.scalar(
            text("SELECT count(*) FROM asset_sources WHERE source = :s"),
            {"s": make_national_dataset.SOURCE},
        )
    if loaded == listings:  # loading again would change nothing (it is idempotent)
        engine.dispose()
        return url
    centroids = make_national_dataset.read_centroids(
        reference_folder(settings["REFERENCE_DIR"]), settings
    )
    with tempfile.TemporaryDirectory() as work:
        sheet = Path(work) / "national.csv"
        make_national_dataset.write_csv(
            sheet, make_national_dataset.generate_rows(listings, centroids, 2026)
        )
        report, _summary = make_national_dataset.load(sheet, engine, settings, progress)
    progress.step(f"national listings: {report.inserted:,} new, {report.unchanged:,} unchanged")
    engine.dispose()
    return url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(url: str, workers: int | None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "MAPAPP_DATABASE_URL": url,
        "MAPAPP_BIND": f"127.0.0.1:{port}",
        "MAPAPP_SECRET_KEY": secrets.token_hex(16),
    }
    if workers:
        env["MAPAPP_WORKERS"] = str(workers)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(HERE / "gunicorn.conf.py"),
            "mapapp:create_app()",
        ],
        env=env,
        cwd=HERE.parent,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + STATIC, timeout=2):
                return server, base
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start within a minute")


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def server_cpu(master: int, url: str) -> dict[int, float]:
    """CPU seconds so far of each gunicorn worker and each PostgreSQL backend of the
    benchmark database (the database is on this machine: PostgreSQL's pids are local)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        backends = list(
            conn.scalars(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
            )
        )
    engine.dispose()
    return {pid: _cpu_seconds(pid) for pid in [master, *_children(master), *backends]}


def measure(base: str, url: str, master: int, args, fixed_path: str | None) -> dict:
    postcodes = loadtest.area_postcodes(
        Path(
            os.environ.get("MAPAPP_REFERENCE_DIR", str(HERE.parent.parent / "shared" / "reference"))
        )
    )
    loadtest.run(base, args.warm_up, args.concurrency, args.seconds, 0.0, postcodes, fixed_path)
    before = server_cpu(master, url)
    result = loadtest.run(
        base, args.requests, args.concurrency, args.seconds, 0.0, postcodes, fixed_path
    )
    after = server_cpu(master, url)
    spent = sum(after.get(pid, 0.0) - before.get(pid, 0.0) for pid in after)
    result["server_cpu_ms"] = spent * 1000 / max(result["requests"], 1)
    per_request = result["server_cpu_ms"] + result["client_cpu_ms"]
    result["capacity"] = (os.cpu_count() or 1) * 1000 / per_request if per_request else 0.0
    return result


def run(args) -> dict:
    from mapapp.config import build_config

    url = build_database(args.listings, args.rebuild, build_config())
    server, base = start_gunicorn(url, args.workers)
    try:
        baseline = measure(base, url, server.pid, args, STATIC)
        finder = measure(base, url, server.pid, args, None)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return {
        "listings": args.listings,
        "baseline": baseline,
        "finder": finder,
        "workers": args.workers,
    }


def describe(name: str, result: dict, concurrency: int) -> str:
    return (
        f"  {name}: {loadtest.summary(result, concurrency)}; server "
        f"{result['server_cpu_ms']:.2f} ms CPU a request (workers and PostgreSQL); "
        f"the {os.cpu_count()} cores alone could serve {result['capacity']:,.0f}/s"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=6_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warm-up", type=int, default=300)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn workers (default: scripts/gunicorn.conf.py's)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="drop and rebuild the national database first"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    result = run(args)
    print(
        f"Load benchmark: {args.listings:,} national listings in PostGIS, gunicorn, "
        f"{os.cpu_count()} CPUs"
    )
    print(describe("static file (baseline)", result["baseline"], args.concurrency))
    print(describe("finder API", result["finder"], args.concurrency))
    finder = result["finder"]
    met = finder["throughput"] >= 300 and finder["p95"] <= 100 and not finder["errors"]
    print(f"  target 300 requests/s, p95 <= 100 ms, no errors: {'met' if met else 'not met'}")
    return 0 if not finder["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
