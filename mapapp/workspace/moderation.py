"""The feedback moderation queue: public reports and suggestions waiting for a navigator.

Accepting applies the change through the editor (recorded with via="feedback") and marks
the item accepted; rejecting needs a reason. Operations only flush; the request commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import get_row
from ..errors import MapappError, NotFound
from ..listings import editing
from ..listings import form as listing_form
from ..models import Asset, District, Feedback, Venue

REASON_MAX = 2000


@dataclass
class QueueRow:
    item: Feedback
    listing: str | None
    district: str | None


def open_items(session: Session, limit: int = 500) -> list[QueueRow]:
    """Open reports and suggestions, newest first, with their listing and district."""
    rows = session.execute(
        select(Feedback, Asset.name, District.name)
        .select_from(Feedback)
        .outerjoin(Asset, Feedback.asset_id == Asset.id)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .outerjoin(District, Venue.district_code == District.code)
        .where(Feedback.status == "open")
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(limit)
    ).all()
    return [QueueRow(item, name, district) for item, name, district in rows]


def get_item(session: Session, item_id: int, *, open_only: bool = False) -> Feedback:
    item = get_row(session, Feedback, item_id)
    if item is None:
        raise NotFound("There is no such report or suggestion. Go back to the queue.")
    if open_only and item.status != "open":
        raise MapappError(f"This item was already {item.status}. Go back to the queue.", 409)
    return item


def resolve(
    item: Feedback, status: str, *, by: str, when: dt.datetime, note: str | None = None
) -> None:
    item.status, item.resolved_by, item.resolved_at = status, by, when
    item.resolution_note = note


def reject(item: Feedback, reason: str, *, by: str, when: dt.datetime) -> str | None:
    """Reject with a reason; returns the message to show next to the field, or None."""
    reason = reason.strip()
    if not reason:
        return "Give a reason, so the next navigator knows why it was not applied."
    if len(reason) > REASON_MAX:
        return f"Keep the reason under {REASON_MAX:,} characters."
    resolve(item, "rejected", by=by, when=when, note=reason)
    return None


def accept_closed(session: Session, item: Feedback, *, by: str, when: dt.datetime) -> None:
    """A "closed" report accepted as it stands: the listing becomes inactive (recorded)."""
    if item.kind != "problem" or item.category != "closed" or item.asset_id is None:
        raise MapappError(
            "Only a report that a listing has closed can be accepted this "
            "way. Edit the listing instead.",
            409,
        )
    asset = session.get(Asset, item.asset_id)
    editing.set_status(session, asset, "inactive", by=by, via="feedback", when=when)
    resolve(item, "accepted", by=by, when=when, note="Listing marked inactive.")


def suggestion_form(suggested: dict) -> dict:
    """A suggestion as the new-listing editor's form, for the navigator to check and save.

    The times and contact were typed freely, so they go into the notes for the navigator
    to turn into schedule rows and contact fields; the postcode or town is looked up to
    place the point when the form is saved.
    """
    raw = listing_form.blank()
    for name in (
        "name",
        "kind",
        "venue_name",
        "address",
        "town",
        "postcode",
        "conference_url",
        "description",
    ):
        raw[name] = suggested.get(name) or ""
    raw["domains"] = list(suggested.get("domains") or [])
    notes = [
        f"Suggested {label}: {suggested[key]}"
        for key, label in (("when", "times"), ("contact", "contact"))
        if suggested.get(key)
    ]
    raw["notes"] = "\n".join(notes)
    raw["lookup"] = suggested.get("postcode") or suggested.get("town") or ""
    return raw
