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
    # Every one of the area's most deprived LSOAs is ringed on both maps, neighbours merged
    # into one bigger ring at the county view (Derby's were an unreadable mass)...
    shown = page.eval_on_selector_all(
        ".folium-map",
        "maps => maps.map(m => [+m.dataset.deprivedShown, +m.dataset.deprivedRings])",
    )
    assert [s for s, _ in shown] == [deprived, deprived]
    if path == "/gaps":  # the area view: every district named, all of the area in sight
        rings = shown[0][1]
        assert 0 < rings < deprived and page.locator("path.deprived-ring").count() == 2 * rings
        # ...and more of them, drawn apart, once zoomed in.
        page.locator(".leaflet-control-zoom-in").first.click()
        page.wait_for_function(
            f"() => +document.querySelector('.folium-map').dataset.deprivedRings > {rings}"
        )
        assert page.locator(".folium-map").nth(1).locator(".district-label").count() == 9
        assert _area_in_view(page, engine_for(demo_db))
    assert page.outside_requests == [] and page.errors == []
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []


def _area_in_view(page, engine) -> bool:
    """The second map's view (still the first view) holds every in-area district."""
    from geoalchemy2.shape import to_shape

    with session_scope(engine) as session:
        shapes = [
            to_shape(d.geom) for d in session.scalars(select(District).where(District.in_area))
        ]
    west = min(s.bounds[0] for s in shapes)
    south = min(s.bounds[1] for s in shapes)
    east = max(s.bounds[2] for s in shapes)
    north = max(s.bounds[3] for s in shapes)
    view = page.evaluate(
        "() => Object.keys(window).filter(k => k.startsWith('map_'))"
        ".map(k => window[k].getBounds().toBBoxString())"
    )[1]
    w, s, e, n = (float(v) for v in view.split(","))
    return w <= west and s <= south and e >= east and n >= north


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
    hovered = page.locator(".leaflet-tooltip:not(.district-label)")
    assert hovered.inner_text().strip().startswith(EVIL + ": 50%")
    labels = district_map.locator(".district-label").all_inner_texts()
    assert sorted(label.strip() for label in labels) == sorted([EVIL, "Brampton"])
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.__xss === undefined")
    assert page.dialogs == [] and page.errors == []
