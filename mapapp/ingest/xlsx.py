"""Read an .xlsx workbook's visible sheets as rows, within the limits (limits.py).

openpyxl's read-only mode streams the sheet XML, but it sizes every sheet from the
dimension the file declares and pads each row to it: `A1:XFD1048576` with one far cell
made a 1.6 KB file cost gigabytes. Here the declared dimension is dropped
(`reset_dimensions`), so a row is only as wide as its own last cell and rows are read
one at a time; `limits.bounded_rows` stops at the first value past a limit. The archive's
sizes are checked, and every part inflated once with its bytes counted, before openpyxl
parses anything.

Merged cells: a navigator who merges "Monday" down over three rows means each of those rows
is on Monday, but the file holds the value in the first cell only. A merged range's value is
therefore copied down its first column, into every row it spans (never across columns: a
note merged across a row would otherwise land in the postcode column).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import iterparse

from ..errors import MapappError
from .limits import LimitExceeded, Limits, bounded_rows, check_archive

UNREADABLE = (
    "{name} is not a readable .xlsx workbook ({reason}). Save it again from Excel "
    "or LibreOffice as .xlsx, or export it as CSV."
)


class UnreadableWorkbook(MapappError):
    """Not a workbook openpyxl can open (the message says what to do instead)."""


def sheets(data: bytes, name: str, limits: Limits) -> Iterator[tuple[str, list[list]]]:
    """(title, rows) for each visible sheet, in order; LimitExceeded past a limit."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, name, limits)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except LimitExceeded:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise UnreadableWorkbook(UNREADABLE.format(name=name, reason=_first_line(exc))) from None
    try:
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            if hasattr(sheet, "reset_dimensions"):  # read-only sheets; charts have none
                sheet.reset_dimensions()
            rows = bounded_rows(sheet.iter_rows(values_only=True), name, limits, sheet.title)
            yield sheet.title, fill_merged(list(rows), _merged(data, sheet))
    finally:
        book.close()


_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _merged(data: bytes, sheet) -> list[tuple[int, int, int]]:
    """(first row, last row, column), 0-based, of each merged range of ``sheet``. The sheet
    part was inflated and counted by check_archive before, so reading it again is bounded."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    ranges = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as part:
        for _event, element in iterparse(part):
            if element.tag.endswith("}mergeCell"):
                found = _range(element.get("ref", ""))
                if found:
                    ranges.append(found)
            element.clear()  # keep memory flat however long the sheet
    return ranges


def _range(ref: str) -> tuple[int, int, int] | None:
    ends = [_CELL.match(part) for part in ref.upper().split(":")]
    if len(ends) != 2 or not all(ends):
        return None
    (column, top), (_column, bottom) = ends[0].groups(), ends[1].groups()
    return int(top) - 1, int(bottom) - 1, _column_index(column)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def fill_merged(rows: list[list], ranges: list[tuple[int, int, int]]) -> list[list]:
    """Copy each merged range's value down its first column (within the rows read)."""
    for top, bottom, column in ranges:
        if top >= len(rows) or column >= len(rows[top]) or rows[top][column] is None:
            continue
        value = rows[top][column]
        for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = list(rows[index])
            row.extend([None] * (column + 1 - len(row)))
            if row[column] is None:
                row[column] = value
            rows[index] = row
    return rows


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]
