"""Read replicas against a real streaming replica (scripts/start_replica.sh: a hot standby
of the test server made with pg_basebackup -R): reads go to the replica, a person who has
just written reads their own writes on a fresh and on a lagging replica, and the caches
kept under the data version follow the replica."""

import os
import time

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from mapapp.db import session_scope
from mapapp.errors import ConfigurationError
from mapapp.models import Asset
from mapapp.replicas import ReadReplicas, write_position
from tests import factories
from tests.conftest import BACKENDS, make_test_app
from tests.listings.test_form import form_data
from tests.web.test_editor import current_form

REPLICA_URL = os.environ.get("MAPAPP_TEST_REPLICA_URL")
pytestmark = [
    pytest.mark.skipif("postgis" not in BACKENDS, reason="replicas are PostgreSQL's"),
    pytest.mark.parametrize("backend", ["postgis"], indirect=True),
]


def _on_replica(url: str) -> str:
    if not REPLICA_URL:
        pytest.fail(
            "No replica: run scripts/start_replica.sh and set MAPAPP_TEST_REPLICA_URL "
            "(make test does both).",
            pytrace=False,
        )
    return (
        make_url(REPLICA_URL)
        .set(database=make_url(url).database)
        .render_as_string(hide_password=False)
    )


def _replica_admin():
    return create_engine(
        make_url(REPLICA_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )


def _caught_up(primary_url: str, replica_url: str, timeout_s: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    primary = create_engine(primary_url)
    position = write_position(primary)
    primary.dispose()
    replica = _replica_admin()
    deadline = time.monotonic() + timeout_s
    with replica.connect() as conn:
        while not conn.execute(
            text("SELECT pg_last_wal_replay_lsn() >= CAST(:p AS pg_lsn)"), {"p": position}
        ).scalar():
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)
    replica.dispose()


def _replay(paused: bool) -> None:
    replica = _replica_admin()
    with replica.connect() as conn:
        conn.execute(text(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()"))
    replica.dispose()


@pytest.fixture
def site(demo_db):
    replica_url = _on_replica(demo_db)
    _caught_up(demo_db, replica_url)
    primary = create_engine(demo_db)
    with session_scope(primary) as session:
        navigator = factories.user(session, "navigator")
        listing_id = session.scalar(
            select(Asset.id).where(Asset.status == "active").order_by(Asset.id).limit(1)
        )
    primary.dispose()
    _caught_up(demo_db, replica_url)
    app = make_test_app(demo_db, DATABASE_READ_URL=replica_url)
    yield app, demo_db, replica_url, navigator, listing_id
    _replay(paused=False)  # never leave the replica paused for the next test
    app.extensions["mapapp.replicas"].dispose()
    app.extensions["mapapp.engine"].dispose()


def _rename_on_primary(primary_url: str, listing_id: int, name: str) -> None:
    engine = create_engine(primary_url)
    with engine.begin() as conn:
        conn.execute(update(Asset.__table__).where(Asset.id == listing_id).values(name=name))
        conn.execute(text("UPDATE data_version SET version = version + 1"))
    engine.dispose()


def _name_shown(client, listing_id: int) -> str:
    response = client.get(f"/api/assets/{listing_id}")
    assert response.status_code == 200
    return response.get_json()["properties"]["name"]


def test_reads_go_to_the_replica_and_follow_it_when_it_catches_up(site):
    app, primary_url, replica_url, _navigator, listing_id = site
    client = app.test_client()
    before = _name_shown(client, listing_id)  # also fills the listing-view cache
    _replay(paused=True)
    _rename_on_primary(primary_url, listing_id, "Renamed on the primary")
    assert _name_shown(client, listing_id) == before  # the lagging replica answered
    _replay(paused=False)
    _caught_up(primary_url, replica_url)
    # The cached view is under the old data version: the replica's new version replaces it.
    assert _name_shown(client, listing_id) == "Renamed on the primary"


def _edit(client, primary_url: str, listing_id: int, name: str):
    primary = create_engine(primary_url)
    raw = dict(current_form(primary, listing_id), name=name)
    primary.dispose()
    data = form_data(raw)
    data["csrf_token"] = factories.token(client, f"/workspace/listings/{listing_id}")
    return client.post(f"/workspace/listings/{listing_id}", data=data)


def test_a_navigator_reads_their_own_write_on_a_lagging_replica(site):
    app, primary_url, replica_url, navigator, listing_id = site
    writer = factories.signed_in(app, navigator)
    _caught_up(primary_url, replica_url)
    _replay(paused=True)
    saved = _edit(writer, primary_url, listing_id, "Edited by the navigator")
    assert saved.status_code == 302
    # The writer sees the edit at once (from the primary); someone else reads the replica.
    assert _name_shown(writer, listing_id) == "Edited by the navigator"
    assert "Edited by the navigator" in writer.get(saved.headers["Location"]).get_data(True)
    assert _name_shown(app.test_client(), listing_id) != "Edited by the navigator"
    _replay(paused=False)
    _caught_up(primary_url, replica_url)
    # Caught up: the writer is back on the replica, which a later lag shows.
    _replay(paused=True)
    _rename_on_primary(primary_url, listing_id, "Renamed behind the navigator's back")
    assert _name_shown(writer, listing_id) == "Edited by the navigator"


def test_a_navigator_reads_their_own_write_on_a_fresh_replica(site):
    app, primary_url, _replica_url, navigator, listing_id = site
    writer = factories.signed_in(app, navigator)
    for n in range(3):
        assert _edit(writer, primary_url, listing_id, f"Edit number {n}").status_code == 302
        assert _name_shown(writer, listing_id) == f"Edit number {n}"


def test_a_replica_that_does_not_answer_sends_reads_to_the_primary(site):
    app, *_ = site
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    replicas = ReadReplicas([gone])
    assert replicas.maker_for(None) is replicas.makers[0]  # no mark: take the replica
    assert replicas.maker_for("0/1") is None  # a mark it cannot confirm: the primary
    gone.dispose()


def test_only_postgresql_replicas_are_accepted(demo_db):
    with pytest.raises(ConfigurationError, match="PostgreSQL hot standbys"):
        make_test_app(demo_db, DATABASE_READ_URL=["sqlite:////tmp/copy.sqlite"])
