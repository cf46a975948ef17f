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
    return re.findall(r'<h3><a href="/assets/\d+(?:\?back=[^"]*)?">([^<]+)</a></h3>', html)


def _section(html: str, section: str) -> str:
    start = html.index(f'id="{section}"')
    return html[start : html.index("</section>", start)]


def test_results_list_matches_the_api_and_explains_the_filters(client):
    page = client.get("/find?near=S40+1LP&radius_km=5")
    html = page.get_data(as_text=True)
    api = client.get("/api/assets?near=S40+1LP&radius_km=5").get_json()
    assert page.status_code == 200
    names = [f["properties"]["name"].replace("'", "&#39;") for f in api["features"]]
    online = [
        f["properties"]["name"]
        for f in api["features"]
        if f["properties"]["attendance"] == "online"
    ]
    # Nearby means nearby: the online meeting is listed apart, never "within 5 km".
    assert _names(_section(html, "results")) == [n for n in names if n not in online]
    assert _names(_section(html, "online")) == online and len(online) == 1
    assert "5 in person within 5.0 km" in html and "Online: 1" in html
    assert "Choices within one filter widen the search" in html
    assert "Next:</strong> today 19:30" in html  # Monday AA, with the clock at Monday noon
    assert html.count('"primary": ') == 5  # five pins; the online meeting has none


def test_a_page_that_stops_before_the_last_result_says_there_are_more(client):
    html = client.get("/find?near=S40+1LP&radius_km=5&limit=2").get_data(as_text=True)
    assert len(_names(_section(html, "results"))) == 2
    assert "The 2 nearest in person within 5.0 km" in html
    # Show more: the same search, 50 more, landing on the third result.
    more = re.search(r'<p class="show-more"><a class="button-link" href="([^"]+)"', html)[1]
    assert more.replace("&amp;", "&") == "/find?near=S40+1LP&radius_km=5&limit=52#result-3"
    longer = client.get(more.replace("&amp;", "&").split("#")[0]).get_data(as_text=True)
    assert len(_names(_section(longer, "results"))) == 5 and "show-more" not in longer


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


def test_few_nearby_says_how_many_more_the_next_distance_holds(client):
    html = client.get("/find?near=S40+1LP&radius_km=1").get_data(as_text=True)
    assert "4 in person within 1.0 km" in html
    # Fortnightly Friday is 1.1 km north: the next step (2 km) holds one more.
    step = re.search(
        r'<p class="next-step">1 more within 2 km: <a href="([^"]+)">show them</a>', html
    )
    assert step and "radius_km=2" in step[1]


@pytest.mark.parametrize(
    "when, names",
    [
        ("tonight", ["Monday AA"]),  # Monday 19:30; Online Night Owls is apart, at 22:00
        ("tomorrow-morning", []),  # nothing on Tuesday morning
        # Saturday's walk; Last Sunday meets on 25 January, not this weekend (10-11 January).
        ("weekend", ["Walking Group"]),
    ],
)
def test_time_as_people_say_it(client, when, names):
    html = client.get(f"/find?near=S40+1LP&radius_km=5&when={when}").get_data(as_text=True)
    assert _names(_section(html, "results")) == names
    assert (
        'aria-current="true">'
        + {
            "tonight": "Tonight",
            "tomorrow-morning": "Tomorrow morning",
            "weekend": "Weekend",
        }[when]
        in html
    )
    online = _names(_section(html, "online"))
    assert online == (["Online Night Owls"] if when == "tonight" else [])


def test_a_meeting_in_progress_is_marked_and_counted(fixture_db):  # noqa: F811
    app = make_test_app(fixture_db)
    app.config["CLOCK"] = lambda: dt.datetime(2026, 1, 5, 19, 45, tzinfo=dt.UTC)  # Monday
    html = app.test_client().get("/find?near=S40+1LP&radius_km=5").get_data(as_text=True)
    app.extensions["mapapp.engine"].dispose()
    assert "1 in progress now · 0 starting within the hour" in html
    first = html[html.index('id="result-1"') :]
    assert first.index("Monday AA") < first.index("In progress now") < first.index("</li>")


@pytest.mark.parametrize(
    "typed, offered",
    [("Chesterfeild", ["Chesterfield"]), ("S40 1LM", None)],
)
def test_a_misspelt_place_or_postcode_offers_what_it_may_be(client, typed, offered):
    page = client.get("/find", query_string={"near": typed})
    html = page.get_data(as_text=True)
    if offered is None:  # a postcode one key away: its neighbours, each a link
        assert page.status_code == 404
        found = re.findall(r'<a href="/find\?near=(S40\+1L[A-Z])">', html)
        # M is next to H, J and N on the keyboard: those come first (all three exist).
        assert found == ["S40+1LH", "S40+1LJ", "S40+1LN"]
    else:
        assert page.status_code in (200, 404)
        if page.status_code == 404:
            assert all(f'near={name}">{name}</a>' in html for name in offered)


def test_a_shared_location_is_named_near_you(client):
    html = client.get("/find?near=53.2350,-1.4213").get_data(as_text=True)
    assert "Recovery support near you" in html and "53.235" not in html.split("<h1")[1][:80]


def test_the_listing_page_speaks_plainly_and_leads_somewhere(client, fixture_db, engine_for):  # noqa: F811
    with session_scope(engine_for(fixture_db)) as session:
        smart = session.scalar(select(Asset).where(Asset.name == "Women's SMART"))
        walk = session.scalar(select(Asset).where(Asset.name == "Walking Group"))
        walk.venue = smart.venue  # the same hall
        smart.phone, smart.types = "01246 000000", ["W", "O"]
        smart_id = smart.id
    back = "/find?near=S40+1LP&when=tonight"
    html = client.get(f"/assets/{smart_id}", query_string={"back": back}).get_data(as_text=True)
    assert "Women (women only)" in html or "Women" in html
    assert "<li>Wheelchair" in html and "wheelchair</li>" not in html  # words, not codes
    assert "Open: Anyone may come" in html and 'href="/meeting-types"' in html
    assert 'href="tel:01246000000"' in html
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "outlook.live.com/calendar/0/deeplink/compose" in html
    assert "google.com/maps/dir/?api=1&amp;destination=" in html
    assert ">Walking Group</a> — next: Sat 14:00" in html  # also at this venue
    assert f'href="{back.replace("&", "&amp;")}">Back to results' in html
    for evil in ("https://evil.example/find", "//evil.example/find", "javascript:alert(1)"):
        page = client.get(f"/assets/{smart_id}", query_string={"back": evil}).get_data(as_text=True)
        assert 'href="/find">Back to results' in page and "evil" not in page


def test_help_now_is_on_every_public_page(client):
    for path in ("/", "/find?near=S40+1LP", "/meeting-types"):
        html = client.get(path).get_data(as_text=True)
        assert "Need help now?" in html and 'href="tel:116123"' in html, path
        assert "rethink.org" in html


def test_lived_experience_led_listings_carry_a_badge_and_a_filter(client, fixture_db, engine_for):  # noqa: F811
    from mapapp.models import Organisation

    with session_scope(engine_for(fixture_db)) as session:
        smart = session.scalar(select(Asset).where(Asset.name == "Women's SMART"))
        smart.organisation = Organisation(
            name="Peers Together", lero=True, quality_standards="Peer-led quality mark"
        )
    api = client.get("/api/assets?near=S40+1LP&radius_km=5&lero=1").get_json()
    assert [f["properties"]["name"] for f in api["features"]] == ["Women's SMART"]
    assert api["features"][0]["properties"]["lived_experience_led"] is True
    everything = client.get("/api/assets?near=S40+1LP&radius_km=5").get_json()["features"]
    assert sum(f["properties"]["lived_experience_led"] for f in everything) == 1
    html = client.get("/find?near=S40+1LP&radius_km=5&lero=1").get_data(as_text=True)
    assert _names(_section(html, "results")) == ["Women&#39;s SMART"]
    assert 'class="badge lero-badge">Lived-experience led' in html
    assert client.get("/api/assets?lero=maybe").status_code == 400
