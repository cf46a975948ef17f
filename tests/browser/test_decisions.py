"""Priorities, a scenario and the best-sites map in Debian's Chromium, on the Derbyshire
demo data: what draws, what a click does, that no gap is green, that the grid fits A4 in
print, and that axe-core finds no serious problems."""

import pytest

from tests.browser.test_finder import AXE, _axe

pytestmark = pytest.mark.browser

A4_LANDSCAPE_PX = 1047  # 297 mm less 2 × 10 mm margins, at 96 px per inch


@pytest.fixture
def server(demo_db, live_server_for):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    return live_server_for(demo_db)


def _green(colour: str) -> bool:
    """rgb(r, g, b) whose green channel leads clearly: what reads as 'fine'."""
    r, g, b = (int(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return g > r + 30 and g > b + 30


def test_priorities_grid_sorts_names_places_and_prints_on_a4(server, page):
    page.goto(server.url + "/gaps/priorities")
    rows = page.locator("#checklist-grid tbody tr")
    assert rows.count() == 10  # Derbyshire's nine districts and the area
    backgrounds = page.eval_on_selector_all(
        "#checklist-grid td[data-status]",
        "cells => cells.map(c => [getComputedStyle(c).backgroundColor, c.className])",
    )
    assert len(backgrounds) == 9 * 7
    assert not [b for b in backgrounds if _green(b[0])]
    assert page.locator("#grid-legend li").count() == 6
    # Time of week by district: a desert (nobody within reach of a session) is dark red.
    deserts = page.locator("#week-by-district td.st-desert")
    assert deserts.count() > 0 and deserts.first.inner_text() == "✕"
    assert deserts.first.evaluate("c => getComputedStyle(c).backgroundColor") == "rgb(127, 0, 0)"
    # Ranked gaps name places, not only LSOA codes ("near Belper (Amber Valley 001D)").
    first = page.locator(".ranked-gaps li").first.inner_text()
    assert "near " in first
    page.get_by_role("link", name="most missing first").click()
    page.wait_for_url("**sort=status**")
    names = page.locator("#checklist-grid tbody tr th").all_inner_texts()
    assert names[-1].startswith("All districts")
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []
    assert page.outside_requests == [] and page.errors == []
    page.set_viewport_size({"width": A4_LANDSCAPE_PX, "height": 740})
    page.emulate_media(media="print")
    width = page.evaluate("document.documentElement.clientWidth")
    for table in ("#checklist-grid", "#week-by-district"):
        right = page.eval_on_selector(table, "t => t.getBoundingClientRect().right")
        assert right <= width, table  # no column cut off
    assert not page.locator(".site-header").is_visible()


def test_a_scenario_by_clicking_the_map(server, page):
    page.goto(server.url + "/gaps/scenario?add=mutual-aid@52.9225,-1.4746;day=tue;start=19:30")
    page.wait_for_selector("path.added-site")
    assert page.locator(".map-title").inner_text().startswith("Scenario")
    assert page.locator("#scenario-change tbody tr").count() >= 1
    page.locator(".folium-map").click(position={"x": 300, "y": 250})
    assert page.input_value("#add_lat") != "" and page.input_value("#add_lon") != ""
    page.select_option("#add-domain", "twelve-step")
    page.get_by_role("button", name="Add to the scenario").click()
    page.wait_for_selector("path.added-site >> nth=1")
    assert "add=twelve-step" in page.url.replace("%40", "@")
    assert page.locator(".scenario-items li").count() == 2
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []
    assert page.outside_requests == [] and page.errors == []


def test_the_best_sites_map(server, page):
    page.goto(server.url + "/gaps/best-sites?domain=mutual-aid&k=5")
    page.wait_for_selector("path.best-site")
    assert page.locator("path.best-site").count() == 5
    assert page.locator(".site-number").all_inner_texts() == ["1", "2", "3", "4", "5"]
    assert page.locator("#best-sites tbody tr").count() == 5
    assert page.locator(".map-title").inner_text().startswith("Best 5 sites for")
    assert page.locator("path.beyond-point").count() > 0
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []
    assert page.outside_requests == [] and page.errors == []
