"""Hole 6 and the common-password "also": sign-in neither tells who has an account nor
lets anyone lock anyone out. Failures are throttled per account and client: the same
answers, in the same order, for a real address and an unknown one; the same password
work (one argon2 verification) for both; the owner signing in from another address is
not locked out. Common passwords are refused wherever a password is set. Both backends."""

import datetime as dt
import os
import re
import subprocess
import sys

import argon2
import pytest

from mapapp.config import PROJECT_ROOT
from tests.conftest import REFERENCE_DIR, make_test_app
from tests.web.hostile import PASSWORD, add_user, csrf_token, sign_in

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.4"}
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    add_user(engine, "admin")
    add_user(engine, "navigator")
    app = make_test_app(schema_db)
    clock = {"now": START}
    app.config["CLOCK"] = lambda: clock["now"]
    yield app, clock, schema_db
    app.extensions["mapapp.engine"].dispose()


def _client(app, environ: dict):
    """A browser at the address in ``environ``."""
    client = app.test_client()
    client.environ_base.update(environ)
    return client


def _answer(response) -> tuple[int, str]:
    """Status and the page's message, with the echoed email taken out."""
    page = response.get_data(as_text=True)
    message = re.search(r'class="error-message">(.*?)</p>', page, re.S)
    text = message.group(1) if message else page
    return response.status_code, re.sub(r"\S+@example\.org", "EMAIL", " ".join(text.split()))


def _tries(app, email: str, count: int, environ=ATTACKER) -> list[tuple[int, str]]:
    client = _client(app, environ)
    return [_answer(sign_in(client, email, "wrong password!")) for _ in range(count)]


def test_a_real_address_and_an_unknown_one_get_the_same_answers(site):
    app, _, _ = site
    real = _tries(app, "admin@example.org", 8)
    unknown = _tries(app, "nobody@example.org", 8, environ={"REMOTE_ADDR": "203.0.113.10"})
    assert real == unknown
    assert real[0][0] == 400 and real[-1][0] == 429  # throttled in the end, both alike


def test_the_same_password_work_for_known_and_unknown_accounts(site, monkeypatch):
    """Timing cannot be asserted on a shared machine; the work behind it can: every
    attempt that is not throttled verifies one argon2 hash, whether or not the account
    exists, and a throttled attempt verifies none, whether or not it exists."""
    app, _, _ = site
    calls = []
    original = argon2.PasswordHasher.verify

    def counted(self, hash_, password):
        calls.append(1)
        return original(self, hash_, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counted)
    for email, address in (
        ("admin@example.org", "203.0.113.20"),
        ("nobody@example.org", "203.0.113.21"),
    ):
        work = []
        for _ in range(7):
            before = len(calls)
            _tries(app, email, 1, environ={"REMOTE_ADDR": address})
            work.append(len(calls) - before)
        assert work == [1, 1, 1, 1, 1, 0, 0], (email, work)


def test_failures_from_one_address_do_not_lock_the_owner_out(site):
    app, _, _ = site
    assert _tries(app, "admin@example.org", 10)[-1][0] == 429
    owner = _client(app, OWNER)
    assert sign_in(owner, "admin@example.org").status_code == 302


def test_the_throttled_client_waits_even_with_the_right_password(site):
    app, clock, _ = site
    _tries(app, "admin@example.org", 5)
    attacker = _client(app, ATTACKER)
    assert sign_in(attacker, "admin@example.org").status_code == 429
    assert sign_in(attacker, "navigator@example.org").status_code == 302  # another account
    clock["now"] = START + dt.timedelta(minutes=16)
    assert sign_in(_client(app, ATTACKER), "admin@example.org").status_code == 302


def test_the_per_client_limit_across_accounts_still_holds(site):
    app, _, _ = site
    limit = app.config["SIGN_IN_FAILURES_PER_CLIENT"]
    client = _client(app, ATTACKER)
    answers = [
        sign_in(client, f"guess{n}@example.org", "wrong password!").status_code
        for n in range(limit + 1)
    ]
    assert answers[:limit] == [400] * limit and answers[limit] == 429


# --- common passwords ----------------------------------------------------------------------

COMMON = ["password1234", "Password1234!", "qwertyuiop12", "iloveyou1234"]


@pytest.mark.parametrize("password", COMMON)
def test_an_administrator_cannot_set_a_common_password(site, password):
    app, _, _ = site
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    made = admin.post(
        "/workspace/users",
        data={
            "csrf_token": csrf_token(admin, "/workspace/users"),
            "email": "new@example.org",
            "name": "New Person",
            "role": "navigator",
            "password": password,
        },
    )
    assert made.status_code == 400
    assert "common" in made.get_data(as_text=True).lower()


def test_a_new_password_may_not_be_common_either(site):
    app, _, _ = site
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    page = admin.get("/workspace/users").get_data(as_text=True)
    navigator = re.search(r"/workspace/users/(\d+)/password", page).group(1)
    reset = admin.post(
        f"/workspace/users/{navigator}/password",
        data={"csrf_token": csrf_token(admin, "/workspace/users"), "password": "password1234"},
    )
    assert reset.status_code == 400 and "common" in reset.get_data(as_text=True).lower()
    assert sign_in(app.test_client(), "navigator@example.org", PASSWORD).status_code == 302


def test_the_command_line_refuses_a_common_password_in_one_line(site):
    _, _, url = site
    env = dict(
        os.environ,
        MAPAPP_DATABASE_URL=url,
        MAPAPP_REFERENCE_DIR=REFERENCE_DIR,
        PYTHONPATH=str(PROJECT_ROOT),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mapapp",
            "users",
            "create",
            "--email",
            "cli@example.org",
            "--name",
            "Cli Person",
            "--role",
            "navigator",
            "--password",
            "password1234",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "common" in lines[0].lower()


def test_a_good_passphrase_is_still_accepted(site):
    app, _, _ = site
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    made = admin.post(
        "/workspace/users",
        data={
            "csrf_token": csrf_token(admin, "/workspace/users"),
            "email": "new@example.org",
            "name": "New Person",
            "role": "navigator",
            "password": "kettle orchard lantern",
        },
    )
    assert made.status_code == 200
    assert (
        sign_in(app.test_client(), "new@example.org", "kettle orchard lantern").status_code == 302
    )
