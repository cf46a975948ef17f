"""The Meeting Guide feed in the finder intergroups really embed: TSML UI's own bundle
(../shared/peers/tsml-ui, see its README; served from that folder, never copied into the
project) on a page of its own origin, reading /feeds/meeting-guide.json across origins from a
live mapapp, with the tsml_react_config snippet the docs give. Every entry becomes a row,
every type code has a label, and TSML UI warns about nothing."""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_DIR
from tests.publish.test_meeting_guide_standard import DOCS, SPEC, documented_custom_types
from tests.standards_listings import MONDAY_NOON

pytestmark = pytest.mark.browser
TSML_UI = Path(
    os.environ.get("MAPAPP_TSML_UI_DIR", Path(REFERENCE_DIR).parent / "peers" / "tsml-ui")
)
# TSML UI's settings.in_person_types: it drops these from meetings not attended in person.
IN_PERSON_TYPES = {"BA", "BRK", "CAN", "CF", "AL-AN", "AL", "FF", "OUT", "SM", "X", "XB"}
ROWS = "#tsml-ui table tbody tr"


def _snippet() -> str:
    text = DOCS.read_text()
    match = re.search(r"<script>\nvar tsml_react_config = .*?</script>", text, re.S)
    assert match, f"{DOCS} has no tsml_react_config snippet"
    return match.group(0)


class FinderPage:
    """A page that embeds TSML UI (served from the peer folder) reading ``feed_url``."""

    def __init__(self, feed_url: str):
        app_js = TSML_UI / "app.js"
        if not app_js.is_file():
            pytest.fail(
                f"No TSML UI bundle at {app_js}: set MAPAPP_TSML_UI_DIR to the folder "
                "holding its app.js (../shared/peers/tsml-ui).",
                pytrace=False,
            )
        page = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Meetings'
            f'</title></head><body>{_snippet()}<div id="tsml-ui" data-src="{feed_url}" '
            'data-timezone="Europe/London"></div><script src="/app.js" async></script>'
            "</body></html>"
        ).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — the http.server interface
                body, kind = (
                    (app_js.read_bytes(), "text/javascript")
                    if self.path.startswith("/app.js")
                    else (page, "text/html")
                )
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def finder_for(live_server_for):
    """finder_for(db_url) -> (feed entries, TSML UI page URL) over a live mapapp."""
    opened = []

    def start(db_url):
        server = live_server_for(db_url, prepare=_frozen)
        with urllib.request.urlopen(server.url + "/feeds/meeting-guide.json") as response:
            feed = json.load(response)  # as the finder reads it, with the server's URLs
        finder = FinderPage(server.url + "/feeds/meeting-guide.json")
        opened.append(finder)
        return feed, finder.url

    yield start
    for finder in opened:
        finder.close()


def _frozen(app):
    app.config["CLOCK"] = lambda: MONDAY_NOON


def _load_every_row(page, url: str, expected: int) -> list[str]:
    """Open the finder and scroll until it has rendered ``expected`` rows (it adds rows as
    the list is scrolled); the slugs the rows link to."""
    warnings = []
    page.on(
        "console",
        lambda m: (
            warnings.append(m.text)
            if m.type == "warning" and m.text.startswith("TSML UI")
            else None
        ),
    )
    page.goto(url)
    page.wait_for_selector(ROWS)
    while page.locator(ROWS).count() < expected:
        shown = page.locator(ROWS).count()
        page.mouse.wheel(0, 20000)
        page.wait_for_function(f"document.querySelectorAll('{ROWS}').length > {shown}")
    assert warnings == [], warnings  # no entry skipped or doubted
    hrefs = page.eval_on_selector_all(
        f"{ROWS} td.tsml-name a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href.removeprefix("#/") for href in hrefs]


def _type_labels(page) -> set[str]:
    """The labels of TSML UI's type filter: every type it knows a label for."""
    return set(
        page.eval_on_selector_all(
            "#type ~ .tsml-dropdown .tsml-dropdown__button span:first-child",
            "spans => spans.map(s => s.textContent)",
        )
    )


def _shown(entry) -> bool:
    """Whether TSML UI keeps the entry's in-person-only types (it is attended in person)."""
    return entry.get("approximate") == "no" and "TC" not in entry.get("types", [])


def _words(code: str) -> str:
    return SPEC.get(code) or documented_custom_types()[code]


def _check_rows_and_labels(page, feed, url) -> None:
    slugs = _load_every_row(page, url, len(feed))
    assert sorted(slugs) == sorted(entry["slug"] for entry in feed)
    labels = _type_labels(page)
    for entry in feed:
        codes = set(entry.get("types", []))
        if not _shown(entry):
            codes -= IN_PERSON_TYPES
        if {"SP", "D"} <= codes:  # TSML UI shows the pair as "Speaker/Discussion"
            codes -= {"SP", "D"}
        assert {_words(code) for code in codes} <= labels, (entry["name"], codes)
    assert "Fragrance Free" not in labels


def test_the_demo_meetings_are_rows_and_their_types_have_labels(finder_for, page, demo_db):
    feed, url = finder_for(demo_db)
    assert len(feed) > 150
    _check_rows_and_labels(page, feed, url)


def test_the_hand_built_meetings_are_rows_with_their_types_in_words(finder_for, page, standards_db):
    feed, url = finder_for(standards_db[0])
    assert len(feed) >= 10
    _check_rows_and_labels(page, feed, url)
    for entry in feed:  # each meeting's own page lists its types in words
        if not entry.get("types"):
            continue
        page.goto(f"{url}#/{entry['slug']}")
        page.reload()
        items = page.locator("#tsml-ui h2:has-text('Meeting Information') ~ ul li")
        items.first.wait_for()
        codes = set(entry["types"]) - (set() if _shown(entry) else IN_PERSON_TYPES)
        assert {_words(code) for code in codes} <= set(items.all_text_contents()), entry


def test_a_monthly_meeting_leads_to_its_dates(finder_for, page, standards_db):
    feed, url = finder_for(standards_db[0])
    [monthly] = [e for e in feed if e["name"] == "Sheffield Third Wednesday"]
    page.goto(f"{url}#/{monthly['slug']}")
    page.locator("#tsml-ui h2:has-text('Meeting Information')").wait_for()
    assert "Every 3rd Wednesday of the month" in page.inner_text("#tsml-ui")
    # TSML UI never shows `url`; `website` is its way to the listing page and the dates.
    assert page.locator(f"#tsml-ui a[href='{monthly['url']}']").count() == 1
