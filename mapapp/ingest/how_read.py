"""How each row was read, for the command line's report and the web import's dry run:
what became of it (published, held, merged, rejected ...), each field's value and the
column or phrase it came from, and for a held row what was not understood.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

OUTCOMES = ("published", "held", "updated", "unchanged", "merged", "rejected")


@dataclass
class RowOutcome:
    key: str  # what a navigator sees: '12', or 'Sheet!12' in a workbook
    row_number: int
    outcome: str  # one of OUTCOMES
    asset_id: int | None = None
    reason: str | None = None  # why it is held or rejected
    read: list[tuple[str, str, str]] = field(default_factory=list)  # (field, value, from)

    def as_dict(self) -> dict:
        return {
            "row": self.key,
            "outcome": self.outcome,
            "asset_id": self.asset_id,
            "reason": self.reason,
            "read": [{"field": f, "value": v, "from": s} for f, v, s in self.read],
        }

    def lines(self) -> list[str]:
        head = f"row {self.key}: {self.outcome}"
        if self.reason:
            head += f" — {self.reason}"
        return [head] + [f"    {f:12s} {v}" + (f"  ← {s}" if s else "") for f, v, s in self.read]


def row_key(row_number: int, original: dict) -> str:
    sheet = original.get("_sheet") if isinstance(original, dict) else None
    return f"{sheet}!{row_number}" if sheet else str(row_number)


def listing_reading(listing, geo, how: dict, describe: Callable) -> list[tuple[str, str, str]]:
    """(field, value, where from) for the fields a navigator checks, in reading order.
    ``describe`` words one schedule ('every 2nd Tuesday, 19:30–21:00')."""
    read = [("name", listing.name, how.get("name", ""))]
    schedule = "; ".join(describe(s) for s in listing.schedules) or "no fixed session"
    read.append(("when", schedule, how.get("schedule", "")))
    read.append(
        (
            "where",
            _where(listing, geo),
            how.get("postcode") or how.get("town") or how.get("venue") or geo.source,
        )
    )
    read.append(("attendance", _attendance(listing, geo), how.get("attendance", "")))
    for name, label in (("conference_url", "online link"), ("conference_phone", "dial-in")):
        if getattr(listing, name):
            read.append((label, getattr(listing, name), how.get(name, "")))
    read.append(("domains", ", ".join(listing.domains) or "none", "classification"))
    tags = ", ".join(tag for _, tag in listing.tags)
    if tags:
        read.append(("for / access", tags, how.get("tags", "")))
    verified = getattr(listing, "verified", None)
    read.append(
        ("last checked", verified.isoformat() if verified else "not given", how.get("verified", ""))
    )
    return read


def _where(listing, geo) -> str:
    if geo.x is None:
        return "no place (online)" if listing.online else "not located"
    place = listing.postcode or listing.town or listing.address or "given point"
    return f"{place} ({geo.precision})"


def _attendance(listing, geo) -> str:
    located = geo.x is not None
    if listing.online and located:
        return "hybrid"
    return "online" if listing.online else "in person"
