"""Hole 4 and the editor's "also": NUL and other control characters in any query
parameter, path or form field are a 400 that names the field, on PostGIS (where a NUL
was a 500) and on SpatiaLite (where it was stored); stored text cannot hold them, so a
bare CR can never reach a calendar."""

import html
import json
import re
import subprocess
import sys

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from tests.conftest import make_test_app
from tests.web.hostile import add_user, csrf_token, form_fields, sign_in

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@pytest.fixture
def site(demo_db, engine_for):
    engine = engine_for(demo_db)
    add_user(engine, "navigator")
    app = make_test_app(demo_db)
    yield app, engine
    app.extensions["mapapp.engine"].dispose()


def _a_listing_id(client) -> int:
    return client.get("/api/assets?limit=1").get_json()["features"][0]["id"]


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/assets?q=a%00b", "q"),
        ("/find?q=a%00b", "q"),
        ("/find.ics?q=a%00b", "q"),
        ("/api/assets?fellowship=A%00A", "fellowship"),
        ("/openreferral/services?search=a%00b", "search"),
        ("/openreferral/service_at_locations?search=a%00b", "search"),
        ("/find?near=DE4%1B3AG", "near"),
        ("/api/gaps?domain=twelve-step%00", "domain"),
        ("/find?q%00=a", "q\\x00"),
    ],
)
def test_a_control_character_in_a_query_parameter_is_a_400_naming_it(site, url, field):
    app, _ = site
    answer = app.test_client().get(url)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:500]
    body = html.unescape(answer.get_data(as_text=True))
    if answer.is_json:
        body = answer.get_json()["error"]
    assert f"'{field}'" in body and "control character" in body


@pytest.mark.parametrize(
    "url",
    ["/gaps/E07000034%00", "/districts/E07%00.ics", "/openreferral/services/a%00b", "/assets%00"],
)
def test_a_control_character_in_the_path_is_a_400(site, url):
    app, _ = site
    answer = app.test_client().get(url)
    assert answer.status_code == 400
    assert "control character" in html.unescape(answer.get_data(as_text=True))


def test_the_json_apis_answer_in_json(site):
    app, _ = site
    answer = app.test_client().get("/api/assets?q=a%00b")
    assert answer.status_code == 400 and answer.is_json
    assert answer.get_json()["status"] == 400


def test_a_nul_in_the_sign_in_form_is_a_400_naming_the_field(site):
    app, _ = site
    client = app.test_client()
    answer = sign_in(client, "navigator@example.org\x00")
    assert answer.status_code == 400
    page = html.unescape(answer.get_data(as_text=True))
    assert "'email'" in page and "control character" in page


def test_a_nul_in_a_suggestion_is_a_400_and_nothing_is_kept(site):
    app, engine = site
    client = app.test_client()
    answer = client.post(
        "/suggest",
        data={
            "csrf_token": csrf_token(client, "/suggest"),
            "name": "Walk\x00ing group",
            "kind": "activity",
            "town": "Matlock",
        },
    )
    assert answer.status_code == 400
    assert "'name'" in html.unescape(answer.get_data(as_text=True))
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM feedback")) == 0


@pytest.mark.parametrize(
    "bad, named", [("a\x00b", "NUL"), ("a\x1b[31mb", "ESC"), ("a\rBEGIN:VALARM", "CR")]
)
def test_the_editor_refuses_control_characters_and_stores_nothing(site, bad, named):
    app, engine = site
    client = app.test_client()
    sign_in(client, "navigator@example.org")
    listing = _a_listing_id(client)
    action = f"/workspace/listings/{listing}"
    fields = form_fields(client.get(action).get_data(as_text=True), action)
    assert client.post(action, data=MultiDict(fields)).status_code == 302  # unchanged: saved
    with engine.connect() as conn:
        before = conn.scalar(text("SELECT description FROM assets WHERE id = :id"), {"id": listing})
    changed = [(n, bad if n == "description" else v) for n, v in fields]
    answer = client.post(action, data=MultiDict(changed))
    assert answer.status_code == 400
    page = html.unescape(answer.get_data(as_text=True))
    assert "'description'" in page and named in page
    with engine.connect() as conn:
        assert (
            conn.scalar(text("SELECT description FROM assets WHERE id = :id"), {"id": listing})
            == before
        )


def test_the_editor_accepts_line_breaks_as_browsers_send_them(site):
    app, engine = site
    client = app.test_client()
    sign_in(client, "navigator@example.org")
    listing = _a_listing_id(client)
    action = f"/workspace/listings/{listing}"
    fields = form_fields(client.get(action).get_data(as_text=True), action)
    changed = [
        (n, "First line\r\nSecond line\tafter a tab" if n == "description" else v)
        for n, v in fields
    ]
    assert client.post(action, data=MultiDict(changed)).status_code == 302
    with engine.connect() as conn:
        stored = conn.scalar(text("SELECT description FROM assets WHERE id = :id"), {"id": listing})
    assert "First line" in stored and "Second line" in stored and "\r" not in stored


def test_imported_text_is_stored_without_control_characters(reference_db, engine_for, tmp_path):
    """A spreadsheet is not a form: its stray control characters are removed on the way
    in (the stored text cannot hold them), and the calendar never sees a bare CR."""
    import os

    from mapapp.config import PROJECT_ROOT
    from tests.conftest import REFERENCE_DIR

    sheet = tmp_path / "controls.csv"
    sheet.write_bytes(
        b"Group name,Town,Day,Time,Notes\r\n"
        b'"Bell\x1b[31m Group",Matlock,Tuesday,19:30,"one\rBEGIN:VALARM\x07"\r\n'
    )
    env = dict(
        os.environ,
        MAPAPP_DATABASE_URL=reference_db,
        MAPAPP_REFERENCE_DIR=REFERENCE_DIR,
        PYTHONPATH=str(PROJECT_ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-m", "mapapp", "ingest", str(sheet)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    engine = engine_for(reference_db)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, name, notes FROM assets")).one()
    assert not CONTROLS.search(row.name) and not CONTROLS.search(row.notes or "")
    assert "\r" not in (row.notes or "")
    app = make_test_app(reference_db)
    calendar = app.test_client().get(f"/assets/{row.id}.ics").get_data()
    assert b"\rBEGIN:VALARM" not in calendar
    assert not re.search(rb"\r(?!\n)", calendar)
    app.extensions["mapapp.engine"].dispose()


def test_ordinary_text_still_passes(site):
    app, _ = site
    client = app.test_client()
    assert client.get("/find?q=caf%C3%A9+%26+walk").status_code == 200
    found = client.get("/api/assets?q=walk")
    assert found.status_code == 200 and json.loads(found.get_data())["features"] is not None
