"""Coverage by district as small static SVG maps, one per domain, for the PDF downloads: a
PDF cannot run Leaflet, and a map on paper must say what it shows (its title is the layer)
and carry its names (the districts are labelled on it).

Coordinates are projected to British National Grid (metres), so shapes keep their true
proportions; every text is escaped, as it may come from stored data.
"""

from __future__ import annotations

from html import escape

import numpy as np
import shapely
from shapely.ops import polylabel

from .. import vocab as D
from ..geo import to_bng
from .gaps import COVERAGE_BANDS, NO_DATA, coverage_band

WIDTH = 320  # the SVG's user units; the page scales it to the column
LABEL_SIZE = 16  # in WIDTH units: about 6 pt on a map a fifth of an A4 page wide


def coverage_maps(shapes: dict, report, focus: str | None = None) -> list[tuple[str, str]]:
    """(title, SVG) per selected domain: each district filled by the share of its residents
    within the main distance. ``shapes``: district code -> WGS84 outline. The title names
    the layer (the page prints it as the map's caption, and the SVG carries it as its
    accessible name)."""
    projected = _project(shapes)
    if not projected:
        return []
    frame = _frame(projected)
    threshold = report.params.threshold_m
    titles = {
        code: f"{D.label(code)}: share of residents within {threshold:,.0f} m"
        for code in report.params.domains
    }
    names = {group.code: group.name for group in report.districts}
    key = ("Districts", _svg(projected, frame, names, {}, "Districts", focus, named=True))
    return [key] + [
        (title, _svg(projected, frame, names, _shares(report, code), title, focus))
        for code, title in titles.items()
    ]


def _shares(report, domain: str) -> dict:
    return {group.code: group.cells[domain].coverage_pct[0] for group in report.districts}


def _project(shapes: dict) -> dict:
    def bng(xy):
        x, y = to_bng(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return {code: shapely.transform(shape, bng) for code, shape in shapes.items()}


def _frame(projected: dict) -> tuple[float, float, float, float]:
    """(min x, max y, scale, height) fitting every district into WIDTH units."""
    bounds = np.array([shape.bounds for shape in projected.values()])
    west, south = bounds[:, 0].min(), bounds[:, 1].min()
    east, north = bounds[:, 2].max(), bounds[:, 3].max()
    scale = WIDTH / max(east - west, 1.0)
    return west, north, scale, (north - south) * scale


def _svg(projected: dict, frame, names: dict, shares: dict, title: str, focus, named=False) -> str:
    """The districts filled by ``shares`` (white when there are none: the key map) and
    labelled with the share, or with their names on the key map (small maps have no room
    for both)."""
    west, north, scale, height = frame
    paths, labels = [], []
    for code, shape in projected.items():
        share = shares.get(code)
        fill = (
            "#ffffff"
            if named
            else NO_DATA
            if share is None
            else COVERAGE_BANDS[coverage_band(share)].colour
        )
        stroke = 2.0 if code == focus else 0.6
        paths.append(
            f'<path d="{_path(shape, west, north, scale)}" fill="{fill}" '
            f'stroke="#0b0c0c" stroke-width="{stroke}"><title>'
            f"{escape(names.get(code, code))}: {'' if share is None else f'{share:.0f}%'}"
            "</title></path>"
        )
        text = names.get(code, code) if named else "–" if share is None else f"{share:.0f}%"
        labels.append(_label(shape, text, west, north, scale))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 {WIDTH + 8} {height + 8:.0f}" '
        f'role="img" aria-label="{escape(title)}" class="static-map">'
        f"{''.join(paths)}{''.join(labels)}</svg>"
    )


def _path(shape, west: float, north: float, scale: float) -> str:
    rings = []
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            points = " ".join(f"{(x - west) * scale:.1f},{(north - y) * scale:.1f}" for x, y in xy)
            rings.append(f"M{points}Z")
    return "".join(rings)


def _label(shape, text: str, west: float, north: float, scale: float) -> str:
    largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
    point = polylabel(largest, tolerance=100)
    x, y = (point.x - west) * scale, (north - point.y) * scale
    # Dark text in a white box: readable on every fill, in every PDF renderer (a text halo
    # drawn with paint-order is not supported everywhere).
    width = 0.6 * LABEL_SIZE * len(text) + 4
    return (
        f'<rect x="{x - width / 2:.1f}" y="{y - LABEL_SIZE + 1:.1f}" width="{width:.1f}" '
        f'height="{LABEL_SIZE + 3}" fill="#ffffff" fill-opacity="0.85"/>'
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{LABEL_SIZE}" text-anchor="middle" '
        f'fill="#0b0c0c">{escape(text)}</text>'
    )
