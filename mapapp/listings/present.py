"""A listing as the public may see it: the one place that decides what is published.

Private contact details (the default for named contacts) never leave through here, so
pages, the API and feeds cannot leak them by forgetting a check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import or_

from ..models import Asset
from .schedules import LONDON, describe_all, when_label
from .views import remembered

STALE_AFTER = dt.timedelta(days=183)  # "may be out of date" after six months


def public_contact(asset: Asset) -> dict:
    if asset.contact_private:
        return {}
    return {
        k: v
        for k, v in (
            ("contact_name", asset.contact_name),
            ("contact_email", asset.contact_email),
            ("contact_phone", asset.contact_phone),
        )
        if v
    }


def is_stale(asset: Asset, now: dt.datetime) -> bool:
    return asset.last_verified_at is None or now - asset.last_verified_at > STALE_AFTER


def stale_condition(moment: dt.datetime):
    """is_stale as a SQL condition, for the dashboard's counts and the stale queue."""
    return or_(Asset.last_verified_at.is_(None), Asset.last_verified_at < moment - STALE_AFTER)


def asset_properties(
    asset: Asset,
    now: dt.datetime,
    distance_m: float | None = None,
    session=None,
    *,
    listing_url: Callable[[int], str],
) -> dict:
    """``listing_url(asset_id)``: the address of a listing's page (the web passes its own)."""
    start = session[0].astimezone(LONDON).isoformat() if session else None
    properties = {
        **remembered(asset, "_properties", listing_properties),
        "next_session": start,
        "when": when_label(session, now),
        "may_be_out_of_date": is_stale(asset, now),
        "url": listing_url(asset.id),
    }
    if distance_m is not None:
        properties["distance_m"] = round(float(distance_m), 1)
    return properties


def public_listing(asset: Asset) -> dict:
    """listing_properties, worked out once per view and data version: a copy to add to."""
    return dict(remembered(asset, "_properties", listing_properties))


def listing_properties(asset: Asset) -> dict:
    """What asset_properties shows that depends neither on the moment nor on the request:
    worked out once per view and data version (see listings/cache.py). Shared: read only."""
    venue = asset.venue
    return {
        "id": asset.id,
        "name": asset.name,
        "kind": asset.kind,
        "domains": asset.domain_codes,
        "attendance": asset.attendance,
        "schedule": describe_all(asset.schedules),
        "location_precision": venue.precision if venue else "none",
        "last_verified": asset.last_verified_at.isoformat() if asset.last_verified_at else None,
        "fellowship": asset.fellowship,
        "types": asset.types or [],
        "audience": asset.tag_values("audience"),
        "accessibility": asset.tag_values("accessibility"),
        "venue": venue.name if venue else None,
        "address": venue.address if venue else None,
        "town": venue.town if venue else None,
        "postcode": venue.postcode if venue else None,
        "conference_url": asset.conference_url,
        "conference_phone": asset.conference_phone,
        "website": asset.website,
        "email": asset.email,
        "phone": asset.phone,
        "demo": asset.is_demo,
        "lived_experience_led": lived_experience_led(asset),
        **public_contact(asset),
    }


def lived_experience_led(asset) -> bool:
    """Run by a lived-experience-led organisation (a view carries the flag; a model asks
    its organisation)."""
    if hasattr(asset, "lero"):
        return bool(asset.lero)
    return bool(asset.organisation is not None and asset.organisation.lero)
