"""Gap analyses kept in each process, under the data version they were computed at.

A gap analysis reads every listing and LSOA of the area and takes tenths of a second at
20,000 listings; its inputs change only when listings or reference data do. Each worker
keeps the last few results keyed by (parameters, the day, the data version): the version
is read from the database (one small query), so a change made through any worker, an
import or a restore is seen by every worker at its next request, and nothing a request
needs lives only in one process. Bounded: the least recently used result goes first.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from sqlalchemy.orm import Session

from .. import data_version
from .params import GapParams

DEFAULT_SIZE = 32  # distinct parameter sets per worker; one Derbyshire baseline is ~1 MB


class GapCache:
    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self.hits = self.misses = 0
        self._results: OrderedDict = OrderedDict()
        self._lock = threading.Lock()  # threaded workers share one cache

    def get(self, key):
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return found

    def put(self, key, value) -> None:
        with self._lock:
            self._results[key] = value
            self._results.move_to_end(key)
            while len(self._results) > self.size:
                self._results.popitem(last=False)

    def __len__(self) -> int:
        return len(self._results)


def cached_gap_analysis(
    session: Session,
    params: GapParams,
    cache: GapCache,
    today: dt.date | None = None,
    on_miss=None,
):
    """gap_analysis(session, params, today), from ``cache`` when the data has not changed
    since it was computed. The report is shared: callers only read it. ``on_miss()`` is
    called before a new analysis is computed (see cached_baseline)."""
    return cached_baseline(session, params, cache, today, on_miss).report


def cached_baseline(
    session: Session,
    params: GapParams,
    cache: GapCache,
    today: dt.date | None = None,
    on_miss=None,
):
    """gap_baseline(session, params, today) from ``cache``: the report and the distances
    behind it, which scenarios and best sites reuse. One entry serves all three.
    ``on_miss()`` is called before a new one is computed (the web layer charges the
    client's budget there, and raises to refuse)."""
    from . import _today, gap_baseline

    # The version first: data read after it is at least as new, so a result is never
    # older than the version it is filed under.
    version = data_version.current(session.connection())
    key = (params, today or _today(), version)
    found = cache.get(key)
    if found is None:
        if on_miss is not None:
            on_miss()
        found = gap_baseline(session, params, key[1])
        cache.put(key, found)
    return found
