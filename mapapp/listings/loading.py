"""The one loader of a whole listing: its venue, domains, tags, schedules and organisation,
each related table read once for all the listings of a query (selectin), so that no page,
feed, export or import reads them one listing at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..db import id_fits
from ..models import Asset

WHOLE_LISTING = (Asset.venue, Asset.domains, Asset.tags, Asset.schedules, Asset.organisation)


def whole_listing_options() -> tuple:
    """The loader options for a query of listings: ``select(Asset).options(*these)``."""
    return tuple(selectinload(relation) for relation in WHOLE_LISTING)


def load_listing(session: Session, asset_id: int, *, active_only: bool = False) -> Asset | None:
    """One whole listing by an id from outside (a URL, a form): None when no listing has it,
    or, with ``active_only``, when it is not public."""
    if not id_fits(asset_id):
        return None
    query = select(Asset).where(Asset.id == asset_id).options(*whole_listing_options())
    if active_only:
        query = query.where(Asset.status == "active")
    return session.scalar(query)
