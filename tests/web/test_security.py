"""Security headers and the CSP nonce on every response (Flask client)."""

import re

import pytest

from mapapp.web.security import content_security_policy
from tests.conftest import make_test_app


@pytest.fixture
def client(demo_db):
    app = make_test_app(demo_db)
    yield app.test_client()
    app.extensions["mapapp.engine"].dispose()


@pytest.mark.parametrize(
    "path",
    ["/", "/find?near=S40+1LP&radius_km=5", "/gaps", "/api/assets?near=Derby", "/no-such-page"],
)
def test_every_response_has_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert (
        "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("style-src-attr")[0]
    )  # never for scripts or style sheets
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_inline_map_scripts_carry_this_responses_nonce(client):
    nonces = []
    for _ in range(2):
        response = client.get("/find?near=S40+1LP&radius_km=5")
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
        html = response.get_data(as_text=True)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # a new one for every response


@pytest.mark.parametrize(
    "tiles, origin",
    [
        ("", None),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("javascript:alert(1)", None),
    ],
)
def test_configured_tiles_are_the_only_outside_images(tiles, origin):
    images = re.search(r"img-src ([^;]+)", content_security_policy("n", tiles))[1].split()
    assert images == ["'self'", "data:"] + ([origin] if origin else [])
