"""Holes 1 and 2, and the 100,000-column CSV: files that would exhaust the server are
refused before the work is done, with one line that says what to do, by `mapapp ingest`
(a real subprocess, under a memory ceiling so that a regression fails instead of eating
the machine) and by the import page. The hostile files are generated here (bombs.py).
"""

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from mapapp.config import PROJECT_ROOT
from tests.conftest import REFERENCE_DIR, make_test_app
from tests.ingest import bombs
from tests.web.hostile import add_user, csrf_token, sign_in

CEILING = 1_500_000_000  # bytes of address space for the command under test


def _ceiling():
    resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))


def ingest(database_url: str, path: Path, *options: str, **settings: str):
    env = dict(
        os.environ,
        MAPAPP_DATABASE_URL=database_url,
        MAPAPP_REFERENCE_DIR=REFERENCE_DIR,
        PYTHONPATH=str(PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    env.update({f"MAPAPP_{name}": str(value) for name, value in settings.items()})
    return subprocess.run(
        [sys.executable, "-m", "mapapp", "ingest", str(path), *options],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_ceiling,
        timeout=600,
    )


def _one_line_error(done) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    return lines[0]


def test_the_well_formed_workbook_is_read(reference_db, tmp_path):
    done = ingest(reference_db, bombs.small_workbook(tmp_path / "groups.xlsx"), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "Dry run" in done.stdout


def test_a_declared_dimension_is_not_trusted(reference_db, tmp_path):
    """Hole 1: 1.6 KB declaring A1:XFD1048576, one cell in the last row and column."""
    path = bombs.dimension_bomb(tmp_path / "dimension.xlsx")
    assert path.stat().st_size < 2_000
    line = _one_line_error(ingest(reference_db, path, "--dry-run"))
    assert "1,048,576" in line and "limit" in line and "dimension.xlsx" in line


def test_a_workbook_within_the_limits_with_a_wide_declared_dimension_is_read(
    reference_db, tmp_path
):
    """The declared dimension is ignored, not refused: a sheet that claims more than it
    holds (as some programs write) imports normally."""
    path = bombs.small_workbook(tmp_path / "claims.xlsx")
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[bombs.SHEET] = parts[bombs.SHEET].replace(b'ref="A1:D4"', b'ref="A1:XFD1048576"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    done = ingest(reference_db, path, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "Dry run" in done.stdout


def test_a_compression_bomb_is_refused_before_it_is_inflated(reference_db, tmp_path):
    """Hole 2: about 1 MB that expands to 400 MB of sheet XML."""
    path = bombs.zip_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 5_000_000 and bombs.sheet_expansion(path) > 300_000_000
    line = _one_line_error(ingest(reference_db, path, "--dry-run"))
    assert "bomb.xlsx" in line and "expands to" in line


def test_a_bomb_whose_headers_lie_about_its_size_is_stopped(reference_db, tmp_path):
    """The central directory claims 4 KB for a sheet that inflates to 200 MB: the reader
    counts what it inflates instead of trusting the header."""
    path = bombs.lying_zip_bomb(tmp_path / "liar.xlsx")
    line = _one_line_error(ingest(reference_db, path, "--dry-run"))
    assert "liar.xlsx" in line


def test_a_100000_column_csv_is_refused(reference_db, tmp_path):
    line = _one_line_error(ingest(reference_db, bombs.wide_csv(tmp_path / "wide.csv"), "--dry-run"))
    assert "wide.csv" in line and "100,002 columns" in line


def test_the_row_limit_is_a_setting_and_exact(reference_db, tmp_path):
    at = ingest(
        reference_db, bombs.tall_csv(tmp_path / "at.csv", 30), "--dry-run", INGEST_MAX_ROWS=31
    )  # the header row counts
    assert at.returncode == 0, at.stderr
    over = _one_line_error(
        ingest(
            reference_db, bombs.tall_csv(tmp_path / "over.csv", 31), "--dry-run", INGEST_MAX_ROWS=31
        )
    )
    assert "over.csv" in over and "31 rows" in over


def test_the_command_line_refuses_a_file_over_its_byte_limit(reference_db, tmp_path):
    path = bombs.tall_csv(tmp_path / "big.csv", 2_000)
    line = _one_line_error(ingest(reference_db, path, "--dry-run", INGEST_MAX_BYTES=10_000))
    assert "big.csv" in line and "10,000" in line


# --- the same files through the import page ------------------------------------------------


@pytest.fixture
def import_page(reference_db, engine_for, tmp_path):
    engine = engine_for(reference_db)
    add_user(engine, "navigator")
    uploads = tmp_path / "uploads"
    app = make_test_app(reference_db, IMPORT_UPLOAD_DIR=str(uploads))
    client = app.test_client()
    assert sign_in(client, "navigator@example.org").status_code == 302

    def upload(path: Path, **settings):
        app.config.update(settings)
        with path.open("rb") as handle:
            # Encoded in memory: the test client spools a body over 500 KB to a temporary
            # file that it never closes.
            boundary, body = encode_multipart(
                MultiDict(
                    {
                        "csrf_token": csrf_token(client, "/workspace/import"),
                        "format": "auto",
                        "source": "",
                        "file": FileStorage(handle, path.name),
                    }
                )
            )
        return client.post(
            "/workspace/import",
            data=body,
            content_type=f'multipart/form-data; boundary="{boundary}"',
        )

    upload.folder = uploads
    yield upload
    app.extensions["mapapp.engine"].dispose()


@pytest.fixture
def memory_ceiling():
    """This test process may grow by at most 1.5 GB: a reader that pads or inflates
    fails with MemoryError (a 500) instead of taking the machine down."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize"))
    resource.setrlimit(resource.RLIMIT_AS, (size + CEILING, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _left_behind(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    "make, words",
    [
        (bombs.dimension_bomb, "1,048,576"),
        (bombs.zip_bomb, "expands to"),
        (bombs.lying_zip_bomb, "liar"),
        (bombs.wide_csv, "100,002 columns"),
    ],
    ids=["dimension", "zip-bomb", "lying-headers", "wide-csv"],
)
def test_the_import_page_refuses_each_bomb_in_one_line_and_keeps_nothing(
    import_page, memory_ceiling, tmp_path, make, words
):
    name = {"lying_zip_bomb": "liar.xlsx", "wide_csv": "wide.csv"}.get(make.__name__, "bomb.xlsx")
    answer = import_page(make(tmp_path / name))
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert words in page and "Traceback" not in page
    assert len(page) < 200_000  # the error, not a page listing 100,000 columns
    assert _left_behind(import_page.folder) == []


def test_an_upload_is_removed_when_the_import_fails_unexpectedly(
    import_page, tmp_path, monkeypatch
):
    import mapapp.ingest

    def broken(*args, **kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(mapapp.ingest, "run_ingest", broken)
    answer = import_page(bombs.small_workbook(tmp_path / "groups.xlsx"))
    assert answer.status_code == 500
    assert _left_behind(import_page.folder) == []


def test_a_good_upload_is_kept_for_its_confirmation(import_page, tmp_path):
    answer = import_page(bombs.small_workbook(tmp_path / "groups.xlsx"))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:2000]
    assert [p.name for p in _left_behind(import_page.folder) if not p.name.startswith(".")] == [
        "groups.xlsx"
    ]
