import datetime as dt

from mapapp.listings.ics import calendar, escape, fold, rrule
from mapapp.models import Asset, AssetDomain, Schedule, Venue


def _asset():
    asset = Asset(
        id=7,
        name="Serenity; Group, Chesterfield",
        kind="meeting",
        conference_url="https://zoom.us/j/1",
        domains=[AssetDomain(domain="twelve-step")],
        venue=Venue(name="St Mary's Hall", postcode="S40 1LP"),
    )
    asset.schedules = [
        Schedule(
            id=1,
            weekday=6,
            frequency="weekly",
            start_time=dt.time(19, 30),
            end_time=dt.time(21, 0),
            timezone="Europe/London",
        ),
        Schedule(
            id=2,
            weekday=1,
            frequency="monthly",
            nth=2,
            start_time=dt.time(19, 0),
            timezone="Europe/London",
        ),
        Schedule(
            id=3,
            weekday=4,
            frequency="fortnightly",
            anchor_date=dt.date(2026, 3, 20),
            start_time=dt.time(10, 0),
            timezone="Europe/London",
        ),
    ]
    return asset


def test_calendar_has_timezone_rules_and_local_times_across_bst():
    now = dt.datetime(2026, 3, 28, 20, 0, tzinfo=dt.UTC)  # the eve of BST
    text = calendar([(_asset(), "https://map.example/assets/7")], now, "map.example")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "TZID:Europe/London" in lines and "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert "DTSTART;TZID=Europe/London:20260329T193000" in lines  # 19:30 local, in BST
    assert "DTEND;TZID=Europe/London:20260329T210000" in lines
    assert "RRULE:FREQ=WEEKLY;BYDAY=SU" in lines
    assert "RRULE:FREQ=MONTHLY;BYDAY=2TU" in lines
    assert "DTSTART;TZID=Europe/London:20260414T190000" in lines  # 2nd Tuesday of April
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR" in lines
    assert "DTSTART;TZID=Europe/London:20260403T100000" in lines  # a fortnight on from 20th
    assert "UID:asset-7-schedule-1@map.example" in lines
    assert "SUMMARY:Serenity\\; Group\\, Chesterfield" in lines
    assert all(len(line.encode()) <= 75 for line in lines)


def test_escaping_and_folding():
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    long = "DESCRIPTION:" + "é" * 60
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded)
    assert "".join(p[1:] if i else p for i, p in enumerate(folded)) == long


def test_rrule_per_frequency():
    assert (
        rrule(Schedule(weekday=4, frequency="monthly", nth=-1)) == "RRULE:FREQ=MONTHLY;BYDAY=-1FR"
    )
