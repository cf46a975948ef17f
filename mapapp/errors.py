"""One error type that carries a message for people.

The core raises these; web/errors.py renders them (JSON under the APIs, an HTML page elsewhere),
so this module needs no Flask and commands and scripts can raise them too.
"""

from __future__ import annotations


class MapappError(Exception):
    """An error whose message is meant for the person who caused it.

    ``message`` is one line that says what went wrong and what to do next.
    """

    status_code = 400

    def __init__(self, message: str, status_code: int | None = None, **details):
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        self.details = details


class ConfigurationError(MapappError):
    status_code = 500


class DatabaseUnavailable(MapappError):
    status_code = 503


class ReferenceDataError(MapappError):
    status_code = 500


class NoReferenceData(ReferenceDataError):
    """The reference data are not loaded yet: a temporary state of the site (503)."""

    status_code = 503


class NotFound(MapappError):
    status_code = 404
