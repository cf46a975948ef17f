"""mapapp reference load on the real open data in the reference folder."""

import shutil

import pytest
from sqlalchemy import func, select

from mapapp.db import session_scope
from mapapp.errors import ReferenceDataError
from mapapp.models import District, Place, Postcode, SmallArea
from mapapp.reference import load_reference
from tests.conftest import REFERENCE_DIR, reference_settings

COUNTY = {
    "Amber Valley": 126194,
    "Bolsover": 80268,
    "Chesterfield": 103564,
    "Derbyshire Dales": 71549,
    "Erewash": 112899,
    "High Peak": 90938,
    "North East Derbyshire": 102000,
    "South Derbyshire": 107224,
}


def _table_counts(engine):
    with session_scope(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (District, SmallArea, Postcode, Place)
        }


def test_load_reports_the_published_figures_and_is_idempotent(schema_db, engine_for):
    engine = engine_for(schema_db)
    first = load_reference(engine, reference_settings())
    assert first.districts_in_area == 9
    assert first.neighbour_districts >= 10
    assert first.small_areas == 651
    assert first.population == 1_056_021
    assert sum(first.population_by_district[n] for n in COUNTY) == 794_636
    assert first.population_by_district["Derby"] == 261_385
    assert {n: first.population_by_district[n] for n in COUNTY} == COUNTY
    assert first.postcodes == 37_267 and first.places == 42_214
    counts = _table_counts(engine)
    second = load_reference(engine, reference_settings())
    assert second == first
    assert (
        _table_counts(engine)
        == counts
        == {
            "districts": 9 + first.neighbour_districts,
            "small_areas": 651,
            "postcodes": 37_267,
            "places": 42_214,
        }
    )


def test_neighbours_across_every_edge_are_loaded(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        neighbours = set(session.scalars(select(District.code).where(~District.in_area)))
    # Sheffield, Nottingham, Stockport, Cheshire East, Staffordshire Moorlands,
    # NW Leicestershire, East Staffordshire, Rushcliffe, Broxtowe, Bassetlaw
    assert {
        "E08000019",
        "E06000018",
        "E08000007",
        "E06000049",
        "E07000198",
        "E07000134",
        "E07000193",
        "E07000176",
        "E07000172",
        "E07000171",
    } <= neighbours


def test_spot_checks_against_sources(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        chesterfield = session.get(Postcode, "S401LP")
        assert chesterfield.postcode == "S40 1LP" and chesterfield.district_code == "E07000034"
        assert session.get(Postcode, "SK176XN").district_code == "E07000037"  # High Peak
        derby = session.get(SmallArea, "E01013453")  # Derby 013A
        assert derby.population == 2293 and derby.district_code == "E06000015"
        assert derby.imd_method == "unchanged" and 1 <= derby.imd_decile <= 10
        deciles = dict(
            session.execute(
                select(SmallArea.imd_decile, func.count()).group_by(SmallArea.imd_decile)
            ).all()
        )
        assert sum(deciles.values()) == 651 and None not in deciles
        buxton = session.scalars(select(Place).where(Place.name_key == "buxton")).all()
        assert [p.district_code for p in buxton if p.local_type == "Town"] == ["E07000037"]


def test_lsoa_district_comes_from_the_lookup_not_the_map(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        per_district = dict(
            session.execute(
                select(SmallArea.district_code, func.count()).group_by(SmallArea.district_code)
            ).all()
        )
    assert per_district == {
        "E06000015": 152,
        "E07000032": 79,
        "E07000033": 50,
        "E07000034": 69,
        "E07000035": 43,
        "E07000036": 73,
        "E07000037": 59,
        "E07000038": 64,
        "E07000039": 62,
    }


def test_missing_folder_says_what_to_set(schema_db, engine_for, tmp_path):
    with pytest.raises(ReferenceDataError, match="MAPAPP_REFERENCE_DIR"):
        load_reference(
            engine_for(schema_db), reference_settings(REFERENCE_DIR=str(tmp_path / "nowhere"))
        )


def _copy_reference(tmp_path):
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    return target


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            lambda folder: (
                folder / "postcodes/derbyshire_postcodes_codepoint_open_2025_4.csv"
            ).unlink(),
            "is missing from",
        ),
        (
            lambda folder: (folder / "places/gb_populated_places_os_open_names.csv").write_text(
                "os_id,name\n1,Nowhere\n"
            ),
            "lacks the column",
        ),
        (
            lambda folder: (
                folder / "boundaries/england_lad_dec2019_buc_trafford.geojson"
            ).write_text('{"type": "FeatureCollection", "features": [ {"type":'),
            "cannot be read as GeoJSON",
        ),
        (
            lambda folder: _truncate_numbers(
                folder / "postcodes/derbyshire_postcodes_codepoint_open_2025_4.csv"
            ),
            "without a valid lat",
        ),
    ],
)
def test_bad_files_fail_with_one_line_and_leave_the_database_as_it_was(
    reference_db, engine_for, tmp_path, damage, message
):
    engine = engine_for(reference_db)
    before = _table_counts(engine)
    folder = _copy_reference(tmp_path)
    damage(folder)
    with pytest.raises(ReferenceDataError, match=message) as caught:
        load_reference(engine, reference_settings(REFERENCE_DIR=str(folder)))
    assert "\n" not in caught.value.message
    assert _table_counts(engine) == before


def _truncate_numbers(path):
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    broken = lines[5].split(",")
    broken[header.index("lat")] = "not-a-number"
    lines[5] = ",".join(broken)
    path.write_text("\n".join(lines) + "\n")


def test_unknown_area_code_is_named(schema_db, engine_for):
    with pytest.raises(ReferenceDataError, match="E07999999.*MAPAPP_AREA_DISTRICTS"):
        load_reference(
            engine_for(schema_db), reference_settings(AREA_DISTRICTS=("E07000032", "E07999999"))
        )


def test_another_english_area_loads_too(schema_db, engine_for):
    """Any set of English districts: here Sheffield and Rotherham."""
    report = load_reference(
        engine_for(schema_db), reference_settings(AREA_DISTRICTS=("E08000019", "E08000018"))
    )
    assert report.districts_in_area == 2
    assert report.small_areas > 300
    assert set(report.population_by_district) == {"Sheffield", "Rotherham"}
