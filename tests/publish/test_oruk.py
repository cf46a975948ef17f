"""The Open Referral UK export: the schema written from the HSDS-UK 3.0 profile, and a
round trip of the demo listings back through the importer into a fresh database, field by
field (both backends)."""

import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from mapapp.db import session_scope
from mapapp.ingest.audience_text import tags_in
from mapapp.ingest.classify import FAMILY_FELLOWSHIPS
from mapapp.listings.rules import venue_lonlat
from mapapp.models import Asset, AssetSource
from mapapp.publish.oruk import oruk_document
from mapapp.publish.oruk_taxonomy import number_of
from tests.ingest.conftest import ingest  # noqa: F401 — a fresh database with reference data
from tests.oruk_schemas import problems

PAGE = "https://mapapp.example/assets/{}".format
LANGUAGES = {"cy", "ur", "pa", "bn", "pl", "ukr"}  # audience tags with no term: not carried


def _assets(engine) -> list[Asset]:
    with session_scope(engine) as session:
        return session.scalars(
            select(Asset)
            .options(
                selectinload(Asset.venue),
                selectinload(Asset.domains),
                selectinload(Asset.tags),
                selectinload(Asset.schedules),
                selectinload(Asset.organisation),
                selectinload(Asset.sources),
            )
            .order_by(Asset.id)
        ).all()


def _export(engine) -> list[dict]:
    with session_scope(engine) as session:
        return oruk_document(session, PAGE, "Derbyshire")


def _carried(asset: Asset, page_url: str) -> dict:
    """Every field the ORUK export carries, as the importer should recreate it."""
    venue, lonlat = asset.venue, venue_lonlat(asset.venue)
    public = not asset.contact_private
    return {
        "name": asset.name,
        "kind": asset.kind,
        "domains": asset.domain_codes,
        "description": asset.description,
        "website": asset.website or page_url,
        "email": asset.email,
        "phone": asset.phone,
        "attendance": asset.attendance,
        "organisation": asset.organisation.name if asset.organisation else None,
        "schedules": sorted(
            (s.frequency, s.weekday, s.nth, s.anchor_date, s.start_time, s.end_time)
            for s in asset.schedules
        ),
        "venue": venue
        and (
            venue.name or venue.address or venue.town or asset.name,
            venue.address,
            venue.town,
            venue.postcode,
            venue.location_notes,
        ),
        "point": lonlat and tuple(lonlat),
        "online": (
            asset.conference_url,
            asset.conference_url_notes,
            asset.conference_phone,
            asset.conference_phone_notes,
        ),
        "contact": (asset.contact_name, asset.contact_email, asset.contact_phone, public)
        if public
        else (None, None, None, False),
        "tags": sorted((t.category, t.tag) for t in asset.tags if t.tag not in LANGUAGES),
    }


def test_the_export_follows_the_profile_and_only_active_listings(demo_db, engine_for):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:
        session.execute(update(Asset).where(Asset.id == 2).values(status="inactive"))
        session.execute(update(Asset).where(Asset.id == 5).values(status="archived"))
    document = _export(engine)
    assert [problems("/services/{id}", service) for service in document] == [
        [] for _ in document
    ]  # every service valid against the official schema
    numbers = [number_of("service", s["id"]) for s in document]
    assert numbers == [a.id for a in _assets(engine) if a.id not in (2, 5)]


def test_a_round_trip_through_the_importer_recreates_the_listings(
    demo_db,
    engine_for,
    ingest,  # noqa: F811
    tmp_path,
):
    engine = engine_for(demo_db)
    with session_scope(engine) as session:  # the demo data has no dial-in: give one
        hybrid = session.scalars(
            select(Asset).where(Asset.attendance == "hybrid").order_by(Asset.id)
        ).first()
        hybrid.conference_phone, hybrid.conference_phone_notes = "+441632960123", "PIN 4321"
        hybrid.conference_url_notes = "The link opens ten minutes early."
        hybrid.venue.location_notes = "Side door, up the ramp."
    document = _export(engine)
    path = tmp_path / "oruk.json"
    path.write_text(json.dumps(document))
    report = ingest(path, source="oruk-round-trip")
    assert report.format == "oruk" and report.rejected == 0
    assert report.inserted == len(document)  # hybrid listings stay one listing each
    originals = {a.id: a for a in _assets(engine)}
    cases = {
        "hybrid": lambda a: a.attendance == "hybrid",
        "online": lambda a: a.attendance == "online",
        "dial-in": lambda a: a.conference_phone is not None,
        "organisation": lambda a: a.organisation is not None,
        "public contact": lambda a: not a.contact_private and a.contact_phone,
        "fortnightly": lambda a: any(s.frequency == "fortnightly" for s in a.schedules),
        "last weekday": lambda a: any(s.nth == -1 for s in a.schedules),
    }
    missing = [case for case, test in cases.items() if not any(map(test, originals.values()))]
    assert missing == []  # the demo data has every case the format must carry
    again = _assets(ingest.engine)
    assert len(again) == len(document)
    differences = []
    for copy in again:
        [source] = copy.sources
        number = number_of("service", source.source_id.split(":")[0])
        want, got = _carried(originals[number], PAGE(number)), _carried(copy, None)
        want["point"] = want["point"] and pytest.approx(want["point"], abs=2e-5)  # ~2 m
        if copy.fellowship in FAMILY_FELLOWSHIPS:  # the importer's rule adds the audience
            want["tags"] = sorted(set(want["tags"]) | {("audience", "family-friends")})
        # The importer also reads who a listing is for from its name and fellowship ("Women
        # for Sobriety", "Family Support Group", "Alateen"); the demo data does not tag those.
        said = {(f.category, f.tag) for text in (copy.name, copy.fellowship) for f in tags_in(text)}
        want["tags"] = sorted(set(want["tags"]) | said)
        differences += [(number, k, want[k], got[k]) for k in want if want[k] != got[k]]
    assert differences == []


@pytest.mark.parametrize("kind", ["meeting", "service", "activity", "opportunity"])
def test_every_kind_is_in_the_demo_export(demo_db, engine_for, kind):
    document = _export(engine_for(demo_db))
    kinds = {
        a["taxonomy_term"]["code"]
        for s in document
        for a in s["attributes"]
        if a["taxonomy_term"]["taxonomy"] == "listing-kinds"
    }
    assert kind in kinds


def test_the_command_gives_page_urls_under_its_base_url_and_the_area(demo_db):
    from tests.conftest import make_test_app

    app = make_test_app(demo_db, AREA_NAME="Peak District")
    engine = app.extensions["mapapp.engine"]
    with session_scope(engine) as session:  # no website: the listing's page stands in
        session.execute(update(Asset).where(Asset.id == 1).values(website=None))
    result = app.test_cli_runner().invoke(
        args=["export", "--format", "oruk", "--base-url", "https://map.example/peak/"]
    )
    engine.dispose()
    first = json.loads(result.output)[0]
    address = first["service_at_locations"][0]["location"]["addresses"][0]
    assert address["state_province"] == "Peak District"
    assert first["url"] == "https://map.example/peak/assets/1"


def test_sources_name_the_service_and_its_place(demo_db, engine_for, ingest, tmp_path):  # noqa: F811
    document = _export(engine_for(demo_db))[:5]
    path = tmp_path / "five.json"
    path.write_text(json.dumps(document))
    ingest(path, source="five")
    with session_scope(ingest.engine) as session:
        ids = sorted(session.scalars(select(AssetSource.source_id)))
    expected = sorted(
        f"{s['id']}:{s['service_at_locations'][0]['id']}" if s["service_at_locations"] else s["id"]
        for s in document
    )
    assert ids == expected
