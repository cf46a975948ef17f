"""The review queues of the navigator workspace, and "verified today".

Stale, needs review, geocode problems and duplicate candidates, each filterable by district
and domain as the dashboard counts them (workspace/queues.py), plus the actions that empty them. The
logic lives in workspace/ (verification, queues, relocation, merge); these views only parse
the request, call one operation, commit once and redirect. Navigators and administrators
act; commissioners see the dashboard counts only.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from .. import vocab as D
from ..db import get_row
from ..errors import NotFound
from ..listings.rules import venue_lonlat
from ..maps.picker import picker_map
from ..models import Asset, DuplicateCandidate
from ..reference.outlines import district_features
from ..workspace import merge as M
from ..workspace import queues, relocation, verification
from .auth import current_user, role_required, safe_next
from .clock import now
from .database import get_session
from .page_maps import embed

bp = Blueprint("queues", __name__)

ACTING = ("navigator", "admin")
# Dashboard column -> (queue endpoint, fixed filter), for the dashboard's links.
QUEUE_OF_COLUMN = {
    "stale": ("queues.stale", {}),
    "needs_review": ("queues.needs_review", {}),
    "outside_area": ("queues.geocode", {"problem": "outside"}),
    "duplicates": ("queues.duplicates", {}),
}


@bp.app_template_global()
def queue_link(
    column: str, district: str | None = None, domain: str | None = None, total: bool = False
) -> str | None:
    """The queue a dashboard figure counts, filtered to its row; None when there is none
    or the signed-in user cannot act on it (commissioners see figures only)."""
    user = current_user()
    if column not in QUEUE_OF_COLUMN or user is None or user.role not in ACTING:
        return None
    endpoint, fixed = QUEUE_OF_COLUMN[column]
    if total:
        where = {}
    elif domain:
        where = {"domain": domain}
    else:
        where = {"district": district or queues.NO_DISTRICT}
    return url_for(endpoint, **fixed, **where)


def _by() -> str:
    return current_user().email


def _listing(asset_id: int) -> Asset:
    asset = get_row(get_session(), Asset, asset_id)
    if asset is None or asset.status == "archived":
        raise NotFound("This listing does not exist or has been archived.")
    return asset


def _filter():
    session = get_session()
    districts = queues.area_districts(session)
    area_codes = {code for code, _name in districts}
    return session, queues.parse_filter(request.args, area_codes), area_codes, districts


def _queue_page(template: str, page, qf, districts, **extra):
    return render_template(
        f"queues/{template}",
        page=page,
        qf=qf,
        districts=districts,
        domain_options=D.DOMAINS,
        district_names=dict(districts),
        problems=queues.PROBLEMS,
        here=request.full_path.rstrip("?"),
        **extra,
    )


@bp.post("/workspace/listings/<id:asset_id>/verify")
@role_required(*ACTING)
def verify(asset_id: int):
    asset = _listing(asset_id)
    verification.verify(get_session(), asset, by=_by(), when=now())
    get_session().commit()
    flash(f"“{asset.name}” is marked as checked today.")
    return redirect(safe_next(request.form.get("next"), url_for("queues.stale")))


@bp.get("/workspace/queues/stale")
@role_required(*ACTING)
def stale():
    session, qf, area_codes, districts = _filter()
    page = queues.stale_queue(session, qf, area_codes, now())
    return _queue_page("stale.html", page, qf, districts, moment=now())


@bp.get("/workspace/queues/review")
@role_required(*ACTING)
def needs_review():
    session, qf, area_codes, districts = _filter()
    page = queues.review_queue(session, qf, area_codes)
    issues = queues.latest_issues(session, [a.id for a in page.items])
    return _queue_page("review.html", page, qf, districts, issues=issues)


@bp.post("/workspace/queues/review/<id:asset_id>/reviewed")
@role_required(*ACTING)
def mark_reviewed(asset_id: int):
    asset = _listing(asset_id)
    verification.mark_reviewed(get_session(), asset, by=_by(), when=now())
    get_session().commit()
    flash(f"“{asset.name}” is marked as reviewed.")
    return redirect(safe_next(request.form.get("next"), url_for("queues.needs_review")))


@bp.get("/workspace/queues/geocode")
@role_required(*ACTING)
def geocode():
    session, qf, area_codes, districts = _filter()
    page = queues.geocode_queue(session, qf, area_codes)
    return _queue_page("geocode.html", page, qf, districts, problem_of=queues.geocode_problem)


@bp.route("/workspace/queues/geocode/<id:asset_id>", methods=["GET", "POST"])
@role_required(*ACTING)
def fix_location(asset_id: int):
    session, asset = get_session(), _listing(asset_id)
    if request.method == "GET":
        return _fix_form(asset)
    method = request.form.get("method", "")
    try:
        point = relocation.locate(session, method, request.form)
    except relocation.NotLocated as problem:
        return _fix_form(asset, errors={problem.field: problem.message}, status=400)
    relocation.fix_location(session, asset, point, method, by=_by(), when=now())
    session.commit()
    left = queues.geocode_problem(asset.venue)
    flash(
        f"“{asset.name}” is now placed at {point.label} ({point.precision})."
        + (f" It is still in the queue: {queues.PROBLEMS[left].lower()}." if left else "")
    )
    return redirect(url_for("queues.geocode"))


def _fix_form(asset: Asset, errors: dict | None = None, status: int = 200):
    session = get_session()
    form = request.form if request.method == "POST" else {}
    lonlat = venue_lonlat(asset.venue)
    fmap = embed(picker_map(current_app.config, district_features(session), lonlat))
    return render_template(
        "queues/fix_location.html",
        asset=asset,
        errors=errors or {},
        form=form,
        lonlat=lonlat,
        fmap=fmap,
        problem=queues.geocode_problem(asset.venue),
        problems=queues.PROBLEMS,
    ), status


@bp.get("/workspace/queues/duplicates")
@role_required(*ACTING)
def duplicates():
    session, qf, area_codes, districts = _filter()
    page = queues.duplicates_queue(session, qf, area_codes)
    return _queue_page("duplicates.html", page, qf, districts)


def _candidate(candidate_id: int) -> DuplicateCandidate:
    candidate = get_row(get_session(), DuplicateCandidate, candidate_id)
    if candidate is None:
        raise NotFound("There is no such duplicate candidate.")
    return candidate


@bp.get("/workspace/queues/duplicates/<id:candidate_id>")
@role_required(*ACTING)
def duplicate(candidate_id: int):
    return _duplicate_page(_candidate(candidate_id))


def _duplicate_page(candidate: DuplicateCandidate, error: str | None = None, status: int = 200):
    a, b = M.pair(get_session(), candidate)
    return render_template(
        "queues/duplicate.html",
        candidate=candidate,
        a=a,
        b=b,
        rows=M.compare(a, b),
        take=M.TAKE,
        error=error,
    ), status


@bp.post("/workspace/queues/duplicates/<id:candidate_id>/dismiss")
@role_required(*ACTING)
def dismiss(candidate_id: int):
    candidate = _candidate(candidate_id)
    M.dismiss(get_session(), candidate, by=_by(), when=now())
    get_session().commit()
    flash("The pair is marked as not duplicates.")
    return redirect(url_for("queues.duplicates"))


@bp.post("/workspace/queues/duplicates/<id:candidate_id>/merge")
@role_required(*ACTING)
def merge(candidate_id: int):
    candidate = _candidate(candidate_id)
    keep = request.form.get("keep", "")
    if not keep.isdigit():
        return _duplicate_page(
            candidate,
            "Choose which listing to keep: press one of the two “Merge, keeping …” buttons.",
            400,
        )
    survivor = M.merge(
        get_session(), candidate, int(keep), request.form.getlist("take"), by=_by(), when=now()
    )
    get_session().commit()
    flash(
        f"Merged: “{survivor.name}” (listing {survivor.id}) keeps both listings' sources; "
        "the other listing is archived."
    )
    return redirect(url_for("queues.duplicates"))
