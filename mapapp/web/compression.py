"""Responses compressed when the client asks (brotli first, then gzip), and the app's own
static files fingerprinted and cached for a year.

Pages, JSON, GeoJSON, CSV, calendars, CSS and JavaScript shrink five- to tenfold: on a slow
phone connection that is most of the wait. Static files are compressed once per file version
and kept; pages are compressed as they go out. ``url_for('static', ...)`` adds ``v=`` (the
file's content hash), so a changed file gets a new address and an old one may be cached
forever (``immutable``).
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

COMPRESSIBLE = frozenset(
    (
        "text/html",
        "text/css",
        "text/csv",
        "text/calendar",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/vnd.oai.openapi+json",
        "image/svg+xml",
    )
)
MIN_BYTES = 512  # below this, the header costs more than it saves
STATIC_ENDPOINTS = ("static", "vendor.asset")
YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    app.after_request(compress)
    folder = Path(app.static_folder)

    @app.url_defaults
    def _fingerprint(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _file_version(str(folder / values["filename"]))
            if version:
                values["v"] = version


@lru_cache(maxsize=256)
def _file_version(path: str) -> str | None:
    """The first 10 hex digits of the file's SHA-256 (None if there is no such file).
    Kept for the process's life: static files change only with a new release."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]
    except OSError:
        return None


def chosen_encoding(accept: str) -> str | None:
    """'br' or 'gzip' from an Accept-Encoding header (q=0 refuses), or None."""
    offered = {}
    for part in accept.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    for encoding in ("br", "gzip"):
        if offered.get(encoding, offered.get("*", 0.0)) > 0:
            return encoding
    return None


def compress(response):
    static = request.endpoint in STATIC_ENDPOINTS
    if static and request.args.get("v"):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    if not _worth_compressing(response):
        return response
    response.vary.add("Accept-Encoding")
    encoding = chosen_encoding(request.headers.get("Accept-Encoding", ""))
    if encoding is None:
        return response
    if response.direct_passthrough:  # a file being sent: read it (static files are small)
        response.direct_passthrough = False
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    packed = (
        _packed_static(body, encoding, response.get_etag()[0] or "")
        if static
        else _pack(body, encoding)
    )
    response.set_data(packed)
    response.headers["Content-Encoding"] = encoding
    if response.get_etag()[0]:  # another representation: another validator
        response.set_etag(f"{response.get_etag()[0]}-{encoding}")
    return response


def _worth_compressing(response) -> bool:
    """A whole text body not yet encoded; a file being sent only when it is a static one
    (small, and compressed once per version)."""
    readable = not response.is_streamed or (
        response.direct_passthrough and request.endpoint in STATIC_ENDPOINTS
    )
    return (
        response.status_code == 200
        and "Content-Encoding" not in response.headers
        and response.mimetype in COMPRESSIBLE
        and readable
    )


def _pack(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.compress(body, quality=5)  # quick enough to do for every page
    return gzip.compress(body, compresslevel=6)


_STATIC_PACKED: dict[tuple[str, str], bytes] = {}


def _packed_static(body: bytes, encoding: str, etag: str) -> bytes:
    """A static file compressed once per version (its ETag) and encoding, at the highest
    level: it is sent many times."""
    key = (etag or hashlib.sha256(body).hexdigest(), encoding)
    packed = _STATIC_PACKED.get(key)
    if packed is None:
        if encoding == "br":
            import brotli

            packed = brotli.compress(body, quality=11)
        else:
            packed = gzip.compress(body, compresslevel=9)
        if len(_STATIC_PACKED) > 256:  # a bound, should a deployment serve many versions
            _STATIC_PACKED.clear()
        _STATIC_PACKED[key] = packed
    return packed
