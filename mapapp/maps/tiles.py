"""Map tiles of listings: what one 256-pixel Web Mercator tile (z/x/y) shows, from an
in-memory index of every located listing.

A map page used to embed every listing as a marker: 195 KB with the 400 demo listings and
35 MB with 100,000. Now the page ships only its frame and the browser asks for the tiles
it sees. Far out, a tile sends clusters (a count per domain and where they are); close in,
or when few listings are in it, the listings themselves. A tile's size is bounded by its
grid, never by the data: at most CELLS x CELLS clusters, or MAX_POINTS listings.

The index is plain arrays (ids, Web Mercator x and y in [0, 1), the primary domain), so a
tile is a few vectorised comparisons over them, not a query; it is rebuilt when the data
version changes (see listings/points.py, which reads it from the database).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

MAX_ZOOM = 18
CELLS = 4  # clusters on a grid of 4 x 4 cells a tile: 64 px apart, clear of each other
MAX_POINTS = 60  # a tile with no more listings than this sends the listings themselves
POINTS_ZOOM = 15  # from this zoom on every tile sends listings (a street's worth)


def mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude to Web Mercator, scaled to [0, 1) across the world."""
    lat = np.clip(lat, -85.0511, 85.0511)
    x = (lon + 180.0) / 360.0
    y = (1.0 - np.log(np.tan(np.radians(lat)) + 1.0 / np.cos(np.radians(lat))) / math.pi) / 2.0
    return x, y


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in degrees."""
    n = 2.0**z

    def lat(row: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360.0 - 180.0, lat(y + 1), (x + 1) / n * 360.0 - 180.0, lat(y)


def valid_tile(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


@dataclass(frozen=True)
class Cluster:
    lon: float
    lat: float
    counts: dict[str, int]  # primary domain -> listings
    bounds: tuple[float, float, float, float]  # west, south, east, north of its listings


@dataclass(frozen=True)
class TileContent:
    points: list[int]  # listing ids, when the tile sends listings
    clusters: list[Cluster]  # otherwise


class PointIndex:
    """Every located, public listing: id, point and primary domain, under one data version."""

    def __init__(self, version, ids, lons, lats, primaries: list[str], listed=None):
        self.version = version
        # Public listings in each domain, located or not (a listing in two counts in both):
        # the home page's figures, kept here because they change exactly when the index does.
        self.listed: dict[str, int] = dict(listed or {})
        self.ids = np.asarray(ids, dtype=np.int64)
        self.lons = np.asarray(lons, dtype=np.float64)
        self.lats = np.asarray(lats, dtype=np.float64)
        self.x, self.y = mercator(self.lons, self.lats)
        self.codes = sorted(set(primaries))
        self.primary = np.asarray(
            [self.codes.index(p) for p in primaries] if primaries else [], dtype=np.int16
        )

    def __len__(self) -> int:
        return len(self.ids)

    def counts(self) -> dict[str, int]:
        """Listings by primary domain, for the layer list."""
        found = np.bincount(self.primary, minlength=len(self.codes))
        return {code: int(n) for code, n in zip(self.codes, found, strict=True)}

    def tile(self, z: int, x: int, y: int) -> TileContent:
        n = 2**z
        inside = np.flatnonzero(
            (self.x >= x / n) & (self.x < (x + 1) / n) & (self.y >= y / n) & (self.y < (y + 1) / n)
        )
        if z >= POINTS_ZOOM or len(inside) <= MAX_POINTS:
            return TileContent(sorted(self.ids[inside].tolist()), [])
        col = np.minimum(((self.x[inside] * n - x) * CELLS).astype(np.int64), CELLS - 1)
        row = np.minimum(((self.y[inside] * n - y) * CELLS).astype(np.int64), CELLS - 1)
        cell = row * CELLS + col
        return TileContent([], [self._cluster(inside[cell == c]) for c in np.unique(cell)])

    def _cluster(self, members: np.ndarray) -> Cluster:
        lons, lats = self.lons[members], self.lats[members]
        found = np.bincount(self.primary[members], minlength=len(self.codes))
        return Cluster(
            round(float(lons.mean()), 5),
            round(float(lats.mean()), 5),
            {self.codes[i]: int(c) for i, c in enumerate(found) if c},
            (
                round(float(lons.min()), 5),
                round(float(lats.min()), 5),
                round(float(lons.max()), 5),
                round(float(lats.max()), 5),
            ),
        )


class TileCache:
    """Finished tile bodies (bytes) by (data version, z, x, y): the same few tiles around a
    county are asked for again and again. Least recently used goes first."""

    def __init__(self, size: int = 2048):
        self.size = size
        self._bodies: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key, body: bytes) -> None:
        with self._lock:
            self._bodies[key] = body
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)
