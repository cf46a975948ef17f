"""Query parameters declared once (params.py): what a table reads is what it documents."""

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from mapapp import params as P

WRONG = "not-a-value"


def test_every_finder_parameter_is_documented_by_its_name_in_order():
    documented = [p["name"] for p in P.FINDER.openapi()]
    assert documented == [p.name for p in P.FINDER.params]
    assert len(set(documented)) == len(documented)


@pytest.mark.parametrize(
    "param",
    [p for p in P.FINDER.params if not isinstance(p, (P.Text, P.Words))],
    ids=lambda p: p.name,
)
def test_a_wrong_value_is_a_400_naming_the_parameter(param):
    with pytest.raises(P.BadParameter) as caught:
        param.read(MultiDict({param.name: WRONG}))
    assert caught.value.status_code == 400
    assert caught.value.message.startswith(f"'{WRONG}' is not a valid {param.name}: use ")


@pytest.mark.parametrize(
    "param", [p for p in P.FINDER.params if isinstance(p, P.Choices)], ids=lambda p: p.name
)
def test_every_documented_choice_is_read(param):
    allowed = param.openapi()["schema"]["items"]["enum"]
    assert param.read(MultiDict([(param.name, v) for v in reversed(allowed)])) == tuple(
        reversed(allowed)
    )


def test_days_take_today_and_day_words_in_any_case():
    days = P.FINDER.by_name["day"]
    assert days.read(MultiDict({"day": "today,Tuesday,SUN"})) == (P.TODAY, 1, 6)
    assert days.openapi()["schema"]["items"]["enum"] == ["today", *P.D.DAY_CODES]


def test_numbers_words_and_flags_read_as_documented():
    read = P.FINDER.read
    assert read(MultiDict(), "radius_km") == P.DEFAULT_RADIUS_KM
    assert read(MultiDict({"limit": "7"}), "limit") == 7
    assert read(MultiDict({"from": "7:05"}), "from") == dt.time(7, 5)
    assert read(MultiDict({"lero": "true"}), "lero") is True
    assert read(MultiDict(), "sort") == "distance" and read(MultiDict(), "when") == ""
    assert read(MultiDict({"near": "  "}), "near") is None
    limit = P.FINDER.by_name["limit"].openapi()["schema"]
    assert limit == {"type": "integer", "minimum": 1, "maximum": P.MAX_LIMIT, "default": 50}


def test_a_query_parameter_of_many_values_is_exploded():
    one = P.query_parameter("q", "Words.", {"type": "string"})
    many = P.query_parameter("x", "Many.", {"type": "array", "items": {}}, ["a"], required=True)
    assert "style" not in one and one["required"] is False
    assert (many["style"], many["explode"], many["example"], many["required"]) == (
        "form",
        True,
        ["a"],
        True,
    )
