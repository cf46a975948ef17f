"""Schedules in plain words ("every 2nd Tuesday, 19:30–21:00")."""

from __future__ import annotations

from .models import Schedule

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "2nd to last"}


def describe_times(schedule: Schedule) -> str:
    if schedule.start_time is None:
        return ""
    start = schedule.start_time.strftime("%H:%M")
    if schedule.end_time is None:
        return start
    return f"{start}–{schedule.end_time.strftime('%H:%M')}"


def describe(schedule: Schedule) -> str:
    day = DAYS[schedule.weekday]
    if schedule.frequency == "fortnightly":
        when = f"every other {day}"
        if schedule.anchor_date:
            when += f" (from {schedule.anchor_date:%d %b %Y})"
    elif schedule.frequency == "monthly":
        when = f"every {ORDINALS.get(schedule.nth, str(schedule.nth))} {day} of the month"
    else:
        when = f"every {day}"
    times = describe_times(schedule)
    return f"{when}, {times}" if times else when


def describe_all(schedules: list[Schedule]) -> list[str]:
    return [describe(s) for s in sorted(schedules, key=lambda s: (s.weekday, s.start_time
                                                                   or s.end_time or 0))]
