"""Listings: organisations, venues, assets and what hangs off an asset.

An asset is one listing (a meeting, a service, an activity or an opportunity). It has
domains, audience and accessibility tags, schedules, sources (provenance) and a change
history. Assets are never deleted: status moves between active, inactive and archived.
"""

from __future__ import annotations

import datetime as dt

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..vocab import ATTENDANCE, CODES, KINDS, PRECISIONS, STATUSES
from .base import Base, UTCDateTime, str_enum, utcnow


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    lero: Mapped[bool] = mapped_column(Boolean, default=False)  # lived-experience-led
    charity_number: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    # The evidence behind the LERO flag, shown on the organisation's public page.
    quality_standards: Mapped[str | None] = mapped_column(Text)
    last_peer_audit: Mapped[dt.date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(200))

    assets: Mapped[list[Asset]] = relationship(back_populates="organisation")


class Venue(Base):
    """Where an asset happens, with its point in WGS84 and British National Grid.

    ``geom`` (EPSG:4326) is for display and interchange; ``geom_bng`` (EPSG:27700, metres,
    spatially indexed) is what every distance, radius and coverage query uses.
    """

    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    location_notes: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(Geometry("POINT", srid=4326, spatial_index=False), nullable=True)
    geom_bng = mapped_column(Geometry("POINT", srid=27700, spatial_index=True), nullable=True)
    precision: Mapped[str] = mapped_column(str_enum(*PRECISIONS, name="precision"), default="none")
    geocode_source: Mapped[str | None] = mapped_column(String(40))
    district_code: Mapped[str | None] = mapped_column(String(9), index=True)
    outside_area: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    assets: Mapped[list[Asset]] = relationship(back_populates="venue")


# Online-only listings follow the located ones in a finder's results, by name: this index
# hands them over in that order (a search near a rural postcode sorted every online listing
# in the country for each page: 20 ms at 7,000 of them).
_ONLINE = text("attendance = 'online'")


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (
        Index(
            "ix_assets_online_by_name",
            "status",
            "name",
            "id",
            postgresql_where=_ONLINE,
            sqlite_where=_ONLINE,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(str_enum(*KINDS, name="kind"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    fellowship: Mapped[str | None] = mapped_column(String(60), index=True)
    # Meeting Guide type codes as given by the source (e.g. ["O", "D", "W"]).
    types: Mapped[list] = mapped_column(default=list)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"), index=True)
    # Online access
    conference_url: Mapped[str | None] = mapped_column(String(500))
    conference_url_notes: Mapped[str | None] = mapped_column(Text)
    conference_phone: Mapped[str | None] = mapped_column(String(60))
    conference_phone_notes: Mapped[str | None] = mapped_column(Text)
    # Derived from venue and conference details on every save (see listing.refresh_attendance).
    attendance: Mapped[str] = mapped_column(
        str_enum(*ATTENDANCE, name="attendance"), default="in_person", index=True
    )
    # Public contact details
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    # A named contact: first name only (mutual-aid anonymity); never published when private.
    contact_name: Mapped[str | None] = mapped_column(String(60))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_private: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(
        str_enum(*STATUSES, name="status"), default="active", index=True
    )
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    review_reason: Mapped[str | None] = mapped_column(Text)
    last_verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_verified_by: Mapped[str | None] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="assets")
    venue: Mapped[Venue | None] = relationship(back_populates="assets")
    domains: Mapped[list[AssetDomain]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="AssetDomain.domain"
    )
    tags: Mapped[list[AssetTag]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="AssetTag.tag"
    )
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="Schedule.id"
    )
    sources: Mapped[list[AssetSource]] = relationship(
        back_populates="asset", cascade="all, delete-orphan"
    )
    changes: Mapped[list[AssetChange]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="AssetChange.id"
    )

    @property
    def domain_codes(self) -> list[str]:
        return [d.domain for d in self.domains]

    def tag_values(self, category: str) -> list[str]:
        return [t.tag for t in self.tags if t.category == category]


class AssetDomain(Base):
    __tablename__ = "asset_domains"

    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[str] = mapped_column(
        str_enum(*CODES, name="domain"), primary_key=True, index=True
    )
    asset: Mapped[Asset] = relationship(back_populates="domains")


class AssetTag(Base):
    """An audience tag (women, lgbtq, a language code…) or an accessibility tag."""

    __tablename__ = "asset_tags"

    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(
        str_enum("audience", "accessibility", name="tag_category"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    asset: Mapped[Asset] = relationship(back_populates="tags")

    __table_args__ = (Index("ix_asset_tags_category_tag", "category", "tag"),)


class Schedule(Base):
    """One recurring session in Europe/London local time.

    weekday: 0 = Monday … 6 = Sunday (Python's convention; feeds convert at the edge).
    weekly: every week; fortnightly: every 2 weeks counting from ``anchor_date`` (a date on
    the right weekday); monthly: the ``nth`` weekday of each month, 1–5 or -1 for the last.
    """

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[str] = mapped_column(
        str_enum("weekly", "fortnightly", "monthly", name="frequency"), default="weekly"
    )
    weekday: Mapped[int] = mapped_column(Integer, index=True)
    nth: Mapped[int | None] = mapped_column(Integer)
    anchor_date: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/London")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(String(300))

    asset: Mapped[Asset] = relationship(back_populates="schedules")


class AssetSource(Base):
    """Provenance: which source provided an asset, under which id, and when."""

    __tablename__ = "asset_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(120))
    source_id: Mapped[str] = mapped_column(String(200))
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    # Hash of the normalised record: an unchanged re-import is detected without a diff.
    record_hash: Mapped[str | None] = mapped_column(String(64))

    asset: Mapped[Asset] = relationship(back_populates="sources")

    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_asset_sources_key"),)


class AssetChange(Base):
    """One field of one asset changed: who, when, how, old -> new."""

    __tablename__ = "asset_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[str | None] = mapped_column(String(200))
    via: Mapped[str] = mapped_column(
        str_enum("editor", "ingest", "feedback", "system", "revert", name="change_via")
    )
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))

    asset: Mapped[Asset] = relationship(back_populates="changes")
