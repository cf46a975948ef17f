#!/usr/bin/env python3
"""Load test: drive the finder API (and optionally pages) on a running server, report
throughput, latency percentiles and errors.

    python scripts/loadtest.py --url http://127.0.0.1:8000 [--requests 6000]
        [--concurrency 16] [--seconds 60] [--pages 0.1]

Each client thread keeps one HTTP/1.1 connection open and asks for
/api/assets?near=<a random area postcode>&radius_km=5 (and, for the --pages share of
requests, the /find results page). The run stops at --requests or --seconds, whichever
comes first. Postcodes come from the reference data (MAPAPP_REFERENCE_DIR). Any status
other than 200, or a failed connection, counts as an error. Exit status 1 when there were
errors. Nothing here times the test suite: this is a script to run by hand or from
scripts/bench.py.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit


def area_postcodes(reference_dir: Path, limit: int = 5_000) -> list[str]:
    path = reference_dir / "postcodes" / "derbyshire_postcodes_codepoint_open_2025_4.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [r["postcode"] for r in csv.DictReader(handle) if r["in_derbyshire_lad"] == "Y"]
    return random.Random(7).sample(rows, min(limit, len(rows)))


class Client(threading.Thread):
    def __init__(self, base: str, postcodes: list[str], pages: float, seed: int, stop):
        super().__init__(daemon=True)
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
        query = urlencode({"near": self.rng.choice(self.postcodes), "radius_km": 5})
        page = self.rng.random() < self.pages
        return ("/find?" if page else "/api/assets?") + query


def run(url: str, requests: int, concurrency: int, seconds: float, pages: float,
        postcodes: list[str]) -> dict:
    lock, issued = threading.Lock(), [0]
    deadline = time.perf_counter() + seconds

    def more() -> bool:  # one shared budget of requests, and a time limit
        with lock:
            if issued[0] >= requests or time.perf_counter() > deadline:
                return False
            issued[0] += 1
            return True

    clients = [Client(url, postcodes, pages, seed, more) for seed in range(concurrency)]
    started = time.perf_counter()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(t for c in clients for t in c.latencies)
    errors = [e for c in clients for e in c.errors]
    return {"requests": len(latencies), "seconds": elapsed,
            "throughput": len(latencies) / elapsed if elapsed else 0.0,
            "p50": _percentile(latencies, 0.50), "p95": _percentile(latencies, 0.95),
            "p99": _percentile(latencies, 0.99),
            "mean": statistics.fmean(latencies) if latencies else 0.0,
            "errors": len(errors), "error_examples": errors[:5]}


def _percentile(ordered: list[float], share: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=6_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pages", type=float, default=0.0,
                        help="share of requests for the /find page instead of the API")
    parser.add_argument("--warm-up", type=int, default=200)
    args = parser.parse_args(argv)
    reference = Path(os.environ.get("MAPAPP_REFERENCE_DIR", "../shared/reference"))
    postcodes = area_postcodes(reference)
    if args.warm_up:
        run(args.url, args.warm_up, args.concurrency, args.seconds, args.pages, postcodes)
    result = run(args.url, args.requests, args.concurrency, args.seconds, args.pages,
                 postcodes)
    print(f"{result['requests']:,} requests in {result['seconds']:.1f} s with "
          f"{args.concurrency} clients: {result['throughput']:,.0f} requests/s; latency "
          f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms; "
          f"errors {result['errors']}")
    for example in result["error_examples"]:
        print("  error:", example)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
