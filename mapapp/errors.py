"""One error type that carries a message for people, and one handler that renders it.

Under /api and /openreferral the error is JSON; elsewhere an HTML page. Unexpected
exceptions are logged and shown as a plain 500 page that says what to do, never a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class MapappError(Exception):
    """An error whose message is meant for the person who caused it.

    ``message`` is one line that says what went wrong and what to do next.
    """

    status_code = 400

    def __init__(self, message: str, status_code: int | None = None, **details):
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        self.details = details


class ConfigurationError(MapappError):
    status_code = 500


class DatabaseUnavailable(MapappError):
    status_code = 503


class ReferenceDataError(MapappError):
    status_code = 500


class NoReferenceData(ReferenceDataError):
    """The reference data are not loaded yet: a temporary state of the site (503)."""

    status_code = 503


class NotFound(MapappError):
    status_code = 404


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
