"""Read-only views of listings for search results: plain rows, not ORM objects.

A page of results shows 50 to 500 listings. Loading them as ORM objects (identity map,
attribute instrumentation, a query per collection) took 6 ms of a 12 ms API request on
SpatiaLite and 10 of 16 on PostGIS at 100,000 listings; these views come from the query
that ranks the results plus one for their schedules. They carry the attribute names the presentation code reads (listings/present.py,
listings/schedules.py, maps/), so a view and an ``Asset`` can be shown by the same functions.
Anything that changes a listing loads the ``Asset`` itself.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import NamedTuple

from sqlalchemy import Enum, String, func, select, type_coerce
from sqlalchemy.orm import Session

from .. import data_version, dialect
from ..models import Asset, AssetDomain, AssetTag, Organisation, Schedule, Venue
from .cache import cache_for
from .schedules import LONDON, next_and_expiry

CHUNK = 500  # ids per IN-list: well inside every backend's limit on bound values
# What a result shows (present.asset_properties, the maps, the filters): no descriptions,
# review notes or timestamps, which a page of results never reads.
_ASSET = (
    "id",
    "slug",
    "name",
    "kind",
    "fellowship",
    "types",
    "venue_id",
    "attendance",
    "conference_url",
    "conference_phone",
    "website",
    "email",
    "phone",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_private",
    "status",
    "last_verified_at",
    "is_demo",
)
_VENUE = ("name", "address", "town", "postcode", "precision")


class VenueView(SimpleNamespace):
    @property
    def lonlat(self) -> tuple[float, float] | None:
        return None if self.lon is None else (self.lon, self.lat)


class ListingView(SimpleNamespace):
    def tag_values(self, category: str) -> list[str]:
        return [tag for cat, tag in self.tags if cat == category]


_MISSING = object()


def remembered(listing, name: str, make):
    """``make(listing)``, kept on ``listing`` if it is a view (views are shared by the
    requests of a data version and never change; an ``Asset`` may, so it is not kept on)."""
    if not isinstance(listing, ListingView):
        return make(listing)
    value = listing.__dict__.get(name, _MISSING)
    if value is _MISSING:
        value = make(listing)
        setattr(listing, name, value)
    return value


def next_session_of(listing, now):
    """schedules.next_of(listing.schedules, now), remembered on a view while it cannot
    change: each schedule's next session stays the same from ``now`` until it ends (the
    days before it have ended already), so the earliest of them all stays the same until
    the first of their ends, on the same Europe/London day (the search starts from
    yesterday and spans SEARCH_DAYS from today)."""
    if not isinstance(listing, ListingView):
        return next_and_expiry(listing.schedules, now)[0]
    today = now.astimezone(LONDON).date()
    memo = listing.__dict__.get("_next_session")
    if memo is not None:
        day, since, until, found = memo
        if day == today and since <= now and (until is None or now < until):
            return found
    found, until = next_and_expiry(listing.schedules, now)
    listing._next_session = (today, now, until, found)  # one tuple: threads see it whole
    return found


def views_query(*extra, located_only: bool = False):
    """SELECT what a view is made of, and any ``extra`` columns, FROM listings joined to
    their venues (only listings with one, if ``located_only``): a search adds its distance,
    so the page's rows arrive with the query that ranks them."""
    return select(*_columns(), *extra).join_from(
        Asset, Venue, Asset.venue_id == Venue.id, isouter=not located_only
    )


def ids_query(*extra, located_only: bool = False):
    """SELECT each listing's id and the data version its row is at, and any ``extra``
    columns, FROM the same join as views_query: for a search that looks at many listings to
    keep a few (day and time rules run in Python), whose views then come from the cache
    (views_for)."""
    return select(
        Asset.id.label("id"), data_version.in_statement().label("data_version"), *extra
    ).join_from(Asset, Venue, Asset.venue_id == Venue.id, isouter=not located_only)


def _columns() -> list:
    """Domains and tags come along as joined strings (codes hold no ',' '|' or ':')."""
    assets, venues = Asset.__table__, Venue.__table__
    return [
        *(_plain(assets.c[c]).label(c) for c in _ASSET),
        *(_plain(venues.c[c]).label(f"venue_{c}") for c in _VENUE),
        func.ST_X(venues.c.geom).label("venue_lon"),
        func.ST_Y(venues.c.geom).label("venue_lat"),
        # Run by a lived-experience-led organisation (organisation changes bump the data
        # version, so a kept view never outlives its flag).
        func.coalesce(
            select(Organisation.lero)
            .where(Organisation.id == assets.c.organisation_id)
            .scalar_subquery(),
            False,
        ).label("lero"),
        _joined(AssetDomain.domain, AssetDomain.asset_id, ",").label("domain_list"),
        _joined(AssetTag.category + ":" + AssetTag.tag, AssetTag.asset_id, "|").label("tag_list"),
        data_version.in_statement().label("data_version"),
    ]


def _plain(column):
    """Enumerations read as the strings they are stored as: checking each value against
    its enumeration again on the way out cost 3% of a finder request, for values the
    database's CHECK constraint already holds to it."""
    return type_coerce(column, String) if isinstance(column.type, Enum) else column


def _joined(value, asset_id, separator: str):
    # aggregate_strings is string_agg on PostgreSQL and group_concat on SQLite.
    return (
        select(func.aggregate_strings(type_coerce(value, String), separator))
        .where(asset_id == Asset.id)
        .scalar_subquery()
    )


def views_from_rows(session: Session, rows) -> list[ListingView]:
    """Views from rows of views_query(): those kept at the rows' data version from the
    cache (listings/cache.py), the others built, with their schedules added by one more
    query per CHUNK listings, and kept. The rows share one layout (every caller's come from
    views_query with the same extra columns)."""
    rows = list(rows)
    if not rows:
        return []
    cache = cache_for(session.connection())
    at = _layout(rows[0]._fields)
    views, built = [], {}
    for row in rows:
        asset_id = row[at.id]
        view = cache.get(asset_id, row[at.version]) if cache is not None else None
        if view is None:
            view = built.get(asset_id) or _view(row, at)
            built[asset_id] = view
        views.append(view)
    fresh = list(built.values())
    for start in range(0, len(fresh), CHUNK):
        _add_schedules(session, {view.id: view for view in fresh[start : start + CHUNK]})
    if cache is not None:
        cache.put_all(fresh)
    return views


def views_for(session: Session, keys: list[tuple[int, int]]) -> list[ListingView] | None:
    """The views of (id, data version) pairs read by an ids_query, in their order: those
    kept at that version from the cache, the others read in full (and kept). None when they
    cannot be had at those versions: the transaction has written (no cache), or the data
    changed between the two statements (PostgreSQL reads each at its own snapshot); the
    caller then reads its rows in full, in one statement."""
    bind = session.connection()
    cache = cache_for(bind)
    if cache is None:
        return None
    found = {}
    for asset_id, version in keys:
        view = cache.get(asset_id, version)
        if view is not None:
            found[asset_id] = view
    missing = [asset_id for asset_id, _version in keys if asset_id not in found]
    for start in range(0, len(missing), CHUNK):
        rows = bind.execute(_by_ids(bind, _views_of), {"ids": missing[start : start + CHUNK]})
        found.update((view.id, view) for view in views_from_rows(session, rows.all()))
    views = [found.get(asset_id) for asset_id, _version in keys]
    if any(
        view is None or view.data_version != version
        for view, (_id, version) in zip(views, keys, strict=True)
    ):
        return None
    return views


class _Layout(NamedTuple):
    """Where each part of a view is in a row of views_query() (rows are read by position:
    a mapping per row cost more than the rest of building the view)."""

    id: int
    version: int
    asset: tuple[tuple[str, int], ...]
    venue: tuple[tuple[str, int], ...]
    venue_id: int
    lon: int
    lat: int
    lero: int
    domains: int
    tags: int


@functools.lru_cache(maxsize=64)
def _layout(fields: tuple[str, ...]) -> _Layout:
    at = {name: i for i, name in enumerate(fields)}
    return _Layout(
        at["id"],
        at["data_version"],
        tuple((c, at[c]) for c in _ASSET),
        tuple((c, at[f"venue_{c}"]) for c in _VENUE),
        at["venue_id"],
        at["venue_lon"],
        at["venue_lat"],
        at["lero"],
        at["domain_list"],
        at["tag_list"],
    )


def _view(row, at: _Layout) -> ListingView:
    fields = {c: row[i] for c, i in at.asset}
    fields["data_version"] = row[at.version]
    fields["lero"] = bool(row[at.lero])
    venue = (
        None
        if row[at.venue_id] is None
        else VenueView(**{c: row[i] for c, i in at.venue}, lon=row[at.lon], lat=row[at.lat])
    )
    domains, tag_list = row[at.domains], row[at.tags]
    tags = [tuple(pair.split(":", 1)) for pair in (tag_list or "").split("|") if pair]
    return ListingView(
        **fields,
        venue=venue,
        schedules=[],
        domain_codes=sorted(domains.split(",")) if domains else [],
        tags=sorted(tags, key=lambda pair: pair[1]),
    )


# Built once per dialect: the ids are one parameter (dialect.one_of_ids), and Core execution
# skips the ORM's per-statement work (these run for every page of results).
_BY_IDS: dict = {}


def _by_ids(bind, make):
    """``make(bind)``, built once per dialect."""
    key = (bind.dialect.name, make)
    statement = _BY_IDS.get(key)
    if statement is None:
        statement = _BY_IDS[key] = make(bind)
    return statement


def _schedules_of(bind):
    schedules = Schedule.__table__
    one_of = dialect.one_of_ids(bind, schedules.c.asset_id)
    return select(schedules).where(one_of).order_by(schedules.c.id)


def _views_of(bind):
    return views_query().where(dialect.one_of_ids(bind, Asset.id))


def _add_schedules(session: Session, views: dict[int, ListingView]) -> None:
    bind = session.connection()
    result = bind.execute(_by_ids(bind, _schedules_of), {"ids": list(views)})
    names = tuple(result.keys())
    asset_id = names.index("asset_id")
    for row in result:  # read as a tuple: a mapping per row cost a third of this
        views[row[asset_id]].schedules.append(SimpleNamespace(**dict(zip(names, row, strict=True))))
