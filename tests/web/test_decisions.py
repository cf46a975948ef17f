"""Priorities, scenarios and best sites over HTTP on both backends, on the hand-built area
of tests/analysis/fixture.py (the figures are worked out in tests/analysis/)."""

import csv
import io

import pytest

from mapapp.analysis import GapParams, analyse
from mapapp.analysis.scenario_params import listings_with, parse_scenario
from mapapp.db import session_scope
from tests.analysis import fixture
from tests.conftest import make_test_app


@pytest.fixture
def area_db(schema_db, engine_for):
    with session_scope(engine_for(schema_db)) as session:
        fixture.add_to_database(session)
    return schema_db


@pytest.fixture
def client(area_db):
    app = make_test_app(area_db)
    yield app.test_client()
    app.extensions["mapapp.engine"].dispose()


def _point(x, y):
    lon, lat = fixture.lonlat(x, y)
    return f"{lat:.6f},{lon:.6f}"


def test_the_scenario_api_answers_the_gaps_document_and_the_change(client):
    add = f"mutual-aid@{_point(409000, 305500)};day=tue;start=19:30"
    response = client.get("/api/gaps/scenario", query_string=[("add", add), ("close", "2")])
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    change, scenario = body.pop("change"), body.pop("scenario")
    from werkzeug.datastructures import MultiDict

    expected = parse_scenario(MultiDict([("add", add), ("close", "2")]))
    # The hypothetical listing is placed in Alderley by the district boundaries.
    assert scenario["add"][0]["district_code"] == fixture.A
    import dataclasses

    located = dataclasses.replace(
        expected, additions=(dataclasses.replace(expected.additions[0], district_code=fixture.A),)
    )
    full = analyse(fixture.residents(), listings_with(fixture.listings(), located), GapParams())
    assert body == full.to_json()
    alderley = change["districts"][0]["domains"]["mutual-aid"]
    assert alderley["newly_within"] == {"1600": 1000, "5000": 0}
    assert change["districts"][0]["domains"]["twelve-step"]["newly_beyond"]["1600"] == 1000


@pytest.mark.parametrize(
    "query, says",
    [
        ([("add", "smart@52.6,-1.8")], "a domain code"),
        ([("close", "999")], "there is no listing numbered 999"),
        ([("close", "x")], "the number of a listing"),
    ],
)
def test_bad_scenarios_are_400s_that_say_what_to_use(client, query, says):
    response = client.get("/api/gaps/scenario", query_string=query)
    assert response.status_code == 400
    assert says in response.get_json()["error"]


def test_priorities_api_ranks_the_gaps(client):
    body = client.get("/api/gaps/priorities").get_json()
    assert body["parameters"]["deprived_weight"] == 2
    first = body["ranked"][0]
    assert (first["district_name"], first["domain"], first["priority"]) == (
        "Alderley",
        "activities",
        6000.0,
    )
    assert [row["name"] for row in body["grid"]] == ["Alderley", "Brampton"]
    by_status = client.get("/api/gaps/priorities?sort=status").get_json()
    assert [row["name"] for row in by_status["grid"]] == ["Brampton", "Alderley"]
    assert client.get("/api/gaps/priorities?deprived_weight=0").status_code == 400


def _csv(response):
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    return rows[:4], rows[4], rows[5:]


def test_csv_downloads_carry_parameters_and_date(client):
    response = client.get("/api/gaps/priorities.csv?threshold_m=1600")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="gaps-ranked_1600m_deprived-weight-2')
    assert disposition.endswith('.csv"')
    preamble, header, rows = _csv(response)
    assert preamble[1] == ["parameters", "threshold_m=1600&deprived_weight=2"]
    assert preamble[2][0] == "made" and preamble[3] == []
    assert header[:4] == ["rank", "district_code", "district_name", "domain"]
    assert rows[0][2:4] == ["Alderley", "activities"]


def test_the_per_neighbourhood_table_as_csv(client):
    preamble, header, rows = _csv(client.get("/api/gaps/lsoa.csv"))
    assert header[:3] == ["lsoa_code", "lsoa_name", "place"]
    assert [r[0] for r in rows] == [code for code, *_ in fixture.LSOAS]
    a1 = dict(zip(header, rows[0], strict=True))
    assert a1["nearest_m_twelve-step"] == "1000.0" and a1["deprived"] == "true"


def test_best_sites_api_and_csv(client):
    body = client.get("/api/gaps/best-sites?domain=mutual-aid&k=2").get_json()
    assert body["method"] == "exact"
    assert [s["residents_added"] for s in body["sites"]] == [2500, 1500]
    _pre, header, rows = _csv(client.get("/api/gaps/best-sites.csv?domain=mutual-aid&k=2"))
    assert [r[header.index("residents_added")] for r in rows] == ["2500", "1500"]
    assert client.get("/api/gaps/best-sites?domain=mutual-aid&k=0").status_code == 400
    assert client.get("/api/gaps/best-sites?domain=mutual-aid&day=mon").status_code == 400


def test_the_pages_render(client):
    for path in (
        "/gaps/priorities",
        "/gaps/priorities?sort=beyond&sort_domain=mutual-aid",
        "/gaps/best-sites?domain=mutual-aid&k=3",
        f"/gaps/scenario?add=mutual-aid@{_point(409000, 305500)}&close=2",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"legend" in response.data or b"map-title" in response.data


def test_the_scenario_form_redirects_to_the_shareable_url(client):
    lat, lon = _point(409000, 305500).split(",")
    response = client.get(
        "/gaps/scenario",
        query_string={
            "add_domain": "mutual-aid",
            "add_lat": lat,
            "add_lon": lon,
            "add_day": "tue",
            "add_start": "19:30",
        },
    )
    assert response.status_code == 302
    from urllib.parse import parse_qs, urlsplit

    location = urlsplit(response.headers["Location"])
    assert location.path == "/gaps/scenario"
    assert parse_qs(location.query) == {"add": [f"mutual-aid@{lat},{lon};day=tue;start=19:30"]}
    assert client.get(response.headers["Location"]).status_code == 200
