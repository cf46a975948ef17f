"""Maps for decisions: the best sites for a domain, and a scenario's changed sites.

Each map names its layer in a title box on the map itself (so a printed map says what it
shows) and carries a legend. Sites are numbered circles; the neighbourhoods beyond reach
are small circles at their population-weighted centroids. Every tooltip is escaped
(html_safe.py): place names come from reference data, but nothing is trusted as markup.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from .. import html_safe as safe
from .colours import MISSING_RED
from .overview import base_map
from .picker import PointPicker

SITE_COLOUR = "#08519c"
BEYOND_COLOUR = MISSING_RED
CLOSED_COLOUR = "#505050"


class MapTitle(MacroElement):
    """The layer's name and a legend, drawn on the map (top right), as text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var box = L.control({position: "topright"});
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "map-title");
                var title = document.createElement("strong");
                title.textContent = {{ this.title|tojson }};
                div.appendChild(title);
                {{ this.legend|tojson }}.forEach(function (item) {
                    var row = document.createElement("div");
                    var key = document.createElement("span");
                    key.className = "key";
                    key.style.background = item[0];
                    row.appendChild(key);
                    row.appendChild(document.createTextNode(" " + item[1]));
                    div.appendChild(row);
                });
                return div;
            };
            box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, title: str, legend: list[tuple[str, str]]):
        super().__init__()
        self._name = "MapTitle"
        self.title = title
        self.legend = legend


def _beyond(fmap, lsoas: list[dict]) -> None:
    layer = folium.FeatureGroup(name="Neighbourhoods beyond reach")
    for lsoa in lsoas:
        folium.CircleMarker(
            [lsoa["lat"], lsoa["lon"]],
            radius=3,
            color=BEYOND_COLOUR,
            weight=1,
            fill=True,
            fill_opacity=0.6,
            tooltip=safe.text(f"{lsoa['label']}: {lsoa['population']:,} residents beyond reach"),
            class_name="beyond-point",
        ).add_to(layer)
    layer.add_to(fmap)


def sites_map(
    config, outlines: list[dict], body: dict, beyond: list[dict], title: str
) -> folium.Map:
    """``body``: best_sites_json; ``beyond``: lat, lon, label, population of every
    neighbourhood beyond reach before the sites."""
    fmap, _districts = base_map(config, outlines)
    _beyond(fmap, beyond)
    layer = folium.FeatureGroup(name="Best sites")
    for site in body["sites"]:
        where = site["place"] or site.get("lsoa") or f"venue of listing {site.get('listings')}"
        folium.CircleMarker(
            [site["lat"], site["lon"]],
            radius=11,
            color="#ffffff",
            weight=2,
            fill=True,
            fill_color=SITE_COLOUR,
            fill_opacity=1.0,
            class_name="best-site",
            popup=folium.Popup(
                safe.text(
                    f"Site {site['rank']} ({where}): adds {site['residents_added']:,} residents"
                )
            ),
            # The site's number on the map, as in the table (a number: nothing to escape).
            tooltip=folium.Tooltip(
                str(int(site["rank"])), permanent=True, direction="center", class_name="site-number"
            ),
        ).add_to(layer)
    layer.add_to(fmap)
    MapTitle(
        title,
        [
            (SITE_COLOUR, "a best site (numbered in the table)"),
            (BEYOND_COLOUR, "a neighbourhood beyond reach now"),
        ],
    ).add_to(fmap)
    return fmap


def scenario_map(
    config, outlines: list[dict], additions: list[dict], closed: list[dict], title: str
) -> folium.Map:
    """The added listings, the closed ones, and a click to choose the next point (written
    into the form's add_lat and add_lon fields)."""
    fmap, _districts = base_map(config, outlines)
    for number, added in enumerate(additions, start=1):
        folium.CircleMarker(
            [added["lat"], added["lon"]],
            radius=10,
            color="#ffffff",
            weight=2,
            fill=True,
            fill_color=SITE_COLOUR,
            fill_opacity=1.0,
            class_name="added-site",
            tooltip=safe.text(f"Added {number}: {added['label']}"),
        ).add_to(fmap)
    for listing in closed:
        folium.CircleMarker(
            [listing["lat"], listing["lon"]],
            radius=8,
            color=CLOSED_COLOUR,
            weight=3,
            fill=False,
            class_name="closed-site",
            tooltip=safe.text(f"Closed: {listing['label']}"),
        ).add_to(fmap)
    MapTitle(
        title,
        [
            (SITE_COLOUR, "a listing added in this scenario"),
            (CLOSED_COLOUR, "a listing closed in this scenario"),
        ],
    ).add_to(fmap)
    PointPicker("add_lon", "add_lat", "add-point-status").add_to(fmap)
    return fmap
