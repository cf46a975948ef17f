"""Uploads for import: the type and size check as a case table, and keeping an upload
(owner-only, bound to its user, gone after an hour). No database."""

import datetime as dt
import io
import zipfile

import pytest

from mapapp.errors import NotFound
from mapapp.ingest import uploads

NOW = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)


def _workbook() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return data.getvalue()


@pytest.mark.parametrize(
    "filename, data, fmt, kind",
    [
        ("a.csv", b"Name,Day\nAA,Monday\n", "auto", "text"),
        ("a.CSV", "Café,Lundi\n".encode("cp1252"), "csv", "text"),
        ("a.tsv", b"Name\tDay\n", "tsml", "text"),
        ("a.xlsx", _workbook(), "xlsx", "xlsx"),
        ("feed.json", b'\xef\xbb\xbf[{"name": "AA"}]', "meeting-guide", "json"),
        ("feed.geojson", b'{"type": "FeatureCollection", "features": []}', "auto", "json"),
    ],
)
def test_accepted(filename, data, fmt, kind):
    assert uploads.check_file(filename, data, fmt, 1000) == kind


@pytest.mark.parametrize(
    "filename, data, fmt, message",
    [
        ("a.pdf", b"%PDF", "auto", "Choose a .csv, .xlsx or .json file (this one is '.pdf')."),
        ("README", b"text", "auto", "this one is 'without an extension'"),
        ("a.csv", b"", "auto", "The file is empty"),
        ("a.csv", b"x" * 1001, "auto", "The file is 1,001 bytes; the limit is 1,000."),
        ("a.xlsx", b"Name,Day\n", "auto", "is not an Excel workbook"),
        ("a.xlsx", _workbook()[:40], "auto", "is not an Excel workbook"),  # cut short
        ("a.json", b"{'single': 'quotes'}", "auto", "This .json file is not valid JSON"),
        ("a.json", b'["\xff"]', "auto", "is not valid JSON"),
        ("a.csv", _workbook(), "auto", "is not text"),
        ("a.txt", b"Name\x00Day", "auto", "is not text"),
        ("a.json", b"[]", "xlsx", "A .json file cannot be xlsx"),
        ("a.csv", b"Name\n", "oruk", "A .csv file cannot be oruk"),
    ],
)
def test_refused_with_a_reason(filename, data, fmt, message):
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check_file(filename, data, fmt, 1000)
    assert message in refused.value.message


def test_save_load_discard(tmp_path):
    folder = tmp_path / "uploads"
    saved = uploads.save(folder, "../../etc/Listings March.csv", b"Name\n", "March", "csv", 7, NOW)
    assert saved.path == folder / saved.token / "Listings_March.csv"  # no way out of its folder
    assert saved.path.read_bytes() == b"Name\n" and len(saved.token) == 32
    assert (folder / saved.token).stat().st_mode & 0o077 == 0
    loaded = uploads.load(folder, saved.token, 7, NOW + dt.timedelta(minutes=59))
    assert (loaded.source, loaded.fmt, loaded.filename) == ("March", "csv", "Listings_March.csv")
    assert uploads.save(folder, "日本.CSV", b"a", "s", "csv", 7, NOW).filename == "upload.csv"
    for token, user in ((saved.token, 8), ("../" + saved.token[3:], 7), ("", 7)):
        with pytest.raises(NotFound):
            uploads.load(folder, token, user, NOW)
    uploads.discard(loaded)
    assert saved.token not in [p.name for p in folder.iterdir()]


def test_expired_uploads_are_removed(tmp_path):
    folder = tmp_path / "uploads"
    old = uploads.save(folder, "old.csv", b"a", "old", "auto", 1, NOW)
    with pytest.raises(NotFound):
        uploads.load(folder, old.token, 1, NOW + dt.timedelta(hours=1, seconds=1))
    assert list(folder.iterdir()) == []
    stale = uploads.save(folder, "stale.csv", b"a", "s", "auto", 1, NOW)
    fresh = uploads.save(folder, "fresh.csv", b"a", "f", "auto", 1, NOW + dt.timedelta(hours=2))
    assert [p.name for p in folder.iterdir()] == [fresh.token]  # saving sweeps the old ones
    assert stale.token != fresh.token


@pytest.mark.parametrize(
    "stem",
    [
        "Listings March",
        "../x",
        ".hidden",
        "café menu",
        "日本",
        "a\tb  c",
        "__x__",
        "x.y-z",
        "ﬁle",
        "..",
        "",
    ],
)
def test_safe_stem_is_werkzeugs_rule(stem):
    from werkzeug.utils import secure_filename  # the rule it replaced (ingest needs no Flask)

    assert uploads.safe_stem(stem) == secure_filename(stem)
