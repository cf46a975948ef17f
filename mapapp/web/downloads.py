"""Downloads of every active listing for signed-in navigators, commissioners and admins:
the same files as `mapapp export` (publish/exports.py), one link per format."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template

from .. import vocab as D
from ..publish.exports import FORMATS, Site, export, filename
from .auth import current_user, role_required
from .clock import now
from .database import get_session
from .urls import page_url

bp = Blueprint("downloads", __name__, url_prefix="/workspace/exports")
ROLES = D.ROLES  # every signed-in role


@bp.get("")
@role_required(*ROLES)
def page():
    return render_template("downloads/exports.html", formats=FORMATS.values(), user=current_user())


@bp.get("/<fmt>")
@role_required(*ROLES)
def download(fmt: str):
    if fmt not in FORMATS:
        abort(404, f"There is no export called '{fmt}': choose one from the exports page.")
    body = export(get_session(), fmt, Site(page_url, current_app.config["AREA_NAME"], now()))
    return Response(
        body,
        mimetype=FORMATS[fmt].media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename(fmt)}"'},
    )
