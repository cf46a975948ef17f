"""The no-store "also" and hole 9, walking the URL map so that routes added later are
covered: every page and download a signed-in person gets carries
`Cache-Control: no-store` (reporter emails, private contacts, the user list), and every
id in a URL that is out of range is a 404, never a 500. Both backends."""

import re

import pytest
from flask import url_for

from tests.conftest import make_test_app
from tests.web.hostile import BIG_ID, add_user, sign_in


@pytest.fixture
def site(demo_db, engine_for):
    engine = engine_for(demo_db)
    add_user(engine, "admin")
    app = make_test_app(demo_db)
    yield app
    app.extensions["mapapp.engine"].dispose()


def _id_like(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def _rules(app, method: str):
    return [
        r
        for r in app.url_map.iter_rules()
        if method in r.methods
        and r.endpoint not in ("static",)
        and not r.endpoint.startswith("vendor.")
    ]


def _signed_in_pages(app, listing: int) -> list[str]:
    """Every GET path a signed-in administrator can open, ids filled with a real listing."""
    paths = []
    with app.test_request_context():
        for rule in _rules(app, "GET"):
            values = {}
            for name in rule.arguments:
                if _id_like(name):
                    values[name] = listing
                elif name == "fmt":
                    values[name] = "csv"
                elif name == "code":
                    values[name] = "E07000034"
                else:
                    break
            else:
                paths.append(url_for(rule.endpoint, **values))
    return paths


def test_every_page_and_download_for_a_signed_in_person_is_no_store(site):
    client = site.test_client()
    sign_in(client, "admin@example.org")
    listing = client.get("/api/assets?limit=1").get_json()["features"][0]["id"]
    paths = _signed_in_pages(site, listing)
    assert {
        "/workspace",
        "/workspace/users",
        "/workspace/exports/csv",
        "/workspace/feedback",
        "/",
    } <= set(paths)
    missing = []
    for path in paths:
        answer = client.get(path)
        if "no-store" not in answer.headers.get("Cache-Control", ""):
            missing.append((path, answer.status_code, answer.headers.get("Cache-Control")))
    assert missing == []


def test_a_sign_out_response_is_no_store_and_public_pages_stay_cacheable(site):
    anonymous = site.test_client()
    assert "no-store" not in anonymous.get("/").headers.get("Cache-Control", "")
    assert "no-store" in anonymous.get("/sign-in").headers.get("Cache-Control", "")


def _big_id_paths(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        if not all(_id_like(name) for name in rule.arguments):
            continue
        path = re.sub(r"<[^>]+>", BIG_ID, rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


def test_every_id_in_a_url_out_of_range_is_a_404(site):
    """Hole 9: /workspace/listings/99999999999999999999 and every other id route."""
    site.config["WTF_CSRF_ENABLED"] = False  # the POST routes too, past their form check
    client = site.test_client()
    sign_in(client, "admin@example.org")
    routes = _big_id_paths(site)
    assert len(routes) >= 20
    for expected in (
        ("GET", f"/workspace/listings/{BIG_ID}"),
        ("GET", f"/workspace/queues/geocode/{BIG_ID}"),
        ("GET", f"/workspace/queues/duplicates/{BIG_ID}"),
        ("GET", f"/workspace/feedback/{BIG_ID}"),
    ):
        assert expected in routes
    wrong = []
    for method, path in routes:
        answer = client.open(path, method=method)
        if answer.status_code != 404:
            wrong.append((method, path, answer.status_code))
    assert wrong == []
