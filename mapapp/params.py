"""Query parameters declared once: one table per endpoint, each row a parameter's name, type,
allowed values, description and the 400 a wrong value gets. The request is read through the
table and the endpoint's OpenAPI parameter list is generated from it, so the two cannot
drift (the Open Referral API keeps its own table of names: publish/oruk_query.py).

The finder's table (``FINDER``: /find, /api/assets, /find.ics) is here; the finder turns
what it reads into ``Filters`` (finder/search.parse_filters). The gap analysis's table
(``GAPS``) is in analysis/params.py, beside what its values mean.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import vocab as D
from .errors import MapappError

MAX_LIMIT, DEFAULT_LIMIT, DEFAULT_RADIUS_KM, MAX_RADIUS_KM = 500, 50, 10.0, 100.0
# Time as people say it: each word is a day (0 today, 1 tomorrow, or weekdays) and parts of
# the day. A day or part also given explicitly takes the place of the word's.
WHEN = {
    "now": ("In progress or starting within the hour", None, ()),
    "today": ("Today", (0,), ()),
    "tonight": ("Tonight", (0,), ("evening", "night")),
    "tomorrow": ("Tomorrow", (1,), ()),
    "tomorrow-morning": ("Tomorrow morning", (1,), ("morning",)),
    "weekend": ("This weekend", ("sat", "sun"), ()),
}
TODAY = "today"  # the day word that means today in Europe/London (finder/search resolves it)


class BadParameter(MapappError):
    status_code = 400

    def __init__(self, parameter: str, value, allowed: str):
        super().__init__(
            f"'{value}' is not a valid {parameter}: use {allowed}.",
            parameter=parameter,
            value=str(value),
            allowed=allowed,
        )


def many_values(args, name: str) -> list[str]:
    """?domain=a&domain=b and ?domain=a,b both give ['a', 'b'] (the finder's and the gap
    analysis's convention)."""
    values = []
    for raw in args.getlist(name):
        values += [v.strip() for v in str(raw).split(",") if v.strip()]
    return values


def checked_choices(args, name: str, allowed) -> tuple[str, ...]:
    """The values given for ``name``, each once, in the order given; one that is not in
    ``allowed`` is a 400 that lists what is."""
    values = many_values(args, name)
    for value in values:
        if value not in allowed:
            raise BadParameter(name, value, "one or more of " + ", ".join(allowed))
    return tuple(dict.fromkeys(values))


def query_parameter(
    name: str, description: str, schema: dict, example=None, required: bool = False
) -> dict:
    """An OpenAPI 3.0 query parameter object: the one shape every endpoint's list uses."""
    parameter = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }
    if schema.get("type") == "array":  # ?domain=a&domain=b (a,b is accepted as well)
        parameter.update(style="form", explode=True)
    if example is not None:
        parameter["example"] = example
    return parameter


# --- the kinds of parameter ------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One query parameter: ``read`` takes the request's arguments and gives its value or
    raises BadParameter; ``schema`` is the OpenAPI schema of what ``read`` accepts."""

    name: str
    description: str
    example: object = field(default=None, kw_only=True)
    required: bool = field(default=False, kw_only=True)

    def read(self, args):
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def openapi(self) -> dict:
        return query_parameter(
            self.name, self.description, self.schema(), self.example, self.required
        )


@dataclass(frozen=True)
class Text(Param):
    """Free text, trimmed; None when empty."""

    def read(self, args) -> str | None:
        return (args.get(self.name) or "").strip() or None

    def schema(self) -> dict:
        return {"type": "string"}


@dataclass(frozen=True)
class Words(Param):
    """Any number of free words (?x=a&x=b or ?x=a,b)."""

    def read(self, args) -> tuple[str, ...]:
        return tuple(many_values(args, self.name))

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string"}}


@dataclass(frozen=True, kw_only=True)
class Choices(Param):
    """Any of ``allowed``, each once, in the order given."""

    allowed: tuple[str, ...]

    def read(self, args) -> tuple[str, ...]:
        return checked_choices(args, self.name, self.allowed)

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string", "enum": list(self.allowed)}}


@dataclass(frozen=True, kw_only=True)
class Selection(Choices):
    """Any of ``allowed``, kept in ``allowed``'s order (the same choice always gives the same
    result); ``default`` when none is given."""

    default: tuple[str, ...]

    def read(self, args) -> tuple[str, ...]:
        values = super().read(args)
        return tuple(v for v in self.allowed if v in values) or self.default


@dataclass(frozen=True, kw_only=True)
class Word(Param):
    """One of ``allowed``; ``default`` when absent or empty (shown in the document unless it
    is the empty word)."""

    allowed: tuple[str, ...]
    default: str
    refusal: str  # what the 400 says is allowed

    def read(self, args) -> str:
        value = args.get(self.name) or self.default
        if value not in self.allowed:
            raise BadParameter(self.name, value, self.refusal)
        return value

    def schema(self) -> dict:
        schema = {"type": "string", "enum": list(self.allowed)}
        if self.default:
            schema["default"] = self.default
        return schema


@dataclass(frozen=True)
class Days(Param):
    """Days of the week (mon … sun, or any word starting so, in any case) or 'today': the
    weekday numbers, with TODAY left for the caller, who knows the moment."""

    def read(self, args) -> tuple[int | str, ...]:
        days = []
        for value in many_values(args, self.name):
            key = value.lower()[:3]
            if value.lower() == TODAY:
                days.append(TODAY)
            elif key in D.DAY_NUMBERS:
                days.append(D.DAY_NUMBERS[key])
            else:
                raise BadParameter(self.name, value, "today, or a day name (mon … sun)")
        return tuple(days)

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string", "enum": [TODAY, *D.DAY_CODES]}}


@dataclass(frozen=True)
class Clock(Param):
    """A time of day on the 24-hour clock (18:30); None when absent."""

    def read(self, args) -> dt.time | None:
        value = args.get(self.name)
        if not value:
            return None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise BadParameter(self.name, value, "a 24-hour time such as 18:30")
        return dt.time(int(match.group(1)), int(match.group(2)))

    def schema(self) -> dict:
        return {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}


@dataclass(frozen=True)
class Flag(Param):
    """On with 1 or true; off when absent, empty, 0 or false."""

    def read(self, args) -> bool:
        value = (args.get(self.name) or "").strip().lower()
        if value not in ("", "0", "1", "true", "false"):
            raise BadParameter(self.name, value, "1 or true (or leave it out)")
        return value in ("1", "true")

    def schema(self) -> dict:
        return {"type": "string", "enum": ["", "0", "1", "true", "false"]}


@dataclass(frozen=True, kw_only=True)
class Number(Param):
    """A number from ``low`` to ``high`` (``kind`` int for a whole number); ``default`` when
    absent or empty (``trimmed``: spaces around it are ignored, so blank is absent too). The
    400 says ``refusal``, or the range."""

    default: float | int
    low: float | int
    high: float | int
    kind: type = float
    trimmed: bool = False
    refusal: str = ""

    def read(self, args):
        value = args.get(self.name)
        if self.trimmed:
            value = (value or "").strip()
        if value in (None, ""):
            return self.default
        try:
            number = self.kind(value)
        except ValueError:
            number = None
        if number is None or not self.low <= number <= self.high:  # nan is never within
            raise BadParameter(
                self.name, value, self.refusal or f"a number from {self.low} to {self.high}"
            )
        return number

    def schema(self) -> dict:
        return {
            "type": "integer" if self.kind is int else "number",
            "minimum": self.low,
            "maximum": self.high,
            "default": self.default,
        }


@dataclass(frozen=True, kw_only=True)
class Whole(Param):
    """A whole number written in digits, from ``low`` to ``high``, spaces around it ignored;
    ``default`` when absent or blank. The 400 says ``refusal``."""

    default: int
    low: int
    high: int
    refusal: str

    def read(self, args) -> int:
        text = (args.get(self.name) or "").strip() or str(self.default)
        if not text.isdigit() or not self.low <= int(text) <= self.high:
            raise BadParameter(self.name, text, self.refusal)
        return int(text)

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


@dataclass(frozen=True, kw_only=True)
class Option(Param):
    """One of ``allowed``, spaces around it ignored; ``default`` (None: nothing chosen) when
    absent or blank. With ``together_with``, the two are given together or not at all: this
    one missing while the other is given is a 400. The 400 says ``refusal``."""

    allowed: tuple[str, ...]
    refusal: str
    default: str | None = None
    together_with: str = ""

    def read(self, args) -> str | None:
        value = (args.get(self.name) or "").strip()
        partner = self.together_with and (args.get(self.together_with) or "").strip()
        if not value and not partner:
            return self.default
        return self.check(value)

    def check(self, value: str) -> str:
        """``value`` if it is allowed; else the 400 (for callers given the value itself)."""
        if value not in self.allowed:
            raise BadParameter(self.name, value or "(none)", self.refusal)
        return value

    def schema(self) -> dict:
        return {"type": "string", "enum": list(self.allowed)}


@dataclass(frozen=True, kw_only=True)
class Single(Option):
    """Exactly one of ``allowed``, given once and as it is: none, several or another is a 400
    that says ``refusal``."""

    def read(self, args) -> str:
        values = [v for v in args.getlist(self.name) if v.strip()]
        if len(values) != 1 or values[0] not in self.allowed:
            raise BadParameter(self.name, ",".join(values) or "(none)", self.refusal)
        return values[0]


@dataclass(frozen=True, kw_only=True)
class Repeated(Param):
    """Up to ``most`` values (?x=a&x=b, blank ones ignored), each read by ``item``, which
    raises BadParameter for a bad one; ``distinct`` keeps each value once, in the order
    given. ``items`` is the OpenAPI schema of one value; ``refusal`` says what one is."""

    item: Callable[[str], object]
    items: dict
    most: int
    refusal: str
    distinct: bool = False

    def read(self, args) -> tuple:
        return self.each(self.given(args))

    def given(self, args) -> list[str]:
        """The values as given, once their number is checked."""
        values = [v for v in args.getlist(self.name) if v.strip()]
        if len(values) > self.most:
            raise BadParameter(
                self.name, f"{len(values)} values", f"at most {self.most} — {self.refusal}"
            )
        return values

    def each(self, values: list[str]) -> tuple:
        found = tuple(self.item(v) for v in values)
        return tuple(dict.fromkeys(found)) if self.distinct else found

    def schema(self) -> dict:
        return {"type": "array", "maxItems": self.most, "items": self.items}


class Table:
    """An endpoint's parameters, in the order its document lists them."""

    def __init__(self, *params: Param):
        self.params = params
        self.by_name = {p.name: p for p in params}

    def read(self, args, name: str):
        return self.by_name[name].read(args)

    def openapi(self) -> list[dict]:
        return [p.openapi() for p in self.params]


# --- the finder: /find, /api/assets and /find.ics ---------------------------------------------

FINDER = Table(
    Text(
        "near",
        "A postcode, a town or village, or 'lat,lon' in Great Britain. Without "
        "it, listings come in order of their next session.",
        example="S40 1LP",
    ),
    Number(
        "radius_km",
        "How far from 'near', in kilometres.",
        default=DEFAULT_RADIUS_KM,
        low=0.1,
        high=MAX_RADIUS_KM,
        example=5,
    ),
    Choices("domain", "Any of these recovery domains.", allowed=D.CODES, example=["mutual-aid"]),
    Choices("kind", "Any of these kinds of listing.", allowed=D.KINDS),
    Days("day", "Meets on any of these days ('today' in Europe/London)."),
    Choices(
        "part",
        "Starts in any of these parts of the day (night is 21:00-05:00).",
        allowed=tuple(D.DAY_PARTS),
    ),
    Clock("from", "Starts at or after this time (24-hour, Europe/London)."),
    Clock("to", "Starts at or before this time."),
    Choices("attendance", "Any of these ways to attend.", allowed=D.ATTENDANCE),
    Choices(
        "audience",
        "For any of these audiences (language codes included).",
        allowed=tuple(D.AUDIENCE_TAGS) + D.FINDER_LANGUAGES,
    ),
    Choices(
        "accessibility",
        "With any of these access features.",
        allowed=tuple(D.ACCESSIBILITY_TAGS),
    ),
    Words("fellowship", "Of any of these fellowships (AA, NA, SMART Recovery...)."),
    Text("q", "Words in the name, description or notes."),
    Word(
        "when",
        "Time as people say it (Europe/London): "
        + "; ".join(f"'{word}': {label.lower()}" for word, (label, _d, _p) in WHEN.items())
        + ". An explicit day or part takes the place of the word's.",
        allowed=("", *WHEN),
        default="",
        refusal="one of " + ", ".join(WHEN),
    ),
    Flag("lero", "Only listings run by a lived-experience-led recovery organisation."),
    Word(
        "sort",
        "Nearest first, or soonest first.",
        allowed=("distance", "next"),
        default="distance",
        refusal="distance or next",
    ),
    Number(
        "limit",
        "Listings per page.",
        default=DEFAULT_LIMIT,
        low=1,
        high=MAX_LIMIT,
        kind=int,
    ),
    Number(
        "offset",
        "Listings to skip (for the next page).",
        default=0,
        low=0,
        high=10**9,
        kind=int,
    ),
)


# --- the public map's tiles: /api/map/tiles/z/x/y.json (web/api.map_tile) ---------------------

MAP_TILE = Table(
    Text(
        "v",
        "The data version the asking page was made at: a current one lets the browser "
        "keep the tile for a day.",
    ),
)
