"""Alembic environment: one migration history for SpatiaLite and PostGIS.

The engine comes from mapapp (``config.attributes['engine']``), so the SpatiaLite loader
and the PostGIS checks run exactly as they do for the app.
"""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy import text

from mapapp import dialect
from mapapp.models import Base


def _engine():
    engine = context.config.attributes.get("engine")
    if engine is None:  # plain `alembic` on the command line: use the app's settings
        from mapapp import create_app

        engine = create_app().extensions["mapapp.engine"]
    return engine


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # PostGIS must exist before any geometry column; needs a role allowed to create it.
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=dialect.schema_object_is_ours,
            process_revision_directives=alembic_helpers.writer,
            render_item=alembic_helpers.render_item,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
