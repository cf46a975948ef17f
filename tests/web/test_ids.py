"""Every id in a URL goes through the one converter (``web/ids``): an id too large for the
database is "not found" on every route, signed in as an administrator, never a 500."""

import re

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import User
from mapapp.web.ids import IdConverter
from tests.conftest import make_test_app
from tests.factories import signed_in

TOO_BIG = "99999999999999999999"  # 20 digits: past 64 bits, SQLite cannot even bind it


@pytest.fixture
def admin(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        create_user(session, "ada@example.org", "Ada", "admin", "correct horse battery")
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id).where(User.email == "ada@example.org"))
    app = make_test_app(demo_db)
    client = signed_in(app, user_id)
    yield app, client
    app.extensions["mapapp.engine"].dispose()


def _id_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IdConverter) for c in rule._converters.values())
    ]


def test_no_route_uses_the_plain_int_converter(app):
    plain = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]
    assert plain == [], "use <id:name> for ids (mapapp/web/ids.py)"
    assert len(_id_rules(app)) >= 20


def test_a_twenty_digit_id_is_not_found_on_every_id_route(admin):
    app, client = admin
    html = client.get("/workspace/users").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    answers = {}
    for rule in _id_rules(app):
        path = re.sub(r"<id:\w+>", TOO_BIG, rule.rule)
        if "GET" in rule.methods:
            answers["GET " + path] = client.get(path).status_code
        if "POST" in rule.methods:
            answers["POST " + path] = client.post(path, data={"csrf_token": token}).status_code
    assert answers and set(answers.values()) == {404}, answers


def test_the_converter_builds_and_reads_plain_numbers(app):
    with app.test_request_context():
        from flask import url_for

        assert url_for("public.asset", asset_id=7) == "/assets/7"
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/assets/007") == ("public.asset", {"asset_id": 7})
