"""Security checks that walk the URL map, so routes added later are covered without
editing this file: private contact details never public, every POST refuses a request
without a CSRF token, the security headers on every page, stored markup inert in every
HTML page (the browser half is tests/browser/test_stored_xss.py). Both backends.

Routes are filled in from their argument names: an asset id gets the planted listing's
id, a district code its district. A public route with other arguments is not walked
(the list of walked paths is asserted to include the known pages, so a walk that
silently shrank would fail).
"""

from __future__ import annotations

import re

import pytest
from flask import url_for
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.listings.rules import refresh_attendance, set_location
from mapapp.models import (
    Asset,
    AssetDomain,
    AssetTag,
    Feedback,
    Organisation,
    Postcode,
    Schedule,
    User,
    Venue,
)
from mapapp.web.security import csrf
from tests import factories
from tests.conftest import make_test_app

PASSWORD = "correct horse battery"
# Stored markup, sized for the shortest columns it goes into (PostgreSQL enforces them).
SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
LONG = SCRIPT + IMG + "`${alert(2)}`\\"
JS_URL = "javascript:alert(1)"
# A private named contact that nothing public may show.
PRIVATE = {
    "contact_name": "Zebedee Quill",
    "contact_email": "zebedee.quill@private.example",
    "contact_phone": "01632 960417",
}
ASSET_ARGUMENTS = {"asset_id", "id", "listing_id", "service_id"}
DISTRICT_ARGUMENTS = {"code", "district", "district_code"}
NEAR = "near=S40+1LP&radius_km=5"


def readable(response) -> str:
    """A response's text as a person would read it: a PDF's text is extracted."""
    if response.mimetype == "application/pdf":
        import pypdfium2

        document = pypdfium2.PdfDocument(response.get_data())
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    return response.get_data(as_text=True)


def add_xss_listing(session) -> Asset:
    """A meeting at S40 1LP with markup in every text field, and a public report about it
    with markup in its message."""
    here = session.get(Postcode, "S401LP")
    venue = Venue(
        name=LONG,
        address=LONG,
        town=IMG,
        location_notes=LONG,
        postcode="S40 1LP",
        district_code=here.district_code,
    )
    set_location(venue, here.lon, here.lat, "exact", "test")
    asset = Asset(
        slug="xss-probe",
        name=SCRIPT + IMG,
        kind="meeting",
        venue=venue,
        description=LONG,
        notes=LONG,
        fellowship=IMG,
        types=[IMG],
        review_reason=LONG,
        conference_url=JS_URL,
        conference_url_notes=LONG,
        conference_phone=IMG,
        conference_phone_notes=LONG,
        website=JS_URL,
        email=IMG,
        phone=IMG,
        contact_name=IMG,
        contact_email=IMG,
        contact_phone=IMG,
        contact_private=False,
        organisation=Organisation(name=LONG, website=JS_URL, description=LONG),
        domains=[AssetDomain(domain="twelve-step")],
        tags=[AssetTag(category="audience", tag=IMG)],
        schedules=[Schedule(weekday=0)],
    )
    refresh_attendance(asset)
    session.add(asset)
    session.flush()
    session.add(
        Feedback(
            asset_id=asset.id,
            kind="problem",
            category="other",
            message=LONG,
            reporter_email="reporter@private.example",
        )
    )
    session.flush()
    return asset


def add_private_listing(session) -> Asset:
    here = session.get(Postcode, "S401LP")
    venue = Venue(name="Quiet Room", postcode="S40 1LP", district_code=here.district_code)
    set_location(venue, here.lon, here.lat, "exact", "test")
    asset = Asset(
        slug="private-contact",
        name="Private Contact Meeting",
        kind="meeting",
        venue=venue,
        contact_private=True,
        domains=[AssetDomain(domain="twelve-step")],
        schedules=[Schedule(weekday=2)],
        **PRIVATE,
    )
    refresh_attendance(asset)
    session.add(asset)
    session.flush()
    return asset


@pytest.fixture
def site(reference_db, engine_for):
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        planted = {"xss": add_xss_listing(session).id, "private": add_private_listing(session).id}
        planted["district"] = session.get(Postcode, "S401LP").district_code
        for role in ("navigator", "commissioner", "admin"):
            create_user(session, f"{role}@example.org", role.title(), role, PASSWORD)
    app = make_test_app(reference_db)
    yield app, engine, planted
    app.extensions["mapapp.engine"].dispose()


def _values(rule, asset_id: int, district: str) -> dict | None:
    values = {}
    for name in rule.arguments:
        if name in ASSET_ARGUMENTS:
            values[name] = asset_id
        elif name in DISTRICT_ARGUMENTS:
            values[name] = district
        else:
            return None
    return values


def walk(app, asset_id: int, district: str, method: str = "GET", protected: bool = False):
    """Paths of every rule for `method` whose arguments can be filled, public rules or
    role-protected ones; argument-free GET pages also with a search near S40 1LP."""
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if (
                method not in rule.methods
                or rule.endpoint == "static"
                or rule.endpoint.startswith("vendor.")
            ):
                continue
            roles = getattr(app.view_functions[rule.endpoint], "_roles", None)
            if (roles is not None) != protected:
                continue
            values = _values(rule, asset_id, district)
            if values is None:
                continue
            path = url_for(rule.endpoint, **values)
            yield (path, roles) if protected else path
            if method == "GET" and not rule.arguments and not protected:
                yield f"{path}?{NEAR}"


def signed_in(app, engine, role: str):
    client = app.test_client()
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id).where(User.role == role))
    client = factories.signed_in(app, user_id)
    return client


# --- private contact details -----------------------------------------------------------------


def test_private_contact_details_appear_on_no_public_response(site):
    app, _engine, planted = site
    paths = list(walk(app, planted["private"], planted["district"]))
    assert {
        "/",
        f"/find?{NEAR}",
        f"/assets/{planted['private']}",
        f"/api/assets?{NEAR}",
        f"/api/assets/{planted['private']}",
        "/feeds/meeting-guide.json",
        f"/assets/{planted['private']}.ics",
        f"/gaps/{planted['district']}",
    } <= set(paths)
    client = app.test_client()
    shown_on = []
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        body = readable(response)
        for value in PRIVATE.values():
            assert value not in body, (path, value)
        assert "reporter@private.example" not in body, path
        if "Private Contact Meeting" in body:
            shown_on.append(path)
    # The listing itself is public: the walk did reach the pages that show it.
    assert {
        f"/find?{NEAR}",
        f"/assets/{planted['private']}",
        f"/api/assets?{NEAR}",
        "/feeds/meeting-guide.json",
    } <= set(shown_on)


def test_signed_in_workspace_pages_about_the_listing_show_its_private_contact(site):
    """Where a navigator works on one listing (the editor), its private contact is there
    to be kept up to date. Until such a page exists there is nothing to check."""
    app, engine, planted = site
    pages = [
        path
        for path, roles in walk(app, planted["private"], planted["district"], protected=True)
        if "navigator" in roles and str(planted["private"]) in path
    ]
    if not pages:
        pytest.skip("no workspace page shows one listing yet")
    client = signed_in(app, engine, "navigator")
    bodies = " ".join(client.get(path).get_data(as_text=True) for path in pages)
    assert PRIVATE["contact_email"] in bodies


# --- CSRF on every POST ----------------------------------------------------------------------


def _post_paths(app, planted):
    public = list(walk(app, planted["xss"], planted["district"], "POST"))
    protected = [
        path for path, _ in walk(app, planted["xss"], planted["district"], "POST", protected=True)
    ]
    return public + protected


def test_every_post_route_refuses_a_request_without_a_valid_token(site):
    app, engine, planted = site
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    paths = _post_paths(app, planted)
    assert {
        "/sign-in",
        "/sign-out",
        f"/assets/{planted['xss']}/report",
        "/workspace/import",
        "/workspace/users",
    } <= set(paths)
    assert not csrf._exempt_views and not csrf._exempt_blueprints  # nothing opted out
    with session_scope(engine) as session:
        reports = session.query(Feedback).count()
    for who in (None, "navigator", "admin"):
        client = app.test_client() if who is None else signed_in(app, engine, who)
        for path in paths:
            for data in (
                {"category": "closed", "role": "admin"},
                {"csrf_token": "forged", "category": "closed", "role": "admin"},
            ):
                refused = client.post(path, data=data)
                assert refused.status_code == 400, (who, path)
                assert "This form has expired" in refused.get_data(as_text=True), (who, path)
    with session_scope(engine) as session:
        assert session.query(Feedback).count() == reports
        assert {u.role for u in session.scalars(select(User))} == {
            "navigator",
            "commissioner",
            "admin",
        }


# --- headers -----------------------------------------------------------------------------------


def _check_headers(response, path):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    script = re.search(r"script-src ([^;]+)", policy)
    assert script and "'unsafe-inline'" not in script.group(1), path
    assert "'unsafe-eval'" not in policy and "frame-ancestors 'none'" in policy, path
    assert "default-src 'self'" in policy and "object-src 'none'" in policy, path
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("X-Frame-Options") == "DENY", path
    assert headers.get("Referrer-Policy") == "same-origin", path


def test_every_page_has_the_security_headers(site):
    app, engine, planted = site
    client = app.test_client()
    public = list(walk(app, planted["xss"], planted["district"]))
    for path in [*public, "/static/mapapp.css", "/no-such-page"]:
        with client.get(path) as response:
            _check_headers(response, path)
    admin = signed_in(app, engine, "admin")
    for path, _roles in walk(app, planted["xss"], planted["district"], protected=True):
        with admin.get(path) as response:
            _check_headers(response, path)


# --- stored markup, server side (the browser half runs it) ----------------------------------


def test_stored_markup_is_escaped_on_every_html_page(site):
    app, engine, planted = site
    public = [(app.test_client(), path) for path in walk(app, planted["xss"], planted["district"])]
    navigator = signed_in(app, engine, "navigator")
    admin = signed_in(app, engine, "admin")
    protected = [
        (admin if "admin" in roles else navigator, path)
        for path, roles in walk(app, planted["xss"], planted["district"], protected=True)
    ]
    html_pages, shown_escaped = 0, set()
    for client, path in public + protected:
        response = client.get(path)
        body = readable(response)
        if response.mimetype != "text/html":
            # Data (JSON, CSV, calendars) is never served as a page a browser would run.
            assert "html" not in response.mimetype, path
            continue
        html_pages += 1
        assert SCRIPT not in body and "<img src=x" not in body, path
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", body, re.I), path
        if "&lt;script&gt;alert(" in body:
            shown_escaped.add(path)
    assert html_pages >= 8
    # The markup did reach the pages that show the listing, as text.
    assert {
        f"/assets/{planted['xss']}",
        f"/find?{NEAR}",
        f"/assets/{planted['xss']}/report",
    } <= shown_escaped


# Template syntax in stored text: folium renders each map part's output again as a Jinja
# template (branca), so text that reached a map's script unescaped would run on the server.
JINJA = "{{ 'jinja' ~ 'evaluated' }}{% for c in 'ab' %}{{ c ~ 'looped' }}{% endfor %}"


def test_stored_template_syntax_is_shown_as_text_never_run(site):
    app, engine, planted = site
    with session_scope(engine) as session:
        here = session.get(Postcode, "S401LP")
        venue = Venue(name=JINJA, town=JINJA, postcode="S40 1LP", district_code=here.district_code)
        set_location(venue, here.lon + 0.001, here.lat, "exact", "test")
        asset = Asset(
            slug="template-probe",
            name=JINJA,
            kind="meeting",
            venue=venue,
            description=JINJA,
            domains=[AssetDomain(domain="twelve-step")],
            schedules=[Schedule(weekday=1)],
        )
        refresh_attendance(asset)
        session.add(asset)
        session.flush()
        probe = asset.id
    client = app.test_client()
    shown = set()
    for path in walk(app, probe, planted["district"]):
        response = client.get(path)
        assert response.status_code < 500, path
        body = readable(response)
        assert "jinjaevaluated" not in body and "alooped" not in body, path
        if "&#39;jinja&#39; ~ &#39;evaluated&#39;" in body or "'jinja' ~ 'evaluated'" in body:
            shown.add(path)
    assert {f"/assets/{probe}", f"/find?{NEAR}"} <= shown
