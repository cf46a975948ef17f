"""The finder's circle sizing (finder/search.py); the searches themselves are tested through the
API on both backends (tests/web/test_api.py)."""

import datetime as dt
import math

import pytest

from mapapp.finder.search import _next_circle


@pytest.mark.parametrize(
    "circle, found, wanted, radius, expected",
    [
        (500, 0, 51, 10_000, 4_000),  # none yet: 8 times wider
        (500, 1, 51, 10_000, 4_000),  # sqrt(51) x 1.25 = 8.9: capped at 8
        (500, 10, 51, 10_000, 500 * math.sqrt(5.1) * 1.25),  # about 2.8 times
        (500, 40, 51, 10_000, 1_000),  # nearly there: still at least 2x
        (4_000, 0, 51, 5_000, 5_000),  # never beyond the radius
    ],
)
def test_the_next_circle_aims_at_the_page(circle, found, wanted, radius, expected):
    assert _next_circle(circle, found, wanted, radius) == pytest.approx(expected)


@pytest.mark.parametrize(
    "query, days, parts",
    [
        ({"when": "today"}, (0,), ()),  # Monday
        ({"when": "tonight"}, (0,), ("evening", "night")),
        ({"when": "tomorrow"}, (1,), ()),
        ({"when": "tomorrow-morning"}, (1,), ("morning",)),
        ({"when": "weekend"}, (5, 6), ()),
        ({"when": "tonight", "part": "night"}, (0,), ("night",)),  # explicit part wins
        ({"when": "tomorrow", "day": "fri"}, (4,), ()),  # explicit day wins
        ({"when": "now"}, (), ()),
    ],
)
def test_time_as_people_say_it_becomes_days_and_parts(query, days, parts):
    from werkzeug.datastructures import MultiDict

    from mapapp.finder.search import parse_filters

    monday = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    filters = parse_filters(MultiDict(query), monday)
    assert (filters.days, filters.parts, filters.on_now) == (days, parts, query["when"] == "now")


def test_sunday_tomorrow_is_monday():
    from werkzeug.datastructures import MultiDict

    from mapapp.finder.search import parse_filters

    sunday_night = dt.datetime(2026, 1, 11, 23, 30, tzinfo=dt.UTC)  # GMT: still Sunday
    assert parse_filters(MultiDict({"when": "tomorrow"}), sunday_night).days == (0,)


def test_an_unknown_when_names_the_words_it_takes():
    from werkzeug.datastructures import MultiDict

    from mapapp.finder.search import parse_filters
    from mapapp.params import BadParameter

    with pytest.raises(BadParameter) as caught:
        parse_filters(MultiDict({"when": "later"}), dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    assert "now, today, tonight, tomorrow, tomorrow-morning, weekend" in caught.value.message
