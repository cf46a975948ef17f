"""The navigator workspace: the dashboard page (its figures: workspace/dashboard.py)."""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import vocab as D
from ..listings.present import STALE_AFTER
from ..workspace.dashboard import dashboard_counts
from .auth import current_user, role_required
from .clock import now
from .database import get_session

bp = Blueprint("workspace", __name__)


@bp.get("/workspace")
@role_required(*D.ROLES)
def dashboard():
    counts = dashboard_counts(get_session(), now())
    return render_template(
        "workspace/workspace.html",
        dashboard=counts,
        user=current_user(),
        stale_days=STALE_AFTER.days,
    )
