"""/workspace/exports: the download page and one file per format, for signed-in staff."""

import pytest
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import User
from mapapp.publish import exports
from mapapp.publish.exports import ExportUnavailable
from tests import factories
from tests.conftest import make_test_app
from tests.publish.conftest import exports_db  # noqa: F401 — the hand-built listings


@pytest.fixture
def staff(exports_db, engine_for):  # noqa: F811
    with session_scope(engine_for(exports_db)) as session:
        create_user(session, "nav@example.org", "Nav", "navigator", "correct horse battery")
        user_id = session.scalar(select(User.id))
    app = make_test_app(exports_db)
    client = app.test_client()
    client = factories.signed_in(app, user_id)
    yield client
    app.extensions["mapapp.engine"].dispose()


def test_the_page_links_every_format(staff):
    html = staff.get("/workspace/exports").get_data(as_text=True)
    for fmt in ("meeting-guide", "oruk", "geojson", "csv", "gpkg"):
        assert f'href="/workspace/exports/{fmt}"' in html
    assert 'href="/workspace/exports"' in staff.get("/workspace").get_data(as_text=True)


@pytest.mark.parametrize(
    "fmt, media_type, start",
    [
        ("csv", "text/csv", b"ID,Name,Kind"),
        ("geojson", "application/geo+json", b"{"),
        ("meeting-guide", "application/json", b"["),
        ("gpkg", "application/geopackage+sqlite3", b"SQLite format 3"),
    ],
)
def test_each_download(staff, fmt, media_type, start):
    response = staff.get(f"/workspace/exports/{fmt}")
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.data.startswith(start)
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")


def test_unknown_and_unavailable_formats(staff, monkeypatch):
    response = staff.get("/workspace/exports/kml")
    assert response.status_code == 404 and "no export called" in response.get_data(as_text=True)

    def missing(session, site):
        raise ExportUnavailable("The Open Referral UK export is not available yet.")

    monkeypatch.setattr(exports, "_oruk_document", missing)
    response = staff.get("/workspace/exports/oruk")
    assert response.status_code == 501
    assert "not available yet" in response.get_data(as_text=True)
