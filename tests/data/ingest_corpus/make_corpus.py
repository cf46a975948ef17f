#!/usr/bin/env python3
"""Write the labelled ingest corpus: the sheets and feeds, and beside each its expected
reading (<file>.expected.json), from the hand-written rows in the sheet_*.py and feed_*.py
modules here. Run it after changing a row:

    python tests/data/ingest_corpus/make_corpus.py

Row keys are what a navigator sees: the line number in a CSV (the header is a line too),
'Sheet!row' in a workbook, the 1-based position in a JSON feed. A duplicate names the row
it repeats as 'key' in the same file or 'file:key' in a file imported before it; the
manifest (corpus.json) gives the order of import.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import feed_meeting_guide  # noqa: E402
import sheet_amber_valley  # noqa: E402
import sheet_chesterfield  # noqa: E402
import sheet_dales  # noqa: E402
import sheet_derby_services  # noqa: E402
import sheet_high_peak  # noqa: E402
import sheet_south_derbyshire  # noqa: E402
import sheet_tsml  # noqa: E402

ORDER = (
    sheet_high_peak,
    sheet_amber_valley,
    sheet_derby_services,
    sheet_chesterfield,
    sheet_south_derbyshire,
    sheet_dales,
    feed_meeting_guide,
    sheet_tsml,
)


def write_csv(module) -> dict:
    title = getattr(module, "TITLE_ROWS", [])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(title + [module.HEADER] + [cells for cells, _ in module.ROWS])
    (HERE / module.FILE).write_bytes(buffer.getvalue().encode(module.ENCODING))
    first = len(title) + 2
    return {str(first + i): expected for i, (_, expected) in enumerate(module.ROWS)}


def write_xlsx(module) -> dict:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    sheets = getattr(module, "SHEETS", None) or {module.SHEET: module.ROWS}
    title = getattr(module, "TITLE_ROWS", [])
    expected = {}
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for line in title + [module.HEADER] + [cells for cells, _ in rows]:
            sheet.append(line)
        first = len(title) + 2
        expected.update({f"{name}!{first + i}": e for i, (_, e) in enumerate(rows)})
    book.properties.creator = "mapapp corpus"
    for item in (book.properties,):  # fixed times so the file is the same on every run
        item.created = item.modified = __import__("datetime").datetime(2026, 11, 1)
    book.save(HERE / module.FILE)
    return expected


def write_json(module) -> dict:
    feed = [meeting for meeting, _ in module.ROWS]
    (HERE / module.FILE).write_text(json.dumps(feed, indent=1) + "\n", encoding="utf-8")
    return {str(i + 1): expected for i, (_, expected) in enumerate(module.ROWS)}


def qualify(file: str, expected: dict, known: set[str]) -> dict:
    """Duplicate references become 'file:key' and must name a row already written."""
    for key, row in expected.items():
        ref = row.get("duplicate_of")
        if ref and ":" not in ref:
            sheet = key.split("!")[0] + "!" if "!" in key and "!" not in ref else ""
            row["duplicate_of"] = f"{file}:{sheet}{ref}"
        if row.get("duplicate_of") and row["duplicate_of"] not in known:
            raise SystemExit(f"{file}:{key}: duplicate_of {row['duplicate_of']} is unknown")
        known.add(f"{file}:{key}")
    return expected


def main() -> None:
    manifest, known, total = [], set(), 0
    for module in ORDER:
        suffix = Path(module.FILE).suffix
        writer = {".csv": write_csv, ".xlsx": write_xlsx, ".json": write_json}[suffix]
        expected = writer(module)
        for key in expected:
            known.add(f"{module.FILE}:{key}")
        known_before = {k for k in known if not k.startswith(module.FILE + ":")}
        expected = qualify(module.FILE, expected, known_before)
        known |= {f"{module.FILE}:{k}" for k in expected}
        out = HERE / (module.FILE + ".expected.json")
        out.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        manifest.append(
            {
                "file": module.FILE,
                "options": getattr(module, "OPTIONS", {}),
                "about": (module.__doc__ or "").strip().split("\n")[0],
            }
        )
        total += len(expected)
    (HERE / "corpus.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{total} rows in {len(manifest)} files")


if __name__ == "__main__":
    main()
