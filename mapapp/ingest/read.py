"""Read an input file into raw rows: CSV (any common encoding), XLSX, TSML, Meeting Guide
JSON, Open Referral UK JSON and GeoJSON. The format is detected or forced.

A file that cannot be read at all raises IngestError (a one-line reason); everything
readable becomes RawRow (a record) or Skipped (a blank line or a title above the header).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import MapappError
from ..text_hygiene import clean, clean_value
from . import feeds, header_match, xlsx
from .limits import Limits, bounded_rows, check_file_size
from .records import RawRow, Skipped

FORMATS = ("auto", "csv", "xlsx", "tsml", "meeting-guide", "oruk", "geojson")
HEADER_SEARCH_ROWS = 20


class IngestError(MapappError):
    """A fatal problem with the input as a whole: nothing is loaded."""


def detect_format(path: Path, data: bytes) -> str:
    return _detect(path, data)[0]


def _detect(path: Path, data: bytes):
    """(format, what was parsed to tell): the reader reuses it instead of parsing again."""
    suffix = path.suffix.lower()
    if data[:2] == b"PK" or suffix in (".xlsx", ".xlsm"):
        return "xlsx", None
    if suffix in (".json", ".geojson") or data.lstrip()[:1] in (b"[", b"{"):
        parsed = _parse_json(data, path)
        return _json_format(parsed), parsed
    if suffix in (".csv", ".txt", ".tsv", ""):
        rows = _csv_rows(data)
        header = next(
            (r for r in rows[:HEADER_SEARCH_ROWS] if header_match.looks_like_header(r)), None
        )
        return ("tsml" if header and header_match.is_tsml(header) else "csv"), rows
    raise IngestError(
        f"Cannot tell the format of {path.name}: use --format ({', '.join(FORMATS[1:])})."
    )


def read(
    path: Path, fmt: str = "auto", limits: Limits | None = None
) -> tuple[str, Iterator[RawRow | Skipped]]:
    """The file's format and its rows, within ``limits`` (limits.py; the defaults if None)."""
    if fmt not in FORMATS:
        raise IngestError(f"Unknown format '{fmt}': choose one of {', '.join(FORMATS)}.")
    limits = limits or Limits()
    try:
        check_file_size(path, limits)
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not data.strip():
        raise IngestError(f"{path.name} is empty: there is nothing to import.")
    fmt, parsed = _detect(path, data) if fmt == "auto" else (fmt, None)
    if fmt in ("csv", "tsml"):
        rows = parsed if parsed is not None else _csv_rows(data)
        return fmt, _table(list(bounded_rows(rows, path.name, limits)), path)
    if fmt == "xlsx":
        return fmt, _xlsx(data, path, limits)
    parsed = parsed if parsed is not None else _parse_json(data, path)
    if fmt == "geojson":
        return fmt, _geojson(parsed, path)
    if fmt == "meeting-guide":
        return fmt, feeds.meeting_guide_rows(_json_list(parsed, path))
    return fmt, feeds.oruk_rows(parsed)


# --- tables ----------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel on Windows saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> list[list[str]]:
    """Comma, semicolon (Excel in many locales) or tab: the one that yields a header row.

    csv.Sniffer guesses from character counts and was seen to pick a delimiter that split
    quoted multi-line cells into extra rows; a recognisable header is a surer sign.
    """
    text = decode(data)
    first = None
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:  # e.g. one cell longer than the csv module allows
            if first is not None:  # not this delimiter: keep the comma reading
                continue
            raise IngestError(
                f"This file cannot be read as CSV ({exc}). Check that it opens in a "
                "spreadsheet program and save it again as CSV."
            ) from None
        first = first if first is not None else rows
        if any(header_match.looks_like_header(row) for row in rows[:HEADER_SEARCH_ROWS]):
            return rows
    return first


def _table(
    rows: list[list], path: Path, sheet: str | None = None, require_header: bool = True
) -> Iterator[RawRow | Skipped]:
    header_at = next(
        (i for i, r in enumerate(rows[:HEADER_SEARCH_ROWS]) if header_match.looks_like_header(r)),
        None,
    )
    if header_at is None:
        if not require_header:
            return
        raise IngestError(
            f"No header row found in {path.name}{_where(sheet)}: the first "
            f"{HEADER_SEARCH_ROWS} rows need one with a name column (e.g. "
            "'Group name', 'Meeting' or 'Name') and another known column."
        )
    header = [str(h).strip() if h is not None else "" for h in rows[header_at]]
    names = _column_names(header, max(map(len, rows[header_at + 1 :]), default=0))
    first = _first_positions(names)
    for number in range(1, header_at + 1):
        yield Skipped(number, f"above the header row{_where(sheet)}")
    for index in range(header_at + 1, len(rows)):
        values = [_cell(v) for v in rows[index]]
        if not any(values):
            yield Skipped(index + 1, f"blank row{_where(sheet)}")
            continue
        yield _raw_row(index + 1, names, first, values, sheet)


def _column_names(header: list[str], width: int) -> list[str]:
    """Each column's name: its header, else its place ('column 7')."""
    return [
        header[p] if p < len(header) and header[p] else f"column {p + 1}"
        for p in range(max(width, len(header)))
    ]


def _first_positions(names: list[str]) -> list[int]:
    """The positions whose name was not used by an earlier column (the first one keeps it)."""
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        seen.setdefault(name, position)
    return sorted(seen.values())


def _raw_row(
    number: int, names: list[str], first: list[int], values: list[str], sheet: str | None
) -> RawRow:
    """A table row keeps its cells under their own headers: build() reads them by header
    words and by content (interpret.py), on the worker processes. The original values
    (for the report) are each name's first column, empty cells included."""
    width = len(values)
    original = {names[p]: values[p] for p in first if p < width}
    if sheet:  # the sheet's name comes first, and no column takes its place
        original.pop("_sheet", None)
        original = {"_sheet": sheet, **original}
    cells = [(names[p], value) for p, value in enumerate(values) if value]
    return RawRow(number, original, {"_cells": cells})


def _where(sheet: str | None) -> str:
    return f" (sheet '{sheet}')" if sheet else ""


def _cell(value) -> str:
    if type(value) is str:  # every CSV cell, most spreadsheet cells: asked first
        return clean(value).strip()  # a stray control character never reaches the database
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%H:%M")
            if value.date() == dt.date(1899, 12, 30)
            else value.date().isoformat()
        )
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value)).strip()  # a stray control character never reaches the database


def _xlsx(data: bytes, path: Path, limits: Limits) -> Iterator[RawRow | Skipped]:
    """Each visible sheet, read without its declared dimension and within the limits
    (xlsx.py); the whole workbook is checked before its first row is given."""
    found_header = False
    try:
        workbook = list(xlsx.sheets(data, path.name, limits))
    except xlsx.UnreadableWorkbook as exc:  # one error type for every unreadable input file
        raise IngestError(exc.message) from None
    for title, rows in workbook:
        for item in _table(rows, path, title, require_header=False):
            found_header = True
            yield item
    if not found_header:
        raise IngestError(
            f"No sheet in {path.name} has a header row with a name column "
            "(e.g. 'Group name', 'Meeting' or 'Name')."
        )


# --- JSON ------------------------------------------------------------------------------------


def _parse_json(data: bytes, path: Path):
    try:
        return clean_value(json.loads(decode(data)))  # no stray control characters
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None


def _json_format(parsed) -> str:
    if isinstance(parsed, dict) and parsed.get("type") == "FeatureCollection":
        return "geojson"
    if feeds.looks_like_oruk(parsed):
        return "oruk"
    if isinstance(parsed, list):
        return "meeting-guide"
    raise IngestError(
        "This JSON is not a Meeting Guide feed (an array of meetings), an Open "
        "Referral UK feed (services) or a GeoJSON FeatureCollection."
    )


def _json_list(parsed, path: Path) -> list:
    if not isinstance(parsed, list):
        raise IngestError(
            f"{path.name} is not a Meeting Guide feed: it must be a JSON array of meetings."
        )
    return parsed


def _geojson(parsed, path: Path) -> Iterator[RawRow]:
    if not isinstance(parsed, dict) or not isinstance(parsed.get("features"), list):
        raise IngestError(f"{path.name} is not a GeoJSON FeatureCollection.")
    for number, feature in enumerate(parsed["features"], start=1):
        properties = (
            dict((feature or {}).get("properties") or {}) if isinstance(feature, dict) else {}
        )
        fields = {
            header_match.field_of(k): v
            for k, v in properties.items()
            if header_match.field_of(k) and v not in (None, "")
        }
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if len(coordinates) >= 2:
                fields["lon"], fields["lat"] = coordinates[0], coordinates[1]
        original = (
            {**properties, "_geometry": geometry}
            if isinstance(feature, dict)
            else {"_feature": feature}
        )
        yield RawRow(number, original, fields)
