"""The one postcode and place resolver (mapapp.places), on both backends."""

import pytest

from mapapp.db import session_scope
from mapapp.finder.search import resolve_near
from mapapp.ingest.geocode import Geocoder
from mapapp.ingest.records import Listing
from mapapp.models import District, Place
from mapapp.places import (
    Found,
    area_codes,
    best_place,
    find_place,
    find_postcode,
    normal_postcode,
)
from mapapp.workspace.relocation import by_place
from tests.conftest import reference_settings


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("DE1 0FD", "DE1 0FD"),
        ("de1 0fd", "DE1 0FD"),
        ("DE10FD", "DE1 0FD"),
        ("  s40   1lp ", "S40 1LP"),
        ("DE1 OFD", "DE1 0FD"),
        ("SK17 6XN", "SK17 6XN"),
        ("DE56 IAB", "DE56 1AB"),
        ("ng10-4ah", "NG10 4AH"),
        ("W1A 0AX", "W1A 0AX"),
    ],
)
def test_postcodes_are_normalised(typed, clean):
    assert normal_postcode(typed) == clean


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("DE1", "wrong length"),
        ("Derby", "not a valid UK postcode"),
        ("DE56 1OA", "not a valid UK postcode"),
        ("12345", "not a valid UK postcode"),
        ("QE1 0FD", "not a valid UK postcode"),
        ("DE1 0FDXX", "wrong length"),
    ],
)
def test_invalid_postcodes_are_rejected_with_the_reason(typed, reason):
    with pytest.raises(ValueError, match=reason):
        normal_postcode(typed)


# Each name is a place in the area (Derbyshire) and elsewhere; the one in the area must win
# whichever path looks it up. Ids and districts from OS Open Names (places/*.csv).
IN_THE_AREA = [
    ("Milton", "osgb4000000074548614", "South Derbyshire"),
    ("Newton", "osgb4000000074549449", "Bolsover"),
    ("Clifton", "osgb4000000074552007", "Derbyshire Dales"),
    ("Bridge End", "osgb4000000074552775", "Derbyshire Dales"),
]


@pytest.fixture
def session(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        yield session


def _place(session, place_id):
    return session.get(Place, place_id)


def _district_name(session, code):
    return session.get(District, code).name


@pytest.mark.parametrize("name, place_id, district", IN_THE_AREA)
def test_a_name_found_in_the_area_and_elsewhere_gives_the_one_in_the_area(
    session, name, place_id, district
):
    found = find_place(session, name)
    assert (found.id, found.name, found.kind) == (place_id, name, "place")
    assert _district_name(session, found.district_code) == district
    expected = _place(session, place_id)
    assert (found.lon, found.lat) == (expected.lon, expected.lat)


@pytest.mark.parametrize("name, place_id, district", IN_THE_AREA)
def test_finder_editor_queue_and_importer_agree(session, name, place_id, district):
    expected = _place(session, place_id)
    origin = resolve_near(session, name)  # the finder and the editor's look-up
    assert (origin.label, origin.lon, origin.lat) == (name, expected.lon, expected.lat)
    fixed = by_place(session, name.lower())  # the geocode queue's "fix by place"
    assert (fixed.lon, fixed.lat) == (expected.lon, expected.lat)
    geocoder = Geocoder.load(session, reference_settings())
    located = geocoder.geocode(Listing(1, "s1", "A group", "meeting", (), town=name))
    assert (located.lon, located.lat, located.precision) == (expected.lon, expected.lat, "place")


def test_a_town_beats_a_hamlet_in_the_area_and_order_never_depends_on_rows():
    def place(id_, district, local_type):
        return Found("X", "place", 0.0, 0.0, 0.0, 0.0, district, local_type, id_)

    area = {"E07000035"}
    candidates = [
        place("c", "E08000016", "Town"),
        place("b", "E07000035", "Hamlet"),
        place("a", "E07000035", "Village"),
        place("d", None, "City"),
    ]
    assert best_place(candidates, area).id == "a"
    assert best_place(reversed(candidates), area).id == "a"
    assert best_place([place("z", None, "Hamlet"), place("y", None, "Hamlet")], area).id == "y"
    assert best_place([], area) is None


@pytest.mark.parametrize(
    "typed, name", [("Belpr", "Belper"), ("Miltn", "Milton"), ("ashborne", "Ashbourne")]
)
def test_a_near_miss_finds_the_place_in_the_area(session, typed, name):
    found = find_place(session, typed)
    assert found.name == name and found.district_code in area_codes(session)


@pytest.mark.parametrize("typed", ["Xyzzyville", "", "   ", "Hilton Milton"])
def test_no_place_is_none_not_a_guess(session, typed):
    assert find_place(session, typed) is None


def test_a_postcode_is_found_however_it_is_typed(session):
    found = find_postcode(session, "de1 3gy")
    assert (found.name, found.kind) == ("DE1 3GY", "postcode")
    assert find_postcode(session, "DE1 3GY") == found
    assert find_postcode(session, "ZZ9 9ZZ") is None


@pytest.mark.parametrize(
    "typed, offered",
    [
        ("Matlok", ["Matlock"]),
        ("Chesterfeild", ["Chesterfield"]),
        ("DE4 3NM", ["DE4 3NH", "DE4 3NJ", "DE4 3NN"]),  # M's neighbours on the keyboard
        ("de4 3nm", ["DE4 3NH", "DE4 3NJ", "DE4 3NN"]),
        ("Qzxwvb", []),
    ],
)
def test_suggestions_for_what_was_not_found(reference_db, engine_for, typed, offered):
    from mapapp.places import suggest

    with session_scope(engine_for(reference_db)) as session:
        assert suggest(session, typed)[: len(offered) or None] == offered
