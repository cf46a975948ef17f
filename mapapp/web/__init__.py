"""Blueprints: public pages and their calendars, public feedback, the JSON API and its
OpenAPI document, gap analysis and commissioner decisions, vendored front-end assets, the Open Referral UK API, signing
in, the navigator workspace (the listing editor, the feedback and review queues, import in
the browser, downloads) and user administration."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .ids import IdConverter

    app.url_map.converters["id"] = IdConverter  # before any rule that uses <id:...>
    from . import (
        api,
        auth,
        calendars,
        cors,
        decisions,
        downloads,
        editor,
        feedback,
        feeds,
        gaps,
        imports,
        moderation,
        openapi,
        openreferral,
        organisations,
        public,
        queues,
        users,
        vendor,
        workspace,
    )

    app.register_blueprint(vendor.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(calendars.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(openreferral.bp)
    app.register_blueprint(gaps.bp)
    app.register_blueprint(gaps.api_bp)
    app.register_blueprint(decisions.bp)
    app.register_blueprint(decisions.api_bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(queues.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(organisations.bp)
    cors.open_to_all(app)
