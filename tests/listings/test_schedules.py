import datetime as dt

import pytest

from mapapp.listings.schedules import describe, describe_all
from mapapp.models import Schedule


@pytest.mark.parametrize(
    "schedule, words",
    [
        (
            Schedule(
                frequency="weekly", weekday=0, start_time=dt.time(19, 30), end_time=dt.time(21, 0)
            ),
            "every Monday, 19:30–21:00",
        ),
        (
            Schedule(
                frequency="monthly",
                weekday=1,
                nth=2,
                start_time=dt.time(19, 30),
                end_time=dt.time(21, 0),
            ),
            "every 2nd Tuesday of the month, 19:30–21:00",
        ),
        (
            Schedule(frequency="monthly", weekday=4, nth=-1, start_time=dt.time(12, 0)),
            "every last Friday of the month, 12:00",
        ),
        (
            Schedule(
                frequency="fortnightly",
                weekday=4,
                anchor_date=dt.date(2026, 1, 9),
                start_time=dt.time(10, 0),
                end_time=dt.time(11, 0),
            ),
            "every other Friday (from 09 Jan 2026), 10:00–11:00",
        ),
        (Schedule(frequency="weekly", weekday=6), "every Sunday"),
    ],
)
def test_schedules_in_plain_words(schedule, words):
    assert describe(schedule) == words


def test_describe_all_orders_by_day_then_time():
    week = [
        Schedule(frequency="weekly", weekday=3, start_time=dt.time(9, 0)),
        Schedule(frequency="weekly", weekday=0, start_time=dt.time(19, 0)),
        Schedule(frequency="weekly", weekday=0, start_time=dt.time(10, 0)),
    ]
    assert describe_all(week) == [
        "every Monday, 10:00",
        "every Monday, 19:00",
        "every Thursday, 09:00",
    ]


# --- next session, with a frozen clock ------------------------------------------------------

from mapapp.listings.schedules import LONDON, next_of, next_session, occurs_on, when_label  # noqa: E402

UTC = dt.UTC


def _utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


def test_weekly_session_on_the_day_the_clocks_go_forward():
    sunday = Schedule(
        frequency="weekly",
        weekday=6,
        start_time=dt.time(19, 30),
        end_time=dt.time(21, 0),
        timezone="Europe/London",
    )
    start, end = next_session(sunday, _utc(2026, 3, 28, 20, 0))  # Saturday night, GMT
    assert start.astimezone(UTC) == _utc(2026, 3, 29, 18, 30)  # 19:30 BST
    assert end.astimezone(UTC) == _utc(2026, 3, 29, 20, 0)


def test_weekly_session_on_the_day_the_clocks_go_back():
    sunday = Schedule(
        frequency="weekly", weekday=6, start_time=dt.time(19, 30), timezone="Europe/London"
    )
    start, _ = next_session(sunday, _utc(2026, 10, 24, 12, 0))
    assert start.astimezone(UTC) == _utc(2026, 10, 25, 19, 30)  # 19:30 GMT
    earlier, _ = next_session(sunday, _utc(2026, 10, 17, 12, 0))
    assert earlier.astimezone(UTC) == _utc(2026, 10, 18, 18, 30)  # still BST


def test_in_progress_and_past_midnight():
    late = Schedule(
        frequency="weekly",
        weekday=4,
        start_time=dt.time(23, 0),
        end_time=dt.time(1, 0),
        timezone="Europe/London",
    )
    # Friday 23:00 to Saturday 01:00 GMT; at 00:30 on Saturday it is still on.
    now = _utc(2026, 1, 10, 0, 30)
    start, end = next_session(late, now)
    assert start.astimezone(UTC) == _utc(2026, 1, 9, 23, 0) and end > now
    assert when_label((start, end), now) == "in progress"


def test_fortnightly_counts_from_its_anchor():
    friday = Schedule(
        frequency="fortnightly",
        weekday=4,
        anchor_date=dt.date(2026, 1, 9),
        start_time=dt.time(10, 0),
        timezone="Europe/London",
    )
    assert occurs_on(friday, dt.date(2026, 1, 23))
    assert not occurs_on(friday, dt.date(2026, 1, 16))
    assert not occurs_on(friday, dt.date(2026, 1, 22))  # a Thursday
    start, _ = next_session(friday, _utc(2026, 1, 10, 9, 0))
    assert start.date() == dt.date(2026, 1, 23)


@pytest.mark.parametrize(
    "nth, weekday, now, expected",
    [
        (2, 1, _utc(2026, 11, 22, 12), dt.date(2026, 12, 8)),  # 2nd Tuesday of December
        (-1, 4, _utc(2026, 11, 22, 12), dt.date(2026, 11, 27)),  # last Friday of November
        (1, 0, _utc(2026, 11, 22, 12), dt.date(2026, 12, 7)),  # 1st Monday of December
        (-1, 6, _utc(2026, 3, 1, 12), dt.date(2026, 3, 29)),  # last Sunday of March (BST day)
    ],
)
def test_monthly_nth_weekday(nth, weekday, now, expected):
    monthly = Schedule(
        frequency="monthly",
        weekday=weekday,
        nth=nth,
        start_time=dt.time(19, 0),
        timezone="Europe/London",
    )
    start, _ = next_session(monthly, now)
    assert start.date() == expected


@pytest.mark.parametrize(
    "now, label",
    [
        (_utc(2026, 1, 5, 19, 45), "in progress"),  # Monday 19:45 GMT
        (_utc(2026, 1, 5, 18, 50), "starts in 40 min"),
        (_utc(2026, 1, 5, 12, 0), "today 19:30"),
        (_utc(2026, 1, 4, 12, 0), "tomorrow 19:30"),
        (_utc(2026, 1, 1, 12, 0), "Mon 19:30"),
        (_utc(2025, 12, 20, 12, 0), "Mon 19:30"),  # Saturday: Monday is two days away
    ],
)
def test_when_labels(now, label):
    monday = Schedule(
        frequency="weekly",
        weekday=0,
        start_time=dt.time(19, 30),
        end_time=dt.time(21, 0),
        timezone="Europe/London",
    )
    assert when_label(next_session(monday, now), now) == label


def test_a_session_a_week_or_more_away_gives_its_date():
    monthly = Schedule(
        frequency="monthly", weekday=1, nth=2, start_time=dt.time(19, 0), timezone="Europe/London"
    )
    now = _utc(2026, 11, 22, 12)
    assert when_label(next_session(monthly, now), now) == "Tue 08 Dec 19:00"


def test_the_earliest_of_several_schedules_and_none_without_times():
    week = [
        Schedule(frequency="weekly", weekday=3, start_time=dt.time(9, 0), timezone="Europe/London"),
        Schedule(
            frequency="weekly", weekday=1, start_time=dt.time(18, 0), timezone="Europe/London"
        ),
    ]
    start, _ = next_of(week, _utc(2026, 1, 5, 12))  # a Monday
    assert start.astimezone(LONDON).strftime("%a %H:%M") == "Tue 18:00"
    assert next_of([Schedule(frequency="weekly", weekday=1)], _utc(2026, 1, 5)) is None
    assert when_label(None, _utc(2026, 1, 5)) == "by arrangement"


def test_describe_all_copes_with_a_schedule_without_times_on_the_same_day():
    mixed = [
        Schedule(frequency="weekly", weekday=2, start_time=dt.time(18, 0)),
        Schedule(frequency="weekly", weekday=2),
    ]
    assert describe_all(mixed) == ["every Wednesday", "every Wednesday, 18:00"]


# --- remembered per rule and day: the same answers as walking the calendar ------------------

from mapapp.listings.schedules import scan_sessions  # noqa: E402


def _random_schedule(rng) -> Schedule:
    frequency = rng.choice(["weekly", "fortnightly", "monthly"])
    start = rng.choice([None, dt.time(0, 30), dt.time(10, 0), dt.time(19, 30), dt.time(23, 0)])
    end = rng.choice([None, dt.time(1, 0), dt.time(11, 30), dt.time(21, 0), dt.time(23, 59)])
    valid_from = rng.choice([None, dt.date(2026, 3, 1), dt.date(2026, 10, 20), dt.date(2027, 6, 1)])
    valid_to = rng.choice([None, dt.date(2026, 3, 30), dt.date(2026, 10, 26), dt.date(2027, 1, 1)])
    return Schedule(
        frequency=frequency,
        weekday=rng.randrange(7),
        nth=rng.choice([None, 1, 2, 4, 5, -1, -2]) if frequency == "monthly" else None,
        anchor_date=(
            rng.choice([None, dt.date(2026, 1, 9), dt.date(2026, 10, 22)])
            if frequency == "fortnightly"
            else None
        ),
        start_time=start,
        end_time=end if start is not None else None,
        valid_from=valid_from,
        valid_to=valid_to
        if valid_from is None or valid_to is None or valid_to >= valid_from
        else None,
    )


def test_next_session_equals_the_walk_through_the_calendar_at_every_moment():
    """Around both clock changes of 2026, every 37 minutes over several days, for random
    rules: the remembered first sessions of a rule and day give the same next session as
    walking the calendar (scan_sessions), including after today's session has ended."""
    import random

    rng = random.Random(2026)
    schedules = [_random_schedule(rng) for _ in range(150)]
    checked = answered = 0
    for first in (_utc(2026, 3, 27, 0, 5), _utc(2026, 10, 23, 0, 5), _utc(2026, 12, 30, 0, 5)):
        for step in range(0, 6 * 24 * 60, 37):
            now = first + dt.timedelta(minutes=step)
            today = now.astimezone(LONDON).date()
            for schedule in schedules[step % 7 :: 7]:
                expected = (
                    None if schedule.start_time is None else scan_sessions(schedule, today, now)
                )
                assert next_session(schedule, now) == expected, (schedule.__dict__, now)
                checked += 1
                answered += expected is not None
    assert checked > 5000 and answered > checked // 3


def test_words_are_remembered_per_rule_not_per_listing():
    one = Schedule(frequency="weekly", weekday=1, start_time=dt.time(19, 30), asset_id=1)
    other = Schedule(frequency="weekly", weekday=1, start_time=dt.time(19, 30), asset_id=2)
    later = Schedule(frequency="weekly", weekday=1, start_time=dt.time(20, 0), asset_id=1)
    assert describe(one) is describe(other)  # one string, worked out once
    assert describe(later) == "every Tuesday, 20:00"
