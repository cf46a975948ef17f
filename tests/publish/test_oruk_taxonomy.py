"""Open Referral UK ids: reversible for the rows the API looks up, stable names for terms."""

import pytest

from mapapp.publish.oruk_taxonomy import entity_id, find_taxonomy, find_term, name_id, number_of


@pytest.mark.parametrize(
    "entity, number, text",
    [
        ("service", 42, "6d617061-0001-4000-8000-00000000002a"),
        ("location", 1, "6d617061-0003-4000-8000-000000000001"),
        ("schedule", 2**40, "6d617061-0007-4000-8000-010000000000"),
    ],
)
def test_entity_ids_are_uuids_that_turn_back_into_row_numbers(entity, number, text):
    assert entity_id(entity, number) == text and number_of(entity, text) == number
    assert number_of(entity, text.upper()) == number


@pytest.mark.parametrize(
    "text",
    [
        "42",
        "6d617061-0003-4000-8000-00000000002a",  # a location
        "6d617061-0001-4000-8000-00000000002",
        "",
    ],
)
def test_other_text_is_not_a_service_id(text):
    assert number_of("service", text) is None


def test_terms_and_taxonomies_are_found_by_id_or_code():
    twelve = name_id("term", "recovery-domains", "twelve-step")
    assert twelve == "af558337-5bf2-5d42-80f0-83a3078e21be"  # the same on every site
    assert find_term(twelve) == find_term("twelve-step") == ("recovery-domains", "twelve-step")
    assert find_term("wheelchair") == ("accessibility", "wheelchair")
    assert find_term("nothing") is None
    assert find_taxonomy("listing-kinds").id == name_id("taxonomy", "listing-kinds")
    assert find_taxonomy(name_id("taxonomy", "audience")).code == "audience"
