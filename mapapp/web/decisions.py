"""Commissioner decisions: priorities, scenarios ("what if we fund a group here") and the
best sites, as pages with JSON and CSV twins. Parse, call analysis, render: every figure
comes from analysis (priorities, scenario, best_sites) on the cached baseline of the same
parameters as /gaps.
"""

from __future__ import annotations

import dataclasses

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from .. import vocab as D
from ..analysis import parse_gap_params
from ..analysis.best_sites import best_sites, best_sites_json, parse_site_query
from ..analysis.cache import GapCache, cached_baseline
from ..analysis.downloads import (
    LSOA_HEADER,
    RANKED_HEADER,
    SITES_HEADER,
    csv_download,
    download_name,
    lsoa_rows,
    ranked_rows,
    site_rows,
)
from ..analysis.locate import locate_additions
from ..analysis.outputs import _time_of_week as time_of_week_json
from ..analysis.outputs import threshold_key
from ..analysis.params import GapParams, plain_number
from ..analysis.place_names import lsoa_place_names
from ..analysis.priorities import (
    DEFAULT_DEPRIVED_WEIGHT,
    RULE_TEXT,
    checklist_grid,
    ranked_gaps,
    ranked_gaps_json,
    read_ranking,
    sort_grid,
)
from ..analysis.scenario import run_scenario
from ..analysis.scenario_params import SCENARIO, parse_addition, parse_scenario
from ..analysis.supply import DAYS, PART_NAMES
from ..finder.search import resolve_near
from ..geo import to_wgs84
from ..listings.schedules import LONDON
from ..maps import colours
from ..maps.decisions import scenario_map, sites_map
from ..models import Asset
from ..reference.outlines import district_features
from .clock import now
from .database import get_session
from .gaps import charge_gap_budget
from .page_maps import embed

bp = Blueprint("decisions", __name__)
api_bp = Blueprint("decisions_api", __name__, url_prefix="/api")  # CORS: web/cors.py

RANKED_SHOWN = 20


def _baseline(params: GapParams):
    cache = current_app.extensions.setdefault("mapapp.gap_cache", GapCache())
    today = now().astimezone(LONDON).date()  # the app's clock, which tests replace
    return cached_baseline(get_session(), params, cache, today, on_miss=charge_gap_budget)


def _names(base) -> dict:
    """LSOA code -> nearest place name, kept beside the baseline it names."""
    cache = current_app.extensions.setdefault("mapapp.place_names", {})
    key = tuple(base.residents.lsoas["code"])
    if key not in cache:
        cache.clear()  # one area per deployment: keep only the latest
        cache[key] = lsoa_place_names(get_session(), base.residents.lsoas)
    return cache[key]


def _made():
    return now().astimezone(LONDON)


def _csv(text: str, name: str) -> Response:
    return Response(
        text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


# --- priorities ------------------------------------------------------------------------------


def priorities_body(args) -> dict:
    params = parse_gap_params(args)
    weight, by, column = read_ranking(args)
    base = _baseline(params)
    names = _names(base)
    report = base.report
    area = {code: round(report.area.cells[code].coverage_pct[0], 2) for code in D.SEVEN}
    return {
        "parameters": {
            **params.to_json(),
            "deprived_weight": plain_number(weight),
            "sort": by,
            "sort_domain": column,
        },
        "rule": RULE_TEXT.format(
            threshold=f"{params.threshold_m:,.0f}", weight=f"{plain_number(weight)}"
        ),
        "grid": sort_grid(checklist_grid(report), by, column),
        "area": {
            "name": report.area.name,
            "population": int(round(report.area.population)),
            "coverage_pct": area,
            "checklist": report.area.checklist,
        },
        "ranked": ranked_gaps_json(ranked_gaps(report, weight), names),
        "time_of_week": [
            {"code": g.code, "name": g.name, "pct": time_of_week_json(g.any_time_of_week_pct)}
            for g in [*report.districts, report.area]
        ],
    }


@api_bp.get("/gaps/priorities")
def priorities_json():
    return jsonify(priorities_body(request.args))


@api_bp.get("/gaps/priorities.csv")
def priorities_csv():
    body = priorities_body(request.args)
    params = parse_gap_params(request.args)
    extra = [("deprived_weight", str(body["parameters"]["deprived_weight"]))]
    made = _made()
    return _csv(
        csv_download(
            "Gaps ranked by residents beyond reach (deprived weighted)",
            params,
            made,
            RANKED_HEADER,
            ranked_rows(body["ranked"]),
            extra,
        ),
        download_name("gaps-ranked", params, made, extra),
    )


@bp.route("/gaps/priorities")
def priorities():
    body = priorities_body(request.args)
    params = parse_gap_params(request.args)
    sort_args = {
        k: v
        for k, v in request.args.to_dict(flat=False).items()
        if k not in ("sort", "sort_domain")
    }
    return render_template(
        "decisions/priorities.html",
        body=body,
        shown=RANKED_SHOWN,
        sort_args=sort_args,
        sort_label=_sort_label(body["parameters"]),
        **_context(params, request.args),
    )


def _sort_label(parameters: dict) -> str:
    by, column = parameters["sort"], parameters["sort_domain"]
    if by == "name":
        return "by district name"
    what = "most missing first" if by == "status" else "most residents beyond reach first"
    return f"{what}, by {D.label(column)}" if column else what


# --- scenarios -------------------------------------------------------------------------------


def scenario_result(args):
    params = parse_gap_params(args)
    session = get_session()
    scenario = locate_additions(session, parse_scenario(args))
    return params, scenario, run_scenario(_baseline(params), scenario)


@api_bp.get("/gaps/scenario")
def scenario_json():
    return jsonify(scenario_result(request.args)[2].to_json())


def _added_from_form(args) -> str | None:
    """The page's 'add a listing' fields as one add= value; None when not filled in."""
    where = args.get("add_where", "").strip()
    lat, lon = args.get("add_lat", "").strip(), args.get("add_lon", "").strip()
    if not where and not (lat and lon):
        return None
    if where:
        origin = resolve_near(get_session(), where)
        lat, lon = f"{origin.lat:.6f}", f"{origin.lon:.6f}"
    text = f"{args.get('add_domain', '')}@{lat},{lon}"
    day, start = args.get("add_day", "").strip(), args.get("add_start", "").strip()
    if day:
        text += f";day={day}"
    if start:
        text += f";start={start}"
    parse_addition(text)  # a bad field is a 400 naming it, before the redirect
    return text


@bp.route("/gaps/scenario")
def scenario_page():
    added = _added_from_form(request.args)
    if added is not None or request.args.get("close_id", "").strip():
        return redirect(url_for("decisions.scenario_page", **_scenario_query(added)))
    params, scenario, result = scenario_result(request.args)
    body = result.to_json()
    closed = _closed_listings(scenario.closures)
    additions = [
        {"lat": a.lat, "lon": a.lon, "label": D.label(a.domain)} for a in scenario.additions
    ]
    fmap = embed(
        scenario_map(
            current_app.config,
            district_features(get_session()),
            additions,
            closed,
            "Scenario: listings added and closed",
        )
    )
    return render_template(
        "decisions/scenario.html",
        body=body,
        scenario=scenario,
        closed=closed,
        map=fmap,
        remove=_removal_links(scenario, params),
        scenario_args=_multi(params.query() + scenario.query()),
        scenario_pairs=scenario.query(),
        **_context(params, request.args),
    )


def _scenario_query(added: str | None) -> dict:
    args = request.args
    query: dict[str, list[str]] = {}
    for name in (p.name for p in SCENARIO.params):
        values = [v for v in args.getlist(name) if v.strip()]
        if values:
            query[name] = values
    if added:
        query.setdefault("add", []).append(added)
    close = args.get("close_id", "").strip()
    if close:
        query.setdefault("close", []).append(close)
    return query


def _removal_links(scenario, params: GapParams) -> dict:
    """For each added and closed listing, the scenario URL without it."""
    base = params.query()
    links = {}
    for index in range(len(scenario.additions)):
        rest = [("add", a.text()) for i, a in enumerate(scenario.additions) if i != index]
        links[("add", index)] = _url(base + rest + [("close", str(c)) for c in scenario.closures])
    for listing in scenario.closures:
        rest = [("close", str(c)) for c in scenario.closures if c != listing]
        links[("close", listing)] = _url(
            base + [("add", a.text()) for a in scenario.additions] + rest
        )
    return links


def _url(pairs) -> str:
    query: dict[str, list[str]] = {}
    for name, value in pairs:
        query.setdefault(name, []).append(value)
    return url_for("decisions.scenario_page", **query)


def _closed_listings(ids) -> list[dict]:
    if not ids:
        return []
    from ..models import Venue

    rows = (
        get_session()
        .execute(
            select(Asset.id, Asset.name, Venue.geom_bng)
            .outerjoin(Asset.venue)
            .where(Asset.id.in_(ids))
        )
        .all()
    )
    found = []
    from geoalchemy2.shape import to_shape

    for asset_id, name, geom in rows:
        if geom is None:
            continue
        point = to_shape(geom)
        lon, lat = to_wgs84(point.x, point.y)
        found.append({"id": asset_id, "label": name, "lat": float(lat), "lon": float(lon)})
    return found


# --- best sites ------------------------------------------------------------------------------


def sites_result(args):
    # Every domain's distances are computed whatever 'domain' says: the one chosen here
    # is the sites' domain, and the baseline is the one /gaps caches by default.
    params = dataclasses.replace(parse_gap_params(args), domains=D.CODES)
    domain, k, slot = parse_site_query(args)
    base = _baseline(params)
    names = _names(base)
    return params, base, names, best_sites_json(best_sites(base, domain, k, slot), base, names)


@api_bp.get("/gaps/best-sites")
def best_sites_api():
    return jsonify(sites_result(request.args)[3])


def _site_extra(body: dict) -> list[tuple[str, str]]:
    extra = [("domain", body["domain"]), ("k", str(len(body["sites"])))]
    if body["slot"]:
        extra += [("day", body["slot"]["day"]), ("part", body["slot"]["part"])]
    return extra


@api_bp.get("/gaps/best-sites.csv")
def best_sites_csv():
    params, _base, _names_, body = sites_result(request.args)
    made = _made()
    extra = _site_extra(body)
    return _csv(
        csv_download(
            f"Best sites for {D.label(body['domain'])} ({body['method']})",
            params,
            made,
            SITES_HEADER,
            site_rows(body),
            extra,
        ),
        download_name("best-sites", params, made, extra),
    )


@bp.route("/gaps/best-sites")
def best_sites_page():
    if not request.args.get("domain"):
        return redirect(
            url_for(
                "decisions.best_sites_page",
                domain="mutual-aid",
                **{k: request.args.getlist(k) for k in request.args},
            )
        )
    params, base, names, body = sites_result(request.args)
    beyond = _beyond_points(base, body, names)
    title = (
        f"Best {len(body['sites'])} sites for {D.label(body['domain'])} within "
        f"{params.threshold_m:,.0f} m"
    )
    fmap = embed(
        sites_map(current_app.config, district_features(get_session()), body, beyond, title)
    )
    context = _context(params, request.args)
    return render_template(
        "decisions/best_sites.html",
        body=body,
        map=fmap,
        title=title,
        scenario_query=context["query_args_no_domain"],
        **context,
    )


def _beyond_points(base, body: dict, names: dict) -> list[dict]:
    from ..analysis.best_sites import uncovered

    slot = (body["slot"]["day"], body["slot"]["part"]) if body["slot"] else None
    rows = uncovered(base, body["domain"], slot)
    lsoas = base.residents.lsoas[rows]
    return [
        {
            "lat": float(lat),
            "lon": float(lon),
            "population": int(pop),
            "label": f"{names.get(code) or name} ({code})",
        }
        for code, name, lat, lon, pop in zip(
            lsoas["code"],
            lsoas["name"],
            lsoas["lat"],
            lsoas["lon"],
            lsoas["population"],
            strict=True,
        )
    ]


# --- the per-neighbourhood table -------------------------------------------------------------


@api_bp.get("/gaps/lsoa.csv")
def lsoa_csv():
    params = parse_gap_params(request.args)
    base = _baseline(params)
    made = _made()
    return _csv(
        csv_download(
            "Per neighbourhood (LSOA): distance to the nearest listing of "
            "each domain and access score",
            params,
            made,
            LSOA_HEADER,
            lsoa_rows(base.report, _names(base)),
        ),
        download_name("gaps-lsoas", params, made),
    )


# --- shared page context ---------------------------------------------------------------------


def _context(params: GapParams, args) -> dict:
    from ..listings.schedules import DAYS as DAY_NAMES

    return {
        "params": params,
        "args": args,
        "key": threshold_key(params.threshold_m),
        "labels": {d.code: d.label for d in D.DOMAINS},
        "seven": D.SEVEN,
        "domain_options": [(d.code, d.label) for d in D.DOMAINS],
        "days": dict(zip(DAYS, DAY_NAMES, strict=True)),
        "parts": PART_NAMES,
        "cell_style": colours.cell_style,
        "week_style": colours.time_of_week_style,
        "cell_styles": colours.CELL_STYLES,
        "week_styles": colours.TIME_OF_WEEK_STYLES,
        "number": plain_number,
        "default_weight": DEFAULT_DEPRIVED_WEIGHT,
        "query_args": _multi(params.query()),
        "query_args_no_domain": _multi([p for p in params.query() if p[0] != "domain"]),
        "full_args": args.to_dict(flat=False),
    }


def _multi(pairs) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    return values
