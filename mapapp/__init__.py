"""mapapp: the recovery-capital community asset map.

create_app(test_config=None): config -> database -> blueprints -> error handlers -> CLI.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from .config import build_config, default_database_url, instance_secret_key


def _load_instance_file(app: Flask) -> dict:
    values: dict = {}
    path = Path(app.instance_path) / "config.py"
    if path.exists():
        namespace: dict = {}
        exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102 — operator's own file
        values = {k: v for k, v in namespace.items() if k.isupper()}
    return values


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(build_config(_load_instance_file(app), overrides=test_config))
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = default_database_url(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    # Room for the largest import upload plus the rest of its form.
    app.config.setdefault(
        "MAX_CONTENT_LENGTH", max(10 * 1024 * 1024, int(app.config["IMPORT_MAX_BYTES"]) + 2**20)
    )

    from . import db
    from .web import security

    db.init_app(app)
    security.init_app(app)

    from .web import register_blueprints

    register_blueprints(app)

    from .errors import register_error_handlers

    register_error_handlers(app)

    from .cli import register_commands

    register_commands(app)

    from .maps.safe import web_url
    from .reference.attribution import FULL

    app.jinja_env.globals["attribution"] = FULL
    app.jinja_env.filters["web_url"] = web_url
    return app
