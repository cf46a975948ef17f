"""The workspace dashboard's figures: what needs attention, by district and by domain.

Every figure comes from a few GROUP BY queries (one per table counted), the same SQL on
SpatiaLite and PostGIS. Listing counts are of active listings, except "needs review", which
counts held listings too (the review queue lists them: queues.needs_review), and the two
unpublished columns (inactive, archived), which every role that opens the dashboard sees,
commissioners included; a listing is stale when it was never verified or last verified more than
present.STALE_AFTER ago (as present.is_stale). Rows are the area's districts plus one for
listings with no district in the area, grouped by queues.district_key: the same listings the
queue a figure links to lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from .. import vocab as D
from ..listings.present import stale_condition
from ..models import Asset, AssetDomain, DuplicateCandidate, Feedback, Venue
from .queues import NO_DISTRICT, REVIEW_STATUSES, area_districts, district_key, needs_review

COLUMNS = (
    "active",
    "stale",
    "needs_review",
    "outside_area",
    "duplicates",
    "feedback",
    "inactive",
    "archived",
)


@dataclass
class Row:
    code: str | None
    name: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))


@dataclass
class Dashboard:
    districts: list[Row]
    total: Row
    domains: list[Row]


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def dashboard_counts(session: Session, moment: dt.datetime) -> Dashboard:
    districts = area_districts(session)
    rows = {code: Row(code, name) for code, name in districts}
    rows[NO_DISTRICT] = Row(NO_DISTRICT, "No district in the area (online, not located or outside)")
    district = district_key({code for code, _name in districts}).label("district")
    for code, column, value in _district_counts(session, district, moment):
        rows[code].counts[column] += int(value or 0)
    total = Row(None, "All listings")
    for row in rows.values():
        for column in COLUMNS:
            total.counts[column] += row.counts[column]
    return Dashboard(list(rows.values()), total, _domain_rows(session, moment))


def _district_counts(session: Session, district, moment: dt.datetime):
    """(district key, column, count) for every figure of the district table."""
    listings = session.execute(
        select(district, *_listing_figures(moment, Venue.outside_area.is_(True)))
        .select_from(Asset)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Asset.status.in_(REVIEW_STATUSES))
        .group_by(district)
    ).all()
    for code, *values in listings:
        yield from ((code, column, v) for column, v in zip(COLUMNS[:4], values, strict=True))
    duplicates = session.execute(
        select(district, func.count(DuplicateCandidate.id))
        .select_from(DuplicateCandidate)
        .join(Asset, DuplicateCandidate.asset_id == Asset.id)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(DuplicateCandidate.status == "open")
        .group_by(district)
    ).all()
    yield from ((code, "duplicates", count) for code, count in duplicates)
    feedback = session.execute(
        select(district, func.count(Feedback.id))
        .select_from(Feedback)
        .outerjoin(Asset, Feedback.asset_id == Asset.id)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Feedback.status == "open")
        .group_by(district)
    ).all()
    yield from ((code, "feedback", count) for code, count in feedback)
    # Unpublished listings: commissioners see these counts too (never the listings).
    unpublished = session.execute(
        select(district, Asset.status, func.count(Asset.id))
        .select_from(Asset)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Asset.status.in_(("inactive", "archived")))
        .group_by(district, Asset.status)
    ).all()
    yield from ((code, status, count) for code, status, count in unpublished)


def _listing_figures(moment: dt.datetime, *among_active):
    """Sums over active and held listings: the active ones, the stale among them, those
    that need review (held ones too, as the review queue lists them: queues.needs_review),
    then one for each condition of ``among_active``, among the active ones."""
    active = Asset.status == "active"
    return (
        _sum(active),
        _sum(and_(active, stale_condition(moment))),
        _sum(needs_review()),
        *(_sum(and_(active, condition)) for condition in among_active),
    )


def _domain_rows(session: Session, moment: dt.datetime) -> list[Row]:
    by_domain = {
        code: (active, stale_n, review)
        for code, active, stale_n, review in session.execute(
            select(AssetDomain.domain, *_listing_figures(moment))
            .join(Asset, AssetDomain.asset_id == Asset.id)
            .where(Asset.status.in_(REVIEW_STATUSES))
            .group_by(AssetDomain.domain)
        ).all()
    }
    domain_rows = []
    for domain in D.DOMAINS:
        row = Row(domain.code, domain.label)
        active, stale_n, review = by_domain.get(domain.code, (0, 0, 0))
        row.counts.update(active=int(active), stale=int(stale_n), needs_review=int(review))
        domain_rows.append(row)
    return domain_rows
