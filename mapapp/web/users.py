"""User administration (administrators only): list accounts, create one, change a role,
deactivate or reactivate, set a new password.

The rules live in accounts/users.py, shared with 'mapapp users create': the same password
strength checks, and no change may leave the site without an active administrator. Each
change is noted on the account (what, by whom, when) and shown in the list. A
deactivated account's open sessions stop working at once (auth.current_user).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from ..accounts import users as accounts
from ..db import get_row
from ..errors import NotFound
from ..models import User
from ..vocab import ROLES
from .auth import current_user, role_required
from .clock import now
from .database import get_session

bp = Blueprint("users", __name__)


@bp.get("/workspace/users")
@role_required("admin")
def index():
    return _page()


@bp.post("/workspace/users")
@role_required("admin")
def create():
    form = {k: request.form.get(k, "") for k in ("email", "name", "role")}
    db = get_session()
    try:
        user = accounts.create_user(
            db,
            form["email"],
            form["name"],
            form["role"],
            request.form.get("password", ""),
            by=current_user(),
            now=now(),
        )
    except accounts.AccountError as exc:
        db.rollback()
        return _page(new=form, new_error=exc.message, status=400)
    db.commit()
    return _page(notice=f"Created a {user.role} account for {user.name} ({user.email}).")


@bp.post("/workspace/users/<id:user_id>/role")
@role_required("admin")
def change_role(user_id: int):
    return _change(
        user_id,
        lambda db, user, me, moment: accounts.change_role(
            db, user, request.form.get("role", ""), me, moment
        ),
        "Role changed",
    )


@bp.post("/workspace/users/<id:user_id>/active")
@role_required("admin")
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    return _change(
        user_id,
        lambda db, user, me, moment: accounts.set_active(db, user, active, me, moment),
        "Reactivated" if active else "Deactivated",
    )


@bp.post("/workspace/users/<id:user_id>/password")
@role_required("admin")
def reset_password(user_id: int):
    return _change(
        user_id,
        lambda db, user, me, moment: accounts.reset_password(
            db, user, request.form.get("password", ""), me, moment
        ),
        "New password set",
    )


def _change(user_id: int, operation, done: str):
    db = get_session()
    user = get_row(db, User, user_id)
    if user is None:
        raise NotFound("There is no such account. Go back to the list of users.")
    try:
        operation(db, user, current_user(), now())
    except accounts.AccountError as exc:
        db.rollback()
        return _page(errors={user_id: exc.message}, status=400)
    db.commit()
    return _page(notice=f"{done}: {user.name} ({user.email}).")


def _page(
    new: dict | None = None,
    new_error: str | None = None,
    errors: dict | None = None,
    notice: str | None = None,
    status: int = 200,
):
    users = get_session().scalars(select(User).order_by(User.active.desc(), User.name)).all()
    return render_template(
        "users/users.html",
        users=users,
        roles=ROLES,
        me=current_user(),
        new=new or {"role": "navigator"},
        new_error=new_error,
        errors=errors or {},
        notice=notice,
        min_password=accounts.MIN_PASSWORD,
    ), status
