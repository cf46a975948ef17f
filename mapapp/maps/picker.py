"""A map to place one listing by clicking: the area's districts, the current point (if
any) and static/point-picker.js, which writes the clicked point into the form's longitude
and latitude fields. The fields stay visible and typeable: the map is a convenience, not
the only way in."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import FitBounds
from jinja2 import Template

from .overview import base_map

# Half the width of the view around a point being fixed, in degrees (about 1.5 km).
AROUND = 0.012


class PointPicker(JSCSSMixin, MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
            mapapp.pickPoint({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
    """)
    default_js = [("mapapp_point_picker", "")]

    def __init__(self, lon_field: str, lat_field: str, status: str):
        super().__init__()
        self._name = "PointPicker"
        self.options = {"lon": lon_field, "lat": lat_field, "status": status}


def picker_map(
    config,
    outlines: list[dict],
    lonlat: tuple[float, float] | None,
    lon_field: str = "lon",
    lat_field: str = "lat",
    status: str = "picked",
) -> folium.Map:
    fmap, _districts = base_map(config, outlines)
    if lonlat is not None:
        # One initial view only: a second fitBounds after the area's would start a zoom
        # animation on load, and Leaflet ignores every view change until that has ended.
        for key in [k for k, child in fmap._children.items() if isinstance(child, FitBounds)]:
            del fmap._children[key]
        lon, lat = lonlat
        fmap.fit_bounds([[lat - AROUND, lon - AROUND], [lat + AROUND, lon + AROUND]])
    PointPicker(lon_field, lat_field, status).add_to(fmap)
    return fmap
