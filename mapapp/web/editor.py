"""The navigator's listing editor: find a listing, edit every field, create, archive and
restore, and see (and revert) its change history.

A save writes nothing unless every field is valid (listing_form.parse); then only the
fields that changed are set and recorded (editing.save). Opened from the moderation queue
(``?feedback=<id>``), the report or suggestion is shown beside the form and saving accepts
it: the change is recorded with via="feedback".
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import vocab as D
from ..db import get_row
from ..errors import MapappError, NotFound
from ..finder.search import resolve_near
from ..listings import editing
from ..listings import form as listing_form
from ..listings.change_display import field_label, readable
from ..listings.history import revertible, snapshot
from ..listings.loading import load_listing
from ..listings.schedules import DAYS
from ..maps.overview import base_map
from ..models import Asset, AssetChange, District, Feedback, Venue
from ..reference.outlines import district_features
from ..workspace import moderation
from ..workspace.feedback import CATEGORIES
from .auth import current_user, role_required
from .clock import now
from .database import get_session
from .page_maps import embed

bp = Blueprint("editor", __name__)

EDITORS = ("navigator", "admin")
PAGE_SIZE = 50
NOTICES = {
    "archived": "The listing is archived: it no longer appears on public pages, the API or "
    "feeds. Restore it to list it again.",
    "restored": "The listing is restored and listed again.",
    "reverted": "The change was reverted, and the revert is recorded below.",
    "created": "The listing was created.",
}
KIND_CHOICES = [(kind, kind.title()) for kind in D.KINDS]
DOMAIN_CHOICES = [(domain.code, domain.label) for domain in D.DOMAINS]
PRECISION_OF = {"postcode": "postcode", "place": "place", "coordinates": "exact"}


@bp.get("/workspace/listings")
@role_required(*EDITORS)
def listings():
    session = get_session()
    q, status = request.args.get("q", "").strip(), request.args.get("status", "")
    district = request.args.get("district", "")
    page = max(_int(request.args.get("page"), 1), 1)
    query = (
        select(Asset, District.name)
        .outerjoin(Venue, Asset.venue_id == Venue.id)
        .outerjoin(District, Venue.district_code == District.code)
    )
    if q:
        query = query.where(func.lower(Asset.name).contains(q.lower(), autoescape=True))
    if status in D.STATUSES:
        query = query.where(Asset.status == status)
    if district == "none":
        query = query.where(Venue.district_code.is_(None))
    elif district:
        query = query.where(Venue.district_code == district)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(
        query.order_by(func.lower(Asset.name), Asset.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    districts = session.execute(
        select(District.code, District.name).where(District.in_area).order_by(District.name)
    ).all()
    return render_template(
        "editor/listings.html",
        rows=rows,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        q=q,
        status=status,
        district=district,
        statuses=D.STATUSES,
        districts=districts,
    )


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


@bp.route("/workspace/listings/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_listing():
    session = get_session()
    item = _feedback_item(session, kind="suggestion")
    if request.method == "GET":
        raw = moderation.suggestion_form(item.suggested or {}) if item else listing_form.blank()
        return _page(session, None, raw, {}, item)
    form = _parsed(session)
    if form.errors:
        return _page(session, None, form.raw, form.errors, item, status=400)
    user, moment = current_user(), now()
    asset = editing.create(
        session, form.values, by=user.email, via="feedback" if item else "editor", when=moment
    )
    if item:
        item.asset_id = asset.id
        moderation.resolve(
            item,
            "accepted",
            by=user.email,
            when=moment,
            note="Listing created from the suggestion.",
        )
    session.commit()
    return redirect(url_for("editor.edit_listing", asset_id=asset.id, done="created"))


@bp.route("/workspace/listings/<id:asset_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_listing(asset_id: int):
    session = get_session()
    asset = _asset(session, asset_id)
    item = _feedback_item(session, kind="problem", asset_id=asset_id)
    if request.method == "GET":
        return _page(session, asset, listing_form.from_snapshot(snapshot(asset)), {}, item)
    form = _parsed(session)
    if asset.status == "archived":  # no status field then: only Restore changes it
        form.errors.pop("status", None)
        form.values.pop("status", None)
    if form.errors:
        return _page(session, asset, form.raw, form.errors, item, status=400)
    user, moment = current_user(), now()
    changes = editing.save(
        session,
        asset,
        form.values,
        by=user.email,
        via="feedback" if item else "editor",
        when=moment,
    )
    if item:
        moderation.resolve(
            item,
            "accepted",
            by=user.email,
            when=moment,
            note=f"Applied in the editor ({len(changes)} changes).",
        )
    session.commit()
    return redirect(
        url_for(
            "editor.edit_listing",
            asset_id=asset.id,
            saved=len(changes),
            accepted=1 if item else None,
        )
    )


def _parsed(session: Session) -> listing_form.ListingForm:
    """The submitted form, with a typed postcode or town looked up to place the point."""
    form = listing_form.parse(request.form)
    if form.lookup and "location" not in form.errors:
        try:
            origin = resolve_near(session, form.lookup)
        except MapappError as exc:
            form.errors["lookup"] = exc.message
        else:
            form.values["location"] = [
                round(origin.lon, 6),
                round(origin.lat, 6),
                PRECISION_OF[origin.kind],
            ]
    return form


def _asset(session: Session, asset_id: int) -> Asset:
    asset = load_listing(session, asset_id)
    if asset is None:
        raise NotFound("There is no listing with that number. Find it in the list of listings.")
    return asset


def _feedback_item(session: Session, kind: str, asset_id: int | None = None):
    """The open report or suggestion this edit accepts, from ?feedback= or the form."""
    item_id = _int(request.values.get("feedback_id") or request.args.get("feedback"), 0)
    if not item_id:
        return None
    item = moderation.get_item(session, item_id, open_only=True)
    if item.kind != kind or (asset_id is not None and item.asset_id != asset_id):
        raise MapappError(
            "That report is about a different listing. Open it from the feedback queue.", 409
        )
    return item


def _page(
    session: Session,
    asset: Asset | None,
    raw: dict,
    errors: dict,
    item: Feedback | None,
    status: int = 200,
    notice: str | None = None,
):
    fmap = embed(base_map(current_app.config, district_features(session))[0])
    saved = request.args.get("saved")
    return render_template(
        "editor/listing_edit.html",
        asset=asset,
        raw=raw,
        errors=errors,
        item=item,
        fmap=fmap,
        schedule_rows=listing_form.with_blank_rows(raw),
        kinds=KIND_CHOICES,
        domains=DOMAIN_CHOICES,
        statuses=[(s, s.title()) for s in listing_form.EDITABLE_STATUSES],
        audiences=D.AUDIENCE_TAGS,
        access=D.ACCESSIBILITY_TAGS,
        frequencies=listing_form.FREQUENCIES,
        nths=listing_form.NTH,
        days=DAYS,
        categories=CATEGORIES,
        changes=history_rows(asset) if asset else [],
        notice=notice or NOTICES.get(request.args.get("done", "")),
        failed=status >= 400 and notice is not None,
        saved=saved,
        accepted=request.args.get("accepted"),
    ), status


def history_rows(asset: Asset) -> list[dict]:
    """The listing's changes, newest first, with values in words."""
    return [
        {
            "change": change,
            "label": field_label(change.field),
            "old": readable(change.field, change.old_value),
            "new": readable(change.field, change.new_value),
            "revertible": revertible(change.field),
        }
        for change in sorted(asset.changes, key=lambda c: c.id, reverse=True)
    ]


@bp.post("/workspace/listings/<id:asset_id>/archive")
@role_required(*EDITORS)
def archive(asset_id: int):
    return _set_status(asset_id, "archived")


@bp.post("/workspace/listings/<id:asset_id>/restore")
@role_required(*EDITORS)
def restore(asset_id: int):
    return _set_status(asset_id, "active", done="restored")


def _set_status(asset_id: int, status: str, done: str = "archived"):
    session = get_session()
    asset = _asset(session, asset_id)
    editing.set_status(session, asset, status, by=current_user().email, via="editor", when=now())
    session.commit()
    return redirect(url_for("editor.edit_listing", asset_id=asset_id, done=done))


@bp.post("/workspace/changes/<id:change_id>/revert")
@role_required(*EDITORS)
def revert_change(change_id: int):
    session = get_session()
    change = get_row(session, AssetChange, change_id)
    if change is None:
        raise NotFound("There is no such change. Open the listing's history again.")
    try:
        editing.revert(session, change, by=current_user().email, when=now())
    except MapappError as exc:  # changed again since: say so on the listing's page
        session.rollback()
        asset = _asset(session, change.asset_id)
        return _page(
            session,
            asset,
            listing_form.from_snapshot(snapshot(asset)),
            {},
            None,
            status=exc.status_code,
            notice=exc.message,
        )
    session.commit()
    return redirect(url_for("editor.edit_listing", asset_id=change.asset_id, done="reverted"))
