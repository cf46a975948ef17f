"""Organisations: a public page for each (who runs these listings, and whether it is a
lived-experience-led recovery organisation, with the evidence), and the navigators' list and
editor in the workspace. The rules are in workspace/organisations.py."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from ..db import get_row
from ..errors import NotFound
from ..listings.schedules import LONDON
from ..models import Organisation
from ..workspace import organisations as rules
from .auth import current_user, role_required
from .clock import now
from .database import get_session

bp = Blueprint("organisations", __name__)
EDITORS = ("navigator", "admin")


@bp.get("/organisations/<id:organisation_id>")
def page(organisation_id: int):
    db = get_session()
    organisation = _organisation(organisation_id)
    return render_template(
        "organisations/organisation.html",
        organisation=organisation,
        listings=rules.public_listings(db, organisation.id),
        register=charity_register_url(organisation.charity_number),
    )


@bp.get("/workspace/organisations")
@role_required(*EDITORS)
def index():
    return render_template(
        "organisations/organisations.html",
        rows=rules.with_listing_counts(get_session()),
        user=current_user(),
        notice=request.args.get("saved") and "Saved.",
    )


@bp.route("/workspace/organisations/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new():
    return _edit(Organisation(), rules.blank())


@bp.route("/workspace/organisations/<id:organisation_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit(organisation_id: int):
    organisation = _organisation(organisation_id)
    return _edit(organisation, rules.raw_of(organisation))


def _edit(organisation: Organisation, raw: dict):
    if request.method == "GET":
        return _form(organisation, raw)
    moment = now()
    form = rules.parse(request.form, moment.astimezone(LONDON).date())
    if not form.ok:
        return _form(organisation, form.raw, form.errors, status=400)
    db = get_session()
    user = current_user()
    rules.save(db, organisation, form, by=user.email, when=moment)
    db.commit()
    return redirect(url_for("organisations.index", saved=organisation.id), code=303)


def _form(organisation: Organisation, raw: dict, errors: dict | None = None, status: int = 200):
    html = render_template(
        "organisations/organisation_edit.html",
        organisation=organisation,
        raw=raw,
        errors=errors or {},
        user=current_user(),
    )
    return html, status


def _organisation(organisation_id: int) -> Organisation:
    organisation = get_row(get_session(), Organisation, organisation_id)
    if organisation is None:
        raise NotFound(
            f"There is no organisation {organisation_id}. Find one through its listings."
        )
    return organisation


def charity_register_url(number: str | None) -> str | None:
    """Where anyone can check the number: the register of the country that issued it."""
    if not number:
        return None
    if number.startswith("SC"):
        return f"https://www.oscr.org.uk/about-charities/search-the-register/charity-details?number={number}"
    if number.startswith("NIC"):
        return f"https://www.charitycommissionni.org.uk/charity-details/?regid={number[3:]}&subid=0"
    main = number.split("-")[0]
    return f"https://register-of-charities.charitycommission.gov.uk/charity-search/-/charity-details/{main}"
