"""Stored text cannot hold control characters, whatever path it took.

The web layer refuses them (a 400 naming the field) and the importer cleans them as it
reads; this is the last line: before every ORM flush, the text and JSON attributes of new
and changed rows are cleaned (text_hygiene.clean: line breaks become LF, other controls
but tab go). Only attributes that were set are looked at, so an unchanged row costs a
dictionary lookup per column.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..text_hygiene import clean_value


def install() -> None:
    if not event.contains(Session, "before_flush", _clean_pending):
        event.listen(Session, "before_flush", _clean_pending)


def _clean_pending(session: Session, flush_context, instances) -> None:
    for instance in (*session.new, *session.dirty):
        state = inspect(instance)
        for key in state.mapper.column_attrs.keys():
            value = state.dict.get(key)
            if isinstance(value, (str, dict, list)):
                cleaned = clean_value(value)
                if cleaned != value:
                    setattr(instance, key, cleaned)
