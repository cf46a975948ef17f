"""The one loader of a whole listing (both backends)."""

from sqlalchemy import event, select

from mapapp.db import MAX_ID, session_scope
from mapapp.listings.loading import load_listing
from mapapp.models import Asset


def test_a_whole_listing_needs_no_query_after_loading(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        asset_id = session.scalar(select(Asset.id).where(Asset.status == "active").limit(1))
        session.expunge_all()
        asset = load_listing(session, asset_id)
        statements = []

        def seen(_conn, _cursor, statement, *_rest):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", seen)
        try:
            _ = (asset.venue, asset.domains, asset.tags, asset.schedules, asset.organisation)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        assert statements == []


def test_only_active_listings_when_asked_and_no_id_too_large(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        archived = session.scalars(select(Asset).where(Asset.status == "active").limit(1)).one()
        archived.status = "archived"
        session.flush()
        assert load_listing(session, archived.id) is archived
        assert load_listing(session, archived.id, active_only=True) is None
        assert load_listing(session, MAX_ID + 1) is None
        session.rollback()
