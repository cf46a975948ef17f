"""The workspace dashboard's figures: exact counts on a small hand-built set, both backends."""

import datetime as dt

import pytest
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.listings.present import STALE_AFTER
from mapapp.models import (
    Asset,
    AssetDomain,
    District,
    DuplicateCandidate,
    Feedback,
    Venue,
)
from mapapp.vocab import CODES
from mapapp.workspace.dashboard import COLUMNS, dashboard_counts
from mapapp.workspace.queues import NO_DISTRICT, QueueFilter, review_queue

NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _asset(slug, venue, domains, verified=None, review=False, status="active"):
    return Asset(
        slug=slug,
        name=slug,
        kind="meeting",
        venue=venue,
        status=status,
        needs_review=review,
        last_verified_at=verified,
        domains=[AssetDomain(domain=d) for d in domains],
    )


@pytest.fixture
def known(reference_db, engine_for):
    """Six active listings, one inactive, one archived and one held, with known review states
    (see EXPECTED)."""
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        first, second = session.scalars(
            select(District.code).where(District.in_area).order_by(District.name).limit(2)
        ).all()
        outside = session.scalar(select(District.code).where(~District.in_area).limit(1))
        v1, v2 = Venue(name="One", district_code=first), Venue(name="Two", district_code=second)
        v_out = Venue(name="Far", district_code=outside, outside_area=True)
        a = {
            "a1": _asset("a1", v1, ["twelve-step"], NOW - 10 * DAY),
            "a2": _asset("a2", v1, ["twelve-step", "mutual-aid"], None, review=True),
            "a3": _asset("a3", v1, ["activities"], NOW - 200 * DAY),
            "a4": _asset("a4", v2, ["activities"], NOW - STALE_AFTER, review=True),  # edge
            "a5": _asset("a5", v_out, ["volunteering"], NOW - DAY),
            "a6": _asset("a6", None, ["twelve-step"], None),  # online only
            "a7": _asset("a7", v1, ["twelve-step"], None, review=True, status="inactive"),
            "a8": _asset("a8", v2, ["activities"], None, status="archived"),
            # Held by an import: not public, so not active, but the review queue lists it.
            "a9": _asset("a9", v2, ["activities"], None, review=True, status="held"),
        }
        session.add_all(a.values())
        session.flush()
        session.add_all(
            [
                DuplicateCandidate(asset_id=a["a1"].id, other_asset_id=a["a2"].id, score=0.9),
                DuplicateCandidate(asset_id=a["a7"].id, other_asset_id=a["a1"].id, score=0.8),
                DuplicateCandidate(
                    asset_id=a["a3"].id, other_asset_id=a["a4"].id, score=0.8, status="dismissed"
                ),
                Feedback(asset_id=a["a4"].id, kind="problem", category="closed"),
                Feedback(asset_id=a["a1"].id, kind="problem", category="moved", status="accepted"),
                Feedback(asset_id=None, kind="suggestion", message="A new group"),
            ]
        )
        create_user(session, "c@example.org", "Cam", "commissioner", "correct horse battery")
    return reference_db, engine, first, second


# active, stale, needs_review, outside_area, duplicates, feedback, inactive, archived
EXPECTED_FIRST = (3, 2, 1, 0, 2, 0, 1, 0)
EXPECTED_SECOND = (1, 0, 2, 0, 0, 1, 0, 1)
EXPECTED_NONE = (2, 1, 0, 1, 0, 1, 0, 0)
EXPECTED_TOTAL = (6, 3, 3, 1, 2, 2, 1, 1)
EXPECTED_DOMAINS = {
    "twelve-step": (3, 2, 1),
    "mutual-aid": (1, 1, 1),
    "activities": (2, 1, 2),
    "volunteering": (1, 0, 0),
}


def test_counts_by_district_and_domain(known):
    _url, engine, first, second = known
    with session_scope(engine) as session:
        board = dashboard_counts(session, NOW)
        area = session.scalar(
            select(District.code).where(District.in_area).order_by(District.name).limit(1)
        )
        in_area = len(session.scalars(select(District.code).where(District.in_area)).all())
    assert area == first and len(board.districts) == in_area + 1
    rows = {row.code: tuple(row.counts[c] for c in COLUMNS) for row in board.districts}
    assert rows.pop(first) == EXPECTED_FIRST and rows.pop(second) == EXPECTED_SECOND
    assert rows.pop(NO_DISTRICT) == EXPECTED_NONE
    assert set(rows.values()) == {(0,) * len(COLUMNS)}
    assert tuple(board.total.counts[c] for c in COLUMNS) == EXPECTED_TOTAL
    domains = {
        row.code: (row.counts["active"], row.counts["stale"], row.counts["needs_review"])
        for row in board.domains
    }
    assert list(domains) == list(CODES)
    assert domains == {code: EXPECTED_DOMAINS.get(code, (0, 0, 0)) for code in CODES}


def test_needs_review_counts_what_the_review_queue_lists(known):
    _url, engine, first, second = known
    with session_scope(engine) as session:
        board = dashboard_counts(session, NOW)
        area = set(session.scalars(select(District.code).where(District.in_area)).all())
        for row in [*board.districts, board.total]:
            listed = review_queue(session, QueueFilter(district=row.code), area)
            assert listed.total == row.counts["needs_review"], row.name
        for row in board.domains:
            listed = review_queue(session, QueueFilter(domain=row.code), area)
            assert listed.total == row.counts["needs_review"], row.name
