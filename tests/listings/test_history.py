"""The change history core: snapshots, recorded differences, set_field, revert (both backends)."""

import datetime as dt

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.errors import MapappError
from mapapp.listings import history
from mapapp.models import Asset, AssetChange, Venue

# Derby city centre (E06000015) and Buxton (High Peak, E07000037); Sheffield is next door,
# outside the area; the North Sea is in no district at all.
DERBY = (-1.4770, 52.9225)
BUXTON = (-1.9110, 53.2590)
SHEFFIELD = (-1.4701, 53.3811)


def _first_located(session) -> Asset:
    return session.scalars(
        select(Asset).join(Venue).where(Venue.geom.is_not(None)).order_by(Asset.id).limit(1)
    ).one()


def test_an_edit_records_each_changed_field_old_to_new(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        asset = _first_located(session)
        before = history.snapshot(asset)
        history.set_field(session, asset, "name", "Tuesday Hope Group")
        history.set_field(session, asset, "domains", ["mutual-aid", "twelve-step"])
        history.set_field(session, asset, "contact_private", False)
        rows = history.record_changes(session, asset, before, by="nav@example.org", via="editor")
        session.flush()
        by_field = {row.field: row for row in rows}
        assert by_field["name"].old_value == before["name"]
        assert by_field["name"].new_value == "Tuesday Hope Group"
        assert by_field["contact_private"].new_value == "false"
        assert by_field["domains"].new_value == '["mutual-aid", "twelve-step"]'
        assert {row.changed_by for row in rows} == {"nav@example.org"}
        assert {row.via for row in rows} == {"editor"}
        assert (
            history.record_changes(session, asset, history.snapshot(asset), by=None, via="editor")
            == []
        )


def test_revert_puts_one_field_back_and_is_recorded(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        asset = _first_located(session)
        old_name, old_schedules = asset.name, history.snapshot(asset)["schedules"]
        before = history.snapshot(asset)
        history.set_field(session, asset, "name", "Renamed")
        history.set_field(session, asset, "schedules", [[2, "monthly", -1, None, "19:30", "21:00"]])
        changes = history.record_changes(session, asset, before, by="a", via="editor")
        session.flush()
        name_change = next(c for c in changes if c.field == "name")
        schedule_change = next(c for c in changes if c.field == "schedules")
        reverted = history.revert(session, schedule_change, by="b")
        session.flush()
        assert [(r.field, r.via, r.changed_by) for r in reverted] == [("schedules", "revert", "b")]
        assert history.snapshot(asset)["schedules"] == old_schedules
        assert asset.name == "Renamed"  # only the one field went back
        history.revert(session, name_change, by="b")
        assert asset.name == old_name


def test_revert_is_refused_when_the_field_changed_again(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        asset = _first_located(session)
        before = history.snapshot(asset)
        history.set_field(session, asset, "phone", "01332 000001")
        first = history.record_changes(session, asset, before, by="a", via="editor")[0]
        before = history.snapshot(asset)
        history.set_field(session, asset, "phone", "01332 000002")
        history.record_changes(session, asset, before, by="a", via="editor")
        with pytest.raises(MapappError) as caught:
            history.revert(session, first, by="a")
        assert caught.value.status_code == 409 and asset.phone == "01332 000002"


def test_placing_a_point_sets_precision_and_district(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        asset = _first_located(session)
        before = history.snapshot(asset)
        history.set_field(session, asset, "location", [*BUXTON, "exact"])
        change = history.record_changes(session, asset, before, by="a", via="editor")
        assert [c.field for c in change] == ["location"]
        session.flush()
        assert asset.venue.precision == "exact"
        assert (asset.venue.district_code, asset.venue.outside_area) == ("E07000037", False)
        assert history.point_of(asset.venue) == pytest.approx(BUXTON)


def test_district_at_knows_inside_next_door_and_nowhere(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        assert history.district_at(session, *DERBY) == ("E06000015", False)
        code, outside = history.district_at(session, *SHEFFIELD)
        assert code == "E08000019" and outside
        assert history.district_at(session, 2.0, 54.0) == (None, True)
        assert history.district_at(session, None, None) == (None, False)


def test_editing_a_shared_venue_copies_it_first(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        first, second = session.scalars(select(Asset).join(Venue).order_by(Asset.id).limit(2)).all()
        second.venue = first.venue
        session.flush()
        shared_id, address = first.venue.id, first.venue.address
        history.set_field(session, first, "address", "1 New Street")
        session.flush()
        assert first.venue.id != shared_id and first.venue.address == "1 New Street"
        assert session.get(Venue, shared_id).address == address
        assert second.venue.id == shared_id
        assert history.point_of(first.venue) == pytest.approx(history.point_of(second.venue))


def test_stored_values_come_back_as_snapshot_values():
    assert history.stored_value("name", "A & B") == "A & B"
    assert history.stored_value("contact_private", "true") is True
    assert history.stored_value("location", '[-1.5, 52.9, "postcode"]') == [-1.5, 52.9, "postcode"]
    assert history.stored_value("postcode", None) is None
    assert AssetChange.__tablename__ == "asset_changes"


def test_action_rows_are_not_revertible(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        asset = _first_located(session)
        verified = AssetChange(
            asset=asset,
            field="verified",
            via="editor",
            old_value=None,
            new_value="2026-03-02T09:30:00+00:00",
        )
        session.add(verified)
        session.flush()
        with pytest.raises(MapappError) as caught:
            history.revert(session, verified, by="a")
        assert caught.value.status_code == 409 and "cannot be reverted" in caught.value.message
    assert [
        f
        for f in ("name", "schedules", "location", "status", "verified", "merged_into")
        if history.revertible(f)
    ] == ["name", "schedules", "location", "status"]


def test_one_writer_records_an_action_by_listing_or_by_id(demo_db, engine_for):
    when = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    with session_scope(engine_for(demo_db)) as session:
        asset = _first_located(session)
        by_row = history.record(
            session, asset, "verified", None, "x", by="n", via="editor", when=when
        )
        by_id = history.record(
            session, asset.id, "sources", "a", "b", by=None, via="ingest", when=when
        )
        session.flush()
        rows = session.scalars(
            select(AssetChange)
            .where(AssetChange.id.in_([by_row.id, by_id.id]))
            .order_by(AssetChange.id)
        ).all()
        assert [
            (r.asset_id, r.field, r.old_value, r.new_value, r.changed_by, r.via) for r in rows
        ] == [
            (asset.id, "verified", None, "x", "n", "editor"),
            (asset.id, "sources", "a", "b", None, "ingest"),
        ]
        session.rollback()


def test_a_bulk_row_has_the_columns_a_recorded_row_has():
    when = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    values = history.change_values(
        "created", None, "from x", by="n", via="ingest", when=when, run_id=3
    )
    columns = {c.name for c in AssetChange.__table__.columns} - {"id", "asset_id"}
    assert set(values) == columns and values["run_id"] == 3
