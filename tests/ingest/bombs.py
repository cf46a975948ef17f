"""Hostile input files, made by the tests themselves (nothing large is committed).

Each writer streams what it makes, so a test that builds a file expanding to hundreds of
megabytes holds a few kilobytes at a time: the bombs are meant for the code under test,
not for the test.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

HEADER = ("Group name", "Town", "Day", "Time")
ROW = ("Tuesday Group", "Matlock", "Tuesday", "19:30")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Groups" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{dimension}<sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"
SHEET = "xl/worksheets/sheet1.xml"


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, values, columns: str = "ABCD") -> str:
    cells = "".join(_cell(f"{col}{number}", v) for col, v in zip(columns, values, strict=False))
    return f'<row r="{number}">{cells}</row>'


def _workbook(path: Path, write_sheet) -> Path:
    """A minimal, valid .xlsx; ``write_sheet(handle)`` writes the sheet's XML (bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open(SHEET, "w") as handle:
            write_sheet(handle)
    return path


def small_workbook(path: Path, rows: int = 3) -> Path:
    """A well-formed workbook: the header and ``rows`` listings (the control case)."""

    def write(handle):
        handle.write(_SHEET_START.format(dimension=f'<dimension ref="A1:D{rows + 1}"/>').encode())
        handle.write(_row(1, HEADER).encode())
        for number in range(2, rows + 2):
            handle.write(_row(number, (f"Group {number}", *ROW[1:])).encode())
        handle.write(_SHEET_END.encode())

    return _workbook(path, write)


def dimension_bomb(path: Path) -> Path:
    """About 1.5 KB: a sheet that declares A1:XFD1048576 (every row and column Excel
    allows), a header, one listing, and one cell in the very last row and column.
    A reader that trusts the dimension pads every row to 16,384 cells."""

    def write(handle):
        handle.write(_SHEET_START.format(dimension='<dimension ref="A1:XFD1048576"/>').encode())
        handle.write(_row(1, HEADER).encode())
        handle.write(_row(2, ROW).encode())
        handle.write(f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'.encode())
        handle.write(_SHEET_END.encode())

    return _workbook(path, write)


def zip_bomb(path: Path, sheet_bytes: int = 400_000_000) -> Path:
    """A workbook whose sheet XML expands to about ``sheet_bytes`` (default 400 MB) from
    well under a megabyte: one row repeated, written a megabyte at a time."""
    row = b'<row><c t="inlineStr"><is><t>a</t></is></c></row>'
    chunk = row * (1_000_000 // len(row))

    def write(handle):
        handle.write(_SHEET_START.format(dimension="").encode())
        handle.write(_row(1, HEADER).encode())
        for _ in range(sheet_bytes // len(chunk)):
            handle.write(chunk)
        handle.write(_SHEET_END.encode())

    return _workbook(path, write)


def lying_zip_bomb(path: Path, sheet_bytes: int = 200_000_000, claimed: int = 4_000) -> Path:
    """zip_bomb, then its sheet's sizes in the local header and the central directory are
    rewritten to claim ``claimed`` bytes: a reader that trusts the header and inflates
    without counting meets far more than it was told."""
    zip_bomb(path, sheet_bytes)
    data = bytearray(path.read_bytes())
    name = SHEET.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, claimed)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, claimed)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def wide_csv(path: Path, columns: int = 100_000) -> Path:
    """A CSV whose header has ``columns`` columns (a name column first), and one row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Group name,Town," + ",".join(f"c{n}" for n in range(columns)) + "\n")
        handle.write("Tuesday Group,Matlock," + ",".join("x" for _ in range(columns)) + "\n")
    return path


def tall_csv(path: Path, rows: int) -> Path:
    """A CSV with a header and ``rows`` listings (for the row limit)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADER) + "\n")
        for number in range(rows):
            handle.write(f"Group {number},Matlock,Tuesday,19:30\n")
    return path


def sheet_expansion(path: Path) -> int:
    """The uncompressed size the archive's central directory declares for the sheet."""
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo(SHEET).file_size


def as_bytes(path: Path) -> io.BytesIO:
    return io.BytesIO(path.read_bytes())
