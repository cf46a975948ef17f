""" "Checked today": a stale listing stops being stale, publicly too; the review flag is
cleared with its reason kept in the history (both backends)."""

import datetime as dt

from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.listings.present import is_stale
from mapapp.models import Asset, AssetChange
from mapapp.workspace import verification
from mapapp.workspace.queues import QueueFilter, stale_queue
from tests.conftest import make_test_app
from tests.factories import DERBY, listing, signed_in, token, user

NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.UTC)
LONG_AGO = NOW - dt.timedelta(days=200)


def test_verify_sets_who_and_when_and_records_it(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        asset = listing(session, "Old Group", at=DERBY, verified=LONG_AGO)
        assert is_stale(asset, NOW)
        change = verification.verify(session, asset, by="nav@example.org", when=NOW)
        assert (asset.last_verified_at, asset.last_verified_by) == (NOW, "nav@example.org")
        assert not is_stale(asset, NOW)
        assert (change.field, change.via, change.changed_by, change.changed_at) == (
            "verified",
            "editor",
            "nav@example.org",
            NOW,
        )
        assert (change.old_value, change.new_value) == (
            "2025-10-23T10:00:00+00:00",
            "2026-05-11T10:00:00+00:00",
        )
        assert stale_queue(session, QueueFilter(), set(), NOW).items == []


def test_mark_reviewed_clears_the_flag_and_keeps_the_reason(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        asset = listing(session, "Flagged", at=DERBY, review="postcode ZZ1 1ZZ is unknown")
        change = verification.mark_reviewed(session, asset, by="a@example.org", when=NOW)
        assert (asset.needs_review, asset.review_reason) == (False, None)
        assert (change.field, change.old_value, change.new_value) == (
            "needs_review",
            "postcode ZZ1 1ZZ is unknown",
            None,
        )
        assert verification.mark_reviewed(session, asset, by="a@example.org", when=NOW) is None


def test_checked_today_through_the_page_removes_may_be_out_of_date(reference_db, engine_for):
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        asset_id = listing(session, "Tuesday Group", at=DERBY, verified=LONG_AGO).id
        navigator = user(session, "navigator")
    app = make_test_app(reference_db)
    app.config["CLOCK"] = lambda: NOW
    public = app.test_client().get(f"/assets/{asset_id}").get_data(as_text=True)
    assert "may be out of date" in public
    assert _finder_says_out_of_date(app, asset_id) == (True, True)
    client = signed_in(app, navigator)
    assert f'data-asset="{asset_id}"' in client.get("/workspace/queues/stale").get_data(
        as_text=True
    )
    done = client.post(
        f"/workspace/listings/{asset_id}/verify",
        data={"csrf_token": token(client), "next": "/workspace/queues/stale?district=E06000015"},
    )
    assert done.status_code == 302
    assert done.headers["Location"] == "/workspace/queues/stale?district=E06000015"
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "“Tuesday Group” is marked as checked today." in page
    assert f'data-asset="{asset_id}"' not in page
    public = app.test_client().get(f"/assets/{asset_id}").get_data(as_text=True)
    assert "may be out of date" not in public and "Last checked: today" in public
    assert _finder_says_out_of_date(app, asset_id) == (False, False)
    with session_scope(engine) as session:
        asset = session.get(Asset, asset_id)
        assert (asset.last_verified_at, asset.last_verified_by) == (NOW, "navigator@example.org")
        rows = session.scalars(select(AssetChange).where(AssetChange.asset_id == asset_id))
        assert [(r.field, r.changed_by) for r in rows] == [("verified", "navigator@example.org")]
    app.extensions["mapapp.engine"].dispose()


def _finder_says_out_of_date(app, asset_id) -> tuple[bool, bool]:
    """(the API's may_be_out_of_date, the results page's note) for the listing."""
    client = app.test_client()
    features = client.get("/api/assets?near=DE1+1AA&radius_km=2").get_json()["features"]
    api = next(f["properties"]["may_be_out_of_date"] for f in features if f["id"] == asset_id)
    html = client.get("/find?near=DE1+1AA&radius_km=2").get_data(as_text=True)
    return api, "May be out of date" in html


def test_an_offsite_next_is_not_followed(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        asset_id = listing(session, "Group", at=DERBY).id
        navigator = user(session, "navigator")
    app = make_test_app(reference_db)
    client = signed_in(app, navigator)
    done = client.post(
        f"/workspace/listings/{asset_id}/verify",
        data={"csrf_token": token(client), "next": "//evil.example/"},
    )
    assert done.headers["Location"] == "/workspace/queues/stale"
    missing = client.post("/workspace/listings/999999/verify", data={"csrf_token": token(client)})
    assert missing.status_code == 404
    app.extensions["mapapp.engine"].dispose()
