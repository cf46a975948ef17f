"""Point every folium element at the copies of Leaflet & co. that the app serves itself.

folium's defaults load Leaflet, jQuery, Bootstrap and icon fonts from public CDNs. Offline
(and on many council networks) the map then does not render; a strict CSP forbids it; and
it tells third parties who is looking for addiction help. An element asking for a library
this module does not know fails loudly instead of quietly reaching out to a CDN.
"""

from __future__ import annotations

from folium.elements import JSCSSMixin

# folium's resource names -> (vendor package, file) served by web/vendor.py
LOCAL = {
    "leaflet": ("leaflet", "leaflet.js"),
    "leaflet_css": ("leaflet", "leaflet.css"),
    "jquery": ("jquery", "jquery.min.js"),  # folium's popups use $() to build their content
    "markerclusterjs": ("leaflet-markercluster", "leaflet.markercluster.js"),
    "markerclustercss": ("leaflet-markercluster", "MarkerCluster.css"),
    "markerclusterdefaultcss": ("leaflet-markercluster", "MarkerCluster.Default.css"),
    "mapapp_asset_layer": ("mapapp", "asset-layer.js"),  # the app's own static file
    "mapapp_gaps_layer": ("mapapp", "gaps-layer.js"),
    "mapapp_point_picker": ("mapapp", "point-picker.js"),
}
# Needed only by folium features mapapp does not use (Bootstrap modals, icon markers).
UNUSED = {
    "bootstrap",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers",
    "awesome_markers_css",
    "awesome_markers_font_css",
    "awesome_rotate_css",
}


class UnknownAsset(RuntimeError):
    pass


def localise(element, url_for) -> None:
    """Rewrite default_js/default_css of ``element`` and all its children, in place.

    ``url_for(package, filename)`` returns the app's URL for a vendored file.
    """
    for node in _walk(element):
        if isinstance(node, JSCSSMixin):
            # Assign new lists: folium's defaults are class attributes shared by every map.
            node.default_js = _local_links(node.default_js, url_for)
            node.default_css = _local_links(node.default_css, url_for)


def _local_links(links, url_for):
    local = []
    for name, _url in links:
        if name in UNUSED:
            continue
        if name not in LOCAL:
            raise UnknownAsset(
                f"folium asks for '{name}', which mapapp does not vendor; add it "
                "to maps/offline.py and web/vendor.py (never a CDN link)"
            )
        local.append((name, url_for(*LOCAL[name])))
    return local


def _walk(element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)
