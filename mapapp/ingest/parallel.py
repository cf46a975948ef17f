"""Prepare rows for loading (build, geocode offline, hash), on several processes when a
file is big enough to gain.

Normalising, classifying and geocoding from the reference tables is pure Python and takes
over half of a large import; it needs nothing from the database, so worker processes can
do it while the main process deduplicates and writes. The order of rows is kept.

Workers are forked: they inherit the loaded modules, the compiled rule tables and the
geocoder's postcode and place tables, so they start in milliseconds and nothing large is
pickled. Forking a process that runs other threads can deadlock, so the web app imports
with one worker (the default) and the command line asks for more. An online geocoder
(throttled to about one request a second, and writing to the cache table) keeps a run on
one process: then the network, not the CPU, sets the pace.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..listings.schedules import describe
from ..vocab import REASONS_SEP
from .build import build
from .changes import record_hash
from .geocode import OUTSIDE_AREA, Geocode, Geocoder
from .how_read import listing_reading
from .records import Listing, RawRow, Rejected

# Below this many rows per worker the pool's start-up costs more than it saves.
MIN_ROWS_PER_WORKER = 2_000
CHUNK = 500
WORKER_NICENESS = 10  # added to the workers' nice value: they yield to the main process


@dataclass(frozen=True, slots=True)
class Prepared:
    listing: Listing
    geo: Geocode
    digest: str  # record_hash: equal to the stored one means an unchanged re-import
    reason: str | None  # why a navigator should look at it, if anything
    doubtful: bool  # some part was not understood: held until a navigator confirms it
    read: list  # how it was read, for the report (made here, on the worker processes)


def default_workers() -> int:
    """The cores this process may use, at most 4 (beyond that the main process, which
    writes, is the bottleneck)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def prepare(
    row: RawRow, source_kind: str | None, geocoder: Geocoder, fellowship: str | None = None
) -> Prepared | Rejected:
    """A rejected row is returned, not raised: it is a result to report, not a failure."""
    try:
        listing = build(row, source_kind, fellowship)
    except Rejected as exc:
        return exc
    geo = geocoder.geocode(listing)
    if geo.corrected_postcode:
        listing = _corrected(listing, geo.corrected_postcode)
    if geo.corrected_town:
        listing = _town_read_as(listing, geo.corrected_town)
    doubts = list(listing.flags) + ([geo.flag] if geo.flag else [])
    reason = REASONS_SEP.join(doubts + ([OUTSIDE_AREA] if geo.outside_area else [])) or None
    return Prepared(
        listing,
        geo,
        record_hash(listing, geo, reason),
        reason,
        bool(doubts),
        listing_reading(listing, geo, listing.how, describe),
    )


def _corrected(listing: Listing, postcode: str) -> Listing:
    """The repaired postcode is the listing's; the report says what was typed."""
    how = dict(listing.how)
    how["postcode"] = f"'{listing.postcode}' corrected to {postcode}" + (
        f" ({how['postcode']})" if how.get("postcode") else ""
    )
    return replace(listing, postcode=postcode, how=how)


def _town_read_as(listing: Listing, town: str) -> Listing:
    """The town as read is the listing's (people search and read it); the report says what
    was typed."""
    how = dict(listing.how)
    how["town"] = f"'{listing.town}' read as {town}"
    return replace(listing, town=town, how=how)


def prepare_all(
    rows: list[RawRow],
    source_kind: str | None,
    geocoder: Geocoder,
    workers: int = 1,
    fellowship: str | None = None,
) -> Iterator[tuple[RawRow, Prepared | Rejected]]:
    """(row, prepared) or (row, the reason it was rejected), in the rows' order."""
    workers = min(workers, len(rows) // MIN_ROWS_PER_WORKER)
    if (
        workers <= 1
        or geocoder.online is not None
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield from ((row, prepare(row, source_kind, geocoder, fellowship)) for row in rows)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(
        workers, initializer=_start_worker, initargs=(source_kind, geocoder, fellowship)
    ) as pool:
        yield from zip(rows, pool.imap(_prepare_in_worker, rows, chunksize=CHUNK), strict=True)


_worker_state: tuple[str | None, Geocoder, str | None] | None = None


def _start_worker(source_kind: str | None, geocoder: Geocoder, fellowship: str | None) -> None:
    global _worker_state  # one per forked worker process; set once, before any row
    _worker_state = (source_kind, geocoder, fellowship)
    # The main process, which deduplicates and writes, is the slower half: with as many
    # workers as cores it got two thirds of a core. Yielding to it made a 50,000-row
    # SpatiaLite import 5-8% faster on 2 cores (4 runs; PostGIS within its noise).
    os.nice(WORKER_NICENESS)


def _prepare_in_worker(row: RawRow) -> Prepared | Rejected:
    return prepare(row, *_worker_state)
