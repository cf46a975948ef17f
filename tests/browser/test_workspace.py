"""Signing in to the workspace in Chromium, and an accessibility scan of its pages."""

import pytest

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from tests.browser.test_finder import AXE, _axe

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def server(reference_db, engine_for, live_server_for):
    with session_scope(engine_for(reference_db)) as session:
        create_user(session, "nav@example.org", "Nadia", "navigator", PASSWORD)
    return live_server_for(reference_db)


def _sign_in(page, server):
    page.goto(server.url + "/workspace")
    assert page.url.endswith("/sign-in?next=/workspace")
    page.fill("#email", "nav@example.org")
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(server.url + "/workspace")


def test_sign_in_see_the_dashboard_and_sign_out(server, page):
    _sign_in(page, server)
    assert page.locator("h1").inner_text() == "Navigator workspace"
    assert page.locator(".user-name").inner_text() == "Nadia"
    assert page.locator('tfoot tr[data-district="total"] td').first.inner_text() == "0"
    page.click("text=Sign out")
    page.wait_for_url(server.url + "/")
    assert page.locator('.site-nav a:text("Sign in")').count() == 1
    assert page.errors == [] and page.outside_requests == []


@pytest.mark.parametrize("path", ["/sign-in", "/workspace"])
def test_no_serious_accessibility_violations(server, page, path):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    if path == "/workspace":
        _sign_in(page, server)
    else:
        page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []


def test_a_navigator_marks_a_lero_in_the_browser_and_its_public_page_passes_axe(server, page):
    """The organisation editor and the public page it feeds, walked as a navigator would."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    _sign_in(page, server)
    page.click("text=Organisations")
    page.click("text=Add an organisation")
    page.fill("#name", "Peers Together")
    page.check("#lero")
    page.click("form.listing-form button[type=submit]")
    # Refused: a LERO flag needs its evidence; the summary links to the field.
    assert (
        "Say what shows it is lived-experience led" in page.locator(".error-summary").inner_text()
    )
    assert _axe(page) == []
    page.fill("#quality_standards", "Peer-led quality mark")
    page.fill("#charity_number", "1123456")
    page.click("form.listing-form button[type=submit]")
    page.wait_for_selector("p.notice")
    assert _axe(page) == []
    page.click("text=Peers Together")
    page.click("text=Public page")
    assert page.locator(".lero-badge").inner_text() == "Lived-experience led"
    assert _axe(page) == []
    # The one console line: the refused form's 400, as meant.
    assert [e for e in page.errors if "status of 400" not in e] == []
    assert page.outside_requests == []
