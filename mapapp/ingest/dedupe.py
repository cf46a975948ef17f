"""Candidate duplicates: the same meeting listed twice, by two sources or twice in one.

Two listings are candidates when all hold: venues within 75 m (EPSG:27700; the same
postcode is the same point), the same kind and no two different fellowships (a sheet
that leaves the fellowship out of 'Tuesday Night' still lists the 'Tues Night AA'
meeting), a shared weekday with start times within ±15 minutes, and similar names once
abbreviations, apostrophes and fellowship words are normalised (name_key; rapidfuzz
token-set ratio >= 90: at 80, "Group 1" and "Group 2" would match). Existing
active assets and the rows already planned in this run are searched in memory, bucketed by
75 m grid cell and weekday, with the cheap tests before the fuzzy one, so a 50,000-row
file needs no query per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Asset, Schedule, Venue
from .name_key import name_key

DISTANCE_M = 75.0
# A sheet where thousands of rows share one placeholder postcode and time would make every
# row compare with every earlier one; past this many in one cell and weekday, later rows
# are not indexed (they are still compared with the first ones).
BUCKET_LIMIT = 200
START_WINDOW_MIN = 15
NAME_SIMILARITY = 90


@dataclass(slots=True)
class Candidate:
    asset_id: int | None  # None only while a new row is being compared, before it is added
    name: str
    kind: str
    fellowship: str | None
    x: float
    y: float
    sessions: tuple[tuple[int, int | None], ...]  # (weekday, start minute of day)


def minutes(value: dt.time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


class DuplicateIndex:
    def __init__(self):
        self.buckets: dict[tuple[int, int, int], list[Candidate]] = {}

    @classmethod
    def load(cls, session: Session) -> DuplicateIndex:
        index = cls()
        sessions: dict[int, list] = {}
        for asset_id, weekday, start in session.execute(
            select(Schedule.asset_id, Schedule.weekday, Schedule.start_time)
            .join(Asset)
            .where(Asset.status == "active", Asset.venue_id.is_not(None))
        ):
            sessions.setdefault(asset_id, []).append((weekday, minutes(start)))
        rows = session.execute(
            select(
                Asset.id,
                Asset.name,
                Asset.kind,
                Asset.fellowship,
                func.ST_X(Venue.geom_bng),
                func.ST_Y(Venue.geom_bng),
            )
            .join(Asset.venue)
            .where(Asset.status == "active", Venue.geom_bng.is_not(None))
        )
        for asset_id, name, kind, fellowship, x, y in rows:
            index.add(
                Candidate(asset_id, name, kind, fellowship, x, y, tuple(sessions.get(asset_id, ())))
            )
        return index

    def add(self, candidate: Candidate) -> None:
        cell = self._cell(candidate.x, candidate.y)
        for weekday in {day for day, _start in candidate.sessions}:
            bucket = self.buckets.setdefault((*cell, weekday), [])
            if len(bucket) < BUCKET_LIMIT:
                bucket.append(candidate)

    def find(self, probe: Candidate) -> tuple[Candidate, float] | None:
        cx, cy = self._cell(probe.x, probe.y)
        best, seen = None, set()
        for weekday in {day for day, _start in probe.sessions}:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for other in self.buckets.get((cx + dx, cy + dy, weekday), ()):
                        if id(other) in seen:
                            continue
                        seen.add(id(other))
                        score = _match(probe, other)
                        if score is not None and (best is None or score > best[1]):
                            best = (other, score)
        return best

    @staticmethod
    def _cell(x: float, y: float) -> tuple[int, int]:
        return int(x // DISTANCE_M), int(y // DISTANCE_M)


def _match(a: Candidate, b: Candidate) -> float | None:
    if a.kind != b.kind or (a.fellowship and b.fellowship and a.fellowship != b.fellowship):
        return None
    if (a.x - b.x) ** 2 + (a.y - b.y) ** 2 > DISTANCE_M**2:
        return None
    if not _sessions_overlap(a.sessions, b.sessions):
        return None
    score = fuzz.token_set_ratio(name_key(a.name), name_key(b.name), score_cutoff=NAME_SIMILARITY)
    return score or None


def _sessions_overlap(a, b) -> bool:
    for day_a, start_a in a:
        for day_b, start_b in b:
            if day_a != day_b:
                continue
            if start_a is None or start_b is None or abs(start_a - start_b) <= START_WINDOW_MIN:
                return True
    return False
