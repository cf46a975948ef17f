"""Find listings: resolve where the person is, apply the filters, rank by distance or time.

Used by the JSON API and the result pages alike (one function, the same parameters).
Distances are true metres in EPSG:27700 from the indexed venue point; the radius test uses
the spatial index on both backends (dialect.within_distance). Day and time filters follow
the schedule rules (fortnightly weeks, nth weekday of the month) in Europe/London time.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from sqlalchemy import (
    Float,
    Integer,
    bindparam,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from .. import dialect
from .. import vocab as D
from ..errors import NotFound
from ..geo import to_bng
from ..listings.schedules import LONDON, occurs_on
from ..listings.views import (
    ListingView,
    ids_query,
    next_session_of,
    views_for,
    views_from_rows,
    views_query,
)
from ..models import Asset, AssetDomain, AssetTag, Organisation, Schedule, Venue
from ..params import (
    DEFAULT_LIMIT,
    DEFAULT_RADIUS_KM,
    FINDER,
    TODAY,
    WHEN,
    BadParameter,
)
from ..places import find_place, normal_postcode, remembered_postcode


@dataclass(frozen=True)
class Origin:
    label: str
    kind: str  # postcode | place | coordinates
    lon: float
    lat: float
    x: float
    y: float
    # A postcode's point as kept in memory (places.remembered_postcode): the data version it
    # was read at, checked against the version the listings come with (see search).
    version: int | None = field(default=None, compare=False)

    @property
    def words(self) -> str:
        """How the point is named to people: a shared location is "you", not numbers."""
        return "you" if self.kind == "coordinates" else self.label


@dataclass(frozen=True)
class Filters:
    near: str | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    domains: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    parts: tuple[str, ...] = ()
    time_from: dt.time | None = None
    time_to: dt.time | None = None
    ends_by: dt.time | None = None  # sessions that end at or before (Open Referral end_time)
    attendance: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    fellowships: tuple[str, ...] = ()
    q: str | None = None
    organisations: tuple[int, ...] = ()  # Open Referral organization_id
    modified_since: dt.datetime | None = None  # Open Referral modified_after (on or after)
    on_now: bool = False  # in progress, or starting within the hour
    lero: bool = False  # only listings run by a lived-experience-led organisation
    sort: str = "distance"
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass
class Result:
    asset: ListingView  # what a result shows, read without ORM objects
    distance_m: float | None
    session: tuple[dt.datetime, dt.datetime] | None


@dataclass
class SearchResult:
    filters: Filters
    origin: Origin | None
    total: int | None  # None: not counted, because more lie beyond this page (see more)
    results: list[Result] = field(default_factory=list)
    more: bool = False  # listings beyond this page


# --- parameters ------------------------------------------------------------------------------


def _when_days(when: str, now: dt.datetime) -> tuple[int, ...]:
    days = WHEN[when][1]
    if days is None:
        return ()
    today = now.astimezone(LONDON).weekday()
    return tuple(D.DAY_NUMBERS[d] if isinstance(d, str) else (today + d) % 7 for d in days)


def parse_filters(args, now: dt.datetime) -> Filters:
    """Read and check request parameters (params.FINDER); a bad one raises BadParameter
    naming it. They are checked in this order, so the first bad one is the one named."""

    def read(name: str):
        return FINDER.read(args, name)

    sort, when = read("sort"), read("when")
    days, parts = _days(read("day"), now), read("part")
    if when:
        days, parts = days or _when_days(when, now), parts or WHEN[when][2]
    return Filters(
        near=read("near"),
        radius_km=read("radius_km"),
        domains=read("domain"),
        kinds=read("kind"),
        days=days,
        parts=parts,
        time_from=read("from"),
        time_to=read("to"),
        attendance=read("attendance"),
        audience=read("audience"),
        accessibility=read("accessibility"),
        fellowships=read("fellowship"),
        q=read("q"),
        on_now=when == "now",
        lero=read("lero"),
        sort=sort,
        limit=read("limit"),
        offset=read("offset"),
    )


def _days(given: tuple, now: dt.datetime) -> tuple[int, ...]:
    """The weekday numbers of the day parameter, 'today' being today in Europe/London."""
    today = now.astimezone(LONDON).weekday()
    return tuple(dict.fromkeys(today if day == TODAY else day for day in given))


# --- where ---------------------------------------------------------------------------------

_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def resolve_near(session: Session, text: str, fresh: bool = False) -> Origin:
    """A postcode, a town or village, or 'lat,lon' -> a point; unknown -> NotFound naming it.
    ``fresh``: read a postcode again rather than take the one kept in memory."""
    coordinates = _LATLON.match(text)
    if coordinates:
        lat, lon = float(coordinates.group(1)), float(coordinates.group(2))
        if not (49 <= lat <= 61 and -9 <= lon <= 2.5):
            raise BadParameter(
                "near",
                text,
                "a postcode, a place name, or lat,lon in Great Britain (e.g. 52.92,-1.48)",
            )
        x, y = to_bng(lon, lat)
        return Origin(f"{lat:.5f}, {lon:.5f}", "coordinates", lon, lat, float(x), float(y))
    try:
        postcode = normal_postcode(text)
    except ValueError:
        postcode = None
    version = None
    if postcode:
        found, version = remembered_postcode(session, postcode, fresh)
    else:
        found = find_place(session, text)
    if found is None and postcode:
        raise NotFound(
            f"The postcode {postcode} was not found. Check it, or search for "
            "a town or village instead.",
            parameter="near",
            value=text,
        )
    if found is None:
        raise NotFound(
            f"No town, village or postcode called '{text}' was found. Check the "
            "spelling, or try a postcode.",
            parameter="near",
            value=text,
        )
    return Origin(
        found.name, found.kind, found.lon, found.lat, found.easting, found.northing, version
    )


# --- the search ------------------------------------------------------------------------------


def search(
    session: Session, filters: Filters, now: dt.datetime, origin: Origin | None = None
) -> SearchResult:
    """``origin``: where ``filters.near`` was already found to be (a page that searches
    twice near one place looks it up once)."""
    if origin is None and filters.near:
        origin = resolve_near(session, filters.near)
    found = _search(session, filters, now, origin)
    if origin is None or origin.version is None or _read_at(found) == origin.version:
        return found
    # The data changed after the postcode was kept (most often a listing, rarely the
    # postcodes): read it again, and search again only if its point moved.
    again = resolve_near(session, filters.near, fresh=True)
    if (again.x, again.y) != (origin.x, origin.y):
        return _search(session, filters, now, again)
    # The fresh origin (nothing left to check), so a page that searches again from it
    # (the online list, the next distance step) does not read the postcode once more.
    found.origin = again
    return found


def _read_at(found: SearchResult) -> int | None:
    """The data version the results were read at (None: no results to say)."""
    return next((getattr(r.asset, "data_version", None) for r in found.results), None)


def _search(session: Session, filters: Filters, now: dt.datetime, origin: Origin | None):
    online = origin is not None and (not filters.attendance or "online" in filters.attendance)
    if origin is None and filters.sort == "id" and not _schedule_filters(filters):
        return _id_page(session, filters, now)
    if _needs_schedule_rules(filters, origin):
        return _search_in_python(session, filters, origin, now, online)
    return _nearest_page(session, filters, origin, online, now)


def _needs_schedule_rules(f: Filters, origin: Origin | None) -> bool:
    """Day, time and 'on now' follow fortnightly and monthly rules; 'soonest first' needs
    every candidate's next session. Otherwise SQL can order and page."""
    return _schedule_filters(f) or f.sort == "next" or origin is None


def _schedule_filters(f: Filters) -> bool:
    return bool(f.days or f.parts or f.time_from or f.time_to or f.ends_by or f.on_now)


# A page needs only the listings inside the smallest circle that holds it: whatever lies
# outside a circle is farther than everything inside it. So a search in a dense city reads
# a few dozen rows, not the many thousands within the radius (measured: 20,000 listings
# within 5 km of central Derby in the 100,000-listing benchmark). That circle comes from
# the spatial index, in the statement that reads the page (dialect.nearest_circle_sql); it
# counts every venue, so filters or inactive listings may leave the page short, and then
# the circle widens (_next_circle) up to the radius. The cost is that the total is exact
# only when the page reaches the last listing; otherwise the result says there are more.


def _nearest_page(session, f: Filters, origin: Origin, online: bool, now) -> SearchResult:
    bind, radius = session.connection(), f.radius_km * 1000
    wanted = f.offset + f.limit + 1  # one beyond the page: is there another?
    rows, circle = _probed_rows(bind, f, origin, wanted, radius)
    statement = _located_statement(bind, f, paged=True)
    while len(rows) < wanted and circle < radius:
        circle = _next_circle(circle, len(rows), wanted, radius)
        rows = bind.execute(
            statement, {**_origin_values(origin, circle), "row_limit": wanted}
        ).all()
    hits = rows[f.offset : f.offset + f.limit]
    total = None if len(rows) >= wanted else len(rows)
    if online and total is not None:  # every located listing is listed: online ones follow
        page, count = _online_statements(bind, f)
        skip, room = max(0, f.offset - total), f.limit - len(hits)
        hits += bind.execute(page, {"row_offset": skip, "row_limit": room}).all()
        total += bind.execute(count).scalar_one()
    return SearchResult(f, origin, total, _results(session, hits, now), more=total is None)


def _id_page(session, f: Filters, now) -> SearchResult:
    """Listing order with no place, day or time (an Open Referral harvest): SQL pages it,
    so a page reads its own rows, not every listing."""
    query = _located_query(session.connection(), f, None, 0.0)
    rows = session.execute(query.offset(f.offset).limit(f.limit)).all()
    return SearchResult(f, None, _count(session, query), _results(session, rows, now))


def _results(session, rows, now) -> list[Result]:
    views = views_from_rows(session, rows)
    return [
        Result(view, row.distance_m, next_session_of(view, now))
        for view, row in zip(views, rows, strict=True)
    ]


def _probed_rows(bind, f: Filters, origin: Origin, wanted: int, radius: float):
    """The rows within the circle that holds the ``wanted`` nearest venues (at most the
    radius), and that circle, to widen from when the rows are fewer (venues of filtered-out
    or inactive listings). On PostgreSQL the statement that reads the rows finds the circle
    too, and the circle is only asked for on its own when it is needed (dialect.
    nearest_circle_sql); elsewhere it is asked for first."""
    values = {**_origin_values(origin, radius), "row_limit": wanted, "knn_skip": wanted - 1}
    statement = _located_statement(bind, f, paged=True, probed=True)
    rows = None if statement is None else bind.execute(statement, values).all()
    if rows is not None and len(rows) >= wanted:
        return rows, radius  # a full page: no need to know the circle
    reach = dialect.nearest_circle_m(bind, Venue, "geom_bng", origin.x, origin.y, wanted)
    circle = min(max(reach, 1.0), radius)
    if rows is None:
        values["circle_m"] = circle
        rows = bind.execute(_located_statement(bind, f, paged=True), values).all()
    return rows, circle


def _next_circle(circle: float, found: int, wanted: int, radius: float) -> float:
    """Listings spread roughly evenly over a small area, so the count grows with the area:
    aim for the circle that should hold the page, with a margin, growing 2x to 8x a step
    (a sparse area then needs two or three queries, not six)."""
    growth = math.sqrt(wanted / found) * 1.25 if found else 8.0
    return min(radius, circle * min(8.0, max(2.0, growth)))


def _count(session, query) -> int:
    return session.scalar(_counting(query))


def _counting(query):
    # The count replaces the view's columns rather than wrapping them: PostgreSQL then
    # counts from the index alone instead of building every row's domains and tags.
    return query.order_by(None).with_only_columns(func.count(), maintain_column_froms=True)


def _search_in_python(session, f: Filters, origin, now, online: bool) -> SearchResult:
    results = [
        r for r in _candidates(session, f, origin, now, online) if _when_matches(r.asset, f, now)
    ]
    if f.on_now:
        soon = now + dt.timedelta(hours=1)
        results = [r for r in results if r.session and r.session[0] <= soon]
    _sort(results, f, origin)
    return SearchResult(f, origin, len(results), results[f.offset : f.offset + f.limit])


def _candidates(session, f: Filters, origin, now, online: bool) -> list[Result]:
    """Every listing the SQL conditions let through, as results, for the rules in Python.

    Near a place they are read as ids first, with their distance and data version: their
    views come from the cache, and only those not kept are read in full. A day search near
    Derby looks at a thousand online listings to show ten, and reading each in full (its
    domains, tags and organisation) was half of the page on SpatiaLite. Read in full, in
    one statement, with no place (every listing: more than the cache holds), when the
    transaction has written, or when the data changed between the two reads."""
    bind = session.connection()
    if origin is not None:
        rows = [r for q in _queries(bind, f, origin, online, ids=True) for r in session.execute(q)]
        views = views_for(session, [(row.id, row.data_version) for row in rows])
        if views is not None:
            return [
                Result(view, row.distance_m, next_session_of(view, now))
                for view, row in zip(views, rows, strict=True)
            ]
    rows = [row for query in _queries(bind, f, origin, online) for row in session.execute(query)]
    return _results(session, rows, now)


def _queries(bind, f: Filters, origin, online: bool, ids: bool = False) -> list:
    queries = [_located_query(bind, f, origin, f.radius_km * 1000, ids)]
    if online:
        queries.append(_online_query(f, ids))  # no place to be near: listed after
    return queries


# The queries select what a result shows (listing_views.views_query) and its distance,
# so the rows of a page arrive with the query that ranks them; or, with ``ids``, only the
# listings' ids and data version (listing_views.ids_query), for _candidates.


def _located_query(bind, f: Filters, origin: Origin | None, radius_m: float, ids: bool = False):
    if origin is None:
        return views_query(null().label("distance_m")).where(*_conditions(f)).order_by(Asset.id)
    return _located_statement(bind, f, ids=ids).params(_origin_values(origin, radius_m))


# The point and the circle are bound parameters, so one statement per dialect and set of
# filters is built once and reused: building and hashing a fresh SELECT of some thirty
# columns cost more than running it (a third of an API request's time at 100,000
# listings). Bounded: free-text searches (q) make new entries.
_STATEMENTS: dict = {}
_MAX_STATEMENTS = 256
_UNBUILT = object()


def _origin_values(origin: Origin, circle_m: float) -> dict:
    return {"origin_x": origin.x, "origin_y": origin.y, "circle_m": circle_m}


def _located_statement(
    bind, f: Filters, paged: bool = False, ids: bool = False, probed: bool = False
):
    """The listings within circle_m of (origin_x, origin_y) passing ``f``, nearest first
    (the first row_limit of them if ``paged``; only ids and data version if ``ids``). If
    ``probed``, within the distance to the (knn_skip + 1)-th nearest venue instead, at most
    circle_m (dialect.nearest_circle_sql); None where the backend does not fold it in."""
    shape = replace(f, near=None, radius_km=0.0, limit=0, offset=0)
    key = (bind.dialect.name, shape, paged, ids, probed)
    statement = _STATEMENTS.get(key, _UNBUILT)
    if statement is _UNBUILT:
        statement = None
        x, y = bindparam("origin_x", type_=Float), bindparam("origin_y", type_=Float)
        circle = bindparam("circle_m", type_=Float)
        if probed:
            skip = bindparam("knn_skip", type_=Integer)
            circle = dialect.nearest_circle_sql(bind, Venue, "geom_bng", x, y, skip, circle)
        if circle is not None:
            distance = dialect.distance(bind, Venue, "geom_bng", x, y)
            statement = (
                (ids_query if ids else views_query)(distance.label("distance_m"), located_only=True)
                .where(
                    dialect.within_distance(bind, Venue, "geom_bng", x, y, circle), *_conditions(f)
                )
                .order_by(distance, Asset.id)
            )  # ties: a stable order
            if paged:
                statement = statement.limit(bindparam("row_limit", type_=Integer))
        if len(_STATEMENTS) >= _MAX_STATEMENTS:
            _STATEMENTS.clear()
        _STATEMENTS[key] = statement
    return statement


def _online_statements(bind, f: Filters):
    """A page of _online_query(f) (bound row_offset and row_limit) and its count, built
    once per dialect and set of filters like _located_statement (a quarter of searches,
    those that reach their last located listing, run them)."""
    shape = replace(f, near=None, radius_km=0.0, limit=0, offset=0)
    key = (bind.dialect.name, shape, "online")
    found = _STATEMENTS.get(key)
    if found is None:
        query = _online_query(f)
        found = (
            query.offset(bindparam("row_offset", type_=Integer)).limit(
                bindparam("row_limit", type_=Integer)
            ),
            _counting(query),
        )
        if len(_STATEMENTS) >= _MAX_STATEMENTS:
            _STATEMENTS.clear()
        _STATEMENTS[key] = found
    return found


def _online_query(f: Filters, ids: bool = False):
    """Online-only listings have no place to be near: they are listed after the rest."""
    # 'online' written into the SQL, not bound: a prepared statement's generic plan can use
    # the partial index on online listings (ix_assets_online_by_name) only then.
    return (
        (ids_query if ids else views_query)(null().label("distance_m"))
        .where(Asset.attendance == literal_column("'online'"), *_conditions(f))
        .order_by(Asset.name, Asset.id)
    )


def _conditions(f: Filters) -> list:
    conditions = [Asset.status == "active"]
    # Listings with a domain, a day or a tag as EXISTS on that listing's own rows, not "id IN
    # (every listing with it)": SQLite built the whole list first (all 15,000 Friday
    # schedules at 100,000 listings) to keep the few dozen near a place. PostgreSQL plans
    # both as the same semi-join.
    if f.domains:
        conditions.append(_has(AssetDomain.asset_id, AssetDomain.domain.in_(f.domains)))
    if f.kinds:
        conditions.append(Asset.kind.in_(f.kinds))
    if f.attendance:
        # Written into the SQL, not bound (a closed vocabulary, checked by params.FINDER):
        # PostgreSQL's generic plan then knows how rare online listings with a venue are, and
        # finds them from their partial index instead of reading every venue in the circle
        # (an online search near central Derby read 20,000 to find none: 64 ms).
        conditions.append(Asset.attendance.in_(_attendance_words(f.attendance)))
    if f.fellowships:
        conditions.append(Asset.fellowship.in_(f.fellowships))
    if f.organisations:
        conditions.append(Asset.organisation_id.in_(f.organisations))
    if f.lero:
        conditions.append(
            Asset.organisation_id.in_(select(Organisation.id).where(Organisation.lero))
        )
    if f.modified_since is not None:
        conditions.append(Asset.updated_at >= f.modified_since)
    if f.days:
        # Necessary, not sufficient: a session on a day needs a schedule with that weekday
        # (listings/schedules.occurs_on); fortnights, months and dates are checked after, in
        # Python (_when_matches). In SQL it spares reading six days in seven's listings.
        conditions.append(_has(Schedule.asset_id, Schedule.weekday.in_(f.days)))
    for category, tags in (("audience", f.audience), ("accessibility", f.accessibility)):
        if tags:
            conditions.append(
                _has(AssetTag.asset_id, AssetTag.category == category, AssetTag.tag.in_(tags))
            )
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            or_(
                *(
                    func.lower(column).like(pattern.lower(), escape="\\")
                    for column in (Asset.name, Asset.description, Asset.notes, Asset.fellowship)
                )
            )
        )
    return conditions


def _attendance_words(modes: tuple[str, ...]) -> list:
    unknown = set(modes) - set(D.ATTENDANCE)
    if unknown:  # never written into SQL: params.FINDER admits only the vocabulary's words
        raise ValueError(f"not a way to attend: {sorted(unknown)}")
    return [literal_column(f"'{mode}'") for mode in modes]


def _has(asset_id, *where):
    """The listing has a row (of asset_id's table) meeting ``where``."""
    return exists().where(asset_id == Asset.id, *where)


def _when_matches(asset: Asset, f: Filters, now: dt.datetime) -> bool:
    """Day and time filters need the schedule rules, so they run here, not in SQL."""
    if not (f.days or f.parts or f.time_from or f.time_to or f.ends_by):
        return True
    today = now.astimezone(LONDON).date()
    for schedule in asset.schedules:
        if f.days and not any(_meets_on_weekday(schedule, day, today) for day in f.days):
            continue
        if f.ends_by and not (schedule.end_time and schedule.end_time <= f.ends_by):
            continue
        if _time_matches(schedule.start_time, f):
            return True
    return False


def _meets_on_weekday(schedule, weekday: int, today: dt.date) -> bool:
    """On the next date with that weekday (today counts), does this schedule meet?"""
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return occurs_on(schedule, day)


def _time_matches(start: dt.time | None, f: Filters) -> bool:
    if start is None:
        return not (f.parts or f.time_from or f.time_to)
    if f.time_from and start < f.time_from or f.time_to and start > f.time_to:
        return False
    if not f.parts:
        return True
    return any(_in_part(start, D.DAY_PARTS[part]) for part in f.parts)


def _in_part(start: dt.time, bounds: tuple[dt.time, dt.time]) -> bool:
    low, high = bounds
    return low <= start < high if low < high else start >= low or start < high


def _sort(results: list[Result], f: Filters, origin: Origin | None) -> None:
    far = float("inf")
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    if f.sort == "id":  # the query's order, listing by listing: pages that do not shift
        return
    if origin is not None and f.sort == "distance":
        results.sort(key=lambda r: (r.distance_m is None, r.distance_m or 0.0))
    else:
        results.sort(
            key=lambda r: (
                r.session[0] if r.session else never,
                r.distance_m if r.distance_m is not None else far,
            )
        )


def total_of(session: Session, found: SearchResult) -> int:
    """How many listings match, even when the page came from widening circles and left the
    total uncounted (see _nearest_page): Open Referral's paging needs the number."""
    if found.total is not None:
        return found.total
    f, origin = found.filters, found.origin
    total = _count(session, _located_query(session.connection(), f, origin, f.radius_km * 1000))
    if not f.attendance or "online" in f.attendance:
        total += _count(session, _online_query(f))
    return total
