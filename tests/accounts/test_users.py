"""Accounts: argon2 hashes, validation, lock-out with a frozen clock, on both backends."""

import datetime as dt

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from mapapp.accounts.users import (
    LOCK_FOR,
    SIGN_IN_FAILED,
    AccountError,
    AccountLocked,
    SignInFailed,
    authenticate,
    create_user,
    hash_password,
    verify_password,
)
from mapapp.db import session_scope
from mapapp.models import User

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def db(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        create_user(session, "Nav@Example.org ", "Nadia", "navigator", PASSWORD)
    with session_scope(engine) as session:
        yield session


def test_hashes_are_argon2_and_verify():
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "x")
    assert not verify_password("not a hash", PASSWORD)


@pytest.mark.parametrize(
    "email, name, role, password, message",
    [
        ("nobody", "N", "navigator", PASSWORD, "'nobody' is not an email address"),
        ("a@example.org", "", "navigator", PASSWORD, "Give the person's name"),
        (
            "a@example.org",
            "A",
            "mayor",
            PASSWORD,
            "Unknown role 'mayor'; use one of: navigator, commissioner, admin.",
        ),
        ("a@example.org", "A", "admin", "short pass", "at least 12 characters"),
        ("NAV@example.org", "A", "admin", PASSWORD, "There is already an account for"),
    ],
)
def test_create_user_validates_with_clear_messages(db, email, name, role, password, message):
    with pytest.raises(AccountError) as caught:
        create_user(db, email, name, role, password)
    assert message in caught.value.message


@pytest.mark.parametrize(
    "password, email, name, message",
    [
        ("tall stone river lamp", "bob@example.org", "Bob", None),
        ("x" * 201, "", "", "at most 200 characters"),
        ("abababababababab", "", "", "repeats too few characters"),
        ("robertsmith-likes-tea", "robertsmith@example.org", "Bob", "must not contain"),
        ("tea with Ferdinand ok", "f@example.org", "Ferdinand Lopez", "must not contain"),
        ("bob is fine as a word", "bob@example.org", "Bob", None),  # too short to count
    ],
)
def test_password_rules_shared_by_the_command_and_the_users_page(password, email, name, message):
    from mapapp.accounts.users import validate_password

    if message is None:
        validate_password(password, email, name)
        return
    with pytest.raises(AccountError) as caught:
        validate_password(password, email, name)
    assert message in caught.value.message


def test_created_user_is_stored_normalised(db):
    user = db.scalar(select(User))
    assert (user.email, user.name, user.role, user.active, user.failed_logins) == (
        "nav@example.org",
        "Nadia",
        "navigator",
        True,
        0,
    )
    assert user.password_hash.startswith("$argon2id$")


def test_success_sets_last_login_and_resets_the_count(db):
    for _ in range(3):
        with pytest.raises(SignInFailed):
            authenticate(db, "nav@example.org", "wrong password!", T0)
    assert db.scalar(select(User)).failed_logins == 3
    user = authenticate(db, "NAV@example.org", PASSWORD, T0)
    assert (user.failed_logins, user.locked_until, user.last_login_at) == (0, None, T0)


def test_unknown_email_and_wrong_password_get_the_same_message(db):
    with pytest.raises(SignInFailed) as unknown:
        authenticate(db, "who@example.org", PASSWORD, T0)
    with pytest.raises(SignInFailed) as wrong:
        authenticate(db, "nav@example.org", "wrong password!", T0)
    assert unknown.value.message == wrong.value.message == SIGN_IN_FAILED
    assert type(unknown.value) is type(wrong.value) is SignInFailed


def test_inactive_user_is_refused_like_an_unknown_one(db):
    db.scalar(select(User)).active = False
    with pytest.raises(SignInFailed) as caught:
        authenticate(db, "nav@example.org", PASSWORD, T0)
    assert caught.value.message == SIGN_IN_FAILED


def test_five_failures_lock_the_account_for_fifteen_minutes(db):
    for _ in range(4):
        with pytest.raises(SignInFailed) as caught:
            authenticate(db, "nav@example.org", "wrong password!", T0)
        assert not isinstance(caught.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        authenticate(db, "nav@example.org", "wrong password!", T0)
    assert (
        db.scalar(select(User)).locked_until
        == T0 + LOCK_FOR
        == dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.UTC)
    )
    assert "locked until 09:15 (02 March 2026, UK time)" in locked.value.message
    # Even the right password is refused while locked.
    with pytest.raises(AccountLocked):
        authenticate(db, "nav@example.org", PASSWORD, T0 + LOCK_FOR - dt.timedelta(seconds=1))
    user = authenticate(db, "nav@example.org", PASSWORD, T0 + LOCK_FOR)
    assert (user.failed_logins, user.locked_until, user.last_login_at) == (0, None, T0 + LOCK_FOR)


def test_after_a_lock_runs_out_a_wrong_password_starts_a_new_count(db):
    for _ in range(5):
        with pytest.raises(SignInFailed):
            authenticate(db, "nav@example.org", "wrong password!", T0)
    later = T0 + LOCK_FOR + dt.timedelta(minutes=1)
    with pytest.raises(SignInFailed) as caught:
        authenticate(db, "nav@example.org", "wrong password!", later)
    assert not isinstance(caught.value, AccountLocked)
    user = db.scalar(select(User))
    assert (user.failed_logins, user.locked_until) == (1, None)


def test_an_old_hash_is_upgraded_on_sign_in(db):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    user = db.scalar(select(User))
    user.password_hash = weak.hash(PASSWORD)
    authenticate(db, "nav@example.org", PASSWORD, T0)
    assert user.password_hash != weak.hash(PASSWORD) and "m=8," not in user.password_hash
    assert verify_password(user.password_hash, PASSWORD)
