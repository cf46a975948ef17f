"""What an ingest run did: counts, geocoding by precision, and every rejected or flagged
row with its original values and the reason, for the terminal, JSON and the run record."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

from .records import Listing, RawRow


def _plain(values: dict) -> dict:
    """The original values as JSON can store them (dates and the like become text)."""
    return json.loads(json.dumps(values, default=str))


@dataclass
class Issue:
    row_number: int
    severity: str  # rejected | flagged
    reason: str
    original: dict
    asset_id: int | None = None

    def as_row(self) -> dict:
        return {
            "row_number": self.row_number,
            "severity": self.severity,
            "reason": self.reason,
            "original": self.original,
            "asset_id": self.asset_id,
        }


@dataclass
class IngestReport:
    source: str
    path: str
    format: str
    dry_run: bool = False
    run_id: int | None = None
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates_merged: int = 0
    rejected: int = 0
    deactivated: int = 0
    geocoded: Counter = field(default_factory=Counter)
    issues: list[Issue] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    finished_at: dt.datetime | None = None

    @property
    def needs_review(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "flagged")

    def reject(self, row: RawRow, reason: str) -> None:
        self.rejected += 1
        self.issues.append(Issue(row.row_number, "rejected", reason, _plain(row.original)))

    def flag_if(self, listing: Listing, reason: str | None, asset_id: int | None) -> None:
        if reason:
            self.issues.append(
                Issue(listing.row_number, "flagged", reason, _plain(listing.original), asset_id)
            )

    def skip(self, row_number: int, reason: str) -> None:
        self.skipped.append({"row_number": row_number, "reason": reason})

    def balanced(self) -> bool:
        return self.read == (
            self.inserted + self.updated + self.unchanged + self.duplicates_merged + self.rejected
        )

    def counts(self) -> dict:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates_merged": self.duplicates_merged,
            "rejected": self.rejected,
            "needs_review": self.needs_review,
            "deactivated": self.deactivated,
            "skipped_lines": len(self.skipped),
            "geocoded": dict(sorted(self.geocoded.items())),
        }

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "path": self.path,
            "format": self.format,
            "dry_run": self.dry_run,
            "run_id": self.run_id,
            **self.counts(),
            "issues": [issue.as_row() for issue in self.issues],
            "skipped": self.skipped,
        }

    def summary(self) -> str:
        title = "Dry run (nothing saved)" if self.dry_run else f"Ingest run {self.run_id}"
        lines = [f"{title}: {self.path} as {self.format}, source '{self.source}'"]
        for name, value in self.counts().items():
            if name != "geocoded":
                lines.append(f"  {name:18s} {value:>8,}")
        for precision, value in sorted(self.geocoded.items()):
            lines.append(f"  geocoded {precision:9s} {value:>8,}")
        for issue in self.issues[:20]:
            lines.append(f"  row {issue.row_number}: {issue.severity}: {issue.reason}")
        if len(self.issues) > 20:
            lines.append(f"  … and {len(self.issues) - 20} more in the JSON report")
        return "\n".join(lines)
