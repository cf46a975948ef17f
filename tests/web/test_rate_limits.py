"""Holes 7 and 8: the public forms' limit holds under a burst (counting and recording are
one atomic step on both backends), and uncached gap analyses have a per-client budget.
Both backends."""

import threading

import pytest
from sqlalchemy import text

from tests.conftest import make_test_app

BURST = 40


@pytest.fixture
def public_forms(demo_db, engine_for):
    app = make_test_app(demo_db, WTF_CSRF_ENABLED=False)
    yield app, engine_for(demo_db)
    app.extensions["mapapp.engine"].dispose()


def _burst(app, path: str, data: dict, count: int = BURST) -> list[int]:
    """``count`` posts from one address, released together."""
    start, statuses = threading.Barrier(count), []
    lock = threading.Lock()

    def post():
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
        start.wait()
        status = client.post(path, data=data).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=post) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _kept(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT count(*) FROM feedback"))


def test_a_burst_of_suggestions_is_held_to_the_limit(public_forms):
    app, engine = public_forms
    statuses = _burst(app, "/suggest", {"name": "Burst", "kind": "activity", "town": "Matlock"})
    limit = app.config["FEEDBACK_PER_HOUR"]
    assert sorted(set(statuses)) == [200, 429], statuses
    assert statuses.count(200) == limit and _kept(engine) == limit


def test_a_burst_of_problem_reports_is_held_to_the_limit(public_forms):
    app, engine = public_forms
    listing = app.test_client().get("/api/assets?limit=1").get_json()["features"][0]["id"]
    statuses = _burst(app, f"/assets/{listing}/report", {"category": "closed"})
    limit = app.config["FEEDBACK_PER_HOUR"]
    assert statuses.count(200) == limit and _kept(engine) == limit
    assert set(statuses) <= {200, 429}


def test_another_address_is_not_held_back_by_the_burst(public_forms):
    app, engine = public_forms
    _burst(app, "/suggest", {"name": "Burst", "kind": "activity", "town": "Matlock"}, 10)
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.8"
    assert (
        other.post(
            "/suggest", data={"name": "Mine", "kind": "activity", "town": "Buxton"}
        ).status_code
        == 200
    )


# --- the gap analysis budget ---------------------------------------------------------------


@pytest.fixture
def gaps(demo_db):
    app = make_test_app(demo_db, GAP_ANALYSES_PER_CLIENT=2)
    yield app
    app.extensions["mapapp.engine"].dispose()


def _at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_uncached_gap_analyses_have_a_per_client_budget(gaps):
    client = _at(gaps, "203.0.113.30")
    assert client.get("/api/gaps?threshold_m=1200").status_code == 200
    assert client.get("/api/gaps?threshold_m=1300").status_code == 200
    refused = client.get("/api/gaps?threshold_m=1400")
    assert refused.status_code == 429 and refused.is_json
    body = refused.get_json()
    assert body["status"] == 429 and "gap analys" in body["error"]
    assert "Retry-After" in refused.headers
    # A result already computed costs nothing: it is still served.
    assert client.get("/api/gaps?threshold_m=1200").status_code == 200
    # The page and its downloads draw on the same budget.
    assert client.get("/gaps?threshold_m=1500").status_code == 429
    assert client.get("/api/gaps.csv?threshold_m=1600").status_code == 429
    # Another client has its own.
    assert _at(gaps, "198.51.100.31").get("/api/gaps?threshold_m=1400").status_code == 200
