"""The OpenAPI paths and schemas of the commissioner-decision endpoints (web/decisions.py):
scenarios, priorities, best sites and the per-neighbourhood CSV. Merged into the one
document by web/openapi.py; the enums come from the modules that check the values."""

from __future__ import annotations

from .. import vocab as D
from ..analysis.best_sites import MAX_SITES
from ..analysis.priorities import DEFAULT_DEPRIVED_WEIGHT, MAX_DEPRIVED_WEIGHT, SORTS
from ..analysis.scenario_params import ADD_HELP, MAX_ADDITIONS, MAX_CLOSURES
from ..params import query_parameter
from .openapi_schemas import GAP_REPORT, STRING


def _json(name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def _csv(description: str) -> dict:
    return {"description": description, "content": {"text/csv": {"schema": STRING}}}


def paths(gap_parameters: list, errors: dict, unavailable: dict) -> dict:
    scenario = [
        *gap_parameters,
        query_parameter(
            "add",
            f"A hypothetical listing (up to {MAX_ADDITIONS}): {ADD_HELP}.",
            {"type": "array", "maxItems": MAX_ADDITIONS, "items": STRING},
            ["mutual-aid@52.9225,-1.4746;day=tue;start=19:30"],
        ),
        query_parameter(
            "close",
            f"A listing closed in the scenario, by its number (up to {MAX_CLOSURES}).",
            {"type": "array", "maxItems": MAX_CLOSURES, "items": {"type": "integer"}},
        ),
    ]
    priorities = [
        *gap_parameters,
        query_parameter(
            "deprived_weight",
            "How many times a resident of the most deprived areas (IMD deciles 1–2) counts "
            "in the ranking.",
            {
                "type": "number",
                "minimum": 1,
                "maximum": MAX_DEPRIVED_WEIGHT,
                "default": DEFAULT_DEPRIVED_WEIGHT,
            },
        ),
        query_parameter("sort", "The grid's order.", {"type": "string", "enum": list(SORTS)}),
        query_parameter(
            "sort_domain",
            "Sort by this domain's column.",
            {"type": "string", "enum": list(D.SEVEN)},
        ),
    ]
    sites = [
        query_parameter(
            "domain",
            "The domain of the new listings (exactly one).",
            {"type": "string", "enum": list(D.CODES)},
            "mutual-aid",
            required=True,
        ),
        query_parameter(
            "k", "How many sites.", {"type": "integer", "minimum": 1, "maximum": MAX_SITES}
        ),
        query_parameter(
            "day",
            "With part: a time-of-week slot.",
            {"type": "string", "enum": list(D.DAY_NUMBERS)},
        ),
        query_parameter(
            "part", "With day: a time-of-week slot.", {"type": "string", "enum": list(D.DAY_PARTS)}
        ),
        *[p for p in gap_parameters if p["name"] != "domain"],
    ]
    responses = {**errors, **unavailable}
    tag = "Gap analysis"

    def operation(summary, description, ok, parameters) -> dict:
        return {
            "get": {
                "summary": summary,
                "description": description,
                "tags": [tag],
                "parameters": parameters,
                "responses": {"200": ok, **responses},
            }
        }

    return {
        "/api/gaps/scenario": operation(
            "What if: listings added and closed",
            "The /api/gaps document for the changed supply, plus 'change': per district and "
            "domain, residents and deprived residents newly within and newly beyond each "
            "threshold, time-of-week slots filled and emptied, gap and checklist before and after.",
            _json("ScenarioReport", "The analysis of the scenario."),
            scenario,
        ),
        "/api/gaps/priorities": operation(
            "Priorities: the checklist grid and the ranked gaps",
            "Each district's seven-domain checklist with residents beyond reach, and the gaps "
            "ranked by residents beyond the main threshold, the most deprived weighted.",
            _json("Priorities", "The grid and the ranking."),
            priorities,
        ),
        "/api/gaps/priorities.csv": operation(
            "The ranked gaps as CSV",
            "Parameters and date in the file name and the first rows.",
            _csv("The ranked gaps."),
            priorities,
        ),
        "/api/gaps/best-sites": operation(
            "Best sites for new listings of one domain",
            "The k candidate sites (neighbourhood centroids and venues in use) that together "
            "bring the most residents within reach who have none now, with what each adds "
            "and the method (exact, or greedy with its 1 − 1/e bound).",
            _json("BestSites", "The sites."),
            sites,
        ),
        "/api/gaps/best-sites.csv": operation(
            "Best sites as CSV",
            "Parameters and date in the file name and the first rows.",
            _csv("The sites."),
            sites,
        ),
        "/api/gaps/lsoa.csv": operation(
            "Per neighbourhood (LSOA) as CSV",
            "Distances to the nearest listing of each domain, access score and the nearest "
            "place's name; parameters and date in the file name and the first rows.",
            _csv("One row per LSOA."),
            gap_parameters,
        ),
    }


SCHEMAS = {
    "ScenarioReport": {
        **GAP_REPORT,
        "required": [*GAP_REPORT["required"], "scenario", "change"],
        "properties": {
            **GAP_REPORT["properties"],
            "scenario": {"type": "object"},
            "change": {"type": "object"},
        },
    },
    "Priorities": {
        "type": "object",
        "required": ["parameters", "rule", "grid", "area", "ranked", "time_of_week"],
        "properties": {
            "parameters": {"type": "object"},
            "rule": STRING,
            "grid": {"type": "array", "items": {"type": "object"}},
            "area": {"type": "object"},
            "ranked": {"type": "array", "items": {"type": "object"}},
            "time_of_week": {"type": "array", "items": {"type": "object"}},
        },
    },
    "BestSites": {
        "type": "object",
        "required": ["domain", "method", "sites", "residents_beyond_reach", "residents_reached"],
        "properties": {
            "domain": {"type": "string", "enum": list(D.CODES)},
            "method": {"type": "string", "enum": ["exact", "greedy"]},
            "sites": {"type": "array", "items": {"type": "object"}},
            "residents_beyond_reach": {"type": "integer"},
            "residents_reached": {"type": "integer"},
        },
    },
}
