"""Load reference data: read and check every file first, then replace the tables in one
transaction. A failure anywhere leaves the database exactly as it was; running it again
gives the same rows (idempotent).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine

from .. import dialect
from ..geo import ewkt_point
from ..models import District, Place, Postcode, SmallArea
from ..progress import QUIET
from . import files

CHUNK = 5000


@dataclass
class ReferenceReport:
    folder: str
    districts_in_area: int = 0
    neighbour_districts: int = 0
    small_areas: int = 0
    population: int = 0
    population_by_district: dict[str, int] = field(default_factory=dict)
    imd_methods: dict[str, int] = field(default_factory=dict)
    postcodes: int = 0
    places: int = 0

    def summary(self) -> str:
        lines = [
            f"Reference data loaded from {self.folder}",
            f"  districts: {self.districts_in_area} in the area, "
            f"{self.neighbour_districts} neighbours",
            f"  LSOAs: {self.small_areas:,}, population {self.population:,} (Census 2021)",
        ]
        for name, people in self.population_by_district.items():
            lines.append(f"    {name}: {people:,}")
        methods = ", ".join(f"{k} {v}" for k, v in sorted(self.imd_methods.items()))
        lines += [
            f"  IMD 2019 carried to 2021 LSOAs: {methods}",
            f"  postcodes: {self.postcodes:,}",
            f"  places: {self.places:,}",
        ]
        return "\n".join(lines)


def load_reference(
    engine: Engine, settings, reference_dir: str | None = None, progress=None
) -> ReferenceReport:
    folder = files.reference_folder(settings["REFERENCE_DIR"], reference_dir)
    progress = progress or QUIET
    progress.step(f"Reading reference data from {folder}")
    districts = files.read_districts(folder, settings)
    small_areas = files.read_small_areas(folder, settings, districts["code"].tolist())
    postcodes = files.read_postcodes(folder, settings)
    places = files.read_places(folder, settings, districts)
    progress.step("Writing to the database (one transaction)")
    with engine.begin() as conn:
        for model in (SmallArea, District, Postcode, Place):
            conn.execute(delete(model))
        _insert(conn, District, _district_rows(districts), progress, "districts")
        _insert(conn, SmallArea, _small_area_rows(small_areas), progress, "LSOAs")
        _insert(conn, Postcode, _records(postcodes), progress, "postcodes")
        _insert(conn, Place, _records(places), progress, "places")
        dialect.analyze(conn)
    return _report(str(folder), districts, small_areas, postcodes, places)


def _insert(conn, model, rows: list[dict], progress, label: str) -> None:
    with progress.bar(len(rows), f"Loading {label}") as bar:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            conn.execute(insert(model), chunk)
            bar.update(len(chunk))


def _records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as dicts with None for missing values (NaN/NA are not SQL NULL)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _district_rows(districts) -> list[dict]:
    rows = []
    for record in districts.to_dict("records"):
        geom = record.pop("geometry")
        record["geom"] = f"SRID=4326;{geom.wkt}" if geom is not None else None
        record["in_area"] = bool(record["in_area"])
        record["population"] = None if pd.isna(record["population"]) else int(record["population"])
        rows.append(record)
    return rows


def _small_area_rows(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for record in _records(frame):
        record["centroid"] = ewkt_point(record.pop("lon"), record.pop("lat"), 4326)
        record["centroid_bng"] = ewkt_point(record.pop("easting"), record.pop("northing"), 27700)
        for key, value in record.items():
            if isinstance(value, float) and key != "imd_score" and not math.isnan(value):
                record[key] = int(value)
        rows.append(record)
    return rows


def _report(folder, districts, small_areas, postcodes, places) -> ReferenceReport:
    names = dict(zip(districts["code"], districts["name"], strict=True))
    by_district = small_areas.groupby("district_code")["population"].sum()
    return ReferenceReport(
        folder=folder,
        districts_in_area=int(districts["in_area"].sum()),
        neighbour_districts=int((~districts["in_area"]).sum()),
        small_areas=len(small_areas),
        population=int(small_areas["population"].sum()),
        population_by_district={names[c]: int(p) for c, p in by_district.items()},
        imd_methods={str(k): int(v) for k, v in small_areas["imd_method"].value_counts().items()},
        postcodes=len(postcodes),
        places=len(places),
    )
