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
    # Set, not defaulted: Flask already holds these keys (None), so a setdefault never took
    # effect. The import upload's own limit is raised for its view (web/guard.py).
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["REQUEST_MAX_BYTES"])
    app.config["MAX_FORM_MEMORY_SIZE"] = int(app.config["REQUEST_MAX_BYTES"])

    from .web import compression, database, guard, replica_reads, security

    database.init_app(app)
    security.init_app(app)
    guard.init_app(app)  # first of the before-request hooks, ahead of the CSRF check
    compression.init_app(app)
    replica_reads.init_app(app)

    from .web import register_blueprints

    register_blueprints(app)

    from .web.errors import register_error_handlers

    register_error_handlers(app)

    from .cli import register_commands

    register_commands(app)

    from . import vocab
    from .html_safe import web_url
    from .reference.attribution import FULL

    app.jinja_env.globals["attribution"] = FULL
    app.jinja_env.globals["related_directories"] = [
        tuple(entry.split("|", 1)) for entry in app.config["RELATED_DIRECTORIES"] if "|" in entry
    ]
    app.jinja_env.filters["web_url"] = web_url
    app.jinja_env.filters["tag_label"] = vocab.tag_label
    app.jinja_env.filters["type_label"] = vocab.type_label
    return app
