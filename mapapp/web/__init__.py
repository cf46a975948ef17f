"""Blueprints: public pages, public feedback, the JSON API, gap analysis, vendored
front-end assets, the Open Referral UK API, signing in, the navigator workspace, the listing
editor, the feedback moderation queue, the review queues, import in the browser and user
administration."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import (
        api,
        auth,
        editor,
        feedback,
        feeds,
        gaps,
        imports,
        moderation,
        openreferral,
        public,
        queues,
        users,
        vendor,
        workspace,
    )

    app.register_blueprint(vendor.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(openreferral.bp)
    app.register_blueprint(gaps.bp)
    app.register_blueprint(gaps.api_bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(queues.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(users.bp)
