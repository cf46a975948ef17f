import datetime as dt

import pytest

from mapapp.models import Schedule
from mapapp.schedules import describe, describe_all


@pytest.mark.parametrize("schedule, words", [
    (Schedule(frequency="weekly", weekday=0, start_time=dt.time(19, 30),
              end_time=dt.time(21, 0)), "every Monday, 19:30–21:00"),
    (Schedule(frequency="monthly", weekday=1, nth=2, start_time=dt.time(19, 30),
              end_time=dt.time(21, 0)), "every 2nd Tuesday of the month, 19:30–21:00"),
    (Schedule(frequency="monthly", weekday=4, nth=-1, start_time=dt.time(12, 0)),
     "every last Friday of the month, 12:00"),
    (Schedule(frequency="fortnightly", weekday=4, anchor_date=dt.date(2026, 1, 9),
              start_time=dt.time(10, 0), end_time=dt.time(11, 0)),
     "every other Friday (from 09 Jan 2026), 10:00–11:00"),
    (Schedule(frequency="weekly", weekday=6), "every Sunday"),
])
def test_schedules_in_plain_words(schedule, words):
    assert describe(schedule) == words


def test_describe_all_orders_by_day_then_time():
    week = [Schedule(frequency="weekly", weekday=3, start_time=dt.time(9, 0)),
            Schedule(frequency="weekly", weekday=0, start_time=dt.time(19, 0)),
            Schedule(frequency="weekly", weekday=0, start_time=dt.time(10, 0))]
    assert describe_all(week) == ["every Monday, 10:00", "every Monday, 19:00",
                                  "every Thursday, 09:00"]
