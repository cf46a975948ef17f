"""Public feedback pages: report a problem with a listing, suggest a new listing (no
account needed). Both share one rate limit, counted atomically in the database
(feedback.may_send).

Forms carry a CSRF token (security.py). A hidden 'website' field is a honeypot: people
never see it, form-filling robots fill it in, and their reports are thanked and dropped.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from .. import vocab as D
from ..workspace.feedback import (
    CATEGORIES,
    Report,
    Suggestion,
    client_key,
    may_send,
    record_problem,
    record_suggestion,
)
from .clock import now
from .database import get_session
from .public import active_asset

bp = Blueprint("feedback", __name__)


@bp.route("/assets/<id:asset_id>/report", methods=["GET", "POST"])
def report_problem(asset_id: int):
    listing = active_asset(asset_id)
    if request.method == "GET":
        return _form(listing, Report())
    if request.form.get("website"):  # the honeypot: only robots fill it in
        return render_template("feedback/report_thanks.html", asset=listing)
    report = Report.from_form(request.form)
    if report.errors:
        return _form(listing, report, status=400)
    session, moment = get_session(), now()
    key = client_key(request.remote_addr, current_app.config["SECRET_KEY"])
    if not may_send(session, key, moment, current_app.config["FEEDBACK_PER_HOUR"]):
        session.commit()  # release the sender's counter
        return _form(
            listing,
            report,
            status=429,
            notice=(
                "You have sent several reports in the last hour. Thank you: please try again "
                "later, or contact the group directly."
            ),
        )
    record_problem(session, listing, report, key, moment)
    session.commit()
    return render_template("feedback/report_thanks.html", asset=listing)


def _form(listing, report: Report, status: int = 200, notice: str | None = None):
    return render_template(
        "feedback/report.html", asset=listing, report=report, categories=CATEGORIES, notice=notice
    ), status


TOO_MANY = (
    "You have sent several reports or suggestions in the last hour. Thank you: please "
    "try again later."
)


@bp.route("/suggest", methods=["GET", "POST"])
def suggest():
    if request.method == "GET":
        return _suggest_form(Suggestion())
    if request.form.get("website"):  # the honeypot, as for reports
        return render_template("feedback/suggest_thanks.html")
    suggestion = Suggestion.from_form(request.form)
    if suggestion.errors:
        return _suggest_form(suggestion, status=400)
    session, moment = get_session(), now()
    key = client_key(request.remote_addr, current_app.config["SECRET_KEY"])
    if not may_send(session, key, moment, current_app.config["FEEDBACK_PER_HOUR"]):
        session.commit()  # release the sender's counter
        return _suggest_form(suggestion, status=429, notice=TOO_MANY)
    record_suggestion(session, suggestion, key, moment)
    session.commit()
    return render_template("feedback/suggest_thanks.html")


def _suggest_form(suggestion: Suggestion, status: int = 200, notice: str | None = None):
    return render_template(
        "feedback/suggest.html",
        suggestion=suggestion,
        kinds=D.KINDS,
        domains=D.DOMAINS,
        notice=notice,
    ), status
