"""Files uploaded for import in the browser: checked, kept privately, bound to their owner.

An upload lives in instance/uploads/<token>/ (owner-only folder) beside a small JSON note
of who uploaded it, when, and what was asked for. The token is random and unguessable,
and a token alone is not enough: the note must name the signed-in user, and an upload
older than KEEP_FOR is gone. Nothing here touches the database.

The type check looks at the name AND the bytes: an .xlsx must be a zip workbook, a .json
must parse, a .csv must be text. What the file says is checked properly by the importer;
this only refuses what cannot possibly be the kind of file it claims to be.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import secrets
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import MapappError, NotFound
from .limits import LimitExceeded, Limits, check_archive

KEEP_FOR = dt.timedelta(hours=1)
KINDS = {
    ".csv": "text",
    ".tsv": "text",
    ".txt": "text",
    ".xlsx": "xlsx",
    ".json": "json",
    ".geojson": "json",
}
# Which kinds of file each importer format accepts ("auto": any).
FORMAT_KINDS = {
    "csv": {"text"},
    "tsml": {"text"},
    "xlsx": {"xlsx"},
    "meeting-guide": {"json"},
    "oruk": {"json"},
    "geojson": {"json"},
}
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
NOTE = ".note.json"  # a safe name never starts with a dot: no clash
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def safe_stem(stem: str) -> str:
    """A file-name stem in plain ASCII letters, digits, '_', '.' and '-', never starting or
    ending with '.' or '_' (so never hidden, never '..'); '' when nothing is left. The same
    rule as werkzeug's secure_filename on a POSIX system, kept here so ingest needs no Flask."""
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    words = ascii_only.replace("/", " ").split()  # a separator splits words, like a space
    return _UNSAFE.sub("", "_".join(words)).strip("._")


class UploadRejected(MapappError):
    """The file cannot be imported at all (the message says why and what to do)."""


@dataclass(frozen=True)
class Upload:
    token: str
    path: Path
    filename: str
    source: str
    fmt: str
    user_id: int
    created_at: dt.datetime


def check_file(
    filename: str, data: bytes, fmt: str, max_bytes: int, limits: Limits | None = None
) -> str:
    """The file's kind (text, xlsx or json), or UploadRejected saying what is wrong. A
    workbook's zip directory is checked against ``limits`` here, before it is kept."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in KINDS:
        raise UploadRejected(
            f"Choose a .csv, .xlsx or .json file (this one is "
            f"'{suffix or 'without an extension'}')."
        )
    if not data:
        raise UploadRejected("The file is empty: there is nothing to import.")
    if len(data) > max_bytes:
        raise UploadRejected(
            f"The file is {len(data):,} bytes; the limit is {max_bytes:,}. "
            "Split it into smaller files, or use 'mapapp ingest'."
        )
    kind = KINDS[suffix]
    if fmt != "auto" and kind not in FORMAT_KINDS.get(fmt, ()):
        raise UploadRejected(
            f"A {suffix} file cannot be {fmt}: choose the format that "
            "matches the file, or 'Work it out from the file'."
        )
    _CONTENT_CHECKS[kind](data, suffix)
    if kind == "xlsx" and limits is not None:
        _check_expansion(Path(filename).name, data, limits)
    return kind


def _check_expansion(name: str, data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, name, limits)
    except LimitExceeded as exc:
        raise UploadRejected(exc.message) from None


def _check_xlsx(data: bytes, suffix: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        names = set()
    if "[Content_Types].xml" not in names:
        raise UploadRejected(
            "This .xlsx file is not an Excel workbook. Open it in a "
            "spreadsheet program and save it again as .xlsx (or as .csv)."
        )


def _check_json(data: bytes, suffix: str) -> None:
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UploadRejected(
            f"This {suffix} file is not valid JSON ({_first_line(exc)}). "
            "Export it again from where it came from."
        ) from None


def _check_text(data: bytes, suffix: str) -> None:
    if data[:2] == b"PK" or b"\x00" in data[:65536]:
        raise UploadRejected(
            f"This {suffix} file is not text (it looks like a binary "
            "file). Save the spreadsheet as CSV, or upload the .xlsx itself."
        )


_CONTENT_CHECKS = {"xlsx": _check_xlsx, "json": _check_json, "text": _check_text}


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120]


def save(
    folder: Path, filename: str, data: bytes, source: str, fmt: str, user_id: int, now: dt.datetime
) -> Upload:
    remove_expired(folder, now)
    token = secrets.token_urlsafe(24)  # 32 characters
    place = folder / token
    place.mkdir(mode=0o700, parents=True)
    # Only the base name, made safe; the checked extension kept (the importer reads it).
    original = Path(Path(filename).name)
    name = (safe_stem(original.stem) or "upload") + original.suffix.lower()
    (place / name).write_bytes(data)
    note = {
        "filename": name,
        "source": source,
        "format": fmt,
        "user_id": user_id,
        "created_at": now.isoformat(),
    }
    (place / NOTE).write_text(json.dumps(note))
    return _upload(token, place, note)


def load(folder: Path, token: str, user_id: int, now: dt.datetime) -> Upload:
    """The user's own upload, or NotFound (expired, cancelled, or someone else's)."""
    gone = NotFound(
        "This upload has expired, was already imported or cancelled, or "
        "belongs to another account. Upload the file again."
    )
    place = folder / token
    if not _TOKEN.match(token or "") or not (place / NOTE).is_file():
        raise gone
    note = json.loads((place / NOTE).read_text())
    upload = _upload(token, place, note)
    if upload.user_id != user_id:
        raise gone
    if now - upload.created_at > KEEP_FOR:
        discard(upload)
        raise gone
    return upload


def discard(upload: Upload) -> None:
    shutil.rmtree(upload.path.parent, ignore_errors=True)


def remove_expired(folder: Path, now: dt.datetime) -> None:
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return
    for place in folder.iterdir():
        try:
            created = dt.datetime.fromisoformat(
                json.loads((place / NOTE).read_text())["created_at"]
            )
        except (OSError, ValueError, KeyError):
            continue  # a folder being written right now, or not ours: leave it
        if now - created > KEEP_FOR:
            shutil.rmtree(place, ignore_errors=True)


def _upload(token: str, place: Path, note: dict) -> Upload:
    return Upload(
        token,
        place / note["filename"],
        note["filename"],
        note["source"],
        note["format"],
        int(note["user_id"]),
        dt.datetime.fromisoformat(note["created_at"]),
    )
