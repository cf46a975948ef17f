"""Accounts for navigators, commissioners and administrators: argon2 password hashes,
validation (with a common-password check), and sign-in.

An unknown email, a wrong password and a deactivated account all get the same message
after the same work (one argon2 verification), so the form cannot be used to find out
who has an account. There is no lock-out anyone could trigger: failures are throttled per
account and client (throttle.py). A new password, a role change and deactivation end the
account's sessions (sessions.py). Functions take a session and only flush; the caller
commits.
"""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import MapappError
from ..models import User, utcnow
from ..vocab import ROLES
from . import sessions
from .common_passwords import weakness

MIN_PASSWORD = 12
MAX_PASSWORD = 200
MIN_DISTINCT = 5  # different characters
SIGN_IN_FAILED = "That email and password do not match an account. Check them and try again."

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_hasher = PasswordHasher()
# Verified against when the email is unknown, so that answer takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(MapappError):
    """A user's details were not acceptable (the message says which and why)."""


class SignInFailed(MapappError):
    status_code = 400


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def validate_password(password: str, email: str = "", name: str = "") -> None:
    """The strength rules, the same for the command line and the users page."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"The password must be at least {MIN_PASSWORD} characters long; "
            "a few unrelated words make a good one."
        )
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"The password must be at most {MAX_PASSWORD} characters long.")
    if len(set(password)) < MIN_DISTINCT:
        raise AccountError(
            "The password repeats too few characters to be hard to guess; "
            "a few unrelated words make a good one."
        )
    lowered = password.lower()
    personal = [normalise_email(email).split("@")[0], *re.findall(r"\w+", (name or "").lower())]
    if any(len(part) >= 4 and part in lowered for part in personal):
        raise AccountError(
            "The password must not contain the person's name or email "
            "address; a few unrelated words make a good one."
        )
    problem = weakness(password, [email, name, *personal])
    if problem:
        raise AccountError(problem)


def create_user(
    session: Session,
    email: str,
    name: str,
    role: str,
    password: str,
    by: User | None = None,
    now: dt.datetime | None = None,
) -> User:
    email = normalise_email(email)
    name = (name or "").strip()
    if not _EMAIL.match(email) or len(email) > 200:
        raise AccountError(f"'{email}' is not an email address; give one like name@example.org.")
    if not name or len(name) > 120:
        raise AccountError("Give the person's name (up to 120 characters).")
    if role not in ROLES:
        raise AccountError(f"Unknown role '{role}'; use one of: {', '.join(ROLES)}.")
    validate_password(password, email, name)
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise AccountError(f"There is already an account for {email}.")
    user = User(
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password),
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    if by is not None:
        _record(session, user, f"account created as {role}", by, now or utcnow())
    return user


def authenticate(session: Session, email: str, password: str, now: dt.datetime) -> User:
    """The user with this email and password, or SignInFailed. Exactly one password
    verification either way: an unknown or deactivated account is checked against a dummy
    hash. Nothing here depends on earlier failures (the web layer throttles them)."""
    user = session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    if user is None or not user.active:
        verify_password(_DUMMY_HASH, password or "")
        raise SignInFailed(SIGN_IN_FAILED)
    if not verify_password(user.password_hash, password or ""):
        raise SignInFailed(SIGN_IN_FAILED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    session.flush()
    return user


# --- administration ------------------------------------------------------------------------

LAST_ADMIN = (
    "{name} is the only active administrator: make someone else an administrator "
    "first, so the site is never left without one."
)


def change_role(session: Session, user: User, role: str, by: User, now: dt.datetime) -> None:
    if role not in ROLES:
        raise AccountError(f"Unknown role '{role}'; use one of: {', '.join(ROLES)}.")
    if role == user.role:
        return
    if user.role == "admin":
        _keep_an_admin(session, user)
    old, user.role = user.role, role
    sessions.end_all(session, user.id)  # signed in again, under the new role
    _record(session, user, f"role changed from {old} to {role}", by, now)


def set_active(session: Session, user: User, active: bool, by: User, now: dt.datetime) -> None:
    if active == user.active:
        return
    if not active and user.role == "admin":
        _keep_an_admin(session, user)
    user.active = active
    if not active:
        sessions.end_all(session, user.id)  # reactivating revives none of them
    _record(session, user, "reactivated" if active else "deactivated", by, now)


def reset_password(session: Session, user: User, password: str, by: User, now: dt.datetime) -> None:
    validate_password(password, user.email, user.name)
    user.password_hash = hash_password(password)
    sessions.end_all(session, user.id)  # whoever knew the old one is signed out
    _record(session, user, "password reset", by, now)


def _keep_an_admin(session: Session, user: User) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise AccountError(LAST_ADMIN.format(name=user.name))


def _record(session: Session, user: User, change: str, by: User, now: dt.datetime) -> None:
    user.last_change, user.changed_by, user.changed_at = change, by.email, now
    session.flush()
