"""Signing in and out of the navigator workspace, and who may see which page.

``role_required(*roles)`` protects a view: anonymous visitors are sent to the sign-in
form (and back afterwards), a signed-in user without one of the roles gets a 403 page.
A deactivated account counts as signed out. Protected views carry ``_roles`` so a test
can walk the URL map and check every one of them.

Signing in clears the session before storing the user's id (no session fixation), and
``next`` is followed only when it is a path on this site (no open redirect). Every form,
sign-out included, carries the CSRF token (security.py).
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError

from ..accounts import sessions, throttle
from ..accounts.users import SignInFailed, authenticate
from ..errors import MapappError
from ..models import User
from ..workspace.feedback import client_key
from .clock import now
from .database import get_session

bp = Blueprint("auth", __name__)

SESSION_KEY = sessions.COOKIE_KEY  # names the session's record on the server


def current_user() -> User | None:
    """The signed-in, active user of this request, or None (looked up once per request):
    the session's record must exist and be within its lifetimes (accounts/sessions.py)."""
    if "current_user" not in g:
        token = session.get(SESSION_KEY)
        g.current_user = (
            None if token is None else sessions.resume(get_session(), token, now(), _lifetimes())
        )
    return g.current_user


def _lifetimes() -> sessions.Lifetimes:
    return sessions.Lifetimes.from_settings(current_app.config)


def _navigation_user() -> User | None:
    """current_user() for the page header, which must render even on a database error page."""
    try:
        return current_user()
    except (MapappError, SQLAlchemyError):
        return None


@bp.app_context_processor
def _user_in_templates():
    return {"current_user": _navigation_user}


def role_required(*roles: str):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
            if user.role not in roles:
                abort(
                    403, "Your account cannot open this page. Ask an administrator if you need it."
                )
            return view(*args, **kwargs)

        wrapper._roles = roles
        return wrapper

    return decorate


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, otherwise ``default``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    next_url = request.values.get("next", "")
    if request.method == "GET":
        return _form(next_url)
    email = request.form.get("email", "")
    db, moment, config = get_session(), now(), current_app.config
    key = client_key(request.remote_addr, config["SECRET_KEY"])
    counted = (db, email, key, config["SECRET_KEY"], moment, config["SIGN_IN_FAILURES_PER_CLIENT"])
    throttled = throttle.count_attempt(*counted)
    if throttled:  # the same for every email, known or not; no password checked
        db.commit()
        page, _ = _form(next_url, email=email, error=throttled.message)
        return page, 429, {"Retry-After": str(throttled.retry_after)}
    try:
        user = authenticate(db, email, request.form.get("password", ""), moment)
    except SignInFailed as exc:
        db.commit()  # keep the failure counted
        return _form(next_url, email=email, error=exc.message, status=exc.status_code)
    throttle.succeeded(*counted)
    token = sessions.begin(db, user, moment, _lifetimes())
    db.commit()
    session.clear()  # no session fixation: nothing from before signing in is kept
    session.permanent = True  # the cookie lasts as long as the longest session may
    session[SESSION_KEY] = token
    g.pop("current_user", None)
    return redirect(safe_next(next_url, url_for("workspace.dashboard")))


@bp.post("/sign-out")
def sign_out():
    db = get_session()
    sessions.end(db, session.get(SESSION_KEY))  # a copy of the cookie ends with it
    db.commit()
    session.clear()
    g.pop("current_user", None)
    return redirect(url_for("public.home"))


def _form(next_url: str, email: str = "", error: str | None = None, status: int = 200):
    return render_template(
        "auth/sign_in.html", next_url=safe_next(next_url, ""), email=email, error=error
    ), status
