"""The Open Referral UK (HSDS-UK 3.0) read API: GET only, CORS *, no key.

Searching, filtering and distances are the finder's (finder/search.py), so /services and
/service_at_locations answer exactly what the finder would. Errors are JSON (errors.py):
a bad parameter is a 400 naming it and what to send instead.

``day`` matches listings that meet on the coming such day (fortnightly and monthly
sessions follow their rules, as in the finder); ``start_time`` keeps sessions that start
at or after it, ``end_time`` those that end at or before it (Europe/London local times).
In /service_at_locations each listing appears once: at its venue, or at its online
location when it has none (a hybrid listing's online location is in its full service, and
/service_at_locations/{id} answers for each). Which parameters each endpoint takes, and the
400 for any other, are in publish/oruk_query.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from flask import Blueprint, current_app, jsonify, request

from .. import vocab as D
from ..errors import NotFound
from ..finder.search import Filters, search, total_of
from ..params import MAX_RADIUS_KM, BadParameter, many_values
from ..places import normal_postcode
from ..publish import oruk_query as Q
from ..publish.oruk import (
    active_assets,
    full_organization,
    full_service,
    offered_by,
    organization,
    places,
    public_organisations,
    service_at_location,
    service_summary,
)
from ..publish.oruk_taxonomy import (
    ACCESSIBILITY,
    AUDIENCE,
    DOMAINS,
    KINDS,
    TAXONOMIES,
    all_terms,
    entity_id,
    find_taxonomy,
    find_term,
    number_of,
    taxonomy_object,
)
from .clock import now
from .database import get_session
from .urls import page_url

bp = Blueprint("openreferral", __name__, url_prefix="/openreferral")

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferraluk.org/"
BYDAY = dict(zip(D.ICAL_DAYS, D.DAY_CODES, strict=True))
WEEKDAY = {word: number for number, word in enumerate(BYDAY.values())}
SAL_KINDS = ("service-at-location", "virtual-service-at-location")
# The view -> which parameters it takes (oruk_query.TAKES); views not named take none.
ENDPOINT_KINDS = {
    "services": "services",
    "service_at_locations": "service_at_locations",
    "taxonomies": "taxonomies",
    "taxonomy_terms": "taxonomy_terms",
    "organizations": "organizations",
}


@bp.before_request
def _parameters_it_takes():
    """A parameter the endpoint does not take is a 400 naming it, before any work."""
    endpoint = (request.endpoint or "").rsplit(".", 1)[-1]
    Q.check_names(request.args, ENDPOINT_KINDS.get(endpoint, "one"), request.path)
    Q.check_format(request.args)


@bp.get("/")
def about():
    return jsonify(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.url_root + "api/openapi.json",
        }
    )


@bp.get("/services")
def services():
    page, per_page = Q.paging(request.args)
    found, total = _search(page, per_page, origin=_origin())
    assets = active_assets(get_session(), [r.asset.id for r in found.results])
    if Q.full(request.args):
        contents = [full_service(a, page_url(a.id), _area()) for a in assets]
    else:
        contents = [service_summary(a, page_url(a.id)) for a in assets]
    return jsonify(page_object(contents, total, page, per_page))


@bp.get("/services/<service_id>")
def service(service_id: str):
    number = number_of("service", service_id)
    assets = active_assets(get_session(), [number]) if number is not None else []
    if not assets:
        raise NotFound(
            f"No active service with id {service_id}: the ids are listed at "
            "/openreferral/services.",
            parameter="id",
            value=service_id,
        )
    return jsonify(full_service(assets[0], page_url(assets[0].id), _area()))


@bp.get("/service_at_locations")
def service_at_locations():
    page, per_page = Q.paging(request.args)
    found, total = _search(page, per_page, origin=_origin())
    assets = active_assets(get_session(), [r.asset.id for r in found.results])
    whole = Q.full(request.args)
    contents = [_listed_place(asset, whole) for asset in assets]
    return jsonify(page_object(contents, total, page, per_page))


@bp.get("/service_at_locations/<sal_id>")
def one_service_at_location(sal_id: str):
    number = next(
        (n for n in (number_of(kind, sal_id) for kind in SAL_KINDS) if n is not None), None
    )
    assets = active_assets(get_session(), [number]) if number is not None else []
    found = (
        service_at_location(assets[0], sal_id.strip().lower(), page_url(assets[0].id), _area())
        if assets
        else None
    )
    if found is None:
        raise NotFound(
            f"No service at a location with id {sal_id}: the ids are listed at "
            "/openreferral/service_at_locations.",
            parameter="id",
            value=sal_id,
        )
    return jsonify(found)


@bp.get("/organizations")
def organizations():
    page, per_page = Q.paging(request.args)
    listed, total = public_organisations(get_session(), (page - 1) * per_page, per_page)
    return jsonify(page_object([organization(o) for o in listed], total, page, per_page))


@bp.get("/organizations/<organization_id>")
def one_organization(organization_id: str):
    session, number = get_session(), number_of("organization", organization_id)
    offered = offered_by(session, number) if number is not None else []
    if not offered:
        raise NotFound(
            f"No organization with id {organization_id} offers an active "
            "service: the ids are listed at /openreferral/organizations.",
            parameter="id",
            value=organization_id,
        )
    services = [service_summary(a, page_url(a.id)) for a in offered]
    return jsonify(full_organization(offered[0].organisation, services))


def _listed_place(asset, whole: bool) -> dict:
    """A listing at its venue, else at its online location (else, a listing with neither,
    which a navigator should fix, with no location rather than left out of the count);
    with ``whole`` (full=true) the whole location, else its one-to-one fields."""
    service = service_summary(asset, page_url(asset.id))
    pairs = places(asset, _area())
    if not pairs:
        return {
            "id": entity_id("service-at-location", asset.id),
            "service_id": service["id"],
            "service": service,
        }
    sal, location = pairs[0]
    if not whole:
        location = {
            k: v for k, v in location.items() if k not in ("addresses", "phones", "accessibility")
        }
    return dict(sal, location=location, service=service)


@bp.get("/taxonomies")
def taxonomies():
    page, per_page = Q.paging(request.args)
    items = [taxonomy_object(t) for t in TAXONOMIES]
    return jsonify(
        page_object(items[(page - 1) * per_page : page * per_page], len(items), page, per_page)
    )


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    found = find_taxonomy(taxonomy_id)
    if found is None:
        raise NotFound(
            f"No taxonomy with id {taxonomy_id}: the ids are listed at /openreferral/taxonomies.",
            parameter="id",
            value=taxonomy_id,
        )
    return jsonify(taxonomy_object(found))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    page, per_page = Q.paging(request.args)
    items = all_terms()
    return jsonify(
        page_object(items[(page - 1) * per_page : page * per_page], len(items), page, per_page)
    )


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    found = find_term(term_id)
    term = next((t for t in all_terms() if found and (t["taxonomy"], t["code"]) == found), None)
    if term is None:
        raise NotFound(
            f"No taxonomy term with id {term_id}: the ids are listed at "
            "/openreferral/taxonomy_terms.",
            parameter="id",
            value=term_id,
        )
    return jsonify(term)


# --- paging ---------------------------------------------------------------------------------


def page_object(contents: list, total: int, page: int, per_page: int) -> dict:
    """The Open Referral paging object; ``size`` is the number of items on this page."""
    pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


# --- filters --------------------------------------------------------------------------------


def _search(page: int, per_page: int, origin):
    near, radius_km = origin or (None, MAX_RADIUS_KM)
    filters = Filters(
        near=near,
        radius_km=radius_km,
        q=(request.args.get("search") or "").strip() or None,
        days=_days(),
        time_from=_clock("start_time"),
        ends_by=_clock("end_time"),
        # Near a postcode means at a place: online-only listings have no distance.
        attendance=("in_person", "hybrid") if near else (),
        sort="distance" if near else "id",
        limit=per_page,
        offset=(page - 1) * per_page,
        organisations=Q.organisations(request.args),
        modified_since=Q.modified_after(request.args),
        **_term_filters(),
    )
    session = get_session()
    try:
        found = search(session, filters, now())
    except NotFound:  # the finder's message suggests a place name, which ORUK cannot take
        raise NotFound(
            f"The postcode {near} was not found: check it, or try a postcode nearby.",
            parameter="postcode",
            value=near,
        ) from None
    return found, total_of(session, found)


def _term_filters() -> dict:
    """taxonomy_term_id and taxonomy_id -> the finder's domain, kind and tag filters."""
    chosen: dict[str, set] = {DOMAINS: set(), KINDS: set(), AUDIENCE: set(), ACCESSIBILITY: set()}
    for value in many_values(request.args, "taxonomy_term_id"):
        found = find_term(value)
        if found is None:
            raise BadParameter(
                "taxonomy_term_id", value, "an id listed at /openreferral/taxonomy_terms"
            )
        chosen[found[0]].add(found[1])
    for value in many_values(request.args, "taxonomy_id"):
        taxonomy = find_taxonomy(value)
        if taxonomy is None:
            raise BadParameter("taxonomy_id", value, "an id listed at /openreferral/taxonomies")
        chosen[taxonomy.code].update(code for code, _label, _d in taxonomy.terms)
    return {
        "domains": tuple(c for c in D.CODES if c in chosen[DOMAINS]),
        "kinds": tuple(k for k in D.KINDS if k in chosen[KINDS]),
        "audience": tuple(sorted(chosen[AUDIENCE])),
        "accessibility": tuple(sorted(chosen[ACCESSIBILITY])),
    }


def _days() -> tuple[int, ...]:
    days = []
    for value in many_values(request.args, "day"):
        key = BYDAY.get(value.upper(), value.lower()[:3])
        if key not in WEEKDAY:
            raise BadParameter("day", value, "MO, TU, WE, TH, FR, SA or SU (or a day name)")
        days.append(WEEKDAY[key])
    return tuple(dict.fromkeys(days))


def _clock(name: str) -> dt.time | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::00)?", value)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise BadParameter(name, value, "a 24-hour local time such as 18:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


def _origin():
    """(postcode, radius in km) from postcode and proximity (metres), or None."""
    postcode, proximity = request.args.get("postcode"), request.args.get("proximity")
    if not postcode:
        if proximity:
            raise BadParameter("proximity", proximity, "it together with a postcode")
        return None
    try:
        postcode = normal_postcode(postcode)
    except ValueError:
        postcode = None
    if not postcode:
        raise BadParameter("postcode", request.args["postcode"], "a UK postcode such as DE1 3AH")
    metres = Q.whole(
        request.args, "proximity", int(MAX_RADIUS_KM * 1000), 100, int(MAX_RADIUS_KM * 1000)
    )
    return postcode, metres / 1000


def _area() -> str:
    return current_app.config["AREA_NAME"]
