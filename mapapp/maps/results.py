"""The map beside a result list: the same listings, the searched point and radius,
district outlines and a layer per domain. The list is the accessible equivalent."""

from __future__ import annotations

import folium

from .. import html_safe as safe
from ..finder.search import SearchResult
from ..listings.rules import venue_lonlat
from ..listings.schedules import when_label
from .asset_layer import AssetLayer
from .overview import asset_feature, base_map, fit_view


def results_map(config, outlines: list[dict], found: SearchResult, now) -> folium.Map:
    fmap, districts = base_map(config, outlines)
    features = []
    for result in found.results:
        lonlat = venue_lonlat(result.asset.venue)
        if lonlat is not None:
            extra = {"next": when_label(result.session, now)}
            if result.distance_m is not None:
                extra["distance_km"] = round(result.distance_m / 1000, 2)
            features.append(asset_feature(result.asset, *lonlat, **extra))
    overlays = {"District boundaries": districts} if districts is not None else {}
    if found.origin is not None:
        origin = found.origin
        searched = folium.FeatureGroup(name="Your search")
        folium.Circle(
            [origin.lat, origin.lon],
            radius=found.filters.radius_km * 1000,
            color="#0b3d5c",
            weight=1,
            fill=False,
            dash_array="6 4",
            interactive=False,
        ).add_to(searched)
        folium.CircleMarker(
            [origin.lat, origin.lon],
            radius=7,
            color="#ffffff",
            weight=3,
            fill=True,
            fill_color="#000000",
            fill_opacity=1,
            tooltip=folium.Tooltip(safe.text(f"You searched: near {origin.words}")),
        ).add_to(searched)
        searched.add_to(fmap)
        overlays["Your search"] = searched
        fit_view(fmap, _radius_bounds(origin.lat, origin.lon, found.filters.radius_km))
    AssetLayer(features, overlays=overlays, collapsed=True).add_to(fmap)
    return fmap


def _radius_bounds(lat: float, lon: float, radius_km: float):
    import math

    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * math.cos(math.radians(lat)))
    return [[lat - dlat, lon - dlon], [lat + dlat, lon + dlon]]
