"""Fixtures: every database test runs on SpatiaLite and on PostGIS.

Each test gets its own real database, copied from a template built once per session and
backend: a file copy for SpatiaLite, CREATE DATABASE ... TEMPLATE for PostGIS. Tests may
commit, run subprocesses and kill them; nothing leaks into the next test.

A backend that cannot be reached is an error, not a skip: CI must exercise both. To run
one backend locally on purpose, set MAPAPP_TEST_BACKENDS=spatialite.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mapapp import create_app
from mapapp.config import PROJECT_ROOT, build_config
from mapapp.db import make_engine, session_scope, upgrade

BACKENDS = [
    b.strip()
    for b in os.environ.get("MAPAPP_TEST_BACKENDS", "spatialite,postgis").split(",")
    if b.strip()
]
PG_URL = os.environ.get(
    "MAPAPP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REFERENCE_DIR = os.environ.get(
    "MAPAPP_REFERENCE_DIR", str((PROJECT_ROOT.parent / "shared" / "reference").resolve())
)
_counter = itertools.count()
# The hand-built listings of the open-standards tests, as fixtures everywhere.
pytest_plugins = ("tests.standards_listings",)


def reference_settings(**overrides) -> dict:
    settings = build_config(environ={}, overrides={"REFERENCE_DIR": REFERENCE_DIR})
    settings.update(overrides)
    return settings


class Backend:
    """Builds template databases once and hands out fresh copies."""

    def __init__(self, name: str, workdir: Path):
        self.name = name
        self.workdir = workdir
        self.templates: dict[str, str] = {}
        self.created: list[str] = []

    def template(self, kind: str) -> str:
        if kind not in self.templates:
            url = self._new_url(f"tpl_{kind}")
            _build(kind, url)
            self.templates[kind] = url
        return self.templates[kind]

    def fresh(self, kind: str | None) -> str:
        """A new database: empty (kind None), migrated ('schema'), or from a template."""
        if kind is None:
            return self._new_url("t")
        source = self.template(kind)
        url = self._new_url("t", create=False)
        if self.name == "spatialite":
            shutil.copyfile(make_url(source).database, make_url(url).database)
        else:
            _pg_admin(
                f'CREATE DATABASE "{make_url(url).database}" TEMPLATE "{make_url(source).database}"'
            )
        return url

    def _new_url(self, prefix: str, create: bool = True) -> str:
        name = f"mapapp_{prefix}_{os.getpid()}_{next(_counter)}"
        if self.name == "spatialite":
            return f"sqlite:///{self.workdir / (name + '.sqlite')}"
        if create:
            _pg_admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def cleanup(self) -> None:
        for name in reversed(self.created):
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop(self, url: str) -> None:
        """Remove one test's database as soon as the test ends: a copy of the demo database
        per test, kept to the end of a run, fills a small disk (PostgreSQL then stops)."""
        name = make_url(url).database
        if self.name == "spatialite":
            Path(name).unlink(missing_ok=True)
        else:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.created.remove(name)

    @contextlib.contextmanager
    def copy(self, kind: str | None):
        url = self.fresh(kind)
        try:
            yield url
        finally:
            self.drop(url)


def _pg_admin(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _build(kind: str, url: str) -> None:
    from mapapp.ops.demo import load_demo
    from mapapp.reference import load_reference

    engine = make_engine(url)
    try:
        upgrade(engine)
        if kind in ("reference", "demo"):
            load_reference(engine, reference_settings())
        if kind == "demo":
            with session_scope(engine) as session:
                load_demo(session)
    finally:
        engine.dispose()  # PostgreSQL copies a template only when nobody is connected


def _check_postgis() -> None:
    try:
        _pg_admin("SELECT 1")
    except Exception as exc:  # noqa: BLE001 — any failure means the backend is missing
        pytest.fail(
            f"PostGIS backend unreachable at {PG_URL}: {exc}. Start PostgreSQL "
            "(scripts/start_postgres.sh) or set MAPAPP_TEST_BACKENDS=spatialite to skip it "
            "deliberately.",
            pytrace=False,
        )


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory):
    if request.param == "postgis":
        _check_postgis()
    made = Backend(request.param, tmp_path_factory.mktemp(request.param))
    yield made
    if made.name == "postgis":
        made.cleanup()


@pytest.fixture
def empty_db(backend) -> Iterator[str]:
    """A database with no tables at all."""
    with backend.copy(None) as url:
        yield url


@pytest.fixture
def schema_db(backend) -> Iterator[str]:
    with backend.copy("schema") as url:
        yield url


@pytest.fixture
def reference_db(backend) -> Iterator[str]:
    with backend.copy("reference") as url:
        yield url


@pytest.fixture
def demo_db(backend) -> Iterator[str]:
    with backend.copy("demo") as url:
        yield url


def schema_head() -> str:
    """The newest migration's revision, read from the migrations themselves (so that a test
    never needs editing when a migration is added)."""
    from alembic.script import ScriptDirectory

    from mapapp.db import MIGRATIONS_DIR

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def make_test_app(url: str, **config):
    settings = {
        "TESTING": True,
        "DATABASE_URL": url,
        "REFERENCE_DIR": REFERENCE_DIR,
        "SECRET_KEY": "test",
    }
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def app(demo_db):
    application = make_test_app(demo_db)
    yield application
    application.extensions["mapapp.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def engine_for():
    """engine_for(url) -> an engine disposed at teardown."""
    engines = []

    def make(url: str):
        engine = make_engine(url)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def pytest_terminal_summary(terminalreporter):
    """Counts per backend, so a CI log shows the PostGIS tests really ran."""
    counts: dict[str, Counter] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            node = getattr(report, "nodeid", "")
            name = next(
                (b for b in ("spatialite", "postgis") if f"[{b}" in node or f"-{b}" in node),
                "no database",
            )
            counts.setdefault(name, Counter())[outcome] += 1
    terminalreporter.write_sep("-", "tests per backend")
    for name in ("spatialite", "postgis", "no database"):
        tally = counts.get(name, Counter())
        terminalreporter.write_line(
            f"{name:12s} passed {tally['passed']:4d}  failed {tally['failed']:3d}  "
            f"errors {tally['error']:3d}  skipped {tally['skipped']:3d}"
        )
