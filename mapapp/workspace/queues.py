"""The review queues' queries: stale, needs review (from ingest) and geocode problems.

Each queue lists active listings, filtered by district and domain the way the workspace
dashboard counts them (workspace/dashboard.py, by district_key), so a number on the dashboard and the length of
the queue it links to agree: district "none" is the dashboard's row for listings with no
district in the area (online only, not located, or placed outside).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from .. import vocab as D
from ..listings.present import stale_condition
from ..models import (
    Asset,
    AssetDomain,
    District,
    DuplicateCandidate,
    IngestIssue,
    IngestRun,
    Venue,
)

PAGE_SIZE = 50
NO_DISTRICT = "none"  # the district key of a listing with no district in the area
# Geocode problems, in the order a navigator should see them explained.
PROBLEMS = {
    "outside": "Located outside the area",
    "unlocated": "Not located, although it has an address or postcode",
    "place": "Only placed at a town or village",
}
# A point a navigator chose by hand (fixing a geocode) is never queued again for its
# precision: "place" on purpose (a listing that only says which town) is an answer.
NAVIGATOR_SOURCE = "navigator"


@dataclass(frozen=True)
class QueueFilter:
    district: str | None = None  # a district code, NO_DISTRICT, or None for all
    domain: str | None = None
    problem: str | None = None  # geocode queue only
    page: int = 1
    errors: dict = field(default_factory=dict, compare=False)

    def args(self, **changes) -> dict:
        """Query-string arguments for a link to this filter (e.g. another page)."""
        values = {
            "district": self.district,
            "domain": self.domain,
            "problem": self.problem,
            "page": self.page if self.page > 1 else None,
            **changes,
        }
        return {k: v for k, v in values.items() if v}


def area_districts(session: Session) -> list[tuple[str, str]]:
    return session.execute(
        select(District.code, District.name).where(District.in_area).order_by(District.name)
    ).all()


def parse_filter(args, area_codes: set[str]) -> QueueFilter:
    """The queue filter from a query string; unknown values are named, not ignored."""
    errors = {}
    district = args.get("district") or None
    if district and district != NO_DISTRICT and district not in area_codes:
        errors["district"] = f"“{district}” is not a district in the area: choose one below."
        district = None
    domain = args.get("domain") or None
    if domain and not D.is_domain(domain):
        errors["domain"] = f"“{domain}” is not a domain: choose one below."
        domain = None
    problem = args.get("problem") or None
    if problem and problem not in PROBLEMS:
        errors["problem"] = f"“{problem}” is not a kind of location problem: choose one below."
        problem = None
    page = args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        errors["page"] = f"“{page}” is not a page number: showing the first page."
        page = "1"
    return QueueFilter(district, domain, problem, int(page), errors)


@dataclass
class Page:
    items: list
    total: int
    page: int
    pages: int


def district_key(area_codes: set[str]):
    """A listing's district as the dashboard's rows and the queues' filter see it (SQL, over
    the listing's outer-joined venue): its venue's district when that is one of the area's,
    else NO_DISTRICT, "no district in the area": online only (no venue), not located, or
    placed outside the area. The one definition of "no district"."""
    in_area = Venue.district_code.in_(sorted(area_codes))
    return case((in_area, Venue.district_code), else_=NO_DISTRICT)


def filtered(query: Select, qf: QueueFilter, area_codes: set[str]) -> Select:
    if qf.district:
        query = query.where(district_key(area_codes) == qf.district)
    if qf.domain:
        query = query.where(
            Asset.id.in_(select(AssetDomain.asset_id).where(AssetDomain.domain == qf.domain))
        )
    return query


def _listings(*where, statuses=("active",)) -> Select:
    return (
        select(Asset)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(Asset.status.in_(statuses), *where)
    )


def _page(session: Session, query: Select, qf: QueueFilter, order) -> Page:
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(qf.page, pages)
    items = session.scalars(
        query.order_by(*order)
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
        .options(selectinload(Asset.venue), selectinload(Asset.domains))
    ).all()
    return Page(list(items), total, number, pages)


def stale_queue(
    session: Session, qf: QueueFilter, area_codes: set[str], moment: dt.datetime
) -> Page:
    """Never verified first, then the longest unverified; ties by id."""
    query = filtered(_listings(stale_condition(moment)), qf, area_codes)
    never_first = case((Asset.last_verified_at.is_(None), 0), else_=1)
    return _page(session, query, qf, (never_first, Asset.last_verified_at, Asset.id))


# Held rows (not public) are the ones the review queue exists for: a navigator confirms them.
REVIEW_STATUSES = ("active", "held")


def needs_review():
    """The one definition of "needs review" (SQL): the review queue lists these listings
    and the dashboard counts them."""
    return and_(Asset.needs_review.is_(True), Asset.status.in_(REVIEW_STATUSES))


def review_queue(session: Session, qf: QueueFilter, area_codes: set[str]) -> Page:
    query = filtered(_listings(needs_review(), statuses=REVIEW_STATUSES), qf, area_codes)
    return _page(session, query, qf, (Asset.id,))


def duplicates_queue(session: Session, qf: QueueFilter, area_codes: set[str]) -> Page:
    """Open duplicate candidates, likeliest first: each item (candidate, its listing, the
    listing it may duplicate). Filtered by the first listing's district, domain and words."""
    query = (
        select(DuplicateCandidate, Asset)
        .join(Asset, DuplicateCandidate.asset_id == Asset.id)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .where(DuplicateCandidate.status == "open")
    )
    query = filtered(query, qf, area_codes)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(qf.page, pages)
    rows = session.execute(
        query.order_by(DuplicateCandidate.score.desc(), DuplicateCandidate.id)
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    ).all()
    wanted = [candidate.other_asset_id for candidate, _asset in rows]
    others = {a.id: a for a in session.scalars(select(Asset).where(Asset.id.in_(wanted)))}
    items = [(c, a, others.get(c.other_asset_id)) for c, a in rows]
    return Page(items, total, number, pages)


def latest_issues(session: Session, asset_ids: list[int]) -> dict[int, tuple]:
    """asset id -> (issue, run) of the latest ingest issue flagged on it."""
    if not asset_ids:
        return {}
    rows = session.execute(
        select(IngestIssue, IngestRun)
        .join(IngestRun)
        .where(IngestIssue.asset_id.in_(asset_ids))
        .order_by(IngestIssue.id)
    ).all()
    return {issue.asset_id: (issue, run) for issue, run in rows}  # later ones win


def _problem_conditions() -> dict:
    has_address = or_(
        func.coalesce(Venue.address, "") != "", func.coalesce(Venue.postcode, "") != ""
    )
    return {
        "outside": Venue.outside_area.is_(True),
        "unlocated": and_(Venue.geom.is_(None), has_address),
        "place": and_(
            Venue.precision == "place",
            func.coalesce(Venue.geocode_source, "").not_like(f"{NAVIGATOR_SOURCE}%"),
        ),
    }


def geocode_queue(session: Session, qf: QueueFilter, area_codes: set[str]) -> Page:
    conditions = _problem_conditions()
    chosen = [conditions[qf.problem]] if qf.problem else list(conditions.values())
    query = filtered(_listings(Asset.venue_id.is_not(None), or_(*chosen)), qf, area_codes)
    return _page(session, query, qf, (Asset.id,))


def geocode_problem(venue: Venue | None) -> str | None:
    """Which PROBLEMS key puts this venue in the geocode queue (None: it is not there)."""
    if venue is None:
        return None
    if venue.outside_area:
        return "outside"
    if venue.geom is None and (venue.address or venue.postcode):
        return "unlocated"
    if venue.precision == "place" and not (venue.geocode_source or "").startswith(NAVIGATOR_SOURCE):
        return "place"
    return None
