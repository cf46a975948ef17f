import re

import folium
import pytest
from folium.plugins import MarkerCluster

from mapapp.maps.asset_layer import AssetLayer
from mapapp.maps.offline import UnknownAsset, localise


def _url(package, filename):
    return f"/local/{package}/{filename}"


def _links(fmap):
    html = fmap.get_root().render()
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_every_library_is_served_locally():
    fmap = folium.Map(tiles=None)
    MarkerCluster().add_to(fmap)
    AssetLayer([]).add_to(fmap)
    localise(fmap, _url)
    links = _links(fmap)
    assert links and all(link.startswith("/local/") for link in links), links
    assert "/local/leaflet/leaflet.js" in links
    assert "/local/mapapp/asset-layer.js" in links
    assert not any("bootstrap" in link or "awesome" in link for link in links)


def test_defaults_of_other_maps_are_untouched():
    fmap = folium.Map(tiles=None)
    localise(fmap, _url)
    assert folium.Map.default_js[0][1].startswith("https://")  # class defaults intact
    assert fmap.default_js[0][1] == "/local/leaflet/leaflet.js"


def test_an_unvendored_library_fails_loudly_rather_than_reaching_a_cdn():
    fmap = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(fmap)
    with pytest.raises(UnknownAsset, match="maps/offline.py"):
        localise(fmap, _url)
