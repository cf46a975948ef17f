"""A listing view shows exactly what its Asset shows (both backends)."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mapapp.db import session_scope
from mapapp.listings import views as listing_views
from mapapp.listings.present import asset_properties
from mapapp.listings.rules import venue_lonlat
from mapapp.listings.schedules import next_of
from mapapp.listings.views import views_from_rows, views_query
from mapapp.models import Asset
from tests.conftest import make_test_app

NOW = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # the night the clocks go forward


def _url(asset_id: int) -> str:
    return f"/assets/{asset_id}"


def test_views_present_exactly_as_the_assets_do(demo_db, engine_for, monkeypatch):
    monkeypatch.setattr(listing_views, "CHUNK", 7)  # several IN-lists, as for a long page
    app = make_test_app(demo_db)
    with app.test_request_context(), session_scope(engine_for(demo_db)) as session:
        assets = session.scalars(
            select(Asset).options(
                selectinload(Asset.domains),
                selectinload(Asset.tags),
                selectinload(Asset.schedules),
                selectinload(Asset.venue),
            )
        ).all()
        views = {
            view.id: view
            for view in views_from_rows(
                session, session.execute(views_query().where(Asset.id.in_([a.id for a in assets])))
            )
        }
        assert sorted(views) == sorted(a.id for a in assets) and len(views) == 400
        for asset in assets:
            view = views[asset.id]
            session_now = next_of(asset.schedules, NOW)
            assert next_of(view.schedules, NOW) == session_now
            assert asset_properties(
                view, NOW, 12.3, session_now, listing_url=_url
            ) == asset_properties(asset, NOW, 12.3, session_now, listing_url=_url)
            assert (
                venue_lonlat(view.venue) == pytest.approx(venue_lonlat(asset.venue))
                if asset.venue and asset.venue.geom is not None
                else venue_lonlat(view.venue) is None
            )
    app.extensions["mapapp.engine"].dispose()


def test_no_rows_give_no_views(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        assert views_from_rows(session, []) == []
