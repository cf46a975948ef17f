"""The listing editor in Chromium: place a point by clicking the map, drag it, save; stored
markup stays inert on the editor, history and moderation pages; an accessibility scan."""
# ruff: noqa: F811 — fixture_db imported from test_api is the tests' argument

import pytest
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.listings import history
from mapapp.models import Asset, Feedback
from tests.browser.conftest import sign_in
from tests.browser.test_finder import AXE, _axe
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
EVIL = '<img src=x onerror=alert(1)>"><script>alert(2)</script>`${alert(3)}`'


@pytest.fixture
def server(fixture_db, engine_for, live_server_for):
    engine = engine_for(fixture_db)
    with session_scope(engine) as session:
        create_user(session, "nav@example.org", "Nadia", "navigator", PASSWORD)
        ids = dict(session.execute(select(Asset.name, Asset.id)).all())
    running = live_server_for(fixture_db)
    running.engine, running.ids = engine, ids
    return running


def _sign_in(page, server, path):
    sign_in(page, server.url, path, "nav@example.org", PASSWORD)


def _location(server, asset_id):
    with session_scope(server.engine) as session:
        return history.snapshot(session.get(Asset, asset_id))["location"]


def test_place_a_point_by_clicking_then_drag_it_and_save(server, page):
    asset_id = server.ids["Online Night Owls"]
    _sign_in(page, server, f"/workspace/listings/{asset_id}")
    assert page.input_value("#lon") == "" and page.locator(".leaflet-marker-icon").count() == 0
    page.locator("#editor-map").scroll_into_view_if_needed()  # the mouse acts in the viewport
    box = page.locator("#editor-map .folium-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    marker = page.locator(".leaflet-marker-icon")
    assert marker.count() == 1 and page.input_value("#precision") == "exact"
    clicked = float(page.input_value("#lon")), float(page.input_value("#lat"))
    assert "exact, placed on the map" in page.inner_text("#point-status")
    # drag the marker 120 px right and 60 px down: east and south of the click
    spot = marker.bounding_box()
    x, y = spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 30, steps=5)
    page.mouse.move(x + 120, y + 60, steps=5)
    page.mouse.up()
    dragged = float(page.input_value("#lon")), float(page.input_value("#lat"))
    assert dragged[0] > clicked[0] and dragged[1] < clicked[1]
    page.click("text=Save the listing")
    page.wait_for_url(f"**/workspace/listings/{asset_id}?saved=1")
    assert _location(server, asset_id) == [dragged[0], dragged[1], "exact"]
    assert page.errors == [] and page.outside_requests == []


def test_add_another_session_row_and_save_it(server, page):
    asset_id = server.ids["Monday AA"]
    _sign_in(page, server, f"/workspace/listings/{asset_id}")
    assert page.locator(".schedule-row").count() == 3  # its own row and two empty ones
    page.click("#add-session")
    assert page.locator(".schedule-row").count() == 4
    assert page.locator("#schedule-3-field legend").inner_text() == "Session 4"
    page.select_option("#schedule-3-frequency", "monthly")
    page.select_option("#schedule-3-weekday", "1")
    page.select_option("#schedule-3-nth", "-1")
    page.fill("#schedule-3-start", "18:00")
    page.click("text=Save the listing")
    page.wait_for_url(f"**/workspace/listings/{asset_id}?saved=1")
    with session_scope(server.engine) as session:
        assert history.snapshot(session.get(Asset, asset_id))["schedules"] == [
            [0, "weekly", None, None, "19:30", "20:30"],
            [1, "monthly", -1, None, "18:00", None],
        ]
    assert page.errors == []


def test_stored_markup_stays_inert_in_the_editor_history_and_moderation(server, page):
    asset_id = server.ids["Monday AA"]
    with session_scope(server.engine) as session:
        asset = session.get(Asset, asset_id)
        before = history.snapshot(asset)
        history.set_field(session, asset, "name", EVIL)
        history.set_field(session, asset, "notes", EVIL)
        history.record_changes(session, asset, before, by=EVIL, via="editor")
        session.add(
            Feedback(
                asset_id=asset_id,
                kind="problem",
                category="other",
                message=EVIL,
                reporter_email="x@example.org",
            )
        )
        session.add(
            Feedback(kind="suggestion", suggested={"name": EVIL, "town": EVIL}, message=EVIL)
        )
        session.flush()
        item_ids = list(session.scalars(select(Feedback.id).order_by(Feedback.id)))
    _sign_in(page, server, f"/workspace/listings/{asset_id}")
    paths = [
        f"/workspace/listings/{asset_id}",
        "/workspace/listings",
        "/workspace/feedback",
        *(f"/workspace/feedback/{i}" for i in item_ids),
        f"/workspace/listings/{asset_id}?feedback={item_ids[0]}",
        f"/workspace/listings/new?feedback={item_ids[1]}",
    ]
    for path in paths:
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("main img[src='x']").count() == 0, path
        assert page.locator("main script").count() == 0, path
        assert "<img src=x onerror=alert(1)>" in page.inner_text("main"), path
    assert page.dialogs == []


def test_no_serious_accessibility_violations_on_the_editor(server, page):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    _sign_in(page, server, f"/workspace/listings/{server.ids['Fortnightly Friday']}")
    assert _axe(page) == []
    page.goto(server.url + "/suggest")
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []
