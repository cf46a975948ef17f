"""The review queues in Chromium: fixing a location by clicking the map, and accessibility
scans of the queue pages (the duplicate review page included)."""

import pytest
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.listings import history
from mapapp.models import Asset, AssetSource, DuplicateCandidate
from tests.browser.conftest import sign_in
from tests.browser.test_finder import AXE, _axe
from tests.factories import BUXTON, DERBY, SHEFFIELD, listing

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
TARGET = (-1.4760, 52.9230)  # (lon, lat) in Derby city centre, E06000015
XSS = '<img src=x onerror="window.pwned=1">'


@pytest.fixture
def server(reference_db, engine_for, live_server_for):
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        create_user(session, "nav@example.org", "Nadia", "navigator", PASSWORD)
        far = listing(session, f"Sheffield-placed {XSS}", at=SHEFFIELD)
        a = listing(session, f"Hope Group {XSS}", at=DERBY, weekday=1)
        b = listing(session, "Hope AA Group", at=BUXTON, weekday=1)
        a.sources = [AssetSource(source="navigators", source_id="7")]
        b.sources = [AssetSource(source="intergroup", source_id="hope")]
        session.flush()
        candidate = DuplicateCandidate(asset_id=a.id, other_asset_id=b.id, score=93)
        session.add(candidate)
        session.flush()
        ids = {"far": far.id, "candidate": candidate.id}
    server = live_server_for(reference_db)
    server.ids, server.engine = ids, engine
    return server


def _sign_in(page, server, path):
    sign_in(page, server.url, path, "nav@example.org", PASSWORD)


def test_fix_a_location_by_clicking_the_map(server, page):
    far = server.ids["far"]
    _sign_in(page, server, f"/workspace/queues/geocode/{far}")
    map_id = page.locator(".pick-map .folium-map").get_attribute("id")
    # Zoom right in on the target so one pixel is about a metre, then click on it.
    spot = page.evaluate(f"""() => {{
        const map = window["{map_id}"];
        map.setView([{TARGET[1]}, {TARGET[0]}], 18, {{animate: false}});
        return map.latLngToContainerPoint([{TARGET[1]}, {TARGET[0]}]);
    }}""")
    page.locator(f"#{map_id}").click(position={"x": spot["x"], "y": spot["y"]})
    assert "Point chosen" in page.locator("#picked").inner_text()
    clicked = float(page.input_value("#lon")), float(page.input_value("#lat"))
    assert clicked == pytest.approx(TARGET, abs=2e-5)
    page.click("button:has-text('Save this point')")
    page.wait_for_url(server.url + "/workspace/queues/geocode")
    assert "is now placed at" in page.locator(".notice").inner_text()
    assert page.locator(f'tr[data-asset="{far}"]').count() == 0
    with session_scope(server.engine) as session:
        venue = session.get(Asset, far).venue
        assert history.point_of(venue) == pytest.approx(clicked, abs=1e-6)
        assert (venue.precision, venue.district_code, venue.outside_area) == (
            "exact",
            "E06000015",
            False,
        )
    assert page.evaluate("window.pwned") is None
    assert page.errors == [] and page.outside_requests == []


@pytest.mark.parametrize(
    "path",
    [
        "/workspace/queues/duplicates/{candidate}",
        "/workspace/queues/geocode/{far}",
        "/workspace/queues/stale",
        "/workspace/queues/duplicates",
    ],
)
def test_no_serious_accessibility_violations(server, page, path):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    _sign_in(page, server, path.format(**server.ids))
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []
    assert page.evaluate("window.pwned") is None and page.errors == []


def test_merge_from_the_side_by_side_page(server, page):
    _sign_in(page, server, "/workspace/queues/duplicates/{candidate}".format(**server.ids))
    assert page.locator('tr[data-field="name"].differs').count() == 1
    page.check("#take-name")
    page.click("button:has-text('Merge, keeping B')")
    page.wait_for_url(server.url + "/workspace/queues/duplicates")
    assert "Merged:" in page.locator(".notice").inner_text()
    with session_scope(server.engine) as session:
        kept = session.scalars(
            select(Asset).where(Asset.name.like("Hope Group%"), Asset.status == "active")
        ).one()
        assert sorted(s.source for s in kept.sources) == ["intergroup", "navigators"]
