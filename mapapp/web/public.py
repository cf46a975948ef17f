"""Public pages: home, results, a listing, its calendar file."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import vocab as D
from ..clock import now
from ..db import get_session, id_fits
from ..errors import MapappError, NotFound
from ..finder.search import PARTS, Filters, parse_filters, search
from ..listings.ics import calendar
from ..listings.present import asset_properties, is_stale, public_contact
from ..listings.rules import active_demo_count, venue_lonlat
from ..listings.schedules import describe_all, next_of
from ..maps.embed import embed
from ..maps.overview import overview_map
from ..maps.results import results_map
from ..models import Asset, AssetDomain

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    session = get_session()
    counts = dict(
        session.execute(
            select(AssetDomain.domain, func.count())
            .join(Asset)
            .where(Asset.status == "active")
            .group_by(AssetDomain.domain)
        ).all()
    )
    fmap = embed(overview_map(session, current_app.config))
    return render_template(
        "home.html",
        fmap=fmap,
        domains=D.DOMAINS,
        counts=counts,
        demo_count=active_demo_count(session),
    )


@bp.route("/find")
def find():
    session, moment = get_session(), now()
    error, status, found, fmap = None, 200, None, None
    try:
        filters = parse_filters(request.args, moment)
        found = search(session, filters, moment)
        fmap = embed(results_map(session, current_app.config, found))
    except MapappError as exc:  # a bad postcode or parameter: say so on the page
        filters, error, status = Filters(), exc.message, exc.status_code
    items = [
        asset_properties(r.asset, moment, r.distance_m, r.session)
        | {"lonlat": venue_lonlat(r.asset.venue)}
        for r in (found.results if found else [])
    ]
    return render_template(
        "results.html",
        found=found,
        items=items,
        filters=filters,
        error=error,
        fmap=fmap,
        args=request.args,
        domain_options=[(d.code, d.label) for d in D.DOMAINS],
        kind_options=[(k, k.title()) for k in D.KINDS],
        part_options=[(p, p.title()) for p in PARTS],
        audiences=D.AUDIENCE_TAGS,
        access=D.ACCESSIBILITY_TAGS,
        badges=D.BY_CODE,
        demo_count=active_demo_count(session),
        print_view=request.args.get("print") == "1",
    ), status


def active_asset(asset_id: int) -> Asset:
    asset = (
        None
        if not id_fits(asset_id)
        else get_session().scalar(
            select(Asset)
            .where(Asset.id == asset_id, Asset.status == "active")
            .options(
                selectinload(Asset.domains),
                selectinload(Asset.tags),
                selectinload(Asset.schedules),
                selectinload(Asset.venue),
                selectinload(Asset.organisation),
            )
        )
    )
    if asset is None:
        raise NotFound("This listing does not exist or is no longer listed.")
    return asset


@bp.route("/assets/<id:asset_id>")
def asset(asset_id: int):
    listing, moment = active_asset(asset_id), now()
    session = next_of(listing.schedules, moment)
    return render_template(
        "asset.html",
        asset=listing,
        props=asset_properties(listing, moment, None, session),
        schedule=describe_all(listing.schedules),
        stale=is_stale(listing, moment),
        contact=public_contact(listing),
        badges=D.BY_CODE,
        lonlat=venue_lonlat(listing.venue),
        verified_ago=_ago(listing, moment),
        demo_count=1 if listing.is_demo else 0,
    )


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
