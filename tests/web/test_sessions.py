"""Hole 5: a signed-in session really ends. A copied session cookie stops working at
sign-out, when an administrator sets a new password, changes the role or deactivates the
account; use does not extend a session past its absolute lifetime; an idle one ends.
The clock is frozen and moved (app.config['CLOCK']), so nothing here waits. Both backends."""

import datetime as dt

import pytest
from sqlalchemy import text

from tests.conftest import make_test_app
from tests.web.hostile import add_user, csrf_token, sign_in

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    ids = {role: add_user(engine, role) for role in ("navigator", "admin")}
    app = make_test_app(schema_db)
    clock = {"now": START}
    app.config["CLOCK"] = lambda: clock["now"]
    yield app, engine, ids, clock
    app.extensions["mapapp.engine"].dispose()


def _copy(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/workspace").status_code == 200


def test_a_copied_cookie_stops_working_at_sign_out(site):
    app, _, _, _ = site
    client = app.test_client()
    sign_in(client, "navigator@example.org")
    thief = _copy(app, client)
    assert _signed_in(thief)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/workspace")})
    assert not _signed_in(client)
    assert not _signed_in(thief)


def test_a_copied_cookie_cannot_write_after_sign_out(site):
    app, engine, _, _ = site
    client = app.test_client()
    sign_in(client, "navigator@example.org")
    thief = _copy(app, client)
    token = csrf_token(thief, "/workspace/listings/new")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/workspace")})
    written = thief.post(
        "/workspace/listings/new",
        data={
            "csrf_token": token,
            "name": "Planted listing",
            "kind": "meeting",
            "domains": "twelve-step",
            "no_location": "1",
        },
    )
    assert written.status_code in (302, 400) and "/sign-in" in written.headers.get(
        "Location", "/sign-in"
    )
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM assets")) == 0


def _admin_changes(app, path: str, **data):
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    done = admin.post(path, data={"csrf_token": csrf_token(admin, "/workspace/users"), **data})
    assert done.status_code == 200, done.get_data(as_text=True)[:1000]


@pytest.mark.parametrize("change", ["password", "role", "deactivate"])
def test_an_administrators_change_ends_the_accounts_sessions(site, change):
    app, _, ids, _ = site
    victim = app.test_client()
    sign_in(victim, "navigator@example.org")
    thief = _copy(app, victim)
    user = ids["navigator"]
    if change == "password":
        _admin_changes(
            app, f"/workspace/users/{user}/password", password="a brand new long passphrase"
        )
    elif change == "role":
        _admin_changes(app, f"/workspace/users/{user}/role", role="commissioner")
    else:
        _admin_changes(app, f"/workspace/users/{user}/active", active="0")
        _admin_changes(app, f"/workspace/users/{user}/active", active="1")  # back again
    assert not _signed_in(victim) and not _signed_in(thief)
    if change != "password":  # the same password signs in afresh
        assert sign_in(app.test_client(), "navigator@example.org").status_code == 302


def test_use_does_not_extend_a_session_past_its_absolute_lifetime(site):
    app, _, _, clock = site
    client = app.test_client()
    sign_in(client, "navigator@example.org")
    hours = app.config["SESSION_MAX_HOURS"]
    assert 0 < hours <= 24
    moment = START
    while moment + dt.timedelta(hours=1) < START + dt.timedelta(hours=hours):
        moment += dt.timedelta(hours=1)
        clock["now"] = moment
        assert _signed_in(client), moment  # used every hour: still signed in
    clock["now"] = START + dt.timedelta(hours=hours, minutes=1)
    assert not _signed_in(client)


def test_an_idle_session_ends(site):
    app, _, _, clock = site
    idle = dt.timedelta(hours=app.config["SESSION_IDLE_HOURS"])
    lifetime = dt.timedelta(hours=app.config["SESSION_MAX_HOURS"])
    assert idle < lifetime
    used = app.test_client()
    sign_in(used, "navigator@example.org")
    clock["now"] = START + idle - dt.timedelta(minutes=1)
    assert _signed_in(used)
    # Longer than the idle time after signing in, but not after that use: still in.
    clock["now"] = START + lifetime - dt.timedelta(minutes=1)
    assert clock["now"] - START > idle
    assert _signed_in(used)
    left = app.test_client()
    clock["now"] = START
    sign_in(left, "navigator@example.org")
    clock["now"] = START + idle + dt.timedelta(minutes=1)
    assert not _signed_in(left)


def test_a_session_cookie_made_up_without_signing_in_opens_nothing(site):
    """The old cookie held only the user's id: a cookie signed with the key but naming no
    session record (a leaked key, an old cookie) must not sign anyone in."""
    app, _, ids, _ = site
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["user_id"] = ids["admin"]
    assert not _signed_in(forged)


def test_signing_in_again_elsewhere_leaves_the_other_session_alone(site):
    app, _, _, _ = site
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "navigator@example.org")
    sign_in(phone, "navigator@example.org")
    phone.post("/sign-out", data={"csrf_token": csrf_token(phone, "/workspace")})
    assert _signed_in(laptop) and not _signed_in(phone)
