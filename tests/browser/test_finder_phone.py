"""The finder on a 390 x 844 phone in Chromium: the first result on the first screen, the
Tonight, Tomorrow-morning and Online journeys by their quick choices, popups that lead to
the listing, a keyboard-only way through the map, and axe with the WCAG 2.2 AA rules on
every public page."""

import pytest

from tests.browser.test_finder import AXE, _axe, _frozen
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WCAG_22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def server(fixture_db, live_server_for):  # noqa: F811
    return live_server_for(fixture_db, prepare=_frozen)


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_the_first_result_is_on_the_first_screen(server, phone):
    phone.goto(server.url + "/find?near=S40+1LP")
    first = phone.locator("#results .result").first.bounding_box()
    assert first["y"] >= 0 and first["y"] + first["height"] <= PHONE["height"]
    # The map comes after the list and does not trap the page: the wheel scrolls the page.
    map_box = phone.locator(".folium-map").bounding_box()
    assert map_box["y"] > first["y"]
    assert phone.evaluate(
        "() => Object.keys(window).filter(k => k.startsWith('map_'))"
        ".every(k => !window[k].scrollWheelZoom.enabled())"
    )
    assert phone.errors == [] and phone.outside_requests == []


@pytest.mark.parametrize(
    "choice, nearby, online",
    [
        ("Tonight", ["Monday AA"], ["Online Night Owls"]),  # Monday, 12:00 on the clock
        ("Tomorrow morning", [], []),
        ("Online", [], ["Online Night Owls"]),
    ],
)
def test_quick_choice_journeys(server, phone, choice, nearby, online):
    phone.goto(server.url + "/find?near=S40+1LP")
    phone.locator(".quick a", has_text=choice).first.click()
    phone.wait_for_load_state()
    assert phone.locator(".quick a[aria-current]").inner_text() == choice
    assert phone.locator("#results .result h3").all_inner_texts() == nearby
    assert phone.locator("#online .result h3").all_inner_texts() == online
    assert phone.errors == [] and phone.outside_requests == []


def test_a_popup_leads_to_the_listing_by_keyboard_alone(server, phone):
    phone.goto(server.url + "/find?near=S40+1LP&domain=activities")
    phone.wait_for_selector(".folium-map[data-assets-drawn]")
    for _ in range(150):  # Tab through the page to the map's marker
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.classList.contains('asset-marker')"):
            break
    else:
        pytest.fail("Tab never reached a map marker")
    assert phone.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Walking Group: open details"
    )
    phone.keyboard.press("Enter")
    link = phone.locator(".leaflet-popup-content h3 a")
    assert link.inner_text() == "Walking Group"
    assert phone.locator(".leaflet-popup-content .next").inner_text().startswith("Next: ")
    assert "destination=" in phone.locator(".leaflet-popup-content .directions-link").get_attribute(
        "href"
    )
    for _ in range(60):  # on into the popup, to its link
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.closest('.leaflet-popup-content h3') !== null"):
            break
    else:
        pytest.fail("Tab never reached the popup's link")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/assets/*")
    assert phone.inner_text("h1") == "Walking Group"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/find?near=S40+1LP",
        "/find?near=S40+1LP&when=tonight",
        "/find?near=Chesterfeild",
        "/assets/1",
        "/meeting-types",
        "/suggest",
        "/api",
    ],
)
def test_wcag_22_aa_on_every_public_page_at_phone_size(server, phone, path):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    phone.goto(server.url + path)
    phone.wait_for_load_state("networkidle")
    assert _axe(phone, WCAG_22) == []
