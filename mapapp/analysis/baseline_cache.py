"""The analysis's kept state (a Baseline) per worker, under the data version, in the same
bounded cache as the reports (cache.GapCache): a scenario or a best-sites search reuses
the distances of the analysis it starts from instead of computing them again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .. import data_version
from ..errors import NoReferenceData
from .baseline import Baseline, baseline
from .cache import GapCache
from .params import GapParams


def load_baseline(session: Session, params: GapParams, today: dt.date) -> Baseline:
    from .load import load_listings, load_residents

    residents = load_residents(session)
    if residents.lsoas.empty:
        raise NoReferenceData(
            "There are no residents to analyse yet: the reference data "
            "(districts and LSOAs) are not loaded. Run 'mapapp reference "
            "load', then try again."
        )
    return baseline(residents, load_listings(session, today), params)


def cached_baseline(
    session: Session, params: GapParams, cache: GapCache, today: dt.date | None = None
) -> Baseline:
    from . import _today

    version = data_version.current(session.connection())  # first: see cache.py
    key = ("baseline", params, today or _today(), version)
    found = cache.get(key)
    if found is None:
        found = load_baseline(session, params, key[2])
        cache.put(key, found)
    return found
