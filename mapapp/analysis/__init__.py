"""Commissioner gap analysis: where residents are beyond reach of recovery assets, by
district, domain, deprivation and time of week.

    report = gap_analysis(session, parse_gap_params(request.args))
    report.to_json()   # what /api/gaps returns and /gaps renders

Loading (load.py) is a few set-based queries; everything after it (supply rules,
distances, aggregation, flags, the checklist and the access score) is pure computation on
frames in EPSG:27700, shared by the page, the API, the command line, the tests and the
benchmark.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ..errors import NoReferenceData
from .params import GapParams, parse_gap_params
from .report import GapReport, analyse

__all__ = [
    "GapParams",
    "GapReport",
    "analyse",
    "gap_analysis",
    "gap_baseline",
    "parse_gap_params",
]


def gap_analysis(session: Session, params: GapParams, today: dt.date | None = None) -> GapReport:
    """``today`` (a Europe/London date) picks the schedules in force; by default the system
    clock's (the web passes the day of its own clock, web/clock.now, which tests can set)."""
    return gap_baseline(session, params, today).report


def gap_baseline(session: Session, params: GapParams, today: dt.date | None = None):
    """The analysis with its kept state (baseline.Baseline): what scenarios and best
    sites start from."""
    from .baseline import baseline
    from .load import load_listings, load_residents

    residents = load_residents(session)
    if residents.lsoas.empty:
        raise NoReferenceData(
            "There are no residents to analyse yet: the reference data "
            "(districts and LSOAs) are not loaded. Run 'mapapp reference "
            "load', then try again."
        )
    return baseline(residents, load_listings(session, today or _today()), params)


def _today() -> dt.date:
    """Today in London by the system clock. The web passes the day of its own clock (which
    tests replace) as ``today``, so nothing here needs the app."""
    from ..listings.schedules import LONDON

    return dt.datetime.now(dt.UTC).astimezone(LONDON).date()
