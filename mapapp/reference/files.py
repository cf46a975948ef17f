"""Read and check each reference file. No database here: a bad file fails before any write.

Every reader returns plain DataFrames with the columns the loader writes, and raises
ReferenceDataError with the file's name and what to do when a file is missing or malformed.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon

from ..config import resolve_path
from ..errors import ReferenceDataError
from ..text import normalise_place_name
from .imd import carry_imd_to_2021

FETCH_HINT = (
    "Run 'python scripts/fetch_reference.py' to download it, or point "
    "MAPAPP_REFERENCE_DIR at a folder that has it."
)


def reference_folder(configured: str, override: str | None = None) -> Path:
    folder = resolve_path(override or configured)
    if not folder.is_dir():
        raise ReferenceDataError(
            f"The reference data folder {folder} does not exist. Set MAPAPP_REFERENCE_DIR to "
            "the folder that holds SOURCES.md and the data files, or run "
            "'python scripts/fetch_reference.py --dest FOLDER' to download them."
        )
    return folder


def _path(folder: Path, relative: str) -> Path:
    path = folder / relative
    if not path.is_file():
        raise ReferenceDataError(
            f"Reference file {relative} is missing from {folder}. " + FETCH_HINT
        )
    return path


def read_csv(folder: Path, relative: str, columns: list[str], **kwargs) -> pd.DataFrame:
    path = _path(folder, relative)
    try:
        # utf-8-sig: several ONS files start with a byte-order mark.
        frame = pd.read_csv(path, encoding="utf-8-sig", low_memory=False, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ReferenceDataError(
            f"Reference file {relative} cannot be read as CSV ({exc}). " + FETCH_HINT
        ) from None
    _require_columns(frame, columns, relative)
    return frame


def _require_columns(frame: pd.DataFrame, columns: list[str], relative: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ReferenceDataError(
            f"Reference file {relative} lacks the column(s) "
            f"{', '.join(missing)}: it is not the expected file. " + FETCH_HINT
        )


def _require_complete(frame: pd.DataFrame, columns: list[str], relative: str) -> None:
    for column in columns:
        bad = frame[column].isna()
        if bad.any():
            raise ReferenceDataError(
                f"Reference file {relative} has {int(bad.sum())} row(s) without a valid "
                f"{column} (first at data row {int(np.flatnonzero(bad.to_numpy())[0]) + 1}). "
                + FETCH_HINT
            )


# --- districts -------------------------------------------------------------------------------


def read_districts(folder: Path, settings: dict) -> gpd.GeoDataFrame:
    """The area's districts plus every district within NEIGHBOUR_BUFFER_M of them."""
    relative = settings["FILE_DISTRICTS"]
    try:
        frame = gpd.read_file(_path(folder, relative))
    except ReferenceDataError:
        raise
    except Exception as exc:  # pyogrio raises several types for a damaged file
        raise ReferenceDataError(
            f"Reference file {relative} cannot be read as GeoJSON ({exc}). " + FETCH_HINT
        ) from None
    _require_columns(frame, ["area_code", "area_name"], relative)
    frame = frame.set_crs(4326, allow_override=True) if frame.crs is None else frame.to_crs(4326)
    area = list(settings["AREA_DISTRICTS"])
    missing = sorted(set(area) - set(frame["area_code"]))
    if missing:
        raise ReferenceDataError(
            f"District code(s) {', '.join(missing)} are not in {relative}. Check "
            "MAPAPP_AREA_DISTRICTS (LAD codes such as E07000032)."
        )
    chosen = _with_neighbours(frame, area, settings["NEIGHBOUR_BUFFER_M"])
    chosen["population"], chosen["population_source"] = _district_population(
        folder, settings, chosen
    )
    chosen["geometry"] = chosen.geometry.apply(
        lambda g: MultiPolygon([g]) if g.geom_type == "Polygon" else g
    )
    return chosen.rename(columns={"area_code": "code", "area_name": "name"})[
        ["code", "name", "in_area", "population", "population_source", "geometry"]
    ]


def _with_neighbours(frame: gpd.GeoDataFrame, area: list[str], buffer_m: int):
    metric = frame.to_crs(27700)  # buffer in metres, not degrees
    in_area = frame["area_code"].isin(area)
    reach = metric[in_area.to_numpy()].geometry.union_all().buffer(buffer_m)
    near = metric.geometry.intersects(reach).to_numpy()
    chosen = frame[near | in_area.to_numpy()].copy()
    chosen["in_area"] = chosen["area_code"].isin(area)
    return chosen.sort_values("area_code").reset_index(drop=True)


def _district_population(folder: Path, settings: dict, districts: gpd.GeoDataFrame):
    """Mid-2022 estimates where published; the boundary file's mid-2018 figure otherwise."""
    table = read_csv(folder, settings["FILE_DISTRICT_POPULATION"], ["area_code", "population"])
    mid2022 = pd.to_numeric(table.set_index("area_code")["population"], errors="coerce")
    newer = districts["area_code"].map(mid2022)
    older = pd.to_numeric(districts.get("population"), errors="coerce")
    population = newer.fillna(older).round().astype("Int64")
    source = np.where(newer.notna(), "ONS mid-2022", "ONS mid-2018")
    return population, source


# --- small areas -----------------------------------------------------------------------------

SMALL_AREA_COLUMNS = [
    "LSOA21CD",
    "LSOA21NM",
    "LAD22CD",
    "easting",
    "northing",
    "lat",
    "lon",
    "usual_residents_total",
]
AGE_COLUMNS = ["age_0_15", "age_16_24", "age_25_34", "age_35_49", "age_50_64", "age_65_plus"]


def read_small_areas(folder: Path, settings: dict, district_codes: list[str]) -> pd.DataFrame:
    relative = settings["FILE_LSOA_POPULATION"]
    frame = read_csv(folder, relative, SMALL_AREA_COLUMNS)
    frame = frame[frame["LAD22CD"].isin(settings["AREA_DISTRICTS"])].copy()
    for column in ["easting", "northing", "lat", "lon", "usual_residents_total"]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    _require_complete(
        frame, ["easting", "northing", "lat", "lon", "usual_residents_total"], relative
    )
    unknown = sorted(set(frame["LAD22CD"]) - set(district_codes))
    if unknown:
        raise ReferenceDataError(
            f"LSOAs in {relative} name district(s) {', '.join(unknown)} "
            "that have no boundary in the districts file."
        )
    imd = carry_imd_to_2021(folder, settings, frame["LSOA21CD"].tolist())
    frame = frame.merge(imd, how="left", left_on="LSOA21CD", right_index=True)
    renamed = frame.rename(
        columns={
            "LSOA21CD": "code",
            "LSOA21NM": "name",
            "LAD22CD": "district_code",
            "usual_residents_total": "population",
        }
    )
    keep = [
        "code",
        "name",
        "district_code",
        "population",
        "easting",
        "northing",
        "lat",
        "lon",
        "imd_score",
        "imd_decile",
        "imd_method",
    ] + [c for c in AGE_COLUMNS if c in frame]
    return renamed[keep].sort_values("code").reset_index(drop=True)


# --- postcodes and places --------------------------------------------------------------------

POSTCODE_COLUMNS = [
    "postcode",
    "outcode",
    "easting",
    "northing",
    "lat",
    "lon",
    "admin_district_code",
    "positional_quality",
]


def read_postcodes(folder: Path, settings: dict) -> pd.DataFrame:
    relative = settings["FILE_POSTCODES"]
    frame = read_csv(folder, relative, POSTCODE_COLUMNS, dtype={"postcode": str})
    for column in ["easting", "northing", "lat", "lon"]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    _require_complete(frame, ["postcode", "easting", "northing", "lat", "lon"], relative)
    frame["postcode"] = frame["postcode"].str.upper().str.split().str.join(" ")
    frame["key"] = frame["postcode"].str.replace(" ", "", regex=False)
    frame = frame.drop_duplicates("key")
    frame["positional_quality"] = pd.to_numeric(
        frame["positional_quality"], errors="coerce"
    ).astype("Int64")
    return frame.rename(columns={"admin_district_code": "district_code"})[
        [
            "key",
            "postcode",
            "outcode",
            "lat",
            "lon",
            "easting",
            "northing",
            "district_code",
            "positional_quality",
        ]
    ]


PLACE_COLUMNS = [
    "os_id",
    "name1",
    "name2",
    "local_type",
    "easting",
    "northing",
    "lat",
    "lon",
    "postcode_district",
    "county_unitary",
]


def read_places(folder: Path, settings: dict, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    relative = settings["FILE_PLACES"]
    frame = read_csv(folder, relative, PLACE_COLUMNS, dtype={"os_id": str})
    for column in ["easting", "northing", "lat", "lon"]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    _require_complete(frame, ["os_id", "name1", "easting", "northing", "lat", "lon"], relative)
    frame["name_key"] = frame["name1"].map(normalise_place_name)
    frame["alt_name_key"] = frame["name2"].map(
        lambda v: normalise_place_name(v) if isinstance(v, str) and v else None
    )
    frame["district_code"] = _district_of_points(frame, districts)
    frame = frame.drop_duplicates("os_id")
    return frame.rename(columns={"os_id": "id", "name1": "name", "county_unitary": "county"})[
        [
            "id",
            "name",
            "name_key",
            "alt_name_key",
            "local_type",
            "lat",
            "lon",
            "easting",
            "northing",
            "postcode_district",
            "county",
            "district_code",
        ]
    ]


def _district_of_points(frame: pd.DataFrame, districts: gpd.GeoDataFrame) -> pd.Series:
    """Label places inside a loaded district (only used for ranking name matches)."""
    points = gpd.GeoDataFrame(
        index=frame.index, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326
    )
    joined = gpd.sjoin(points, districts[["code", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["code"].reindex(frame.index).astype(object).where(lambda s: s.notna(), None)
