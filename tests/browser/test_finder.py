"""The finder as a person uses it, in Debian's Chromium: search, filter, map and list
agree, open a listing, download its calendar; axe-core finds no serious problems."""

import datetime as dt
from pathlib import Path

import pytest

from mapapp.config import PROJECT_ROOT
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

pytestmark = pytest.mark.browser
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def _frozen(app):
    app.config["CLOCK"] = lambda: NOW


@pytest.fixture
def server(fixture_db, live_server_for):  # noqa: F811
    return live_server_for(fixture_db, prepare=_frozen)


def _search(page, server, text):
    page.goto(server.url + "/")
    page.fill("#near", text)
    page.click("form.search button[type=submit]")
    page.wait_for_selector(".folium-map[data-assets-drawn]")


def test_search_filter_and_the_map_matches_the_list(server, page):
    _search(page, server, "S40 1LP")
    assert page.inner_text("h1") == "Recovery support near S40 1LP"
    names = page.locator("#results .result h3").all_inner_texts()
    assert names[0] == "Monday AA" and len(names) == 5
    assert page.locator("#online .result h3").all_inner_texts() == ["Online Night Owls"]
    with_pins = page.locator(".result .directions").count()
    drawn = int(page.get_attribute(".folium-map", "data-assets-drawn"))
    assert drawn == with_pins == 5  # the online meeting is listed apart and has no pin
    page.click("details.more-filters > summary")
    page.check("input[name=domain][value=activities]")
    page.click("details.more-filters button[type=submit]")
    page.wait_for_selector(".folium-map[data-assets-drawn]")
    assert "domain=activities" in page.url
    assert page.locator("#results .result h3").all_inner_texts() == ["Walking Group"]
    assert page.get_attribute(".folium-map", "data-assets-drawn") == "1"
    assert page.outside_requests == [] and page.errors == []


def test_open_a_listing_and_download_its_calendar(server, page, tmp_path):
    _search(page, server, "Chesterfield")
    page.click(".result h3 a >> text=Last Sunday")
    assert page.inner_text("h1") == "Last Sunday"
    assert "Every last Sunday of the month, 18:30–19:30" in page.inner_text("article")
    with page.expect_download() as download:
        page.click("text=Apple and others (.ics)")
    path = Path(tmp_path) / "listing.ics"
    download.value.save_as(path)
    text = path.read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "RRULE:FREQ=MONTHLY;BYDAY=-1SU" in text


def test_report_a_problem_from_a_listing(server, page):
    _search(page, server, "Chesterfield")
    page.click(".result h3 a >> text=Last Sunday")
    page.click("text=Report a problem with this listing")
    page.click("button[type=submit]")  # nothing chosen: the form explains, next to the field
    assert "Choose what is wrong." in page.inner_text(".error-summary")
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]  # the form came back with status 400, as meant
    page.errors.clear()
    page.check("#category-time_changed")
    page.fill("#message", "Now the first Sunday, 18:00")
    page.click("button[type=submit]")
    assert page.inner_text("h1") == "Thank you"
    assert page.outside_requests == [] and page.errors == []


def _axe(page, tags: list[str] | None = None) -> list[dict]:
    """Serious and critical violations; ``tags`` runs only those rule sets (e.g. WCAG 2.2)."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern (a <script> tag added to the page would be refused, as it should be).
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async (tags) => (await axe.run(document, Object.assign(
        {resultTypes: ['violations']}, tags ? {runOnly: {type: 'tag', values: tags}} : {})))
        .violations.map(v => ({id: v.id, impact: v.impact,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))""",
        tags,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(
    "path", ["/", "/find?near=S40+1LP&radius_km=5", "/assets/1", "/assets/1/report", "/api"]
)
def test_no_serious_accessibility_violations(server, page, path):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []


def test_stored_markup_stays_text_on_the_results_page(
    fixture_db,  # noqa: F811
    engine_for,
    live_server_for,
    page,
):
    from sqlalchemy import select

    from mapapp.db import session_scope
    from mapapp.models import Asset
    from tests.browser.test_home_map import EVIL

    with session_scope(engine_for(fixture_db)) as session:
        asset = session.scalar(select(Asset).where(Asset.name == "Walking Group"))
        asset.name, asset.notes = EVIL, EVIL
    server = live_server_for(fixture_db, prepare=_frozen)
    page.goto(server.url + "/find?near=S40+1LP&domain=activities")
    page.wait_for_selector(".folium-map[data-assets-drawn]")
    assert page.locator(".result h3").all_inner_texts() == [EVIL]
    marker = page.locator(".leaflet-marker-icon.asset-marker")
    marker.hover()
    assert page.locator(".leaflet-tooltip").inner_text().strip() == EVIL
    marker.click(force=True)
    assert page.locator(".leaflet-popup-content h3").inner_text() == EVIL
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.__xss === undefined")
    assert page.dialogs == [] and page.errors == []
