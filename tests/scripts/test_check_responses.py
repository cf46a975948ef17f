"""scripts/check_responses.py: a record is repeatable, and compare reports a changed answer
(with its diff) unless the change is listed as expected. Uses only what the script uses: the
mapapp commands and create_app, on a small subset of the requests."""

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import check_responses as check  # noqa: E402 — a script, not a package

# Listing pages, an API answer, a calendar, a form (CSRF) and a page with two maps.
SUBSET = ["/assets/17", "/suggest", "/gaps/E07000034"]


@pytest.fixture(autouse=True)
def reference(monkeypatch):
    monkeypatch.setenv(
        "MAPAPP_REFERENCE_DIR",
        os.environ.get("MAPAPP_REFERENCE_DIR", str(ROOT.parent / "shared" / "reference")),
    )


@pytest.fixture
def recorded(tmp_path) -> Path:
    out = tmp_path / "before.json"
    assert check.main(["record", str(out), *_match()]) == 0
    return out


def _match() -> list[str]:
    return [argument for request in SUBSET for argument in ("--match", request)]


def test_recording_twice_gives_the_same_answers(recorded, tmp_path):
    again = tmp_path / "again.json"
    check.main(["record", str(again), *_match()])
    first, second = (json.loads(p.read_text()) for p in (recorded, again))
    requests = [a["request"] for a in first["answers"]]
    assert requests == [
        "/suggest",
        "/assets/17",
        "/assets/170",
        "/api/assets/17",
        "/assets/17.ics",
        "/gaps/E07000034",
    ]
    assert first["answers"] == second["answers"] and first["clock"] == second["clock"]
    suggest = check.Answer.from_json(first["answers"][0])
    assert b'<input type="hidden" name="csrf_token" value="CSRF">' in suggest.body
    assert ["Set-Cookie", "session=SESSION; HttpOnly; Path=/; SameSite=Lax"] in suggest.headers
    briefing = check.Answer.from_json(first["answers"][-1]).body
    assert b"map_1" in briefing and b'nonce="NONCE"' in briefing


def test_compare_passes_then_reports_a_changed_body_with_its_diff(recorded, tmp_path, capsys):
    nothing_expected = tmp_path / "none.txt"
    assert check.main(["compare", str(recorded), "--expected", str(nothing_expected)]) == 0
    assert "6 requests: 6 identical, 0 changed as expected, 0 differ" in capsys.readouterr().out

    document = json.loads(recorded.read_text())
    answer = check.Answer.from_json(document["answers"][1])
    answer.body = answer.body.replace(
        "Coaching – Ripley</h1>".encode(), "Coaching – Derby</h1>".encode()
    )
    document["answers"][1] = answer.to_json()
    recorded.write_text(json.dumps(document))
    assert check.main(["compare", str(recorded), "--expected", str(nothing_expected)]) == 1
    out = capsys.readouterr().out
    assert "DIFFERS  /assets/17\n" in out and "5 identical, 0 changed as expected, 1 differ" in out
    assert "-  <h1>Recovery Coaching – Derby</h1>" in out
    assert "+  <h1>Recovery Coaching – Ripley</h1>" in out

    expected = tmp_path / "expected.txt"
    expected.write_text("# allowed\n/assets/17 renamed on purpose\n")
    assert check.main(["compare", str(recorded), "--expected", str(expected)]) == 0
    assert "changed as expected  /assets/17  (renamed on purpose)" in capsys.readouterr().out


def test_an_expected_change_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "expected.txt"
    path.write_text("/find?near=Milton\n")
    with pytest.raises(SystemExit, match="give the reason after the request"):
        check.read_expected(path)


def test_the_list_is_long_and_names_the_place_searches_the_fix_changes():
    requests = check.request_list()
    assert len(requests) == len(set(requests)) >= 200
    expected = check.read_expected(check.EXPECTED_CHANGES)
    assert set(expected) <= set(requests)
    for place in ("Milton", "Newton", "Clifton", "Bridge+End"):
        assert f"/find?near={place}" in expected and f"/api/assets?near={place}" in expected


def test_normalising_replaces_only_what_varies_per_run():
    headers = [
        ("Content-Security-Policy", "script-src 'self' 'nonce-Ab_9-x'"),
        ("Date", "Fri, 04 Dec 2026 09:00:00 GMT"),
        ("Vary", "Cookie"),
    ]
    body = (
        b'<script nonce="Ab_9-x">var map_0123456789abcdef0123456789abcdef = L.map();'
        b"geo_json_ffffffffffffffffffffffffffffffff_styler(map_0123456789abcdef0123456789"
        b"abcdef); sha 0123456789abcdef0123456789abcdef</script>"
    )
    kept, normal = check.normalise(headers, body)
    assert kept == [
        ["Content-Security-Policy", "script-src 'self' 'nonce-NONCE'"],
        ["Vary", "Cookie"],
    ]
    assert normal == (
        b'<script nonce="NONCE">var map_1 = L.map();geo_json_2_styler(map_1); '
        b"sha 0123456789abcdef0123456789abcdef</script>"
    )
