"""What a scenario changes, read and checked in one place for the page, the API and the
command line: hypothetical listings added, existing listings closed.

    add=mutual-aid@52.9225,-1.4746;day=tue;start=19:30   (repeatable)
    close=123                                             (repeatable, a listing's id)

A hypothetical listing is an active, in-person listing at an exact point: a weekly
meeting on ``day`` at ``start`` when they are given (then it has one session a week), a
listing with no sessions otherwise. ``attendance=hybrid`` and ``audience=<tag>`` (for an
analysis of one audience) may be given too. A closed listing counts as not active.
A bad value raises params.BadParameter (a 400 naming the parameter and what is allowed).
Both are declared once, in SCENARIO (with the gap analysis's), which reads them and lists
them in the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import params as P
from .. import vocab as D
from ..geo import to_bng
from ..params import BadParameter
from .params import AUDIENCES, GAPS, SUPPLY_ATTENDANCE
from .supply import Listings

MAX_ADDITIONS = 20
MAX_CLOSURES = 100
LAT_RANGE, LON_RANGE = (49.0, 61.0), (-9.0, 2.5)  # Great Britain, as the finder's 'near'
ADD_HELP = (
    "<domain>@<lat>,<lon> with optional ;day=<mon..sun>;start=<HH:MM>"
    ";attendance=<in_person|hybrid>;audience=<tag> (e.g. "
    "mutual-aid@52.9225,-1.4746;day=tue;start=19:30)"
)
CLOSE_HELP = "the number of a listing (as in /assets/<number>)"
_ADD = re.compile(r"^\s*([a-z-]+)\s*@\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Addition:
    domain: str
    lat: float
    lon: float
    weekday: int | None = None  # 0 = Monday
    start: dt.time | None = None
    attendance: str = "in_person"
    audience: tuple[str, ...] = ()
    district_code: str | None = None  # where it is located: set by the caller's boundaries

    @property
    def xy(self) -> tuple[float, float]:
        x, y = to_bng(self.lon, self.lat)
        return float(x), float(y)

    def text(self) -> str:
        """As the add= parameter (for a shareable URL)."""
        parts = [f"{self.domain}@{self.lat:.6g},{self.lon:.6g}"]
        if self.weekday is not None:
            parts.append(f"day={D.DAY_CODES[self.weekday]}")
        if self.start is not None:
            parts.append(f"start={self.start:%H:%M}")
        if self.attendance != "in_person":
            parts.append(f"attendance={self.attendance}")
        parts += [f"audience={tag}" for tag in self.audience]
        return ";".join(parts)

    def to_json(self) -> dict:
        return {
            "domain": self.domain,
            "lat": self.lat,
            "lon": self.lon,
            "day": None if self.weekday is None else D.DAY_CODES[self.weekday],
            "start": None if self.start is None else f"{self.start:%H:%M}",
            "attendance": self.attendance,
            "audience": list(self.audience),
            "district_code": self.district_code,
        }


@dataclass(frozen=True)
class Scenario:
    additions: tuple[Addition, ...] = ()
    closures: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.additions or self.closures)

    def query(self) -> list[tuple[str, str]]:
        return [("add", a.text()) for a in self.additions] + [
            ("close", str(c)) for c in self.closures
        ]

    def to_json(self) -> dict:
        return {"add": [a.to_json() for a in self.additions], "close": list(self.closures)}


def parse_scenario(args) -> Scenario:
    """Request arguments (anything with getlist) -> Scenario."""
    add, close = SCENARIO.by_name["add"], SCENARIO.by_name["close"]
    adds, closes = add.given(args), close.given(args)  # both counts before any value
    return Scenario(add.each(adds), close.each(closes))


def _listing_id(value: str) -> int:
    text = value.strip()
    if not text.isdigit() or int(text) < 1:
        raise BadParameter("close", value, CLOSE_HELP)
    return int(text)


def parse_addition(value: str) -> Addition:
    head, *options = value.split(";")
    found = _ADD.match(head)
    if not found:
        raise BadParameter("add", value, ADD_HELP)
    domain, lat, lon = found.group(1), float(found.group(2)), float(found.group(3))
    if not D.is_domain(domain):
        raise BadParameter("add", value, f"a domain code ({', '.join(D.CODES)}) — {ADD_HELP}")
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        raise BadParameter(
            "add", value, f"a point in Great Britain, latitude then longitude — {ADD_HELP}"
        )
    fields = _options(value, options)
    return Addition(domain, lat, lon, **fields)


def _options(value: str, options: list[str]) -> dict:
    fields: dict = {"audience": ()}
    for option in options:
        name, _, text = (part.strip() for part in option.partition("="))
        if name == "day" and text in D.DAY_NUMBERS:
            fields["weekday"] = D.DAY_NUMBERS[text]
        elif name == "start" and _TIME.match(text):
            hours, minutes = _TIME.match(text).groups()
            fields["start"] = dt.time(int(hours), int(minutes))
        elif name == "attendance" and text in SUPPLY_ATTENDANCE:
            fields["attendance"] = text
        elif name == "audience" and text in AUDIENCES:
            fields["audience"] += (text,)
        else:
            raise BadParameter("add", value, ADD_HELP)
    if "start" in fields and "weekday" not in fields:
        raise BadParameter("add", value, f"a day with the start time — {ADD_HELP}")
    return fields


# /api/gaps/scenario and /gaps/scenario: the analysis's parameters, then what changes.
SCENARIO = P.Table(
    *GAPS.params,
    P.Repeated(
        "add",
        f"A hypothetical listing (up to {MAX_ADDITIONS}): {ADD_HELP}.",
        item=parse_addition,
        items={"type": "string"},
        most=MAX_ADDITIONS,
        refusal=ADD_HELP,
        example=["mutual-aid@52.9225,-1.4746;day=tue;start=19:30"],
    ),
    P.Repeated(
        "close",
        f"A listing closed in the scenario, by its number (up to {MAX_CLOSURES}).",
        item=_listing_id,
        items={"type": "integer"},
        most=MAX_CLOSURES,
        refusal=CLOSE_HELP,
        distinct=True,
    ),
)


# --- hypothetical listings as frames ---------------------------------------------------------


def addition_listings(additions: tuple[Addition, ...]) -> Listings:
    """The additions as Listings frames, numbered -1, -2, … (never a stored id)."""
    ids = [-(i + 1) for i in range(len(additions))]
    xy = np.array([a.xy for a in additions], dtype=float).reshape(-1, 2)
    assets = pd.DataFrame(
        {
            "id": ids,
            "kind": ["meeting"] * len(ids),
            "attendance": [a.attendance for a in additions],
            "status": ["active"] * len(ids),
            "precision": ["exact"] * len(ids),
            "district_code": pd.Series([a.district_code for a in additions], dtype=object),
            "x": xy[:, 0],
            "y": xy[:, 1],
        }
    )
    domains = pd.DataFrame({"asset_id": ids, "domain": [a.domain for a in additions]})
    audience = pd.DataFrame(
        [(i, t) for i, a in zip(ids, additions, strict=True) for t in a.audience],
        columns=["asset_id", "tag"],
    )
    schedules = pd.DataFrame(
        [
            (i, "weekly", a.weekday, a.start)
            for i, a in zip(ids, additions, strict=True)
            if a.weekday is not None
        ],
        columns=["asset_id", "frequency", "weekday", "start_time"],
    )
    return Listings(assets, domains, audience, schedules)


def check_closures(listings: Listings, closures: tuple[int, ...]) -> None:
    known = set(listings.assets["id"].tolist())
    for listing_id in closures:
        if listing_id not in known:
            raise BadParameter(
                "close", listing_id, f"{CLOSE_HELP}: there is no listing numbered {listing_id}"
            )


def listings_with(listings: Listings, scenario: Scenario) -> Listings:
    """The listings as the scenario would leave them: closed ones not active, the
    hypothetical ones added. What a full recomputation of the scenario analyses."""
    assets = listings.assets.copy()
    assets.loc[assets["id"].isin(scenario.closures), "status"] = "inactive"
    added = addition_listings(scenario.additions)
    return Listings(
        *(
            _concat(old, new)
            for old, new in (
                (assets, added.assets),
                (listings.domains, added.domains),
                (listings.audience, added.audience),
                (listings.schedules, added.schedules),
            )
        )
    )


def _concat(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    if new.empty:
        return old.reset_index(drop=True)
    return pd.concat([old, new], ignore_index=True) if not old.empty else new
