"""The workspace dashboard page: the same counts as workspace/dashboard.py, both backends."""

import re

from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import User
from tests import factories
from tests.conftest import make_test_app
from tests.workspace import test_dashboard as counted
from tests.workspace.test_dashboard import (
    EXPECTED_DOMAINS,
    EXPECTED_FIRST,
    EXPECTED_NONE,
    EXPECTED_SECOND,
    EXPECTED_TOTAL,
    NOW,
)

known = counted.known  # the same hand-built listings, as a fixture here too


def _cells(html, attribute, key):
    row = re.search(rf'<tr {attribute}="{re.escape(key)}">(.*?)</tr>', html, re.S).group(1)
    return tuple(int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row))


def test_the_page_shows_the_same_counts_to_a_commissioner(known):
    url, engine, first, second = known
    app = make_test_app(url)
    app.config["CLOCK"] = lambda: NOW
    client = app.test_client()
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id))
    client = factories.signed_in(app, user_id)
    page = client.get("/workspace")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Signed in as Cam (commissioner)" in html
    assert _cells(html, "data-district", first) == EXPECTED_FIRST
    assert _cells(html, "data-district", second) == EXPECTED_SECOND
    assert _cells(html, "data-district", "none") == EXPECTED_NONE
    assert _cells(html, "data-district", "total") == EXPECTED_TOTAL
    assert _cells(html, "data-domain", "activities") == EXPECTED_DOMAINS["activities"]
    assert _cells(html, "data-domain", "treatment") == (0, 0, 0)
    assert 'href="/gaps"' in html and 'href="/find"' in html  # the workspace navigation
    assert "Unpublished: inactive" in html and "Unpublished: archived" in html
    # Read-only for commissioners: no import or user administration, and no forms at all
    # but the header's sign-out.
    assert "/workspace/import" not in html and "/workspace/users" not in html
    assert html.count("<form") == 1 and 'action="/sign-out"' in html
    app.extensions["mapapp.engine"].dispose()
