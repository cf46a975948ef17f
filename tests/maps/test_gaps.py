"""Gap maps: bands as case tables, colours equal to the stylesheet, offline assets, and
the data handed to the browser for the hand-built area."""

import re

import folium
import pytest

from mapapp.config import PROJECT_ROOT
from mapapp.maps import gaps
from mapapp.maps.offline import localise


@pytest.mark.parametrize(
    "percent, band", [(0, 0), (24.9, 0), (25, 1), (49.99, 1), (50, 2), (74.9, 2), (75, 3), (100, 3)]
)
def test_coverage_bands(percent, band):
    assert gaps.coverage_band(percent) == band


@pytest.mark.parametrize(
    "metres, band", [(0, 0), (1600, 0), (1600.1, 1), (5000, 1), (5000.5, 2), (float("inf"), 3)]
)
@pytest.mark.parametrize("thresholds", [(1600.0, 5000.0), (5000.0, 1600.0)])
def test_distance_bands(metres, band, thresholds):
    # The main threshold may be the larger one (?threshold_m=5000,1600): bands go nearest
    # first all the same, so the legend and the colours agree.
    assert gaps.distance_band(metres, thresholds) == band
    labels = [b.label for b in gaps.distance_bands(thresholds)]
    assert labels == [
        "within 1,600 m",
        "1,600 to 5,000 m",
        "over 5,000 m",
        "no listing of this domain counted",
    ]


def test_every_band_colour_is_a_stylesheet_class_with_that_colour():
    static = PROJECT_ROOT / "mapapp" / "static"
    css = (static / "mapapp.css").read_text() + (static / "decisions.css").read_text()
    bands = (
        gaps.COVERAGE_BANDS
        + gaps.SCORE_BANDS
        + gaps.distance_bands((800.0, 1600.0, 3200.0, 5000.0))
    )
    for band in bands:
        assert re.search(rf"^\.{band.css} ?{{ ?background: ?{band.colour};", css, re.M), band


def test_the_gap_layer_is_served_locally():
    fmap = folium.Map(tiles=None)
    gaps.GapLayer({"layers": []}).add_to(fmap)
    localise(fmap, lambda package, filename: f"/local/{package}/{filename}")
    links = re.findall(r'(?:src|href)="([^"]+)"', fmap.get_root().render())
    assert "/local/mapapp/gaps-layer.js" in links
    assert all(link.startswith("/local/") for link in links), links


def test_map_data_for_the_hand_built_area(schema_db, engine_for):
    from geoalchemy2.shape import to_shape
    from shapely import Point
    from sqlalchemy import select

    from mapapp.analysis import GapParams, analyse
    from mapapp.analysis.place_names import lsoa_place_names
    from mapapp.db import session_scope
    from mapapp.models import District
    from mapapp.reference.outlines import district_features, district_shapes
    from tests.analysis import fixture

    report = analyse(fixture.residents(), fixture.listings(), GapParams())
    with session_scope(engine_for(schema_db)) as session:
        fixture.add_to_database(session)
    with session_scope(engine_for(schema_db)) as session:
        district_map, lsoa_map = gaps.gap_maps(
            {},
            report,
            district_features(session),
            district_shapes(session, [g.code for g in report.districts]),
            lsoa_place_names(session, report.lsoas),
            focus=fixture.B,
        )
    district_spec = _spec(district_map)
    assert [f["properties"]["name"] for f in district_spec["districts"]["features"]] == [
        "Alderley",
        "Brampton",
    ]
    twelve = district_spec["layers"][0]
    assert (twelve["label"], twelve["values"], twelve["band"]) == (
        "12-step groups",
        [50.0, 100.0],
        [2, 3],
    )
    assert len(district_spec["points"]) == 3  # only the deprived LSOAs, for their rings
    # Each district named on both maps, at a point inside it.
    with session_scope(engine_for(schema_db)) as session:
        shapes = {d.name: to_shape(d.geom) for d in session.scalars(select(District))}
    labels = district_spec["labels"]
    assert [name for _lat, _lon, name in labels] == ["Alderley", "Brampton"]
    assert all(shapes[name].contains(Point(lon, lat)) for lat, lon, name in labels)
    lsoa_spec = _spec(lsoa_map)
    assert lsoa_spec["labels"] == labels
    assert lsoa_spec["deprived"] == [0, 2, 4]
    twelve = lsoa_spec["layers"][0]
    assert twelve["values"] == [1000, 2530, 1360, 806, 1200, 1000]
    assert twelve["band"] == [0, 1, 0, 0, 0, 0]
    assert lsoa_spec["layers"][4]["values"] == [None] * 6  # volunteering: none counted
    assert lsoa_spec["layers"][-1]["values"] == [9, 7, 4, 6, 2, 1]  # access deciles


def _spec(fmap):
    return next(child for child in fmap._children.values() if isinstance(child, gaps.GapLayer)).spec
