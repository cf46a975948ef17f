"""Gap analysis pages in Debian's Chromium: Leaflet loads from the app, the choropleths
draw, choosing a layer redraws, stored names stay text, and axe-core finds no serious
problems."""

import pytest
from sqlalchemy import func, select

from mapapp.analysis.residents import DEPRIVED_DECILES
from mapapp.db import session_scope
from mapapp.models import District, SmallArea
from tests.analysis import fixture
from tests.browser.test_finder import AXE, _axe
from tests.browser.test_home_map import EVIL

pytestmark = pytest.mark.browser


def _open(page, url):
    page.goto(url)
    page.wait_for_selector(".folium-map[data-gaps-drawn]")
    return page.eval_on_selector_all(
        ".folium-map", "maps => maps.map(m => parseInt(m.getAttribute('data-gaps-drawn')))"
    )


@pytest.mark.parametrize("path", ["/gaps", "/gaps/E07000034"])
def test_real_area_pages_draw_both_maps_and_pass_axe(
    demo_db, live_server_for, page, path, engine_for
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm install' (make test does).", pytrace=False)
    server = live_server_for(demo_db)
    drawn = _open(page, server.url + path)
    assert drawn == [9, 651]  # Derbyshire's nine districts; its 651 LSOA centroids
    assert page.evaluate("typeof L === 'object' && L.version") == "1.9.3"
    assert page.locator("path.gap-point").count() == 651
    with session_scope(engine_for(demo_db)) as session:
        deprived = session.scalar(
            select(func.count())
            .select_from(SmallArea)
            .join(District)
            .where(District.in_area, SmallArea.imd_decile.in_(DEPRIVED_DECILES))
        )
    assert deprived > 0
    # A ring for each of the area's most deprived LSOAs, once on each of the two maps.
    assert page.locator("path.deprived-ring").count() == 2 * deprived
    assert page.outside_requests == [] and page.errors == []
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []


@pytest.fixture
def area_db(schema_db, engine_for):
    with session_scope(engine_for(schema_db)) as session:
        fixture.add_to_database(session)
    return schema_db


def test_choosing_a_domain_layer_recolours_the_districts(area_db, live_server_for, page):
    server = live_server_for(area_db)
    assert _open(page, server.url + "/gaps") == [2, 6]
    district_map = page.locator(".folium-map").first
    fills = district_map.locator("path.gap-district")

    def colours():
        return sorted({fills.nth(i).get_attribute("fill") for i in range(fills.count())})

    assert colours() == ["#2171b5", "#c6dbef"]  # 12-step: Brampton 100%, Alderley 50%
    district_map.locator(
        ".leaflet-control-layers-base label", has_text="Fun activities and exercise"
    ).locator("input").check()
    assert colours() == ["#d7301f", "#fc8d59"]  # gaps: Alderley 0%, Brampton 37.5%
    # The map names the layer it shows (a printed map hides the layer list).
    assert district_map.locator(".gap-layer-title").inner_text() == (
        "Share of residents within 1,600 m: Fun activities and exercise"
    )
    assert page.errors == []


def test_stored_names_stay_text_in_map_tooltips(area_db, engine_for, live_server_for, page):
    from mapapp.models import District

    with session_scope(engine_for(area_db)) as session:
        session.get(District, fixture.A).name = EVIL
    server = live_server_for(area_db)
    _open(page, server.url + "/gaps")
    district_map = page.locator(".folium-map").first
    district_map.locator("path.gap-district[fill='#c6dbef']").hover()
    assert page.locator(".leaflet-tooltip").inner_text().strip().startswith(EVIL + ": 50%")
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.__xss === undefined")
    assert page.dialogs == [] and page.errors == []
