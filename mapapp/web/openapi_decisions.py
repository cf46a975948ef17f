"""The OpenAPI paths and schemas of the commissioner-decision endpoints (web/decisions.py):
scenarios, priorities, best sites and the per-neighbourhood CSV. Merged into the one
document by web/openapi.py. The parameters come from the tables the endpoints read them
with (analysis/: scenario_params.SCENARIO, priorities.PRIORITIES, best_sites.SITES and
params.GAPS), so the document says what the endpoints accept."""

from __future__ import annotations

from .. import vocab as D
from ..analysis.best_sites import SITES
from ..analysis.params import GAPS
from ..analysis.priorities import PRIORITIES
from ..analysis.scenario_params import SCENARIO
from .openapi_schemas import GAP_REPORT, STRING


def _json(name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def _csv(description: str) -> dict:
    return {"description": description, "content": {"text/csv": {"schema": STRING}}}


def paths(errors: dict, unavailable: dict) -> dict:
    scenario, priorities, sites = SCENARIO.openapi(), PRIORITIES.openapi(), SITES.openapi()
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
            GAPS.openapi(),
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
