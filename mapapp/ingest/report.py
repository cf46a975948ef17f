"""What an ingest run did: counts, geocoding by precision, and every rejected or flagged
row with its original values and the reason, for the terminal, JSON and the run record."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

from .how_read import RowOutcome, row_key
from .records import Listing, RawRow

ROWS_IN_SUMMARY = 200  # beyond this the terminal shows counts; the JSON has every row


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
    rows: list[RowOutcome] = field(default_factory=list)  # how each row was read
    finished_at: dt.datetime | None = None

    @property
    def needs_review(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "flagged")

    def reject(self, row: RawRow, reason: str) -> None:
        self.rejected += 1
        self.issues.append(Issue(row.row_number, "rejected", reason, _plain(row.original)))
        self.rows.append(
            RowOutcome(
                row_key(row.row_number, row.original), row.row_number, "rejected", None, reason
            )
        )

    def row(
        self, listing: Listing, read: list, outcome: str, asset_id: int | None, reason: str | None
    ) -> None:
        self.rows.append(
            RowOutcome(
                row_key(listing.row_number, listing.original),
                listing.row_number,
                outcome,
                asset_id,
                reason,
                read,
            )
        )

    @property
    def held(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "held")

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
            "held": self.held,
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
            "rows": [row.as_dict() for row in self.rows],
        }

    def summary(self) -> str:
        title = "Dry run (nothing saved)" if self.dry_run else f"Ingest run {self.run_id}"
        lines = [f"{title}: {self.path} as {self.format}, source '{self.source}'"]
        for name, value in self.counts().items():
            if name != "geocoded":
                lines.append(f"  {name:18s} {value:>8,}")
        for precision, value in sorted(self.geocoded.items()):
            lines.append(f"  geocoded {precision:9s} {value:>8,}")
        if len(self.rows) <= ROWS_IN_SUMMARY:
            lines.append("How each row was read:")
            for row in self.rows:
                lines.extend("  " + line for line in row.lines())
            return "\n".join(lines)
        for issue in self.issues[:20]:
            lines.append(f"  row {issue.row_number}: {issue.severity}: {issue.reason}")
        if len(self.issues) > 20:
            lines.append(f"  … and {len(self.issues) - 20} more in the JSON report")
        lines.append(
            f"  how each of the {len(self.rows):,} rows was read: in the JSON report (--report)"
        )
        return "\n".join(lines)
