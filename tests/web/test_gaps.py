"""Gap analysis pages and API on both backends, on the hand-built area of
tests/analysis/fixture.py (every figure there is worked out in test_report.py)."""

import csv
import io
import re

import pytest
from flask import template_rendered

from mapapp.analysis import GapParams, analyse
from mapapp.analysis.downloads import PREAMBLE_ROWS
from mapapp.db import session_scope
from tests.analysis import fixture
from tests.conftest import make_test_app

EVIL = "<img src=x onerror=alert(1)>`${alert(2)}`</script>"


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


def test_api_json_is_the_hand_computed_report(client):
    response = client.get("/api/gaps")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body == analyse(fixture.residents(), fixture.listings(), GapParams()).to_json()
    brampton = body["districts"][1]
    assert brampton["name"] == "Brampton" and brampton["population"] == 4000
    twelve = brampton["domains"]["twelve-step"]
    assert twelve["weekly_sessions"] == round(0.5 + 12 / 52, 3)
    assert twelve["coverage_pct"] == {"1600": 100.0, "5000": 100.0}
    assert twelve["time_of_week_pct"]["sat"]["morning"] == 37.5
    assert brampton["domains"]["activities"]["gap_reasons"] == ["low_coverage"]
    assert body["supply"]["online_alternatives"]["twelve-step"] == 1
    assert body["method"]["checklist"][0]["status"] == "missing"


def test_the_page_and_the_api_come_from_the_same_function(client):
    captured = []

    def keep(sender, template, context, **extra):
        captured.append(context)

    app = client.application
    template_rendered.connect(keep, app)
    try:
        page = client.get("/gaps?threshold_m=5000")
    finally:
        template_rendered.disconnect(keep, app)
    assert page.status_code == 200
    api = client.get("/api/gaps?threshold_m=5000").get_json()
    assert captured[0]["body"] == api
    assert api["parameters"]["threshold_m"] == [5000]
    # At 5,000 m all of Alderley is within reach of a 12-step group.
    assert api["districts"][0]["domains"]["twelve-step"]["coverage_pct"] == {"5000": 100.0}


def test_filters_reach_the_analysis(client):
    women = client.get("/api/gaps?audience=women&domain=mutual-aid").get_json()
    assert women["parameters"]["audience"] == ["women"]
    assert list(women["area"]["domains"]) == ["mutual-aid"]
    assert women["supply"]["counted"] == 1
    in_person = client.get("/api/gaps?attendance=in_person").get_json()
    assert in_person["supply"]["excluded"]["attendance_not_chosen"] == 1


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return _table(response.get_data(as_text=True))


def _table(text: str) -> list[dict]:
    """The rows under the header, after the title, parameters and date (PREAMBLE_ROWS)."""
    return list(csv.DictReader(io.StringIO(text).readlines()[PREAMBLE_ROWS:]))


def test_the_csv_says_what_it_is_and_when_in_its_name_and_first_rows(client):
    response = client.get("/api/gaps.csv?threshold_m=2600&domain=twelve-step&audience=women")
    name = response.headers["Content-Disposition"].split("filename=")[1].strip('"')
    assert re.fullmatch(r"gaps_2600m_twelve-step_audience-women_\d{4}-\d{2}-\d{2}\.csv", name)
    title, parameters, made, blank = list(csv.reader(io.StringIO(response.get_data(as_text=True))))[
        :4
    ]
    assert title == ["Gap analysis: districts by domain"]
    assert parameters == ["parameters", "threshold_m=2600&domain=twelve-step&audience=women"]
    assert made[0] == "made" and name.endswith(made[1][:10] + ".csv") and blank == []


def test_csv_has_a_row_per_district_and_domain_with_real_values(client):
    rows = _csv(client, "/api/gaps.csv")
    assert len(rows) == 3 * 8  # Alderley, Brampton and the whole area × eight domains
    row = {(r["district_name"], r["domain"]): r for r in rows}
    alderley = row[("Alderley", "twelve-step")]
    assert (alderley["district_code"], alderley["population"]) == (fixture.A, "4000")
    assert (alderley["coverage_pct_1600m"], alderley["coverage_pct_5000m"]) == ("50.0", "100.0")
    assert alderley["deprived_difference_pts_1600m"] == "50.0"
    assert (alderley["gap"], alderley["checklist"]) == ("false", "present")
    assert alderley["sessions_mon_evening_pct"] == "25.0"
    mutual = row[("Alderley", "mutual-aid")]
    assert (mutual["gap"], mutual["gap_reasons"], mutual["checklist"]) == (
        "true",
        "deprived_gap",
        "weak",
    )
    assert row[("Brampton", "twelve-step")]["weekly_sessions"] == "0.731"
    area = row[("All districts", "twelve-step")]
    # Located: Alderley AA and the approximate Vague AA, and Brampton's two.
    assert (area["district_code"], area["assets"], area["coverage_pct_1600m"]) == ("", "4", "75.0")
    assert row[("Brampton", "treatment")]["checklist"] == ""  # a context layer, not of the seven
    assert row[("Alderley", "treatment")]["deprived_coverage_pct_1600m"] == "50.0"


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(area_db, engine_for, tmp_path):
    from mapapp.models import District

    formula = '=HYPERLINK("http://x","y")'
    with session_scope(engine_for(area_db)) as session:
        session.get(District, fixture.A).name = formula
    app = make_test_app(area_db)
    rows = _csv(app.test_client(), "/api/gaps.csv?domain=mutual-aid")
    out = tmp_path / "gaps.csv"  # the command line writes the same text
    result = app.test_cli_runner().invoke(
        args=["gaps", "--domain", "mutual-aid", "--csv", str(out)]
    )
    app.extensions["mapapp.engine"].dispose()
    assert result.exit_code == 0, result.output
    cli_rows = _table(out.read_text(encoding="utf-8"))
    for table in (rows, cli_rows):
        alderley = next(r for r in table if r["district_code"] == fixture.A)
        assert alderley["district_name"] == "'" + formula
        # Numbers stay numbers, negative ones included.
        assert alderley["deprived_difference_pts_1600m"] == "-50.0"
        assert alderley["population"] == "4000"


def test_csv_columns_follow_the_thresholds(client):
    rows = _csv(client, "/api/gaps.csv?threshold_m=2600&domain=twelve-step")
    assert [r["district_name"] for r in rows] == ["Alderley", "Brampton", "All districts"]
    assert rows[0]["coverage_pct_2600m"] == "100.0" and "coverage_pct_1600m" not in rows[0]


def test_lsoa_geojson_has_distances_and_the_access_score(client):
    response = client.get("/api/gaps/lsoa.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = response.get_json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 6
    by_name = {f["properties"]["name"]: f for f in body["features"]}
    a3 = by_name["Alderley 001C"]
    assert a3["properties"]["nearest_m_twelve-step"] == 1360.1  # across the boundary
    assert a3["properties"]["nearest_m_volunteering"] is None  # none counted anywhere
    assert (
        a3["properties"]["access_score"],
        a3["properties"]["access_rank"],
        a3["properties"]["access_decile"],
    ) == (30.0, 4, 4)
    assert a3["properties"]["deprived"] is True and a3["properties"]["imd_decile"] == 2
    lon, lat = fixture.lonlat(409000, 305000)
    assert a3["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]
    assert by_name["Brampton 001C"]["properties"]["imd_decile"] is None


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/gaps?threshold_m=abc", "threshold_m"),
        ("/api/gaps?threshold_m=60000", "threshold_m"),
        ("/api/gaps.csv?domain=football", "domain"),
        ("/api/gaps/lsoa.geojson?attendance=online", "attendance"),
        ("/api/gaps?audience=UK", "audience"),
    ],
)
def test_api_errors_are_json_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    body = response.get_json()
    assert response.status_code == 400 and body["parameter"] == parameter
    assert body["error"] and body["allowed"]


def test_a_bad_parameter_on_the_page_is_explained_beside_the_form(client):
    page = client.get("/gaps?threshold_m=-3")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "&#39;-3&#39; is not a valid threshold_m" in html and 'name="threshold_m"' in html
    briefing = client.get(f"/gaps/{fixture.A}?domain=football")
    assert briefing.status_code == 400
    assert "&#39;football&#39; is not a valid domain" in briefing.get_data(as_text=True)


@pytest.mark.parametrize("code", ["E99999999", fixture.N])  # unknown, and a neighbour
def test_an_unknown_district_is_a_404_that_says_what_to_do(client, code):
    page = client.get(f"/gaps/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert f"no district with the code &#39;{code}&#39;" in html and "/gaps" in html


def test_an_in_area_district_without_residents_is_a_404_that_says_what_to_do(area_db, engine_for):
    from mapapp.models import District

    with session_scope(engine_for(area_db)) as session:  # in the area, but no LSOA loaded
        session.add(District(code="E07000994", name="Emptyshire", in_area=True))
    app = make_test_app(area_db)
    page = app.test_client().get("/gaps/E07000994")
    app.extensions["mapapp.engine"].dispose()
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "has no residents in the loaded reference data" in html
    assert "mapapp reference load" in html and "/gaps" in html


@pytest.fixture
def empty_client(schema_db):
    """Migrated, but no reference data and no listings."""
    app = make_test_app(schema_db)
    yield app.test_client()
    app.extensions["mapapp.engine"].dispose()


@pytest.mark.parametrize("url", ["/api/gaps", "/api/gaps.csv", "/api/gaps/lsoa.geojson"])
def test_no_reference_data_is_a_503_in_the_api_that_says_what_to_run(empty_client, url):
    response = empty_client.get(url)
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == 503 and "mapapp reference load" in body["error"]


def test_no_reference_data_shows_the_page_with_what_to_run(empty_client):
    page = empty_client.get("/gaps?threshold_m=800")
    html = page.get_data(as_text=True)
    assert page.status_code == 503
    assert 'role="alert">There are no residents to analyse yet' in html
    assert "mapapp reference load" in html
    assert '<option value="800" selected>' in html  # the form keeps the choice
    assert "How this is worked out" in html


def test_the_page_shows_the_matrix_heatmap_maps_and_downloads(client):
    html = client.get("/gaps?audience=women").get_data(as_text=True)
    assert (
        '<th scope="row"><a href="/gaps/E07000991?threshold_m=1600&amp;threshold_m=5000'
        '&amp;audience=women">Alderley</a>' in html
    )
    # Women's SMART, Tuesday 10:00, reaches A2: 2,000 of the area's 8,000.
    assert 'data-slot="tue-morning">25%</td>' in html
    assert html.count("addGapLayers(") == 2  # the district map and the LSOA map
    # Both legends, as text beside the maps: coverage bands and the distance bands.
    assert "75% or more" in html and "1,600 to 5,000 m" in html
    assert "/api/gaps.csv?threshold_m=1600&amp;threshold_m=5000&amp;audience=women" in html
    assert 'value="women" checked' in html
    assert "<strong>1</strong> listing counted as local supply for women." in html
    assert "Left out: 1 not active (inactive or archived); 8 not for the chosen audience." in html
    assert "Residents of the most deprived areas (IMD deciles 1–2) are 20 or more" in html
    assert 'href="/gaps"' in html  # the site navigation


def test_the_briefing_has_the_checklist_figures_and_biggest_gaps(client):
    html = client.get(f"/gaps/{fixture.A}").get_data(as_text=True)
    assert "<h1>Alderley: recovery capital briefing</h1>" in html
    checklist = html[html.index('<table class="checklist">') : html.index("</table>")]
    assert re.findall(r'class="status status-(\w+)"', checklist) == [
        "present",
        "weak",
        "weak",
        "missing",
        "missing",
        "missing",
        "missing",
    ]
    # Worst first: two reasons (none located, under 50%) before one; lowest coverage first.
    biggest = html[html.index('class="biggest-gaps"') :]
    assert (
        biggest.index("Fun activities")
        < biggest.index("Specialist treatment")
        < biggest.index("Other peer mutual aid")
    )
    assert "Print this briefing" in html and "@media print" not in html


def test_stored_names_are_escaped_in_pages(area_db, engine_for):
    from mapapp.models import District

    with session_scope(engine_for(area_db)) as session:
        session.get(District, fixture.A).name = EVIL
    app = make_test_app(area_db)
    html = app.test_client().get("/gaps").get_data(as_text=True)
    app.extensions["mapapp.engine"].dispose()
    assert EVIL not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the matrix, as text


def test_the_briefing_date_and_undefined_rates(area_db):
    import datetime as dt

    app = make_test_app(area_db, CLOCK=lambda: dt.datetime(2026, 4, 1, 11, 5, tzinfo=dt.UTC))
    html = app.test_client().get(f"/gaps/{fixture.A}").get_data(as_text=True)
    with app.app_context():
        macros = app.jinja_env.get_template("gaps/_gaps.html").module
        assert (str(macros.rate(None)), str(macros.rate(2.5))) == ("–", "2.5")
    app.extensions["mapapp.engine"].dispose()
    assert "Made 1 April 2026, 12:05 from the public listings" in html  # BST, no padding
    assert "<td>5.0</td>" in html  # Alderley's 12-step: 2 listings per 4,000 residents


def _pdf_text(response) -> str:
    import pypdfium2

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    document = pypdfium2.PdfDocument(response.get_data())
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_overview_and_a_briefing_download_as_pdf_with_maps_that_name_their_layer(client):
    overview = client.get("/gaps.pdf?domain=twelve-step&domain=mutual-aid")
    name = overview.headers["Content-Disposition"].split("filename=")[1].strip('"')
    assert re.fullmatch(r"gaps_1600m-5000m_twelve-step-mutual-aid_\d{4}-\d{2}-\d{2}\.pdf", name)
    text = " ".join(_pdf_text(overview).split())
    assert "Coverage by district and domain" in text and "Brampton" in text
    # A key map of the districts, then one small map per chosen domain, each captioned.
    assert "Districts" in text
    assert "12-step groups: share of residents within 1,600 m" in text
    assert "Other peer mutual aid: share of residents within 1,600 m" in text
    assert "Volunteering: share of residents" not in text  # not chosen
    briefing = client.get(f"/gaps/{fixture.A}.pdf")
    text = " ".join(_pdf_text(briefing).split())
    assert "Alderley: recovery capital briefing" in text and "The seven-domain checklist" in text
    assert briefing.headers["Content-Disposition"].startswith(
        f'attachment; filename="gaps-{fixture.A}_1600m-5000m_'
    )


def test_a_pdf_for_a_district_outside_the_area_is_a_404(client):
    assert client.get("/gaps/E07000993.pdf").status_code == 404
