"""The atomic rate limit: its sliding window and its waiting time, with a frozen clock,
on both backends (the burst itself is tests/web/test_rate_limits.py)."""

import datetime as dt

import pytest
from sqlalchemy import text

from mapapp import rate_limit
from mapapp.db import session_scope

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # on a bucket boundary
HOUR = rate_limit.Limit("test", 3, dt.timedelta(hours=1))  # buckets of 4 minutes


@pytest.fixture
def db(schema_db, engine_for):
    engine = engine_for(schema_db)

    def attempt(key: str, at: dt.datetime, limit=HOUR) -> rate_limit.Decision:
        with session_scope(engine) as session:
            return rate_limit.attempt(session, limit, key, at)

    attempt.engine = engine
    return attempt


def test_the_limit_holds_and_a_refusal_says_how_long_to_wait(db):
    minute = dt.timedelta(minutes=1)
    assert [db("a", START + n * minute).allowed for n in range(3)] == [True] * 3
    refused = db("a", START + 10 * minute)
    assert not refused.allowed
    # The first attempt (09:00, bucket 09:00-09:04) leaves the hour at 10:00.
    assert refused.until == START + dt.timedelta(hours=1)
    assert refused.retry_after == 50 * 60
    assert db("b", START + 10 * minute).allowed  # another client


def test_the_window_slides(db):
    assert db("a", START).allowed
    assert db("a", START + dt.timedelta(minutes=30)).allowed
    assert db("a", START + dt.timedelta(minutes=50)).allowed
    assert not db("a", START + dt.timedelta(minutes=59)).allowed
    # 09:00 has left the hour: one more, but not two.
    assert db("a", START + dt.timedelta(minutes=61)).allowed
    assert not db("a", START + dt.timedelta(minutes=62)).allowed


def test_asking_while_refused_does_not_extend_the_wait(db):
    for n in range(3):
        db("a", START + dt.timedelta(minutes=n))
    for n in range(20):  # keeps trying every two minutes
        assert not db("a", START + dt.timedelta(minutes=10 + 2 * n)).allowed
    assert db("a", START + dt.timedelta(hours=1)).allowed


def test_a_refund_takes_an_attempt_back(db):
    for _ in range(3):
        db("a", START)
    with session_scope(db.engine) as session:
        rate_limit.refund(session, HOUR, "a", START)
    assert db("a", START).allowed


def test_old_buckets_are_forgotten(db):
    db("a", START)
    db("b", START + dt.timedelta(hours=3))  # first in its bucket: tidies the scope
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rate_counts")) == 1
