"""Every export format from the hand-built listings: what each file holds, that private
contacts are in none of them, the GeoPackage's layer and CRS, the Meeting Guide round trip,
and the Open Referral UK seam (both backends)."""

import datetime as dt
import json
import sqlite3
from contextlib import closing

import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import select

from mapapp.cli import _page_urls
from mapapp.db import session_scope
from mapapp.models import Asset
from mapapp.publish import exports
from mapapp.publish.exports import FORMATS, ExportUnavailable, Site, export
from tests.conftest import make_test_app
from tests.ingest.conftest import assets_by_name

TO_BNG = Transformer.from_crs(4326, 27700, always_xy=True)  # independent of mapapp.geo
PRIVATE = ("900456", "Jo")  # Online Night Owls' private contact


@pytest.fixture
def make(exports_db):
    """make(fmt) -> the file's bytes, as `mapapp export` makes it."""
    app = make_test_app(exports_db)

    with app.app_context():  # addresses as `mapapp export --base-url` makes them
        page_url = _page_urls("https://map.example.org")
    site = Site(page_url, app.config["AREA_NAME"], dt.datetime.now(dt.UTC))

    def run(fmt):
        with session_scope(app.extensions["mapapp.engine"]) as session:
            return export(session, fmt, site)

    yield run
    app.extensions["mapapp.engine"].dispose()


def test_geojson_holds_the_public_fields_in_wgs84(make):
    body = json.loads(make("geojson"))
    by_name = {f["properties"]["name"]: f for f in body["features"]}
    assert body["type"] == "FeatureCollection" and len(by_name) == 5  # not the inactive one
    aa = by_name["Chesterfield Tuesday AA"]
    assert aa["geometry"]["type"] == "Point"
    lon, lat = aa["geometry"]["coordinates"]
    assert -1.44 < lon < -1.42 and 53.23 < lat < 53.24  # degrees: EPSG:4326
    props = aa["properties"]
    assert props["schedule"] == ["every Tuesday, 19:30–21:00", "every Friday, 19:30–21:00"]
    assert (props["contact_name"], props["district"], props["slug"]) == (
        "Sam",
        "E07000034",
        "tuesday-aa",
    )
    assert props["url"] == f"https://map.example.org/assets/{aa['id']}"
    assert "next_session" not in props and "when" not in props
    owls = by_name["Online Night Owls"]
    assert owls["geometry"] is None and "contact_name" not in owls["properties"]


def _gpkg_rows(path) -> tuple[int, dict]:
    """(srs id, {name: row}) read with the standard library: GDAL cannot read a
    GeoPackage in a process that has loaded SpatiaLite (see publish/gpkg.py)."""
    with closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        srs = db.execute(
            "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'listings'"
        ).fetchone()[0]
        rows = {r["name"]: r for r in db.execute("SELECT * FROM listings")}
    return srs, rows


def _point(blob):
    """A GeoPackage geometry: 'GP', version, flags, srs id, an envelope, then WKB."""
    if blob is None:
        return None
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 0b111]
    return shapely.from_wkb(bytes(blob[8 + envelope :]))


def test_the_geopackage_is_one_point_layer_in_british_national_grid(make, tmp_path):
    path = tmp_path / "listings.gpkg"
    path.write_bytes(make("gpkg"))
    srs, rows = _gpkg_rows(path)
    assert srs == 27700 and len(rows) == 5
    aa = rows["Chesterfield Tuesday AA"]
    feature = json.loads(make("geojson"))["features"][0]
    x, y = TO_BNG.transform(*feature["geometry"]["coordinates"])
    point = _point(aa["geom"])
    assert (point.x, point.y) == (pytest.approx(x, abs=0.5), pytest.approx(y, abs=0.5))
    assert aa["domains"] == "twelve-step" and aa["accessibility"] == "step-free; wheelchair"
    assert _point(rows["Online Night Owls"]["geom"]) is None


@pytest.mark.parametrize("fmt", ["meeting-guide", "oruk", "geojson", "csv", "gpkg"])
def test_no_private_contact_in_any_format(make, fmt):
    body = make(fmt)
    assert body and not any(secret.encode() in body for secret in PRIVATE)


def test_meeting_guide_round_trip(make, import_into_fresh, tmp_path):
    path = tmp_path / "meetings.json"
    path.write_bytes(make("meeting-guide"))
    report, engine = import_into_fresh(path, source="round-trip")
    # Tuesday AA meets twice a week: two entries (slug, slug-2), so two listings.
    assert (report.format, report.inserted, report.rejected) == ("meeting-guide", 4, 0)
    again = assets_by_name(engine)
    owls = again["Online Night Owls"]
    assert (
        owls.conference_url,
        owls.conference_url_notes,
        owls.conference_phone,
        owls.conference_phone_notes,
        owls.attendance,
    ) == ("https://zoom.us/j/123", "Passcode 42", "+441234567890", "Press # twice", "online")
    assert [
        (s.weekday, s.start_time.isoformat(), s.end_time.isoformat()) for s in owls.schedules
    ] == [(0, "22:00:00", "23:00:00")]
    assert owls.venue is None  # "Derbyshire, UK" is a point of affinity, not a venue
    with session_scope(engine) as session:
        aa = session.scalars(
            select(Asset).where(Asset.name == "Chesterfield Tuesday AA").order_by(Asset.id)
        ).all()
        assert [[(s.weekday, s.start_time.isoformat()) for s in a.schedules] for a in aa] == [
            [(1, "19:30:00")],
            [(4, "19:30:00")],
        ]
        venue = aa[0].venue
        assert (
            venue.name,
            venue.address,
            venue.town,
            venue.postcode,
            venue.precision,
            venue.location_notes,
        ) == (
            "St Mary's Hall",
            "1 Church Way",
            "Chesterfield",
            "S40 1LP",
            "exact",
            "Side door, first floor",
        )
        assert (aa[0].fellowship, sorted(aa[0].types), aa[0].domain_codes) == (
            "AA",
            ["D", "O", "W", "X"],
            ["twelve-step"],
        )
    cafe = again["Buxton Recovery Café"]  # monthly: the appointment form, rule in the notes
    assert cafe.schedules == [] and cafe.notes.startswith("Every 2nd Wednesday of the month")


def test_oruk_is_the_open_referral_publishers_document(make):
    services = json.loads(make("oruk"))
    assert sorted(s["name"] for s in services) == [
        "Buxton Recovery Café",
        "Chesterfield Tuesday AA",
        "Online Night Owls",
        "Recovery Walk",
        "Safe House Support",
    ]


def test_oruk_says_clearly_when_it_is_not_available(make, monkeypatch):
    def missing(session, site):
        raise ExportUnavailable("The Open Referral UK export is not available")

    monkeypatch.setattr(exports, "_oruk_document", missing)
    with pytest.raises(ExportUnavailable, match="not available"):
        make("oruk")


def test_every_format_has_a_file_name_and_media_type():
    assert {f: exports.filename(f) for f in FORMATS} == {
        "meeting-guide": "listings-meeting-guide.json",
        "oruk": "listings-oruk.json",
        "geojson": "listings-geojson.geojson",
        "csv": "listings-csv.csv",
        "gpkg": "listings-gpkg.gpkg",
    }
