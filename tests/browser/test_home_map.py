"""The home map in a real browser: Leaflet loads from the app, and every listing in view
draws, fetched tile by tile (maps/tiles.py)."""

import pytest
from sqlalchemy import func, select

from mapapp.listings.rules import refresh_attendance, set_location
from mapapp.maps.tiles import tile_bounds
from mapapp.models import Asset, AssetDomain, Schedule, Venue
from mapapp.web.database import get_session

pytestmark = pytest.mark.browser

EVIL = (
    "<img src=x onerror=\"window.__xss='img'\">`${window.__xss='tpl'}`"
    "</script><script>window.__xss='script'</script>\\"
)


def _located_count(app, tile_range: str, domain: str | None = None):
    """Public listings with a point inside the tiles the map says it shows, counted in the
    database (not by the tile code)."""
    z, x0, y0, x1, y1 = map(int, tile_range.split(","))
    west, _, _, north = tile_bounds(z, x0, y0)
    _, south, east, _ = tile_bounds(z, x1, y1)
    query = (
        select(func.count(func.distinct(Asset.id)))
        .select_from(Asset)
        .join(Asset.venue)
        .where(
            Asset.status == "active",
            Venue.geom.is_not(None),
            func.ST_X(Venue.geom) >= west,
            func.ST_X(Venue.geom) < east,
            func.ST_Y(Venue.geom) > south,
            func.ST_Y(Venue.geom) <= north,
        )
    )
    if domain:  # the first domain in the canonical order: every listing that has it
        query = query.join(AssetDomain).where(AssetDomain.domain == domain)
    with app.app_context():
        return get_session().scalar(query)


def _open_home(page, server):
    page.goto(server.url + "/")
    page.wait_for_selector(".folium-map[data-assets-drawn]")


def test_map_renders_offline_with_every_marker(demo_db, live_server_for, page):
    server = live_server_for(demo_db)
    _open_home(page, server)
    assert page.evaluate("typeof L === 'object' && L.version") == "1.9.3"
    drawn = int(page.get_attribute(".folium-map", "data-assets-drawn"))
    tiles = page.get_attribute(".folium-map", "data-tile-range")
    assert drawn == _located_count(server.app, tiles) > 300
    # The page carried none of them: they came as tiles, from the app itself.
    assert page.tile_requests and all(u.startswith(server.url) for u in page.tile_requests)
    # Clusters hold the rest: their counts plus the lone markers account for every listing.
    clustered = page.evaluate("""() => Array.from(document.querySelectorAll('.marker-cluster'))
        .reduce((n, el) => n + parseInt(el.textContent, 10), 0)""")
    lone = page.locator(".leaflet-marker-icon.asset-marker").count()
    assert clustered + lone == drawn
    assert page.locator("path.leaflet-interactive:not(.asset-marker)").count() >= 9  # districts
    assert "Contains OS data" in page.inner_text(".leaflet-control-attribution")
    assert page.outside_requests == []
    assert page.errors == []


def test_turning_a_domain_layer_off_removes_its_markers(demo_db, live_server_for, page):
    server = live_server_for(demo_db)
    _open_home(page, server)
    total = (
        page.evaluate("""() => Array.from(document.querySelectorAll('.marker-cluster'))
        .reduce((n, el) => n + parseInt(el.textContent, 10), 0)""")
        + page.locator(".leaflet-marker-icon.asset-marker").count()
    )
    tiles = page.get_attribute(".folium-map", "data-tile-range")
    shown = _located_count(server.app, tiles, "twelve-step")
    page.hover(".leaflet-control-layers")
    label = page.locator(".leaflet-control-layers-overlays label", has_text="12-step groups")
    everywhere = int(label.inner_text().split("(")[-1].rstrip(")"))
    assert everywhere >= shown  # the layer list counts the whole map, not only the view
    label.locator("input").uncheck()
    after = (
        page.evaluate("""() => Array.from(document.querySelectorAll('.marker-cluster'))
        .reduce((n, el) => n + parseInt(el.textContent, 10), 0)""")
        + page.locator(".leaflet-marker-icon.asset-marker").count()
    )
    assert after == total - shown and shown > 50


def _add_evil_listing(app):
    session = get_session()
    venue = Venue(name=EVIL, postcode="DE1 1AA", address=EVIL, town="Derby")
    set_location(venue, -1.4768, 52.9225, "exact", "test")
    asset = Asset(
        slug="evil",
        name=EVIL,
        kind="meeting",
        venue=venue,
        notes=EVIL,
        domains=[AssetDomain(domain="twelve-step")],
        schedules=[Schedule(weekday=1)],
    )
    refresh_attendance(asset)
    session.add(asset)
    session.commit()


def test_stored_markup_stays_text_in_popups_and_tooltips(schema_db, live_server_for, page):
    server = live_server_for(schema_db, prepare=_add_evil_listing)
    _open_home(page, server)
    marker = page.locator(".leaflet-marker-icon.asset-marker")
    assert marker.count() == 1
    marker.hover()
    tooltip = page.locator(".leaflet-tooltip")
    assert tooltip.inner_text().strip() == EVIL
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("h3").inner_text() == EVIL
    assert EVIL in popup.inner_text()
    assert popup.locator("img").count() == 0 and tooltip.locator("img").count() == 0
    assert page.evaluate("window.__xss === undefined")
    assert page.dialogs == [] and page.errors == []
