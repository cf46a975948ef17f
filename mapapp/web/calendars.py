"""Subscribable calendars (.ics): the results of a search and every listing in a district.

The same listings as the page they come from: /find.ics takes the query of /find (a bad
one is the same 400 naming the parameter) and, when no limit is given, the first
search.MAX_LIMIT results rather than one page. Every session keeps its UID (listing and
schedule ids) from one fetch to the next, so a subscribed calendar updates in place.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, request, url_for
from werkzeug.datastructures import MultiDict

from ..errors import NotFound
from ..finder.search import parse_filters, search
from ..listings.ics import calendar
from ..listings.views import views_from_rows, views_query
from ..models import Asset, District, Venue
from ..params import MAX_LIMIT
from .clock import now
from .database import get_session

bp = Blueprint("calendars", __name__)
REFRESH = dt.timedelta(hours=12)  # listings change over days, not minutes


def _ics(listings, name: str, filename: str) -> Response:
    entries = [
        (listing, url_for("public.asset", asset_id=listing.id, _external=True))
        for listing in listings
    ]
    body = calendar(entries, now(), request.host, name=name, refresh=REFRESH, source=request.url)
    # inline: a calendar app subscribing to the URL reads it; a browser offers to open it.
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "public, max-age=3600",
        },
    )


@bp.get("/find.ics")
def search_ics():
    args = MultiDict(request.args)
    if not args.get("limit"):
        args["limit"] = str(MAX_LIMIT)
    moment = now()
    found = search(get_session(), parse_filters(args, moment), moment)
    where = f" near {found.origin.label}" if found.origin else ""
    return _ics(
        [r.asset for r in found.results], f"Recovery support{where}", "recovery-support.ics"
    )


@bp.get("/districts/<code>.ics")
def district_ics(code: str):
    session = get_session()
    district = session.get(District, code)
    if district is None:
        raise NotFound(
            f"There is no district with the code '{code}'. District codes are "
            "ONS codes such as E07000034 (Chesterfield); the gap analysis page "
            f"({url_for('gaps.overview')}) lists this area's districts."
        )
    rows = session.execute(
        views_query(located_only=True)
        .where(Asset.status == "active", Venue.district_code == code)
        .order_by(Asset.name, Asset.id)
    )
    return _ics(
        views_from_rows(session, rows.all()), f"Recovery support in {district.name}", f"{code}.ics"
    )
