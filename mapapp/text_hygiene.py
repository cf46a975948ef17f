"""Control characters: found at the boundary, kept out of stored text.

Nothing a person types holds a NUL, an ESC or a bare carriage return: they come from
crafted requests or broken files. PostgreSQL refuses a NUL in text (a 500 if it gets
that far); SQLite stores it; a bare CR copied into a calendar line starts a new line
(an injected `BEGIN:VALARM`). So:

- `first_control` finds one in a request's path, parameter names and values, or form
  fields (the web layer answers 400 naming the field). A form field may hold tab, LF and
  the CR of a CR LF pair, which is how browsers send a textarea's line breaks; anything
  else, in a path or a query parameter any control character at all.
- `clean` removes them from text on its way into the database (files, feeds, anything the
  web layer did not see): line breaks become LF, other controls go.
"""

from __future__ import annotations

import re

_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORM_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
_LINE_BREAKS = re.compile(r"\r\n?")
_STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

NAMES = {
    "\x00": "NUL",
    "\x1b": "ESC",
    "\r": "CR (a carriage return without a line feed)",
    "\t": "TAB",
    "\n": "LF (a line break)",
    "\x7f": "DEL",
}


def describe(char: str) -> str:
    """'NUL (U+0000)' — the name a person can look up."""
    name = NAMES.get(char)
    code = f"U+{ord(char):04X}"
    return f"{name.split(' ')[0]} ({code})" if name else code


def shown(name: str) -> str:
    """A field name as it can be printed: its own control characters escaped."""
    return name.encode("unicode_escape").decode("ascii")


def control_in(value: str, form_field: bool = False) -> str | None:
    """The first forbidden control character in ``value``, or None."""
    found = (_FORM_CONTROL if form_field else _ANY_CONTROL).search(value)
    return found.group(0)[0] if found else None


def first_control(pairs, form_field: bool = False) -> tuple[str, str] | None:
    """(field name, character) for the first name or value in ``pairs`` holding a
    forbidden control character, or None. ``pairs``: (name, value) in request order."""
    for name, value in pairs:
        for text in (name, value):
            char = control_in(text, form_field) if isinstance(text, str) else None
            if char:
                return name, char
    return None


def clean(text: str) -> str:
    """Line breaks as LF, every other control character but tab removed."""
    if not _ANY_CONTROL.search(text):
        return text
    return _STRAY.sub("", _LINE_BREAKS.sub("\n", text))


def clean_value(value):
    """clean() through the strings of a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value
