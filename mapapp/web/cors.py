"""Open to every origin: the JSON API and the feeds are public data, with no key."""

from __future__ import annotations

from flask import Blueprint


def open_to_all(blueprint: Blueprint) -> Blueprint:
    """Every response of ``blueprint`` says any site may read it (CORS ``*``)."""

    @blueprint.after_request
    def _any_origin(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return blueprint
