"""Organisations on both backends: a navigator marks one lived-experience led with its
evidence; the public page shows the badge, the evidence, the charity register link and only
its public listings; a flag without evidence, a wrong charity number or a future audit date
are refused with a message and nothing saved; stored names stay text; only navigators and
administrators edit."""

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import Organisation
from tests import factories
from tests.conftest import make_test_app
from tests.factories import BUXTON

EVIL = '<img src=x onerror="window.__xss=1">'


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        ids = {role: factories.user(session, role) for role in ("navigator", "commissioner")}
        organisation = Organisation(name="Peers Together")
        session.add(organisation)
        session.flush()
        for name, status in (("Peer Walk", "active"), ("Old Group", "archived")):
            factories.listing(session, name, at=BUXTON, status=status).organisation = organisation
        ids["organisation"] = organisation.id
    app = make_test_app(schema_db)
    yield app, engine, ids
    app.extensions["mapapp.engine"].dispose()


def _save(client, path, **fields):
    form = {"csrf_token": factories.token(client, path), "name": "Peers Together", **fields}
    return client.post(path, data=form)


def test_a_navigator_marks_a_lero_with_evidence_and_the_public_page_shows_it(site):
    app, engine, ids = site
    client = factories.signed_in(app, ids["navigator"])
    path = f"/workspace/organisations/{ids['organisation']}"
    done = _save(
        client,
        path,
        lero="1",
        charity_number="1 123 456",
        quality_standards="Peer-led quality mark, 2025",
        last_peer_audit="14/03/2026",
        website="https://peers.example.org",
    )
    assert done.status_code == 303 and done.headers["Location"].endswith(
        f"/workspace/organisations?saved={ids['organisation']}"
    )
    with session_scope(engine) as session:
        stored = session.get(Organisation, ids["organisation"])
        assert (stored.lero, stored.charity_number, str(stored.last_peer_audit)) == (
            True,
            "1123456",
            "2026-03-14",
        )
        assert stored.updated_by == "navigator@example.org" and stored.updated_at is not None
    listed = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Peers Together" in listed and "Saved." in listed
    page = app.test_client().get(f"/organisations/{ids['organisation']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Lived-experience led" in html
    assert "Peer-led quality mark, 2025" in html and "14 March 2026" in html
    assert "charity-details/1123456" in html
    assert "Peer Walk" in html and "Old Group" not in html  # only what the public may see
    assert "1 listing<" in html


@pytest.mark.parametrize(
    "fields, field, says",
    [
        ({"lero": "1"}, "lero", "Say what shows it is lived-experience led"),
        ({"charity_number": "12345"}, "charity_number", "6 to 8 digits in England and Wales"),
        ({"charity_number": "SC01234"}, "charity_number", "SC and 6 digits in Scotland"),
        ({"last_peer_audit": "31/02/2026"}, "last_peer_audit", "Give the date as 31/01/2026"),
        ({"last_peer_audit": "2099-01-01"}, "last_peer_audit", "cannot be in the future"),
        ({"website": "peers dot org"}, "website", "starting https://"),
        ({"name": ""}, "name", "Give the name of the organisation"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(site, fields, field, says):
    app, engine, ids = site
    client = factories.signed_in(app, ids["navigator"])
    answer = _save(client, f"/workspace/organisations/{ids['organisation']}", **fields)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and says in html and f'href="#{field}-field"' in html
    with session_scope(engine) as session:
        stored = session.get(Organisation, ids["organisation"])
        assert (stored.lero, stored.charity_number, stored.updated_at) == (False, None, None)


def test_a_new_organisation_and_a_stored_name_stays_text(site):
    app, engine, ids = site
    client = factories.signed_in(app, ids["navigator"])
    done = _save(client, "/workspace/organisations/new", name=EVIL, charity_number="SC012345")
    assert done.status_code == 303
    with session_scope(engine) as session:
        new = session.scalar(select(Organisation).where(Organisation.name == EVIL))
        assert new.charity_number == "SC012345"
    html = app.test_client().get(f"/organisations/{new.id}").get_data(as_text=True)
    assert EVIL not in html and "&lt;img src=x" in html
    assert "oscr.org.uk" in html and "0 listings" in html


@pytest.mark.parametrize("role", [None, "commissioner"])
def test_only_navigators_and_administrators_edit(site, role):
    app, _engine, ids = site
    client = factories.signed_in(app, ids[role]) if role else app.test_client()
    path = f"/workspace/organisations/{ids['organisation']}"
    for answer in (client.get(path), client.get("/workspace/organisations")):
        assert answer.status_code in ((302, 303) if role is None else (403,))


def test_an_organisation_that_does_not_exist_is_a_404(site):
    app, _engine, ids = site
    client = factories.signed_in(app, ids["navigator"])
    for path in ("/organisations/999999", "/workspace/organisations/99999999999999999999"):
        assert client.get(path).status_code == 404, path
    says = client.get("/organisations/999999").get_data(as_text=True)
    assert "There is no organisation 999999" in says
