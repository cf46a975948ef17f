"""Accounts: argon2 hashes, validation (common passwords too) and sign-in, on both backends."""

import datetime as dt

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from mapapp.accounts.users import (
    SIGN_IN_FAILED,
    AccountError,
    SignInFailed,
    authenticate,
    create_user,
    hash_password,
    validate_password,
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


def test_success_sets_last_login(db):
    assert authenticate(db, "NAV@example.org", PASSWORD, T0).last_login_at == T0


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


def test_failures_do_not_lock_the_account(db):
    """No lock-out anyone could trigger: failures are throttled per account and client in
    the web layer (accounts/throttle.py); the right password always works here."""
    for _ in range(10):
        with pytest.raises(SignInFailed) as caught:
            authenticate(db, "nav@example.org", "wrong password!", T0)
        assert caught.value.message == SIGN_IN_FAILED and caught.value.status_code == 400
    assert authenticate(db, "nav@example.org", PASSWORD, T0).last_login_at == T0


def test_a_common_password_is_refused_with_its_reason():
    with pytest.raises(AccountError, match="too common or too easy to guess"):
        validate_password("password1234", "nav@example.org", "Nav")
    validate_password("kettle orchard lantern", "nav@example.org", "Nav")


def test_an_old_hash_is_upgraded_on_sign_in(db):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    user = db.scalar(select(User))
    user.password_hash = weak.hash(PASSWORD)
    authenticate(db, "nav@example.org", PASSWORD, T0)
    assert user.password_hash != weak.hash(PASSWORD) and "m=8," not in user.password_hash
    assert verify_password(user.password_hash, PASSWORD)
