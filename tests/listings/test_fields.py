"""A listing's comparable view: what the history and an import compare field by field."""

from mapapp.listings.fields import as_text, differences, location_value


def test_differences_name_each_changed_field_old_and_new():
    old = {"name": "A", "domains": ["twelve-step"], "town": None}
    new = {"name": "A", "domains": ["mutual-aid"], "town": "Derby"}
    assert differences(old, new) == [
        ("domains", ["twelve-step"], ["mutual-aid"]),
        ("town", None, "Derby"),
    ]


def test_values_are_stored_as_text_or_json():
    assert as_text(None) is None
    assert as_text("Derby") == "Derby"
    assert as_text(["a", "b"]) == '["a", "b"]'
    assert as_text(False) == "false"


def test_a_location_is_rounded_to_six_places_with_its_precision():
    assert location_value(-1.47701234, 52.9225, "exact") == [-1.477012, 52.9225, "exact"]
    assert location_value(None, 52.9, "none") is None
