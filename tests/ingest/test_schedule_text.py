"""The schedule grammar: case tables for days, lists, ranges, ordinals, fortnightly anchors,
no-session phrases and times read beside the days; anything else is not understood."""

import datetime as dt

import pytest

from mapapp.ingest.schedule_text import align_anchor, read_schedule

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def sessions(reading) -> list[str]:
    out = []
    for s in reading.sessions:
        prefix = f"{s.nth}" if s.frequency == "monthly" else ""
        suffix = f"/2@{s.anchor_date}" if s.frequency == "fortnightly" else ""
        times = "-".join(t.strftime("%H:%M") for t in (s.start, s.end) if t)
        out.append(f"{prefix}{DAYS[s.weekday]}{suffix} {times}".strip())
    return out


@pytest.mark.parametrize(
    "day, expected",
    [
        ("Monday", ["MO"]),
        ("mon", ["MO"]),
        ("MONDAYS", ["MO"]),
        ("Tues", ["TU"]),
        ("Tue.", ["TU"]),
        ("Weds", ["WE"]),
        ("wednesday", ["WE"]),
        ("Thur.", ["TH"]),
        ("Thurs", ["TH"]),
        ("Thu", ["TH"]),
        ("Fri", ["FR"]),
        ("Saturdays", ["SA"]),
        ("Sun", ["SU"]),
        ("Mon & Thu", ["MO", "TH"]),
        ("Tues/Thurs", ["TU", "TH"]),
        ("Mondays and Wednesdays", ["MO", "WE"]),
        ("Mon, Wed, Fri", ["MO", "WE", "FR"]),
        ("Mo/We/Fr", ["MO", "WE", "FR"]),
        ("Sat & Sun", ["SA", "SU"]),
        ("Mon-Fri", ["MO", "TU", "WE", "TH", "FR"]),
        ("Mon–Fri", ["MO", "TU", "WE", "TH", "FR"]),
        ("Monday to Thursday", ["MO", "TU", "WE", "TH"]),
        ("Fri-Mon", ["FR", "SA", "SU", "MO"]),
        ("weekdays", ["MO", "TU", "WE", "TH", "FR"]),
        ("weekends", ["SA", "SU"]),
        ("Wknds", ["SA", "SU"]),
        ("daily", ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
        ("every day", ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
        ("7 days a week", ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
        ("Every Tuesday", ["TU"]),
        ("Weekly - Tuesdays", ["TU"]),
        ("Tues night", ["TU"]),
        ("Wednesday evenings", ["WE"]),
    ],
)
def test_days_lists_and_ranges(day, expected):
    reading = read_schedule(day, "10:00")
    assert [s.split()[0] for s in sessions(reading)] == expected
    assert reading.complete


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2nd Wednesday", ["2WE"]),
        ("second Weds of the month", ["2WE"]),
        ("every 2nd tues", ["2TU"]),
        ("last Friday", ["-1FR"]),
        ("last fri of month", ["-1FR"]),
        ("Last Friday of the month", ["-1FR"]),
        ("1st and 3rd Tuesday", ["1TU", "3TU"]),
        ("2nd & 4th Wednesday", ["2WE", "4WE"]),
        ("first Monday of each month", ["1MO"]),
        ("1st Sunday of the month", ["1SU"]),
        ("1st Monday and 3rd Wednesday", ["1MO", "3WE"]),
    ],
)
def test_ordinals_with_or_without_every_or_of_the_month(day, expected):
    reading = read_schedule(day, "7pm")
    assert [s.split()[0] for s in sessions(reading)] == expected


@pytest.mark.parametrize(
    "day, anchor, expected",
    [
        ("fortnightly Fri (next 9/1/26)", None, "FR/2@2026-01-09"),
        ("Alternate Thursdays from 15th Jan 2026", None, "TH/2@2026-01-15"),
        ("every other Monday", dt.date(2026, 12, 7), "MO/2@2026-12-07"),
        ("fortnightly Wed, next 14/10/26", None, "WE/2@2026-10-14"),
        # an anchor on another weekday moves forward to the meeting's day
        ("Fortnightly Friday", dt.date(2026, 1, 5), "FR/2@2026-01-09"),
        ("every 2 weeks on Tuesday", dt.date(2026, 3, 3), "TU/2@2026-03-03"),
        ("Fortnightly Fri from 09/01/2026", None, "FR/2@2026-01-09"),
        ("fortnightly Thursday from 2026-01-05", None, "TH/2@2026-01-08"),
        ("Friday fortnightly - next one 8th Jan 2027", None, "FR/2@2027-01-08"),
    ],
)
def test_fortnightly_with_an_anchor(day, anchor, expected):
    reading = read_schedule(day, "7pm", anchor=anchor)
    assert sessions(reading) == [f"{expected} 19:00"]
    assert reading.complete


def test_fortnightly_without_an_anchor_is_not_understood():
    reading = read_schedule("every other Monday", "7pm")
    assert reading.not_understood == [
        "fortnightly, but no date of one meeting is given (add e.g. 'next: 9 Jan')"
    ]


@pytest.mark.parametrize(
    "day",
    [
        "by appointment",
        "Appointment only",
        "appt only",
        "drop in",
        "Ring first",
        "call to book",
        "On request",
    ],
)
def test_no_session_phrases(day):
    reading = read_schedule(day)
    assert reading.sessions == [] and reading.no_session and reading.complete


def test_drop_in_with_days_is_a_session():
    assert sessions(read_schedule("Drop in Tues/Thurs 10-12")) == [
        "TU 10:00-12:00",
        "TH 10:00-12:00",
    ]


@pytest.mark.parametrize(
    "day, time, end, expected",
    [
        ("Tuesday", "7.30pm", "9pm", ["TU 19:30-21:00"]),
        ("Tuesday 7.30pm", None, None, ["TU 19:30"]),
        ("Mon & Thu 7-9pm", None, None, ["MO 19:00-21:00", "TH 19:00-21:00"]),
        ("Monday 10-12, Thursday 2-4", None, None, ["MO 10:00-12:00", "TH 14:00-16:00"]),
        ("Thursday", "7pm", "9", ["TH 19:00-21:00"]),
        ("Glossop is not read here; Tuesday", None, None, None),
        ("Tuesday", "7.30", "9.30pm", ["TU 19:30-21:30"]),
        ("7pm Tuesdays", None, None, ["TU 19:00"]),
        ("1st Monday and 3rd Wednesday 7pm", None, None, ["1MO 19:00", "3WE 19:00"]),
        ("Wednesdays 6pm-7.30pm online", None, None, ["WE 18:00-19:30"]),
        ("Friday 7pm - in person and on Zoom", None, None, ["FR 19:00"]),
        ("Weds", "12 noon - 1.30", None, ["WE 12:00-13:30"]),
        ("Sat & Sun", "midday", "1pm", ["SA 12:00-13:00", "SU 12:00-13:00"]),
    ],
)
def test_times_beside_days_and_in_their_own_cells(day, time, end, expected):
    reading = read_schedule(day, time, end)
    if expected is None:
        assert not reading.complete
    else:
        assert sessions(reading) == expected and reading.complete


@pytest.mark.parametrize(
    "day, time, why",
    [
        ("Tuesday", "7-9", "could be morning or evening"),
        ("Sat", "7.30", "could be morning or evening"),
        ("Sun", "TBC", "'tbc' does not give a fixed day and time"),
        ("Tuesday varies", None, "'varies' does not give a fixed day and time"),
        ("Flexible", None, "'flexible' is not a day, time or how often"),
        ("Saturday mornings", None, "no start time given"),
        ("Every Tuesday for 6 weeks", "6-8pm", "is not a day, time or how often"),
        ("", None, "no day given"),
        ("2nd and 4th", "7pm", "no day of the week given"),
        ("fortnightly 2nd Monday", "7pm", "both fortnightly and a week of the month"),
        ("Mon & Thu", "10am 2pm", "several days and several times"),
        ("monthly on Tuesday", "7pm", "which week of the month"),
        ("soon", "7pm", "'soon' is not a day"),
        ("Tuesday", "7ish", "'ish' is not a day"),
        ("Tuesday", "25:00", "'25' is not a day"),
        ("Tuesday", "19:75", "'75' is not a day"),
        ("Every 4 weeks Tuesday", "7pm", "'4' is not"),
        ("Tuesday", "evening", "no start time"),
    ],
)
def test_what_is_not_understood_is_said(day, time, why):
    reading = read_schedule(day, time)
    assert any(why in problem for problem in reading.not_understood), reading.not_understood


@pytest.mark.parametrize(
    "anchor, weekday, expected",
    [
        (dt.date(2026, 1, 9), 4, dt.date(2026, 1, 9)),  # already a Friday
        (dt.date(2026, 1, 5), 4, dt.date(2026, 1, 9)),  # Monday -> that week's Friday
        (dt.date(2026, 1, 10), 4, dt.date(2026, 1, 16)),  # Saturday -> the next Friday
        (None, 4, None),
    ],
)
def test_anchor_moves_forward_to_the_weekday(anchor, weekday, expected):
    assert align_anchor(anchor, weekday) == expected


@pytest.mark.parametrize(
    "day, time, expected",
    [
        ("Tuesday & Thursday evenings 7-9", None, ["TU 19:00-21:00", "TH 19:00-21:00"]),
        ("Tues eve", "7.30", ["TU 19:30"]),
        ("Sunday night", "8", None),
        ("Breakfast meeting Sat", "7.30-8.30", ["SA 07:30-08:30"]),
        ("Saturday mornings", "7.30", ["SA 07:30"]),
        ("Wednesday 1st & 3rd", "7pm", ["1WE 19:00", "3WE 19:00"]),
        ("Alternate Tuesdays (w/c 5 Jan 2026)", "10am", ["TU/2@2026-01-06 10:00"]),
    ],
)
def test_words_beside_the_time_settle_morning_or_evening(day, time, expected):
    reading = read_schedule(day, time)
    if expected is None:
        assert not reading.complete  # '8' alone is not a time at all
    else:
        assert sessions(reading) == expected and reading.complete


@pytest.mark.parametrize(
    "day, time, stray",
    [
        ("Monday @1", "7pm", ["'1'"]),  # '@1' typed in a cell is text, not a time marker
        ("Tues @0 and @9", "19:00", ["'0'", "'9'"]),
        ("Wed \ue0000", "10am", ["'0'"]),  # nor is the private-use mark itself
    ],
)
def test_typed_marks_never_pose_as_times(day, time, stray):
    """A stray number is not understood, so the row is held; it never crashes the reader."""
    reading = read_schedule(day, time)
    assert not reading.complete and not reading.sessions
    assert [phrase.split()[0] for phrase in reading.not_understood] == stray
