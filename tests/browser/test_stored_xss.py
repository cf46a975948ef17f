"""Stored markup stays inert in Chromium on every page that shows it: listing fields and a
public report's text, map popups and tooltips included, signed out and signed in.

The pages are found by walking the URL map (tests/test_security_sweep.walk), so pages
added later are visited too. On each HTML page every map marker is hovered and clicked
(tooltips and popups are built when opened), then: no dialog fired, no element carries
an event-handler attribute, no link or form points at javascript:, no script element
holds the stored script, and the browser logged no error (a CSP refusal would be one).
"""

import pytest

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import Postcode
from tests.browser.conftest import sign_in
from tests.web.test_security_sweep import add_xss_listing, walk

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"

INJECTED = """() => {
    const found = [];
    for (const node of document.querySelectorAll('*')) {
        for (const attribute of node.attributes) {
            if (attribute.name.startsWith('on')) found.push(node.tagName + ' ' + attribute.name);
            if (['href', 'src', 'action', 'formaction'].includes(attribute.name)
                    && /^\\s*javascript:/i.test(attribute.value)) {
                found.push(node.tagName + ' ' + attribute.name + '=' + attribute.value);
            }
        }
    }
    for (const script of document.scripts) {
        if (script.textContent.trim() === "alert('xss')") found.push('script element');
    }
    if (document.querySelector('img[src="x"]')) found.push('img src=x');
    return found;
}"""


@pytest.fixture
def planted(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        asset_id = add_xss_listing(session).id
        district = session.get(Postcode, "S401LP").district_code
        # An administrator whose own name is markup: it is in every signed-in header.
        create_user(
            session,
            "admin@example.org",
            '<b>Admin</b> "><img src=x onerror=alert(3)>',
            "admin",
            PASSWORD,
        )
        create_user(session, "nav@example.org", "Nadia", "navigator", PASSWORD)
    return reference_db, asset_id, district


def _html_paths(app, paths):
    client = app.test_client()
    kept = []
    for path in paths:
        with client.get(path) as response:
            if response.mimetype == "text/html":
                kept.append(path)
    return kept


def _check(page, server, path):
    page.goto(server.url + path)
    page.wait_for_load_state("load")
    if page.locator(".folium-map").count():
        page.wait_for_selector(
            ".folium-map[data-assets-drawn], .folium-map .leaflet-pane", state="attached"
        )
    markers = page.locator(".leaflet-marker-icon.asset-marker")
    for index in range(markers.count()):
        markers.nth(index).hover(force=True)
        markers.nth(index).click(force=True)
    assert page.evaluate(INJECTED) == [], path
    assert page.dialogs == [] and page.errors == [], path


def _sign_in(page, server, email):
    sign_in(page, server.url, "/sign-in", email, PASSWORD, lands_on="/workspace")


def test_stored_markup_is_inert_on_every_page(planted, live_server_for, page):
    url, asset_id, district = planted
    server = live_server_for(url)
    public = _html_paths(server.app, walk(server.app, asset_id, district))
    assert {
        "/",
        f"/assets/{asset_id}",
        f"/assets/{asset_id}/report",
        "/gaps",
        f"/gaps/{district}",
    } <= set(public) and any(p.startswith("/find?") for p in public)
    for path in public:
        _check(page, server, path)
    # The listing's page and the results really did show it, popup included.
    page.goto(server.url + "/find?near=S40+1LP&radius_km=5")
    page.wait_for_selector(".folium-map[data-assets-drawn]")
    page.locator(".leaflet-marker-icon.asset-marker").first.click(force=True)
    assert "<script>alert('xss')</script>" in page.locator(".leaflet-popup-content").inner_text()

    for email in ("nav@example.org", "admin@example.org"):
        _sign_in(page, server, email)
        role = "admin" if email.startswith("admin") else "navigator"
        protected = [
            path
            for path, roles in walk(server.app, asset_id, district, "GET", protected=True)
            if role in roles
        ]
        assert "/workspace" in protected
        for path in _html_paths_signed_in(page, server, protected):
            _check(page, server, path)
        page.click("text=Sign out")
        page.wait_for_url(server.url + "/")
    assert page.outside_requests == []


def _html_paths_signed_in(page, server, paths):
    """The paths that answer this signed-in browser with an HTML page."""
    kept = []
    for path in paths:
        kind = page.evaluate(
            """async (path) => {
            const response = await fetch(path, {credentials: 'same-origin'});
            return response.headers.get('content-type') || '';
        }""",
            path,
        )
        if kind.startswith("text/html"):
            kept.append(path)
    return kept
