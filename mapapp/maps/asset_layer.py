"""A folium element that hands listings to static/asset-layer.js as one GeoJSON blob.

One compact FeatureCollection instead of a folium marker, popup and tooltip per listing
keeps a page with hundreds of results small, and the script builds popups with
textContent, so stored text is inert without relying on escaping.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from .. import vocab as D


def _layer_template(function: str, listings: str) -> Template:
    """The script that hands a layer to static/asset-layer.js: ``function`` called with the
    map, ``this.<listings>`` (the listings themselves, or where to fetch them), the domains,
    the overlays for the layer list and the options. One template for both layers."""
    return Template(
        """
        {% macro script(this, kwargs) %}
            mapapp."""
        + function
        + """(
                {{ this._parent.get_name() }},
                {{ this."""
        + listings
        + """|tojson }},
                {{ this.domains|tojson }},
                { {%- for label, layer in this.overlays.items() -%}
                    {{ label|tojson }}: {{ layer.get_name() }}{{ "," if not loop.last }}
                  {%- endfor -%} },
                {{ this.options|tojson }}
            );
        {% endmacro %}
    """
    )


class AssetLayer(JSCSSMixin, MacroElement):
    _template = _layer_template("addAssetLayer", "data")
    default_js = [("markerclusterjs", ""), ("mapapp_asset_layer", "")]
    default_css = [("markerclustercss", ""), ("markerclusterdefaultcss", "")]

    def __init__(self, features: list[dict], overlays: dict | None = None, collapsed: bool = False):
        super().__init__()
        self._name = "AssetLayer"
        self.data = {"type": "FeatureCollection", "features": features}
        self.domains = [{"code": d.code, "label": d.label, "colour": d.colour} for d in D.DOMAINS]
        self.overlays = overlays or {}
        self.options = {"collapsed": collapsed}


class TiledAssetLayer(JSCSSMixin, MacroElement):
    """Listings fetched tile by tile for the view (see maps/tiles.py): the page carries the
    URL template, the domains and their totals for the layer list, never the listings."""

    _template = _layer_template("addTiledAssetLayer", "url")
    default_js = [("markerclusterjs", ""), ("mapapp_asset_layer", "")]
    default_css = [("markerclustercss", ""), ("markerclusterdefaultcss", "")]

    def __init__(
        self,
        url: str,
        counts: dict[str, int],
        overlays: dict | None = None,
        collapsed: bool = False,
    ):
        super().__init__()
        self._name = "TiledAssetLayer"
        self.url = url
        self.domains = [
            {"code": d.code, "label": d.label, "colour": d.colour, "count": counts.get(d.code, 0)}
            for d in D.DOMAINS
        ]
        self.overlays = overlays or {}
        self.options = {"collapsed": collapsed}
