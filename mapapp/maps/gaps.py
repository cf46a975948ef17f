"""Gap maps: coverage by district, and distance and access by LSOA, one layer per domain.

There are no 2021 LSOA boundaries in the reference data (only 2011 ones, generalised),
so an LSOA is drawn as a circle at its population-weighted centroid: honest about what
is known, and where people actually live. Colours come from one sequential palette; the
page gives every value as text too (the matrix and tables), so colour is never the only
carrier. The data reach the browser as one blob for static/gaps-layer.js, which builds
tooltips with textContent: stored names stay text.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import numpy as np
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.ops import polylabel

from .. import vocab as D
from .colours import CELL_STYLES
from .overview import base_map, fit_view

# Pale yellow (far, least access) to dark blue (near, most access): no green, which read
# as "fine" on a gap (see maps/colours.py, where gaps are red and orange).
PALETTE = ("#ffffcc", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
NO_DATA = "#bdbdbd"
DEPRIVED_LABEL = "Most deprived LSOAs (IMD 2019 deciles 1–2)"


@dataclass(frozen=True)
class Band:
    label: str
    colour: str
    style: str | None = None  # a maps.colours style key, when the colour is one of those

    @property
    def css(self) -> str:
        """The stylesheet class with this colour (static/mapapp.css, or decisions.css for
        the colour table's styles; checked by a test)."""
        if self.style:
            return f"st-{self.style}"
        return "p-none" if self.colour == NO_DATA else f"p{PALETTE.index(self.colour)}"

    def to_json(self) -> dict:
        return {"label": self.label, "colour": self.colour}


def _style_band(label: str, key: str) -> Band:
    return Band(label, next(s.colour for s in CELL_STYLES if s.key == key), key)


# Under 50% is always a gap (rules.GAP_REASONS): the gap colours of the one table.
COVERAGE_BANDS = (
    _style_band("under 25% (a gap)", "gap-low"),
    _style_band("25% to under 50% (a gap)", "gap"),
    _style_band("50% to under 75%", "fair"),
    _style_band("75% or more", "good"),
)
SCORE_BANDS = (
    Band("deciles 1–2 (least access)", PALETTE[0]),
    Band("deciles 3–4", PALETTE[1]),
    Band("deciles 5–6", PALETTE[2]),
    Band("deciles 7–8", PALETTE[3]),
    Band("deciles 9–10 (most access)", PALETTE[4]),
)
_WITHIN_COLOURS = {1: (4,), 2: (4, 2), 3: (4, 2, 1), 4: (4, 3, 2, 1)}


def coverage_band(percent: float) -> int:
    return min(int(percent // 25), len(COVERAGE_BANDS) - 1) if percent > 0 else 0


def distance_bands(thresholds: tuple[float, ...]) -> tuple[Band, ...]:
    """Nearest first whatever the order of the thresholds (the main one need not be the
    smallest)."""
    bands, previous = [], None
    for threshold, colour in zip(sorted(thresholds), _WITHIN_COLOURS[len(thresholds)], strict=True):
        label = (
            f"within {threshold:,.0f} m"
            if previous is None
            else f"{previous:,.0f} to {threshold:,.0f} m"
        )
        bands.append(Band(label, PALETTE[colour]))
        previous = threshold
    return (
        *bands,
        Band(f"over {previous:,.0f} m", PALETTE[0]),
        Band("no listing of this domain counted", NO_DATA),
    )


def distance_band(metres: float, thresholds: tuple[float, ...]) -> int:
    if not np.isfinite(metres):
        return len(thresholds) + 1
    return next((i for i, t in enumerate(sorted(thresholds)) if metres <= t), len(thresholds))


class GapLayer(JSCSSMixin, MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
            mapapp.addGapLayers(
                {{ this._parent.get_name() }},
                {{ this.spec|tojson }},
                { {%- for label, layer in this.overlays.items() -%}
                    {{ label|tojson }}: {{ layer.get_name() }}{{ "," if not loop.last }}
                  {%- endfor -%} }
            );
        {% endmacro %}
    """)
    default_js = [("mapapp_gaps_layer", "")]

    def __init__(self, spec: dict, overlays: dict | None = None):
        super().__init__()
        self._name = "GapLayer"
        self.spec = spec
        self.overlays = overlays or {}


def gap_maps(config, report, outlines, shapes, place_names, focus: str | None = None):
    """(district map, LSOA map) for a report; ``outlines`` and ``shapes`` the districts
    (reference/outlines.py), ``place_names`` each LSOA's nearest place
    (analysis/place_names.py); ``focus`` a district code to zoom to."""
    points, deprived = _points(report, place_names)
    rings = [points[i] for i in deprived]  # the district map needs only the deprived LSOAs
    labels = district_labels(shapes, report)
    district_spec = {
        "points": rings,
        "deprived": list(range(len(rings))),
        "deprivedLabel": DEPRIVED_LABEL,
        "districts": _district_features(shapes, report),
        "bands": {"coverage": [b.to_json() for b in COVERAGE_BANDS]},
        "layers": _coverage_layers(report),
        "title": f"Share of residents within {report.params.threshold_m:,.0f} m: ",
        "labels": labels,
    }
    lsoa_spec = {
        "title": "By LSOA: ",
        "points": points,
        "deprived": deprived,
        "deprivedLabel": DEPRIVED_LABEL,
        "districts": None,
        "labels": labels,
        "layers": _lsoa_layers(report),
        "bands": {
            "distance": [b.to_json() for b in distance_bands(report.params.thresholds_m)],
            "score": [b.to_json() for b in SCORE_BANDS],
        },
    }
    return (
        _map(config, outlines, district_spec, shapes, focus),
        _map(config, outlines, lsoa_spec, shapes, focus),
    )


def _map(config, outlines, spec: dict, shapes: dict, focus: str | None) -> folium.Map:
    fmap, drawn = base_map(config, outlines)
    overlays = {"District boundaries": drawn} if drawn is not None else {}
    GapLayer(spec, overlays).add_to(fmap)
    if focus in shapes:
        minx, miny, maxx, maxy = shapes[focus].bounds
        fit_view(fmap, [[miny, minx], [maxy, maxx]])
    return fmap


def district_labels(shapes: dict, report) -> list[list]:
    """[lat, lon, name] for each district, at the pole of inaccessibility of its largest part
    (inside the shape, away from its edges, unlike a centroid of a crescent)."""
    labels = []
    for group in report.districts:
        shape = shapes.get(group.code)
        if shape is None or shape.is_empty:
            continue
        largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
        point = polylabel(largest, tolerance=0.001)
        labels.append([round(point.y, 5), round(point.x, 5), group.name])
    return labels


def _district_features(shapes: dict, report) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": shapes[g.code].__geo_interface__,
            "properties": {"index": i, "name": g.name},
        }
        for i, g in enumerate(report.districts)
        if g.code in shapes
    ]
    return {"type": "FeatureCollection", "features": features}


def _points(report, places: dict) -> tuple[list, list[int]]:
    """Each LSOA as [lat, lon, label, district]; the label names the nearest town, village
    or suburb ("near Belper (Amber Valley 001D)"), as people know the place."""
    names = {g.code: g.name for g in report.districts}
    lsoas = report.lsoas
    points = [
        [
            round(float(lat), 5),
            round(float(lon), 5),
            _label(name, places.get(code)),
            names.get(district, ""),
        ]
        for lat, lon, code, name, district in zip(
            lsoas["lat"],
            lsoas["lon"],
            lsoas["code"],
            lsoas["name"],
            lsoas["district_code"],
            strict=True,
        )
    ]
    return points, np.flatnonzero(lsoas["deprived"].to_numpy(bool)).tolist()


def _label(name: str, place: str | None) -> str:
    return f"near {place} ({name})" if place else name


def _coverage_layers(report) -> list[dict]:
    threshold = report.params.threshold_m
    layers = []
    for code in report.params.domains:
        values = [round(g.cells[code].coverage_pct[0], 1) for g in report.districts]
        layers.append(
            {
                "label": D.label(code),
                "level": "districts",
                "bands": "coverage",
                "band": [coverage_band(v) for v in values],
                "values": values,
                "prefix": "",
                "suffix": f"% of residents within {threshold:,.0f} m",
                "none": "no residents",
            }
        )
    return layers


def _lsoa_layers(report) -> list[dict]:
    thresholds = report.params.thresholds_m
    layers = []
    for code in report.params.domains:
        metres = report.lsoas[f"nearest_m_{code}"].to_numpy(float)
        layers.append(
            {
                "label": D.label(code),
                "level": "points",
                "bands": "distance",
                "band": [distance_band(m, thresholds) for m in metres],
                "values": [round(float(m)) if np.isfinite(m) else None for m in metres],
                "prefix": "",
                "suffix": " m to the nearest listing",
                "none": "no listing of this domain counted",
            }
        )
    deciles = report.lsoas["access_decile"].astype(int).tolist()
    layers.append(
        {
            "label": "Access score (all eight domains)",
            "level": "points",
            "bands": "score",
            "band": [(d - 1) // 2 for d in deciles],
            "values": deciles,
            "prefix": "access decile ",
            "suffix": " of 10 (1 = least access)",
            "none": "",
        }
    )
    return layers
