import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from mapapp import dialect
from mapapp.db import check_connection, current_revision, make_engine, require_schema, upgrade
from mapapp.errors import ConfigurationError, DatabaseUnavailable
from mapapp.models import Base
from tests.conftest import schema_head


def _schema_differences(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": dialect.schema_object_is_ours, "compare_type": False}
        )
        return compare_metadata(context, Base.metadata)


def test_migrations_build_exactly_the_models(empty_db, engine_for):
    engine = engine_for(empty_db)
    upgrade(engine)
    assert current_revision(engine) == schema_head()
    assert _schema_differences(engine) == []


def test_upgrade_twice_is_harmless(schema_db, engine_for):
    engine = engine_for(schema_db)
    upgrade(engine)
    assert current_revision(engine) == schema_head()


def test_spatial_columns_are_registered_with_their_srid(schema_db, engine_for):
    engine = engine_for(schema_db)
    with engine.connect() as conn:
        if dialect.is_sqlite(conn):
            rows = conn.execute(
                text(
                    "SELECT f_table_name, f_geometry_column, srid, spatial_index_enabled "
                    "FROM geometry_columns"
                )
            ).all()
        else:
            rows = conn.execute(
                text(
                    "SELECT f_table_name, f_geometry_column, srid, "
                    "(SELECT count(*) FROM pg_indexes WHERE indexname = "
                    "'idx_' || f_table_name || '_' || f_geometry_column) "
                    "FROM geometry_columns WHERE f_table_schema = 'public'"
                )
            ).all()
    found = {(r[0], r[1]): (r[2], bool(r[3])) for r in rows}
    assert found[("venues", "geom_bng")] == (27700, True)
    assert found[("venues", "geom")] == (4326, False)
    assert found[("small_areas", "centroid_bng")] == (27700, True)
    assert found[("districts", "geom")] == (4326, True)


def test_require_schema_says_to_run_init_db(empty_db, engine_for):
    with pytest.raises(ConfigurationError, match="mapapp init-db"):
        require_schema(engine_for(empty_db))


def test_unreachable_postgis_gives_one_actionable_line():
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nowhere")
    with pytest.raises(DatabaseUnavailable) as caught:
        check_connection(engine)
    message = caught.value.message
    assert "Cannot reach the database" in message and "127.0.0.1:1" in message
    assert "MAPAPP_DATABASE_URL" in message and "\n" not in message


def test_missing_spatialite_says_how_to_install_it(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}", "mod_does_not_exist")
    with pytest.raises(ConfigurationError) as caught:
        with engine.connect():
            pass
    assert "apt-get install libsqlite3-mod-spatialite" in caught.value.message


def test_unsupported_database_is_refused_with_the_choices():
    with pytest.raises(ConfigurationError, match="postgresql\\+psycopg"):
        make_engine("mysql://root@localhost/x")


def test_sqlite_driver_can_load_extensions():
    module = dialect.sqlite_module()
    conn = module.connect(":memory:")
    assert hasattr(conn, "enable_load_extension")
    conn.close()


def test_embedded_default_is_a_spatialite_file_under_instance(tmp_path, monkeypatch):
    from mapapp import create_app

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("MAPAPP_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"].startswith("sqlite:///")
    assert app.config["DATABASE_URL"].endswith("instance/mapapp.sqlite")
    app.extensions["mapapp.engine"].dispose()


def test_both_backends_hold_the_same_tables(schema_db, engine_for):
    names = set(inspect(engine_for(schema_db)).get_table_names())
    assert set(Base.metadata.tables) <= names
