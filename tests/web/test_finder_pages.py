"""Result and listing pages (Flask client, both backends)."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import Asset
from tests.conftest import make_test_app
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

EVIL = "<img src=x onerror=alert(1)>`${alert(2)}`</script>"
NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def client(fixture_db):  # noqa: F811
    app = make_test_app(fixture_db)
    app.config["CLOCK"] = lambda: NOW
    yield app.test_client()
    app.extensions["mapapp.engine"].dispose()


def _names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/assets/\d+">([^<]+)</a></h3>', html)


def test_results_list_matches_the_api_and_explains_the_filters(client):
    page = client.get("/find?near=S40+1LP&radius_km=5")
    html = page.get_data(as_text=True)
    api = client.get("/api/assets?near=S40+1LP&radius_km=5").get_json()
    assert page.status_code == 200
    assert _names(html) == [f["properties"]["name"].replace("'", "&#39;") for f in api["features"]]
    assert "6 results within 5.0 km" in html
    assert "Choices within one filter widen the search" in html
    assert "Next:</strong> today 19:30" in html  # Monday AA, with the clock at Monday noon
    assert html.count('"primary": ') == 5  # five pins; the online meeting has none


def test_a_page_that_stops_before_the_last_result_says_there_are_more(client):
    html = client.get("/find?near=S40+1LP&radius_km=5&limit=2").get_data(as_text=True)
    assert len(_names(html)) == 2
    assert "The 2 nearest results within 5.0 km (there are more: add a filter" in html


def test_filters_stay_in_the_url_and_in_the_form(client):
    html = client.get("/find?near=S40+1LP&domain=activities&domain=mutual-aid&day=sat").get_data(
        as_text=True
    )
    assert _names(html) == ["Walking Group"]
    assert 'value="activities" checked' in html and 'value="mutual-aid" checked' in html
    assert 'value="sat" checked' in html


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/find?near=Atlantis", 404, "No town, village or postcode called &#39;Atlantis&#39;"),
        ("/find?near=S40+1LP&radius_km=far", 400, "is not a valid radius_km"),
    ],
)
def test_bad_searches_are_explained_on_the_page(client, url, status, message):
    page = client.get(url)
    assert page.status_code == status and message in page.get_data(as_text=True)


def test_listing_page_and_calendar(client):
    listing = client.get("/api/assets?near=S40+1LP&q=Last+Sunday").get_json()["features"][0]
    html = client.get(listing["properties"]["url"]).get_data(as_text=True)
    assert "Every last Sunday of the month, 18:30–19:30" in html
    assert "may be out of date" in html  # never verified
    assert "Location checked by a navigator." in html
    calendar = client.get(f"/assets/{listing['id']}.ics")
    assert calendar.mimetype == "text/calendar"
    body = calendar.get_data(as_text=True)
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1SU" in body
    assert "DTSTART;TZID=Europe/London:20260125T183000" in body
    assert client.get("/assets/999999").status_code == 404


def test_stored_markup_is_inert_on_pages(fixture_db, engine_for):  # noqa: F811
    with session_scope(engine_for(fixture_db)) as session:
        asset = session.scalar(select(Asset).where(Asset.name == "Walking Group"))
        asset.name, asset.notes, asset.website = EVIL, EVIL, "javascript:alert(3)"
        asset_id = asset.id
    app = make_test_app(fixture_db)
    client = app.test_client()
    for url in ("/find?near=S40+1LP", f"/assets/{asset_id}", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in html and "javascript:alert(3)" not in html, url
    app.extensions["mapapp.engine"].dispose()


def test_private_contacts_are_not_on_pages(demo_db, engine_for):
    with session_scope(engine_for(demo_db)) as session:
        private = session.scalars(
            select(Asset).where(Asset.contact_private, Asset.contact_phone.is_not(None)).limit(5)
        ).all()
        checks = [(a.id, a.contact_phone) for a in private]
    app = make_test_app(demo_db)
    client = app.test_client()
    for asset_id, phone in checks:
        assert phone not in client.get(f"/assets/{asset_id}").get_data(as_text=True)
    app.extensions["mapapp.engine"].dispose()
