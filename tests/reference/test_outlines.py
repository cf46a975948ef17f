"""reference/outlines.py: district outlines kept per data version, handed out as copies."""

from __future__ import annotations

import copy

from mapapp.db import session_scope
from mapapp.maps.embed import embed
from mapapp.maps.overview import base_map
from mapapp.reference.outlines import district_features


def _vendor(package: str, filename: str) -> str:
    return f"/vendor/{package}/{filename}"


def test_drawing_a_map_leaves_the_kept_outlines_as_they_were(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        first = district_features(session)
        before = copy.deepcopy(first)
        assert first and all(f["geometry"]["coordinates"] for f in first)
        embed(base_map({}, first)[0], _vendor)  # folium may add ids or keys as it draws
        for feature in first:  # even a careless caller changing its copy...
            feature["id"] = "changed"
            feature["properties"]["name"] = "changed"
        again = district_features(session)
    assert again == before  # ... changes nothing kept
    assert again[0] is not first[0] and again[0]["geometry"] is first[0]["geometry"]
