"""Map tiles from the point index: every listing in exactly one tile, clusters that add up,
and a tile's size bounded by its grid, not by the data."""

import math

import numpy as np
import pytest

from mapapp.maps.tiles import CELLS, MAX_POINTS, POINTS_ZOOM, PointIndex, tile_bounds, valid_tile


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The textbook slippy-map formula, written out apart from the module's arrays."""
    n = 2**z
    rad = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)


@pytest.fixture(scope="module")
def index():
    rng = np.random.default_rng(7)
    count = 5_000  # Derbyshire and around, plus a far corner of England
    lons = np.concatenate([rng.uniform(-2.1, -1.2, count - 3), [-5.7, 1.75, -1.5]])
    lats = np.concatenate([rng.uniform(52.7, 53.55, count - 3), [50.05, 52.5, 53.0]])
    codes = ["twelve-step", "mutual-aid", "activities", "treatment"]
    primaries = [codes[i % 4] for i in range(count)]
    return PointIndex(42, range(1, count + 1), lons, lats, primaries)


def test_each_listing_is_in_the_tile_the_slippy_map_formula_gives(index):
    for z in (6, 11, POINTS_ZOOM):
        for i in (0, 1, 4_997, 4_998, 4_999):
            x, y = _tile_of(index.lons[i], index.lats[i], z)
            content = index.tile(z, x, y)
            lon, lat, near = index.lons[i], index.lats[i], 1e-5  # bounds are rounded to ~1 m
            inside = content.points or [
                c
                for c in content.clusters
                if c.bounds[0] - near <= lon <= c.bounds[2] + near
                and c.bounds[1] - near <= lat <= c.bounds[3] + near
            ]
            assert inside, (z, i)
            if content.points:
                assert int(index.ids[i]) in content.points


def test_far_out_a_tile_sends_clusters_that_add_up_to_every_listing_in_it(index):
    x, y = _tile_of(-1.6, 53.1, 8)
    content = index.tile(8, x, y)
    west, south, east, north = tile_bounds(8, x, y)
    expected = (
        (index.lons >= west) & (index.lons < east) & (index.lats > south) & (index.lats <= north)
    )
    assert content.points == [] and 1 < len(content.clusters) <= CELLS * CELLS
    assert sum(sum(c.counts.values()) for c in content.clusters) == int(expected.sum()) > 1_000
    by_domain = {}
    for c in content.clusters:
        for code, n in c.counts.items():
            by_domain[code] = by_domain.get(code, 0) + n
        assert c.bounds[0] <= c.lon <= c.bounds[2] and c.bounds[1] <= c.lat <= c.bounds[3]
    assert set(by_domain) == {"twelve-step", "mutual-aid", "activities", "treatment"}


def test_close_in_every_listing_comes_once_across_the_tiles(index):
    z = 12
    seen: list[int] = []
    tiles = {_tile_of(lon, lat, z) for lon, lat in zip(index.lons, index.lats, strict=True)}
    for x, y in tiles:
        content = index.tile(z, x, y)
        assert len(content.points) <= MAX_POINTS or content.clusters == []
        seen += content.points + [0] * sum(sum(c.counts.values()) for c in content.clusters)
    assert len(seen) == len(index)
    assert len({s for s in seen if s}) == len([s for s in seen if s])  # no listing twice


def test_a_tile_with_few_listings_sends_them_and_an_empty_tile_nothing(index):
    x, y = _tile_of(-5.7, 50.05, 9)
    assert index.tile(9, x, y).points == [4_998] and index.tile(9, x, y).clusters == []
    assert index.tile(9, 0, 0).points == [] and index.tile(9, 0, 0).clusters == []


def test_tile_bounds_and_validity():
    assert tile_bounds(0, 0, 0) == pytest.approx((-180, -85.0511, 180, 85.0511), abs=1e-4)
    assert valid_tile(18, 2**18 - 1, 0) and not valid_tile(19, 0, 0)
    assert not valid_tile(3, 8, 0) and not valid_tile(3, 0, 8)


def test_the_layer_list_counts_every_listing_by_its_primary_domain(index):
    assert index.counts() == {
        "activities": 1_250,
        "mutual-aid": 1_250,
        "treatment": 1_250,
        "twelve-step": 1_250,
    }
    assert len(PointIndex(1, [], [], [], [])) == 0
