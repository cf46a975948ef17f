"""Settings declared as data, layered: defaults -> instance/config.py -> environment.

Each setting has a name, a default, a parser and a help line. The README's configuration
table is checked against this list by a test, so the two cannot drift apart.
Environment variables are the setting name prefixed with ``MAPAPP_``; ``DATABASE_URL`` is
also read unprefixed because that is what every hosting platform sets.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The eight Derbyshire county districts and Derby city (unitary).
DERBYSHIRE_DISTRICTS = (
    "E07000032",
    "E07000033",
    "E07000034",
    "E07000035",
    "E07000036",
    "E07000037",
    "E07000038",
    "E07000039",
    "E06000015",
)


def parse_list(value: str | list | tuple) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return tuple(part.strip() for part in value.split(",") if part.strip())


def parse_auto_bool(value: str | bool | None) -> bool | None:
    """true/false, or None for 'auto' (decided from other settings at start-up)."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
        return None
    return parse_bool(value)


def parse_bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true/false, got {value!r}")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL. Unset: a SpatiaLite file, instance/mapapp.sqlite. "
        "Production: postgresql+psycopg://user@host/dbname (PostGIS).",
    ),
    Setting(
        "DATABASE_READ_URL",
        (),
        "Comma-separated PostgreSQL URLs of hot standbys of DATABASE_URL: pages and API "
        "reads go there in turn, except for someone who has just written (see replicas.py).",
        parse_list,
    ),
    Setting(
        "REFERENCE_DIR",
        "../shared/reference",
        "Folder with the open reference data (see its SOURCES.md). "
        "A relative path is taken from the project folder.",
    ),
    Setting(
        "AREA_DISTRICTS",
        DERBYSHIRE_DISTRICTS,
        "Comma-separated district (LAD) codes that make up the served area.",
        parse_list,
    ),
    Setting(
        "AREA_NAME",
        "Derbyshire",
        "The served area's name, as feeds give it (the Meeting Guide region).",
        str,
    ),
    Setting(
        "NEIGHBOUR_BUFFER_M",
        5000,
        "Districts within this many metres of the area are loaded as neighbours, so "
        "assets across a boundary count; at least the widest coverage threshold.",
        int,
    ),
    Setting(
        "AREA_MARGIN_M",
        5000,
        "A geocoded point further than this outside the area is flagged for review.",
        int,
    ),
    Setting(
        "TILES_URL",
        "",
        "Optional map tile URL template (e.g. an OpenStreetMap tile server). "
        "Empty: no tiles; the map still shows its own layers.",
        str,
    ),
    Setting(
        "TILES_ATTRIBUTION",
        "",
        "Attribution text required by the tile provider named in TILES_URL.",
        str,
    ),
    Setting(
        "RELATED_DIRECTORIES",
        ("Rethink Mental Illness: mental health support|https://www.rethink.org/",),
        "Other directories offered beside the help numbers, comma-separated, each "
        "'Label|https://address' (e.g. a mental-health services map).",
        parse_list,
    ),
    Setting(
        "GEOCODER",
        "",
        "Optional online geocoder for addresses the reference data cannot place: "
        "'nominatim' (needs geopy). Empty: offline only.",
        str,
    ),
    Setting(
        "GEOCODER_USER_AGENT",
        "mapapp (recovery asset map)",
        "User agent sent to the online geocoder, as its usage policy requires.",
        str,
    ),
    Setting(
        "GEOCODER_MIN_DELAY_S",
        1.0,
        "Seconds between online geocoder requests (Nominatim allows one a second).",
        float,
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Signs session cookies and form tokens. Unset: a key kept in "
        "instance/secret_key, made on first start and shared by every process there.",
        str,
    ),
    Setting(
        "SPATIALITE_LIBRARY",
        "mod_spatialite",
        "Name or path of the SpatiaLite extension module.",
        str,
    ),
    Setting(
        "FILE_DISTRICTS",
        "boundaries/england_lad_dec2019_buc_trafford.geojson",
        "District boundaries (GeoJSON), relative to REFERENCE_DIR.",
    ),
    Setting(
        "FILE_DISTRICT_POPULATION",
        "population/lad_population_mid2022_trafford.csv",
        "District population estimates (CSV: area_code, population).",
    ),
    Setting(
        "FILE_LSOA_POPULATION",
        "population/lsoa21_pwc_census2021_population_ew.csv",
        "Census 2021 LSOA population-weighted centroids with population.",
    ),
    Setting(
        "FILE_LSOA_LOOKUP",
        "lookups/lsoa11_lsoa21_lad22_lookup_ew.csv",
        "LSOA 2011 -> LSOA 2021 -> LAD 2022 lookup (carries IMD 2019 to 2021 LSOAs).",
    ),
    Setting(
        "FILE_IMD",
        "deprivation/imd2019_lsoa11_england.csv",
        "English Indices of Deprivation 2019 by 2011 LSOA.",
    ),
    Setting(
        "FILE_POSTCODES",
        "postcodes/derbyshire_postcodes_codepoint_open_2025_4.csv",
        "Code-Point Open postcode centroids for the area.",
    ),
    Setting(
        "FILE_PLACES",
        "places/gb_populated_places_os_open_names.csv",
        "OS Open Names populated places (towns, villages, suburbs).",
    ),
    Setting(
        "INGEST_PUBLISH_FLAGGED",
        False,
        "Publish imported rows that have a part the importer did not understand, marked "
        "for review, instead of holding them back until a navigator confirms them.",
        parse_bool,
    ),
    Setting(
        "IMPORT_MAX_BYTES",
        5_000_000,
        "Largest file a navigator may upload on the import page, in bytes.",
        int,
    ),
    Setting(
        "REQUEST_MAX_BYTES",
        500_000,
        "Largest request body, in bytes, for every form but the import upload (which may "
        "send IMPORT_MAX_BYTES): a larger one gets a 413 before it is read.",
        int,
    ),
    Setting("INGEST_MAX_BYTES", 200_000_000, "Largest file 'mapapp ingest' reads, in bytes.", int),
    Setting(
        "INGEST_MAX_UNCOMPRESSED_BYTES",
        200_000_000,
        "Largest size an .xlsx workbook may expand to when unzipped, in bytes (import page "
        "and 'mapapp ingest').",
        int,
    ),
    Setting(
        "INGEST_MAX_ROWS",
        200_000,
        "Most rows a table (a CSV file or a sheet) may have, header included.",
        int,
    ),
    Setting("INGEST_MAX_COLUMNS", 250, "Most columns a row of a table may have.", int),
    Setting(
        "FEEDBACK_PER_HOUR",
        5,
        "Reports and suggestions one visitor may send in an hour (counted atomically in "
        "the database, across every app process).",
        int,
    ),
    Setting(
        "GAP_ANALYSES_PER_CLIENT",
        20,
        "New (uncached) gap analyses one client may ask for in 10 minutes; results already "
        "computed are always served.",
        int,
    ),
    Setting(
        "SIGN_IN_FAILURES_PER_CLIENT",
        20,
        "Failed sign-ins one client address may make in 15 minutes before it must "
        "wait (counted in the database, so across every app process).",
        int,
    ),
    Setting(
        "SESSION_IDLE_HOURS",
        8,
        "A signed-in session ends after this many hours without a request.",
        int,
    ),
    Setting(
        "SESSION_MAX_HOURS",
        12,
        "A signed-in session ends this many hours after signing in, however much it is used.",
        int,
    ),
    Setting(
        "SESSION_COOKIE_SECURE",
        "auto",
        "Send the session cookie over HTTPS only. 'auto': when PREFERRED_URL_SCHEME "
        "is https; set true behind a proxy that terminates HTTPS.",
        parse_auto_bool,
    ),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}
ENV_PREFIX = "MAPAPP_"


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    found = {}
    for setting in SETTINGS:
        raw = environ.get(ENV_PREFIX + setting.name)
        if raw is None and setting.name == "DATABASE_URL":
            raw = environ.get("DATABASE_URL")
        if raw is not None:
            found[setting.name] = raw
    return found


def build_config(
    instance_values: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Defaults, then the instance file's values, then the environment, then overrides."""
    layers = [
        instance_values or {},
        _from_environment(os.environ if environ is None else environ),
        overrides or {},
    ]
    config: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    for layer in layers:
        for name, value in layer.items():
            setting = SETTINGS_BY_NAME.get(name)
            if setting is None:
                config[name] = value  # Flask's own keys (TESTING, etc.) pass through
                continue
            try:
                config[name] = None if value is None else setting.parse(value)
            except ValueError as exc:
                raise ValueError(f"Setting {name}: {exc}") from exc
    return config


def instance_secret_key(instance_path: str | os.PathLike) -> str:
    """The key in instance/secret_key, made on first use (owner-only). Every process of
    one installation then signs with the same key: a form one gunicorn worker rendered is
    accepted by another, and sessions survive a restart."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it first
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def resolve_path(value: str | os.PathLike) -> Path:
    """A relative path is relative to the project folder, not the current directory."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


def default_database_url(instance_path: str | os.PathLike) -> str:
    return f"sqlite:///{Path(instance_path) / 'mapapp.sqlite'}"
