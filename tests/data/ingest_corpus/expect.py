"""A compact way to write a row's expected reading by hand, expanded into expected.json.

    ok("TU 19:30-21:00", "pc:SK17 6HX", "twelve-step", ver="2026-10-12")

Sessions: 'MO 19:00-20:30' weekly; '2WE 10:00-12:00' the 2nd Wednesday of the month;
'-1FR 19:00' the last Friday; 'FR/2@2026-01-09 13:00-15:00' fortnightly with a date it
falls on; several joined with ';'. 'appointment' means no fixed session.
Locations: 'pc:DE4 3AG' (postcode centroid), 'place:Chinley' (the town or village point),
'exact:52.9,-1.4' (coordinates given), 'none' (online only).
"""

from __future__ import annotations

import re

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def sessions(text: str) -> list[dict]:
    if text == "appointment":
        return []
    found = []
    for part in text.split(";"):
        match = re.fullmatch(
            r"\s*(-?\d)?([A-Z]{2})(/2@(\d{4}-\d{2}-\d{2}))?\s+"
            r"(\d{2}:\d{2})(?:-(\d{2}:\d{2}))?\s*",
            part,
        )
        if not match:
            raise ValueError(f"bad session {part!r}")
        nth, day, fortnight, anchor, start, end = match.groups()
        found.append(
            {
                "weekday": DAYS.index(day),
                "frequency": "monthly" if nth else "fortnightly" if fortnight else "weekly",
                "nth": int(nth) if nth else None,
                "anchor": anchor,
                "start": start,
                "end": end,
            }
        )
    return found


def location(text: str) -> dict:
    kind, _, value = text.partition(":")
    if kind == "pc":
        return {"precision": "postcode", "postcode": value}
    if kind == "place":
        return {"precision": "place", "place": value}
    if kind == "exact":
        lat, lon = (float(v) for v in value.split(","))
        return {"precision": "exact", "lat": lat, "lon": lon}
    if text == "none":
        return {"precision": "none"}
    raise ValueError(f"bad location {text!r}")


def ok(
    when: str,
    where: str,
    domains: str,
    att: str | None = None,
    aud=(),
    access=(),
    ver: str | None = None,
    status: str = "active",
) -> dict:
    att = att or ("online" if where == "none" else "in_person")
    return {
        "held": None,
        "sessions": sessions(when),
        "appointment": when == "appointment",
        "location": location(where),
        "attendance": att,
        "domains": sorted(domains.split(",")),
        "audience": sorted(aud),
        "access": sorted(access),
        "verified": ver,
        "duplicate_of": None,
        "status": status,
    }


def held(why: str, duplicate_of: str | None = None) -> dict:
    """A row a careful navigator could not publish as it stands: it must not be public."""
    return {"held": why, "duplicate_of": duplicate_of}


def dup(of_row: str) -> dict:
    return held("duplicate", duplicate_of=of_row)
