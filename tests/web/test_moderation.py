"""Suggest a listing (public) and the feedback moderation queue (navigators), both backends:
accepting applies and records the change via "feedback", rejecting needs a reason."""
# ruff: noqa: F811 — the fixtures imported from test_editor are the tests' arguments

import datetime as dt
import re

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.listings import history
from mapapp.models import Asset, AssetChange, Feedback
from tests.web.test_editor import (  # noqa: F401 — the same site, users and helpers
    EVIL,
    NOW,
    changes,
    current_form,
    fixture_db,
    nav,
    post_form,
    signed_in,
    site,
    stored,
    token,
)

SUGGESTION = {
    "name": "Ilkeston Recovery Walk",
    "kind": "activity",
    "domains": ["activities", "mutual-aid"],
    "town": "Ilkeston",
    "postcode": "DE7 5RP",
    "when": "Saturdays 10am",
    "contact": "07700 900123",
    "description": "A gentle walk and a brew",
    "email": "suggester@example.org",
}


def _suggest(client, data, address="192.0.2.1"):
    form = {"csrf_token": token(client, "/suggest"), **data}
    return client.post("/suggest", data=form, environ_base={"REMOTE_ADDR": address})


def _items(engine) -> list[Feedback]:
    with session_scope(engine) as session:
        items = list(session.scalars(select(Feedback).order_by(Feedback.id)))
        session.expunge_all()
        return items


def _add_feedback(engine, **values) -> int:
    with session_scope(engine) as session:
        item = Feedback(**values)
        session.add(item)
        session.flush()
        return item.id


def test_suggest_is_linked_from_home_and_finder_and_stored_for_moderation(site):
    app, engine, *_ = site
    public = app.test_client()
    for path in ("/", "/find?near=S40 1LP"):
        assert 'href="/suggest">Suggest a listing' in public.get(path).get_data(as_text=True)
    sent = _suggest(public, SUGGESTION)
    assert sent.status_code == 200 and "Your suggestion has been sent" in sent.get_data(
        as_text=True
    )
    [item] = _items(engine)
    assert (item.kind, item.status, item.asset_id, item.reporter_email) == (
        "suggestion",
        "open",
        None,
        "suggester@example.org",
    )
    assert item.suggested == {k: v for k, v in SUGGESTION.items() if k != "email"}
    assert item.message == "A gentle walk and a brew" and len(item.client_key) == 32


@pytest.mark.parametrize(
    "changes_, field, message",
    [
        ({"name": ""}, "name", "Give the name of the group"),
        ({"kind": ""}, "kind", "Choose what kind of thing it is."),
        ({"domains": ["astrology"]}, "domains", "Choose from the list shown."),
        ({"town": "", "postcode": ""}, "where", "Tell us where it happens"),
        ({"conference_url": "zoom.us/j/1"}, "conference_url", "starting https://"),
        ({"when": "x" * 501}, "when", "under 500 characters"),
        ({"email": "nope"}, "email", "does not look like an email address"),
    ],
)
def test_suggestion_mistakes_are_explained_next_to_the_field(site, changes_, field, message):
    app, engine, *_ = site
    page = _suggest(app.test_client(), {**SUGGESTION, **changes_})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert f'href="#{field}-field"' in html and f'id="{field}-error"' in html
    assert message in html and _items(engine) == []


def test_suggestions_share_the_reports_rate_limit_and_honeypot(site):
    app, engine, _users, assets = site
    client = app.test_client()
    report_token = re.search(
        r'name="csrf_token" value="([^"]+)"',
        client.get(f"/assets/{assets['Monday AA']}/report").get_data(as_text=True),
    ).group(1)
    for _ in range(3):
        client.post(
            f"/assets/{assets['Monday AA']}/report",
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
            data={"csrf_token": report_token, "category": "closed"},
        )
    codes = [_suggest(client, SUGGESTION, "198.51.100.7").status_code for _ in range(3)]
    assert codes == [200, 200, 429]  # five an hour, reports and suggestions together
    assert "several reports or suggestions" in _suggest(
        client, SUGGESTION, "198.51.100.7"
    ).get_data(as_text=True)
    trapped = _suggest(client, {**SUGGESTION, "website": "http://spam.example"}, "192.0.2.9")
    assert trapped.status_code == 200 and "has been sent" in trapped.get_data(as_text=True)
    assert [i.kind for i in _items(engine)] == ["problem"] * 3 + ["suggestion"] * 2
    refused = client.post("/suggest", data=SUGGESTION)
    assert refused.status_code == 400 and len(_items(engine)) == 5


def test_the_queue_lists_open_items_newest_first_with_listing_and_district(nav, site):
    client, engine, assets = nav
    monday = assets["Monday AA"]
    post_form(
        client,
        f"/workspace/listings/{monday}",  # gives it a district
        dict(current_form(engine, monday), lookup="S40 1LP"),
    )
    older = _add_feedback(
        engine,
        asset_id=monday,
        kind="problem",
        category="moved",
        message="Now at the library",
        created_at=NOW - dt.timedelta(days=2),
        reporter_email="rita@example.org",
    )
    newer = _add_feedback(
        engine,
        kind="suggestion",
        suggested={"name": "New Café"},
        created_at=NOW - dt.timedelta(hours=1),
    )
    _add_feedback(
        engine, asset_id=monday, kind="problem", category="other", status="rejected", created_at=NOW
    )
    html = client.get("/workspace/feedback").get_data(as_text=True)
    assert re.findall(r'data-feedback="(\d+)"', html) == [str(newer), str(older)]
    assert "Suggested listing: New Café" in html
    assert "<td>Monday AA</td>" in html and "<td>Chesterfield</td>" in html
    assert "rita@example.org" not in html
    item = client.get(f"/workspace/feedback/{older}").get_data(as_text=True)
    assert "Reply to: rita@example.org" in item and "Now at the library" in item
    assert "<dt>Postcode</dt><dd>S40 1LP</dd>" in item  # the listing's current values
    public = site[0].test_client()
    for path in (f"/assets/{monday}", "/api/assets?near=S40 1LP", "/find?near=S40 1LP"):
        assert "rita@example.org" not in public.get(path).get_data(as_text=True)


def test_accepting_a_problem_applies_the_edit_via_feedback(nav):
    client, engine, assets = nav
    asset_id = assets["Monday AA"]
    item_id = _add_feedback(
        engine,
        asset_id=asset_id,
        kind="problem",
        category="time_changed",
        message="Now 20:00 " + EVIL,
    )
    page = client.get(f"/workspace/listings/{asset_id}?feedback={item_id}").get_data(as_text=True)
    assert "The report you are accepting" in page and "Now 20:00 &lt;img" in page
    assert f'name="feedback_id" value="{item_id}"' in page
    raw = current_form(engine, asset_id)
    raw["schedules"][0]["start"], raw["schedules"][0]["end"] = "20:00", "21:00"
    saved = post_form(client, f"/workspace/listings/{asset_id}", raw, feedback_id=item_id)
    assert saved.headers["Location"].endswith("?saved=1&accepted=1")
    assert changes(engine, asset_id) == [
        (
            "schedules",
            '[[0, "weekly", null, null, "19:30", "20:30"]]',
            '[[0, "weekly", null, null, "20:00", "21:00"]]',
            "feedback",
            "navigator@example.org",
        )
    ]
    [item] = _items(engine)
    assert (item.status, item.resolved_by, item.resolved_at) == (
        "accepted",
        "navigator@example.org",
        NOW,
    )
    again = client.get(f"/workspace/listings/{asset_id}?feedback={item_id}")
    assert again.status_code == 409 and "already accepted" in again.get_data(as_text=True)


def test_accepting_a_closed_report_marks_the_listing_inactive(nav):
    client, engine, assets = nav
    asset_id = assets["Walking Group"]
    item_id = _add_feedback(engine, asset_id=asset_id, kind="problem", category="closed")
    done = client.post(f"/workspace/feedback/{item_id}/close", data={"csrf_token": token(client)})
    assert done.headers["Location"].endswith("/workspace/feedback?done=closed")
    assert stored(engine, asset_id)["status"] == "inactive"
    assert changes(engine, asset_id) == [
        ("status", "active", "inactive", "feedback", "navigator@example.org")
    ]
    assert _items(engine)[0].status == "accepted"
    assert site_page_status(client, asset_id) == 404  # inactive is not listed publicly


def site_page_status(client, asset_id) -> int:
    return client.get(f"/assets/{asset_id}").status_code


def test_accepting_a_suggestion_creates_the_listing_via_feedback(nav, site):
    client, engine, _assets = nav
    _suggest(site[0].test_client(), SUGGESTION)
    [item] = _items(engine)
    page = client.get(f"/workspace/listings/new?feedback={item.id}").get_data(as_text=True)
    assert 'value="Ilkeston Recovery Walk"' in page and 'value="DE7 5RP"' in page
    assert "Suggested times: Saturdays 10am" in page and 'name="lookup"' in page
    # the navigator turns the free text into a schedule row and saves
    raw = {
        "name": "Ilkeston Recovery Walk",
        "kind": "activity",
        "status": "active",
        "domains": ["activities", "mutual-aid"],
        "town": "Ilkeston",
        "postcode": "DE7 5RP",
        "lookup": "DE7 5RP",
        "description": "A gentle walk and a brew",
        "phone": "07700 900123",
        "contact_private": True,
        "schedules": [
            {
                "frequency": "weekly",
                "weekday": "5",
                "nth": "",
                "anchor": "",
                "start": "10:00",
                "end": "11:30",
            }
        ],
    }
    created = post_form(client, "/workspace/listings/new", raw, feedback_id=item.id)
    asset_id = int(re.search(r"/workspace/listings/(\d+)", created.headers["Location"]).group(1))
    snap = stored(engine, asset_id)
    assert snap["name"] == "Ilkeston Recovery Walk" and snap["location"][2] == "postcode"
    assert snap["schedules"] == [[5, "weekly", None, None, "10:00", "11:30"]]
    assert {via for _f, _o, _n, via, _b in changes(engine, asset_id)} == {"feedback"}
    [item] = _items(engine)
    assert (item.status, item.asset_id) == ("accepted", asset_id)
    with session_scope(engine) as session:
        asset = session.get(Asset, asset_id)
        assert asset.venue.district_code == "E07000036"  # Erewash
        assert history.snapshot(asset)["contact_private"] is True


def test_rejecting_needs_a_reason(nav):
    client, engine, assets = nav
    item_id = _add_feedback(
        engine, asset_id=assets["Monday AA"], kind="problem", category="other", message=EVIL
    )
    page = client.get(f"/workspace/feedback/{item_id}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x" in page
    empty = client.post(
        f"/workspace/feedback/{item_id}/reject", data={"csrf_token": token(client), "reason": "  "}
    )
    html = empty.get_data(as_text=True)
    assert empty.status_code == 400 and 'id="reason-error">Give a reason' in html
    assert 'href="#reason-field"' in html and _items(engine)[0].status == "open"
    done = client.post(
        f"/workspace/feedback/{item_id}/reject",
        data={"csrf_token": token(client), "reason": "Checked: still meets"},
    )
    assert done.headers["Location"].endswith("/workspace/feedback?done=rejected")
    [item] = _items(engine)
    assert (item.status, item.resolution_note, item.resolved_by) == (
        "rejected",
        "Checked: still meets",
        "navigator@example.org",
    )
    with session_scope(engine) as session:
        assert session.scalars(select(AssetChange)).all() == []


def test_moderation_is_for_navigators_and_needs_the_token(site):
    app, engine, user_ids, assets = site
    item_id = _add_feedback(engine, asset_id=assets["Monday AA"], kind="problem", category="closed")
    commissioner = signed_in(app, user_ids["commissioner"])
    for path in ("/workspace/feedback", f"/workspace/feedback/{item_id}"):
        assert app.test_client().get(path).status_code == 302
        assert commissioner.get(path).status_code == 403
    navigator = signed_in(app, user_ids["navigator"])
    forged = navigator.post(f"/workspace/feedback/{item_id}/close")
    assert forged.status_code == 400 and _items(engine)[0].status == "open"
    assert stored(engine, assets["Monday AA"])["status"] == "active"
