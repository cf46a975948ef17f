#!/usr/bin/env python3
"""Load benchmark, one command: national listings in PostGIS, gunicorn, the load test.

    python scripts/bench_load.py [--listings 100000] [--requests 6000] [--concurrency 8]
                                 [--workers N] [--replica-url URL] [--rebuild]

1. The database MAPAPP_BENCH_POSTGRES_URL's server, database mapapp_bench_national: made,
   migrated and given the reference data if missing, then the national dataset
   (scripts/make_national_dataset.py, seed 2026) loaded through the ingest pipeline. The
   load is idempotent, so a second run reuses the database (--rebuild starts afresh).
2. gunicorn with scripts/gunicorn.conf.py on a free port of 127.0.0.1.
3. scripts/loadtest.py: the baseline first, a static file (the server and the load
   generator alone: the ceiling of this machine right now), then the finder API
   /api/assets?near=<random Derbyshire postcode>&radius_km=5, then the mix (70% finder
   API, 20% /find pages, 10% listing pages), each after a warm-up.
   If the replica (--replica-url, made by scripts/start_replica.sh) answers and has caught
   up, gunicorn starts again with MAPAPP_DATABASE_READ_URL pointing at it and the mix runs
   once more, the GET requests reading there.
4. CPU time a request costs, measured from /proc: the gunicorn workers, the PostgreSQL
   backends serving them (the replica's too), and the load generator. On a shared machine throughput follows
   whatever else runs; CPU per request does not, and says what the cores could serve.
gunicorn is stopped at the end, also on failure.
"""

from __future__ import annotations

import argparse
import importlib.util
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


def start_gunicorn(
    url: str, workers: int | None, read_url: str | None = None
) -> tuple[subprocess.Popen, str]:
    if importlib.util.find_spec("gunicorn") is None:
        raise SystemExit(
            "gunicorn is not installed in this Python: pip install -e '.[production]' "
            "(then run this again)"
        )
    port = _free_port()
    env = {
        **os.environ,
        "MAPAPP_DATABASE_URL": url,
        "MAPAPP_BIND": f"127.0.0.1:{port}",
        "MAPAPP_SECRET_KEY": secrets.token_hex(16),
    }
    if workers:
        env["MAPAPP_WORKERS"] = str(workers)
    if read_url:
        env["MAPAPP_DATABASE_READ_URL"] = read_url
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


def server_cpu(master: int, urls: list[str]) -> dict[int, float]:
    """CPU seconds so far of each gunicorn worker and each PostgreSQL backend of the
    benchmark database, on the primary and on the replica when one takes the reads (both
    run on this machine: their pids are local)."""
    backends = []
    for url in urls:
        engine = create_engine(url)
        with engine.connect() as conn:
            backends += conn.scalars(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
            )
        engine.dispose()
    return {pid: _cpu_seconds(pid) for pid in [master, *_children(master), *backends]}


def _postcodes() -> list[str]:
    reference = os.environ.get(
        "MAPAPP_REFERENCE_DIR", str(HERE.parent.parent / "shared" / "reference")
    )
    return loadtest.area_postcodes(Path(reference))


def measure(base: str, urls: list[str], master: int, args, **load) -> dict:
    """One load run after a warm-up; ``load``: loadtest.run's fixed_path, pages, listings."""
    postcodes = _postcodes()
    pages = load.pop("pages", 0.0)
    loadtest.run(base, args.warm_up, args.concurrency, args.seconds, pages, postcodes, **load)
    before = server_cpu(master, urls)
    result = loadtest.run(
        base, args.requests, args.concurrency, args.seconds, pages, postcodes, **load
    )
    after = server_cpu(master, urls)
    spent = sum(after.get(pid, 0.0) - before.get(pid, 0.0) for pid in after)
    result["server_cpu_ms"] = spent * 1000 / max(result["requests"], 1)
    per_request = result["server_cpu_ms"] + result["client_cpu_ms"]
    result["capacity"] = (os.cpu_count() or 1) * 1000 / per_request if per_request else 0.0
    return result


DEFAULT_REPLICA = os.environ.get(
    "MAPAPP_BENCH_REPLICA_URL", "postgresql+psycopg://postgres@127.0.0.1:5433/postgres"
)
# The realistic mix of issue 17: 70% finder API, 20% /find pages, 10% listing pages.
PAGES, LISTINGS = 0.2, 0.1
# Goals: requests/s at least, p95 at most (ms), no errors.
GOALS = {
    "finder API": (1_000, 50.0),
    "mix": (400, 100.0),
    "mix, reads on the replica": (400, 100.0),
}


def replica_ready(replica_url: str, primary_url: str) -> str | None:
    """None when the replica answers and has replayed everything the primary has written
    (the national load included); else why not."""
    try:
        primary = create_engine(primary_url)
        with primary.connect() as conn:
            target = conn.scalar(text("SELECT pg_current_wal_lsn()"))
        primary.dispose()
        replica = create_engine(replica_url)
        deadline = time.monotonic() + 120
        with replica.connect() as conn:
            while not conn.scalar(
                text("SELECT pg_last_wal_replay_lsn() >= CAST(:t AS pg_lsn)"), {"t": target}
            ):
                if time.monotonic() > deadline:
                    return "it has not caught up with the primary within two minutes"
                time.sleep(0.5)
        replica.dispose()
    except Exception as exc:  # noqa: BLE001 -- any failure means: no replica run
        return f"it cannot be reached ({str(exc).splitlines()[0]})"
    return None


def _serve(url: str, args, read_url: str | None, runs) -> dict:
    server, base = start_gunicorn(url, args.workers, read_url)
    urls = [url, read_url] if read_url else [url]
    try:
        return {name: run(base, urls, server.pid) for name, run in runs}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def run(args) -> dict:
    from mapapp.config import build_config

    url = build_database(args.listings, args.rebuild, build_config())
    ids: list[int] = []

    def mix(base, urls, pid):
        if not ids:
            ids.extend(loadtest.listing_ids(base, _postcodes()))
        return measure(base, urls, pid, args, pages=PAGES, listings=(LISTINGS, ids))

    results = _serve(
        url,
        args,
        None,
        [
            ("static file (baseline)", lambda b, u, p: measure(b, u, p, args, fixed_path=STATIC)),
            ("finder API", lambda b, u, p: measure(b, u, p, args)),
            ("mix", mix),
        ],
    )
    replica_url = args.replica_url.rsplit("/", 1)[0] + f"/{DATABASE}"
    why_not = replica_ready(replica_url, url)
    if why_not is None:
        results.update(_serve(url, args, replica_url, [("mix, reads on the replica", mix)]))
    return {"listings": args.listings, "results": results, "replica": why_not}


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
        "--replica-url",
        default=DEFAULT_REPLICA,
        help="a streaming replica of the benchmark's server (scripts/start_replica.sh makes "
        "one); the mix runs again with it taking the reads",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="drop and rebuild the national database first"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    outcome = run(args)
    print(
        f"Load benchmark: {args.listings:,} national listings in PostGIS, gunicorn, "
        f"{os.cpu_count()} CPUs"
    )
    results = outcome["results"]
    for name, result in results.items():
        print(describe(name, result, args.concurrency))
    if outcome["replica"]:
        print(f"  no replica run: {outcome['replica']} (scripts/start_replica.sh makes one)")
    for name, (rate, p95) in GOALS.items():
        if name in results:
            got = results[name]
            met = got["throughput"] >= rate and got["p95"] <= p95 and not got["errors"]
            print(
                f"  goal, {name}: >= {rate:,} requests/s with p95 <= {p95:.0f} ms and no "
                f"errors: {'met' if met else 'not met'}"
            )
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
