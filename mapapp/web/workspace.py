"""The navigator workspace: a dashboard of what needs attention, by district and domain.

Every figure comes from a few GROUP BY queries (one per table counted), the same SQL on
SpatiaLite and PostGIS. Listing counts are of active listings, except the two unpublished
columns (inactive, archived), which every role that opens the dashboard sees, commissioners
included; a listing is stale when it
was never verified or last verified more than present.STALE_AFTER ago (as present.is_stale).
Rows are the area's districts plus one for listings with no district in the area (online
only, not located, or placed outside the area).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import Blueprint, render_template
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .. import vocab as D
from ..listings.present import STALE_AFTER, stale_condition
from ..models import Asset, AssetDomain, District, DuplicateCandidate, Feedback, Venue
from .auth import current_user, role_required
from .clock import now
from .database import get_session

bp = Blueprint("workspace", __name__)

NO_DISTRICT = None
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
    districts = session.execute(
        select(District.code, District.name).where(District.in_area).order_by(District.name)
    ).all()
    rows = {code: Row(code, name) for code, name in districts}
    other = Row(NO_DISTRICT, "No district in the area (online, not located or outside)")

    def add(code, column, value):
        (rows.get(code) or other).counts[column] += int(value or 0)

    stale = stale_condition(moment)
    listings = session.execute(
        select(
            Venue.district_code,
            func.count(Asset.id),
            _sum(stale),
            _sum(Asset.needs_review.is_(True)),
            _sum(Venue.outside_area.is_(True)),
        )
        .select_from(Asset)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Asset.status == "active")
        .group_by(Venue.district_code)
    ).all()
    for code, active, stale_n, review, outside in listings:
        for column, value in zip(COLUMNS[:4], (active, stale_n, review, outside), strict=True):
            add(code, column, value)
    duplicates = session.execute(
        select(Venue.district_code, func.count(DuplicateCandidate.id))
        .select_from(DuplicateCandidate)
        .join(Asset, DuplicateCandidate.asset_id == Asset.id)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(DuplicateCandidate.status == "open")
        .group_by(Venue.district_code)
    ).all()
    for code, count in duplicates:
        add(code, "duplicates", count)
    feedback = session.execute(
        select(Venue.district_code, func.count(Feedback.id))
        .select_from(Feedback)
        .outerjoin(Asset, Feedback.asset_id == Asset.id)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Feedback.status == "open")
        .group_by(Venue.district_code)
    ).all()
    for code, count in feedback:
        add(code, "feedback", count)
    # Unpublished listings: commissioners see these counts too (never the listings).
    unpublished = session.execute(
        select(Venue.district_code, Asset.status, func.count(Asset.id))
        .select_from(Asset)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Asset.status.in_(("inactive", "archived")))
        .group_by(Venue.district_code, Asset.status)
    ).all()
    for code, status, count in unpublished:
        add(code, status, count)

    district_rows = [*rows.values(), other]
    total = Row(None, "All listings")
    for row in district_rows:
        for column in COLUMNS:
            total.counts[column] += row.counts[column]

    by_domain = {
        code: (active, stale_n, review)
        for code, active, stale_n, review in session.execute(
            select(
                AssetDomain.domain,
                func.count(Asset.id),
                _sum(stale),
                _sum(Asset.needs_review.is_(True)),
            )
            .join(Asset, AssetDomain.asset_id == Asset.id)
            .where(Asset.status == "active")
            .group_by(AssetDomain.domain)
        ).all()
    }
    domain_rows = []
    for domain in D.DOMAINS:
        row = Row(domain.code, domain.label)
        active, stale_n, review = by_domain.get(domain.code, (0, 0, 0))
        row.counts.update(active=int(active), stale=int(stale_n), needs_review=int(review))
        domain_rows.append(row)
    return Dashboard(district_rows, total, domain_rows)


@bp.get("/workspace")
@role_required(*D.ROLES)
def dashboard():
    counts = dashboard_counts(get_session(), now())
    return render_template(
        "workspace.html", dashboard=counts, user=current_user(), stale_days=STALE_AFTER.days
    )
