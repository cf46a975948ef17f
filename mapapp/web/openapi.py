"""The OpenAPI 3.0 document of every JSON endpoint, built from Python dicts, served at
/api/openapi.json and rendered for people at /api (the same document, server-side, no
Swagger UI: no CDN and nothing for the CSP to allow).

The finder's parameters are generated from the table it reads them with (params.FINDER), and
the other enums come from vocab.py, so the document cannot drift from what the endpoints accept; the schemathesis tests (tests/web/test_openapi.py) call every
operation with generated values and check each response against it. Other modules add
paths through ``extra_fragments`` (the Open Referral UK API: publish/oruk_openapi.py, its
oruk_paths() and oruk_components(), merged when it is installed).
"""

from __future__ import annotations

import copy
import importlib
import json
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, render_template

from ..analysis.params import GAPS
from ..params import FINDER, MAP_TILE
from .openapi_decisions import SCHEMAS as DECISION_SCHEMAS
from .openapi_decisions import paths as decision_paths
from .openapi_schemas import SCHEMAS

bp = Blueprint("openapi", __name__)
# (module, its paths, its components): dicts, or functions that return them.
FRAGMENTS = (("mapapp.publish.oruk_openapi", "oruk_paths", "oruk_components"),)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": _ref(name)}}}


ERRORS = {"400": _json("Error", "A parameter is not valid: the body names it and what is allowed.")}
ASSET_PARAMETERS = FINDER.openapi()  # params.py: what the finder reads, as it reads it
GAP_PARAMETERS = GAPS.openapi()  # analysis/params.py: what the analysis reads, as it reads it
UNAVAILABLE = {"503": _json("Error", "The reference data (districts, LSOAs) are not loaded yet.")}


def _operation(
    summary: str, description: str, responses: dict, parameters=(), tag: str = "Listings"
) -> dict:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": list(parameters),
            "responses": responses,
        }
    }


PATHS = {
    "/api/assets": _operation(
        "Listings near a place, filtered",
        "A GeoJSON FeatureCollection of active listings (WGS84), nearest first. Within one "
        "filter choices widen the search (any of them), across filters they narrow it.",
        {
            "200": _json("AssetCollection", "The listings of this page.", "application/json"),
            **ERRORS,
            "404": _json("Error", "The postcode or place in 'near' is unknown."),
        },
        ASSET_PARAMETERS,
    ),
    "/api/assets/{id}": {
        "get": {
            **_operation(
                "One listing",
                "One active listing as a GeoJSON Feature.",
                {
                    "200": _json("AssetFeature", "The listing."),
                    "400": _json("Error", "The address holds a control character."),
                    "404": _json("Error", "No active listing has this id."),
                },
            )["get"],
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                    "example": 1,
                }
            ],
        }
    },
    "/api/map/tiles/{z}/{x}/{y}.json": {
        "get": {
            **_operation(
                "One tile of the public map",
                "What one 256-pixel Web Mercator tile shows: its listings (as the features "
                "of /api/assets, fewer properties) when it holds few or the zoom is 15 or "
                "more, otherwise clusters on a 4 x 4 grid with a count per primary domain.",
                {
                    "200": _json("MapTile", "The tile."),
                    "400": _json("Error", "The address holds a control character."),
                    "404": _json("Error", "No such tile at this zoom."),
                },
                tag="Maps",
            )["get"],
            "parameters": [
                *(
                    {
                        "name": name,
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0, "maximum": 2**18 - 1},
                        "example": example,
                    }
                    for name, example in (("z", 9), ("x", 254), ("y", 166))
                ),
                *MAP_TILE.openapi(),
            ],
        }
    },
    "/api/gaps": _operation(
        "Gap analysis by district and domain",
        "Coverage, listings and weekly sessions per district and domain, gaps with their "
        "reasons, the seven-domain checklist and the time of week (the /gaps page's data).",
        {"200": _json("GapReport", "The analysis."), **ERRORS, **UNAVAILABLE},
        GAP_PARAMETERS,
        tag="Gap analysis",
    ),
    "/api/gaps.csv": _operation(
        "Gap analysis as CSV",
        "One row per district and domain, then the whole area.",
        {
            "200": {
                "description": "The table.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            },
            **ERRORS,
            **UNAVAILABLE,
        },
        GAP_PARAMETERS,
        tag="Gap analysis",
    ),
    "/api/gaps/lsoa.geojson": _operation(
        "Distance and access by LSOA",
        "Each LSOA's population-weighted centroid with the distance to the nearest listing "
        "of each domain and the access score.",
        {
            "200": _json("LsoaCollection", "The LSOAs.", "application/geo+json"),
            **ERRORS,
            **UNAVAILABLE,
        },
        GAP_PARAMETERS,
        tag="Gap analysis",
    ),
    "/feeds/meeting-guide.json": _operation(
        "Meetings as a Meeting Guide feed",
        "Every active meeting in the Meeting Guide JSON format (code4recovery spec), one "
        "entry per weekly session; fortnightly and monthly ones without a day.",
        {"200": _json("MeetingGuideFeed", "The feed.")},
        tag="Feeds",
    ),
    "/api/openapi.json": _operation(
        "This document",
        "The OpenAPI 3.0 description of the API.",
        {
            "200": {
                "description": "The document.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
        tag="About",
    ),
}

# Scenarios, priorities and best sites (web/decisions.py), documented in their own module.
PATHS.update(decision_paths(ERRORS, UNAVAILABLE))


def extra_fragments() -> list[tuple[dict, dict]]:
    """(paths, components) of every fragment module that is installed."""
    found = []
    for name, paths, components in FRAGMENTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append((_value(module, paths), _value(module, components)))
    return found


def _value(module, name: str) -> dict:
    value = getattr(module, name)
    return value() if callable(value) else value


def document() -> dict:
    doc = {
        "openapi": "3.0.3",
        "info": {
            "title": f"Recovery asset map: {current_app.config['AREA_NAME']}",
            "version": "1",
            "description": "Open data about recovery support: GET only, no key, CORS *. "
            "Errors are JSON with 'error' (what to do) and, for a bad "
            "parameter, 'parameter', 'value' and 'allowed'.",
        },
        "servers": [{"url": "/"}],
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy({**SCHEMAS, **DECISION_SCHEMAS})},
    }
    for paths, components in extra_fragments():
        doc["paths"].update(paths)
        for kind, items in components.items():
            doc["components"].setdefault(kind, {}).update(items)
    return doc


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())


@bp.get("/api")
def api_page():
    doc = document()
    return render_template(
        "openapi/api.html",
        doc=doc,
        operations=_operations(doc),
        as_json=lambda v: json.dumps(v, ensure_ascii=False),
    )


def _operations(doc: dict) -> list[dict]:
    """Each operation with the example URL made from its parameters' examples."""
    found, shared = [], doc["components"].get("parameters", {})
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            parameters = [
                shared[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p
                for p in operation.get("parameters", [])
            ]
            found.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "op": operation,
                    "parameters": parameters,
                    "example": _example(path, parameters),
                }
            )
    return found


def _example(path: str, parameters: list[dict]) -> str | None:
    pairs = []
    for parameter in parameters:
        value = parameter.get("example")
        if value is None and parameter["in"] == "path":
            return None  # no example: no link that would be a 404
        if value is None:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(value))
        else:
            values = value if isinstance(value, list) else [value]
            pairs.append(
                f"{parameter['name']}=" + quote(",".join(str(v) for v in values), safe=",:")
            )
    return path + ("?" + "&".join(pairs) if pairs else "")
