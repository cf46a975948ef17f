"""Postcode repair by position, only when exactly one real postcode is the repair and it
agrees with the town; otherwise the reason, never a guess."""

import csv
from pathlib import Path

import pytest

from mapapp.ingest.postcode_repair import PostcodeNotUnderstood, compact, read_postcode
from tests.conftest import REFERENCE_DIR

KNOWN = {
    "DE13AG",
    "DE43AG",
    "SK230HS",
    "S401AR",
    "DE221LB",
    "SK176AE",
    "DE61FH",
    "NG208AA",
    "DE30GD",
    "DE110AA",
}


@pytest.mark.parametrize(
    "typed, expected, corrected",
    [
        ("de4 3ag", "DE4 3AG", False),
        ("DE43AG", "DE4 3AG", False),
        ("DE4  3AG", "DE4 3AG", False),
        ("SK23 OHS", "SK23 0HS", True),  # O for 0 in the inward code
        ("S4O 1AR", "S40 1AR", True),  # O for 0 in the district
        ("540 1AR", "S40 1AR", True),  # 5 for S in the area
        ("DE22 ILB", "DE22 1LB", True),
        ("SKI7 6AE", "SK17 6AE", True),  # I for 1
        ("DE6 IFH", "DE6 1FH", True),
        ("NG20 BAA", "NG20 8AA", True),  # B for 8
        ("ng2o 8aa", "NG20 8AA", True),  # any case
        ("DEII OAA", "DE11 0AA", True),  # several look-alikes at once
    ],
)
def test_repairs_by_position(typed, expected, corrected):
    reading = read_postcode(typed, KNOWN)
    assert (reading.postcode, reading.corrected) == (expected, corrected)
    if corrected:
        assert reading.describe() == f"postcode '{typed}' corrected to {expected}"


def test_two_possible_repairs_are_not_guessed():
    # 'SO1 1AA' read as S01 1AA or SO1 1AA: both exist, so neither is chosen.
    with pytest.raises(PostcodeNotUnderstood, match="could be S01 1AA or SO1 1AA"):
        read_postcode("5O1 1AA", {"S011AA", "SO11AA"})


def test_a_repair_that_disagrees_with_the_town_is_refused():
    with pytest.raises(PostcodeNotUnderstood, match="looks like SK23 0HS, which is not near"):
        read_postcode("SK23 OHS", KNOWN, near_town=lambda key: False)
    assert read_postcode("SK23 OHS", KNOWN, near_town=lambda key: key == "SK230HS").corrected


@pytest.mark.parametrize(
    "typed, why",
    [
        ("NG1 1AA", "not in the reference postcodes"),
        ("xx", "wrong length"),
        ("DE55 4Z5", "is not a UK postcode"),
        ("ABCDEFGH", "wrong length"),
    ],
)
def test_unrepairable(typed, why):
    with pytest.raises(PostcodeNotUnderstood, match=why):
        read_postcode(typed, KNOWN)


@pytest.fixture(scope="module")
def derbyshire() -> set[str]:
    path = next(Path(REFERENCE_DIR, "postcodes").glob("*.csv"))
    with path.open(encoding="utf-8") as handle:
        return {compact(row["postcode"]) for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("SK23 OHS", "SK23 0HS"),
        ("DE3 OGD", "DE3 0GD"),
        ("544 6BD", "S44 6BD"),
        ("DE6 IFH", "DE6 1FH"),
        ("DE45 IHA", "DE45 1HA"),
    ],
)
def test_repairs_against_the_real_derbyshire_postcodes(derbyshire, typed, expected):
    assert read_postcode(typed, derbyshire).postcode == expected
