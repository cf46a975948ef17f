"""Rate limits that hold under a burst: one atomic statement per attempt, both backends.

Counting a client's recent rows and then inserting one is two steps: forty posts at once
all counted four and all got in. Here each attempt is a single
`INSERT ... ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits` on a counter row
keyed by (scope, client, time bucket): PostgreSQL locks the row for the upsert and SQLite
takes its write lock for the statement, so concurrent attempts get distinct counts
(1, 2, 3, ...) and only those within the limit pass. The row stays locked until the
caller commits, which also keeps one client's attempts in order.

A limit's period is cut into BUCKETS buckets; an attempt counts its own bucket (from the
upsert) plus the earlier buckets still inside the period (which no longer change), so
the window slides in steps of 1/BUCKETS of the period. A refused attempt is taken back
in the same statement's transaction, so asking again while refused does not push the end
of the wait further away. The client is a keyed hash, never its address.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

BUCKETS = 15

_HIT = text(
    "INSERT INTO rate_counts (scope, client_key, bucket, hits) "
    "VALUES (:scope, :key, :bucket, 1) "
    "ON CONFLICT (scope, client_key, bucket) "
    "DO UPDATE SET hits = rate_counts.hits + 1 RETURNING hits"
)
_EARLIER = text(
    "SELECT bucket, hits FROM rate_counts WHERE scope = :scope "
    "AND client_key = :key AND bucket > :oldest AND bucket < :bucket "
    "ORDER BY bucket"
)
_REFUND = text(
    "UPDATE rate_counts SET hits = hits - 1 WHERE scope = :scope "
    "AND client_key = :key AND bucket = :bucket AND hits > 0"
)
_FORGET = text("DELETE FROM rate_counts WHERE scope = :scope AND bucket <= :oldest")


@dataclass(frozen=True)
class Limit:
    scope: str  # what is limited: 'feedback', 'gap-analysis', 'sign-in' ...
    allowed: int
    per: dt.timedelta

    @property
    def bucket_seconds(self) -> float:
        return self.per.total_seconds() / BUCKETS

    def bucket(self, now: dt.datetime) -> int:
        return math.floor(now.timestamp() / self.bucket_seconds)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until an attempt may pass again (when refused)
    until: dt.datetime | None = None  # the same, as a moment


def attempt(session: Session, limit: Limit, key: str, now: dt.datetime) -> Decision:
    """Count one attempt by ``key`` and say whether it is within ``limit``. The caller
    commits (which releases the counter row)."""
    bucket = limit.bucket(now)
    params = {"scope": limit.scope, "key": key}
    hits = session.execute(_HIT, {**params, "bucket": bucket}).scalar_one()
    if hits == 1:  # the first in this bucket: forget buckets no period reaches any more
        session.execute(_FORGET, {"scope": limit.scope, "oldest": bucket - BUCKETS})
    earlier = session.execute(
        _EARLIER, {**params, "bucket": bucket, "oldest": bucket - BUCKETS}
    ).all()
    total = hits + sum(row.hits for row in earlier)
    if total <= limit.allowed:
        return Decision(True)
    refund(session, limit, key, now)
    return _refused(limit, now, earlier, total - 1)


def refund(session: Session, limit: Limit, key: str, now: dt.datetime) -> None:
    """Take back an attempt counted at ``now`` (a sign-in that succeeded is no failure)."""
    session.execute(_REFUND, {"scope": limit.scope, "key": key, "bucket": limit.bucket(now)})


def _refused(limit: Limit, now: dt.datetime, earlier, total: int) -> Decision:
    """When enough of the oldest counted buckets have left the period for one more
    attempt to pass (``total``: what is counted now, the refused attempt not included)."""
    excess = total + 1 - limit.allowed
    leaving = limit.bucket(now)  # at worst, when this bucket itself leaves
    for row in earlier:
        excess -= row.hits
        if excess <= 0:
            leaving = row.bucket
            break
    # Bucket b is counted while the current bucket is at most b + BUCKETS - 1.
    until = dt.datetime.fromtimestamp((leaving + BUCKETS) * limit.bucket_seconds, dt.UTC)
    return Decision(False, max(1, math.ceil((until - now).total_seconds())), until)
