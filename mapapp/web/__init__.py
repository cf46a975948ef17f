"""Blueprints: public pages, public feedback, the JSON API, gap analysis, vendored
front-end assets, signing in, the navigator workspace, import in the browser, user
administration."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, auth, feedback, feeds, gaps, imports, public, users, vendor, workspace

    app.register_blueprint(vendor.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(gaps.bp)
    app.register_blueprint(gaps.api_bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(users.bp)
