"""Open data feeds: GET only, CORS *, no key. Private contact details never appear."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, url_for

from ..publish.meeting_guide import meeting_guide_feed
from .clock import now
from .database import get_session

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


@bp.get("/meeting-guide.json")
def meeting_guide():
    feed = meeting_guide_feed(
        get_session(),
        lambda asset_id: url_for("public.asset", asset_id=asset_id, _external=True),
        current_app.config["AREA_NAME"],
        now(),
    )
    return jsonify(feed)
