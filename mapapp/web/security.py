"""Protections every page shares: CSRF tokens on forms, safe session cookies and
security headers.

Every POST must carry the token a form was rendered with (Flask-WTF's CSRFProtect); a
missing or expired token gets a page that says to reload the form, never a bare 400.

The Content-Security-Policy allows scripts only from this site plus the inline map scripts
that carry this response's nonce, so script injected through stored data cannot run even
if it were ever let through unescaped. Every front-end file is served from this site; map
tiles, when configured, are the one outside source (images only).
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..accounts.sessions import COOKIE_KEY

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    _session_cookie(app.config)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 4 * 3600)  # a form may sit open a while
    csrf.init_app(app)
    app.before_request(_new_nonce)
    app.after_request(_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.errorhandler(CSRFError)
    def _expired_form(exc: CSRFError):
        from .errors import render_error

        return render_error(
            400,
            "This form has expired or was not sent from this site. "
            "Go back, reload the page and send it again.",
        )


def _session_cookie(config) -> None:
    """HttpOnly, SameSite=Lax, Secure over HTTPS, and an idle lifetime.

    Flask's own defaults already hold these keys (SameSite unset, Secure off), so they are
    set here, not defaulted: a setdefault would never take effect."""
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    secure = config.get("SESSION_COOKIE_SECURE")
    if secure is None or secure == "auto":
        secure = config.get("PREFERRED_URL_SCHEME") == "https"
    config["SESSION_COOKIE_SECURE"] = bool(secure)
    # The record on the server decides when a session ends (accounts/sessions.py); the
    # cookie need only last as long as the longest session may, and use does not renew it.
    config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(
        hours=int(config.get("SESSION_MAX_HOURS") or 12)
    )
    config["SESSION_REFRESH_EACH_REQUEST"] = False


def _new_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(18)


def csp_nonce() -> str:
    """This response's nonce, for the inline <script> that starts a page's maps."""
    if "csp_nonce" not in g:
        _new_nonce()
    return g.csp_nonce


def content_security_policy(nonce: str, tiles_url: str = "") -> str:
    images = " ".join(["'self'", "data:", *_tile_origin(tiles_url)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            # Leaflet and the marker-cluster plugin position map panes and icons with style
            # attributes they write at run time: attributes only, never style sheets or script.
            "style-src-attr 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _tile_origin(tiles_url: str) -> list[str]:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> ['https://*.tile.example.org']."""
    if not tiles_url:
        return []
    parts = urlsplit(tiles_url.replace("{s}", "a"))
    host = parts.hostname or ""
    if "{s}" in tiles_url:
        host = "*." + host.split(".", 1)[1]
    return [f"{parts.scheme}://{host}"] if parts.scheme in ("http", "https") and host else []


# Pages that must not be kept even for a visitor who is not signed in.
NO_STORE_ENDPOINTS = {"auth.sign_in"}


def _private_response() -> bool:
    """A response to a signed-in person (any page: its header names them), a role-protected
    page or download, or the sign-in form; never a static file."""
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.startswith("vendor."):
        return False
    view = current_app.view_functions.get(endpoint)
    return (
        endpoint in NO_STORE_ENDPOINTS
        or bool(getattr(view, "_roles", None))
        or session.get(COOKIE_KEY) is not None
    )


def _security_headers(response):
    headers = response.headers
    if _private_response():
        # Reporter emails, private contacts, the user list: never in a shared or a back-
        # button cache, whatever the view set.
        headers["Cache-Control"] = "no-store"
    headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(csp_nonce(), current_app.config.get("TILES_URL") or ""),
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")  # for browsers without frame-ancestors
    # Nobody's visit to a listing should be announced to the next site they open.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
    return response
