"""Gap analysis for commissioners: the page, a printable district briefing, and their
JSON, CSV and GeoJSON twins. Every one runs analysis.gap_analysis with the parameters
read by analysis.parse_gap_params, so the page and the API cannot disagree.

Public for now: only aggregate figures of public listings are shown. (Commissioner-only
access arrives with the accounts issue.)
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from sqlalchemy import select

from .. import rate_limit
from .. import vocab as D
from ..analysis import parse_gap_params
from ..analysis.cache import GapCache, cached_gap_analysis
from ..analysis.downloads import district_csv, download_name
from ..analysis.outputs import biggest_gaps, lsoa_geojson, threshold_key
from ..analysis.params import AUDIENCES, GapParams, plain_number
from ..analysis.place_names import lsoa_place_names
from ..analysis.rules import CHECKLIST, GAP_REASONS
from ..analysis.supply import DAYS, EXCLUSIONS, PART_NAMES
from ..errors import MapappError, NoReferenceData, NotFound
from ..listings.rules import active_demo_count
from ..listings.schedules import DAYS as DAY_NAMES
from ..listings.schedules import LONDON
from ..maps import colours
from ..maps import gaps as gap_maps_module
from ..maps.static_svg import coverage_maps
from ..models import District
from ..params import BadParameter
from ..publish.pdf import html_to_pdf
from ..reference.outlines import district_features, district_shapes
from ..workspace.feedback import client_key
from .clock import now
from .database import get_session
from .errors import render_error
from .page_maps import embed

bp = Blueprint("gaps", __name__)
api_bp = Blueprint("gaps_api", __name__, url_prefix="/api")

THRESHOLD_CHOICES = (400, 800, 1200, 1600, 2400, 3200, 5000, 8000, 10000, 20000)
DAY_LABELS = dict(zip(DAYS, DAY_NAMES, strict=True))  # mon -> Monday, the finder's names


def _report():
    return _analysis(parse_gap_params(request.args))


def _analysis(params: GapParams):
    """The analysis, from this worker's cache while the data version stands; a new one is
    charged to the client's budget first."""
    cache = current_app.extensions.setdefault("mapapp.gap_cache", GapCache())
    today = now().astimezone(LONDON).date()  # the app's clock, which tests replace
    return cached_gap_analysis(get_session(), params, cache, today, on_miss=charge_gap_budget)


class BudgetSpent(MapappError):
    status_code = 429


BUDGET_PERIOD = dt.timedelta(minutes=10)


def charge_gap_budget() -> None:
    """A new analysis costs about half a second of a core: a client may ask for
    GAP_ANALYSES_PER_CLIENT of them in BUDGET_PERIOD (results already computed are free)."""
    session, moment, config = get_session(), now(), current_app.config
    limit = rate_limit.Limit("gap-analysis", config["GAP_ANALYSES_PER_CLIENT"], BUDGET_PERIOD)
    key = client_key(request.remote_addr, config["SECRET_KEY"])
    decision = rate_limit.attempt(session, limit, key, moment)
    session.commit()
    if not decision.allowed:
        local = decision.until.astimezone(LONDON)
        raise BudgetSpent(
            f"You have asked for many new gap analyses in the last few minutes. Wait until "
            f"{local:%H:%M} (UK time), or repeat one you have already seen (those are served "
            "at once).",
            retry_after=decision.retry_after,
        )


@bp.app_errorhandler(BudgetSpent)
def _budget_spent(exc: BudgetSpent):
    response = current_app.make_response(render_error(exc.status_code, exc.message, exc.details))
    response.headers["Retry-After"] = str(exc.details["retry_after"])
    return response


# --- the open API ----------------------------------------------------------------------------


@api_bp.get("/gaps")
def gaps_json():
    return jsonify(_report().to_json())


@api_bp.get("/gaps.csv")
def gaps_csv():
    name, text = district_csv(_report(), now().astimezone(LONDON))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@api_bp.get("/gaps/lsoa.geojson")
def gaps_lsoa_geojson():
    body = lsoa_geojson(_report())
    response = jsonify(body)
    response.mimetype = "application/geo+json"
    return response


# --- pages -----------------------------------------------------------------------------------


def _page_context(params: GapParams) -> dict:
    query = params.query()
    return {
        "params": params,
        "query_args": _multi(query),
        "number": plain_number,
        "key": threshold_key(params.threshold_m),
        "domain_options": [(d.code, d.label) for d in D.DOMAINS],
        "attendance_options": [("in_person", "In person"), ("hybrid", "Hybrid")],
        "audience_options": [(a, D.tag_label(a)) for a in AUDIENCES],
        "threshold_choices": THRESHOLD_CHOICES,
        "days": DAY_LABELS,
        "parts": PART_NAMES,
        "band": lambda pct: (
            gap_maps_module.COVERAGE_BANDS[gap_maps_module.coverage_band(pct or 0)].css
        ),
        "coverage_bands": gap_maps_module.COVERAGE_BANDS,
        "cell_style": colours.cell_style,
        "week_style": colours.time_of_week_style,
        "cell_styles": colours.CELL_STYLES,
        "week_styles": colours.TIME_OF_WEEK_STYLES,
        "score_bands": gap_maps_module.SCORE_BANDS,
        "distance_bands": gap_maps_module.distance_bands(params.thresholds_m),
        "deprived_label": gap_maps_module.DEPRIVED_LABEL,
        "checklist_rules": CHECKLIST,
        "reasons": GAP_REASONS,
        "exclusions": EXCLUSIONS,
        "labels": {d.code: d.label for d in D.DOMAINS},
        "seven": D.SEVEN,
        "demo_count": active_demo_count(get_session()),
        "links": {
            name: url_for(endpoint, **_multi(query))
            for name, endpoint in (
                ("json", "gaps_api.gaps_json"),
                ("csv", "gaps_api.gaps_csv"),
                ("geojson", "gaps_api.gaps_lsoa_geojson"),
            )
        },
    }


def _multi(query: list[tuple[str, str]]) -> dict:
    values: dict[str, list[str]] = {}
    for name, value in query:
        values.setdefault(name, []).append(value)
    return values


def _maps(report, focus=None) -> dict:
    session = get_session()
    district_map, lsoa_map = gap_maps_module.gap_maps(
        current_app.config,
        report,
        district_features(session),
        district_shapes(session, [g.code for g in report.districts]),
        lsoa_place_names(session, report.lsoas),
        focus,
    )
    embedded = [embed(district_map), embed(lsoa_map)]
    head = "\n".join(dict.fromkeys(line for m in embedded for line in m.head.splitlines()))
    return {"head": head, "district": embedded[0], "lsoa": embedded[1]}


@bp.route("/gaps")
def overview():
    try:
        params = parse_gap_params(request.args)
    except BadParameter as exc:  # say so on the page, with the form to put it right
        return render_template(
            "gaps/gaps.html",
            error=exc.message,
            body=None,
            args=request.args,
            **_page_context(GapParams()),
        ), 400
    try:
        report = _analysis(params)
    except NoReferenceData as exc:  # the page with the form and the method, and what to run
        return render_template(
            "gaps/gaps.html",
            error=exc.message,
            body=None,
            args=request.args,
            **_page_context(params),
        ), exc.status_code
    return render_template(
        "gaps/gaps.html",
        error=None,
        body=report.to_json(),
        args=request.args,
        maps=_maps(report),
        **_page_context(params),
    )


@bp.route("/gaps.pdf")
def overview_pdf():
    report = _report()
    html = render_template(
        "gaps/gaps.html",
        error=None,
        body=report.to_json(),
        args=request.args,
        maps={"static": _static_maps(report)},
        **_page_context(report.params),
    )
    return _pdf(html, "gaps", report.params)


@bp.route("/gaps/<code>.pdf")
def briefing_pdf(code: str):
    report, context = _briefing(code)
    html = render_template(
        "gaps/district.html", maps={"static": _static_maps(report, focus=code)}, **context
    )
    return _pdf(html, f"gaps-{code}", report.params)


def _static_maps(report, focus: str | None = None) -> list[str]:
    shapes = district_shapes(get_session(), [g.code for g in report.districts])
    return coverage_maps(shapes, report, focus)


def _pdf(html: str, stem: str, params) -> Response:
    name = download_name(stem, params, now().astimezone(LONDON)).removesuffix(".csv") + ".pdf"
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/gaps/<code>")
def briefing(code: str):
    report, context = _briefing(code)
    return render_template("gaps/district.html", maps=_maps(report, focus=code), **context)


def _briefing(code: str):
    """The report and the briefing page's context for district ``code`` (404 if it is not
    a district of the area with residents in the reference data)."""
    district = get_session().scalar(select(District).where(District.code == code, District.in_area))
    if district is None:
        raise NotFound(
            f"There is no district with the code '{code}' in this area. Choose a "
            f"district from the gap analysis page ({url_for('gaps.overview')})."
        )
    report = _report()
    body = report.to_json()
    group = next((g for g in body["districts"] if g["code"] == code), None)
    if group is None:  # in the area, but no LSOA of the loaded reference data lies in it
        raise NotFound(
            f"The district '{code}' has no residents in the loaded reference data, "
            "so there is nothing to brief on. Run 'mapapp reference load' to load "
            "its LSOAs, or choose another district from the gap analysis page "
            f"({url_for('gaps.overview')})."
        )
    context = _page_context(report.params)
    return report, dict(
        body=body,
        group=group,
        args=request.args,
        made=now().astimezone(LONDON),
        gaps=biggest_gaps(group, context["key"]),
        **context,
    )
