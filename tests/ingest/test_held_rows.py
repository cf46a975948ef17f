"""A row with any part not understood is stored and held: not in the finder, the API, the
feeds, the calendars or the gap analysis until a navigator confirms it; the review queue
shows the phrase, what was understood and what was not. A setting publishes flagged rows
for those who want that. Both backends."""

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.ingest import run_ingest
from mapapp.models import Asset
from tests.conftest import make_test_app, reference_settings
from tests.factories import signed_in, token, user

SHEET = """Group name,Day,Time,Venue,Town,Postcode,Notes,Last checked
Matlock Monday AA,Monday,7.30pm,All Saints Church Hall,Matlock,DE4 3WP,,03/11/2026
Matlock Breakfast AA,Saturday,7.30,Matlock Methodist,Matlock,DE4 3AG,,03/11/2026
Matlock Online AA,Sunday,7pm,,Matlock,,Online only - link from secretary,
"""
MATLOCK = "E07000035"  # Derbyshire Dales


@pytest.fixture
def imported(reference_db, engine_for, tmp_path):
    path = tmp_path / "dales.csv"
    path.write_text(SHEET, encoding="utf-8")
    engine = engine_for(reference_db)

    def run(**settings):
        report = run_ingest(engine, reference_settings(**settings), path)
        with session_scope(engine) as session:
            ids = {a.name: a.id for a in session.scalars(select(Asset))}
        return report, ids

    apps = []

    def app():
        apps.append(make_test_app(reference_db))
        return apps[-1]

    run.engine, run.url, run.app = engine, reference_db, app
    yield run
    for made in apps:  # close each app's pool: an open connection must not outlive the test
        made.extensions["mapapp.engine"].dispose()


def _public_text(app) -> str:
    """Every public way a listing can be seen, joined: finder, API, feeds, calendars."""
    client = app.test_client()
    pages = [
        "/find?near=Matlock",
        "/api/assets?near=Matlock",
        "/feeds/meeting-guide.json",
        "/openreferral/services",
        "/find.ics?near=Matlock",
        f"/districts/{MATLOCK}.ics",
    ]
    return "\n".join(client.get(page).get_data(as_text=True) for page in pages)


def test_doubtful_rows_are_stored_held_and_reported(imported):
    report, ids = imported()
    outcomes = {row.key: (row.outcome, row.reason) for row in report.rows}
    assert outcomes["2"] == ("published", None)
    assert outcomes["3"][0] == "held" and "could be morning or evening" in outcomes["3"][1]
    assert outcomes["4"][0] == "held" and "no link or dial-in" in outcomes["4"][1]
    with session_scope(imported.engine) as session:
        statuses = {a.name: (a.status, a.needs_review) for a in session.scalars(select(Asset))}
    assert statuses == {
        "Matlock Monday AA": ("active", False),
        "Matlock Breakfast AA": ("held", True),
        "Matlock Online AA": ("held", True),
    }


def test_held_rows_are_nowhere_public(imported):
    _report, ids = imported()
    app = imported.app()
    text = _public_text(app)
    assert "Matlock Monday AA" in text
    assert "Matlock Breakfast AA" not in text and "Matlock Online AA" not in text
    client = app.test_client()
    assert client.get(f"/assets/{ids['Matlock Breakfast AA']}").status_code == 404
    assert client.get(f"/api/assets/{ids['Matlock Breakfast AA']}").status_code == 404
    counted = client.get("/api/gaps").get_json()
    assert "Matlock Breakfast AA" not in str(counted)


def test_the_review_queue_shows_the_phrase_and_a_navigator_confirms(imported):
    _report, ids = imported()
    app = imported.app()
    with session_scope(imported.engine) as session:
        navigator = user(session, "navigator")
    client = signed_in(app, navigator)
    html = client.get("/workspace/queues/review").get_data(as_text=True)
    assert "Matlock Breakfast AA" in html
    assert (
        "&#39;7.30&#39; could be morning or evening" in html
        or "'7.30' could be morning or evening" in html
    )
    held = ids["Matlock Breakfast AA"]
    done = client.post(
        f"/workspace/queues/review/{held}/reviewed", data={"csrf_token": token(client)}
    )
    assert done.status_code == 302
    with session_scope(imported.engine) as session:
        asset = session.get(Asset, held)
        assert (asset.status, asset.needs_review) == ("active", False)


def test_a_setting_publishes_flagged_rows_marked_for_review(imported):
    report, _ids = imported(INGEST_PUBLISH_FLAGGED=True)
    outcomes = {row.key: row.outcome for row in report.rows}
    assert (outcomes["2"], outcomes["3"]) == ("published", "published")
    with session_scope(imported.engine) as session:
        flagged = session.scalar(select(Asset).where(Asset.name == "Matlock Breakfast AA"))
        assert (flagged.status, flagged.needs_review) == ("active", True)
