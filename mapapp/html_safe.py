"""Escaping for text that folium puts into HTML inside JavaScript template literals.

folium inserts popup HTML and tooltip text raw into `...` template literals, and
GeoJsonTooltip writes properties with innerHTML. html.escape alone leaves a backtick (ends
the literal), `${` (runs code) and backslashes (escape sequences) live, so those become
HTML entities too: the browser shows them as the characters they were.
"""

from __future__ import annotations

import html

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def text(value) -> str:
    """Stored data as inert HTML text, safe inside a JS template literal too."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)


def attr_url(url: str | None) -> str:
    """A link target for href in hand-built HTML: http(s) and site-relative URLs, escaped;
    anything else is dropped."""
    kept = web_url(url)
    return "" if kept == "#" else text(kept)


def web_url(url: str | None) -> str:
    """For Jinja href attributes (which escape on their own): http(s) or site-relative
    links pass; anything else, javascript: included, becomes '#'."""
    if not url:
        return "#"
    lowered = url.strip().lower()
    if lowered.startswith(("http://", "https://")) or (
        lowered.startswith("/") and not lowered.startswith("//")
    ):
        return url.strip()
    return "#"
