"""The finder's circle sizing (finder/search.py); the searches themselves are tested through the
API on both backends (tests/web/test_api.py)."""

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
