import pytest

from mapapp.text import normalise_place_name, postcode_key


@pytest.mark.parametrize(
    "typed, key",
    [
        ("Chapel-en-le-Frith", "chapel en le frith"),
        ("  chapel en le FRITH ", "chapel en le frith"),
        ("St. Mary's", "st marys"),
        ("Ashby-de-la-Zouch", "ashby de la zouch"),
        ("Ynys Môn", "ynys mon"),
        ("Bolsover & District", "bolsover and district"),
    ],
)
def test_place_names_fold_to_one_key(typed, key):
    assert normalise_place_name(typed) == key


@pytest.mark.parametrize(
    "typed, key", [("de1 0fd", "DE10FD"), (" S40  1LP", "S401LP"), ("", ""), (None, "")]
)
def test_postcode_key(typed, key):
    assert postcode_key(typed) == key
