"""The Open Referral UK read API on both backends: every response checked against the
schema written from the HSDS-UK 3.0 profile, the paging object, every filter on the
hand-built listings (distances 0, 535, 535, 800 and 1,110 m from S40 1LP; see test_api),
the schedules in RRULE-style fields, JSON errors, CORS and private contacts."""

import datetime as dt
import json

import jsonschema
import pytest
from sqlalchemy import select, update

from mapapp.db import session_scope
from mapapp.models import Asset
from mapapp.publish.oruk_taxonomy import entity_id, name_id
from tests.conftest import PROJECT_ROOT, make_test_app
from tests.web.test_api import fixture_db  # noqa: F401 — the hand-built listings

SCHEMA = json.loads((PROJECT_ROOT / "tests" / "data" / "schemas" / "oruk.schema.json").read_text())
MONDAY_NOON = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)  # Friday 9 Jan is a fortnight day


def valid(body, definition: str):
    jsonschema.validate(body, {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]})
    return body


@pytest.fixture
def oruk(fixture_db):  # noqa: F811
    app = make_test_app(fixture_db)
    app.config["CLOCK"] = lambda: MONDAY_NOON
    client = app.test_client()

    def get(path, definition, status=200, **query):
        response = client.get(path, query_string=query)
        assert response.status_code == status, response.get_json()
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        return valid(response.get_json(), definition if status == 200 else "error")

    get.url = fixture_db
    yield get
    app.extensions["mapapp.engine"].dispose()


def _names(page) -> list[str]:
    return [item.get("name") or item["service"]["name"] for item in page["contents"]]


def test_about_says_the_version_and_profile(oruk):
    about = oruk("/openreferral/", "about")
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/openapi.json")


def test_services_are_paged_as_the_spec_says(oruk):
    first = oruk("/openreferral/services", "services_page", per_page=3)
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    last = oruk("/openreferral/services", "services_page", per_page=3, page=3)
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    beyond = oruk("/openreferral/services", "services_page", per_page=3, page=4)
    assert (beyond["size"], beyond["empty"], beyond["contents"]) == (0, True, [])
    everything = oruk("/openreferral/services", "services_page")
    assert _names(everything) == [
        "Monday AA",
        "Women's SMART",
        "Walking Group",
        "Fortnightly Friday",
        "Last Sunday",
        "Online Night Owls",
        "Far Away Café",
    ]  # listing order: pages never shift
    paged = [
        n
        for p in (1, 2, 3)
        for n in _names(oruk("/openreferral/services", "services_page", per_page=3, page=p))
    ]
    assert paged == _names(everything)


@pytest.mark.parametrize(
    "query, names",
    [
        (
            {"taxonomy_term_id": "mutual-aid"},
            ["Women's SMART", "Online Night Owls", "Far Away Café"],
        ),
        (
            {"taxonomy_term_id": name_id("term", "recovery-domains", "activities")},
            ["Walking Group"],
        ),
        ({"taxonomy_term_id": "activity"}, ["Walking Group"]),  # the listing-kinds taxonomy
        ({"taxonomy_term_id": "wheelchair,hearing-loop"}, ["Women's SMART", "Walking Group"]),
        ({"taxonomy_term_id": "women"}, ["Women's SMART"]),
        ({"taxonomy_id": "accessibility"}, ["Women's SMART", "Walking Group"]),
        (
            {"taxonomy_id": name_id("taxonomy", "listing-kinds"), "search": "walk"},
            ["Walking Group"],
        ),
        ({"search": "SMART"}, ["Women's SMART"]),
        ({"day": "WE"}, ["Women's SMART"]),
        ({"day": "FR"}, ["Fortnightly Friday"]),  # 9 Jan 2026 is its anchor date
        ({"day": "saturday"}, ["Walking Group"]),
        (
            {"start_time": "19:00"},
            ["Monday AA", "Fortnightly Friday", "Online Night Owls", "Far Away Café"],
        ),  # starts at or after
        (
            {"end_time": "20:30"},
            ["Monday AA", "Women's SMART", "Walking Group", "Last Sunday", "Far Away Café"],
        ),  # ends at or before
        ({"start_time": "19:00", "end_time": "20:30:00"}, ["Monday AA", "Far Away Café"]),
    ],
)
def test_service_filters(oruk, query, names):
    page = oruk("/openreferral/services", "services_page", **query)
    assert _names(page) == names and page["total_items"] == len(names)


@pytest.mark.parametrize(
    "proximity, names",
    [
        (600, ["Monday AA", "Women's SMART", "Walking Group"]),
        (1000, ["Monday AA", "Women's SMART", "Walking Group", "Last Sunday"]),
        (
            1200,
            ["Monday AA", "Women's SMART", "Walking Group", "Last Sunday", "Fortnightly Friday"],
        ),
    ],
)
def test_service_at_locations_near_a_postcode_nearest_first(oruk, proximity, names):
    page = oruk(
        "/openreferral/service_at_locations",
        "service_at_locations_page",
        postcode="s40 1lp",
        proximity=proximity,
    )
    assert _names(page) == names and page["total_items"] == len(names)
    first = page["contents"][0]
    assert first["location"]["location_type"] == "physical"
    assert first["location"]["latitude"] == pytest.approx(53.2353, abs=0.01)
    assert first["location_id"] == first["location"]["id"]
    assert first["service_id"] == first["service"]["id"]


def test_service_at_locations_paged_near_a_postcode(oruk):
    pages = [
        oruk(
            "/openreferral/service_at_locations",
            "service_at_locations_page",
            postcode="S40 1LP",
            proximity=1200,
            per_page=2,
            page=p,
        )
        for p in (1, 2, 3)
    ]
    assert [p["total_items"] for p in pages] == [5, 5, 5]  # counted though not all read
    assert [n for p in pages for n in _names(p)] == [
        "Monday AA",
        "Women's SMART",
        "Walking Group",
        "Last Sunday",
        "Fortnightly Friday",
    ]
    assert [p["last_page"] for p in pages] == [False, False, True]


def test_without_a_postcode_every_listing_has_one_place(oruk):
    page = oruk(
        "/openreferral/service_at_locations",
        "service_at_locations_page",
        taxonomy_term_id="mutual-aid",
    )
    places = {item["service"]["name"]: item["location"] for item in page["contents"]}
    assert places["Online Night Owls"] == {
        "id": entity_id("virtual-location", _id_of(oruk.url, "Online Night Owls")),
        "location_type": "virtual",
        "name": "Online",
        "url": "https://zoom.us/j/1",
    }
    assert places["Women's SMART"]["location_type"] == "physical"


def _id_of(url, name) -> int:
    from tests.conftest import make_test_app as _app  # the engine of the same database

    app = _app(url)
    with session_scope(app.extensions["mapapp.engine"]) as session:
        number = session.scalar(select(Asset.id).where(Asset.name == name))
    app.extensions["mapapp.engine"].dispose()
    return number


def test_a_full_service_with_its_schedules_in_rrule_fields(oruk):
    def full(name):
        return oruk(
            f"/openreferral/services/{entity_id('service', _id_of(oruk.url, name))}", "service"
        )

    fortnightly = full("Fortnightly Friday")
    [schedule] = fortnightly["schedules"]
    assert {
        k: schedule[k] for k in ("freq", "interval", "byday", "dtstart", "opens_at", "closes_at")
    } == {
        "freq": "WEEKLY",
        "interval": 2,
        "byday": "FR",
        "dtstart": "2026-01-09",
        "opens_at": "20:00",
        "closes_at": "21:00",
    }
    [monthly] = full("Last Sunday")["schedules"]
    assert (monthly["freq"], monthly["interval"], monthly["byday"]) == ("MONTHLY", 1, "-1SU")
    monday = full("Monday AA")
    assert [(s["freq"], s["interval"], s["byday"]) for s in monday["schedules"]] == [
        ("WEEKLY", 1, "MO")
    ]
    [sal] = monday["service_at_locations"]
    assert sal["location"]["addresses"][0]["postal_code"] == "S40 1LP"
    assert sal["location"]["addresses"][0]["country"] == "GB"
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in monday["attributes"]
    }
    assert terms == {("recovery-domains", "twelve-step"), ("listing-kinds", "meeting")}
    women = full("Women's SMART")
    assert [
        a["description"] for a in women["service_at_locations"][0]["location"]["accessibility"]
    ] == ["Wheelchair access"]


def test_inactive_listings_are_not_published(oruk):
    number = _id_of(oruk.url, "Far Away Café")
    app = make_test_app(oruk.url)
    with session_scope(app.extensions["mapapp.engine"]) as session:
        session.execute(update(Asset).where(Asset.id == number).values(status="inactive"))
    app.extensions["mapapp.engine"].dispose()
    assert oruk("/openreferral/services", "services_page")["total_items"] == 6
    missing = oruk(f"/openreferral/services/{entity_id('service', number)}", "error", 404)
    assert "/openreferral/services" in missing["error"]


def test_a_listing_with_nowhere_to_go_is_listed_without_a_location(oruk):
    number = _id_of(oruk.url, "Online Night Owls")
    app = make_test_app(oruk.url)
    with session_scope(app.extensions["mapapp.engine"]) as session:
        session.execute(update(Asset).where(Asset.id == number).values(conference_url=None))
    app.extensions["mapapp.engine"].dispose()
    page = oruk(
        "/openreferral/service_at_locations",
        "service_at_locations_page",
        taxonomy_term_id="mutual-aid",
    )
    [item] = [i for i in page["contents"] if i["service"]["name"] == "Online Night Owls"]
    assert "location" not in item and item["service_id"] == entity_id("service", number)
    assert page["total_items"] == 3  # still counted: a navigator should give it a place


def test_taxonomies_and_terms(oruk):
    taxonomies = oruk("/openreferral/taxonomies", "taxonomies_page")
    assert [t["name"] for t in taxonomies["contents"]] == [
        "Community recovery domains",
        "Kinds of listing",
        "Who it is for",
        "Accessibility",
    ]
    terms = oruk("/openreferral/taxonomy_terms", "taxonomy_terms_page", per_page=10, page=3)
    assert (terms["total_items"], terms["total_pages"], terms["size"]) == (23, 3, 3)
    domain = taxonomies["contents"][0]
    assert oruk(f"/openreferral/taxonomies/{domain['id']}", "taxonomy") == domain
    seven = [
        t
        for t in oruk("/openreferral/taxonomy_terms", "taxonomy_terms_page")["contents"]
        if t["taxonomy_id"] == domain["id"]
    ]
    assert [t["code"] for t in seven] == [
        "twelve-step",
        "mutual-aid",
        "recovery-support",
        "activities",
        "volunteering",
        "community-links",
        "growth-pathways",
        "treatment",
    ]
    assert seven[0]["id"] == name_id("term", "recovery-domains", "twelve-step")
    assert oruk(f"/openreferral/taxonomy_terms/{seven[0]['id']}", "taxonomy_term") == seven[0]
    oruk("/openreferral/taxonomy_terms/nope", "error", 404)
    oruk("/openreferral/taxonomies/nope", "error", 404)


@pytest.mark.parametrize(
    "path, query, status, parameter",
    [
        ("/openreferral/services", {"page": "0"}, 400, "page"),
        ("/openreferral/services", {"page": "two"}, 400, "page"),
        ("/openreferral/services", {"per_page": "501"}, 400, "per_page"),
        ("/openreferral/services", {"per_page": "-1"}, 400, "per_page"),
        ("/openreferral/taxonomies", {"per_page": "0"}, 400, "per_page"),
        ("/openreferral/services", {"day": "funday"}, 400, "day"),
        ("/openreferral/services", {"start_time": "25:00"}, 400, "start_time"),
        ("/openreferral/services", {"taxonomy_term_id": "nope"}, 400, "taxonomy_term_id"),
        ("/openreferral/services", {"taxonomy_id": "nope"}, 400, "taxonomy_id"),
        ("/openreferral/service_at_locations", {"proximity": "500"}, 400, "proximity"),
        ("/openreferral/service_at_locations", {"postcode": "nowhere"}, 400, "postcode"),
        (
            "/openreferral/service_at_locations",
            {"postcode": "S40 1LP", "proximity": "far"},
            400,
            "proximity",
        ),
        ("/openreferral/service_at_locations", {"postcode": "SW1A 1AA"}, 404, "postcode"),
        ("/openreferral/services/not-an-id", {}, 404, "id"),
    ],
)
def test_bad_input_is_a_json_error_naming_the_parameter(oruk, path, query, status, parameter):
    error = oruk(path, "error", status, **query)
    assert error["parameter"] == parameter and error["status"] == status
    assert error["error"].endswith(".")


def test_unknown_paths_under_openreferral_are_json_too(fixture_db):  # noqa: F811
    app = make_test_app(fixture_db)
    response = app.test_client().get("/openreferral/organizations")
    app.extensions["mapapp.engine"].dispose()
    assert response.status_code == 404 and valid(response.get_json(), "error")["status"] == 404


def test_private_contacts_never_appear(demo_db, engine_for):
    def with_contact(private: bool) -> dict[int, str]:
        return dict(
            session.execute(
                select(Asset.id, Asset.contact_phone)
                .where(
                    Asset.status == "active",
                    Asset.contact_private.is_(private),
                    Asset.contact_phone.is_not(None),
                )
                .order_by(Asset.id)
                .limit(20)
            ).all()
        )

    with session_scope(engine_for(demo_db)) as session:
        private, public = with_contact(True), with_contact(False)
    app = make_test_app(demo_db)
    client = app.test_client()

    def full(number):
        return valid(
            client.get(f"/openreferral/services/{entity_id('service', number)}").get_json(),
            "service",
        )

    hidden, shown = [full(i) for i in private], [full(i) for i in public]
    app.extensions["mapapp.engine"].dispose()
    assert len(hidden) == len(shown) == 20
    for service, phone in zip(hidden, private.values(), strict=True):
        assert "contacts" not in service and phone not in json.dumps(service)
    for service, phone in zip(shown, public.values(), strict=True):
        assert service["contacts"][0]["phones"][0]["number"] == phone
