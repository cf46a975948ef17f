"""Names compared for duplicates after abbreviations, apostrophes and fellowship words."""

import pytest

from mapapp.ingest.name_key import name_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Tuesday Night", "Tues Night AA"),
        ("St Mary's", "St Marys"),
        ("St. Mary’s Group", "Saint Marys"),
        ("Chesterfield Big Book Group (NA)", "Chesterfield Big Book"),
        ("Matlock Monday AA", "Matlock Mon AA"),
        ("Belper SMART Recovery", "Belper SMART"),
        ("Derby LGBTQ+ AA", "Derby LGBTQ AA"),
        ("Family & Friends", "family and friends"),
    ],
)
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Group 1", "Group 2"),
        ("Matlock Monday AA", "Matlock Tuesday AA"),
        ("Derby Recovery Café", "Derby Recovery Coaching"),
    ],
)
def test_different_key(a, b):
    assert name_key(a) != name_key(b)


def test_a_name_of_only_kind_words_keeps_them():
    assert name_key("AA Group") == "aa group"
