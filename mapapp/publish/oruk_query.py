"""The query parameters of the Open Referral UK API: which each endpoint takes, how their
values are read, and the 400 that names any other one.

Every parameter the profile's openapi.json documents is either honoured or refused by name
(minimum_age and maximum_age: listings carry no ages; minimal and full_service: other
parameters give the same). A parameter the API does not know is refused too, rather than
ignored with every service, which would look like an answer.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import MapappError
from ..params import MAX_LIMIT, BadParameter, many_values
from .oruk_taxonomy import number_of

DEFAULT_PER_PAGE = 50
LIST_PARAMETERS = (
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "day",
    "start_time",
    "end_time",
    "postcode",
    "proximity",
    "full",
    "format",
)
PAGE_PARAMETERS = ("page", "per_page", "format")
TAKES = {
    "services": LIST_PARAMETERS,
    "service_at_locations": LIST_PARAMETERS,
    "taxonomies": PAGE_PARAMETERS,
    "taxonomy_terms": PAGE_PARAMETERS,
    "organizations": PAGE_PARAMETERS,
    "one": ("format",),
}
NOT_OFFERED = {
    "minimum_age": "listings carry no age ranges: taxonomy_term_id=young-people finds those "
    "for young people",
    "maximum_age": "listings carry no age ranges: taxonomy_term_id=young-people finds those "
    "for young people",
    "minimal": "page through /openreferral/services (per_page up to 500): each service "
    "gives its id and last_modified",
    "full_service": "full=true gives fully nested services, and "
    "/openreferral/organizations/{id} the services an organization offers",
}


def check_names(args, endpoint: str, path: str) -> None:
    """A 400 for the first parameter ``endpoint`` does not take, naming it."""
    takes = TAKES[endpoint]
    for name in args:
        if name in takes:
            continue
        if name in NOT_OFFERED:
            raise MapappError(
                f"The parameter {name} is not offered: {NOT_OFFERED[name]}.",
                parameter=name,
                value=args.get(name),
                allowed=", ".join(takes),
            )
        raise MapappError(
            f"{name} is not a parameter of {path}: use {', '.join(takes) or 'none'}.",
            parameter=name,
            value=args.get(name),
            allowed=", ".join(takes),
        )


def paging(args) -> tuple[int, int]:
    return (
        whole(args, "page", 1, 1, 10**6),
        whole(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_LIMIT),
    )


def whole(args, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    if value in (None, ""):
        return default
    if not re.fullmatch(r"\d+", value.strip()) or not low <= int(value) <= high:
        raise BadParameter(name, value, f"a whole number from {low} to {high}")
    return int(value)


def full(args) -> bool:
    value = (args.get("full") or "").strip().lower()
    if value not in ("", "true", "false", "1", "0"):
        raise BadParameter("full", args["full"], "true or false")
    return value in ("true", "1")


def check_format(args) -> None:
    value = (args.get("format") or "json").strip().lower()
    if value != "json":
        raise BadParameter(
            "format",
            args["format"],
            "json (ndjson is not offered: page through the list, up to 500 at a time)",
        )


def modified_after(args) -> dt.datetime | None:
    """An ISO 8601 date or date-time; a date is its start in UTC, a time without an offset
    is UTC."""
    value = (args.get("modified_after") or "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            "modified_after", value, "an ISO 8601 date-time such as 2026-01-01T00:00:00Z, or a date"
        ) from None
    return moment.replace(tzinfo=moment.tzinfo or dt.UTC).astimezone(dt.UTC)


def organisations(args) -> tuple[int, ...]:
    numbers = []
    for value in many_values(args, "organization_id"):
        number = number_of("organization", value)
        if number is None:
            raise BadParameter(
                "organization_id", value, "an id listed at /openreferral/organizations"
            )
        numbers.append(number)
    return tuple(dict.fromkeys(numbers))
