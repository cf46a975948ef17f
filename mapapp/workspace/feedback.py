"""Public feedback: "report a problem" with a listing, or "suggest a listing", without an
account.

Each report waits in a moderation queue for a navigator (status 'open'). Sending is limited
per visitor by counting their recent reports in the database, not in one process's memory,
so the limit holds across app workers. A visitor is known only by a keyed hash of their
address: the address itself is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .. import rate_limit
from ..models import Asset, Feedback
from ..vocab import KINDS, is_domain

CATEGORIES = {
    "closed": "It has closed or stopped meeting",
    "moved": "It has moved to a different place",
    "time_changed": "The day or time has changed",
    "contact_wrong": "The contact details are wrong",
    "other": "Something else",
}
MESSAGE_MAX, EMAIL_MAX = 2000, 200


@dataclass
class Report:
    category: str = ""
    message: str = ""
    email: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form) -> Report:
        report = cls(
            category=form.get("category", "").strip(),
            message=form.get("message", "").strip(),
            email=form.get("email", "").strip(),
        )
        report.errors = _errors(report)
        return report


def _errors(report: Report) -> dict[str, str]:
    errors = {}
    if report.category not in CATEGORIES:
        errors["category"] = "Choose what is wrong."
    if report.category in ("other", "moved", "time_changed") and not report.message:
        errors["message"] = "Tell us what has changed, so a navigator can put it right."
    if len(report.message) > MESSAGE_MAX:
        errors["message"] = f"Please keep it under {MESSAGE_MAX:,} characters."
    if report.email and ("@" not in report.email or len(report.email) > EMAIL_MAX):
        errors["email"] = "That does not look like an email address (or leave it empty)."
    return errors


def client_key(address: str | None, secret: str) -> str:
    """A keyed hash of the visitor's address: enough to count, useless to identify."""
    digest = hmac.new(secret.encode(), (address or "unknown").encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def may_send(session: Session, key: str, now: dt.datetime, per_hour: int) -> bool:
    """Count this report or suggestion against the sender's hourly limit in one atomic
    statement (rate_limit.py: a burst of concurrent posts cannot overrun it); False when
    over. The caller commits either way."""
    limit = rate_limit.Limit("feedback", per_hour, dt.timedelta(hours=1))
    return rate_limit.attempt(session, limit, key, now).allowed


def record_problem(
    session: Session, asset: Asset, report: Report, key: str, now: dt.datetime
) -> Feedback:
    item = Feedback(
        asset_id=asset.id,
        kind="problem",
        category=report.category,
        message=report.message or None,
        reporter_email=report.email or None,
        client_key=key,
        status="open",
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item


# --- suggest a listing -----------------------------------------------------------------------

SUGGESTION_LIMITS = {
    "name": 200,
    "venue_name": 200,
    "address": 300,
    "town": 100,
    "postcode": 10,
    "conference_url": 500,
    "when": 500,
    "contact": 300,
    "description": 2000,
}


@dataclass
class Suggestion:
    """A suggested new listing, as typed: a navigator checks it before anything is listed."""

    values: dict = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    email: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form) -> Suggestion:
        values = {name: form.get(name, "").strip() for name in SUGGESTION_LIMITS}
        values["kind"] = form.get("kind", "").strip()
        suggestion = cls(
            values=values,
            domains=[d for d in form.getlist("domains") if d],
            email=form.get("email", "").strip(),
        )
        suggestion.errors = _suggestion_errors(suggestion)
        return suggestion

    def stored(self) -> dict:
        """What is kept in Feedback.suggested: the given values only."""
        return {k: v for k, v in self.values.items() if v} | (
            {"domains": sorted(set(self.domains))} if self.domains else {}
        )


def _suggestion_errors(suggestion: Suggestion) -> dict[str, str]:
    values, errors = suggestion.values, {}
    if not values["name"]:
        errors["name"] = "Give the name of the group, service or activity."
    if values["kind"] not in KINDS:
        errors["kind"] = "Choose what kind of thing it is."
    if any(not is_domain(code) for code in suggestion.domains):
        errors["domains"] = "Choose from the list shown."
    where = ("venue_name", "address", "town", "postcode", "conference_url")
    if not any(values[name] for name in where):
        errors["where"] = (
            "Tell us where it happens: a town or postcode, an address, or "
            "the link for joining online."
        )
    url = values["conference_url"]
    if url and not url.lower().startswith(("http://", "https://")):
        errors["conference_url"] = "Give the full link, starting https:// (or leave it empty)."
    for name, limit in SUGGESTION_LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = f"Please keep it under {limit:,} characters."
    if suggestion.email and ("@" not in suggestion.email or len(suggestion.email) > EMAIL_MAX):
        errors["email"] = "That does not look like an email address (or leave it empty)."
    return errors


def record_suggestion(
    session: Session, suggestion: Suggestion, key: str, now: dt.datetime
) -> Feedback:
    item = Feedback(
        asset_id=None,
        kind="suggestion",
        category=None,
        message=suggestion.values.get("description") or None,
        suggested=suggestion.stored(),
        reporter_email=suggestion.email or None,
        client_key=key,
        status="open",
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item
