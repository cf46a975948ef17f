"""A per-client limit on failed sign-ins, counted in the database.

The per-account lock-out (accounts/users.py) stops guessing one account's password; this stops
one client trying many accounts. Failures are rows in sign_in_attempts keyed by a keyed
hash of the client's address (feedback.client_key), so every app worker sees the same
count and the address itself is never stored. When a client has failed LIMIT times in
WINDOW it gets a 429 until the oldest of those failures is older than WINDOW, whatever
it sends. A successful sign-in does not clear the count: one valid account must not
buy a guesser more tries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..listings.schedules import LONDON
from ..models import SignInAttempt
from .users import AccountLocked

WINDOW = dt.timedelta(minutes=15)
KEEP_FOR = dt.timedelta(days=1)  # rows older than this are no use to any count


class TooManyFromClient(AccountLocked):
    """This client must wait (429); the attempt was not checked, so it is not counted."""


def check(session: Session, key: str, now: dt.datetime, limit: int) -> None:
    """Raise AccountLocked (429) when this client has used up its failures."""
    since = now - WINDOW
    failures = session.execute(
        select(func.count(), func.min(SignInAttempt.attempted_at)).where(
            SignInAttempt.client_key == key, SignInAttempt.attempted_at > since
        )
    ).one()
    count, oldest = failures
    if count >= limit:
        ends = oldest + WINDOW
        raise TooManyFromClient(
            f"Too many failed sign-ins from your network. Wait until "
            f"{ends.astimezone(LONDON):%H:%M} (UK time) and try again, or ask an "
            "administrator to reset your password.",
            until=ends.isoformat(),
        )


def record_failure(session: Session, key: str, now: dt.datetime) -> None:
    session.execute(delete(SignInAttempt).where(SignInAttempt.attempted_at < now - KEEP_FOR))
    session.add(SignInAttempt(client_key=key, attempted_at=now))
    session.flush()
