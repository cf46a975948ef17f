"""Public pages: home, results, a listing, its calendar file."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import vocab as D
from ..errors import MapappError, NotFound
from ..finder.page import find_page, in_progress, starts_soon
from ..finder.search import Filters, parse_filters
from ..listings.calendar_links import calendar_links
from ..listings.ics import calendar
from ..listings.loading import load_listing
from ..listings.points import current as listing_points
from ..listings.present import asset_properties, is_stale, public_contact
from ..listings.rules import active_demo_count, venue_lonlat
from ..listings.schedules import describe_all, next_of, when_label
from ..maps.overview import directions_url, overview_map
from ..maps.results import results_map
from ..models import Asset
from ..params import DEFAULT_LIMIT, MAX_LIMIT, WHEN
from ..places import suggest
from ..reference.outlines import district_features
from .clock import now
from .database import get_session
from .page_maps import embed
from .urls import asset_url

bp = Blueprint("public", __name__)
SAME_VENUE_SHOWN = 8


@bp.route("/")
def home():
    session = get_session()
    index, _tiles = listing_points(session.connection())
    fmap = embed(
        overview_map(
            current_app.config, district_features(session), index, _tile_url(index.version)
        )
    )
    return render_template(
        "public/home.html",
        fmap=fmap,
        domains=D.DOMAINS,
        counts=index.listed,
        demo_count=active_demo_count(session),
    )


def _tile_url(version) -> str:
    """The map tiles' URL with '{tile}' for z/x/y, under the data version the page shows
    (so the browser may keep them: the next version is a new URL)."""
    sample = url_for("api.map_tile", z=0, x=0, y=0)
    return sample.removesuffix("0/0/0.json") + "{tile}.json" + (f"?v={version}" if version else "")


@bp.route("/find")
def find():
    session, moment = get_session(), now()
    error, status, page, fmap, suggestions = None, 200, None, None, []
    try:
        filters = parse_filters(request.args, moment)
        page = find_page(session, filters, moment)
        fmap = embed(
            results_map(current_app.config, district_features(session), page.nearby, moment)
        )
    except MapappError as exc:  # a bad postcode or parameter: say so on the page
        filters, error, status = Filters(), exc.message, exc.status_code
        if status == 404 and request.args.get("near"):
            suggestions = suggest(session, request.args["near"])
    return render_template(
        "public/results.html",
        page=page,
        found=page.nearby if page else None,
        items=_items(page.nearby.results, moment) if page else [],
        online=_items(page.online.results, moment) if page and page.online else [],
        filters=filters,
        error=error,
        suggestions=suggestions,
        fmap=fmap,
        args=request.args,
        when_options=[(word, label) for word, (label, _d, _p) in WHEN.items()],
        more_url=_more_url(page),
        domain_options=[(d.code, d.label) for d in D.DOMAINS],
        kind_options=[(k, k.title()) for k in D.KINDS],
        part_options=[(p, p.title()) for p in D.DAY_PARTS],
        audiences=D.AUDIENCE_TAGS,
        access=D.ACCESSIBILITY_TAGS,
        badges=D.BY_CODE,
        demo_count=active_demo_count(session),
        print_view=request.args.get("print") == "1",
    ), status


def _items(results, moment) -> list[dict]:
    return [
        asset_properties(r.asset, moment, r.distance_m, r.session, listing_url=asset_url)
        | {
            "directions": _directions(venue_lonlat(r.asset.venue)),
            "in_progress": in_progress(r, moment),
            "starts_soon": starts_soon(r, moment),
        }
        for r in results
    ]


def _directions(lonlat) -> str | None:
    return directions_url(lonlat[1], lonlat[0]) if lonlat else None


def _more_url(page) -> str | None:
    """The same search showing 50 more (the same URL and filters: a link, no script)."""
    if page is None or not page.nearby.more or page.nearby.filters.limit >= MAX_LIMIT:
        return None
    args = request.args.to_dict(flat=False)
    args["limit"] = [str(min(MAX_LIMIT, page.nearby.filters.limit + DEFAULT_LIMIT))]
    return url_for("public.find", **args) + "#result-" + str(page.nearby.filters.limit + 1)


def active_asset(asset_id: int) -> Asset:
    asset = load_listing(get_session(), asset_id, active_only=True)
    if asset is None:
        raise NotFound("This listing does not exist or is no longer listed.")
    return asset


@bp.route("/assets/<id:asset_id>")
def asset(asset_id: int):
    listing, moment = active_asset(asset_id), now()
    session = next_of(listing.schedules, moment)
    page_url = url_for("public.asset", asset_id=asset_id, _external=True)
    venue = listing.venue
    where = ", ".join(
        part
        for part in ((venue.name, venue.address, venue.town, venue.postcode) if venue else ())
        if part
    )
    return render_template(
        "public/asset.html",
        asset=listing,
        props=asset_properties(listing, moment, None, session, listing_url=asset_url),
        back=_back(request.args.get("back")),
        page_url=page_url,
        add_to=calendar_links(listing.name, session, where or "Online", page_url)
        if session
        else None,
        same_venue=_same_venue(listing, moment),
        directions=_directions(venue_lonlat(venue)),
        meanings=D.TYPE_MEANINGS,
        schedule=describe_all(listing.schedules),
        stale=is_stale(listing, moment),
        contact=public_contact(listing),
        badges=D.BY_CODE,
        lonlat=venue_lonlat(listing.venue),
        verified_ago=_ago(listing, moment),
        demo_count=1 if listing.is_demo else 0,
    )


@bp.route("/meeting-types")
def meeting_types():
    """What the type codes on listings mean, in plain words."""
    return render_template(
        "public/meeting_types.html",
        meanings=D.TYPE_MEANINGS,
        labels={**D.SPEC_TYPES, **D.CUSTOM_TYPES},
    )


def _back(value: str | None) -> str:
    """'Back to results' keeps the search: a /find address only (never another site)."""
    if value and value.startswith("/find") and "//" not in value and "\\" not in value:
        return value
    return url_for("public.find")


def _same_venue(listing: Asset, moment) -> list[tuple[Asset, str]]:
    """Other listings at the same venue, with their next session, soonest first."""
    if listing.venue_id is None:
        return []
    others = (
        get_session()
        .scalars(
            select(Asset)
            .where(
                Asset.venue_id == listing.venue_id, Asset.id != listing.id, Asset.status == "active"
            )
            .options(selectinload(Asset.schedules))
            .order_by(Asset.name, Asset.id)
            .limit(SAME_VENUE_SHOWN)
        )
        .all()
    )
    return [(other, when_label(next_of(other.schedules, moment), moment)) for other in others]


def _ago(asset: Asset, moment) -> str | None:
    if asset.last_verified_at is None:
        return None
    days = (moment - asset.last_verified_at).days
    if days < 1:
        return "today"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} ago"
    return f"{days // 30} months ago"


@bp.route("/assets/<id:asset_id>.ics")
def asset_ics(asset_id: int):
    listing = active_asset(asset_id)
    page = url_for("public.asset", asset_id=asset_id, _external=True)
    body = calendar([(listing, page)], now(), request.host, name=listing.name)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="listing-{asset_id}.ics"'},
    )
