"""The official Open Referral UK schemas (tests/data/oruk-uk-profile, see its SOURCE.md) as
jsonschema validators: what the ORUK validator checks, read from the profile's own files.

``openapi.json`` names the schemas by their raw.githubusercontent.com URLs; they resolve to
the vendored copies here and never to the network. Formats are checked too (``uuid``,
``email``, ``uri``, ``date-time``): jsonschema checks ``uri`` and ``date-time`` only with
optional packages, so small checkers stand in for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

PROFILE_DIR = Path(__file__).parent / "data" / "oruk-uk-profile"
RAW = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI = json.loads((PROFILE_DIR / "openapi.json").read_text())
PAGING = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")

# The validator's HSDS-UK 3.0 test profile: endpoint -> (level, schema of the response or of
# each item of a paged list). /organizations are in the compiled schemas and HSDS 3.0, not in
# the validator's levels.
ENDPOINTS = {
    "/": (1, None),
    "/services": (1, "compiled/service_list.json"),
    "/services/{id}": (1, "compiled/service.json"),
    "/taxonomies": (2, "taxonomy.json"),
    "/taxonomies/{id}": (2, "taxonomy.json"),
    "/taxonomy_terms": (2, "taxonomy_term.json"),
    "/taxonomy_terms/{id}": (2, "taxonomy_term.json"),
    "/service_at_locations": (2, "compiled/service_at_location_list.json"),
    "/service_at_locations/{id}": (2, "compiled/service_at_location.json"),
    "/organizations": (None, "compiled/organization_list.json"),
    "/organizations/{id}": (None, "compiled/organization.json"),
}


def _retrieve(uri: str) -> Resource:
    if not uri.startswith(RAW) or not (PROFILE_DIR / uri[len(RAW) :]).is_file():
        raise NoSuchResource(ref=uri)  # only the vendored files: never the network
    contents = json.loads((PROFILE_DIR / uri[len(RAW) :]).read_text())
    return Resource.from_contents(contents, default_specification=DRAFT202012)


REGISTRY = Registry(retrieve=_retrieve)
FORMATS = FormatChecker()
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and not re.search(r"\s", value)


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


@functools.cache
def validator(endpoint: str) -> Draft202012Validator:
    """The validator for a response of ``endpoint`` (a key of ENDPOINTS)."""
    _level, schema = ENDPOINTS[endpoint]
    if endpoint == "/":
        return _about_validator()
    if "{id}" in endpoint:
        return _make({"$ref": RAW + schema})
    page = OPENAPI["components"]["schemas"]["Page"]
    return _make(
        {
            "allOf": [page],
            "type": "object",
            "required": [*PAGING, "contents"],
            "properties": {"contents": {"type": "array", "items": {"$ref": RAW + schema}}},
        }
    )


def _about_validator() -> Draft202012Validator:
    """GET /: the profile's API details (version, profile, openapi_url), all given."""
    response = OPENAPI["paths"]["/"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    return _make({"allOf": [schema], "required": ["version", "profile", "openapi_url"]})


def _make(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS)


def problems(endpoint: str, body) -> list[str]:
    """Every way ``body`` breaks the official schema: '<path>: <message>' lines."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in validator(endpoint).iter_errors(body)
    ]


def documented_parameters(path: str) -> list[str]:
    """The query parameters openapi.json attaches to ``path``, by name."""
    operation = OPENAPI["paths"][path]["get"]
    return [
        _parameter(p)["name"]
        for p in operation.get("parameters", [])
        if _parameter(p)["in"] == "query"
    ]


def all_documented_parameters() -> list[str]:
    """Every query parameter the profile defines (components.parameters), by name."""
    return [p["name"] for p in OPENAPI["components"]["parameters"].values() if p["in"] == "query"]


def _parameter(entry: dict) -> dict:
    if "$ref" in entry:
        return OPENAPI["components"]["parameters"][entry["$ref"].rsplit("/", 1)[-1]]
    return entry
