"""User administration on both backends: create with the shared password rules, change a
role, deactivate and reactivate, set a new password; never leave the site without an
active administrator; every change noted on the account."""

import re

import pytest
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import User
from tests import factories
from tests.conftest import make_test_app

PASSWORD = "correct horse battery"


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        create_user(session, "ada@example.org", "Ada", "admin", PASSWORD)
        create_user(session, "nav@example.org", "Nadia <i>N</i>", "navigator", PASSWORD)
    app = make_test_app(schema_db)
    yield app, engine
    app.extensions["mapapp.engine"].dispose()


def _ids(engine) -> dict:
    with session_scope(engine) as session:
        return dict(session.execute(select(User.email, User.id)).all())


def _as(app, engine, email="ada@example.org"):
    client = app.test_client()
    client = factories.signed_in(app, _ids(engine)[email])
    return client


def _token(client) -> str:
    html = client.get("/workspace/users").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": _token(client), **data})


def _user(engine, email) -> User:
    with session_scope(engine) as session:
        return session.scalar(select(User).where(User.email == email))


def test_the_list_escapes_names_and_shows_each_account(site):
    app, engine = site
    html = _as(app, engine).get("/workspace/users").get_data(as_text=True)
    assert "Nadia &lt;i&gt;N&lt;/i&gt;" in html and "<i>N</i>" not in html
    assert 'data-user="nav@example.org"' in html and "Ada (you)" in html


def test_create_an_account_that_can_sign_in(site):
    app, engine = site
    client = _as(app, engine)
    made = _post(
        client,
        "/workspace/users",
        name="Cam",
        email=" Cam@Example.org ",
        role="commissioner",
        password="tall stone river lamp",
    )
    assert made.status_code == 200
    assert "Created a commissioner account for Cam (cam@example.org)." in made.get_data(
        as_text=True
    )
    cam = _user(engine, "cam@example.org")
    assert (cam.role, cam.active, cam.changed_by, cam.last_change) == (
        "commissioner",
        True,
        "ada@example.org",
        "account created as commissioner",
    )
    fresh = app.test_client()
    html = fresh.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    signed = fresh.post(
        "/sign-in",
        data={"csrf_token": token, "email": "cam@example.org", "password": "tall stone river lamp"},
    )
    assert signed.status_code == 302


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"password": "short one"}, "at least 12 characters"),
        ({"password": "aaaabbbbaaaabbbb"}, "repeats too few characters"),
        ({"password": "my name is bobby tables"}, "must not contain the person's name"),
        ({"email": "nav@example.org"}, "There is already an account for nav@example.org."),
        ({"email": "not-an-email"}, "is not an email address"),
        ({"role": "superuser"}, "Unknown role 'superuser'"),
        ({"name": ""}, "Give the person's name"),
    ],
)
def test_create_refuses_with_a_reason_and_keeps_what_was_typed(site, fields, message):
    app, engine = site
    client = _as(app, engine)
    form = {
        "name": "Bobby",
        "email": "bobby@example.org",
        "role": "navigator",
        "password": "tall stone river lamp",
        **fields,
    }
    refused = _post(client, "/workspace/users", **form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    error = re.search(r'id="new-user-error">(.*?)</p>', html, re.S).group(1)
    assert message in error.replace("&#39;", "'")
    assert f'value="{form["name"]}"' in html
    assert len(_ids(engine)) == 2


def test_change_role_deactivate_reactivate_and_reset_password(site):
    app, engine = site
    admin, nav_id = _as(app, engine), _ids(engine)["nav@example.org"]
    navigator = _as(app, engine, "nav@example.org")
    assert navigator.get("/workspace").status_code == 200
    assert _post(admin, f"/workspace/users/{nav_id}/role", role="commissioner").status_code == 200
    assert (
        _user(engine, "nav@example.org").last_change
        == "role changed from navigator to commissioner"
    )
    assert navigator.get("/workspace").status_code == 302  # the change ended the session
    navigator = _as(app, engine, "nav@example.org")
    assert navigator.get("/workspace/import").status_code == 403  # signed in again: the new role
    assert _post(admin, f"/workspace/users/{nav_id}/active", active="0").status_code == 200
    assert _user(engine, "nav@example.org").active is False
    assert navigator.get("/workspace").status_code == 302  # signed out by deactivation
    html = admin.get("/workspace/users").get_data(as_text=True)
    assert "deactivated, by ada@example.org" in html
    _post(admin, f"/workspace/users/{nav_id}/active", active="1")
    assert navigator.get("/workspace").status_code == 302  # reactivating revives no session
    assert _as(app, engine, "nav@example.org").get("/workspace").status_code == 200
    weak = _post(admin, f"/workspace/users/{nav_id}/password", password="nadia12345678")
    assert weak.status_code == 400 and "must not contain the person" in weak.get_data(
        as_text=True
    ).replace("&#39;", "'")
    assert (
        _post(
            admin, f"/workspace/users/{nav_id}/password", password="new blue kettle song"
        ).status_code
        == 200
    )
    changed = _user(engine, "nav@example.org")
    assert (changed.last_change, changed.failed_logins, changed.locked_until) == (
        "password reset",
        0,
        None,
    )
    assert _post(admin, "/workspace/users/999999/role", role="admin").status_code == 404


def test_the_last_active_admin_cannot_demote_or_deactivate_themselves(site):
    app, engine = site
    admin, ada_id = _as(app, engine), _ids(engine)["ada@example.org"]
    for path, data in (
        (f"/workspace/users/{ada_id}/role", {"role": "navigator"}),
        (f"/workspace/users/{ada_id}/active", {"active": "0"}),
    ):
        refused = _post(admin, path, **data)
        assert refused.status_code == 400
        assert (
            "Ada is the only active administrator: make someone else an administrator "
            "first" in refused.get_data(as_text=True)
        )
    ada = _user(engine, "ada@example.org")
    assert (ada.role, ada.active, ada.last_change) == ("admin", True, None)
    # With a second administrator, the first may step down.
    nav_id = _ids(engine)["nav@example.org"]
    _post(admin, f"/workspace/users/{nav_id}/role", role="admin")
    assert _post(admin, f"/workspace/users/{ada_id}/role", role="navigator").status_code == 200
    assert _user(engine, "ada@example.org").role == "navigator"
    assert admin.get("/workspace/users").status_code == 302  # her change ended her session
    assert _as(app, engine).get("/workspace/users").status_code == 403
