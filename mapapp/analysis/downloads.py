"""CSV downloads that say what they are: the parameters and the date in the file's name
and in its first rows, then a blank row, then the table (read it with pandas'
``skiprows=PREAMBLE_ROWS``). Used for the district table, the per-neighbourhood table, the
ranked gaps and the best sites.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from urllib.parse import urlencode

from .. import vocab as D
from .outputs import csv_header, csv_rows, safe_cell, threshold_key
from .params import SUPPLY_ATTENDANCE, GapParams

PREAMBLE_ROWS = 4  # title, parameters, made, blank


def parameters_text(params: GapParams, extra: list[tuple[str, str]] = ()) -> str:
    return urlencode([*params.query(), *extra]) or "(defaults)"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", text.lower()).strip("-")


def download_name(
    stem: str, params: GapParams, made: dt.datetime, extra: list[tuple[str, str]] = ()
) -> str:
    """e.g. gaps-lsoas_1600m-5000m_audience-women_2026-12-04.csv"""
    parts = ["-".join(f"{threshold_key(t)}m" for t in params.thresholds_m)]
    if params.domains != D.CODES:
        parts.append("-".join(params.domains))
    if params.attendance != SUPPLY_ATTENDANCE:
        parts.append("-".join(params.attendance))
    if params.audience:
        parts.append("audience-" + "-".join(params.audience))
    parts += [f"{name}-{value}" for name, value in extra]
    return "_".join([stem, *(_slug(p) for p in parts), f"{made:%Y-%m-%d}"]) + ".csv"


def csv_download(
    title: str,
    params: GapParams,
    made: dt.datetime,
    header: list[str],
    rows: list[list],
    extra: list[tuple[str, str]] = (),
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title])
    writer.writerow(["parameters", parameters_text(params, extra)])
    writer.writerow(["made", f"{made:%Y-%m-%d %H:%M %Z}".strip()])
    writer.writerow([])
    writer.writerow(header)
    writer.writerows([["" if v is None else safe_cell(v) for v in row] for row in rows])
    return out.getvalue()


# --- the tables ------------------------------------------------------------------------------

DISTRICT_TITLE = "Gap analysis: districts by domain"


def district_csv(report, made: dt.datetime, body: dict | None = None) -> tuple[str, str]:
    """(file name, text) of the district x domain table, what /api/gaps.csv and
    `mapapp gaps --csv` write; ``body`` is report.to_json() when the caller already has it."""
    params = report.params
    rows = csv_rows(report.to_json() if body is None else body)
    text = csv_download(DISTRICT_TITLE, params, made, csv_header(params), rows)
    return download_name("gaps", params, made), text


LSOA_HEADER = [
    "lsoa_code",
    "lsoa_name",
    "place",
    "district_code",
    "population",
    "imd_decile",
    "deprived",
    *(f"nearest_m_{c}" for c in D.CODES),
    "access_score",
    "access_rank",
    "access_decile",
]


def _metres(value: float):
    return None if value != value or value == float("inf") else round(float(value), 1)


def lsoa_rows(report, names: dict) -> list[list]:
    table = report.lsoas
    rows = []
    for record in table.to_dict("records"):
        decile = record["imd_decile"]
        rows.append(
            [
                record["code"],
                record["name"],
                names.get(record["code"]),
                record["district_code"],
                int(record["population"]),
                None if decile is None or decile != decile else int(decile),
                "true" if record["deprived"] else "false",
                *(_metres(record[f"nearest_m_{c}"]) for c in D.CODES),
                round(float(record["access_score"]), 2),
                int(record["access_rank"]),
                int(record["access_decile"]),
            ]
        )
    return rows


RANKED_HEADER = [
    "rank",
    "district_code",
    "district_name",
    "domain",
    "status",
    "gap_reasons",
    "coverage_pct",
    "residents_beyond",
    "deprived_residents_beyond",
    "priority",
    "neighbourhoods",
]


def ranked_rows(ranked: list[dict]) -> list[list]:
    return [
        [
            g["rank"],
            g["district_code"],
            g["district_name"],
            g["domain"],
            g["status"],
            ";".join(g["gap_reasons"]),
            g["coverage_pct"],
            g["residents_beyond"],
            g["deprived_residents_beyond"],
            g["priority"],
            "; ".join(f"{n['place'] or n['name']} ({n['code']})" for n in g["neighbourhoods"]),
        ]
        for g in ranked
    ]


SITES_HEADER = [
    "rank",
    "kind",
    "lsoa_or_listings",
    "place",
    "lat",
    "lon",
    "easting",
    "northing",
    "residents_added",
    "deprived_residents_added",
    "residents_reached_so_far",
    "neighbourhoods",
]


def site_rows(body: dict) -> list[list]:
    return [
        [
            s["rank"],
            s["kind"],
            s.get("lsoa") or s.get("listings"),
            s["place"],
            s["lat"],
            s["lon"],
            s["x"],
            s["y"],
            s["residents_added"],
            s["deprived_residents_added"],
            s["residents_reached_so_far"],
            ";".join(n["code"] for n in s["neighbourhoods"]),
        ]
        for s in body["sites"]
    ]
