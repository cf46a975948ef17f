"""The handler that renders every error: JSON under /api and /openreferral, elsewhere an HTML page.

Unexpected exceptions are logged and shown as a plain 500 page that says what to do, never a
traceback. The error types themselves live in mapapp/errors.py (the core raises them).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import MapappError

log = logging.getLogger(__name__)

JSON_PREFIXES = ("/api", "/openreferral")  # the JSON APIs: their errors are JSON too


def _wants_json() -> bool:
    """Under the JSON APIs, or for a client that asks for JSON rather than HTML."""
    if any(request.path == p or request.path.startswith(p + "/") for p in JSON_PREFIXES):
        return True
    accept = request.accept_mimetypes
    return accept["application/json"] > accept["text/html"]


def render_error(status: int, message: str, details: dict | None = None):
    if _wants_json():
        body = {"error": message, "status": status}
        body.update(details or {})
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(MapappError)
    def _mapapp_error(exc: MapappError):
        return render_error(exc.status_code, exc.message, exc.details)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return render_error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("Unhandled error on %s", request.path)
        return render_error(
            500,
            "Something went wrong on our side. Please try again; "
            "if it keeps happening, tell the site's administrators.",
        )
