"""Times of day: 12- and 24-hour, dots or colons, noon and midday, ranges with - – to
till; an end before its start is on the 12-hour clock; 6 to 8 with no am/pm is refused."""

import pytest

from mapapp.ingest.clock_text import TimeNotUnderstood, find_spans, read_clock


def hhmm(span):
    return (span.start.strftime("%H:%M"), span.end.strftime("%H:%M") if span.end else None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7pm", ("19:00", None)),
        ("7 pm", ("19:00", None)),
        ("7.30pm", ("19:30", None)),
        ("7:30 PM", ("19:30", None)),
        ("7.30 p.m.", ("19:30", None)),
        ("19:30", ("19:30", None)),
        ("19.30", ("19:30", None)),
        ("1930hrs", ("19:30", None)),
        ("19.30hrs", ("19:30", None)),
        ("07:00", ("07:00", None)),
        ("10am", ("10:00", None)),
        ("10.30", ("10:30", None)),
        ("noon", ("12:00", None)),
        ("12 noon", ("12:00", None)),
        ("midday", ("12:00", None)),
        ("12:00 noon", ("12:00", None)),
        ("12pm", ("12:00", None)),
        ("2.30", ("14:30", None)),
        ("12am", ("00:00", None)),
    ],
)
def test_single_times(text, expected):
    assert hhmm(read_clock(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7-9pm", ("19:00", "21:00")),
        ("7.30-9.30pm", ("19:30", "21:30")),
        ("9:30-4:30", ("09:30", "16:30")),
        ("9-5", ("09:00", "17:00")),
        ("10-12", ("10:00", "12:00")),
        ("11-1", ("11:00", "13:00")),
        ("11-1pm", ("11:00", "13:00")),
        ("12-2", ("12:00", "14:00")),
        ("1-3", ("13:00", "15:00")),
        ("8-4", ("08:00", "16:00")),
        ("10am till 2", ("10:00", "14:00")),
        ("10am–2pm", ("10:00", "14:00")),
        ("6pm - 7.30pm", ("18:00", "19:30")),
        ("18:30 – 20:00", ("18:30", "20:00")),
        ("7pm to 9pm", ("19:00", "21:00")),
        ("10.00 till 12.00", ("10:00", "12:00")),
        ("9.30am until 3.30pm", ("09:30", "15:30")),
        ("12 noon - 1.30", ("12:00", "13:30")),
        ("7 till 9pm", ("19:00", "21:00")),
        ("19:00-21:00", ("19:00", "21:00")),
        ("8pm-9.30", ("20:00", "21:30")),
        ("9-5.30", ("09:00", "17:30")),
    ],
)
def test_ranges(text, expected):
    assert hhmm(read_clock(text)) == expected


@pytest.mark.parametrize("text", ["7-9", "7.30", "6.30-8", "8:00", "7.30 - 9"])
def test_morning_or_evening_is_refused_not_guessed(text):
    with pytest.raises(TimeNotUnderstood, match="morning or evening"):
        find_spans(text)


@pytest.mark.parametrize(
    "text",
    ["Room 2", "01246 123456", "2nd", "from 09.01.26", "2026-01-09", "£3.50", "ages 18-25", ""],
)
def test_numbers_that_are_not_times(text):
    assert find_spans(text) == []


def test_several_times_in_order():
    assert [hhmm(s) for s in find_spans("Mon 10-12, Thu 2-4pm")] == [
        ("10:00", "12:00"),
        ("14:00", "16:00"),
    ]
