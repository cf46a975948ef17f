"""Reading one's own writes with read replicas (replicas.py): after a request that wrote,
the primary's WAL position goes into the person's (signed) session cookie; their reads go
to a replica only once it has replayed that far. Nothing happens without replicas."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, g, request, session

from ..replicas import write_position
from .database import READ_ONLY_METHODS

KEY = "read_after"
# A replica more than this far behind is broken, not lagging: stop steering by the mark
# (its reads then go to replicas as everyone's do) rather than keep a cookie forever.
KEPT_S = 600


def init_app(app: Flask) -> None:
    if "mapapp.replicas" not in app.extensions:
        return
    app.before_request(_remember_position)
    app.after_request(_mark_write)


def _remember_position() -> None:
    mark = session.get(KEY)
    if not mark:
        return
    position, at = mark
    if time.time() - at > KEPT_S:
        session.pop(KEY, None)
    else:
        g.read_after = position


def _mark_write(response: Response) -> Response:
    if request.method not in READ_ONLY_METHODS and response.status_code < 400:
        session[KEY] = (write_position(current_app.extensions["mapapp.engine"]), time.time())
    return response
