"""Every normalisation rule as a row of a case table."""

import datetime as dt

import pytest

from mapapp.ingest import normalise as N
from mapapp.ingest.normalise import Recurrence

T = dt.time


@pytest.mark.parametrize(
    "typed, recurrences",
    [
        ("Mon", [Recurrence(0)]),
        ("Monday", [Recurrence(0)]),
        ("Tuesdays", [Recurrence(1)]),
        ("Mon & Thu", [Recurrence(0), Recurrence(3)]),
        ("Mon, Wed and Fri", [Recurrence(0), Recurrence(2), Recurrence(4)]),
        ("Mon-Fri", [Recurrence(d) for d in range(5)]),
        ("weekdays", [Recurrence(d) for d in range(5)]),
        ("Weekends", [Recurrence(5), Recurrence(6)]),
        ("daily", [Recurrence(d) for d in range(7)]),
        ("every 2nd Tuesday", [Recurrence(1, "monthly", 2)]),
        ("2nd Tuesday of the month", [Recurrence(1, "monthly", 2)]),
        ("last Friday of the month", [Recurrence(4, "monthly", -1)]),
        ("First Monday of each month", [Recurrence(0, "monthly", 1)]),
        ("fortnightly Friday", [Recurrence(4, "fortnightly")]),
        ("every other Wednesday", [Recurrence(2, "fortnightly")]),
        (
            "Fortnightly Fri from 09/01/2026",
            [Recurrence(4, "fortnightly", None, dt.date(2026, 1, 9))],
        ),
        (
            "fortnightly Thursday from 2026-01-05",
            [Recurrence(3, "fortnightly", None, dt.date(2026, 1, 8))],
        ),
        ("SATURDAY", [Recurrence(5)]),
    ],
)
def test_days_and_recurrence(typed, recurrences):
    assert N.days(typed) == tuple(recurrences)


@pytest.mark.parametrize("typed", ["", "soon", "monthly on Tuesday", "varies"])
def test_unreadable_days_give_a_reason(typed):
    with pytest.raises(ValueError):
        N.days(typed)


@pytest.mark.parametrize(
    "typed, start, end",
    [
        ("7pm", T(19), None),
        ("7.30pm", T(19, 30), None),
        ("19:30", T(19, 30), None),
        ("7:30 PM", T(19, 30), None),
        ("19.30-21.00", T(19, 30), T(21)),
        ("noon", T(12), None),
        ("midday", T(12), None),
        ("7-9pm", T(19), T(21)),
        ("10am - 12pm", T(10), T(12)),
        ("11-1pm", T(11), T(13)),
        ("12am", T(0), None),
        ("6:00 PM to 7:30 PM", T(18), T(19, 30)),
        ("7.30 p.m.", T(19, 30), None),
        ("", None, None),
    ],
)
def test_times(typed, start, end):
    assert N.times(typed) == (start, end)


@pytest.mark.parametrize("typed", ["7ish", "25:00", "evening", "19:75"])
def test_unreadable_times_give_a_reason(typed):
    with pytest.raises(ValueError):
        N.times(typed)


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("01246 123456", "01246 123456"),
        ("01246123456", "01246 123456"),
        ("+44 7700 900123", "07700 900123"),
        ("(01332) 123 456", "01332 123456"),
        ("0800 123 4567", "0800 123 4567"),
        ("020 7946 0000", "020 79460000"),
    ],
)
def test_phone_numbers(typed, clean):
    assert N.phone(typed) == clean


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("www.example.org/x", "https://www.example.org/x"),
    ],
)
def test_urls_http_and_https_only(typed, clean):
    assert N.url(typed) == clean


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "ftp://example.org",
        "example",
        "data:text/html,x",
        "mailto:a@example.org",
    ],
)
def test_other_url_schemes_are_refused(typed):
    with pytest.raises(ValueError, match="http or https"):
        N.url(typed)


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("John Smith", "John"),
        ("jane s.", "Jane"),
        ("  SAM  ", "Sam"),
        ("Mary-Ann Jones", "Mary-Ann"),
    ],
)
def test_contact_names_are_first_names_only(typed, clean):
    assert N.first_name(typed) == clean


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("BUXTON SMART RECOVERY", "Buxton SMART Recovery"),
        ("chesterfield aa (open)", "Chesterfield AA (Open)"),
        ("ST MARY OF THE ANGELS", "St Mary of the Angels"),
        ("Keep It Simple group", "Keep It Simple group"),
        ("  lots   of   space  ", "Lots of Space"),
    ],
)
def test_names_are_tidied(typed, clean):
    assert N.title_case(typed) == clean
