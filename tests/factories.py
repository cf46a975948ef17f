"""Small hand-built listings and signed-in clients for the workspace tests."""

from __future__ import annotations

import itertools
import re

from mapapp.accounts.users import create_user
from mapapp.listings import history
from mapapp.models import Asset, AssetDomain, Schedule, Venue

PASSWORD = "correct horse battery"
# (lon, lat) of places with a known district (checked against the reference data).
DERBY = (-1.4770, 52.9225)  # Derby city centre, E06000015
BUXTON = (-1.915168, 53.255229)  # the OS Open Names point of Buxton, High Peak E07000037
SHEFFIELD = (-1.4701, 53.3811)  # next door, E08000019, outside the area
_slugs = itertools.count(1)


def listing(
    session,
    name: str,
    *,
    at=None,
    precision="postcode",
    source="codepoint",
    verified=None,
    status="active",
    domains=("twelve-step",),
    review=None,
    venue=True,
    address=None,
    postcode=None,
    town=None,
    weekday=None,
) -> Asset:
    """One listing; ``at`` = (lon, lat) places it through history.place (district set)."""
    asset = Asset(
        slug=f"listing-{next(_slugs)}",
        name=name,
        kind="meeting",
        status=status,
        last_verified_at=verified,
        needs_review=review is not None,
        review_reason=review,
        domains=[AssetDomain(domain=d) for d in domains],
    )
    if venue:
        asset.venue = Venue(name=f"{name} hall", address=address, postcode=postcode, town=town)
    if weekday is not None:
        asset.schedules = [Schedule(weekday=weekday)]
    session.add(asset)
    if at is not None:
        history.place(session, asset, *at, precision, source)
    session.flush()
    return asset


def user(session, role: str, email: str | None = None) -> int:
    made = create_user(session, email or f"{role}@example.org", role.title(), role, PASSWORD)
    session.flush()
    return made.id


def signed_in(app, user_id: int):
    """A client signed in as ``user_id``: a session record made as signing in makes one,
    at the app's clock, and its token in the client's cookie."""
    from mapapp.accounts import sessions
    from mapapp.db import session_scope
    from mapapp.models import User, utcnow
    from mapapp.web.database import get_engine

    clock = app.config.get("CLOCK")
    with app.app_context(), session_scope(get_engine()) as session:
        token = sessions.begin(
            session,
            session.get(User, user_id),
            clock() if clock else utcnow(),
            sessions.Lifetimes.from_settings(app.config),
        )
    client = app.test_client()
    with client.session_transaction() as sess:
        sess[sessions.COOKIE_KEY] = token
    return client


def token(client, path: str = "/workspace") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
