"""Import in the browser: upload a file, read the report of a dry run, then confirm.

The same run_ingest the command line uses, one worker (a web process must not fork), with
the signed-in navigator as the actor. The dry run does everything and rolls back; confirm
runs it again for real on the same file, so the saved result is whatever the database
holds at that moment, and its report is shown. A file that cannot be read gets its reason
next to the file field and loads nothing. Uploads are kept by ingest/uploads.py.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import MapappError
from ..ingest import uploads
from ..ingest.limits import Limits
from ..ingest.read import FORMATS
from .auth import current_user, role_required
from .clock import now
from .database import get_engine, get_session
from .errors import render_error
from .guard import accepts_upload, body_limit

bp = Blueprint("imports", __name__)

ROLES = ("navigator", "admin")
FORMAT_LABELS = {
    "auto": "Work it out from the file",
    "csv": "CSV table",
    "xlsx": "Excel workbook (.xlsx)",
    "tsml": "TSML (12 Step Meeting List CSV)",
    "meeting-guide": "Meeting Guide JSON",
    "oruk": "Open Referral UK JSON",
    "geojson": "GeoJSON",
}
ISSUES_SHOWN = 200
ROWS_SHOWN = 500  # how each row was read; the command line's JSON report has them all
SOURCE_MAX = 120


def upload_folder() -> Path:
    """instance/uploads, private to the app's user (IMPORT_UPLOAD_DIR overrides, for tests)."""
    return Path(
        current_app.config.get("IMPORT_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads"
    )


@bp.get("/workspace/import")
@role_required(*ROLES)
def form():
    return _form(cancelled=request.args.get("cancelled") == "1")


@bp.post("/workspace/import")
@accepts_upload("IMPORT_MAX_BYTES")
@role_required(*ROLES)
def upload():
    sent = request.files.get("file")
    fmt = request.form.get("format", "auto")
    source = " ".join(request.form.get("source", "").split())
    values = {"format": fmt, "source": source}
    errors = _field_errors(sent, fmt, source)
    data = sent.read() if sent and not errors else b""
    if not errors:
        try:
            uploads.check_file(
                sent.filename,
                data,
                fmt,
                current_app.config["IMPORT_MAX_BYTES"],
                Limits.from_settings(current_app.config),
            )
        except uploads.UploadRejected as exc:
            errors["file"] = exc.message
    if errors:
        return _form(values, errors, status=400)
    user = current_user()
    saved = uploads.save(
        upload_folder(),
        sent.filename,
        data,
        source or Path(sent.filename).stem[:SOURCE_MAX],
        fmt,
        user.id,
        now(),
    )
    return _run(saved, dry_run=True)


def _field_errors(sent, fmt: str, source: str) -> dict[str, str]:
    errors = {}
    if sent is None or not sent.filename:
        errors["file"] = "Choose the file to import."
    if fmt not in FORMATS:
        errors["format"] = "Choose one of the formats listed."
    if len(source) > SOURCE_MAX:
        errors["source"] = f"Keep the source name under {SOURCE_MAX} characters."
    return errors


@bp.post("/workspace/import/<token>/confirm")
@role_required(*ROLES)
def confirm(token: str):
    return _run(_own_upload(token), dry_run=False)


@bp.post("/workspace/import/<token>/cancel")
@role_required(*ROLES)
def cancel(token: str):
    uploads.discard(_own_upload(token))
    return redirect(url_for("imports.form", cancelled=1))


def _own_upload(token: str) -> uploads.Upload:
    return uploads.load(upload_folder(), token, current_user().id, now())


def _run(upload: uploads.Upload, dry_run: bool):
    from ..ingest import run_ingest

    actor = current_user().email
    get_session().commit()  # hold nothing open while the import writes
    try:
        report = run_ingest(
            get_engine(),
            current_app.config,
            upload.path,
            fmt=upload.fmt,
            source=upload.source,
            dry_run=dry_run,
            actor=actor,
            workers=1,
        )
    except MapappError as exc:  # unreadable as a whole: nothing was loaded
        uploads.discard(upload)
        values = {"format": upload.fmt, "source": upload.source}
        return _form(values, {"file": f"{upload.filename}: {exc.message}"}, status=400)
    except BaseException:  # anything else: the 500 page, and the file does not linger
        uploads.discard(upload)
        raise
    if not dry_run:
        uploads.discard(upload)
    return render_template(
        "imports/import_report.html",
        report=report,
        upload=upload,
        issues=report.issues[:ISSUES_SHOWN],
        more=max(0, len(report.issues) - ISSUES_SHOWN),
        rows=report.rows[:ROWS_SHOWN],
        more_rows=max(0, len(report.rows) - ROWS_SHOWN),
    )


def _form(
    values: dict | None = None,
    errors: dict | None = None,
    status: int = 200,
    cancelled: bool = False,
):
    limit = current_app.config["IMPORT_MAX_BYTES"]
    return render_template(
        "imports/import.html",
        values=values or {"format": "auto", "source": ""},
        errors=errors or {},
        formats=FORMAT_LABELS,
        cancelled=cancelled,
        limit_mb=f"{limit / 1_000_000:g}",
    ), status


@bp.app_errorhandler(RequestEntityTooLarge)
def _too_large(exc):
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "_upload_limit_setting", None) == "IMPORT_MAX_BYTES":
        limit = current_app.config.get("IMPORT_MAX_BYTES") or 0
        return render_error(
            413,
            f"That was too large to receive. Files for import may be up "
            f"to {limit / 1_000_000:g} MB: split the file into smaller "
            "ones, or ask an administrator to use 'mapapp ingest'.",
        )
    return render_error(
        413,
        f"That was too large to receive: this form takes at most {body_limit() / 1000:,.0f} KB. "
        "Shorten what you wrote and send it again.",
    )
