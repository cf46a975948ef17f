"""Verifying a listing ("checked today") and clearing an ingest review flag.

Neither is a field of the listing snapshot (history.snapshot compares what a listing says,
not its bookkeeping), so each writes its own change-history row: who, when, old -> new.
Both only flush: the request commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..listings import history
from ..models import Asset, AssetChange

VERIFIED_FIELD = "verified"
REVIEW_FIELD = "needs_review"


def verify(session: Session, asset: Asset, *, by: str, when: dt.datetime) -> AssetChange:
    """Mark the listing as checked now: it stops being stale and loses "may be out of date"."""
    previous = asset.last_verified_at
    asset.last_verified_at, asset.last_verified_by = when, by
    old = previous.isoformat() if previous else None
    change = history.record(
        session, asset, VERIFIED_FIELD, old, when.isoformat(), by=by, via="editor", when=when
    )
    session.flush()
    return change


def mark_reviewed(
    session: Session, asset: Asset, *, by: str, when: dt.datetime
) -> AssetChange | None:
    """Clear the ingest's "needs review" flag; the old reason stays in the history. A row
    the import held back is published by this: the navigator has confirmed it."""
    if not asset.needs_review and asset.status != "held":
        return None
    reason = asset.review_reason or "flagged"
    change = history.record(session, asset, REVIEW_FIELD, reason, by=by, via="editor", when=when)
    if asset.status == "held":
        history.record(session, asset, "status", "held", "active", by=by, via="editor", when=when)
        asset.status = "active"
    asset.needs_review, asset.review_reason = False, None
    session.flush()
    return change
