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
