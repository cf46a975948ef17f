"""Supply rules as case tables: what counts, session weights, and time-of-week slots."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from mapapp.analysis.params import GapParams
from mapapp.analysis.supply import SLOTS, Listings, asset_sessions, select_supply, slot_index


def _listing(**overrides):
    row = dict(
        id=1,
        kind="meeting",
        attendance="in_person",
        status="active",
        precision="exact",
        district_code="E07000991",
        x=1.0,
        y=2.0,
    )
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({}, None),
        ({"attendance": "hybrid"}, None),
        ({"precision": "postcode"}, None),
        ({"precision": "place"}, None),
        ({"precision": "approximate"}, "approximate_location"),
        ({"status": "inactive"}, "not_active"),
        ({"status": "archived", "attendance": "online"}, "not_active"),  # the first reason
        ({"attendance": "online", "x": None, "y": None, "precision": "none"}, "online_only"),
        ({"x": None, "y": None, "precision": "none"}, "no_location"),
    ],
)
def test_which_listings_are_local_supply(overrides, reason):
    assets = pd.DataFrame([_listing(**overrides)])
    assets[["x", "y"]] = assets[["x", "y"]].astype(float)
    supply = select_supply(
        Listings(assets, pd.DataFrame({"asset_id": [1], "domain": ["twelve-step"]})), GapParams()
    )
    assert supply.counted == (1 if reason is None else 0)
    assert {k for k, v in supply.excluded.items() if v} == ({reason} if reason else set())
    assert len(supply.points) == supply.counted


def test_weights_and_slots_of_sessions():
    schedules = pd.DataFrame(
        [
            dict(asset_id=1, frequency="weekly", weekday=0, start_time=dt.time(19, 30)),
            dict(asset_id=1, frequency="fortnightly", weekday=0, start_time=dt.time(20, 0)),
            dict(asset_id=2, frequency="monthly", weekday=6, start_time=None),
            dict(asset_id=3, frequency="weekly", weekday=2, start_time=dt.time(10, 0)),
        ]
    )
    assets = pd.DataFrame({"id": [1, 2, 3], "kind": ["meeting", "activity", "service"]})
    sessions = asset_sessions(schedules, assets)
    assert sessions.loc[1, "weekly_sessions"] == 1.5
    assert sessions.loc[2, "weekly_sessions"] == pytest.approx(12 / 52)
    assert 3 not in sessions.index  # a service's opening hours are not sessions
    assert sessions.loc[1, "slot_mask"] == 1 << SLOTS.index(("mon", "evening"))
    assert sessions.loc[2, "slot_mask"] == 0  # no start time: in no slot


@pytest.mark.parametrize(
    "weekday, time, slot",
    [
        (0, dt.time(5, 0), ("mon", "morning")),
        (0, dt.time(11, 59), ("mon", "morning")),
        (0, dt.time(12, 0), ("mon", "afternoon")),
        (2, dt.time(17, 0), ("wed", "evening")),
        (5, dt.time(21, 0), ("sat", "night")),
        (6, dt.time(23, 59), ("sun", "night")),
        (6, dt.time(0, 0), ("sat", "night")),  # Sunday 00:00–05:00 is Saturday night
        (6, dt.time(0, 30), ("sat", "night")),
        (6, dt.time(4, 59), ("sat", "night")),
        (0, dt.time(1, 0), ("sun", "night")),  # Monday's small hours: Sunday night
        (1, dt.time(5, 0), ("tue", "morning")),
    ],
)
def test_slots_follow_the_finders_parts_of_the_day(weekday, time, slot):
    minutes = np.array([time.hour * 60 + time.minute])
    assert slot_index(np.array([weekday]), minutes)[0] == SLOTS.index(slot)


def test_no_start_time_is_no_slot():
    assert slot_index(np.array([0]), np.array([-1]))[0] == -1
