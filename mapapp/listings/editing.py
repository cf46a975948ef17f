"""Operations of the listing editor: save a validated form, create, archive, restore, revert.

Each takes a session and only flushes; the request commits once. Every write goes through
``history.set_field`` and is recorded by ``history.record_changes`` (which also recomputes
attendance), so the editor, accepted feedback and reverts all leave the same trail.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import MapappError
from ..models import Asset, AssetChange
from . import history
from .rules import slugify

LIST_FIELDS = ("types", "domains", "tags", "schedules")
# A new listing cannot go back to having no name or kind: the columns require them.
REQUIRED_FIELDS = ("name", "kind")


def save(
    session: Session, asset: Asset, values: dict, *, by: str, via: str, when: dt.datetime
) -> list[AssetChange]:
    """Write the fields whose value differs from the listing's and record them."""
    before = history.snapshot(asset)
    for name, value in values.items():
        if before.get(name) != value:
            history.set_field(session, asset, name, value)
    return history.record_changes(session, asset, before, by=by, via=via, when=when)


def create(session: Session, values: dict, *, by: str, via: str, when: dt.datetime) -> Asset:
    """A new listing from validated values; every field given is recorded as a change from
    nothing, so the history starts with who created it and how."""
    asset = Asset(
        slug=unique_slug(session, values["name"]),
        name=values["name"],
        kind=values["kind"],
        status="active",
        contact_private=True,
        types=[],
        created_at=when,
        is_demo=False,
    )
    session.add(asset)
    with session.no_autoflush:  # the half-built listing must not be written yet
        for name, value in values.items():
            if value not in (None, []):  # an online-only listing gets no empty venue
                history.set_field(session, asset, name, value)
    session.flush()
    before = {name: ([] if name in LIST_FIELDS else None) for name in history.snapshot(asset)}
    history.record_changes(session, asset, before, by=by, via=via, when=when)
    session.flush()
    return asset


def unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(session.scalars(select(Asset.slug).where(Asset.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def set_status(
    session: Session, asset: Asset, status: str, *, by: str, via: str, when: dt.datetime
) -> list[AssetChange]:
    """Archive (never delete), restore or mark inactive, recorded like any other edit."""
    before = history.snapshot(asset)
    history.set_field(session, asset, "status", status)
    return history.record_changes(session, asset, before, by=by, via=via, when=when)


def revert(
    session: Session, change: AssetChange, *, by: str, when: dt.datetime
) -> list[AssetChange]:
    """history.revert, refusing to empty a field the listing cannot be without."""
    if change.field in REQUIRED_FIELDS and change.old_value is None:
        raise MapappError(
            f"This change set the listing's first {change.field}; it cannot "
            "be removed. Edit the listing instead.",
            409,
        )
    rows = history.revert(session, change, by=by)
    for row in rows:
        row.changed_at = when  # the request's clock (testable), like every editor change
    return rows
