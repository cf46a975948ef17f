"""The frozen records the pipeline passes along: raw rows in, listings out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawRow:
    """One record as read: its number in the file (1-based, header = row 1 for tables),
    the original values (kept for the report), and the values under canonical names."""

    row_number: int
    original: dict[str, Any]
    fields: dict[str, Any]


@dataclass(frozen=True)
class Skipped:
    """A line that is not a record (blank, a title above the header): reported, not read."""

    row_number: int
    reason: str


@dataclass(frozen=True)
class ScheduleSpec:
    weekday: int
    frequency: str = "weekly"
    nth: int | None = None
    anchor_date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    # Sheets give no date range yet; the fields let a spec be described like a stored schedule.
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Listing:
    """A normalised, classified listing, ready to geocode and load."""

    row_number: int
    source_id: str
    name: str
    kind: str
    domains: tuple[str, ...]
    fellowship: str | None = None
    types: tuple[str, ...] = ()
    description: str | None = None
    notes: str | None = None
    schedules: tuple[ScheduleSpec, ...] = ()
    venue_name: str | None = None
    address: str | None = None
    town: str | None = None
    postcode: str | None = None
    location_notes: str | None = None
    lat: float | None = None
    lon: float | None = None
    approximate: bool = False
    conference_url: str | None = None
    conference_url_notes: str | None = None
    conference_phone: str | None = None
    conference_phone_notes: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_private: bool = True
    organisation: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    status: str = "active"
    verified: dt.date | None = None  # the sheet's or feed's last-checked date
    flags: tuple[str, ...] = ()
    original: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # field -> the column or phrase it was read from, for the report ('how it was read')
    how: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def online(self) -> bool:
        return bool(self.conference_url or self.conference_phone)

    @property
    def has_location(self) -> bool:
        return bool(self.postcode or self.town or self.address or self.lat is not None)


class Rejected(Exception):
    """A row that cannot become a listing; the message says why and what to fix."""
