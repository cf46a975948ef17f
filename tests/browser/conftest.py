"""A live mapapp server and Debian's headless Chromium driven by Playwright.

Never `playwright install`: it downloads a browser, which fails offline. The tests use
/usr/bin/chromium from Debian's package (MAPAPP_CHROMIUM overrides the path).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_test_app

CHROMIUM = os.environ.get("MAPAPP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}. Install Debian's: 'apt-get install chromium' "
            "(make test does this), or set MAPAPP_CHROMIUM.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.app.extensions["mapapp.engine"].dispose()


@pytest.fixture
def live_server_for():
    """live_server_for(db_url, prepare=None) -> a running server; prepare(app) runs first."""
    started = []

    def start(url, prepare=None):
        app = make_test_app(url)
        if prepare:
            with app.app_context():
                prepare(app)
        server = LiveServer(app).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__()


@pytest.fixture
def page(browser):
    """A fresh page that refuses, and records, any request leaving this machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.outside_requests = []
    opened.errors = []
    opened.dialogs = []
    opened.tile_requests = []  # map tiles fetched (maps/tiles.py)
    opened.on(
        "request",
        lambda r: opened.tile_requests.append(r.url) if "/api/map/tiles/" in r.url else None,
    )

    def route(route_request):
        url = route_request.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            return route_request.continue_()
        opened.outside_requests.append(url)
        return route_request.abort()

    opened.route("**/*", route)
    opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    opened.on(
        "console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None
    )
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def sign_in(
    page, base_url: str, path: str, email: str, password: str, lands_on: str | None = None
) -> None:
    """Open ``path`` signed out, sign in on the form it leads to, and wait until the page
    after signing in (``path`` itself, unless ``lands_on`` says otherwise) has settled."""
    page.goto(base_url + path)
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(base_url + (lands_on or path))
    page.wait_for_load_state("networkidle")
