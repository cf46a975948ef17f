"""The OpenAPI document: valid OpenAPI 3.0, every JSON endpoint in it, its enums the
app's own, the /api page made from it; and schemathesis calling every operation with
generated values (both backends, demo data): no 5xx, every response as documented."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mapapp import vocab as D
from mapapp.web.openapi import PATHS, extra_fragments

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Each gap call runs a whole analysis of the area (about a second): fewer examples there.
EXAMPLES = {
    "/api/gaps": 6,
    "/api/gaps.csv": 4,
    "/api/gaps/lsoa.geojson": 4,
    "/api/gaps/scenario": 6,
    "/api/gaps/priorities": 4,
    "/api/gaps/priorities.csv": 3,
    "/api/gaps/best-sites": 6,
    "/api/gaps/best-sites.csv": 3,
    "/api/gaps/lsoa.csv": 3,
}


# Every path of the document, fragments (the Open Referral UK API) included.
ALL_PATHS = {
    **PATHS,
    **{path: item for paths, _ in extra_fragments() for path, item in paths.items()},
}


def _breakable(item: dict) -> bool:
    """Negative cases need a parameter that a value can break: a query parameter, or a
    path parameter with more than a type (any string is a valid {id} of the ORUK API)."""
    return any(
        p.get("in") != "path" or set(p.get("schema", {})) - {"type"}
        for p in item["get"].get("parameters", [])
    )


OPERATIONS = [
    (path, mode)
    for path, item in ALL_PATHS.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or _breakable(item)
]


# schemathesis's own pytest integration (from_fixture) does not run under pytest 9 (it
# sets a node attribute pytest 9 removed), so each operation and mode is a test here and
# hypothesis draws the cases from the operation's strategy.
@pytest.mark.parametrize(
    "path, mode", OPERATIONS, ids=[f"{path}-{mode.value}" for path, mode in OPERATIONS]
)
def test_every_operation_answers_as_documented(app, path, mode):
    operation = schemathesis.openapi.from_wsgi("/api/openapi.json", app)[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES.get(path, 25),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        # schemathesis's WSGI transport advertises brotli and gzip (through requests) but does
        # not decode them as an HTTP client would: ask for the body as it is.
        case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

    call()


def test_every_json_endpoint_is_documented(app):
    doc = app.test_client().get("/api/openapi.json").get_json()
    assert doc["openapi"] == "3.0.3"
    json_rules = {
        re.sub(r"<[^>]+>", "{}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/api/", "/feeds/", "/openreferral/")) and "GET" in rule.methods
    }
    assert json_rules == {re.sub(r"\{\w+\}", "{}", path) for path in doc["paths"]}
    domain = next(
        p for p in doc["paths"]["/api/assets"]["get"]["parameters"] if p["name"] == "domain"
    )
    assert domain["schema"]["items"]["enum"] == list(D.CODES) and domain["explode"] is True


def test_the_api_page_lists_every_operation_with_a_working_example(app):
    client = app.test_client()
    html = client.get("/api").get_data(as_text=True)
    examples = re.findall(r'Example: <a href="([^"]+)"', html)
    assert "/api/assets?near=S40%201LP&amp;radius_km=5&amp;domain=mutual-aid" in examples
    assert {"/api/assets/1", "/api/gaps?threshold_m=1600,5000", "/feeds/meeting-guide.json"} <= set(
        examples
    )
    for example in examples:
        assert client.get(example.replace("&amp;", "&")).status_code == 200, example
    assert "<code>radius_km</code>" in html and "one of twelve-step, mutual-aid" in html


def test_fragments_are_merged_when_installed(app, monkeypatch):
    from mapapp.web import openapi

    monkeypatch.setattr(
        openapi,
        "extra_fragments",
        lambda: [
            (
                {
                    "/openreferral/services": {
                        "get": {"summary": "Services", "responses": {"200": {"description": "ok"}}}
                    }
                },
                {"schemas": {"Service": {"type": "object"}}},
            )
        ],
    )
    doc = app.test_client().get("/api/openapi.json").get_json()
    assert (
        "/openreferral/services" in doc["paths"]
        and "Service" in doc["components"]["schemas"]
        and "AssetFeature" in doc["components"]["schemas"]
    )
