"""Hole 3: no request body is read past its limit. An anonymous 300 MB POST to a public
form, and a 314 MB upload to the import page, get a 413 before their bodies are read,
whether they declare their length or arrive chunked (no length). The bodies are
streamed from generators, so the test itself holds none of them. Both backends."""

import json

import pytest

from tests.conftest import make_test_app
from tests.web.hostile import Body, add_user, csrf_token, sign_in, stream_post

MB = 1_000_000
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    add_user(engine, "navigator")
    app = make_test_app(schema_db)
    yield app
    app.extensions["mapapp.engine"].dispose()


def _suggestion(size: int) -> Body:
    return Body(size, head=b"name=", fill=b"a")


def test_the_limit_is_really_set(site):
    limit = site.config["MAX_CONTENT_LENGTH"]
    assert isinstance(limit, int) and 0 < limit <= 2 * MB


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
def test_a_huge_public_post_is_refused_before_it_is_read(site, chunked):
    body = _suggestion(300 * MB)
    answer = stream_post(site, "/suggest", body, FORM, chunked=chunked)
    assert answer.status_code == 413
    page = answer.get_data(as_text=True)
    assert "too large" in page.lower() and "Traceback" not in page
    # Declared too long: nothing read. Chunked: read only up to the limit, then refused.
    assert body.sent <= (0 if not chunked else site.config["MAX_CONTENT_LENGTH"] + 65536)


def test_a_post_over_the_limit_by_one_byte_is_refused_and_at_the_limit_is_not(site):
    limit = site.config["MAX_CONTENT_LENGTH"]
    over = stream_post(site, "/suggest", _suggestion(limit + 1), FORM)
    assert over.status_code == 413
    # At the limit the form is read, then refused for its missing CSRF token: not a 413.
    at = stream_post(site, "/suggest", _suggestion(limit), FORM)
    assert at.status_code == 400


def test_a_chunked_post_just_over_the_limit_is_refused_not_truncated(site):
    """Werkzeug's form parser stops quietly at the limit of a chunked body and parses
    what it read: the request must be refused, not handled with a cut-off form."""
    limit = site.config["MAX_CONTENT_LENGTH"]
    answer = stream_post(site, "/suggest", _suggestion(limit + 10), FORM, chunked=True)
    assert answer.status_code == 413


def test_api_clients_get_json(site):
    answer = stream_post(
        site, "/suggest", _suggestion(50 * MB), FORM, headers={"Accept": "application/json"}
    )
    assert answer.status_code == 413
    body = json.loads(answer.get_data(as_text=True))
    assert body["status"] == 413 and "too large" in body["error"].lower()


def _multipart(size: int) -> tuple[Body, str]:
    boundary = "----hostile"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\nauto\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\nGroup name,Town\r\n'
    )
    tail = f"\r\n--{boundary}--\r\n".encode()
    return (
        Body(size, head=head.encode(), fill=b"x,y\r\n", tail=tail),
        f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
def test_a_314_mb_import_upload_is_refused_before_it_is_read(site, chunked):
    client = site.test_client()
    assert sign_in(client, "navigator@example.org").status_code == 302
    body, content_type = _multipart(314 * MB)
    answer = stream_post(
        site, "/workspace/import", body, content_type, chunked=chunked, client=client
    )
    assert answer.status_code == 413
    page = answer.get_data(as_text=True)
    assert "5 MB" in page and "mapapp ingest" in page
    allowed = site.config["IMPORT_MAX_BYTES"] + MB
    assert body.sent <= (0 if not chunked else allowed + 65536)


def test_an_upload_under_its_limit_is_read_although_it_is_over_the_form_limit(site):
    """The import page's limit is the file limit, not the public forms' limit."""
    client = site.test_client()
    sign_in(client, "navigator@example.org")
    size = site.config["MAX_CONTENT_LENGTH"] + 100_000
    assert size < site.config["IMPORT_MAX_BYTES"]
    body, content_type = _multipart(size)
    answer = stream_post(site, "/workspace/import", body, content_type, client=client)
    assert answer.status_code != 413
    assert body.sent == size


def test_an_ordinary_form_still_works(site):
    client = site.test_client()
    sent = client.post(
        "/suggest",
        data={
            "csrf_token": csrf_token(client, "/suggest"),
            "name": "Thursday Walk",
            "kind": "activity",
            "town": "Matlock",
        },
    )
    assert sent.status_code == 200
