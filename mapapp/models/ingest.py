"""Ingest runs with their per-row issues, and the geocode cache."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..vocab import PRECISIONS
from .base import Base, UTCDateTime, str_enum, utcnow


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(120))
    path: Mapped[str | None] = mapped_column(String(500))
    format: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(
        str_enum("running", "completed", "failed", "dry_run", name="run_status"), default="running"
    )
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    started_by: Mapped[str | None] = mapped_column(String(200))
    # read, inserted, updated, unchanged, duplicates_merged, rejected, needs_review, geocoded
    counts: Mapped[dict] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)

    issues: Mapped[list[IngestIssue]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="IngestIssue.row_number"
    )


class IngestIssue(Base):
    """A rejected or flagged row, kept with its original values so nothing is lost."""

    __tablename__ = "ingest_issues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True
    )
    row_number: Mapped[int | None] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(str_enum("rejected", "flagged", name="severity"))
    reason: Mapped[str] = mapped_column(Text)
    original: Mapped[dict] = mapped_column(default=dict)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"))

    run: Mapped[IngestRun] = relationship(back_populates="issues")


class GeocodeCache(Base):
    """Answers from an online geocoder, kept so each address is asked about once."""

    __tablename__ = "geocode_cache"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(40))
    query: Mapped[str] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(str_enum(*PRECISIONS, name="precision"))
    response: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("provider", "query", name="uq_geocode_cache_query"),)


class DuplicateCandidate(Base):
    """Two listings that look like the same thing, queued for a navigator to merge or not."""

    __tablename__ = "duplicate_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    other_asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(
        str_enum("open", "merged", "dismissed", name="candidate_status"), default="open", index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
