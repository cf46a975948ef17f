"""Downloads of every active listing for signed-in navigators, commissioners and admins:
the same files as `mapapp export` (publish/exports.py), one link per format."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, url_for

from .. import vocab as D
from ..clock import now
from ..db import get_session
from ..publish.exports import FORMATS, Site, export, filename
from .auth import current_user, role_required

bp = Blueprint("downloads", __name__, url_prefix="/workspace/exports")
ROLES = D.ROLES  # every signed-in role


@bp.get("")
@role_required(*ROLES)
def page():
    return render_template("exports.html", formats=FORMATS.values(), user=current_user())


@bp.get("/<fmt>")
@role_required(*ROLES)
def download(fmt: str):
    if fmt not in FORMATS:
        abort(404, f"There is no export called '{fmt}': choose one from the exports page.")
    body = export(get_session(), fmt, Site(_page_url, current_app.config["AREA_NAME"], now()))
    return Response(
        body,
        mimetype=FORMATS[fmt].media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename(fmt)}"'},
    )


def _page_url(asset_id: int) -> str:
    return url_for("public.asset", asset_id=asset_id, _external=True)
