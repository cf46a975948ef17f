"""Listings as a GeoPackage, written by geopandas/pyogrio in a separate Python process.

Why a process of its own: once SpatiaLite is loaded into this process's SQLite (pysqlite3,
the embedded backend), GDAL's GeoPackage driver, which links its own SQLite, crashes the
interpreter when it writes ("free(): invalid pointer", seen with pyogrio 0.11 and
pysqlite3-binary 0.5). The child never loads SpatiaLite. The features go to it as GeoJSON
in EPSG:4326 and come back as one point layer, ``listings``, in EPSG:27700.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import MapappError

LAYER, CRS = "listings", "EPSG:27700"


def geopackage_bytes(collection: dict) -> bytes:
    """A GeoJSON FeatureCollection (EPSG:4326) -> the bytes of a GeoPackage in EPSG:27700.
    List properties are joined with '; ' (a GeoPackage column holds one value)."""
    flat = {
        "type": "FeatureCollection",
        "features": [
            feature
            | {
                "properties": {
                    k: "; ".join(map(str, v)) if isinstance(v, list) else v
                    for k, v in feature["properties"].items()
                }
            }
            for feature in collection["features"]
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.geojson", Path(folder) / "out.gpkg"
        source.write_text(json.dumps(flat), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(source), str(target)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise MapappError(
                "The GeoPackage could not be written: "
                + (done.stderr.strip().splitlines() or ["no reason given"])[-1]
                + ". Try the GeoJSON export instead.",
                status_code=500,
            )
        return target.read_bytes()


def main(source: str, target: str) -> None:
    import geopandas as gpd

    frame = gpd.read_file(source, engine="pyogrio")
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    frame.to_crs(CRS).to_file(target, layer=LAYER, driver="GPKG", engine="pyogrio")


if __name__ == "__main__":
    main(*sys.argv[1:3])
