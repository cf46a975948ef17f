"""A GapReport as JSON, CSV rows, LSOA GeoJSON and a plain-text table.

The JSON is the one description of a report: the page renders it, the API returns it and
the CSV flattens it, so the three cannot disagree.
"""

from __future__ import annotations

import math

import numpy as np

from .. import vocab as D
from . import rules
from .params import GapParams, plain_number
from .residents import DEPRIVED_DECILES
from .supply import (
    DAYS,
    EXCLUSIONS,
    LOCAL_PRECISIONS,
    SESSION_KINDS,
    SLOTS,
    WEEKLY_WEIGHT,
)

PCT = rules.PCT_DIGITS  # the rules judge these figures as rounded here
SHORT_LABELS = {
    "twelve-step": "12-step",
    "mutual-aid": "Mutual aid",
    "recovery-support": "Support",
    "activities": "Activities",
    "volunteering": "Volunteer",
    "community-links": "Links",
    "growth-pathways": "Growth",
    "treatment": "Treatment",
}


def threshold_key(threshold: float) -> str:
    return str(plain_number(threshold))


def _round(value, digits: int):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _time_of_week(percentages: np.ndarray) -> dict:
    table: dict = {day: {} for day in DAYS}
    for (day, part), value in zip(SLOTS, percentages, strict=True):
        table[day][part] = _round(value, rules.PCT_DIGITS)
    return table


def cell_json(cell, params: GapParams) -> dict:
    keys = [threshold_key(t) for t in params.thresholds_m]
    reasons = cell.gap_reasons
    return {
        "assets": cell.assets,
        "assets_per_10k": _round(cell.assets_per_10k, 3),
        "weekly_sessions": _round(cell.weekly_sessions, 3),
        "sessions_per_10k": _round(cell.sessions_per_10k, 3),
        "coverage_pct": dict(zip(keys, (_round(v, PCT) for v in cell.coverage_pct), strict=True)),
        "deprived_coverage_pct": dict(
            zip(keys, (_round(v, PCT) for v in cell.deprived_coverage_pct), strict=True)
        ),
        "deprived_difference_pts": dict(
            zip(keys, (_round(v, PCT) for v in cell.deprived_difference_pts), strict=True)
        ),
        "time_of_week_pct": _time_of_week(cell.time_of_week_pct),
        "lived_experience_led": {"assets": cell.lero_assets, "pct": _round(cell.lero_pct, PCT)},
        "gap": bool(reasons),
        "gap_reasons": reasons,
    }


def group_json(group, params: GapParams) -> dict:
    return {
        "code": group.code,
        "name": group.name,
        "lsoas": group.lsoas,
        "population": int(round(group.population)),
        "deprived_population": int(round(group.deprived_population)),
        "checklist": group.checklist,
        "domains": {code: cell_json(group.cells[code], params) for code in params.domains},
        "time_of_week_pct": _time_of_week(group.any_time_of_week_pct),
        "lived_experience_led": {
            "listings": group.lero_listings,
            "of": group.listings,
            "pct": _round(group.lero_pct, PCT),
        },
    }


def method_json(params: GapParams) -> dict:
    parts = {name: f"{low:%H:%M}–{high:%H:%M}" for name, (low, high) in D.DAY_PARTS.items()}
    return {
        "threshold_m": plain_number(params.threshold_m),
        "distance": "straight line between points in British National Grid (EPSG:27700)",
        "residents": "Census 2021 LSOA population-weighted centroids with their population",
        "deprived_imd_deciles": list(DEPRIVED_DECILES),
        "local_precisions": list(LOCAL_PRECISIONS),
        "session_kinds": list(SESSION_KINDS),
        "weekly_session_weights": {k: round(v, 6) for k, v in WEEKLY_WEIGHT.items()},
        "time_of_week": {"days": list(DAYS), "parts": parts},
        **rules.rules_json(),
    }


def report_json(report) -> dict:
    params = report.params
    supply = report.supply
    return {
        "parameters": params.to_json(),
        "method": method_json(params),
        "domains": [
            {"code": code, "label": D.label(code), "is_context": D.BY_CODE[code].is_context}
            for code in params.domains
        ],
        "supply": {
            "counted": supply.counted,
            "excluded": dict(supply.excluded),
            "online_alternatives": dict(supply.online_alternatives),
        },
        "districts": [group_json(g, params) for g in report.districts],
        "area": group_json(report.area, params),
    }


# --- CSV -------------------------------------------------------------------------------------


def csv_header(params: GapParams) -> list[str]:
    header = [
        "district_code",
        "district_name",
        "domain",
        "population",
        "deprived_population",
        "assets",
        "assets_per_10k",
        "weekly_sessions",
        "sessions_per_10k",
    ]
    for key in (threshold_key(t) for t in params.thresholds_m):
        header += [
            f"coverage_pct_{key}m",
            f"deprived_coverage_pct_{key}m",
            f"deprived_difference_pts_{key}m",
        ]
    header += ["gap", "gap_reasons", "checklist"]
    return header + [f"sessions_{day}_{part}_pct" for day, part in SLOTS]


def csv_rows(body: dict) -> list[list]:
    """Rows under csv_header: every district (then the whole area) × selected domain."""
    keys = [threshold_key(t) for t in body["parameters"]["threshold_m"]]
    rows = []
    for group in body["districts"] + [body["area"]]:
        for code, cell in group["domains"].items():
            row = [
                group["code"] or "",
                group["name"],
                code,
                group["population"],
                group["deprived_population"],
                cell["assets"],
                cell["assets_per_10k"],
                cell["weekly_sessions"],
                cell["sessions_per_10k"],
            ]
            for key in keys:
                row += [
                    cell["coverage_pct"][key],
                    cell["deprived_coverage_pct"][key],
                    cell["deprived_difference_pts"][key],
                ]
            row += [
                "true" if cell["gap"] else "false",
                ";".join(cell["gap_reasons"]),
                group["checklist"].get(code, ""),
            ]
            row += [cell["time_of_week_pct"][day][part] for day, part in SLOTS]
            rows.append(["" if v is None else safe_cell(v) for v in row])
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A stored text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
    return first) gets a leading single quote; numbers stay numbers (-20.0 is a figure)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- LSOA GeoJSON ----------------------------------------------------------------------------


def _column(values, digits: int) -> list:
    """Rounded floats as a list, with None where there is no value (nan or inf)."""
    array = np.asarray(values, dtype=float)
    rounded = np.round(array, digits).astype(object)
    rounded[~np.isfinite(array)] = None
    return rounded.tolist()


def lsoa_geojson(report) -> dict:
    """Each LSOA as its population-weighted centroid (no 2021 LSOA polygons are loaded).

    nearest_m_<domain> is null when no listing of that domain is counted anywhere. Built
    column by column: a row-by-row frame walk took most of the time for 35,000 LSOAs."""
    table = report.lsoas
    decile = table["imd_decile"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    columns = {
        "code": table["code"].tolist(),
        "name": table["name"].tolist(),
        "district_code": table["district_code"].tolist(),
        "population": table["population"].astype(int).tolist(),
        "imd_decile": [None if d is None else int(d) for d in _column(decile, 0)],
        "deprived": table["deprived"].astype(bool).tolist(),
        **{f"nearest_m_{code}": _column(table[f"nearest_m_{code}"], 1) for code in D.CODES},
        "access_score": _column(table["access_score"], 2),
        "access_rank": table["access_rank"].astype(int).tolist(),
        "access_decile": table["access_decile"].astype(int).tolist(),
    }
    names = list(columns)
    rows = zip(*columns.values(), strict=True)
    points = zip(_column(table["lon"], 6), _column(table["lat"], 6), strict=True)
    features = [
        {
            "type": "Feature",
            "properties": dict(zip(names, values, strict=True)),
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for (lon, lat), values in zip(points, rows, strict=True)
    ]
    return {
        "type": "FeatureCollection",
        "parameters": report.params.to_json(),
        "features": features,
    }


# --- a plain-text table for the command line -------------------------------------------------


def text_table(body: dict) -> str:
    codes = [domain["code"] for domain in body["domains"]]
    key = threshold_key(body["parameters"]["threshold_m"][0])
    width = max(len(g["name"]) for g in body["districts"] + [body["area"]])
    heads = [SHORT_LABELS[c] for c in codes]
    lines = [
        f"Residents within {float(key):,.0f} m (straight line) of an in-person "
        "listing, by district and domain; ! marks a gap.",
        " " * width + "  " + "  ".join(f"{h:>10}" for h in heads),
    ]
    for group in body["districts"] + [body["area"]]:
        cells = []
        for code in codes:
            cell = group["domains"][code]
            mark = "!" if cell["gap"] else " "
            cells.append(f"{cell['coverage_pct'][key]:>8.1f}%{mark}")
        lines.append(f"{group['name']:<{width}}  " + "  ".join(cells))
    excluded = ", ".join(f"{EXCLUSIONS[k]} {v}" for k, v in body["supply"]["excluded"].items() if v)
    lines.append(
        f"Listings counted: {body['supply']['counted']:,}"
        + (f"; left out: {excluded}" if excluded else "")
    )
    return "\n".join(lines)


# --- the biggest gaps of a district ----------------------------------------------------------


def biggest_gaps(group: dict, threshold: str, limit: int = 5) -> list[dict]:
    """A district's flagged domains, worst first: the most reasons, then the lowest
    coverage, then the deprived furthest behind."""
    flagged = [(code, cell) for code, cell in group["domains"].items() if cell["gap"]]
    flagged.sort(
        key=lambda item: (
            -len(item[1]["gap_reasons"]),
            item[1]["coverage_pct"][threshold],
            item[1]["deprived_difference_pts"][threshold] or 0.0,
        )
    )
    return [
        {
            "domain": code,
            "label": D.label(code),
            "coverage_pct": cell["coverage_pct"][threshold],
            "reasons": [rules.GAP_REASONS[r].text for r in cell["gap_reasons"]],
        }
        for code, cell in flagged[:limit]
    ]
