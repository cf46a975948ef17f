"""Addresses of the app's own pages and files, built by its URL map. The core takes them as
functions (a listing's id -> its address), so that it needs no request to build one."""

from __future__ import annotations

from flask import g, url_for


def asset_url(asset_id: int) -> str:
    """url_for('public.asset', asset_id=...), built once per request and then formatted:
    routing a URL 50 to 500 times for a page of results cost a tenth of an API request."""
    prefix = g.get("asset_url_prefix")
    if prefix is None:
        prefix = g.asset_url_prefix = url_for("public.asset", asset_id=0)[:-1]
    return f"{prefix}{asset_id}"


def page_url(asset_id: int) -> str:
    """The absolute address of a listing's page, for files and feeds read elsewhere."""
    return url_for("public.asset", asset_id=asset_id, _external=True)


def vendor_url(package: str, filename: str) -> str:
    """A front-end library's file (web/vendor.py), or the app's own static file."""
    if package == "mapapp":
        return url_for("static", filename=filename)
    return url_for("vendor.asset", package=package, filename=filename)
