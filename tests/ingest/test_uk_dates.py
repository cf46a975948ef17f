"""UK dates in the forms navigators type; never read the American way."""

import datetime as dt

import pytest

from mapapp.ingest.uk_dates import DateNotUnderstood, find_dates, read_date

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("03/10/2026", "2026-10-03"),
        ("3/10/26", "2026-10-03"),
        ("3.10.26", "2026-10-03"),
        ("05.10.26", "2026-10-05"),
        ("3-10-2026", "2026-10-03"),
        ("2026-10-03", "2026-10-03"),
        ("2026-10-14 09:00:00", "2026-10-14"),
        ("3 Oct 2026", "2026-10-03"),
        ("3rd October 2026", "2026-10-03"),
        ("5th Oct 2026", "2026-10-05"),
        ("1 Nov 2026", "2026-11-01"),
        ("October 3, 2026", "2026-10-03"),
        ("Sept 2026", "2026-09-01"),
        ("Oct 2026", "2026-10-01"),
        ("October 2026", "2026-10-01"),
        ("Checked 12/10/2026 by Sue", "2026-10-12"),
        ("3 Oct", "2026-10-03"),
        ("Oct-26", "2026-10-01"),
        ("Oct '26", "2026-10-01"),
        ("Next walk 15/11/2026.", "2026-11-15"),
        (dt.datetime(2026, 10, 14, 0, 0), "2026-10-14"),
        (dt.date(2026, 10, 14), "2026-10-14"),
    ],
)
def test_uk_dates(text, expected):
    assert read_date(text, TODAY).isoformat() == expected


@pytest.mark.parametrize(
    "text, why",
    [
        ("10/13/2026", "UK dates put the day first"),
        ("31/02/2026", "not a real date"),
        ("recently", "is not a date"),
        ("", "no date given"),
        ("checked", "is not a date"),
    ],
)
def test_unreadable_dates_are_refused(text, why):
    with pytest.raises(DateNotUnderstood, match=why):
        read_date(text, TODAY)


def test_a_day_and_month_take_the_nearest_year():
    assert read_date("2 Jan", TODAY) == dt.date(2027, 1, 2)
    assert read_date("3/10", TODAY) == dt.date(2026, 10, 3)
    assert read_date("30 Nov", TODAY) == dt.date(2026, 11, 30)


def test_dates_found_in_free_text_in_order():
    found = find_dates("Next walk 15/11/2026, then 29 Nov 2026", TODAY)
    assert [(p, d.isoformat()) for p, d in found] == [
        ("15/11/2026", "2026-11-15"),
        ("29 Nov 2026", "2026-11-29"),
    ]
