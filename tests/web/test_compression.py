"""Compression when the client asks, and static files fingerprinted and cached a year."""

import gzip
import re

import brotli
import pytest

from mapapp.web.compression import chosen_encoding
from tests.conftest import make_test_app


@pytest.mark.parametrize(
    "accept, chosen",
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("identity", None),
        ("*", "br"),
        ("*;q=0", None),
        ("", None),
        ("gzip;q=nonsense", None),
    ],
)
def test_the_encoding_the_client_accepts(accept, chosen):
    assert chosen_encoding(accept) == chosen


@pytest.fixture
def client(demo_db):
    app = make_test_app(demo_db)
    yield app.test_client()
    app.extensions["mapapp.engine"].dispose()


@pytest.mark.parametrize("encoding, unpack", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_and_json_are_compressed_and_unpack_to_the_same_bytes(client, encoding, unpack):
    for path in ("/find?near=DE4+3NN", "/api/assets?near=DE4+3NN", "/feeds/meeting-guide.json"):
        plain = _same_every_time(client.get(path).get_data())
        packed = client.get(path, headers={"Accept-Encoding": encoding})
        assert packed.headers["Content-Encoding"] == encoding, path
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert _same_every_time(unpack(packed.get_data())) == plain
        assert len(packed.get_data()) * 4 < len(plain), path  # at least fourfold smaller


def _same_every_time(body: bytes) -> bytes:
    """A page without what differs on every request: the map's element ids, the nonce."""
    body = re.sub(rb"_[0-9a-f]{32}(?![0-9a-f])", b"_ID", body)
    return re.sub(rb'nonce(=|-)"?[A-Za-z0-9_\-]+', b"nonce", body)


def test_static_files_carry_their_version_and_are_cached_a_year(client):
    html = client.get("/").get_data(as_text=True)
    address = re.search(r'href="(/static/mapapp\.css\?v=[0-9a-f]{10})"', html)[1]
    answer = client.get(address, headers={"Accept-Encoding": "br"})
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert answer.headers["Content-Encoding"] == "br"
    assert b".help-now" in brotli.decompress(answer.get_data())
    assert answer.headers["ETag"].endswith('-br"')  # another representation, another tag
    answer.close()
    with client.get("/static/mapapp.css") as unversioned:
        assert "immutable" not in unversioned.headers.get("Cache-Control", "")
