"""The feedback moderation queue: open public reports and suggestions, newest first.

An item's page shows the report beside the listing's current values. Accepting a problem
opens the editor with the report alongside (saving applies it, via="feedback"); a "closed"
report can be accepted as it stands (the listing becomes inactive); a suggestion opens the
new-listing editor prefilled. Rejecting needs a reason. Reporters' email addresses appear
only here, to navigators.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from ..listings.change_display import field_label, readable
from ..listings.fields import as_text
from ..listings.history import snapshot
from ..models import Asset
from ..workspace.feedback import CATEGORIES
from ..workspace.moderation import accept_closed, get_item, open_items, reject
from .auth import current_user, role_required
from .clock import now
from .database import get_session
from .editor import EDITORS

bp = Blueprint("moderation", __name__)

SUGGESTION_LABELS = {
    "name": "Name",
    "kind": "Kind",
    "domains": "Domains",
    "venue_name": "Venue",
    "address": "Address",
    "town": "Town",
    "postcode": "Postcode",
    "conference_url": "Online link",
    "when": "When",
    "contact": "Contact",
    "description": "Description",
}


@bp.get("/workspace/feedback")
@role_required(*EDITORS)
def queue():
    return render_template(
        "moderation/feedback_queue.html",
        rows=open_items(get_session()),
        categories=CATEGORIES,
        done=request.args.get("done"),
    )


@bp.get("/workspace/feedback/<id:item_id>")
@role_required(*EDITORS)
def item(item_id: int):
    return _item_page(item_id)


def _item_page(item_id: int, reason: str = "", error: str | None = None, status: int = 200):
    session = get_session()
    feedback = get_item(session, item_id)
    asset = session.get(Asset, feedback.asset_id) if feedback.asset_id else None
    current = []
    if asset is not None:
        current = [
            (field_label(name), readable(name, as_text(value)))
            for name, value in snapshot(asset).items()
        ]
    suggested = [
        (label, ", ".join(value) if isinstance(value, list) else value)
        for key, label in SUGGESTION_LABELS.items()
        if (value := (feedback.suggested or {}).get(key))
    ]
    return render_template(
        "moderation/feedback_item.html",
        item=feedback,
        asset=asset,
        current=current,
        suggested=suggested,
        categories=CATEGORIES,
        reason=reason,
        error=error,
    ), status


@bp.post("/workspace/feedback/<id:item_id>/reject")
@role_required(*EDITORS)
def reject_item(item_id: int):
    session = get_session()
    feedback = get_item(session, item_id, open_only=True)
    reason = request.form.get("reason", "")
    error = reject(feedback, reason, by=current_user().email, when=now())
    if error:
        return _item_page(item_id, reason=reason, error=error, status=400)
    session.commit()
    return redirect(url_for("moderation.queue", done="rejected"))


@bp.post("/workspace/feedback/<id:item_id>/close")
@role_required(*EDITORS)
def accept_closed_item(item_id: int):
    session = get_session()
    feedback = get_item(session, item_id, open_only=True)
    accept_closed(session, feedback, by=current_user().email, when=now())
    session.commit()
    return redirect(url_for("moderation.queue", done="closed"))
