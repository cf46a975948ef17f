"""scripts/fetch_reference.py against a local HTTP server standing in for the sources."""

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mapapp.config import PROJECT_ROOT
from tests.conftest import REFERENCE_DIR

SCRIPT = PROJECT_ROOT / "scripts" / "fetch_reference.py"
MANIFEST = json.loads((PROJECT_ROOT / "data" / "reference_manifest.json").read_text())


def _run(*args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def test_manifest_matches_the_mirror_and_covers_every_file_the_app_reads():
    from mapapp.config import SETTINGS

    done = _run("--verify", REFERENCE_DIR)
    assert done.returncode == 0, done.stdout
    listed = {entry["file"] for entry in MANIFEST["files"]}
    assert {s.default for s in SETTINGS if s.name.startswith("FILE_")} <= listed


def test_verify_names_changed_and_missing_files(tmp_path):
    folder = tmp_path / "ref"
    shutil.copytree(REFERENCE_DIR, folder)
    (folder / "population/lad_population_mid2022_trafford.csv").write_text("area_code\n")
    (folder / "places/derbyshire_populated_places_os_open_names.csv").unlink()
    done = _run("--verify", str(folder))
    assert done.returncode == 1
    assert "CHANGED  population/lad_population_mid2022_trafford.csv" in done.stdout
    assert "MISSING  places/derbyshire_populated_places_os_open_names.csv" in done.stdout


@pytest.fixture
def source_server(tmp_path):
    """Serves {repository}/{commit}/{path} from a folder, like the raw source host."""
    root = tmp_path / "served"
    for entry in MANIFEST["files"]:
        if entry["verbatim"]:
            target = root / entry["repository"] / entry["commit"] / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(REFERENCE_DIR) / entry["file"], target)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_port}/{{repository}}/{{commit}}/{{path}}"
    server.shutdown()
    server.server_close()


def test_download_keeps_only_files_whose_hash_matches(source_server, tmp_path):
    root, base = source_server
    broken = next(e for e in MANIFEST["files"] if e["verbatim"])
    (root / broken["repository"] / broken["commit"] / broken["path"]).write_text("tampered")
    dest = tmp_path / "dest"
    done = _run("--dest", str(dest), "--base-url", base)
    assert done.returncode == 1
    assert f"FAILED: downloaded file's hash differs from the manifest {broken['file']}" in " ".join(
        done.stdout.split()
    )
    assert not (dest / broken["file"]).exists()
    verbatim = [e for e in MANIFEST["files"] if e["verbatim"] and e is not broken]
    for entry in verbatim:
        assert (dest / entry["file"]).read_bytes() == (
            Path(REFERENCE_DIR) / entry["file"]
        ).read_bytes()
    derived = [e["file"] for e in MANIFEST["files"] if not e["verbatim"]]
    assert all(f"derived  {name}" in done.stdout for name in derived)
    assert list(dest.rglob("tmp*")) == []  # no partial downloads left behind
