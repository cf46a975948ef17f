"""A page's HTML as a PDF (WeasyPrint, with Pango from the system packages the set-up
installs), for taking the gap analysis to a meeting.

The page's print stylesheet lays it out (A4 landscape). Only the app's own stylesheets and
images are fetched, from the package folder: a PDF is made with no network request, and
nothing in the page can make the server fetch a URL.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

BASE_URL = "https://mapapp.invalid/"  # never resolved: every fetch is answered from disk
STATIC = Path(__file__).resolve().parent.parent / "static"
STATIC_PREFIX = "/static/"


class NotOurs(Exception):
    """A URL the PDF may not fetch (WeasyPrint leaves that resource out)."""


def static_file(url: str) -> tuple[bytes, str]:
    """(content, media type) of one of the app's static files, by its URL on BASE_URL;
    NotOurs for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(STATIC_PREFIX):
        raise NotOurs(url)
    path = (STATIC / parts.path[len(STATIC_PREFIX) :]).resolve()
    if STATIC not in path.parents or not path.is_file():
        raise NotOurs(url)
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def html_to_pdf(html: str) -> bytes:
    # Imported when used: it loads Pango.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body, media_type = static_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": media_type})

    # WeasyPrint reports each resource it leaves out (the vendored map scripts, say) as a
    # warning; those are expected here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnly()).write_pdf()
