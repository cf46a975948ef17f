import re

from sqlalchemy import func, select

from mapapp.models import Asset, Venue
from mapapp.web.database import get_session


def test_home_shows_the_map_the_domains_and_the_demo_banner(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Demo data:" in html and "400 listings" in html
    assert 'class="folium-map"' in html and "mapapp.addTiledAssetLayer(" in html
    assert "12-step groups" in html and "Specialist treatment" in html
    assert "Contains OS data © Crown copyright and database right 2025" in html
    assert "Royal Mail data" in html


def test_home_counts_every_active_listing_with_a_point_in_its_layer_list(app, client):
    html = client.get("/").get_data(as_text=True)
    with app.app_context():
        located = get_session().scalar(
            select(func.count())
            .select_from(Asset)
            .join(Asset.venue)
            .where(Asset.status == "active", Venue.geom.is_not(None))
        )
    # The markers come tile by tile (tests/web/test_map_tiles.py); the page's layer list
    # counts each located listing once, under its primary domain.
    assert sum(int(n) for n in re.findall(r'"count": (\d+)', html)) == located
    assert located > 300


def test_no_page_loads_anything_from_another_site(client):
    html = client.get("/").get_data(as_text=True)
    # What a page loads by itself: scripts, images, stylesheets. (Links a person may follow,
    # such as the help block's related directories, are <a href>, and load nothing.)
    links = re.findall(r'src="([^"]+)"', html) + re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert links
    external = [u for u in links if re.match(r"^(https?:)?//", u)]
    assert external == []


def test_vendored_assets_are_served(client):
    for path in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet-markercluster/leaflet.markercluster.js",
        "/static/vendor/jquery/jquery.min.js",
        "/static/asset-layer.js",
    ):
        with client.get(path) as response:
            assert response.status_code == 200, path
            assert len(response.data) > 1000
    for path in ("/static/vendor/nope/x.js", "/static/vendor/leaflet/../../../etc/passwd"):
        with client.get(path) as response:
            assert response.status_code == 404


def test_not_found_is_a_page_for_people_and_json_under_api(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "Page not found" in page.get_data(as_text=True)
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.is_json and api.get_json()["status"] == 404


def test_a_broken_database_is_a_page_not_a_traceback(tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(f"sqlite:///{tmp_path / 'empty.sqlite'}")  # no tables
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = app.test_client().get("/")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Traceback" not in html and "Please try again" in html
    app.extensions["mapapp.engine"].dispose()
