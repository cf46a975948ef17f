"""Failed sign-ins throttled per account and client, not a lock anyone can trigger.

The old lock-out locked an account after five wrong passwords from anywhere: anyone could
lock an administrator out, and the lock (a 429 for a real address, a 400 for an unknown
one, answered without verifying a password) told who had an account. Now two atomic
limits (rate_limit.py) count failures:

- per (email as typed, client): PER_ACCOUNT failures in WINDOW, then that client waits
  for that email. The email need not exist, so the answers for a real address and an
  unknown one are the same, in the same order; the owner elsewhere is unaffected;
- per client across every email: SIGN_IN_FAILURES_PER_CLIENT in WINDOW.

Each attempt is counted before the password is checked (so a burst cannot overrun the
limit) and taken back when it succeeds (a success is no failure). A throttled attempt
verifies no password, known account or not; any other attempt verifies exactly one.
Only keyed hashes of the address and of the email are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .. import rate_limit
from ..listings.schedules import LONDON

WINDOW = dt.timedelta(minutes=15)
PER_ACCOUNT = 5


@dataclass(frozen=True)
class Throttled:
    message: str
    until: dt.datetime
    retry_after: int


def account_key(email: str, client_key: str, secret: str) -> str:
    """A keyed hash of (the email as typed, normalised; the client)."""
    text = f"{(email or '').strip().lower()}\n{client_key}"
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def limits(per_client: int) -> tuple[rate_limit.Limit, rate_limit.Limit]:
    return (
        rate_limit.Limit("sign-in-client", per_client, WINDOW),
        rate_limit.Limit("sign-in-account", PER_ACCOUNT, WINDOW),
    )


def count_attempt(
    session: Session, email: str, client_key: str, secret: str, now: dt.datetime, per_client: int
) -> Throttled | None:
    """Count this attempt on both limits, or say why it must wait (then nothing counts)."""
    by_client, by_account = limits(per_client)
    decision = rate_limit.attempt(session, by_client, client_key, now)
    if not decision.allowed:
        return _throttled("Too many failed sign-ins from your network", decision)
    decision = rate_limit.attempt(session, by_account, account_key(email, client_key, secret), now)
    if not decision.allowed:
        rate_limit.refund(session, by_client, client_key, now)
        return _throttled(
            "Too many failed sign-ins for this email address from your network", decision
        )
    return None


def succeeded(
    session: Session, email: str, client_key: str, secret: str, now: dt.datetime, per_client: int
) -> None:
    """Take back the attempt counted for a sign-in that succeeded."""
    by_client, by_account = limits(per_client)
    rate_limit.refund(session, by_client, client_key, now)
    rate_limit.refund(session, by_account, account_key(email, client_key, secret), now)


def _throttled(reason: str, decision: rate_limit.Decision) -> Throttled:
    local = decision.until.astimezone(LONDON)
    return Throttled(
        f"{reason}. Wait until {local:%H:%M} (UK time) and try again, or ask "
        "an administrator to set you a new password.",
        decision.until,
        decision.retry_after,
    )
