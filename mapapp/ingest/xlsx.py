"""Read an .xlsx workbook's visible sheets as rows, within the limits (limits.py).

openpyxl's read-only mode streams the sheet XML, but it sizes every sheet from the
dimension the file declares and pads each row to it: `A1:XFD1048576` with one far cell
made a 1.6 KB file cost gigabytes. Here the declared dimension is dropped
(`reset_dimensions`), so a row is only as wide as its own last cell and rows are read
one at a time; `limits.bounded_rows` stops at the first value past a limit. The archive's
sizes are checked, and every part inflated once with its bytes counted, before openpyxl
parses anything.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

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
            yield sheet.title, list(rows)
    finally:
        book.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]
