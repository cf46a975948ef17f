"""scripts/ingest_accuracy.py on the labelled corpus, on both databases: no wrong row is
published, and at least 98% of rows are read right (the rest held for a navigator)."""

import io
import json
import sys
from pathlib import Path

import pytest

from mapapp.config import PROJECT_ROOT
from tests.conftest import reference_settings

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import ingest_accuracy  # noqa: E402 — a script, not a package

CORPUS = Path(__file__).parent.parent / "data" / "ingest_corpus"


@pytest.fixture
def accuracy(reference_db, engine_for):
    return ingest_accuracy.measure(engine_for(reference_db), reference_settings(), CORPUS)


def test_no_wrong_row_is_published(accuracy):
    wrong = [(r.key, r.detail) for r in accuracy.rows if r.verdict == "wrong"]
    assert wrong == []


def test_at_least_98_percent_of_rows_are_right(accuracy):
    held = [(r.key, r.detail) for r in accuracy.rows if r.verdict == "held"]
    assert accuracy.share_right >= 0.98, held


def test_every_expected_row_is_judged(accuracy):
    expected = sum(len(json.loads(p.read_text())) for p in CORPUS.glob("*.expected.json"))
    assert len(accuracy.rows) == expected >= 200


def test_the_report_prints_the_share_and_each_field(accuracy):
    out = io.StringIO()
    ingest_accuracy.print_report(accuracy, out)
    text = out.getvalue()
    assert f"Rows: {len(accuracy.rows)}" in text
    for name in (
        "schedule",
        "times",
        "location",
        "attendance",
        "domains",
        "audience",
        "verified",
        "duplicates",
    ):
        assert f"  {name}" in text


def test_the_corpus_is_what_its_generator_writes(tmp_path):
    """The committed files are the generator's output: a hand edit to a sheet without its
    expectation (or the reverse) is caught."""
    import shutil
    import subprocess

    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, str(copy / "make_corpus.py")], check=True, capture_output=True)
    for path in CORPUS.iterdir():
        if path.suffix in (".csv", ".json"):
            assert (copy / path.name).read_bytes() == path.read_bytes(), path.name
