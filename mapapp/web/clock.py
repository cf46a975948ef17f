"""The app's clock: the current time, replaceable in tests (app.config['CLOCK'] = a function
returning an aware datetime) so 'on today' and 'starts in 40 min' can be checked at fixed
moments. Only the web layer and the commands read it; the core takes the moment as a value."""

from __future__ import annotations

import datetime as dt

from flask import current_app


def now() -> dt.datetime:
    clock = current_app.config.get("CLOCK")
    return clock() if clock else dt.datetime.now(dt.UTC)
