"""Listing views kept in each process under the data version they were read at.

A finder request used to rebuild every listing of its page from the rows: the view, a
query for the schedules, the schedule descriptions and the published properties, a third
to a half of the request's CPU at 100,000 listings. None of that changes until a listing
does, and the same listings come back again and again (a page near a postcode shares most
of its listings with the pages near its neighbours). So each process keeps the views it
has built, each with the data version (data_version.py) that was read in the same
statement as its row; a view is reused only when the page's rows carry that same version.
Any write to listings, venues, schedules, domains or tags bumps the version, through any
worker, an import or a restore, so an edit shows in the next response of every worker.

What depends on the moment (the next session, "in progress", "may be out of date") or on
the request (distance, URLs) is still worked out per request; the next session is only
remembered for as long as it provably stays the same (see next_session_of).

One cache per connection pool, i.e. per engine: two apps, or two test databases, never
share entries. Bounded: when full it is emptied and refills from the following pages.
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection

from .. import data_version

DEFAULT_SIZE = 20_000  # views per process and database; a view is 2-3 KB with its properties


class ViewCache:
    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self.hits = self.misses = 0
        self._views: dict = {}
        self._lock = threading.Lock()  # threaded workers share one cache

    def get(self, asset_id: int, version: int):
        """The view of ``asset_id`` read at ``version``, or None."""
        view = None if version is None else self._views.get(asset_id)
        if view is not None and view.data_version == version:
            self.hits += 1
            return view
        self.misses += 1
        return None

    def put_all(self, views) -> None:
        """Keep ``views``, which are complete (schedules added) and never changed after."""
        views = list(views)
        with self._lock:
            if len(self._views) + len(views) > self.size:
                self._views.clear()
            for view in views:
                if view.data_version is not None:
                    self._views[view.id] = view

    def __len__(self) -> int:
        return len(self._views)


_CACHES = data_version.PerPool(ViewCache)


def cache_for(bind: Connection) -> ViewCache | None:
    """The cache of ``bind``'s engine; None while ``bind``'s transaction has written to
    listings (see data_version.PerPool)."""
    return _CACHES.get(bind)
