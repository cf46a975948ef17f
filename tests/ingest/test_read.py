"""Reading inputs: format detection, encodings, workbooks, and what is not a record."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from mapapp.ingest.read import IngestError, decode, detect_format, read
from mapapp.ingest.records import RawRow, Skipped
from tests.ingest.conftest import DATA


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("navigators_messy.csv", "csv"),
        ("navigators_cp1252.csv", "csv"),
        ("tsml_export.csv", "tsml"),
        ("meeting_guide.json", "meeting-guide"),
        ("oruk_v3.json", "oruk"),
        ("oruk_v1.json", "oruk"),
        ("points.geojson", "geojson"),
    ],
)
def test_formats_are_detected(name, fmt):
    path = DATA / name
    assert detect_format(path, path.read_bytes()) == fmt


def test_encodings():
    assert decode("Café".encode("utf-8-sig")) == "Café"
    assert decode("Café".encode()) == "Café"
    assert decode("St Mary’s – Café".encode("cp1252")) == "St Mary’s – Café"


def test_json_with_a_csv_name_is_still_json(tmp_path):
    path = tmp_path / "feed.txt"
    path.write_text('[{"name": "A", "slug": "a"}]')
    assert read(path)[0] == "meeting-guide"


def _workbook(path: Path) -> Path:
    book = Workbook()
    first = book.active
    first.title = "Chesterfield"
    first.append(["Meetings in Chesterfield"])
    first.append([])
    first.append(["Meeting", "Day", "Start", "Postcode", "Type"])
    first.append(["Serenity Group", "Monday", dt.time(19, 30), "S40 1LP", "AA"])
    first.append([None, None, None, None, None])
    first.append(["Hope Group", "Thursday", dt.datetime(1899, 12, 30, 20, 0), "S40 1LP", "NA"])
    second = book.create_sheet("High Peak")
    second.append(["Group name", "Day(s)", "Time", "Town"])
    second.append(["Buxton Walkers", "Sat", "10am", "Buxton"])
    hidden = book.create_sheet("Old")
    hidden.append(["Group name", "Day", "Town"])
    hidden.append(["Closed group", "Mon", "Matlock"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def test_workbooks_read_every_visible_sheet_with_excel_times(tmp_path):
    fmt, items = read(_workbook(tmp_path / "navigators.xlsx"))
    items = list(items)
    assert fmt == "xlsx"
    records = [i for i in items if isinstance(i, RawRow)]
    assert [(r.original["_sheet"], r.row_number, r.fields["_cells"][0][1]) for r in records] == [
        ("Chesterfield", 4, "Serenity Group"),
        ("Chesterfield", 6, "Hope Group"),
        ("High Peak", 2, "Buxton Walkers"),
    ]
    times = [dict(r.fields["_cells"]).get("Start") for r in records[:2]]
    assert times == ["19:30", "20:00"]  # Excel time cells, on the 24-hour clock
    skipped = [(s.row_number, s.reason) for s in items if isinstance(s, Skipped)]
    assert skipped == [
        (1, "above the header row (sheet 'Chesterfield')"),
        (2, "above the header row (sheet 'Chesterfield')"),
        (5, "blank row (sheet 'Chesterfield')"),
    ]


def test_workbook_ingest_end_to_end(ingest, tmp_path):
    report = ingest(_workbook(tmp_path / "navigators.xlsx"))
    assert (report.format, report.read, report.inserted) == ("xlsx", 3, 3)


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(IngestError, match="Cannot read .*nowhere.csv"):
        read(tmp_path / "nowhere.csv")


def test_a_merged_day_counts_for_every_row_it_spans_and_a_merged_note_stays_in_its_column(
    tmp_path,
):
    book = Workbook()
    sheet = book.active
    sheet.title = "Erewash"
    sheet.append(["Meetings in Erewash (merged title)"])
    sheet.append(["Group", "Day", "Time", "Postcode", "Notes"])
    sheet.append(["Ilkeston AA", "Monday", "19:30", "DE7 5RP", "Ring first: 07700 900123"])
    sheet.append(["Long Eaton NA", None, "20:00", "NG10 1HU", None])
    sheet.append(["Sandiacre CA", None, "18:00", "NG10 5EH", None])
    sheet.append(["Kirk Hallam SMART", "Tuesday", "10:00", "DE7 4HX", None])
    sheet.merge_cells("A1:E1")  # a title across the row: not data, read as before
    sheet.merge_cells("B3:B5")  # Monday, for three groups
    sheet.merge_cells("E3:E4")  # the note: down its own column only
    sheet.merge_cells("C6:D6")  # across columns: never copied into the postcode
    path = tmp_path / "merged.xlsx"
    book.save(path)
    _fmt, items = read(path)
    records = [dict(i.fields["_cells"]) for i in items if isinstance(i, RawRow)]
    assert [(r["Group"], r.get("Day")) for r in records] == [
        ("Ilkeston AA", "Monday"),
        ("Long Eaton NA", "Monday"),
        ("Sandiacre CA", "Monday"),
        ("Kirk Hallam SMART", "Tuesday"),
    ]
    assert [r.get("Notes") for r in records] == [
        "Ring first: 07700 900123",
        "Ring first: 07700 900123",
        None,
        None,
    ]
    assert records[3]["Time"] == "10:00" and records[3].get("Postcode") is None


def test_a_rows_original_values_keep_every_column_under_a_name(tmp_path):
    # Repeated headers keep their first column's value; a column without a header, or
    # beyond the header, is named by its place; empty cells are kept in the original
    # (the report shows what was there) but are not cells to read.
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Name,Notes,,Notes,Postcode\n"
        "Tuesday Group,first note,no header,second note,DE1 1AA,spare,\x07\n"
        "Short row,\n"
    )
    records = [r for r in read(path)[1] if isinstance(r, RawRow)]
    assert records[0].original == {
        "Name": "Tuesday Group",
        "Notes": "first note",
        "column 3": "no header",
        "Postcode": "DE1 1AA",
        "column 6": "spare",
        "column 7": "",
    }
    assert records[0].fields["_cells"] == [
        ("Name", "Tuesday Group"),
        ("Notes", "first note"),
        ("column 3", "no header"),
        ("Notes", "second note"),
        ("Postcode", "DE1 1AA"),
        ("column 6", "spare"),
    ]
    assert records[1].original == {"Name": "Short row"}  # the trailing empty cell is not a column
    assert records[1].fields["_cells"] == [("Name", "Short row")]


def test_a_column_named_like_the_sheet_key_does_not_hide_the_sheet(tmp_path):
    book = Workbook()
    book.active.title = "Erewash"
    book.active.append(["Meeting", "Day", "_sheet", "Postcode"])
    book.active.append(["Serenity Group", "Monday", "mine", "DE7 5RP"])
    book.save(tmp_path / "book.xlsx")
    (record,) = [r for r in read(tmp_path / "book.xlsx")[1] if isinstance(r, RawRow)]
    assert list(record.original.items())[:2] == [
        ("_sheet", "Erewash"),
        ("Meeting", "Serenity Group"),
    ]
