#!/usr/bin/env python3
"""Pages on a phone: this app's /find against the TSML UI finder (the peer people know,
reading this app's own Meeting Guide feed), for the same listings.

    python scripts/bench_pages.py [--sizes 400 5000 20000] [--runs 3]

For each data set (the demo generator's fictional listings at real places in the area: 400,
5,000 and 20,000 of them) the app is served by a threaded WSGI server with compression on,
and TSML UI's prebuilt bundle (../shared/peers/tsml-ui, MAPAPP_TSML_UI_DIR) by a small static
server that sends it brotli-compressed. Headless Chromium at 390 x 844 (a phone) opens each
page, alternating /find and TSML UI in one run, with no throttling and with a slow-4G profile
(Lighthouse's: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up), and measures:

- time to the first visible result (ms since navigation start: /find's first result, TSML
  UI's first meeting row), and where it lies on the page (y, px: the first screen is 844);
- bytes transferred (encoded body and headers of every response, from the DevTools protocol).

The figures are medians of the runs; the ratios compare /find with TSML UI in the same run.
Nothing leaves the machine (map tiles are off; a decorative image TSML UI asks for fails).
"""

from __future__ import annotations

import argparse
import http.server
import os
import re
import resource
import statistics
import sys
import tempfile
import threading
from pathlib import Path

import brotli
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
PHONE = {"width": 390, "height": 844}
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NEAR = "DE4 3NN"  # Matlock: the person in issue 16


def build_database(folder: Path, count: int) -> str:
    from mapapp.config import build_config
    from mapapp.db import make_engine, session_scope, upgrade
    from mapapp.ops.demo import load_demo
    from mapapp.reference import load_reference

    url = f"sqlite:///{folder / f'listings-{count}.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    load_reference(engine, build_config())
    with session_scope(engine) as session:
        load_demo(session, count=count, seed=2026)
    engine.dispose()
    return url


class Served:
    """A WSGI app or a handler class on 127.0.0.1, in a thread."""

    def __init__(self, server):
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.thread.join(timeout=10)


def serve_app(url: str) -> Served:
    import logging

    from mapapp import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    app = create_app({"DATABASE_URL": url, "TESTING": False})
    return Served(make_server("127.0.0.1", 0, app, threaded=True))


def tsml_page(feed_url: str) -> Served:
    bundle = Path(
        os.environ.get("MAPAPP_TSML_UI_DIR", ROOT.parent / "shared" / "peers" / "tsml-ui")
    )
    app_js = brotli.compress((bundle / "app.js").read_bytes(), quality=11)
    docs = (ROOT / "docs" / "api.md").read_text()
    snippet = re.search(r"<script>\nvar tsml_react_config = .*?</script>", docs, re.S).group(0)
    page = brotli.compress(
        (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>Meetings</title></head><body>'
            f'{snippet}<div id="tsml-ui" data-src="{feed_url}" data-timezone="Europe/London">'
            '</div><script src="/app.js" async></script></body></html>'
        ).encode()
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — the http.server interface
            body, kind = (
                (app_js, "text/javascript")
                if self.path.startswith("/app.js")
                else (page, "text/html")
            )
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Encoding", "br")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Served(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler))


def measure(browser, url: str, selector: str, throttle: bool) -> dict:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    transferred = []
    cdp.on("Network.loadingFinished", lambda event: transferred.append(event["encodedDataLength"]))
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
        ),
    )
    page.goto(url, wait_until="commit")
    page.wait_for_selector(selector, state="visible", timeout=180_000)
    # The next frame's time: a frame is not painted while render-blocking stylesheets are
    # still on their way, so this is when the result can first be seen, laid out for real.
    first_ms = page.evaluate(
        "new Promise(done => requestAnimationFrame(() => done(performance.now())))"
    )
    box = page.locator(selector).first.bounding_box()
    page.wait_for_load_state("networkidle")
    if os.environ.get("BENCH_PAGES_SHOTS"):
        page.screenshot(
            path=f"{os.environ['BENCH_PAGES_SHOTS']}/{len(transferred)}-{int(first_ms)}.png"
        )
    figures = {
        "first_ms": first_ms,
        "first_y": box["y"] if box else None,
        "bytes": sum(transferred),
    }
    context.close()
    return figures


def run(sizes: list[int], runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM)
        for size in sizes:
            app = serve_app(build_database(Path(work), size))
            tsml = tsml_page(app.url + "/feeds/meeting-guide.json")
            find_url = f"{app.url}/find?near={NEAR.replace(' ', '+')}"
            for throttle in (False, True):
                samples = {"find": [], "tsml": []}
                for _ in range(runs):  # alternating, so drift on a shared machine hits both
                    samples["find"].append(measure(browser, find_url, "#results .result", throttle))
                    samples["tsml"].append(
                        measure(browser, tsml.url + "/", "#tsml-ui table tbody tr", throttle)
                    )
                row = {"listings": size, "network": "slow 4G" if throttle else "unthrottled"}
                for name, values in samples.items():
                    for key in ("first_ms", "first_y", "bytes"):
                        row[f"{name}_{key}"] = statistics.median(
                            v[key] for v in values if v[key] is not None
                        )
                rows.append(row)
                print(line(row), flush=True)
            tsml.close()
            app.close()
        browser.close()
    return rows


def line(row: dict) -> str:
    return (
        f"{row['listings']:>6,} {row['network']:<11} | /find first result {row['find_first_ms']:7,.0f} ms "
        f"at y={row['find_first_y']:5.0f}, {row['find_bytes'] / 1024:7,.0f} KB | TSML UI "
        f"{row['tsml_first_ms']:7,.0f} ms at y={row['tsml_first_y']:5.0f}, "
        f"{row['tsml_bytes'] / 1024:7,.0f} KB | time x{row['find_first_ms'] / row['tsml_first_ms']:.2f}, "
        f"bytes x{row['find_bytes'] / row['tsml_bytes']:.2f}"
    )


def table(rows: list[dict]) -> str:
    out = [
        "| listings | network | /find: first result | /find: y | /find: KB | TSML UI: first row | TSML UI: y | TSML UI: KB | time ratio | bytes ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['listings']:,} | {r['network']} | {r['find_first_ms']:,.0f} ms | {r['find_first_y']:.0f} | "
            f"{r['find_bytes'] / 1024:,.0f} | {r['tsml_first_ms']:,.0f} ms | {r['tsml_first_y']:.0f} | "
            f"{r['tsml_bytes'] / 1024:,.0f} | {r['find_first_ms'] / r['tsml_first_ms']:.2f} | "
            f"{r['find_bytes'] / r['tsml_bytes']:.2f} |"
        )
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not os.environ.get("MAPAPP_REFERENCE_DIR"):
        raise SystemExit("Set MAPAPP_REFERENCE_DIR to the reference data folder.")
    print(f"Pages on a phone (390 x 844), medians of {args.runs} alternating runs")
    rows = run(args.sizes, args.runs)
    print()
    print(table(rows))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak memory of this process (app server included): {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
