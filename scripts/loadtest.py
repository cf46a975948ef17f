#!/usr/bin/env python3
"""Load test: drive the finder API (and optionally pages) on a running server, report
throughput, latency percentiles and errors.

    python scripts/loadtest.py --url http://127.0.0.1:8000 [--requests 6000]
        [--concurrency 16] [--seconds 60] [--pages 0.2] [--listings 0.1]
        [--fixed-path /static/x]

Each client thread keeps one HTTP/1.1 connection open and asks for
/api/assets?near=<a random area postcode>&radius_km=5 (and, for the --pages share of
requests, the /find results page; for the --listings share, one listing's page,
/assets/<id>, for ids the API gave near those postcodes). The run stops at --requests or --seconds, whichever
comes first. Postcodes come from the reference data (MAPAPP_REFERENCE_DIR). Any status
other than 200, or a failed connection, counts as an error. Exit status 1 when there were
errors. --fixed-path asks for one path every time instead (scripts/bench_load.py uses a
static file as the server's own ceiling). The report includes the load generator's own CPU
time per request (it shares the machine with the server) and the load average before and
after. Nothing here times the test suite: this is a script to run by hand or from
scripts/bench.py.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit


def listing_ids(base: str, postcodes: list[str], samples: int = 20) -> list[int]:
    """Ids of public listings, as the API gives them near some of ``postcodes``."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    found: set[int] = set()
    for postcode in random.Random(11).sample(postcodes, min(samples, len(postcodes))):
        conn.request("GET", "/api/assets?" + urlencode({"near": postcode, "radius_km": 5}))
        response = conn.getresponse()
        body = response.read()
        if response.status == 200:
            found.update(f["id"] for f in json.loads(body)["features"])
    conn.close()
    return sorted(found)


def area_postcodes(reference_dir: Path, limit: int = 5_000) -> list[str]:
    path = reference_dir / "postcodes" / "derbyshire_postcodes_codepoint_open_2025_4.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [r["postcode"] for r in csv.DictReader(handle) if r["in_derbyshire_lad"] == "Y"]
    return random.Random(7).sample(rows, min(limit, len(rows)))


class Client(threading.Thread):
    def __init__(
        self,
        base: str,
        postcodes: list[str],
        pages: float,
        seed: int,
        stop,
        fixed_path: str | None = None,
        listings: tuple[float, list[int]] = (0.0, []),
    ):
        super().__init__(daemon=True)
        self.fixed_path = fixed_path
        self.listing_share, self.listing_ids = listings
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.postcodes, self.pages, self.stop = postcodes, pages, stop
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        while self.stop():
            path = self._path()
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(f"{response.status} {path}")
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.latencies.append((time.perf_counter() - started) * 1000)
        conn.close()

    def _path(self) -> str:
        if self.fixed_path:
            return self.fixed_path
        draw = self.rng.random()
        if self.listing_ids and self.pages <= draw < self.pages + self.listing_share:
            return f"/assets/{self.rng.choice(self.listing_ids)}"
        query = urlencode({"near": self.rng.choice(self.postcodes), "radius_km": 5})
        return ("/find?" if draw < self.pages else "/api/assets?") + query


def run(
    url: str,
    requests: int,
    concurrency: int,
    seconds: float,
    pages: float,
    postcodes: list[str],
    fixed_path: str | None = None,
    listings: tuple[float, list[int]] = (0.0, []),
) -> dict:
    lock, issued = threading.Lock(), [0]
    deadline = time.perf_counter() + seconds

    def more() -> bool:  # one shared budget of requests, and a time limit
        with lock:
            if issued[0] >= requests or time.perf_counter() > deadline:
                return False
            issued[0] += 1
            return True

    clients = [
        Client(url, postcodes, pages, seed, more, fixed_path, listings)
        for seed in range(concurrency)
    ]
    load_before, cpu_before = os.getloadavg()[0], _own_cpu()
    started = time.perf_counter()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = time.perf_counter() - started
    own_cpu = _own_cpu() - cpu_before
    latencies = sorted(t for c in clients for t in c.latencies)
    errors = [e for c in clients for e in c.errors]
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50": _percentile(latencies, 0.50),
        "p95": _percentile(latencies, 0.95),
        "p99": _percentile(latencies, 0.99),
        "mean": statistics.fmean(latencies) if latencies else 0.0,
        "errors": len(errors),
        "error_examples": errors[:5],
        "client_cpu_ms": own_cpu * 1000 / len(latencies) if latencies else 0.0,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _percentile(ordered: list[float], share: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(result: dict, concurrency: int) -> str:
    return (
        f"{result['requests']:,} requests in {result['seconds']:.1f} s with "
        f"{concurrency} clients: {result['throughput']:,.0f} requests/s; latency "
        f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 "
        f"{result['p99']:.1f} ms; errors {result['errors']}; load generator "
        f"{result['client_cpu_ms']:.2f} ms CPU a request; load average "
        f"{result['load_before']:.1f} -> {result['load_after']:.1f}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=6_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--pages",
        type=float,
        default=0.0,
        help="share of requests for the /find page instead of the API",
    )
    parser.add_argument(
        "--listings",
        type=float,
        default=0.0,
        help="share of requests for a listing's page (/assets/<id>)",
    )
    parser.add_argument("--warm-up", type=int, default=200)
    parser.add_argument("--fixed-path", help="ask for this path every time (a baseline)")
    args = parser.parse_args(argv)
    reference = Path(os.environ.get("MAPAPP_REFERENCE_DIR", "../shared/reference"))
    postcodes = area_postcodes(reference)
    mix = (args.listings, listing_ids(args.url, postcodes) if args.listings else [])
    if args.warm_up:
        run(
            args.url,
            args.warm_up,
            args.concurrency,
            args.seconds,
            args.pages,
            postcodes,
            args.fixed_path,
            mix,
        )
    result = run(
        args.url,
        args.requests,
        args.concurrency,
        args.seconds,
        args.pages,
        postcodes,
        args.fixed_path,
        mix,
    )
    print(summary(result, args.concurrency))
    for example in result["error_examples"]:
        print("  error:", example)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
