"""For every row, how it was read: each field and the column or phrase it came from, in
the command line's report (text and JSON) and in the web import's dry run."""

import io
import json
import re

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.models import User
from tests.conftest import make_test_app
from tests.factories import signed_in, user

SHEET = """Group name,When,Where,PC,Website / Zoom,Notes,Date checked
Buxton Tuesday Night AA,Tuesday 7.30pm - 9pm,St John's Church Hall,SK17 6HX,,Open meeting,12/10/2026
Chapel AA,Fri 8pm,Chapel Methodist Church,SK23 OHS,,,20/10/26
New Mills Zoom AA,Friday 12 noon,,,meet.google.com/abc-defg-hij,Zoom only,12/11/2026
Whaley Bridge NA,Tuesday 7-9,Mechanics Institute,SK23 7LT,,,12/10/2026
"""


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "high_peak.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def test_the_command_line_says_how_each_row_was_read(reference_db, sheet, tmp_path):
    app = make_test_app(reference_db)
    out = tmp_path / "report.json"
    result = app.test_cli_runner().invoke(args=["ingest", str(sheet), "--report", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "row 2: published" in text
    assert "every Tuesday, 19:30–21:00  ← column 'When'" in text
    assert "'SK23 OHS' corrected to SK23 0HS" in text
    assert "row 4: published" in text and "no place (online)" in text
    assert "'meet.google.com/abc-defg-hij' in column 'Website / Zoom'" in text
    assert re.search(
        r"row 5: held — schedule 'Tuesday 7-9': '7-9' could be morning or "
        r"evening",
        text,
    )
    assert "last checked 2026-10-12  ← column 'Date checked'" in text
    report = json.loads(out.read_text())
    rows = {row["row"]: row for row in report["rows"]}
    assert rows["5"]["outcome"] == "held" and report["held"] == 1
    read = {r["field"]: (r["value"], r["from"]) for r in rows["3"]["read"]}
    assert read["where"][0] == "SK23 0HS (postcode)"
    app.extensions["mapapp.engine"].dispose()


def test_the_web_dry_run_shows_how_each_row_was_read(reference_db, engine_for, sheet, tmp_path):
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        user(session, "navigator")
        navigator = session.scalar(select(User.id))
    app = make_test_app(reference_db, IMPORT_UPLOAD_DIR=str(tmp_path / "uploads"))
    client = signed_in(app, navigator)
    form = client.get("/workspace/import").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    page = client.post(
        "/workspace/import",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf,
            "format": "auto",
            "source": "",
            "file": (io.BytesIO(sheet.read_bytes()), "high_peak.csv"),
        },
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "How each row was read" in html
    assert "every Tuesday, 19:30–21:00" in html and "column &#39;When&#39;" in html
    assert "&#39;SK23 OHS&#39; corrected to SK23 0HS" in html
    assert "could be morning or evening" in html
    assert re.search(r'<tr data-count="held">.*?<td class="num">1</td>', html, re.S)
    app.extensions["mapapp.engine"].dispose()
