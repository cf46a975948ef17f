"""The CSV export: the table as written, private contacts, formula guards, and a round trip
through the importer into a fresh database (both backends)."""

import csv
import datetime as dt

from mapapp.db import session_scope
from mapapp.ingest.normalise import phone
from mapapp.listings.present import public_contact
from mapapp.listings.rules import venue_lonlat
from mapapp.models import Asset
from mapapp.publish.csv_table import csv_table
from mapapp.publish.exports import active_listings
from tests.ingest.conftest import assets_by_name
from tests.publish.conftest import _asset, _schedule


def _table(engine) -> str:
    with session_scope(engine) as session:
        return csv_table(active_listings(session))


def _rows(text: str) -> dict:
    return {row["ID"]: row for row in csv.DictReader(text.splitlines())}


def test_each_listing_is_a_row_the_importer_understands(exports_db, engine_for):
    text = _table(engine_for(exports_db))
    rows = _rows(text)
    assert list(rows) == [
        "tuesday-aa",
        "recovery-walk",
        "buxton-cafe",
        "night-owls",
        "safe-house",
    ]  # the inactive listing is not exported
    aa = rows["tuesday-aa"]
    assert (aa["Day"], aa["Time"], aa["End Time"]) == ("Tuesday, Friday", "19:30", "21:00")
    assert aa["Types"] == "AA, D, O, W, X" and aa["Domains"] == "twelve-step"
    assert aa["Accessibility"] == "step-free; wheelchair" and aa["Audience"] == "women"
    assert (aa["Contact 1 Name"], aa["Contact Private"]) == ("Sam", "no")
    assert (
        aa["Approximate"] == ""
        and aa["Latitude"]
        and aa["Organisation"] == "Chesterfield Intergroup"
    )
    assert rows["recovery-walk"]["Day"] == "Every other Saturday from 2026-01-10"
    assert rows["recovery-walk"]["Latitude"] == ""  # a postcode centre: found again
    assert rows["buxton-cafe"]["Day"] == "2nd Wednesday of the month"
    assert rows["safe-house"]["Approximate"] == "yes"
    owls = rows["night-owls"]
    assert owls["Conference Phone"] == "'+441234567890"  # a spreadsheet would run +…
    assert (owls["Contact 1 Name"], owls["Contact Private"]) == ("", "")
    assert "Jo" not in text.split(",") and "900456" not in text


def test_sessions_at_different_times_are_one_row_each(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        session.add(
            _asset(
                "two-times",
                "Two Times",
                "meeting",
                ("mutual-aid",),
                conference_url="https://zoom.us/j/5",
                description='=HYPERLINK("http://x")',
                schedules=(
                    _schedule(0, dt.time(10), None),
                    _schedule(3, dt.time(19), None),
                    _schedule(5, dt.time(10), None),
                ),
            )
        )
    rows = list(csv.DictReader(_table(engine).splitlines()))
    assert [(r["ID"], r["Day"], r["Time"]) for r in rows] == [
        ("two-times", "Monday, Saturday", "10:00"),
        ("two-times-2", "Thursday", "19:00"),
    ]
    assert rows[0]["Description"] == '\'=HYPERLINK("http://x")'


def snapshot(asset: Asset) -> dict:
    """Every field the CSV carries, as stored."""
    venue = asset.venue
    lonlat = venue_lonlat(venue)
    return {
        "name": asset.name,
        "kind": asset.kind,
        "domains": sorted(asset.domain_codes),
        "fellowship": asset.fellowship,
        "types": sorted(asset.types or []),
        "tags": sorted((t.category, t.tag) for t in asset.tags),
        "description": asset.description,
        "notes": asset.notes,
        "schedules": sorted(
            (s.frequency, s.weekday, s.nth, s.anchor_date, s.start_time, s.end_time)
            for s in asset.schedules
        ),
        "venue": venue
        and (
            venue.name,
            venue.address,
            venue.town,
            venue.postcode,
            venue.location_notes,
            venue.precision,
            venue.district_code,
        ),
        "point": lonlat and (round(lonlat[0], 6), round(lonlat[1], 6)),
        "online": (
            asset.conference_url,
            asset.conference_url_notes,
            # The same number, however written: the importer stores a dial-in in UK form.
            asset.conference_phone and phone(asset.conference_phone),
            asset.conference_phone_notes,
        ),
        "contact": (asset.website, asset.email, asset.phone, public_contact(asset)),
        "attendance": asset.attendance,
        "status": asset.status,
    }


def test_a_round_trip_recreates_the_same_listings(
    exports_db, engine_for, import_into_fresh, tmp_path
):
    path = tmp_path / "listings.csv"
    path.write_text(_table(engine_for(exports_db)), encoding="utf-8")
    report, engine = import_into_fresh(path, source="round-trip")
    assert (report.format, report.read, report.inserted, report.rejected) == ("tsml", 5, 5, 0)
    again = assets_by_name(engine)
    with session_scope(engine_for(exports_db)) as session:
        original = {a.name: snapshot(a) for a in active_listings(session)}
    assert set(again) == set(original)
    for name, expected in original.items():
        assert snapshot(again[name]) == expected, name
    # The private contact stayed behind; the public one came back public.
    assert again["Online Night Owls"].contact_name is None
    assert again["Chesterfield Tuesday AA"].contact_private is False
