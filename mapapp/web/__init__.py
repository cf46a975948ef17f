"""Blueprints: public pages, public feedback, the JSON API, gap analysis, vendored
front-end assets."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, feedback, gaps, public, vendor

    app.register_blueprint(vendor.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(gaps.bp)
    app.register_blueprint(gaps.api_bp)
