"""Response schemas of the OpenAPI document (web/openapi.py), as JSON Schema dicts in the
OpenAPI 3.0 dialect (``nullable`` rather than a "null" type).

They describe what the endpoints really send (present.asset_properties, api.py,
analysis/outputs.py, publish/meeting_guide.py); the schemathesis tests hold them to it.
"""

from __future__ import annotations

from .. import vocab as D

STRING = {"type": "string"}
TEXT = {"type": "string", "nullable": True}
NUMBER = {"type": "number"}
MAYBE_NUMBER = {"type": "number", "nullable": True}
INTEGER = {"type": "integer"}
STRINGS = {"type": "array", "items": STRING}
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "minItems": 2, "maxItems": 2, "items": NUMBER},
    },
}


def _object(required: dict, optional: dict | None = None, more: bool = False) -> dict:
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": more,
    }


ASSET_PROPERTIES = _object(
    {
        "id": INTEGER,
        "name": STRING,
        "kind": {"type": "string", "enum": list(D.KINDS)},
        "domains": {"type": "array", "items": {"type": "string", "enum": list(D.CODES)}},
        "attendance": {"type": "string", "enum": list(D.ATTENDANCE)},
        "next_session": {"type": "string", "format": "date-time", "nullable": True},
        "when": STRING,
        "schedule": STRINGS,
        "location_precision": {"type": "string", "enum": list(D.PRECISIONS)},
        "last_verified": {"type": "string", "format": "date-time", "nullable": True},
        "may_be_out_of_date": {"type": "boolean"},
        "fellowship": TEXT,
        "types": STRINGS,
        "audience": STRINGS,
        "accessibility": STRINGS,
        "venue": TEXT,
        "address": TEXT,
        "town": TEXT,
        "postcode": TEXT,
        "conference_url": TEXT,
        "conference_phone": TEXT,
        "website": TEXT,
        "email": TEXT,
        "phone": TEXT,
        "demo": {"type": "boolean"},
        "lived_experience_led": {"type": "boolean"},
        "url": STRING,
    },
    {
        "contact_name": STRING,
        "contact_email": STRING,
        "contact_phone": STRING,
        "distance_m": NUMBER,
    },
)

ASSET_FEATURE = _object(
    {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": INTEGER,
        "geometry": {**POINT, "nullable": True},
        "properties": {"$ref": "#/components/schemas/AssetProperties"},
    }
)

ASSET_COLLECTION = _object(
    {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"$ref": "#/components/schemas/AssetFeature"}},
        "total": {
            "type": "integer",
            "nullable": True,
            "description": "null when more listings lie beyond this page (see more)",
        },
        "more": {"type": "boolean"},
        "limit": INTEGER,
        "offset": INTEGER,
    },
    {
        "near": _object(
            {
                "label": STRING,
                "kind": {"type": "string", "enum": ["postcode", "place", "coordinates"]},
                "lat": NUMBER,
                "lon": NUMBER,
                "radius_km": NUMBER,
            }
        )
    },
)

ERROR = _object(
    {"error": STRING, "status": INTEGER}, {"parameter": STRING, "value": STRING, "allowed": STRING}
)

PARAMETERS_ECHO = _object(
    {
        "threshold_m": {"type": "array", "items": NUMBER},
        "domain": STRINGS,
        "attendance": STRINGS,
        "audience": STRINGS,
    }
)
GROUP = _object(
    {
        "code": TEXT,
        "name": STRING,
        "lsoas": INTEGER,
        "population": INTEGER,
        "deprived_population": INTEGER,
        "checklist": {"type": "object", "additionalProperties": STRING},
        "domains": {"type": "object", "additionalProperties": {"type": "object"}},
        "time_of_week_pct": {"type": "object"},
        # Listings located here, each once, and the share run by lived-experience-led
        # organisations (pct null when none is located here).
        "lived_experience_led": _object(
            {"listings": INTEGER, "of": INTEGER, "pct": {"type": ["number", "null"]}}
        ),
    }
)
GAP_REPORT = _object(
    {
        "parameters": {"$ref": "#/components/schemas/GapParameters"},
        "method": {"type": "object"},
        "domains": {
            "type": "array",
            "items": _object(
                {
                    "code": {"type": "string", "enum": list(D.CODES)},
                    "label": STRING,
                    "is_context": {"type": "boolean"},
                }
            ),
        },
        "supply": {"type": "object"},
        "districts": {"type": "array", "items": {"$ref": "#/components/schemas/GapGroup"}},
        "area": {"$ref": "#/components/schemas/GapGroup"},
    }
)

LSOA_PROPERTIES = _object(
    {
        "code": STRING,
        "name": STRING,
        "district_code": STRING,
        "population": INTEGER,
        "imd_decile": {"type": "integer", "nullable": True},
        "deprived": {"type": "boolean"},
        **{f"nearest_m_{code}": MAYBE_NUMBER for code in D.CODES},
        "access_score": MAYBE_NUMBER,
        "access_rank": INTEGER,
        "access_decile": INTEGER,
    }
)
LSOA_COLLECTION = _object(
    {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "parameters": {"$ref": "#/components/schemas/GapParameters"},
        "features": {
            "type": "array",
            "items": _object(
                {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "geometry": POINT,
                    "properties": LSOA_PROPERTIES,
                }
            ),
        },
    }
)

MEETING = _object(
    {
        "name": STRING,
        "slug": STRING,
        "timezone": STRING,
        "url": STRING,
        "website": STRING,
        "types": STRINGS,
        "updated": STRING,
        "formatted_address": STRING,
        "approximate": {"type": "string", "enum": ["yes", "no"]},
        "notes": STRING,
    },
    {
        "day": {"type": "integer", "minimum": 0, "maximum": 6},
        "time": {"type": "string", "pattern": r"^\d\d:\d\d$"},
        "end_time": {"type": "string", "pattern": r"^\d\d:\d\d$"},
        "latitude": NUMBER,
        "longitude": NUMBER,
        "regions": STRINGS,
        **{
            k: STRING
            for k in (
                "location",
                "address",
                "city",
                "postal_code",
                "country",
                "location_notes",
                "conference_url",
                "conference_url_notes",
                "conference_phone",
                "conference_phone_notes",
                "contact_1_name",
                "contact_1_email",
                "contact_1_phone",
            )
        },
    },
)

MAP_POINT_PROPERTIES = _object(
    {
        "id": INTEGER,
        "name": STRING,
        "kind": STRING,
        "attendance": STRING,
        "domains": STRINGS,
        "primary": STRING,
        "when": STRINGS,
        "venue": TEXT,
        "precision": STRING,
        "demo": {"type": "boolean"},
        "url": STRING,
        "directions": STRING,
    }
)
MAP_TILE = _object(
    {
        "tile": {"type": "array", "items": INTEGER, "minItems": 3, "maxItems": 3},
        "version": {"type": "integer", "nullable": True},
        "points": {
            "type": "array",
            "items": _object(
                {"type": STRING, "geometry": POINT, "properties": MAP_POINT_PROPERTIES}
            ),
        },
        "clusters": {
            "type": "array",
            "items": _object(
                {
                    "lon": NUMBER,
                    "lat": NUMBER,
                    "count": INTEGER,
                    "counts": {"type": "object", "additionalProperties": INTEGER},
                    "bounds": {"type": "array", "items": NUMBER, "minItems": 4, "maxItems": 4},
                }
            ),
        },
    }
)

SCHEMAS = {
    "AssetProperties": ASSET_PROPERTIES,
    "AssetFeature": ASSET_FEATURE,
    "AssetCollection": ASSET_COLLECTION,
    "Error": ERROR,
    "MapTile": MAP_TILE,
    "GapParameters": PARAMETERS_ECHO,
    "GapGroup": GROUP,
    "GapReport": GAP_REPORT,
    "LsoaCollection": LSOA_COLLECTION,
    "MeetingGuideFeed": {"type": "array", "items": MEETING},
}
