"""OpenAPI ``paths`` and ``components`` for the Open Referral UK API (web/openreferral.py),
to be merged into the site's OpenAPI document.

The schemas say exactly what the endpoints return (tests/web/test_oruk_openapi.py checks
real responses against them): the HSDS-UK 3.0 fields mapapp publishes, with no other
properties. Component names start with ``Oruk`` so that they cannot collide with the rest
of the document. Written in the subset shared by OpenAPI 3.0 and 3.1.
"""

from __future__ import annotations

from ..params import MAX_LIMIT, MAX_RADIUS_KM
from .oruk_query import LIST_PARAMETERS, PAGE_PARAMETERS

_UUID = {
    "type": "string",
    "format": "uuid",
    "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
}
_DATE = {"type": "string", "format": "date"}
_TIME = {
    "type": "string",
    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "description": "Europe/London local time (GMT or BST), HH:MM.",
}
_TEXT = {"type": "string"}
_URL = {"type": "string", "format": "uri"}
_NUMBER = {"type": "number"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/Oruk{name}"}


def _list(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


def _object(required: list[str], properties: dict, description: str = "") -> dict:
    body = {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }
    return body | ({"description": description} if description else {})


def _schemas() -> dict:
    schemas = {
        "Phone": _object(["id", "number"], {"id": _UUID, "number": _TEXT, "description": _TEXT}),
        **_taxonomies(),
        "Schedule": _schedule(),
        "Address": _object(
            [
                "id",
                "location_id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ],
            {
                "id": _UUID,
                "location_id": _UUID,
                "address_1": _TEXT,
                "city": _TEXT,
                "state_province": _TEXT,
                "postal_code": _TEXT,
                "country": {"type": "string", "enum": ["GB"]},
                "address_type": {"type": "string", "enum": ["physical"]},
            },
        ),
        "Accessibility": _object(
            ["id", "location_id", "description"],
            {"id": _UUID, "location_id": _UUID, "description": _TEXT},
        ),
        "OrganizationIdentifier": _object(
            ["id", "identifier_scheme", "identifier_type", "identifier"],
            {
                "id": _UUID,
                "identifier_scheme": _TEXT,
                "identifier_type": _TEXT,
                "identifier": _TEXT,
            },
        ),
        "Organization": _object(
            ["id", "name", "description"],
            {
                "id": _UUID,
                "name": _TEXT,
                "description": _TEXT,
                "website": _URL,
                "email": _TEXT,
                "organization_identifiers": _list("OrganizationIdentifier"),
            },
        ),
        "Contact": _object(
            ["id"], {"id": _UUID, "name": _TEXT, "email": _TEXT, "phones": _list("Phone")}
        ),
        **_locations(),
        **_services(),
        "About": _object(
            ["version", "profile", "openapi_url"],
            {"version": {"type": "string", "enum": ["3.0"]}, "profile": _URL, "openapi_url": _URL},
        ),
        "Error": {
            "type": "object",
            "required": ["error", "status"],
            "properties": {
                "error": _TEXT,
                "status": {"type": "integer"},
                "parameter": _TEXT,
                "value": _TEXT,
                "allowed": _TEXT,
            },
        },
    }
    schemas["OrganizationWithServices"] = _object(
        ["id", "name", "description", "services"],
        schemas["Organization"]["properties"] | {"services": _list("ServiceSummary")},
    )
    for name, item in (
        ("ServicesPage", "ServiceListItem"),
        ("TaxonomiesPage", "Taxonomy"),
        ("ServiceAtLocationsPage", "ServiceAtLocationListItem"),
        ("TaxonomyTermsPage", "TaxonomyTerm"),
        ("OrganizationsPage", "Organization"),
    ):
        schemas[name] = _page(item)
    return {f"Oruk{name}": schema for name, schema in schemas.items()}


def _taxonomies() -> dict:
    return {
        "TaxonomyTerm": _object(
            ["id", "code", "name", "description", "term", "taxonomy", "taxonomy_id"],
            {
                "id": _UUID,
                "code": _TEXT,
                "name": _TEXT,
                "term": _TEXT,
                "description": _TEXT,
                "taxonomy": _TEXT,
                "taxonomy_id": _UUID,
            },
        ),
        "Taxonomy": _object(
            ["id", "name", "description", "version"],
            {"id": _UUID, "name": _TEXT, "description": _TEXT, "version": _TEXT},
        ),
        "Attribute": _object(
            ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "taxonomy_term"],
            {
                "id": _UUID,
                "link_id": _UUID,
                "link_type": {"type": "string", "enum": ["service"]},
                "link_entity": {"type": "string", "enum": ["service"]},
                "taxonomy_term_id": _UUID,
                "taxonomy_term": _ref("TaxonomyTerm"),
            },
        ),
    }


def _schedule() -> dict:
    return _object(
        ["id", "service_id", "freq", "interval", "byday", "description", "attending_type"],
        {
            "id": _UUID,
            "service_id": _UUID,
            "freq": {"type": "string", "enum": ["WEEKLY", "MONTHLY"]},
            "interval": {
                "type": "integer",
                "enum": [1, 2],
                "description": "2 with WEEKLY is fortnightly, counted from dtstart.",
            },
            "byday": {
                "type": "string",
                "pattern": "^(-1|[1-5])?(MO|TU|WE|TH|FR|SA|SU)$",
                "description": "A weekday; MONTHLY ones carry the week: 2TU, -1FR.",
            },
            "dtstart": _DATE,
            "valid_from": _DATE,
            "valid_to": _DATE,
            "opens_at": _TIME,
            "closes_at": _TIME,
            "description": _TEXT,
            "notes": _TEXT,
            "attending_type": {
                "type": "string",
                "enum": ["In person", "Online", "In person or online"],
            },
        },
    )


def _locations() -> dict:
    summary = {
        "id": _UUID,
        "location_type": {"type": "string", "enum": ["physical", "virtual"]},
        "name": _TEXT,
        "description": _TEXT,
        "url": _URL,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
    }
    return {
        "LocationSummary": _object(["id", "location_type", "name"], summary),
        "Location": _object(
            ["id", "location_type", "name"],
            summary
            | {
                "addresses": _list("Address"),
                "accessibility": _list("Accessibility"),
                "phones": _list("Phone"),
            },
        ),
        "ServiceAtLocation": _object(
            ["id", "service_id", "location_id", "location"],
            {"id": _UUID, "service_id": _UUID, "location_id": _UUID, "location": _ref("Location")},
        ),
        "ServiceAtLocationListItem": _object(
            ["id", "service_id", "service"],
            {
                "id": _UUID,
                "service_id": _UUID,
                "location_id": _UUID,
                "location": {
                    "anyOf": [_ref("LocationSummary"), _ref("Location")],
                    "description": "The whole location with full=true.",
                },
                "service": _ref("ServiceSummary"),
            },
        ),
        "ServiceAtLocationWithService": _object(
            ["id", "service_id", "location_id", "location", "service"],
            {
                "id": _UUID,
                "service_id": _UUID,
                "location_id": _UUID,
                "location": _ref("Location"),
                "service": _ref("ServiceSummary"),
            },
        ),
    }


def _services() -> dict:
    summary = {
        "id": _UUID,
        "name": _TEXT,
        "description": _TEXT,
        "url": _URL,
        "email": _TEXT,
        "status": {"type": "string", "enum": ["active"]},
        "assured_date": _DATE,
        "last_modified": {"type": "string", "format": "date-time"},
        "organization_id": _UUID,
        "organization": _ref("Organization"),
    }
    required = ["id", "name", "description", "url", "status", "last_modified"]
    return {
        "ServiceSummary": _object(required, summary),
        "ServiceListItem": {
            "anyOf": [_ref("ServiceSummary"), _ref("Service")],
            "description": "A fully nested service with full=true.",
        },
        "Service": _object(
            required + ["schedules", "service_at_locations", "attributes"],
            summary
            | {
                "schedules": _list("Schedule"),
                "service_at_locations": _list("ServiceAtLocation"),
                "attributes": _list("Attribute"),
                "phones": _list("Phone"),
                "contacts": _list("Contact"),
            },
        ),
    }


def _page(item: str) -> dict:
    whole = {"type": "integer", "minimum": 0}
    return _object(
        [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        {
            "total_items": whole,
            "total_pages": whole,
            "page_number": {"type": "integer", "minimum": 1},
            "size": whole | {"description": "The number of items on this page."},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": _list(item),
        },
    )


# --- paths ----------------------------------------------------------------------------------


def _parameter(name: str, schema: dict, description: str, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
    }


def _parameters() -> dict:
    text = {"type": "string"}
    return {
        f"Oruk_{p['name']}": p
        for p in (
            _parameter("search", text, "Words in the name or description."),
            _parameter(
                "page", {"type": "integer", "minimum": 1, "default": 1}, "The page wanted, from 1."
            ),
            _parameter(
                "per_page",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
                "Items on a page.",
            ),
            _parameter(
                "taxonomy_term_id",
                text,
                "A term id (or code) from /openreferral/"
                "taxonomy_terms; several, comma-separated, match any.",
            ),
            _parameter("taxonomy_id", text, "A taxonomy id (or code): any of its terms."),
            _parameter("day", text, "MO … SU (or a day name): meets on the coming such day."),
            _parameter("start_time", _TIME, "Sessions starting at or after (local time)."),
            _parameter("end_time", _TIME, "Sessions ending at or before (local time)."),
            _parameter(
                "postcode", text, "A postcode in the area: nearest first, in-person listings only."
            ),
            _parameter(
                "proximity",
                {"type": "integer", "minimum": 100, "maximum": int(MAX_RADIUS_KM * 1000)},
                "Metres from the postcode's centre (needs postcode).",
            ),
            _parameter(
                "organization_id",
                text,
                "An id from /openreferral/organizations: what "
                "that organization offers; several, comma-separated, match any.",
            ),
            _parameter(
                "modified_after",
                text,
                "An ISO 8601 date-time (or date): listings changed on or after it.",
            ),
            _parameter(
                "full", {"type": "boolean", "default": False}, "true: each item fully nested."
            ),
            _parameter(
                "format",
                {"type": "string", "enum": ["json"], "default": "json"},
                "Only json (ndjson is not offered).",
            ),
        )
    }


def _responses(schema: str, errors=(400,)) -> dict:
    def content(name):
        return {"application/json": {"schema": _ref(name)}}

    responses = {"200": {"description": "OK", "content": content(schema)}}
    for status in errors:
        responses[str(status)] = {
            "description": "A parameter or id is wrong: the message says which and what to send.",
            "content": content("Error"),
        }
    return responses


def _get(summary: str, schema: str, parameters: list, errors=(400,)) -> dict:
    return {
        "get": {
            "summary": summary,
            "tags": ["Open Referral UK"],
            "operationId": "oruk_" + summary.lower().replace(" ", "_"),
            "parameters": parameters,
            "responses": _responses(schema, errors),
        }
    }


def _refs(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/Oruk_{name}"} for name in names]


def _by_id(summary: str, schema: str, what: str) -> dict:
    path_id = [_parameter("id", {"type": "string"}, f"The {what}'s id.", "path")]
    return _get(summary, schema, path_id, errors=(400, 404))


# The parameters each list takes: the table the API itself checks requests against.
FILTERS = LIST_PARAMETERS
PAGING = PAGE_PARAMETERS


def oruk_paths() -> dict:
    return {
        "/openreferral/": _get("About this API", "About", [], errors=()),
        "/openreferral/services": _get(
            "List services", "ServicesPage", _refs(*FILTERS), errors=(400, 404)
        ),
        "/openreferral/services/{id}": _by_id("Get a service", "Service", "service"),
        "/openreferral/service_at_locations": _get(
            "List services at locations",
            "ServiceAtLocationsPage",
            _refs(*FILTERS),
            errors=(400, 404),
        ),
        "/openreferral/service_at_locations/{id}": _by_id(
            "Get a service at a location", "ServiceAtLocationWithService", "service at a location"
        ),
        "/openreferral/organizations": _get(
            "List organizations", "OrganizationsPage", _refs(*PAGING)
        ),
        "/openreferral/organizations/{id}": _by_id(
            "Get an organization", "OrganizationWithServices", "organization"
        ),
        "/openreferral/taxonomies": _get("List taxonomies", "TaxonomiesPage", _refs(*PAGING)),
        "/openreferral/taxonomies/{id}": _by_id("Get a taxonomy", "Taxonomy", "taxonomy"),
        "/openreferral/taxonomy_terms": _get(
            "List taxonomy terms", "TaxonomyTermsPage", _refs(*PAGING)
        ),
        "/openreferral/taxonomy_terms/{id}": _by_id("Get a taxonomy term", "TaxonomyTerm", "term"),
    }


def oruk_components() -> dict:
    return {"schemas": _schemas(), "parameters": _parameters()}
