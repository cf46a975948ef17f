"""Neighbourhoods named by their nearest town, village or suburb (not a hamlet)."""

import pandas as pd

from mapapp.analysis.load import load_residents
from mapapp.analysis.place_names import lsoa_place_names, nearest_place_names
from mapapp.db import session_scope

PLACES = pd.DataFrame(
    [
        ("Bigtown", "Town", 1000.0, 0.0),
        ("Farm End", "Hamlet", 0.0, 100.0),
        ("Little Ham", "Village", -3000.0, 0.0),
        ("Eastside", "Suburban Area", 5000.0, 0.0),
    ],
    columns=["name", "local_type", "x", "y"],
)


def test_the_nearest_named_place_not_a_hamlet():
    lsoas = pd.DataFrame(
        {"code": ["A", "B", "C"], "x": [0.0, -2500.0, 4000.0], "y": [0.0, 0.0, 0.0]}
    )
    # A: the hamlet is 100 m away, Bigtown 1,000 m: Bigtown.
    assert nearest_place_names(lsoas, PLACES) == {
        "A": "Bigtown",
        "B": "Little Ham",
        "C": "Eastside",
    }


def test_only_hamlets_still_give_a_name_and_no_places_none():
    lsoas = pd.DataFrame({"code": ["A"], "x": [0.0], "y": [0.0]})
    assert nearest_place_names(lsoas, PLACES[PLACES["local_type"] == "Hamlet"]) == {"A": "Farm End"}
    assert nearest_place_names(lsoas, PLACES.iloc[:0]) == {}


def test_derbyshire_neighbourhoods_get_place_names(reference_db, engine_for):
    with session_scope(engine_for(reference_db)) as session:
        lsoas = load_residents(session).lsoas
        names = lsoa_place_names(session, lsoas)
    assert len(names) == len(lsoas) and all(names.values())
    named = dict(zip(lsoas["name"], lsoas["code"], strict=True))
    assert names[named["Amber Valley 001A"]] == "Alfreton"
    assert len(set(names.values())) > 50  # many places, not one name for all
