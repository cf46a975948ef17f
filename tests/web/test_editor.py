"""The listing editor on both backends: every field round-trips, each mistake is explained
and saves nothing, history rows carry real old and new values, revert, archive/restore
(and what the public then sees), roles and CSRF."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.listings import history
from mapapp.models import Asset, AssetChange
from tests import factories
from tests.conftest import make_test_app
from tests.listings.test_form import form_data
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)  # a Monday, GMT
EVIL = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'
PASSWORD = "correct horse battery"


@pytest.fixture
def site(fixture_db, engine_for):  # noqa: F811
    engine = engine_for(fixture_db)
    with session_scope(engine) as session:
        users = {
            role: create_user(session, f"{role}@example.org", role.title(), role, PASSWORD)
            for role in ("navigator", "commissioner")
        }
        session.flush()
        user_ids = {role: user.id for role, user in users.items()}
        assets = dict(session.execute(select(Asset.name, Asset.id)).all())
    app = make_test_app(fixture_db)
    app.config["CLOCK"] = lambda: NOW
    yield app, engine, user_ids, assets
    app.extensions["mapapp.engine"].dispose()


def signed_in(app, user_id):
    client = app.test_client()
    client = factories.signed_in(app, user_id)
    return client


@pytest.fixture
def nav(site):
    app, engine, user_ids, assets = site
    return signed_in(app, user_ids["navigator"]), engine, assets


def token(client, path="/workspace/listings/new") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def current_form(engine, asset_id) -> dict:
    """The edit form's strings for a stored listing (what the page is prefilled with)."""
    from mapapp.listings.form import from_snapshot

    with session_scope(engine) as session:
        return from_snapshot(history.snapshot(session.get(Asset, asset_id)))


def post_form(client, path, raw, **extra):
    data = form_data(raw)
    data["csrf_token"] = token(client, path)
    for name, value in extra.items():
        data[name] = value
    return client.post(path, data=data)


def stored(engine, asset_id) -> dict:
    with session_scope(engine) as session:
        return history.snapshot(session.get(Asset, asset_id))


def changes(engine, asset_id) -> list[tuple]:
    with session_scope(engine) as session:
        return [
            (c.field, c.old_value, c.new_value, c.via, c.changed_by)
            for c in session.scalars(
                select(AssetChange).where(AssetChange.asset_id == asset_id).order_by(AssetChange.id)
            )
        ]


FULL = {
    "name": "Belper Hope Group",
    "kind": "activity",
    "status": "active",
    "organisation": "Derby Recovery Network",
    "fellowship": "SMART Recovery",
    "types": "O, D",
    "description": "Peer support over tea",
    "notes": "Ring the bell",
    "domains": ["mutual-aid", "activities"],
    "audience": ["women"],
    "other_audience": "cy",
    "accessibility": ["wheelchair", "hearing-loop"],
    "other_accessibility": "",
    "schedules": [
        {
            "frequency": "weekly",
            "weekday": "0",
            "nth": "",
            "anchor": "",
            "start": "10:00",
            "end": "11:30",
        },
        {
            "frequency": "fortnightly",
            "weekday": "4",
            "nth": "",
            "anchor": "2026-01-09",
            "start": "20:00",
            "end": "",
        },
        {
            "frequency": "monthly",
            "weekday": "6",
            "nth": "-1",
            "anchor": "",
            "start": "18:30",
            "end": "20:00",
        },
    ],
    "venue_name": "St Peter's Hall",
    "address": "1 Church Street",
    "town": "Belper",
    "postcode": "de56 1aa",
    "location_notes": "Side door",
    # Derby city centre: a point placed on the map
    "lon": "-1.477",
    "lat": "52.9225",
    "precision": "exact",
    "lookup": "",
    "no_location": False,
    "conference_url": "https://meet.example.org/hope",
    "conference_url_notes": "ID 123",
    "conference_phone": "+44 20 7946 0000",
    "conference_phone_notes": "PIN 9",
    "website": "https://hope.example.org",
    "email": "hello@hope.example.org",
    "phone": "01773 000000",
    "contact_name": "Sam",
    "contact_email": "sam@example.org",
    "contact_phone": "07700 900000",
    "contact_private": False,
}
FULL_SNAPSHOT = {
    "name": "Belper Hope Group",
    "kind": "activity",
    "status": "active",
    "organisation": "Derby Recovery Network",
    "fellowship": "SMART Recovery",
    "types": ["D", "O"],
    "description": "Peer support over tea",
    "notes": "Ring the bell",
    "domains": ["activities", "mutual-aid"],
    "tags": [
        "accessibility:hearing-loop",
        "accessibility:wheelchair",
        "audience:cy",
        "audience:women",
    ],
    "schedules": [
        [0, "weekly", None, None, "10:00", "11:30"],
        [4, "fortnightly", None, "2026-01-09", "20:00", None],
        [6, "monthly", -1, None, "18:30", "20:00"],
    ],
    "venue_name": "St Peter's Hall",
    "address": "1 Church Street",
    "town": "Belper",
    "postcode": "DE56 1AA",
    "location_notes": "Side door",
    "location": [-1.477, 52.9225, "exact"],
    "conference_url": "https://meet.example.org/hope",
    "conference_url_notes": "ID 123",
    "conference_phone": "+44 20 7946 0000",
    "conference_phone_notes": "PIN 9",
    "website": "https://hope.example.org",
    "email": "hello@hope.example.org",
    "phone": "01773 000000",
    "contact_name": "Sam",
    "contact_email": "sam@example.org",
    "contact_phone": "07700 900000",
    "contact_private": False,
}


def test_a_new_listing_with_every_field_round_trips(nav):
    client, engine, _assets = nav
    created = post_form(client, "/workspace/listings/new", FULL)
    assert created.status_code == 302, created.get_data(as_text=True)
    asset_id = int(
        re.search(r"/workspace/listings/(\d+)\?done=created", created.headers["Location"]).group(1)
    )
    assert stored(engine, asset_id) == FULL_SNAPSHOT
    with session_scope(engine) as session:
        asset = session.get(Asset, asset_id)
        assert asset.slug == "belper-hope-group" and asset.attendance == "hybrid"
        assert asset.venue.district_code == "E06000015"  # Derby, from the boundaries
        assert asset.venue.outside_area is False
    # every field given is in the history as a change from nothing, by this navigator
    rows = changes(engine, asset_id)
    assert {field for field, *_ in rows} == set(FULL_SNAPSHOT)
    assert {(via, by) for *_, via, by in rows} == {("editor", "navigator@example.org")}
    assert ("name", None, "Belper Hope Group", "editor", "navigator@example.org") in rows
    # the form shown for it again saves as no change at all
    again = post_form(client, f"/workspace/listings/{asset_id}", current_form(engine, asset_id))
    assert again.headers["Location"].endswith(f"/workspace/listings/{asset_id}?saved=0")
    assert len(changes(engine, asset_id)) == len(rows)
    page = client.get(f"/workspace/listings/{asset_id}").get_data(as_text=True)
    for shown in (
        'value="Belper Hope Group"',
        'value="2026-01-09"',
        'value="18:30"',
        'name="contact_private" value="1">',
        'value="-1" selected',
        'id="domains-activities" name="domains" value="activities" checked',
    ):
        assert shown in page


def test_an_edit_records_old_and_new_values_and_the_page_shows_them(nav):
    client, engine, assets = nav
    asset_id = assets["Last Sunday"]
    raw = current_form(engine, asset_id)
    assert raw["schedules"] == [
        {
            "frequency": "monthly",
            "weekday": "6",
            "nth": "-1",
            "anchor": "",
            "start": "18:30",
            "end": "19:30",
        }
    ]
    raw.update(name="Last Sunday Step Group", phone="01246 000000")
    raw["schedules"][0].update(nth="2", start="19:00", end="20:30")
    saved = post_form(client, f"/workspace/listings/{asset_id}", raw)
    assert saved.headers["Location"].endswith(f"/workspace/listings/{asset_id}?saved=3")
    assert changes(engine, asset_id) == [
        ("name", "Last Sunday", "Last Sunday Step Group", "editor", "navigator@example.org"),
        ("phone", None, "01246 000000", "editor", "navigator@example.org"),
        (
            "schedules",
            '[[6, "monthly", -1, null, "18:30", "19:30"]]',
            '[[6, "monthly", 2, null, "19:00", "20:30"]]',
            "editor",
            "navigator@example.org",
        ),
    ]
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Saved: 3 changes recorded." in page
    assert "every last Sunday of the month, 18:30–19:30" in page
    assert "every 2nd Sunday of the month, 19:00–20:30" in page
    assert "2026-03-02 09:30" in page  # the request's clock


def test_placing_by_postcode_lookup_and_removing_the_point(nav):
    client, engine, assets = nav
    asset_id = assets["Online Night Owls"]
    raw = current_form(engine, asset_id)
    assert raw["lon"] == "" and stored(engine, asset_id)["location"] is None
    post_form(client, f"/workspace/listings/{asset_id}", dict(raw, lookup="S40 1LP"))
    lon, lat, precision = stored(engine, asset_id)["location"]
    assert precision == "postcode" and lon == pytest.approx(-1.43, abs=0.02)
    assert lat == pytest.approx(53.23, abs=0.02)
    with session_scope(engine) as session:
        asset = session.get(Asset, asset_id)
        assert asset.venue.district_code == "E07000034"  # Chesterfield
        assert asset.attendance == "hybrid"
    unknown = post_form(
        client,
        f"/workspace/listings/{asset_id}",
        dict(current_form(engine, asset_id), lookup="Atlantis"),
    )
    assert unknown.status_code == 400
    assert "No town, village or postcode called &#39;Atlantis&#39;" in unknown.get_data(
        as_text=True
    )
    post_form(
        client,
        f"/workspace/listings/{asset_id}",
        dict(current_form(engine, asset_id), no_location=True),
    )
    assert stored(engine, asset_id)["location"] is None


@pytest.mark.parametrize(
    "changes_, field, message",
    [
        ({"name": ""}, "name", "Give the listing a name"),
        ({"domains": []}, "domains", "Choose at least one domain"),
        ({"website": "hope.example.org"}, "website", "Give a full web address"),
        ({"postcode": "NOT A PC"}, "postcode", "That is not a UK postcode"),
        ({"lookup": "DE99 9ZZ"}, "lookup", "The postcode DE99 9ZZ was not found"),
        ({"other_audience": "uk"}, "other_audience", "Not &#39;uk&#39;"),
    ],
)
def test_a_mistake_is_explained_next_to_its_field_and_nothing_is_saved(
    nav, changes_, field, message
):
    client, engine, assets = nav
    asset_id = assets["Monday AA"]
    before = stored(engine, asset_id)
    raw = dict(current_form(engine, asset_id), phone="01246 111111", **changes_)
    page = post_form(client, f"/workspace/listings/{asset_id}", raw)
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert f'<a href="#{field}-field">' in html and f'id="{field}-error"' in html
    assert message in html and "nothing has been saved yet" in html
    assert 'value="01246 111111"' in html  # what was typed is kept
    assert stored(engine, asset_id) == before and changes(engine, asset_id) == []


def test_a_bad_schedule_row_is_explained_on_its_row(nav):
    client, engine, assets = nav
    asset_id = assets["Monday AA"]
    raw = current_form(engine, asset_id)
    raw["schedules"].append(
        {
            "frequency": "fortnightly",
            "weekday": "4",
            "nth": "",
            "anchor": "2026-01-08",
            "start": "20:00",
            "end": "",
        }
    )
    html = post_form(client, f"/workspace/listings/{asset_id}", raw).get_data(as_text=True)
    assert 'id="schedule-1-error">Session 2: 08 January 2026 is a Thursday' in html
    assert changes(engine, asset_id) == []


def test_revert_one_change_and_refusal_when_changed_again(nav):
    client, engine, assets = nav
    asset_id = assets["Walking Group"]
    post_form(
        client,
        f"/workspace/listings/{asset_id}",
        dict(current_form(engine, asset_id), phone="01246 000001", town="Brampton"),
    )
    phone_change, town_change = [cid for (cid,) in _change_ids(engine, asset_id)]
    done = client.post(
        f"/workspace/changes/{town_change}/revert", data={"csrf_token": token(client)}
    )
    assert done.headers["Location"].endswith(f"/workspace/listings/{asset_id}?done=reverted")
    assert stored(engine, asset_id)["town"] is None
    assert stored(engine, asset_id)["phone"] == "01246 000001"
    assert changes(engine, asset_id)[-1] == (
        "town",
        "Brampton",
        None,
        "revert",
        "navigator@example.org",
    )
    post_form(
        client,
        f"/workspace/listings/{asset_id}",
        dict(current_form(engine, asset_id), phone="01246 000002"),
    )
    refused = client.post(
        f"/workspace/changes/{phone_change}/revert", data={"csrf_token": token(client)}
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "has changed again since this change. Edit the listing instead" in html
    assert 'role="alert"' in html and stored(engine, asset_id)["phone"] == "01246 000002"


def _change_ids(engine, asset_id):
    with session_scope(engine) as session:
        return session.execute(
            select(AssetChange.id)
            .where(AssetChange.asset_id == asset_id)
            .order_by(AssetChange.field)
        ).all()


def _public_sightings(client, asset_id, name) -> dict:
    api = client.get("/api/assets?near=S40 1LP&radius_km=5&limit=100").get_json()
    feed = client.get("/feeds/meeting-guide.json").get_json()
    return {
        "page": client.get(f"/assets/{asset_id}").status_code,
        "find": name in client.get("/find?near=S40 1LP&radius_km=5").get_data(as_text=True),
        "api": asset_id in [f["id"] for f in api["features"]],
        "feed": name in [m["name"] for m in feed],
    }


def test_archive_hides_everywhere_public_and_restore_brings_it_back(nav, site):
    client, engine, assets = nav
    public = site[0].test_client()
    asset_id = assets["Monday AA"]
    listed = {"page": 200, "find": True, "api": True, "feed": True}
    assert _public_sightings(public, asset_id, "Monday AA") == listed
    archived = client.post(
        f"/workspace/listings/{asset_id}/archive", data={"csrf_token": token(client)}
    )
    assert archived.headers["Location"].endswith("?done=archived")
    assert _public_sightings(public, asset_id, "Monday AA") == {
        "page": 404,
        "find": False,
        "api": False,
        "feed": False,
    }
    page = client.get(archived.headers["Location"]).get_data(as_text=True)
    assert "This listing is <strong>archived</strong>" in page and "Restore this listing" in page
    # an archived listing can still be corrected, and stays archived
    fixed = post_form(
        client,
        f"/workspace/listings/{asset_id}",
        dict(current_form(engine, asset_id), phone="01246 222222"),
    )
    assert fixed.headers["Location"].endswith("?saved=1")
    assert stored(engine, asset_id)["status"] == "archived"
    client.post(f"/workspace/listings/{asset_id}/restore", data={"csrf_token": token(client)})
    assert _public_sightings(public, asset_id, "Monday AA") == listed
    assert [row[:4] for row in changes(engine, asset_id)] == [
        ("status", "active", "archived", "editor"),
        ("phone", None, "01246 222222", "editor"),
        ("status", "archived", "active", "editor"),
    ]
    with session_scope(engine) as session:
        assert session.get(Asset, asset_id) is not None  # never deleted


def test_the_list_searches_filters_and_links_to_the_editor(nav):
    client, engine, assets = nav
    client.post(
        f"/workspace/listings/{assets['Walking Group']}/archive", data={"csrf_token": token(client)}
    )
    html = client.get("/workspace/listings?q=WALK").get_data(as_text=True)
    assert f'href="/workspace/listings/{assets["Walking Group"]}">Walking Group' in html
    assert "1 listing." in html and "Monday AA" not in html
    archived = client.get("/workspace/listings?status=archived").get_data(as_text=True)
    assert "Walking Group" in archived and "1 listing." in archived
    # the fixture's venues have no district yet: placing one by postcode gives it one
    monday = assets["Monday AA"]
    post_form(
        client,
        f"/workspace/listings/{monday}",
        dict(current_form(engine, monday), lookup="S40 1LP"),
    )
    chesterfield = client.get("/workspace/listings?district=E07000034").get_data(as_text=True)
    assert "1 listing." in chesterfield and "<td>Chesterfield</td>" in chesterfield
    assert "Monday AA" in chesterfield and "Online Night Owls" not in chesterfield
    unplaced = client.get("/workspace/listings?district=none").get_data(as_text=True)
    assert "6 listings." in unplaced and "Monday AA" not in unplaced
    assert (
        client.get("/workspace/listings?q=100%25_").get_data(as_text=True).count("0 listings.") == 1
    )


def test_stored_markup_is_shown_as_text_in_the_editor_and_its_history(nav):
    client, engine, assets = nav
    asset_id = assets["Monday AA"]
    post_form(
        client,
        f"/workspace/listings/{asset_id}",
        dict(current_form(engine, asset_id), name=EVIL, notes=EVIL),
    )
    html = client.get(f"/workspace/listings/{asset_id}").get_data(as_text=True)
    assert "<script>alert(2)</script>" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    listing = client.get("/workspace/listings").get_data(as_text=True)
    assert "<img src=x" not in listing


def test_navigators_only(site):
    app, engine, user_ids, assets = site
    asset_id = assets["Monday AA"]
    anonymous = app.test_client()
    for path in (
        "/workspace/listings",
        f"/workspace/listings/{asset_id}",
        "/workspace/listings/new",
    ):
        assert anonymous.get(path).status_code == 302
        commissioner = signed_in(app, user_ids["commissioner"])
        assert commissioner.get(path).status_code == 403
    commissioner = signed_in(app, user_ids["commissioner"])
    assert 'href="/workspace/listings"' not in commissioner.get("/workspace").get_data(as_text=True)
    navigator = signed_in(app, user_ids["navigator"]).get("/workspace").get_data(as_text=True)
    assert '<a href="/workspace/listings">Listings</a>' in navigator
    assert '<a href="/workspace/feedback">Feedback to moderate</a>' in navigator
    refused = commissioner.post(
        f"/workspace/listings/{asset_id}/archive",
        data={"csrf_token": token(commissioner, "/workspace")},
    )
    assert refused.status_code == 403
    assert stored(engine, asset_id)["status"] == "active"


def test_a_post_without_the_csrf_token_changes_nothing(nav):
    client, engine, assets = nav
    asset_id = assets["Monday AA"]
    raw = dict(current_form(engine, asset_id), name="Forged")
    for path, data in (
        (f"/workspace/listings/{asset_id}", form_data(raw)),
        (f"/workspace/listings/{asset_id}/archive", {}),
        ("/workspace/listings/new", form_data(FULL)),
    ):
        refused = client.post(path, data=data)
        assert refused.status_code == 400
        assert "This form has expired" in refused.get_data(as_text=True)
    assert stored(engine, asset_id)["name"] == "Monday AA"
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(AssetChange.id))) == 0


def test_the_first_name_of_a_new_listing_cannot_be_reverted_away(nav):
    client, engine, _assets = nav
    created = post_form(client, "/workspace/listings/new", FULL)
    asset_id = int(re.search(r"/workspace/listings/(\d+)", created.headers["Location"]).group(1))
    with session_scope(engine) as session:
        first_name = session.scalar(
            select(AssetChange.id).where(
                AssetChange.asset_id == asset_id, AssetChange.field == "name"
            )
        )
    refused = client.post(
        f"/workspace/changes/{first_name}/revert", data={"csrf_token": token(client)}
    )
    assert refused.status_code == 409
    assert "This change set the listing&#39;s first name" in refused.get_data(as_text=True)
    assert stored(engine, asset_id)["name"] == "Belper Hope Group"


def test_checked_today_from_the_editor_returns_to_it(nav):
    client, engine, assets = nav
    asset_id = assets["Monday AA"]
    page = client.get(f"/workspace/listings/{asset_id}").get_data(as_text=True)
    assert "Last checked: never." in page
    assert f'action="/workspace/listings/{asset_id}/verify"' in page
    done = client.post(
        f"/workspace/listings/{asset_id}/verify",
        data={"csrf_token": token(client), "next": f"/workspace/listings/{asset_id}"},
    )
    assert done.status_code == 302 and done.headers["Location"] == f"/workspace/listings/{asset_id}"
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "“Monday AA” is marked as checked today." in page
    assert "Last checked: 02 March 2026 by navigator@example.org." in page
    with session_scope(engine) as session:
        assert session.get(Asset, asset_id).last_verified_at == NOW


def test_a_check_is_listed_in_the_history_without_a_revert_button(nav):
    client, _engine, assets = nav
    asset_id = assets["Monday AA"]
    client.post(f"/workspace/listings/{asset_id}/verify", data={"csrf_token": token(client)})
    page = client.get(f"/workspace/listings/{asset_id}").get_data(as_text=True)
    row = re.search(r'<tr data-change="(\d+)" data-field="verified">(.*?)</tr>', page, re.S)
    assert row and "Revert" not in row.group(2)
    refused = client.post(
        f"/workspace/changes/{row.group(1)}/revert", data={"csrf_token": token(client)}
    )
    assert refused.status_code == 409
    assert "records an action" in refused.get_data(as_text=True)
