"""The area map: district outlines and every active listing that has a point.

Markers are coloured and layered by each listing's first domain (in the canonical order)
and clustered (see asset_layer.py). With no tile layer the map still shows its own layers; clustering then
needs the map's maxZoom, which tile layers would otherwise provide.
"""

from __future__ import annotations

import folium

from ..listings.points import primary_of
from ..listings.schedules import describe_all
from ..models import Asset
from ..reference.attribution import MAP_ATTRIBUTION
from .asset_layer import TiledAssetLayer
from .attribution import Attribution
from .tiles import PointIndex, TileContent

MAX_ZOOM = 18


def base_map(config, outlines: list[dict]) -> tuple[folium.Map, folium.GeoJson | None]:
    """The frame every map shares: no tiles unless configured, the attribution, and the
    district ``outlines`` (reference/outlines.district_features) fitted to the area."""
    fmap = folium.Map(
        location=[53.1, -1.6],
        zoom_start=9,
        tiles=None,
        maxZoom=MAX_ZOOM,
        control_scale=True,
        # Quarter steps: fitting the area to whole zoom levels cut off the south of a tall
        # county like Derbyshire, or left it small.
        zoomSnap=0.25,
    )
    if config.get("TILES_URL"):
        folium.TileLayer(
            config["TILES_URL"],
            attr=config.get("TILES_ATTRIBUTION") or " ",
            name="Base map",
            max_zoom=MAX_ZOOM,
        ).add_to(fmap)
    Attribution(MAP_ATTRIBUTION).add_to(fmap)
    return fmap, _add_districts(fmap, outlines)


def _add_districts(fmap: folium.Map, features: list[dict]) -> folium.GeoJson | None:
    if not features:
        return None
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Districts",
        style_function=lambda f: {
            "color": "#333333" if f["properties"]["in_area"] else "#888888",
            "weight": 2 if f["properties"]["in_area"] else 1,
            "dashArray": None if f["properties"]["in_area"] else "4 4",
            "fillOpacity": 0.0,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["District"]),
    )
    layer.add_to(fmap)
    area = [f for f in features if f["properties"]["in_area"]]
    if area:
        # Clear of the attribution and the layer's name along the bottom edge, which hid the
        # south of the area when it was fitted edge to edge.
        fit_view(fmap, _bounds(area), padding_top_left=(10, 10), padding_bottom_right=(10, 60))
    return layer


def fit_view(fmap: folium.Map, bounds, **padding) -> None:
    """The map's first view, set without an animation: a view still gliding into place when
    the layers are drawn is one they were drawn for at the wrong zoom, and it swallows the
    first click on the zoom buttons."""
    fitted = folium.map.FitBounds(bounds, **padding)
    fitted.options["animate"] = False
    fmap.add_child(fitted)


def _bounds(features):
    """The box around the features: their own boxes' extremes (a union of the shapes, only
    to take its box, cost a millisecond on every map page)."""
    from shapely.geometry import shape

    boxes = [shape(f["geometry"]).bounds for f in features]
    minx, miny = min(b[0] for b in boxes), min(b[1] for b in boxes)
    maxx, maxy = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return [[miny, minx], [maxy, maxx]]


def overview_map(config, outlines: list[dict], index: PointIndex, tile_url: str) -> folium.Map:
    """The area's frame and districts; listings arrive tile by tile for what is in view
    (tile_url, with {z}/{x}/{y}), so the page is the same size at 400 or 100,000."""
    fmap, districts = base_map(config, outlines)
    overlays = {"District boundaries": districts} if districts is not None else {}
    TiledAssetLayer(tile_url, index.counts(), overlays=overlays, collapsed=True).add_to(fmap)
    return fmap


def tile_body(version, z: int, x: int, y: int, content: TileContent, listings) -> dict:
    """A tile as JSON: its listings (``listings``: (listing, lon, lat) for content.points,
    read by listings/points.tile_listings) as the same features the result maps draw, or
    its clusters with a count per primary domain (the browser adds up the domains shown)."""
    return {
        "tile": [z, x, y],
        "version": version,
        "points": [asset_feature(asset, lon, lat) for asset, lon, lat in listings],
        "clusters": [
            {
                "lon": c.lon,
                "lat": c.lat,
                "count": sum(c.counts.values()),
                "counts": c.counts,
                "bounds": list(c.bounds),
            }
            for c in content.clusters
        ],
    }


def primary_domain(asset: Asset) -> str:
    return primary_of(asset.domain_codes)


def asset_feature(asset: Asset, lon: float, lat: float, **extra) -> dict:
    """A listing as a GeoJSON point with the few properties its popup shows (``extra``: the
    next session and distance, on a result map).

    Values are plain text: the browser script puts them in the page with textContent.
    """
    venue = asset.venue
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": {
            "id": asset.id,
            "name": asset.name,
            "kind": asset.kind.title(),
            "attendance": asset.attendance.replace("_", " "),
            "domains": asset.domain_codes,
            "primary": primary_domain(asset),
            "when": describe_all(asset.schedules),
            "venue": ", ".join(v for v in (venue.name, venue.postcode) if v) if venue else None,
            "precision": venue.precision if venue else "none",
            "demo": asset.is_demo,
            "url": f"/assets/{asset.id}",
            "directions": directions_url(lat, lon),
            **extra,
        },
    }


def directions_url(lat: float, lon: float) -> str:
    """Directions to the point from wherever the person is: with no origin given, the maps
    app or site starts from the device's own location (it asks; this app never learns it)."""
    return f"https://www.google.com/maps/dir/?api=1&destination={lat:.5f},{lon:.5f}"
