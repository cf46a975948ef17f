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
