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
from ..listings.present import asset_properties
from ..listings.rules import venue_lonlat
from ..listings.schedules import next_of
from ..listings.views import remembered
from ..models import Asset
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
        # (see search.FIRST_CIRCLE_M for why it is not counted).
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
