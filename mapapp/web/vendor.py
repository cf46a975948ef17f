"""Serve front-end libraries from the XStatic packages installed with the app.

No page loads anything from a CDN: the maps must work offline and under a strict CSP, and a
person looking for addiction support must not be announced to third parties.
"""

from __future__ import annotations

import importlib

from flask import Blueprint, abort, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/static/vendor")

PACKAGES = {
    "leaflet": "xstatic.pkg.leaflet",
    "leaflet-markercluster": "xstatic.pkg.leaflet_markercluster",
    "jquery": "xstatic.pkg.jquery",
    "font-awesome": "xstatic.pkg.font_awesome",
}


def package_dir(name: str) -> str:
    return importlib.import_module(PACKAGES[name]).BASE_DIR


@bp.route("/<package>/<path:filename>")
def asset(package: str, filename: str):
    if package not in PACKAGES:
        abort(404)
    response = send_from_directory(package_dir(package), filename, max_age=7 * 24 * 3600)
    return response
