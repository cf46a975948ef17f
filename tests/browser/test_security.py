"""The Content-Security-Policy in a real browser: the maps draw, injected script does not."""

import pytest

from tests.browser.test_finder import server  # noqa: F401 — the finder's live server
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

pytestmark = pytest.mark.browser


def test_only_the_pages_own_scripts_run(server, page):  # noqa: F811
    page.goto(server.url + "/find?near=S40+1LP&radius_km=5")
    page.wait_for_selector(".folium-map[data-assets-drawn]")  # the nonced map script ran
    assert page.errors == []
    # Script that reached the page without this response's nonce (as stored markup would,
    # were it ever let through unescaped) is refused by the browser.
    page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.body.appendChild(s);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.injected = true');
        img.src = '/no-such-image.png';
        document.body.appendChild(img);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected === undefined")
    assert any("Content Security Policy" in e for e in page.errors)
