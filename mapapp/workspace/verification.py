"""Verifying a listing ("checked today") and clearing an ingest review flag.

Neither is a field of the listing snapshot (history.snapshot compares what a listing says,
not its bookkeeping), so each writes its own change-history row: who, when, old -> new.
Both only flush: the request commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..models import Asset, AssetChange

VERIFIED_FIELD = "verified"
REVIEW_FIELD = "needs_review"


def verify(session: Session, asset: Asset, *, by: str, when: dt.datetime) -> AssetChange:
    """Mark the listing as checked now: it stops being stale and loses "may be out of date"."""
    previous = asset.last_verified_at
    asset.last_verified_at, asset.last_verified_by = when, by
    change = AssetChange(
        asset=asset,
        changed_at=when,
        changed_by=by,
        via="editor",
        field=VERIFIED_FIELD,
        old_value=previous.isoformat() if previous else None,
        new_value=when.isoformat(),
    )
    session.add(change)
    session.flush()
    return change


def mark_reviewed(
    session: Session, asset: Asset, *, by: str, when: dt.datetime
) -> AssetChange | None:
    """Clear the ingest's "needs review" flag; the old reason stays in the history. A row
    the import held back is published by this: the navigator has confirmed it."""
    if not asset.needs_review and asset.status != "held":
        return None
    change = AssetChange(
        asset=asset,
        changed_at=when,
        changed_by=by,
        via="editor",
        field=REVIEW_FIELD,
        old_value=asset.review_reason or "flagged",
        new_value=None,
    )
    session.add(change)
    if asset.status == "held":
        session.add(
            AssetChange(
                asset=asset,
                changed_at=when,
                changed_by=by,
                via="editor",
                field="status",
                old_value="held",
                new_value="active",
            )
        )
        asset.status = "active"
    asset.needs_review, asset.review_reason = False, None
    session.flush()
    return change
