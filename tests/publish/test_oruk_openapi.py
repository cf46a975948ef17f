"""The OpenAPI fragment of the Open Referral UK API says what the endpoints really return:
real responses on the hand-built listings (both backends) validate against the response
schema of their path and status, and every path is a route of the app."""

import re

import jsonschema
import pytest

from mapapp.publish.oruk_openapi import oruk_components, oruk_paths
from mapapp.publish.oruk_taxonomy import entity_id, name_id
from tests.conftest import make_test_app
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

COMPONENTS = oruk_components()


def _check(path_template: str, response) -> None:
    operation = oruk_paths()[path_template]["get"]
    schema = operation["responses"][str(response.status_code)]["content"]["application/json"][
        "schema"
    ]
    jsonschema.validate(response.get_json(), {**schema, "components": COMPONENTS})


@pytest.fixture
def client(fixture_db):  # noqa: F811
    app = make_test_app(fixture_db)
    yield app.test_client()
    app.extensions["mapapp.engine"].dispose()


def test_every_path_is_a_route_and_every_reference_resolves(client):
    routes = {
        re.sub(r"<(?:\w+:)?\w+>", "{id}", rule.rule)  # every id is {id} in the spec
        for rule in client.application.url_map.iter_rules()
    }
    assert set(oruk_paths()) <= routes
    text = repr(oruk_paths()) + repr(COMPONENTS)
    for kind, name in re.findall(r"#/components/(\w+)/(\w+)", text):
        assert name in COMPONENTS[kind]


def test_real_responses_match_the_fragment(client):
    services = client.get("/openreferral/services").get_json()["contents"]
    requests = [
        ("/openreferral/", "/openreferral/", {}),
        ("/openreferral/services", "/openreferral/services", {"per_page": 3}),
        ("/openreferral/services", "/openreferral/services", {"page": 0}),
        (
            "/openreferral/service_at_locations",
            "/openreferral/service_at_locations",
            {"postcode": "S40 1LP", "proximity": 1200},
        ),
        ("/openreferral/service_at_locations", "/openreferral/service_at_locations", {}),
        (
            "/openreferral/service_at_locations",
            "/openreferral/service_at_locations",
            {"postcode": "SW1A 1AA"},
        ),
        ("/openreferral/taxonomies", "/openreferral/taxonomies", {}),
        (
            "/openreferral/taxonomies/{id}",
            f"/openreferral/taxonomies/{name_id('taxonomy', 'recovery-domains')}",
            {},
        ),
        ("/openreferral/taxonomies/{id}", "/openreferral/taxonomies/none", {}),
        ("/openreferral/taxonomy_terms", "/openreferral/taxonomy_terms", {}),
        ("/openreferral/taxonomy_terms/{id}", "/openreferral/taxonomy_terms/twelve-step", {}),
        ("/openreferral/services/{id}", f"/openreferral/services/{entity_id('service', 0)}", {}),
    ] + [("/openreferral/services/{id}", f"/openreferral/services/{s['id']}", {}) for s in services]
    statuses = []
    for template, path, query in requests:
        response = client.get(path, query_string=query)
        _check(template, response)
        statuses.append(response.status_code)
    assert statuses[:12] == [200, 200, 400, 200, 200, 404, 200, 200, 404, 200, 200, 404]
    assert len(services) == 7 and statuses[12:] == [200] * 7
