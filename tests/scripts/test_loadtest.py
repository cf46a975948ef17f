"""scripts/loadtest.py counts requests, latencies and errors correctly (untimed)."""

import importlib.util
from pathlib import Path

from mapapp.config import PROJECT_ROOT
from tests.browser.conftest import LiveServer
from tests.conftest import REFERENCE_DIR, make_test_app

spec = importlib.util.spec_from_file_location("loadtest", PROJECT_ROOT / "scripts" / "loadtest.py")
loadtest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(loadtest)


def test_a_small_run_against_a_live_server(demo_db):
    postcodes = loadtest.area_postcodes(Path(REFERENCE_DIR), limit=20)
    assert len(postcodes) == 20 and all(" " in p for p in postcodes)
    with LiveServer(make_test_app(demo_db)) as server:
        result = loadtest.run(
            server.url, requests=40, concurrency=4, seconds=60, pages=0.25, postcodes=postcodes
        )
        assert result["requests"] == 40 and result["errors"] == 0
        assert 0 < result["p50"] <= result["p95"] <= result["p99"]
        broken = loadtest.run(
            server.url, requests=8, concurrency=2, seconds=60, pages=0, postcodes=["ZZ99 9ZZ"]
        )  # unknown postcode: a 404 each time
        assert broken["errors"] == 8 and broken["error_examples"][0].startswith("404 ")
        static = loadtest.run(
            server.url,
            requests=10,
            concurrency=2,
            seconds=60,
            pages=0,
            postcodes=[],
            fixed_path="/static/favicon.svg",
        )
        assert static["requests"] == 10 and static["errors"] == 0
        assert static["client_cpu_ms"] > 0 and static["load_after"] >= 0


def test_the_mix_asks_for_listing_pages_of_listings_the_api_gave(demo_db):
    postcodes = loadtest.area_postcodes(Path(REFERENCE_DIR), limit=20)
    with LiveServer(make_test_app(demo_db)) as server:
        ids = loadtest.listing_ids(server.url, postcodes, samples=5)
        assert ids and all(isinstance(i, int) for i in ids)
        client = loadtest.Client(server.url, postcodes, 0.2, 1, lambda: False, listings=(0.1, ids))
        paths = [client._path() for _ in range(2_000)]
        listing_pages = [p for p in paths if p.startswith("/assets/")]
        assert {int(p.rsplit("/", 1)[1]) for p in listing_pages} <= set(ids)
        assert 120 < len(listing_pages) < 280  # about a tenth
        assert 300 < sum(p.startswith("/find?") for p in paths) < 500  # about a fifth
        result = loadtest.run(
            server.url,
            requests=30,
            concurrency=3,
            seconds=60,
            pages=0.2,
            postcodes=postcodes,
            listings=(0.5, ids),
        )
        assert result["requests"] == 30 and result["errors"] == 0
