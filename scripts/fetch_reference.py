#!/usr/bin/env python3
"""Download the reference data from its public sources and check every file's SHA-256.

    python scripts/fetch_reference.py --dest ~/mapapp-reference     # download, then verify
    python scripts/fetch_reference.py --verify ../shared/reference  # only verify a folder

Files that are byte-for-byte copies of a public repository file (data/reference_manifest.json
marks them 'verbatim') are downloaded at the pinned commit. Derived files (joins, subsets,
coordinate conversions described in the reference folder's SOURCES.md) cannot be fetched as
they are; the script names their upstream and says they must come from a mirror. Nothing
is written unless its hash matches, so a bad download never replaces a good file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent.parent / "data" / "reference_manifest.json"
RAW = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path, files: list[dict]) -> int:
    bad = 0
    for entry in files:
        path = folder / entry["file"]
        if not path.exists():
            print(f"MISSING  {entry['file']}")
            bad += 1
        elif sha256(path) != entry["sha256"]:
            print(f"CHANGED  {entry['file']} (hash differs from the manifest)")
            bad += 1
        else:
            print(f"ok       {entry['file']}")
    return bad


def download(entry: dict, dest: Path, timeout: float, base: str = RAW) -> str:
    target = dest / entry["file"]
    if target.exists() and sha256(target) == entry["sha256"]:
        return "already present"
    url = base.format(
        repository=entry["repository"],
        commit=entry["commit"],
        path=urllib.parse.quote(entry["path"]),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as partial:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                while block := response.read(1 << 20):
                    partial.write(block)
        except OSError as exc:
            Path(partial.name).unlink()
            return f"FAILED: {exc}"
    if sha256(Path(partial.name)) != entry["sha256"]:
        Path(partial.name).unlink()
        return "FAILED: downloaded file's hash differs from the manifest"
    Path(partial.name).replace(target)
    return "downloaded"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--dest", type=Path, help="folder to download into")
    group.add_argument("--verify", type=Path, help="only check the files in this folder")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument(
        "--base-url", default=RAW, help="URL template with {repository}, {commit} and {path}"
    )
    args = parser.parse_args(argv)
    files = json.loads(MANIFEST.read_text())["files"]
    if args.verify:
        return 1 if verify(args.verify, files) else 0
    failures = 0
    for entry in files:
        if not entry["verbatim"]:
            print(
                f"derived  {entry['file']}: built from {entry['repository']} "
                f"({entry['path']}); copy it from a mirror of the reference folder"
            )
            continue
        outcome = download(entry, args.dest, args.timeout, args.base_url)
        failures += outcome.startswith("FAILED")
        print(f"{outcome:16s} {entry['file']}")
    print(f"Set MAPAPP_REFERENCE_DIR={args.dest.resolve()} to use this folder.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
