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


# --- the kinds the decision pages need (analysis/: scenario_params, priorities, best_sites) ---


def _refused(param, args) -> str:
    with pytest.raises(P.BadParameter) as caught:
        param.read(MultiDict(args))
    assert caught.value.details["parameter"] == param.name
    return caught.value.message


def test_a_trimmed_number_ignores_spaces_and_says_its_own_refusal():
    weight = P.Number("w", "W.", default=2.0, low=1, high=10.0, trimmed=True, refusal="1 to 10")
    assert weight.read(MultiDict({"w": " 3.5 "})) == 3.5
    assert weight.read(MultiDict({"w": " "})) == 2.0 and weight.read(MultiDict()) == 2.0
    for bad in ("0.5", "11", "nan", "inf", "two"):
        assert _refused(weight, {"w": f" {bad} "}) == f"'{bad}' is not a valid w: use 1 to 10."
    # Untrimmed (the finder's), a blank value is a value, and the refusal is the range.
    radius = P.FINDER.by_name["radius_km"]
    assert _refused(radius, {"radius_km": " "}).endswith("use a number from 0.1 to 100.0.")


def test_a_whole_number_is_written_in_digits_within_its_range():
    k = P.Whole("k", "How many.", default=5, low=1, high=20, refusal="1 to 20")
    assert k.read(MultiDict()) == 5 and k.read(MultiDict({"k": " "})) == 5
    assert k.read(MultiDict({"k": " 20 "})) == 20
    for bad in ("0", "21", "+3", "2.0", "x"):
        assert _refused(k, {"k": bad}) == f"'{bad}' is not a valid k: use 1 to 20."
    assert k.openapi()["schema"] == {"type": "integer", "minimum": 1, "maximum": 20}


def test_an_option_is_one_word_or_its_default():
    sort = P.Option("sort", "Order.", allowed=("name", "size"), default="name", refusal="a or b")
    assert sort.read(MultiDict()) == "name" and sort.read(MultiDict({"sort": " size "})) == "size"
    assert _refused(sort, {"sort": "Size"}) == "'Size' is not a valid sort: use a or b."
    assert sort.check("size") == "size"
    assert sort.openapi()["schema"] == {"type": "string", "enum": ["name", "size"]}


def test_options_given_together_or_not_at_all():
    day = P.Option("day", "D.", allowed=("mon",), refusal="mon, with part", together_with="part")
    part = P.Option("part", "P.", allowed=("am",), refusal="am, with day", together_with="day")
    assert (day.read(MultiDict()), part.read(MultiDict())) == (None, None)
    assert (day.read(MultiDict({"day": "mon", "part": "am"}))) == "mon"
    assert _refused(day, {"part": "am"}) == "'(none)' is not a valid day: use mon, with part."
    assert _refused(part, {"day": "mon"}) == "'(none)' is not a valid part: use am, with day."
    assert _refused(day, {"day": "tue", "part": "am"}).startswith("'tue' is not a valid day")


def test_a_single_choice_is_exactly_one_value_as_given():
    one = P.Single("domain", "One.", allowed=("a", "b"), refusal="one of a, b", required=True)
    assert one.read(MultiDict([("domain", " "), ("domain", "b")])) == "b"
    for args, shown in (
        ([], "(none)"),
        ([("domain", "a"), ("domain", "b")], "a,b"),
        ([("domain", "a,b")], "a,b"),
        ([("domain", " a ")], " a "),
    ):
        assert _refused(one, args) == f"'{shown}' is not a valid domain: use one of a, b."
    assert one.openapi()["required"] is True


def _positive(text: str) -> int:
    if not text.strip().isdigit():
        raise P.BadParameter("n", text, "a number")
    return int(text)


def test_repeated_values_are_counted_then_each_read():
    n = P.Repeated("n", "N.", item=_positive, items={"type": "integer"}, most=3, refusal="a number")
    assert n.read(MultiDict([("n", "2"), ("n", " "), ("n", "1"), ("n", "2")])) == (2, 1, 2)
    distinct = P.Repeated(
        "n", "N.", item=_positive, items={}, most=3, refusal="a number", distinct=True
    )
    assert distinct.read(MultiDict([("n", "2"), ("n", "1"), ("n", "2")])) == (2, 1)
    too_many = [("n", "x")] * 4
    assert _refused(n, too_many) == "'4 values' is not a valid n: use at most 3 — a number."
    assert _refused(n, [("n", "1"), ("n", "x")]) == "'x' is not a valid n: use a number."
    schema = n.openapi()
    assert schema["schema"] == {"type": "array", "maxItems": 3, "items": {"type": "integer"}}
    assert (schema["style"], schema["explode"]) == ("form", True)
