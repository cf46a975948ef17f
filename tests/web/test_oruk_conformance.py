"""The Open Referral UK API checked the way the ORUK validator checks it, against the official
HSDS-UK 3.0 schemas (tests/data/oruk-uk-profile): every Level 1 and Level 2 endpoint of the
validator's profile and /organizations, paged through to the end, every id fetched on its own;
each query parameter the profile documents either honoured or refused with a 400 naming it;
CORS on every response, errors included. Both backends."""

from __future__ import annotations

import pytest

from tests.conftest import make_test_app
from tests.oruk_schemas import ENDPOINTS, all_documented_parameters, problems
from tests.standards_listings import MONDAY_NOON

BASE = "/openreferral"
LISTS = ("/services", "/taxonomies", "/taxonomy_terms", "/service_at_locations", "/organizations")


def _get(client, path: str, status: int = 200, **query):
    response = client.get(BASE + path, query_string=query)
    assert response.status_code == status, (path, query, response.get_data(as_text=True))
    assert response.headers.get("Access-Control-Allow-Origin") == "*", path
    assert response.mimetype == "application/json", path
    return response.get_json()


def _valid(endpoint: str, body):
    found = problems(endpoint, body)
    assert not found, f"{endpoint}: " + "; ".join(found[:10])
    return body


def _walk_list(client, path: str, **query) -> list[dict]:
    """Every item of a paged list, page after page as the validator reads it, checking the
    paging object of each page against the items really given."""
    pages = [_valid(path, _get(client, path, **query))]
    while not pages[-1]["last_page"]:
        number = pages[-1]["page_number"] + 1
        page = _valid(path, _get(client, path, page=number, **query))
        assert (page["page_number"], page["first_page"]) == (number, False)
        assert page["total_items"] == pages[0]["total_items"]
        pages.append(page)
    items = [item for page in pages for item in page["contents"]]
    assert all(page["size"] == len(page["contents"]) for page in pages)
    assert all(page["empty"] == (not page["contents"]) for page in pages)
    assert pages[0]["first_page"] and pages[0]["total_items"] == len(items)
    assert pages[0]["total_pages"] == (len(pages) if items else 0)
    assert len({item["id"] for item in items}) == len(items), f"{path}: an id twice"
    return items


def _walk(client) -> dict[str, dict[str, dict]]:
    """The validator's walk: GET /, each list to its end, then each listed id on its own."""
    about = _valid("/", _get(client, "/"))
    assert about["version"].startswith("3.0") and about["openapi_url"].startswith("http")
    found: dict[str, dict[str, dict]] = {}
    for path in LISTS:
        listed = {item["id"]: item for item in _walk_list(client, path)}
        found[path] = listed
        found[path + "/{id}"] = {
            key: _valid(path + "/{id}", _get(client, f"{path}/{key}")) for key in listed
        }
        assert all(body["id"] == key for key, body in found[path + "/{id}"].items())
    return found


def test_the_validator_profile_levels_1_and_2_on_the_demo_data(demo_db):
    app = make_test_app(demo_db)
    app.config["CLOCK"] = lambda: MONDAY_NOON
    found = _walk(app.test_client())
    app.extensions["mapapp.engine"].dispose()
    assert len(found["/services"]) > 300  # the demo's active listings, every one valid
    assert {level for level, _schema in ENDPOINTS.values()} == {1, 2, None}
    _links_resolve(found)


def test_the_validator_profile_on_the_hand_built_listings(standards_site):
    found = _walk(standards_site.client)
    names = {s["name"] for s in found["/services"].values()}
    assert "Closed Group" not in names and len(names) == len(standards_site.ids) - 1
    _links_resolve(found)
    organizations = {o["name"] for o in found["/organizations"].values()}
    assert organizations == {"Derbyshire Intergroup", "Peak Recovery Walkers"}


def _links_resolve(found) -> None:
    """Every service_at_location a full service names is one /service_at_locations/{id}
    answers, and every organization a service names is one /organizations lists."""
    sal_ids = {
        sal["id"]
        for service in found["/services/{id}"].values()
        for sal in service.get("service_at_locations", [])
    }
    assert set(found["/service_at_locations"]) <= sal_ids
    for service in found["/services/{id}"].values():
        for sal in service.get("service_at_locations", []):
            assert sal["service_id"] == service["id"]
    organization_ids = {
        s["organization_id"] for s in found["/services"].values() if s.get("organization_id")
    }
    assert organization_ids == set(found["/organizations"])
    for key, organization in found["/organizations/{id}"].items():
        offered = {s["id"] for s in found["/services"].values() if s.get("organization_id") == key}
        assert {s["id"] for s in organization.get("services", [])} == offered


def test_every_service_at_location_of_a_full_service_answers_on_its_own(standards_site):
    client, ids = standards_site.client, standards_site.ids
    services = _walk_list(client, "/services", full="true")
    for service in services:
        _valid("/services/{id}", service)
        for sal in service.get("service_at_locations", []):
            body = _valid(
                "/service_at_locations/{id}", _get(client, f"/service_at_locations/{sal['id']}")
            )
            assert (body["service_id"], body["location_id"]) == (service["id"], sal["location_id"])
            assert body["location"]["id"] == sal["location_id"]
            assert body["service"]["id"] == service["id"]
    owls = next(s for s in services if s["name"] == "Online Night Owls")
    [online] = owls["service_at_locations"]
    assert online["location"]["location_type"] == "virtual"
    assert len(ids) == 12


def test_an_organization_lists_what_it_offers(standards_site):
    client = standards_site.client
    listed = {o["name"]: o for o in _walk_list(client, "/organizations")}
    intergroup = _valid(
        "/organizations/{id}",
        _get(client, f"/organizations/{listed['Derbyshire Intergroup']['id']}"),
    )
    assert sorted(s["name"] for s in intergroup["services"]) == [
        "Derby Open AA",
        "Sheffield Third Wednesday",
    ]
    assert intergroup["website"] == "https://intergroup.example.org"
    walkers = _valid(
        "/organizations/{id}",
        _get(client, f"/organizations/{listed['Peak Recovery Walkers']['id']}"),
    )
    [charity] = walkers["organization_identifiers"]
    assert (charity["identifier_scheme"], charity["identifier"]) == ("GB-CHC", "1234567")
    error = _get(client, "/organizations/6d617061-0002-4000-8000-0000000fffff", 404)
    assert error["parameter"] == "id" and "/openreferral/organizations" in error["error"]


# --- query parameters ---------------------------------------------------------------------

# Each parameter the profile documents, with a value a client could send. Honoured ones
# have tests with real values below; the rest are refused with a 400 that names them.
SAMPLES = {
    "search": {"search": "walk"},
    "page": {"page": "1"},
    "per_page": {"per_page": "5"},
    "minimal": {"minimal": "true"},
    "full": {"full": "true"},
    "modified_after": {"modified_after": "2026-01-01T00:00:00Z"},
    "taxonomy_term_id": {"taxonomy_term_id": "activities"},
    "taxonomy_id": {"taxonomy_id": "recovery-domains"},
    "organization_id": {"organization_id": "6d617061-0002-4000-8000-000000000001"},
    "full_service": {"full_service": "true"},
    "postcode": {"postcode": "S40 1LP"},
    "proximity": {"postcode": "S40 1LP", "proximity": "2000"},
    "format": {"format": "json"},
    "minimum_age": {"minimum_age": "18"},
    "maximum_age": {"maximum_age": "25"},
    "start_time": {"start_time": "09:00"},
    "end_time": {"end_time": "21:00"},
    "day": {"day": "MO"},
}
HONOURED = {
    "search",
    "page",
    "per_page",
    "full",
    "modified_after",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "postcode",
    "proximity",
    "format",
    "start_time",
    "end_time",
    "day",
}


def test_every_documented_parameter_has_a_sample():
    assert set(all_documented_parameters()) == set(SAMPLES)


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_each_documented_parameter_is_honoured_or_refused_by_name(standards_site, path):
    for name in all_documented_parameters():
        response = standards_site.client.get(BASE + path, query_string=SAMPLES[name])
        assert response.headers.get("Access-Control-Allow-Origin") == "*"
        body = response.get_json()
        if name in HONOURED:
            assert response.status_code == 200, (name, body)
            _valid(path, body)
        else:
            assert response.status_code == 400, (name, body)
            assert body["parameter"] == name and name in body["error"], body


@pytest.mark.parametrize(
    "path, query, parameter",
    [
        ("/services", {"colour": "red"}, "colour"),
        ("/taxonomies", {"search": "walk"}, "search"),
        ("/taxonomy_terms", {"day": "MO"}, "day"),
        ("/services", {"format": "ndjson"}, "format"),
        ("/services", {"full": "maybe"}, "full"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"organization_id": "nope"}, "organization_id"),
        ("/service_at_locations", {"minimum_age": "18"}, "minimum_age"),
    ],
)
def test_a_parameter_that_is_not_honoured_is_a_400_naming_it(
    standards_site, path, query, parameter
):
    error = _get(standards_site.client, path, 400, **query)
    assert error["parameter"] == parameter and error["status"] == 400
    assert parameter in error["error"] and error["error"].endswith(".")


def _names(page) -> list[str]:
    return [item.get("name") or item["service"]["name"] for item in page["contents"]]


def test_organization_id_keeps_what_that_organization_offers(standards_site):
    client = standards_site.client
    listed = {o["name"]: o["id"] for o in _walk_list(client, "/organizations")}
    for path in ("/services", "/service_at_locations"):
        page = _valid(path, _get(client, path, organization_id=listed["Derbyshire Intergroup"]))
        assert sorted(_names(page)) == ["Derby Open AA", "Sheffield Third Wednesday"]
        assert page["total_items"] == 2
    nobody = _get(client, "/services", organization_id="6d617061-0002-4000-8000-0000000fffff")
    assert (nobody["total_items"], nobody["contents"]) == (0, [])


@pytest.mark.parametrize(
    "moment, names",
    [
        ("2026-01-01T00:00:00Z", ["Derby Open AA", "Recovery Walk"]),
        ("2026-01-02T09:00:00Z", ["Derby Open AA", "Recovery Walk"]),  # on or after
        ("2026-01-02T09:00:01Z", []),
        ("2026-01-02T10:00:00+01:00", ["Derby Open AA", "Recovery Walk"]),  # 09:00 UTC
        ("2026-01-02", ["Derby Open AA", "Recovery Walk"]),  # a date: from its start (UTC)
    ],
)
def test_modified_after_keeps_what_changed_since(standards_site, moment, names):
    for path in ("/services", "/service_at_locations"):
        page = _valid(path, _get(standards_site.client, path, modified_after=moment))
        assert sorted(_names(page)) == names


def test_full_gives_fully_nested_services_in_the_list(standards_site):
    client = standards_site.client
    full = _get(client, "/services", full="true", per_page=3)
    for service in full["contents"]:
        _valid("/services/{id}", service)
        assert "schedules" in service and "service_at_locations" in service
    brief = _get(client, "/services", full="false", per_page=3)
    assert [s["id"] for s in brief["contents"]] == [s["id"] for s in full["contents"]]
    assert all("schedules" not in s for s in brief["contents"])


@pytest.mark.parametrize(
    "query, names",
    [
        ({"taxonomy_term_id": "activities"}, ["Recovery Walk"]),
        ({"search": "doncaster"}, ["Doncaster Fortnightly"]),
        # The coming Saturday (10 Jan): the walk; one group starts in February, one next year.
        ({"day": "SA"}, ["Recovery Walk"]),
        ({"day": "TU"}, []),  # the Tuesday group ended in December
        ({"day": "WE", "start_time": "19:15"}, ["Derby Open AA"]),
    ],
)
def test_filters_with_real_values(standards_site, query, names):
    page = _valid("/services", _get(standards_site.client, "/services", **query))
    assert sorted(_names(page)) == names and page["total_items"] == len(names)


def test_schedules_carry_their_start_and_end_dates(standards_site):
    client, ids = standards_site.client, standards_site.ids
    listed = {s["name"]: s["id"] for s in _walk_list(client, "/services")}

    def schedule(name):
        [only] = _valid("/services/{id}", _get(client, f"/services/{listed[name]}"))["schedules"]
        return only

    assert schedule("Ending Thursday Group")["valid_to"] == "2026-03-26"
    assert schedule("Starting Saturday Group")["valid_from"] == "2026-02-10"
    monthly = schedule("Sheffield Third Wednesday")
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "3WE")
    assert "3rd Wednesday" in monthly["description"]
    assert len(ids) == 12


# --- CORS on everything, errors included ----------------------------------------------------


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/openreferral/", 200),
        ("get", "/openreferral/services?per_page=1", 200),
        ("get", "/openreferral/nowhere", 404),
        ("get", "/openreferral/services/not-an-id", 404),
        ("get", "/openreferral/service_at_locations/not-an-id", 404),
        ("get", "/openreferral/organizations/not-an-id", 404),
        ("get", "/openreferral/services?page=0", 400),
        ("get", "/openreferral/services?minimum_age=18", 400),
        ("post", "/openreferral/services", 405),
        ("get", "/feeds/meeting-guide.json", 200),
        ("get", "/feeds/nowhere.json", 404),
    ],
)
def test_cors_on_every_response_errors_included(standards_site, method, path, status):
    response = getattr(standards_site.client, method)(path)
    assert response.status_code == status
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    if path.startswith("/openreferral") and status != 200:
        body = response.get_json()
        assert body["status"] == status and body["error"]


@pytest.mark.parametrize(
    "name, region",
    [
        ("Derby Open AA", "Derbyshire"),
        ("Sheffield Third Wednesday", "Sheffield"),
        ("Doncaster Fortnightly", "Doncaster"),
    ],
)
def test_an_address_is_in_the_area_only_when_its_venue_is(standards_site, name, region):
    listed = {s["name"]: s["id"] for s in _walk_list(standards_site.client, "/services")}
    service = _get(standards_site.client, f"/services/{listed[name]}")
    [address] = service["service_at_locations"][0]["location"]["addresses"]
    assert address["state_province"] == region
