"""Duplicate review: two listings side by side, then "not duplicates" or a merge.

A merge keeps one listing (the survivor) and archives the other, never deleting it. Every
provenance row (AssetSource) of the archived listing moves to the survivor, so the next
import of either source finds the survivor by its (source, source id) and updates it
instead of listing the meeting again (ingest/pipeline.py). The navigator may take chosen
groups of fields from the other listing. Open public reports move too. Every step is
recorded in the change history of the listing it touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..errors import MapappError
from ..listings import history
from ..listings.schedules import describe_all
from ..models import Asset, DuplicateCandidate, Feedback
from ..vocab import POSSIBLE_DUPLICATE, REASONS_SEP
from .verification import mark_reviewed

# Field groups a navigator may take from the listing that is archived.
TAKE = {
    "name": ("Name", ("name",)),
    "contact": (
        "Contact details (website, email, phone, named contact)",
        (
            "website",
            "email",
            "phone",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_private",
        ),
    ),
    "schedules": ("Days and times", ("schedules",)),
    "description": ("Description and notes", ("description", "notes")),
    "venue": (
        "Venue, address and map point",
        ("venue_name", "address", "town", "postcode", "location_notes", "location"),
    ),
}
# The side-by-side rows: (snapshot field, label).
COMPARED = (
    ("name", "Name"),
    ("kind", "Kind"),
    ("fellowship", "Fellowship"),
    ("domains", "Domains"),
    ("schedules", "Days and times"),
    ("venue_name", "Venue"),
    ("address", "Address"),
    ("town", "Town"),
    ("postcode", "Postcode"),
    ("location", "Map point"),
    ("location_notes", "Location notes"),
    ("conference_url", "Online link"),
    ("conference_phone", "Dial-in"),
    ("website", "Website"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("contact_name", "Named contact"),
    ("contact_email", "Contact email"),
    ("contact_phone", "Contact phone"),
    ("contact_private", "Contact kept private"),
    ("organisation", "Organisation"),
    ("types", "Meeting types"),
    ("tags", "Tags"),
    ("description", "Description"),
    ("notes", "Notes"),
)


@dataclass(frozen=True)
class Row:
    field: str
    label: str
    a: str
    b: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


def shown(asset: Asset, field: str, value) -> str:
    """A snapshot value as a navigator reads it."""
    if field == "schedules":
        return "; ".join(describe_all(asset.schedules))
    if field == "location":
        return f"{value[1]:.5f}, {value[0]:.5f} ({value[2]})" if value else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def compare(a: Asset, b: Asset) -> list[Row]:
    left, right = history.snapshot(a), history.snapshot(b)
    return [
        Row(key, label, shown(a, key, left.get(key)), shown(b, key, right.get(key)))
        for key, label in COMPARED
    ]


def pair(session: Session, candidate: DuplicateCandidate) -> tuple[Asset, Asset]:
    return session.get(Asset, candidate.asset_id), session.get(Asset, candidate.other_asset_id)


def _check_open(candidate: DuplicateCandidate, *assets: Asset) -> None:
    if candidate.status != "open":
        raise MapappError(
            f"This pair was already {candidate.status}: nothing to do. Go back "
            "to the duplicate queue.",
            409,
        )
    for asset in assets:
        # A duplicate the import held back is what this queue is for: it can be merged.
        if asset.status not in ("active", "held"):
            raise MapappError(
                f"Listing {asset.id} is {asset.status} now, so it cannot be "
                "merged. Dismiss this pair instead.",
                409,
            )


def dismiss(session: Session, candidate: DuplicateCandidate, *, by: str, when: dt.datetime) -> None:
    """The two are different listings: close the pair, and say so in the history."""
    a, b = pair(session, candidate)
    _check_open(candidate)
    candidate.status = "dismissed"
    for asset, other in ((a, b), (b, a)):
        history.record(
            session, asset, "not_duplicate_of", None, str(other.id), by=by, via="editor", when=when
        )
    for asset in (a, b):
        _clear_duplicate_doubt(session, asset, by=by, when=when)
    session.flush()


def _clear_duplicate_doubt(session: Session, asset: Asset, *, by: str, when: dt.datetime) -> None:
    """A row the import held only as a possible duplicate is confirmed by the dismissal, so it
    is published; one with other doubts stays held, with only those left in its reason."""
    parts = (asset.review_reason or "").split(REASONS_SEP)
    rest = [part for part in parts if part and not part.startswith(POSSIBLE_DUPLICATE)]
    if len(rest) == len([part for part in parts if part]):
        return  # the import had no duplicate doubt about this one
    if rest:
        asset.review_reason = REASONS_SEP.join(rest)
    else:
        mark_reviewed(session, asset, by=by, when=when)


def merge(
    session: Session,
    candidate: DuplicateCandidate,
    keep_id: int,
    take=(),
    *,
    by: str,
    when: dt.datetime,
) -> Asset:
    """Keep listing ``keep_id`` of the pair, taking the ``take`` groups from the other."""
    a, b = pair(session, candidate)
    if keep_id not in (a.id, b.id):
        raise MapappError("Choose which of the two listings to keep.", 400)
    unknown = set(take) - set(TAKE)
    if unknown:
        raise MapappError(f"Unknown fields to take: {', '.join(sorted(unknown))}.", 400)
    survivor, other = (a, b) if keep_id == a.id else (b, a)
    _check_open(candidate, survivor, other)
    log = {"by": by, "via": "editor", "when": when}
    _take_fields(session, survivor, other, take, by, when)
    _move_sources(session, survivor, other, log)
    _move_feedback(session, survivor, other, log)
    before = history.snapshot(other)
    other.status = "archived"
    history.record_changes(session, other, before, by=by, via="editor", when=when)
    history.record(session, other, "merged_into", None, str(survivor.id), **log)
    history.record(session, survivor, "merged_from", None, str(other.id), **log)
    candidate.status = "merged"
    _close_other_candidates(session, candidate, survivor.id, other.id)
    session.flush()
    return survivor


def _take_fields(session, survivor: Asset, other: Asset, take, by, when) -> None:
    before, theirs = history.snapshot(survivor), history.snapshot(other)
    for group in TAKE:  # a fixed order: venue fields before the point
        if group in take:
            for field in TAKE[group][1]:
                history.set_field(session, survivor, field, theirs[field])
    history.record_changes(session, survivor, before, by=by, via="editor", when=when)


def source_list(asset: Asset) -> str | None:
    names = sorted(f"{s.source} ({s.source_id})" for s in asset.sources)
    return "; ".join(names) or None


def _move_sources(session, survivor: Asset, other: Asset, log: dict) -> None:
    """Both sources' provenance ends up on the survivor (none is dropped)."""
    kept_before, theirs = source_list(survivor), source_list(other)
    if not other.sources:
        return
    for source in list(other.sources):
        source.asset = survivor
    history.record(session, survivor, "sources", kept_before, source_list(survivor), **log)
    history.record(session, other, "sources", theirs, None, **log)


def _move_feedback(session, survivor: Asset, other: Asset, log: dict) -> None:
    reports = session.scalars(
        select(Feedback).where(Feedback.asset_id == other.id, Feedback.status == "open")
    ).all()
    for report in reports:
        report.asset_id = survivor.id
    if reports:
        ids = ", ".join(str(r.id) for r in reports)
        moved = f"open reports {ids} moved from listing {other.id}"
        history.record(session, survivor, "feedback", None, moved, **log)


def _close_other_candidates(
    session, done: DuplicateCandidate, survivor_id: int, other_id: int
) -> None:
    """The archived listing can no longer be merged with anything: close its other pairs
    (the same pair the other way round counts as merged)."""
    for candidate in session.scalars(
        select(DuplicateCandidate).where(
            DuplicateCandidate.status == "open",
            DuplicateCandidate.id != done.id,
            or_(
                DuplicateCandidate.asset_id == other_id,
                DuplicateCandidate.other_asset_id == other_id,
            ),
        )
    ):
        same_pair = {candidate.asset_id, candidate.other_asset_id} == {survivor_id, other_id}
        candidate.status = "merged" if same_pair else "dismissed"
