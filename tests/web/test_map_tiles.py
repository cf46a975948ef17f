"""The public map's tiles on both backends: the home page carries none of the listings,
its tiles carry exactly the public ones, the same as the finder's list, and a change
shows at once under a new data version."""

import math
import re

import pytest
from sqlalchemy import func, select, update

from mapapp.db import session_scope
from mapapp.maps.tiles import POINTS_ZOOM
from mapapp.models import Asset, Venue


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    return (
        int((lon + 180) / 360 * n),
        int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n),
    )


def _public_points(app) -> dict[int, tuple[float, float]]:
    with session_scope(app.extensions["mapapp.engine"]) as session:
        rows = session.execute(
            select(Asset.id, func.ST_X(Venue.geom), func.ST_Y(Venue.geom))
            .join(Asset.venue)
            .where(Asset.status == "active", Venue.geom.is_not(None))
        ).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def _tile(client, z, x, y, **args):
    response = client.get(f"/api/map/tiles/{z}/{x}/{y}.json", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_the_home_page_carries_the_map_frame_not_the_listings(app, client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'"(/api/map/tiles/\{tile\}\.json\?v=\d+)"', html).group(1)
    with session_scope(app.extensions["mapapp.engine"]) as session:
        names = session.scalars(select(Asset.name).where(Asset.status == "active")).all()
    assert len(names) > 300 and not [n for n in names if n in html]
    assert len(html.encode()) < 80_000  # 195 KB when it embedded the 400 demo listings
    assert "12-step groups" in html  # the layer list, with its counts, is in the page
    assert url.endswith(f"v={_tile(client, 0, 0, 0).get_json()['version']}")


def test_far_out_the_clusters_count_every_public_listing(app, client):
    points = _public_points(app)
    x, y = _tile_of(-1.6, 53.1, 5)
    assert all(_tile_of(lon, lat, 5) == (x, y) for lon, lat in points.values())
    body = _tile(client, 5, x, y).get_json()
    assert body["points"] == [] and sum(c["count"] for c in body["clusters"]) == len(points)
    for cluster in body["clusters"]:
        assert sum(cluster["counts"].values()) == cluster["count"]


def test_close_in_each_listing_comes_once_in_its_tile_as_the_list_shows_it(app, client):
    points = _public_points(app)
    tiles = {_tile_of(lon, lat, POINTS_ZOOM) for lon, lat in points.values()}
    drawn = {}
    for x, y in tiles:
        for feature in _tile(client, POINTS_ZOOM, x, y).get_json()["points"]:
            assert feature["properties"]["id"] not in drawn
            drawn[feature["properties"]["id"]] = feature
    assert set(drawn) == set(points)
    listed = client.get("/api/assets?near=DE4 3NN&radius_km=5&limit=500").get_json()
    assert len(listed["features"]) > 5
    for feature in (f for f in listed["features"] if f["geometry"]):  # online ones have none
        on_map = drawn[feature["id"]]
        assert on_map["properties"]["name"] == feature["properties"]["name"]
        assert on_map["geometry"]["coordinates"] == pytest.approx(
            feature["geometry"]["coordinates"], abs=1e-5
        )


def test_a_change_shows_at_once_under_a_new_version(app, client):
    points = _public_points(app)
    gone, (lon, lat) = next(iter(points.items()))
    x, y = _tile_of(lon, lat, POINTS_ZOOM)
    before = _tile(client, POINTS_ZOOM, x, y)
    version = before.get_json()["version"]
    assert gone in [f["properties"]["id"] for f in before.get_json()["points"]]
    assert _tile(client, POINTS_ZOOM, x, y, v=version).cache_control.max_age == 86_400
    with session_scope(app.extensions["mapapp.engine"]) as session:
        session.execute(update(Asset).where(Asset.id == gone).values(status="held"))
    after = _tile(client, POINTS_ZOOM, x, y, v=version)
    assert after.get_json()["version"] != version
    assert gone not in [f["properties"]["id"] for f in after.get_json()["points"]]
    assert after.cache_control.max_age == 60  # asked for an old version: not kept long


def test_a_tile_that_does_not_exist_is_a_json_404(client):
    for path in ("19/0/0", "3/8/0", "3/0/8", "2/99999999999999999999/0"):
        response = client.get(f"/api/map/tiles/{path}.json")
        assert response.status_code == 404, path
        assert response.is_json and "zoom runs 0 to 18" in response.get_json()["error"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
