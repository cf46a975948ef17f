"""Organisations as navigators keep them: the lived-experience-led (LERO) flag, the charity
number and the evidence behind the flag, read from a form, checked, and saved with who
changed the record and when.

A LERO flag needs evidence a commissioner can check (the quality standards the organisation
meets, or when it was last peer audited): the flag feeds the gap analysis's share of
lived-experience-led supply, so it must never be a bare tick.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Asset, Organisation

# England and Wales: a registered charity number of 6 to 8 digits, with an optional linked
# charity suffix ("1123456-1"); Scotland (OSCR): SC and 6 digits; Northern Ireland: NIC and
# 6 digits (the older XN/XR numbers were replaced by these).
CHARITY_NUMBER = re.compile(r"^(?:\d{6,8}(?:-\d{1,2})?|SC\d{6}|NIC\d{6})$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

TEXT_LIMITS = {
    "name": 200,
    "charity_number": 20,
    "website": 500,
    "email": 200,
    "phone": 40,
    "description": 4000,
    "quality_standards": 4000,
}
FIELDS = (*TEXT_LIMITS, "lero", "last_peer_audit")


@dataclass
class OrganisationForm:
    """What was typed (``raw``, to show back), what it means (``values``) and, per field,
    what to put right (``errors``)."""

    raw: dict
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def blank() -> dict:
    return {name: "" for name in FIELDS}


def raw_of(organisation: Organisation) -> dict:
    """The form filled from a stored organisation."""
    raw = {name: getattr(organisation, name) or "" for name in TEXT_LIMITS}
    raw["lero"] = "1" if organisation.lero else ""
    audit = organisation.last_peer_audit
    raw["last_peer_audit"] = audit.isoformat() if audit else ""
    return raw


def parse(form, today: dt.date) -> OrganisationForm:
    """``form`` is any mapping of field name to the text typed (a request's form)."""
    raw = {name: (form.get(name) or "").strip() for name in FIELDS}
    result = OrganisationForm(raw)
    _texts(result)
    _formats(result)
    _audit(result, today)
    _lero(result)
    return result


def _texts(result: OrganisationForm) -> None:
    for name, limit in TEXT_LIMITS.items():
        value = result.raw[name]
        if len(value) > limit:
            result.errors[name] = f"Keep this to {limit:,} characters or fewer."
        result.values[name] = value or None
    if not result.values["name"]:
        result.errors["name"] = "Give the name of the organisation."


def _formats(result: OrganisationForm) -> None:
    number = result.values["charity_number"]
    if number:
        number = re.sub(r"\s+", "", number).upper()
        result.values["charity_number"] = number
        if not CHARITY_NUMBER.match(number):
            result.errors["charity_number"] = (
                "Give the number on the charity register: 6 to 8 digits in England and Wales "
                "(e.g. 1123456), SC and 6 digits in Scotland, NIC and 6 digits in Northern "
                "Ireland."
            )
    website = result.values["website"]
    if website and not URL.match(website):
        result.errors["website"] = "Give the full web address, starting https://"
    email = result.values["email"]
    if email and not EMAIL.match(email):
        result.errors["email"] = "Give an email address like name@example.org."


def _audit(result: OrganisationForm, today: dt.date) -> None:
    text = result.raw["last_peer_audit"]
    result.values["last_peer_audit"] = None
    if not text:
        return
    try:
        uk = UK_DATE.match(text)
        day = dt.date(int(uk[3]), int(uk[2]), int(uk[1])) if uk else dt.date.fromisoformat(text)
    except ValueError:
        result.errors["last_peer_audit"] = "Give the date as 31/01/2026 (day, month, year)."
        return
    if day > today:
        result.errors["last_peer_audit"] = "The last peer audit cannot be in the future."
        return
    result.values["last_peer_audit"] = day


def _lero(result: OrganisationForm) -> None:
    result.values["lero"] = result.raw["lero"] in ("1", "on", "yes", "true")
    evidence = result.values["quality_standards"] or result.raw["last_peer_audit"]
    if result.values["lero"] and not evidence:
        result.errors["lero"] = (
            "Say what shows it is lived-experience led: the quality standards it meets, "
            "or the date of its last peer audit."
        )


def save(
    session: Session, organisation: Organisation, form: OrganisationForm, *, by: str, when
) -> Organisation:
    """Write a checked form (``form.ok``) to ``organisation`` (a new one is added)."""
    for name, value in form.values.items():
        setattr(organisation, name, value)
    organisation.updated_at, organisation.updated_by = when, by
    if organisation.id is None:
        session.add(organisation)
    session.flush()
    return organisation


def with_listing_counts(session: Session) -> list[tuple[Organisation, int]]:
    """Every organisation, by name, with how many of its listings are public."""
    counts = (
        select(Asset.organisation_id, func.count().label("n"))
        .where(Asset.status == "active")
        .group_by(Asset.organisation_id)
        .subquery()
    )
    rows = session.execute(
        select(Organisation, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.organisation_id == Organisation.id)
        .order_by(Organisation.name, Organisation.id)
    ).all()
    return [(organisation, int(n)) for organisation, n in rows]


def public_listings(session: Session, organisation_id: int) -> list[Asset]:
    """The organisation's listings the public may see, by name."""
    return list(
        session.scalars(
            select(Asset)
            .where(Asset.organisation_id == organisation_id, Asset.status == "active")
            .order_by(Asset.name, Asset.id)
        )
    )
