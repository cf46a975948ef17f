"""What the finder page shows for a search near a place: the listings one can go to, nearest
first, and the online ones apart (an online meeting is never "within 5 km"); when few are
near, how many more the next distance step holds; and which are in progress or start soon.

The JSON API answers the plain search (finder/search.py); this is the page's reading of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from ..params import MAX_RADIUS_KM
from .search import Filters, Result, SearchResult, search

RADIUS_STEPS = (1, 2, 5, 10, 20, 50, 100)  # km: the page's distance choices
FEW = 5  # fewer located results than this: say what the next distance step would add
ONLINE_SHOWN = 10
SOON = dt.timedelta(hours=1)
IN_PERSON = ("in_person", "hybrid")


@dataclass
class NextStep:
    radius_km: float
    more: int  # listings between this radius and the next step's (at least, if capped)
    capped: bool


@dataclass
class FinderPage:
    nearby: SearchResult  # in person or hybrid (or every listing, with no place given)
    online: SearchResult | None  # online only, with a place given and online not excluded
    next_step: NextStep | None
    in_progress: int
    starting_soon: int


def find_page(session: Session, filters: Filters, now: dt.datetime) -> FinderPage:
    if not filters.near:
        found = search(session, filters, now)
        return FinderPage(found, None, None, *_timing(found.results, now))
    modes = tuple(m for m in (filters.attendance or IN_PERSON) if m != "online")
    wants_online = not filters.attendance or "online" in filters.attendance
    nearby = (
        search(session, replace(filters, attendance=modes), now)
        if modes
        else SearchResult(filters, None, 0)
    )
    online = None
    if wants_online:
        online_filters = replace(filters, attendance=("online",), limit=ONLINE_SHOWN, offset=0)
        online = search(session, online_filters, now, nearby.origin)
        nearby.origin = nearby.origin or online.origin
    step = _next_step(session, replace(filters, attendance=modes), nearby, now) if modes else None
    shown = nearby.results + (online.results if online else [])
    return FinderPage(nearby, online, step, *_timing(shown, now))


def _next_step(session, filters: Filters, nearby: SearchResult, now) -> NextStep | None:
    """When few in-person listings are within the distance, how many the next step adds."""
    if nearby.total is None or nearby.total >= FEW or filters.radius_km >= MAX_RADIUS_KM:
        return None
    wider = next((km for km in RADIUS_STEPS if km > filters.radius_km), MAX_RADIUS_KM)
    cap = nearby.total + 50
    found = search(
        session, replace(filters, radius_km=wider, limit=cap, offset=0), now, nearby.origin
    )
    count = len(found.results) if found.total is None else found.total
    more = count - nearby.total
    return NextStep(wider, more, found.total is None) if more > 0 else None


def _timing(results: list[Result], now: dt.datetime) -> tuple[int, int]:
    """(in progress, starting within the hour) among ``results``."""
    progress = sum(1 for r in results if in_progress(r, now))
    soon = sum(1 for r in results if starts_soon(r, now))
    return progress, soon


def in_progress(result: Result, now: dt.datetime) -> bool:
    return bool(result.session) and result.session[0] <= now < result.session[1]


def starts_soon(result: Result, now: dt.datetime) -> bool:
    return bool(result.session) and now < result.session[0] <= now + SOON
