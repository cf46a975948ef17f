"""Blueprints: public pages, vendored front-end assets."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import public, vendor

    app.register_blueprint(vendor.bp)
    app.register_blueprint(public.bp)
