"""Import in the browser, on both backends: upload, the dry run's report, confirm or
cancel; size and type checks; a malformed file loads nothing; uploads are their owner's."""

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import Asset, IngestRun, User
from tests import factories
from tests.conftest import make_test_app
from tests.ingest.conftest import DATA, table_snapshot

PASSWORD = "correct horse battery"
MESSY = (DATA / "navigators_messy.csv").read_bytes()


@pytest.fixture
def site(reference_db, engine_for, tmp_path):
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        for email, role in (
            ("nav@example.org", "navigator"),
            ("other@example.org", "navigator"),
            ("admin@example.org", "admin"),
        ):
            create_user(session, email, email.split("@")[0].title(), role, PASSWORD)
    app = make_test_app(
        reference_db,
        IMPORT_UPLOAD_DIR=str(tmp_path / "uploads"),
        IMPORT_MAX_BYTES=20_000,
        MAX_CONTENT_LENGTH=60_000,
    )
    yield app, engine, tmp_path / "uploads"
    app.extensions["mapapp.engine"].dispose()


def _client(app, engine, email="nav@example.org"):
    client = app.test_client()
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id).where(User.email == email))
    client = factories.signed_in(app, user_id)
    return client


def _token(client) -> str:
    html = client.get("/workspace/import").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _upload(client, data=MESSY, filename="navigators_messy.csv", fmt="auto", source=""):
    return client.post(
        "/workspace/import",
        content_type="multipart/form-data",
        data={
            "csrf_token": _token(client),
            "format": fmt,
            "source": source,
            "file": (io.BytesIO(data), filename),
        },
    )


def _count(html, name) -> int:
    return int(
        re.search(rf'<tr data-count="{name}">.*?<td class="num">(\d+)</td>', html, re.S).group(1)
    )


def _upload_token(html) -> str:
    return re.search(r'action="/workspace/import/([A-Za-z0-9_-]{32})/confirm"', html).group(1)


def _listings(engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Asset))


def test_dry_run_report_then_confirm(site):
    app, engine, folder = site
    client = _client(app, engine)
    before = table_snapshot(engine)
    checked = _upload(client, source="Chesterfield navigators")
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "nothing has been saved yet" in html
    # The numbers the command line's dry run gives for this file (tests/ingest).
    assert [
        _count(html, n) for n in ("read", "inserted", "rejected", "needs_review", "skipped_lines")
    ] == [11, 9, 2, 3, 3]
    assert "no location and no online link" in html  # a rejected row's reason
    assert "Total: 3 groups" in html  # ... with the values it had in the file
    assert table_snapshot(engine) == before  # nothing saved
    token = _upload_token(html)
    assert [p.name for p in folder.iterdir()] == [token]

    done = client.post(f"/workspace/import/{token}/confirm", data={"csrf_token": _token(client)})
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "Import done" in html
    assert [_count(html, n) for n in ("read", "inserted", "rejected")] == [11, 9, 2]
    assert _listings(engine) == 9
    with session_scope(engine) as session:
        run = session.scalar(select(IngestRun))
        assert (run.source, run.started_by, run.status) == (
            "Chesterfield navigators",
            "nav@example.org",
            "completed",
        )
    assert list(folder.iterdir()) == []  # the upload is deleted once imported
    again = client.post(f"/workspace/import/{token}/confirm", data={"csrf_token": _token(client)})
    assert again.status_code == 404 and _listings(engine) == 9  # not twice


def test_cancel_deletes_the_upload_and_saves_nothing(site):
    app, engine, folder = site
    client = _client(app, engine)
    token = _upload_token(_upload(client).get_data(as_text=True))
    gone = client.post(f"/workspace/import/{token}/cancel", data={"csrf_token": _token(client)})
    assert gone.status_code == 302 and gone.headers["Location"] == "/workspace/import?cancelled=1"
    assert "Nothing was imported" in client.get(gone.headers["Location"]).get_data(as_text=True)
    assert list(folder.iterdir()) == [] and _listings(engine) == 0


def test_an_upload_is_its_owners_and_expires(site):
    app, engine, folder = site
    client = _client(app, engine)
    token = _upload_token(_upload(client).get_data(as_text=True))
    other = _client(app, engine, "other@example.org")
    stolen = other.post(f"/workspace/import/{token}/confirm", data={"csrf_token": _token(other)})
    assert stolen.status_code == 404 and "Upload the file again" in stolen.get_data(as_text=True)
    assert (
        other.post(
            f"/workspace/import/{token}/cancel", data={"csrf_token": _token(other)}
        ).status_code
        == 404
    )
    assert [p.name for p in folder.iterdir()] == [token]  # still there for its owner
    assert (
        client.post(
            "/workspace/import/..%2F..%2Fetc/confirm", data={"csrf_token": _token(client)}
        ).status_code
        == 404
    )
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1, minutes=1)
    app.config["CLOCK"] = lambda: later
    expired = client.post(f"/workspace/import/{token}/confirm", data={"csrf_token": _token(client)})
    assert expired.status_code == 404 and list(folder.iterdir()) == []
    assert _listings(engine) == 0


def _field_error(response) -> str:
    return re.search(
        r'<span class="field-error" id="file-error">(.*?)</span>',
        response.get_data(as_text=True),
        re.S,
    ).group(1)


@pytest.mark.parametrize(
    "data, filename, fmt, message",
    [
        (b"not a zip", "listings.xlsx", "auto", "is not an Excel workbook"),
        (b'{"name": "x",', "feed.json", "auto", "is not valid JSON"),
        (b"PK\x03\x04binary", "listings.csv", "auto", "is not text"),
        (MESSY, "listings.exe", "auto", "Choose a .csv, .xlsx or .json file"),
        (MESSY, "listings.csv", "xlsx", "A .csv file cannot be xlsx"),
        (b"", "listings.csv", "auto", "The file is empty"),
        (b"a" * 20_001, "listings.csv", "auto", "The file is 20,001 bytes; the limit is 20,000."),
        # Readable as JSON, but not a Meeting Guide feed: the importer's own reason.
        (b'{"meetings": 3}', "feed.json", "meeting-guide", "feed.json: "),
    ],
)
def test_a_bad_file_gets_a_reason_by_the_field_and_loads_nothing(
    site, data, filename, fmt, message
):
    app, engine, folder = site
    client = _client(app, engine)
    before = table_snapshot(engine)
    refused = _upload(client, data, filename, fmt)
    assert refused.status_code == 400
    assert message in _field_error(refused)
    assert table_snapshot(engine) == before
    assert not folder.exists() or list(folder.iterdir()) == []
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(IngestRun)) == 0


def test_a_request_over_the_size_limit_gets_a_page_that_says_so(site):
    app, engine, _folder = site
    client = _client(app, engine)
    refused = _upload(client, b"a" * 200_000)  # past the file's limit and its form's room
    html = refused.get_data(as_text=True)
    assert refused.status_code == 413
    assert "Files for import may be up to 0.02 MB" in html and "mapapp ingest" in html


def test_missing_file_and_unknown_format(site):
    app, engine, _ = site
    client = _client(app, engine)
    refused = client.post(
        "/workspace/import",
        data={"csrf_token": _token(client), "format": "pdf", "source": "x" * 121},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Choose the file to import." in html and "Choose one of the formats listed." in html
    assert "Keep the source name under 120 characters." in html


def test_the_dashboard_links_to_the_import_for_navigators(site):
    app, engine, _ = site
    html = _client(app, engine).get("/workspace").get_data(as_text=True)
    assert '<a href="/workspace/import">Import a file</a>' in html
    assert "/workspace/users" not in html
    admin = _client(app, engine, "admin@example.org").get("/workspace").get_data(as_text=True)
    assert '<a href="/workspace/users">Users</a>' in admin


def test_upload_folder_is_private(site):
    app, engine, folder = site
    _upload(_client(app, engine))
    (place,) = folder.iterdir()
    assert place.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in place.iterdir()) == [".note.json", "navigators_messy.csv"]
