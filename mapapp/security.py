"""Protections every page shares: CSRF tokens on forms and safe session cookies.

Every POST must carry the token a form was rendered with (Flask-WTF's CSRFProtect); a
missing or expired token gets a page that says to reload the form, never a bare 400.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    # Secure cookies need HTTPS; the production set-up serves HTTPS and sets this.
    app.config.setdefault("SESSION_COOKIE_SECURE", app.config.get("PREFERRED_URL_SCHEME")
                          == "https")
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 4 * 3600)  # a form may sit open a while
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def _expired_form(exc: CSRFError):
        from .errors import render_error
        return render_error(400, "This form has expired or was not sent from this site. "
                                 "Go back, reload the page and send it again.")
