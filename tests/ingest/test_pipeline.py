"""The whole pipeline on realistic messy inputs, on SpatiaLite and PostGIS."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from mapapp.db import session_scope
from mapapp.ingest import IngestError
from mapapp.models import AssetChange, DuplicateCandidate, IngestIssue, IngestRun
from tests.ingest.conftest import DATA, all_named, assets_by_name, table_snapshot

T = dt.time


def test_navigators_spreadsheet(ingest):
    report = ingest("navigators_messy.csv")
    # 11 data rows (row 7 is blank; rows 1-2 sit above the header on row 3)
    assert (report.read, report.inserted, report.rejected, report.needs_review) == (11, 9, 2, 3)
    assert report.balanced()
    assert [s["row_number"] for s in report.skipped] == [1, 2, 7]
    rejected = {i.row_number: i.reason for i in report.issues if i.severity == "rejected"}
    assert set(rejected) == {8, 9}  # 'Total: 3 groups' and an online meeting with no link
    assert all("no location and no online link" in r for r in rejected.values())
    assert dict(report.geocoded) == {"postcode": 5, "place": 4}

    assets = assets_by_name(ingest.engine)
    serenity = assets["Chesterfield Serenity Group"]
    assert (serenity.kind, serenity.fellowship, serenity.domain_codes) == (
        "meeting",
        "AA",
        ["twelve-step"],
    )
    assert (serenity.contact_name, serenity.contact_phone) == ("John", "07700 900123")
    assert (
        serenity.contact_private is True and serenity.website == "https://www.example.org/serenity"
    )
    assert (serenity.venue.postcode, serenity.venue.precision, serenity.venue.district_code) == (
        "S40 1LP",
        "postcode",
        "E07000034",
    )
    assert [(s.weekday, s.frequency, s.start_time) for s in serenity.schedules] == [
        (0, "weekly", T(19, 30))
    ]

    smart = assets["Buxton SMART Recovery"]
    assert smart.domain_codes == ["mutual-aid"]
    assert [(s.weekday, s.frequency, s.nth, s.start_time, s.end_time) for s in smart.schedules] == [
        (1, "monthly", 2, T(19), T(20, 30))
    ]
    cafe = assets["Swadlincote Recovery Café"]
    assert [(s.weekday, s.nth) for s in cafe.schedules] == [(4, -1)]

    walk = assets["Matlock walking group"]  # mixed case is kept as typed
    assert (walk.kind, walk.domain_codes, walk.venue.precision) == (
        "activity",
        ["activities"],
        "place",
    )

    belper = assets["Belper Family Support"]
    assert belper.needs_review and belper.website is None
    assert "DE56 1OA is not in the reference postcodes" in belper.review_reason
    assert "fortnightly, but no date of one meeting is given" in belper.review_reason
    assert "'javascript:alert(1)' is not a web address" in belper.review_reason
    assert ("audience", "family-friends") in {(t.category, t.tag) for t in belper.tags}

    glossop = assets["Glossop Women's Recovery Group"]
    assert glossop.contact_email == "jo@example.org"
    assert ("audience", "women") in {(t.category, t.tag) for t in glossop.tags}
    assert "no classification rule matched" in assets["Ilkeston Thursday Club"].review_reason
    assert "'someday' is not a day, time or how often" in assets["Heanor gym session"].review_reason


def test_cp1252_semicolon_spreadsheet(ingest):
    report = ingest("navigators_cp1252.csv")
    assert (report.read, report.inserted, report.rejected) == (2, 2, 0)
    assets = assets_by_name(ingest.engine)
    cafe = assets["Café Recovery Drop-in"]
    assert cafe.venue.name == "St Mary’s Hall"
    assert cafe.notes == "Tea – and a chat"
    # DE1 3AH is a valid postcode but not in the reference file: located by town, flagged
    assert cafe.venue.precision == "place" and cafe.needs_review
    assert "DE1 3AH is not in the reference postcodes" in cafe.review_reason


def test_tsml_export(ingest):
    report = ingest("tsml_export.csv")
    assert report.format == "tsml" and (report.inserted, report.rejected) == (2, 0)
    assets = assets_by_name(ingest.engine)
    speaker = assets["Derby Sunday Speaker"]
    assert [(s.weekday, s.start_time, s.end_time) for s in speaker.schedules] == [(6, T(18), T(19))]
    assert speaker.venue.postcode == "DE1 3GY" and speaker.venue.precision == "postcode"
    assert speaker.contact_name == "Chris"
    online = assets["Online Women's Meeting"]
    assert online.attendance == "online" and online.venue is None
    assert online.conference_url == "https://zoom.us/j/123456789"
    assert ("audience", "women") in {(t.category, t.tag) for t in online.tags}


def test_meeting_guide_feed(ingest):
    report = ingest("meeting_guide.json", source="intergroup")
    assert report.format == "meeting-guide"
    assert (report.read, report.inserted, report.rejected) == (7, 5, 2)
    assert report.balanced()
    assets = assets_by_name(ingest.engine)
    study = assets["Chesterfield Big Book Study"]
    assert [(s.weekday, s.start_time) for s in study.schedules] == [(0, T(19, 30))]  # day 1
    assert study.attendance == "in_person"  # computed: attendance_option 'online' ignored
    assert study.venue.precision == "exact" and study.website == "https://example.org/intergroup"
    assert study.contact_name == "Robert" and study.contact_phone == "07700 900456"
    assert ("accessibility", "wheelchair") in {(t.category, t.tag) for t in study.tags}
    weekend = assets["Weekend Women's Meeting"]
    assert sorted(s.weekday for s in weekend.schedules) == [5, 6]  # day [0, 6] = Sun, Sat
    assert weekend.website == "https://example.org/buxton"  # entity_website_url accepted
    online = assets["Online Step Meeting"]
    assert online.attendance == "hybrid" and online.venue.precision == "approximate"
    assert online.conference_phone == "+442034815237,,987654321#"
    assert ("audience", "ukr") in {(t.category, t.tag) for t in online.tags}
    assert assets["Temporarily Closed Group"].status == "inactive"  # type TC
    bad = assets["Bad Day Group"]
    assert bad.schedules == [] and "schedule not read" in bad.review_reason


def test_open_referral_uk_v3_and_v1(ingest):
    report = ingest("oruk_v3.json")
    assert report.format == "oruk" and (report.read, report.inserted) == (4, 4)
    assets = assets_by_name(ingest.engine)
    coaching = all_named(ingest.engine, "Derby Recovery Coaching")
    assert len(coaching) == 2  # one listing per service_at_location
    hub = next(a for a in coaching if a.venue is not None)
    virtual = next(a for a in coaching if a.venue is None)
    assert hub.domain_codes == ["recovery-support"] and hub.kind == "service"
    assert sorted((s.weekday, s.start_time, s.end_time) for s in hub.schedules) == [
        (0, T(9, 30), T(16, 30)),
        (3, T(9, 30), T(16, 30)),
    ]
    assert hub.phone == "01332 123456" and hub.venue.precision == "exact"
    assert virtual.attendance == "online"
    assert [(s.frequency, s.weekday, s.nth) for s in virtual.schedules] == [("monthly", 1, 2)]
    garden = assets["Belper Volunteer Gardeners"]
    assert garden.domain_codes == ["activities", "volunteering"]
    assert [(s.frequency, s.anchor_date) for s in garden.schedules] == [
        ("fortnightly", dt.date(2026, 1, 7))
    ]  # dtstart moved to the Wednesday
    assert assets["Closed Service"].status == "inactive"

    v1 = ingest("oruk_v1.json")
    assert (v1.read, v1.inserted) == (1, 1)
    advice = assets_by_name(ingest.engine)["Chesterfield Housing Advice"]
    assert advice.domain_codes == ["community-links"]
    assert sorted(s.weekday for s in advice.schedules) == [1, 3]  # 'Tuesday' and ISO 4


def test_geojson_points(ingest):
    report = ingest("points.geojson")
    assert (report.read, report.inserted, report.needs_review) == (3, 3, 1)
    assets = assets_by_name(ingest.engine)
    allotment = assets["Wirksworth Allotment Project"]
    assert allotment.venue.precision == "exact"
    assert [(s.weekday, s.start_time, s.end_time) for s in allotment.schedules] == [
        (5, T(10), T(12))
    ]
    assert assets["Dronfield Peer Mentor Drop-in"].venue.precision == "postcode"
    london = assets["London Volunteer Role"]
    assert london.venue.outside_area and "outside the area" in london.review_reason


def test_reimporting_the_same_file_changes_nothing(ingest):
    first = ingest("navigators_messy.csv")
    before = table_snapshot(ingest.engine)
    again = ingest("navigators_messy.csv")
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 9, 2)
    assert again.needs_review == first.needs_review == 3  # still reported every run
    assert table_snapshot(ingest.engine) == before


def test_changes_are_updates_with_history_and_dropped_rows_become_inactive(ingest, tmp_path):
    ingest("navigators_messy.csv", source="chesterfield")
    lines = (DATA / "navigators_messy.csv").read_text(encoding="utf-8-sig").splitlines()
    edited = [
        line.replace("Mondays,7.30pm", "Mondays,8pm").replace(
            "Chesterfield Serenity Group,", "Chesterfield Serenity Group,"
        )
        for line in lines
        if not line.startswith("Long Eaton")
    ]
    path = tmp_path / "navigators_messy.csv"
    path.write_text("\n".join(edited), encoding="utf-8")
    report = ingest(path, source="chesterfield")
    # Serenity's time changed, but a sheet without ids derives the id from name, place and
    # first session, so the changed time is a new row; the old one is retired, not deleted.
    assert report.deactivated == 2 and report.inserted == 1
    assets = assets_by_name(ingest.engine)
    assert assets["Long Eaton Step Group"].status == "inactive"
    with session_scope(ingest.engine) as session:
        retired = session.scalars(
            select(AssetChange).where(
                AssetChange.field == "status", AssetChange.new_value == "inactive"
            )
        ).all()
        assert len(retired) == 2 and all(c.via == "ingest" for c in retired)


def test_updates_by_source_id_record_each_field(ingest, tmp_path):
    feed = json.loads((DATA / "meeting_guide.json").read_text())
    ingest(DATA / "meeting_guide.json", source="intergroup")
    feed[0]["time"] = "20:00"
    feed[0]["notes"] = "Now at eight"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    report = ingest(path, source="intergroup")
    assert (report.updated, report.unchanged, report.inserted) == (1, 4, 0)
    study = assets_by_name(ingest.engine)["Chesterfield Big Book Study"]
    assert study.schedules[0].start_time == T(20)
    with session_scope(ingest.engine) as session:
        fields = {
            c.field: (c.old_value, c.new_value)
            for c in session.scalars(
                select(AssetChange).where(
                    AssetChange.asset_id == study.id, AssetChange.field != "created"
                )
            )
        }
    assert fields["notes"] == (None, "Now at eight")
    assert '"19:30"' in fields["schedules"][0] and '"20:00"' in fields["schedules"][1]


def test_duplicates_are_queued_or_merged(ingest, tmp_path):
    ingest("navigators_messy.csv", source="navigators")
    twin = [
        {
            "name": "Chesterfield Serenity AA Group",
            "slug": "serenity-mg",
            "day": 1,
            "time": "19:40",
            "postal_code": "S40 1LP",
            "formatted_address": "Chesterfield",
            "types": ["O"],
        }
    ]
    path = tmp_path / "twin.json"
    path.write_text(json.dumps(twin))
    queued = ingest(path, source="intergroup")
    assert (queued.inserted, queued.duplicates_merged, queued.needs_review) == (1, 0, 1)
    with session_scope(ingest.engine) as session:
        candidate = session.scalars(select(DuplicateCandidate)).one()
        assert candidate.status == "open" and candidate.score >= 80
    merged = ingest(path, source="another-intergroup", merge_duplicates=True)
    assert (merged.inserted, merged.duplicates_merged) == (0, 1)
    assert merged.balanced()
    serenity = assets_by_name(ingest.engine)["Chesterfield Serenity Group"]
    assert {s.source for s in serenity.sources} == {"navigators", "another-intergroup"}


def test_dry_run_saves_nothing(ingest):
    before = table_snapshot(ingest.engine)
    report = ingest("navigators_messy.csv", dry_run=True)
    assert report.inserted == 9 and report.run_id is None
    assert table_snapshot(ingest.engine) == before
    with session_scope(ingest.engine) as session:
        assert session.scalar(select(func.count()).select_from(IngestRun)) == 0


def test_the_run_record_keeps_counts_and_every_issue(ingest):
    report = ingest("navigators_messy.csv")
    with session_scope(ingest.engine) as session:
        run = session.get(IngestRun, report.run_id)
        assert run.status == "completed" and run.counts["read"] == 11
        issues = session.scalars(
            select(IngestIssue).where(IngestIssue.run_id == run.id).order_by(IngestIssue.row_number)
        ).all()
    assert [(i.row_number, i.severity) for i in issues] == [
        (8, "rejected"),
        (9, "rejected"),
        (10, "flagged"),
        (14, "flagged"),
        (15, "flagged"),
    ]
    assert issues[0].original["Group Name"] == "Total: 3 groups"


@pytest.mark.parametrize(
    "content, name, fmt, message",
    [
        (b"", "empty.csv", "auto", "is empty"),
        (b"[1, 2", "broken.json", "auto", "not valid JSON"),
        (b"just,some,words\n1,2,3\n", "noheader.csv", "auto", "No header row found"),
        (b"PK\x03\x04 not really a workbook", "fake.xlsx", "auto", "not a readable .xlsx"),
        (b'{"hello": "world"}', "other.json", "auto", "not a Meeting Guide feed"),
        (b"Name,Day\nx,Mon\n", "x.csv", "yaml", "Unknown format 'yaml'"),
    ],
)
def test_fatal_input_errors_leave_the_database_as_it_was(
    ingest, tmp_path, content, name, fmt, message
):
    before = table_snapshot(ingest.engine)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message) as caught:
        ingest(path, fmt=fmt)
    assert "\n" not in caught.value.message
    assert table_snapshot(ingest.engine) == before
