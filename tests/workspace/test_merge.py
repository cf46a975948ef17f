"""Merging duplicates keeps both sources' provenance; the next import of either source
updates the survivor and does not list the meeting again (both backends)."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from mapapp.db import session_scope
from mapapp.errors import MapappError
from mapapp.ingest import run_ingest
from mapapp.models import (
    Asset,
    AssetChange,
    AssetSource,
    DuplicateCandidate,
    Feedback,
    Schedule,
)
from mapapp.workspace import merge
from tests.conftest import reference_settings
from tests.factories import BUXTON, DERBY, listing
from tests.ingest.conftest import DATA

NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.UTC)
T = dt.time


@pytest.fixture
def pair(reference_db, engine_for):
    """A (navigators) and B (intergroup) look alike; B also pairs with C and, the other
    way round, with A again; B has one open and one accepted report."""
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        a = listing(session, "Hope Group", at=DERBY, weekday=1)
        b = listing(session, "Hope AA Group", at=BUXTON, weekday=2)
        c = listing(session, "Hope Group Buxton", at=BUXTON, weekday=2)
        a.contact_name, b.contact_name, b.phone = "Jo", "Sam", "01298 000000"
        a.sources = [AssetSource(source="navigators", source_id="7")]
        b.sources = [AssetSource(source="intergroup", source_id="hope")]
        session.flush()
        candidates = [
            DuplicateCandidate(asset_id=a.id, other_asset_id=b.id, score=95),
            DuplicateCandidate(asset_id=b.id, other_asset_id=c.id, score=91),
            DuplicateCandidate(asset_id=b.id, other_asset_id=a.id, score=95),
        ]
        reports = [
            Feedback(asset_id=b.id, kind="problem", category="moved"),
            Feedback(asset_id=b.id, kind="problem", category="closed", status="accepted"),
        ]
        session.add_all(candidates + reports)
        session.flush()
        ids = {
            "a": a.id,
            "b": b.id,
            "c": c.id,
            "candidates": [x.id for x in candidates],
            "reports": [r.id for r in reports],
        }
    return engine, ids


def test_merge_keeps_a_takes_chosen_fields_and_moves_everything(pair):
    engine, ids = pair
    with session_scope(engine) as session:
        candidate = session.get(DuplicateCandidate, ids["candidates"][0])
        merge.merge(
            session, candidate, ids["a"], ["name", "contact"], by="nav@example.org", when=NOW
        )
    with session_scope(engine) as session:
        a, b = session.get(Asset, ids["a"]), session.get(Asset, ids["b"])
        assert (a.name, a.contact_name, a.phone, a.status) == (
            "Hope AA Group",
            "Sam",
            "01298 000000",
            "active",
        )
        assert [s.weekday for s in a.schedules] == [1]  # not taken: A's own
        assert a.venue.district_code == "E06000015"  # not taken: A's own place
        assert b.status == "archived"  # never deleted
        assert sorted((s.source, s.source_id) for s in a.sources) == [
            ("intergroup", "hope"),
            ("navigators", "7"),
        ]
        assert b.sources == []
        open_report, accepted = (session.get(Feedback, i) for i in ids["reports"])
        assert (open_report.asset_id, accepted.asset_id) == (a.id, b.id)
        statuses = [session.get(DuplicateCandidate, i).status for i in ids["candidates"]]
        assert statuses == ["merged", "dismissed", "merged"]
        history = {
            (c.asset_id, c.field): (c.old_value, c.new_value, c.via, c.changed_by)
            for c in session.scalars(select(AssetChange))
        }
    by = ("editor", "nav@example.org")
    assert history == {
        (ids["a"], "name"): ("Hope Group", "Hope AA Group", *by),
        (ids["a"], "contact_name"): ("Jo", "Sam", *by),
        (ids["a"], "phone"): (None, "01298 000000", *by),
        (ids["a"], "sources"): ("navigators (7)", "intergroup (hope); navigators (7)", *by),
        (ids["a"], "feedback"): (
            None,
            f"open reports {ids['reports'][0]} moved from listing {ids['b']}",
            *by,
        ),
        (ids["a"], "merged_from"): (None, str(ids["b"]), *by),
        (ids["b"], "sources"): ("intergroup (hope)", None, *by),
        (ids["b"], "status"): ("active", "archived", *by),
        (ids["b"], "merged_into"): (None, str(ids["a"]), *by),
    }


def test_merge_can_take_the_days_and_times(pair):
    engine, ids = pair
    with session_scope(engine) as session:
        candidate = session.get(DuplicateCandidate, ids["candidates"][0])
        merge.merge(session, candidate, ids["b"], ["schedules"], by="n", when=NOW)
    with session_scope(engine) as session:
        kept = session.get(Asset, ids["b"])
        assert [s.weekday for s in kept.schedules] == [1] and kept.name == "Hope AA Group"
        assert session.get(Asset, ids["a"]).status == "archived"
        assert (
            session.scalar(
                select(func.count()).select_from(Schedule).where(Schedule.asset_id == ids["b"])
            )
            == 1
        )


@pytest.mark.parametrize(
    "keep, take, message",
    [
        (999, [], "Choose which of the two listings to keep."),
        ("a", ["everything"], "Unknown fields to take: everything."),
    ],
)
def test_a_bad_merge_is_refused_before_anything_changes(pair, keep, take, message):
    engine, ids = pair
    with session_scope(engine) as session:
        candidate = session.get(DuplicateCandidate, ids["candidates"][0])
        with pytest.raises(MapappError) as caught:
            merge.merge(session, candidate, ids.get(keep, keep), take, by="n", when=NOW)
        assert caught.value.message == message
        assert session.get(Asset, ids["b"]).status == "active"
        assert candidate.status == "open"


def test_a_closed_pair_cannot_be_merged_or_dismissed_again(pair):
    engine, ids = pair
    with session_scope(engine) as session:
        first = session.get(DuplicateCandidate, ids["candidates"][0])
        merge.dismiss(session, first, by="n", when=NOW)
        with pytest.raises(MapappError) as caught:
            merge.merge(session, first, ids["a"], by="n", when=NOW)
        assert caught.value.status_code == 409
        with pytest.raises(MapappError):
            merge.dismiss(session, first, by="n", when=NOW)


def test_compare_rows_mark_the_differences(pair):
    engine, ids = pair
    with session_scope(engine) as session:
        a, b = session.get(Asset, ids["a"]), session.get(Asset, ids["b"])
        rows = {row.field: row for row in merge.compare(a, b)}
    assert (rows["name"].a, rows["name"].b, rows["name"].differs) == (
        "Hope Group",
        "Hope AA Group",
        True,
    )
    assert (rows["kind"].a, rows["kind"].differs) == ("meeting", False)
    assert (rows["schedules"].a, rows["schedules"].b) == ("every Tuesday", "every Wednesday")
    assert rows["location"].a == "52.92250, -1.47700 (postcode)"
    assert rows["contact_private"].a == "yes"


def _ingest(engine, path, source):
    return run_ingest(engine, reference_settings(), path, source=source)


def test_the_next_import_of_either_source_updates_the_survivor(reference_db, engine_for, tmp_path):
    engine = engine_for(reference_db)
    _ingest(engine, DATA / "navigators_messy.csv", "navigators")
    twin = {
        "name": "Chesterfield Serenity AA Group",
        "slug": "serenity-mg",
        "day": 1,
        "time": "19:40",
        "postal_code": "S40 1LP",
        "formatted_address": "Chesterfield",
        "types": ["O"],
    }
    path = tmp_path / "twin.json"
    path.write_text(json.dumps([twin]))
    queued = _ingest(engine, path, "intergroup")
    assert (queued.inserted, queued.needs_review) == (1, 1)
    with session_scope(engine) as session:
        candidate = session.scalars(select(DuplicateCandidate)).one()
        survivor_id = candidate.other_asset_id  # the navigators' listing, there first
        archived_id = candidate.asset_id
        assert session.get(Asset, survivor_id).name == "Chesterfield Serenity Group"
        merge.merge(session, candidate, survivor_id, by="nav@example.org", when=NOW)

    again = _ingest(engine, path, "intergroup")  # unchanged: nothing to do
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    twin["time"] = "19:45"
    path.write_text(json.dumps([twin]))
    changed = _ingest(engine, path, "intergroup")
    assert (changed.inserted, changed.updated) == (0, 1)
    with session_scope(engine) as session:
        survivor = session.get(Asset, survivor_id)
        assert (survivor.name, [s.start_time for s in survivor.schedules]) == (
            "Chesterfield Serenity AA Group",
            [T(19, 45)],
        )
    # The navigators' sheet has a new note: their next import updates the survivor too
    # (with everything that sheet says, its own time included).
    sheet = tmp_path / "navigators.csv"
    sheet.write_bytes(
        (DATA / "navigators_messy.csv")
        .read_bytes()
        .replace(b"serenity,Open meeting,", b"serenity,Open meeting - bring a friend,")
    )
    navigators = _ingest(engine, sheet, "navigators")
    assert (navigators.inserted, navigators.updated, navigators.deactivated) == (0, 1, 0)
    with session_scope(engine) as session:
        survivor = session.get(Asset, survivor_id)
        assert survivor.status == "active"
        assert session.get(Asset, archived_id).status == "archived"
        assert {s.source for s in survivor.sources} == {"navigators", "intergroup"}
        assert survivor.name == "Chesterfield Serenity Group"
        assert survivor.notes == "Open meeting - bring a friend"
        assert [s.start_time for s in survivor.schedules] == [T(19, 30)]
        assert session.scalar(select(func.count()).select_from(DuplicateCandidate)) == 1
        assert (
            session.scalar(
                select(func.count())
                .select_from(Asset)
                .where(Asset.name.like("Chesterfield Serenity%"), Asset.status == "active")
            )
            == 1
        )
        updates = session.scalars(
            select(AssetChange)
            .where(
                AssetChange.asset_id == survivor_id,
                AssetChange.via == "ingest",
                AssetChange.field == "schedules",
            )
            .order_by(AssetChange.id)
        ).all()
        assert ['"19:45"' in updates[0].new_value, '"19:30"' in updates[1].new_value] == [
            True,
            True,
        ]  # the intergroup update, then the navigators' one


@pytest.mark.parametrize(
    "reason, status, left",
    [
        # Held only as a possible duplicate: dismissing the pair confirms it, so it is public.
        ("possible duplicate of 'Hope Group' (similarity 95)", "active", (False, None)),
        # Held for something else too: that doubt still holds it.
        (
            "schedule 'Tues-ish' not understood; possible duplicate of 'Hope Group' (similarity 95)",
            "held",
            (True, "schedule 'Tues-ish' not understood"),
        ),
    ],
)
def test_dismissing_a_pair_publishes_a_row_held_only_as_its_duplicate(pair, reason, status, left):
    engine, ids = pair
    with session_scope(engine) as session:
        b = session.get(Asset, ids["b"])
        b.status, b.needs_review, b.review_reason = "held", True, reason
        session.flush()
        merge.dismiss(
            session, session.get(DuplicateCandidate, ids["candidates"][0]), by="n", when=NOW
        )
    with session_scope(engine) as session:
        b, a = session.get(Asset, ids["b"]), session.get(Asset, ids["a"])
        assert (b.status, (b.needs_review, b.review_reason)) == (status, left)
        assert (a.status, a.needs_review) == ("active", False)  # never doubted: untouched
        fields = session.scalars(
            select(AssetChange.field).where(AssetChange.asset_id == b.id)
        ).all()
        assert ("status" in fields) == (status == "active")
