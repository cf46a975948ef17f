"""Signed-in sessions kept on the server, so that they really end.

The session cookie used to hold only the user's id: a copy of it kept working after
sign-out, was renewed by every use, and survived a new password. Now signing in makes a
row (models.SignInSession) and the cookie carries a random token whose SHA-256 names it.
Every request looks the row up, and the session has ended when:

- the row is gone: sign-out deletes it; a new password, a role change and deactivation
  delete every row of that account (`end_all`);
- it is older than the absolute lifetime (SESSION_MAX_HOURS), however much it is used;
- it has not been used for SESSION_IDLE_HOURS.

Use is recorded at most once a minute (a write per request would be wasted). Functions
take a session and only flush; the request commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import User
from ..models.security import SignInSession

SEEN_EVERY = dt.timedelta(minutes=1)
COOKIE_KEY = "session_token"  # the key in the signed session cookie


@dataclass(frozen=True)
class Lifetimes:
    absolute: dt.timedelta
    idle: dt.timedelta

    @classmethod
    def from_settings(cls, settings) -> Lifetimes:
        return cls(
            dt.timedelta(hours=float(settings.get("SESSION_MAX_HOURS") or 12)),
            dt.timedelta(hours=float(settings.get("SESSION_IDLE_HOURS") or 8)),
        )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(session: Session, user: User, now: dt.datetime, lifetimes: Lifetimes) -> str:
    """A new session for ``user``; returns the token for the cookie."""
    session.execute(
        delete(SignInSession).where(SignInSession.created_at < now - lifetimes.absolute)
    )  # long over: tidy up
    token = secrets.token_urlsafe(32)
    session.add(
        SignInSession(token_hash=_digest(token), user_id=user.id, created_at=now, last_seen_at=now)
    )
    session.flush()
    return token


def resume(session: Session, token: object, now: dt.datetime, lifetimes: Lifetimes) -> User | None:
    """The active user whose unexpired session this token names, or None."""
    if not isinstance(token, str) or not token:
        return None
    found = session.execute(
        select(SignInSession, User)
        .join(User, User.id == SignInSession.user_id)
        .where(SignInSession.token_hash == _digest(token))
    ).one_or_none()
    if found is None:
        return None
    record, user = found
    if (
        not user.active
        or now - record.created_at >= lifetimes.absolute
        or now - record.last_seen_at >= lifetimes.idle
    ):
        return None
    if now - record.last_seen_at >= SEEN_EVERY:
        record.last_seen_at = now
        session.flush()
    return user


def end(session: Session, token: object) -> None:
    if isinstance(token, str) and token:
        session.execute(delete(SignInSession).where(SignInSession.token_hash == _digest(token)))


def end_all(session: Session, user_id: int) -> None:
    """Every session of this account (new password, role change, deactivation)."""
    session.execute(delete(SignInSession).where(SignInSession.user_id == user_id))
