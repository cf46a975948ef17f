"""Accounts for navigators, commissioners and administrators: argon2 password hashes,
validation, and sign-in with a lock-out.

After MAX_FAILURES consecutive wrong passwords an account is locked for LOCK_FOR; a
successful sign-in resets the count. An unknown email, a wrong password and a
deactivated account all get the same message, so the form cannot be used to find out
who has an account. Functions take a session and only flush; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import MapappError
from ..listings.schedules import LONDON
from ..models import User, utcnow
from ..vocab import ROLES

MIN_PASSWORD = 12
MAX_PASSWORD = 200
MIN_DISTINCT = 5  # different characters
MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
SIGN_IN_FAILED = "That email and password do not match an account. Check them and try again."

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_hasher = PasswordHasher()
# Verified against when the email is unknown, so that answer takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(MapappError):
    """A user's details were not acceptable (the message says which and why)."""


class SignInFailed(MapappError):
    status_code = 400


class AccountLocked(SignInFailed):
    status_code = 429


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
    """The user with this email and password, or SignInFailed / AccountLocked."""
    user = session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    if user is None or not user.active:
        verify_password(_DUMMY_HASH, password or "")
        raise SignInFailed(SIGN_IN_FAILED)
    if user.locked_until is not None and user.locked_until > now:
        raise _locked(user.locked_until)
    if not verify_password(user.password_hash, password or ""):
        if user.locked_until is not None:  # an earlier lock has run out: start afresh
            user.failed_logins, user.locked_until = 0, None
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.failed_logins, user.locked_until = 0, now + LOCK_FOR
            session.flush()
            raise _locked(user.locked_until)
        session.flush()
        raise SignInFailed(SIGN_IN_FAILED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    session.flush()
    return user


def _locked(until: dt.datetime) -> AccountLocked:
    local = until.astimezone(LONDON)
    return AccountLocked(
        f"Too many wrong passwords: this account is locked until {local:%H:%M} "
        f"({local:%d %B %Y}, UK time). Try again then, or ask an administrator.",
        until=until.isoformat(),
    )


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
    _record(session, user, f"role changed from {old} to {role}", by, now)


def set_active(session: Session, user: User, active: bool, by: User, now: dt.datetime) -> None:
    if active == user.active:
        return
    if not active and user.role == "admin":
        _keep_an_admin(session, user)
    user.active = active
    if active:  # a fresh start: an old lock-out does not carry over
        user.failed_logins, user.locked_until = 0, None
    _record(session, user, "reactivated" if active else "deactivated", by, now)


def reset_password(session: Session, user: User, password: str, by: User, now: dt.datetime) -> None:
    validate_password(password, user.email, user.name)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
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
