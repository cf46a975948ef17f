"""Report a problem with a listing: the public form, on both backends."""

import re

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import Asset, Feedback
from tests.conftest import make_test_app
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

EVIL = "<img src=x onerror=alert(1)>`${alert(2)}`</script>"


@pytest.fixture
def site(fixture_db, engine_for):  # noqa: F811
    app = make_test_app(fixture_db)
    engine = engine_for(fixture_db)
    with session_scope(engine) as session:
        asset_id = session.scalar(select(Asset.id).where(Asset.name == "Monday AA"))
    yield app.test_client(), engine, asset_id
    app.extensions["mapapp.engine"].dispose()


def _token(client, asset_id) -> str:
    html = client.get(f"/assets/{asset_id}/report").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _stored(engine) -> list[tuple]:
    with session_scope(engine) as session:
        return [
            (f.asset_id, f.kind, f.category, f.message, f.reporter_email, f.status, f.client_key)
            for f in session.scalars(select(Feedback).order_by(Feedback.id))
        ]


def test_the_listing_page_links_to_the_form_and_the_form_is_complete(site):
    client, _engine, asset_id = site
    listing = client.get(f"/assets/{asset_id}").get_data(as_text=True)
    assert f'href="/assets/{asset_id}/report">Report a problem with this listing' in listing
    form = client.get(f"/assets/{asset_id}/report").get_data(as_text=True)
    assert "Report a problem with “Monday AA”" in form
    for code in ("closed", "moved", "time_changed", "contact_wrong", "other"):
        assert f'name="category" value="{code}"' in form
    assert 'name="csrf_token"' in form and 'name="website" tabindex="-1"' in form


def test_a_report_is_stored_for_a_navigator_to_moderate(site):
    client, engine, asset_id = site
    sent = client.post(
        f"/assets/{asset_id}/report",
        data={
            "csrf_token": _token(client, asset_id),
            "category": "time_changed",
            "message": "Now Tuesdays at 7pm " + EVIL,
            "email": "sam@example.org",
        },
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert (
        sent.status_code == 200
        and "Your report about “Monday AA” has been sent" in sent.get_data(as_text=True)
    )
    [(stored_asset, kind, category, message, email, status, key)] = _stored(engine)
    assert (stored_asset, kind, category, status) == (asset_id, "problem", "time_changed", "open")
    assert message == "Now Tuesdays at 7pm " + EVIL and email == "sam@example.org"
    assert len(key) == 32 and "203.0.113.9" not in key  # a keyed hash, not the address


def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(site):
    client, engine, asset_id = site
    refused = client.post(f"/assets/{asset_id}/report", data={"category": "closed"})
    assert refused.status_code == 400
    assert "This form has expired or was not sent from this site" in refused.get_data(as_text=True)
    forged = client.post(
        f"/assets/{asset_id}/report", data={"category": "closed", "csrf_token": "forged"}
    )
    assert forged.status_code == 400 and _stored(engine) == []


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "category", "Choose what is wrong."),
        ({"category": "nonsense"}, "category", "Choose what is wrong."),
        ({"category": "moved"}, "message", "Tell us what has changed"),
        ({"category": "closed", "message": "x" * 2001}, "message", "under 2,000 characters"),
        ({"category": "closed", "email": "not an address"}, "email", "does not look like an email"),
    ],
)
def test_mistakes_are_explained_next_to_the_field_and_nothing_is_stored(site, data, field, message):
    client, engine, asset_id = site
    page = client.post(
        f"/assets/{asset_id}/report", data={"csrf_token": _token(client, asset_id), **data}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert f'href="#{field}-field">' in html and message in html
    assert f'id="{field}-error"' in html
    assert _stored(engine) == []


def test_the_honeypot_thanks_robots_and_stores_nothing(site):
    client, engine, asset_id = site
    page = client.post(
        f"/assets/{asset_id}/report",
        data={
            "csrf_token": _token(client, asset_id),
            "category": "closed",
            "website": "http://spam.example",
        },
    )
    assert page.status_code == 200 and "has been sent" in page.get_data(as_text=True)
    assert _stored(engine) == []


def test_a_visitor_may_send_five_reports_an_hour(site):
    client, engine, asset_id = site
    token = _token(client, asset_id)
    codes = [
        client.post(
            f"/assets/{asset_id}/report",
            data={"csrf_token": token, "category": "closed"},
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
        ).status_code
        for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
    other = client.post(
        f"/assets/{asset_id}/report",
        data={"csrf_token": token, "category": "closed"},
        environ_base={"REMOTE_ADDR": "198.51.100.8"},
    )
    assert other.status_code == 200  # the limit is per visitor
    assert len(_stored(engine)) == 6


def test_reports_are_only_for_listed_assets(site):
    client, _engine, _asset_id = site
    page = client.get("/assets/999999/report")
    assert page.status_code == 404 and "no longer listed" in page.get_data(as_text=True)
