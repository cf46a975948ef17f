"""The open JSON API: GeoJSON listings near a place, filtered. GET only, CORS *, no key.

Errors are JSON: 404 names the unknown postcode or place, 400 names the parameter and its
allowed values (see errors.py); never a 500 page.
"""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, current_app, jsonify, request

from ..errors import NotFound
from ..finder.search import parse_filters, search
from ..listings.loading import load_listing
from ..listings.points import current as listing_points
from ..listings.points import tile_listings
from ..listings.present import asset_properties
from ..listings.rules import venue_lonlat
from ..listings.schedules import next_of
from ..listings.views import remembered
from ..maps.overview import tile_body
from ..maps.tiles import MAX_ZOOM, valid_tile
from ..models import Asset
from ..params import MAP_TILE
from .clock import now
from .database import get_session
from .urls import asset_url

bp = Blueprint("api", __name__, url_prefix="/api")


def feature(asset: Asset, moment, distance_m=None, session=None) -> dict:
    return {
        "type": "Feature",
        "id": asset.id,
        "geometry": remembered(asset, "_geometry", _geometry),
        "properties": asset_properties(asset, moment, distance_m, session, listing_url=asset_url),
    }


def _geometry(asset: Asset) -> dict | None:
    lonlat = venue_lonlat(asset.venue)
    return (
        None
        if lonlat is None
        else {"type": "Point", "coordinates": [round(lonlat[0], 6), round(lonlat[1], 6)]}
    )


@bp.get("/assets")
def assets():
    moment = now()
    filters = parse_filters(request.args, moment)
    found = search(get_session(), filters, moment)
    body = {
        "type": "FeatureCollection",
        "features": [feature(r.asset, moment, r.distance_m, r.session) for r in found.results],
        # total is null when the page stops before the last listing; then more is true
        # (see finder/search.py, _nearest_page, for why it is not counted).
        "total": found.total,
        "more": found.more,
        "limit": filters.limit,
        "offset": filters.offset,
    }
    if found.origin:
        body["near"] = {
            "label": found.origin.label,
            "kind": found.origin.kind,
            "lat": found.origin.lat,
            "lon": found.origin.lon,
            "radius_km": filters.radius_km,
        }
    return _json(body)


# orjson writes a page of 50 to 500 features several times faster than the standard
# library (the same JSON: keys sorted as Flask sorts them; anything orjson does not know,
# dates included, goes through Flask's own conversion).
_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def _json(body: dict) -> Response:
    return current_app.response_class(
        orjson.dumps(body, default=current_app.json.default, option=_ORJSON_OPTIONS),
        mimetype="application/json",
    )


@bp.get("/assets/<id:asset_id>")
def asset(asset_id: int):
    found = load_listing(get_session(), asset_id, active_only=True)
    if found is None:
        raise NotFound(f"No listing with id {asset_id}.", parameter="id", value=str(asset_id))
    moment = now()
    return jsonify(feature(found, moment, session=next_of(found.schedules, moment)))


@bp.get("/map/tiles/<id:z>/<id:x>/<id:y>.json")
def map_tile(z: int, x: int, y: int):
    """One Web Mercator tile of the public map (maps/tiles.py). Cached in the browser for a
    day when ``v`` names the current data version (the page that asks puts it there), so a
    change shows at once: the next page carries the next version."""
    if not valid_tile(z, x, y):
        raise NotFound(
            f"No map tile {z}/{x}/{y}: zoom runs 0 to {MAX_ZOOM}, x and y 0 to 2^zoom - 1.",
            parameter="tile",
            value=f"{z}/{x}/{y}",
        )
    session = get_session()
    index, tiles = listing_points(session.connection())
    key = (index.version, z, x, y)
    body = tiles.get(key) if tiles is not None else None
    if body is None:
        content = index.tile(z, x, y)
        listings = tile_listings(session, content.points)
        body = orjson.dumps(
            tile_body(index.version, z, x, y, content, listings), option=_ORJSON_OPTIONS
        )
        if tiles is not None:
            tiles.put(key, body)
    response = current_app.response_class(body, mimetype="application/json")
    asked = MAP_TILE.read(request.args, "v")
    current = index.version is not None and asked == str(index.version)
    response.cache_control.public = True
    response.cache_control.max_age = 86_400 if current else 60
    return response
