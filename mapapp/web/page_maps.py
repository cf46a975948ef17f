"""A folium map embedded in one of the app's pages, its libraries served by the app itself."""

from __future__ import annotations

import folium

from ..maps import embed as embedding
from .urls import vendor_url


def embed(fmap: folium.Map) -> embedding.EmbeddedMap:
    return embedding.embed(fmap, vendor_url)
