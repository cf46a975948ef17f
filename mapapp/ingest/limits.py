"""Limits on what one input file may make the importer do, checked before the work.

A small file can still ask for a great deal: a workbook that declares the dimension
A1:XFD1048576 makes a reader that trusts it pad every row to 16,384 cells, and a zip
archive can expand a thousandfold. So, before and while a file is read:

- its size on disk (the command line's limit; the import page checks its own on upload);
- for a workbook, the sizes its zip directory declares, in total and as a ratio per part,
  before anything is parsed; then every part is inflated once with its bytes counted, so a
  header that lies is caught too (zipfile itself stops at the declared size, and the CRC
  then fails; counting here does not depend on that);
- rows and columns, counted as they are read: a sheet is read row by row without its
  declared dimension, and the read stops at the first value past a limit.

Every refusal is one line naming the file, the limit and what to do.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import MapappError

# A part that inflates more than this many times over is not a spreadsheet someone saved
# (sheets of repeated cells compress 10-100 times); parts under RATIO_FLOOR are let be.
MAX_RATIO = 200
RATIO_FLOOR = 1_000_000
MAX_PARTS = 10_000
_CHUNK = 1 << 20


class LimitExceeded(MapappError):
    """The file is over one of the limits: nothing was loaded."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200_000_000
    max_uncompressed_bytes: int = 200_000_000
    max_rows: int = 200_000
    max_columns: int = 250

    @classmethod
    def from_settings(cls, settings: Mapping) -> Limits:
        defaults = cls()
        return cls(
            **{
                name: int(settings.get(f"INGEST_{name.upper()}") or getattr(defaults, name))
                for name in ("max_bytes", "max_uncompressed_bytes", "max_rows", "max_columns")
            }
        )


def check_file_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise LimitExceeded(
            f"{path.name} is {size:,} bytes; the limit is "
            f"{limits.max_bytes:,}. Split it into smaller files."
        )


def check_archive(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """The zip directory's declared sizes, then the real ones, before anything is parsed."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise LimitExceeded(
            f"{name} has {len(parts):,} parts; a workbook has a few dozen. "
            "Save it again from Excel or LibreOffice, or export it as CSV."
        )
    declared = sum(part.file_size for part in parts)
    if declared > limits.max_uncompressed_bytes:
        raise _expands(name, declared, limits)
    for part in parts:
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise LimitExceeded(
                f"{name} expands to {part.file_size:,} bytes from {part.compress_size:,} "
                f"({part.file_size // max(part.compress_size, 1):,} times over): no saved "
                "workbook compresses like that. Save it again from Excel or LibreOffice, or "
                "export it as CSV."
            )
    inflated = sum(_inflate_counted(archive, part, name, limits) for part in parts)
    if inflated > limits.max_uncompressed_bytes:
        raise _expands(name, inflated, limits)


def _inflate_counted(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, limits: Limits
) -> int:
    """Inflate one part a chunk at a time, counting: never more than the limit held, and
    never more than the limit read, whatever the header said."""
    count = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                count += len(chunk)
                if count > limits.max_uncompressed_bytes:
                    raise _expands(name, count, limits, at_least=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise LimitExceeded(
            f"{name} is damaged ({part.filename}: {exc}). Save it again "
            "from Excel or LibreOffice, or export it as CSV."
        ) from None
    return count


def _expands(name: str, size: int, limits: Limits, at_least: bool = False) -> LimitExceeded:
    more = "more than " if at_least else ""
    return LimitExceeded(
        f"{name} expands to {more}{size:,} bytes when unzipped; the limit is "
        f"{limits.max_uncompressed_bytes:,}. Split it into smaller "
        "workbooks, or export it as CSV."
    )


def bounded_rows(
    rows: Iterable[Iterable], name: str, limits: Limits, sheet: str | None = None
) -> Iterator[list]:
    """The rows, trailing empty cells trimmed, numbered from 1 as in the file. Stops with
    LimitExceeded at the first value past the row or column limit; empty rows and cells
    beyond the limits (formatting a program left behind) are passed over, not refused."""
    where = f" (sheet '{sheet}')" if sheet else ""
    for number, row in enumerate(rows, start=1):
        values = _trimmed(row)
        if not values:
            if number <= limits.max_rows:
                yield values
            continue
        if number > limits.max_rows:
            raise LimitExceeded(
                f"{name} has data in row {number:,}{where}; the limit is "
                f"{limits.max_rows:,} rows. Split it into smaller files, or "
                "delete stray cells below the table."
            )
        if len(values) > limits.max_columns:
            raise LimitExceeded(
                f"{name} has {len(values):,} columns in row {number:,}{where}; "
                f"the limit is {limits.max_columns:,} columns. Delete stray "
                "cells to the right of the table."
            )
        yield values


def _trimmed(row: Iterable) -> list:
    values = list(row)
    end = len(values)
    while end and values[end - 1] in (None, ""):
        end -= 1
    del values[end:]
    return values
