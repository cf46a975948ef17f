"""The per-client limit on failed sign-ins, counted in the database (both backends), and
the session cookie's flags and lifetime read from Set-Cookie."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import SignInAttempt
from tests.conftest import make_test_app

PASSWORD = "correct horse battery"
NOON = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)  # 13:00 in London (BST)


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        for name in ("ada", "bea", "cy", "dee"):
            create_user(session, f"{name}@example.org", name.title(), "navigator", PASSWORD)
    app = make_test_app(schema_db, SIGN_IN_FAILURES_PER_CLIENT=6)
    app.config["CLOCK"] = lambda: NOON
    yield app, engine
    app.extensions["mapapp.engine"].dispose()


def _sign_in(client, email, password=PASSWORD, address="192.0.2.1", base_url=None):
    # Over HTTPS Flask-WTF also wants a Referer from this site, as a browser sends.
    extra = (
        {"base_url": base_url, "headers": {"Referer": f"{base_url}/sign-in"}} if base_url else {}
    )
    html = client.get("/sign-in", **extra).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return client.post(
        "/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        **extra,
    )


def test_one_client_trying_many_accounts_must_wait(site):
    app, engine = site
    client = app.test_client()
    # Two wrong passwords on each of three accounts: no account reaches its own lock-out.
    for email in ("ada@example.org", "bea@example.org", "cy@example.org") * 2:
        assert _sign_in(client, email, "wrong password!").status_code == 400
    limited = _sign_in(client, "dee@example.org")  # even the right password
    html = limited.get_data(as_text=True)
    assert limited.status_code == 429
    assert "Too many failed sign-ins from your network. Wait until 13:15 (UK time)" in html
    # Another address is not affected, and the refused attempt was not counted.
    assert _sign_in(app.test_client(), "dee@example.org", address="192.0.2.2").status_code == 302
    with session_scope(engine) as session:
        keys = session.scalars(select(SignInAttempt.client_key)).all()
    assert len(keys) == 6 and len(set(keys)) == 1 and "192.0.2.1" not in keys[0]
    app.config["CLOCK"] = lambda: NOON + dt.timedelta(minutes=15)
    assert _sign_in(client, "dee@example.org").status_code == 302


def test_old_failures_are_pruned(site):
    app, engine = site
    app.config["CLOCK"] = lambda: NOON - dt.timedelta(days=2)
    _sign_in(app.test_client(), "ada@example.org", "wrong password!")
    app.config["CLOCK"] = lambda: NOON
    _sign_in(app.test_client(), "ada@example.org", "wrong password!")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(SignInAttempt)) == 1


def _cookie(response) -> str:
    (cookie,) = [
        v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("session=")
    ]
    return cookie


def test_the_session_cookie_is_httponly_lax_and_lasts_eight_idle_hours(site):
    app, _ = site
    cookie = _cookie(_sign_in(app.test_client(), "ada@example.org"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    expires = dt.datetime.strptime(
        re.search(r"Expires=([^;]+)", cookie).group(1), "%a, %d %b %Y %H:%M:%S GMT"
    ).replace(tzinfo=dt.UTC)
    # Flask stamps the real time, not the test clock: 8 hours from about now.
    assert abs(expires - dt.datetime.now(dt.UTC) - dt.timedelta(hours=8)) < dt.timedelta(minutes=5)


@pytest.mark.parametrize(
    "config, secure",
    [
        ({"PREFERRED_URL_SCHEME": "https"}, True),
        ({"SESSION_COOKIE_SECURE": "true"}, True),
        ({"PREFERRED_URL_SCHEME": "https", "SESSION_COOKIE_SECURE": "false"}, False),
        ({}, False),
    ],
)
def test_secure_over_https_or_when_set(schema_db, config, secure):
    app = make_test_app(schema_db, **config)
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)
    with session_scope(app.extensions["mapapp.engine"]) as session:
        create_user(session, "ada@example.org", "Ada", "admin", PASSWORD)
    # Over HTTPS, as a browser would send a Secure cookie back only there.
    cookie = _cookie(_sign_in(app.test_client(), "ada@example.org", base_url="https://localhost"))
    assert ("; Secure" in cookie) is secure
    app.extensions["mapapp.engine"].dispose()


def test_an_idle_session_ends(site):
    app, _ = site
    app.config["SESSION_IDLE_HOURS"] = 8
    client = app.test_client()
    _sign_in(client, "ada@example.org")
    assert client.get("/workspace").status_code == 200
    app.permanent_session_lifetime = dt.timedelta(seconds=-1)  # as if 8 idle hours passed
    assert client.get("/workspace").status_code == 302
