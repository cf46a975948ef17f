"""Public pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import func, select

from .. import domains as D
from ..db import get_session
from ..maps.embed import embed
from ..maps.overview import overview_map
from ..models import Asset, AssetDomain

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    session = get_session()
    counts = dict(session.execute(
        select(AssetDomain.domain, func.count()).join(Asset)
        .where(Asset.status == "active").group_by(AssetDomain.domain)).all())
    demo = session.scalar(select(func.count()).where(Asset.is_demo, Asset.status == "active"))
    fmap = embed(overview_map(session, current_app.config))
    return render_template("home.html", fmap=fmap, domains=D.DOMAINS, counts=counts,
                           demo_count=demo)


@bp.route("/assets/<int:asset_id>")
def asset(asset_id: int):
    """Placeholder until the asset page lands: the listing's JSON twin."""
    from flask import redirect, url_for

    return redirect(url_for("api.asset", asset_id=asset_id))
