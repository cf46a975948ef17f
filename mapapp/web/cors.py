"""Open to every origin: the JSON API and the feeds are public data, with no key."""

from __future__ import annotations

from flask import Flask, request

OPEN_PREFIXES = ("/api", "/feeds", "/openreferral")


def open_to_all(app: Flask) -> None:
    """Every response under OPEN_PREFIXES says any site may read it (CORS ``*``): errors
    too, a 404 for a path no route matches and a 405 included, so that a page on another
    site can read what went wrong."""

    @app.after_request
    def _any_origin(response):
        if any(
            request.path == prefix or request.path.startswith(prefix + "/")
            for prefix in OPEN_PREFIXES
        ):
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response
