"""The first check on every request, before any view, form parser or CSRF check runs:
how large its body may be, and no control characters in its path, parameters or form.

Body size. Every request may send REQUEST_MAX_BYTES; a view marked with
``accepts_upload(setting)`` may send that setting's bytes plus room for the rest of its
form. A declared Content-Length over the limit is refused before a byte is read. A
chunked body (no length) is read while it streams, into a spooled temporary file, and
refused as soon as it passes the limit: werkzeug alone would stop reading at the limit
and hand the view a silently cut-off form.

Control characters. A NUL in a parameter was a 500 on PostgreSQL and stored on SQLite;
now any control character in the path or a query parameter, and any but the line breaks
a textarea sends in a form field, is a 400 that names the field (text_hygiene.py).
"""

from __future__ import annotations

import tempfile

from flask import Flask, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..text_hygiene import describe, first_control, shown
from .errors import render_error

FORM_ROOM = 64 * 1024  # the other fields of an upload form
SPOOL_IN_MEMORY = 1 << 20
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def accepts_upload(setting: str):
    """Mark a view as taking a file of up to ``current_app.config[setting]`` bytes."""

    def mark(view):
        view._upload_limit_setting = setting
        return view

    return mark


def init_app(app: Flask) -> None:
    # First of all before_request functions: CSRFProtect's reads the form.
    app.before_request_funcs.setdefault(None, []).insert(0, guard_request)
    app.teardown_request(_close_spool)


def guard_request():
    limit = body_limit()
    request.max_content_length = limit
    if request.content_length is not None:
        if request.content_length > limit:
            raise RequestEntityTooLarge()
    elif _chunked():
        _spool_chunked_body(limit)
    return _control_characters()


def body_limit() -> int:
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, "_upload_limit_setting", None)
    if setting:
        return int(current_app.config[setting]) + FORM_ROOM
    return int(current_app.config["MAX_CONTENT_LENGTH"])


def _chunked() -> bool:
    return "chunked" in request.environ.get("HTTP_TRANSFER_ENCODING", "").lower()


def _spool_chunked_body(limit: int) -> None:
    """Read the body as it arrives, up to one byte past the limit, then hand the view a
    stream of known length."""
    environ = request.environ
    stream = environ["wsgi.input"]
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    g.guard_spool = spool
    size = 0
    while chunk := stream.read(min(65536, limit + 1 - size)):
        size += len(chunk)
        spool.write(chunk)
        if size > limit:
            raise RequestEntityTooLarge()
    spool.seek(0)
    environ["wsgi.input"] = spool
    environ["CONTENT_LENGTH"] = str(size)
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ.pop("wsgi.input_terminated", None)


def _close_spool(exc=None) -> None:
    spool = g.pop("guard_spool", None)
    if spool is not None:
        spool.close()


def _control_characters():
    path_char = first_control([("", request.path)])
    if path_char:
        return _refused(
            f"The address contains a control character "
            f"({describe(path_char[1])}); remove it and try again."
        )
    found = first_control(request.args.items(multi=True))
    if found:
        return _refused(
            f"The parameter '{shown(found[0])}' contains a control character "
            f"({describe(found[1])}); remove it and try again."
        )
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in FORM_TYPES:
        found = first_control(request.form.items(multi=True), form_field=True)
        if found:
            return _refused(
                f"The field '{shown(found[0])}' contains a control character "
                f"({describe(found[1])}); remove it and send the form again."
            )
    return None


def _refused(message: str):
    return render_error(400, message)
