"""Insert new listings in bulk: ids chosen up front, one executemany per table.

A per-object ORM flush costs a round trip per row and cannot reach thousands of rows a
second; choosing ids in Python (under a write lock, see dialect.lock_for_writing) lets
every table be written with a few large statements, in the run's one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import dialect
from ..geo import BNG, WGS84
from ..listings import history
from ..listings.rules import slugify
from ..models import (
    Asset,
    AssetChange,
    AssetDomain,
    AssetSource,
    AssetTag,
    DuplicateCandidate,
    Organisation,
    Schedule,
    Venue,
)
from ..progress import QUIET
from .changes import attendance_of
from .geocode import Geocode
from .records import Listing

CHUNK = 5000
# Venue points are built by the database from numbers in each row (see dialect.bulk_insert).
VENUE_POINTS = {"geom": ("lon", "lat", WGS84), "geom_bng": ("x", "y", BNG)}
ORDER = (
    Organisation,
    Venue,
    Asset,
    AssetDomain,
    AssetTag,
    Schedule,
    AssetSource,
    AssetChange,
    DuplicateCandidate,
)
WITH_IDS = (Organisation, Venue, Asset, Schedule, AssetSource, AssetChange, DuplicateCandidate)
WRITE_TABLES = [m.__tablename__ for m in ORDER]


@dataclass(frozen=True)
class NewListing:
    listing: Listing
    geo: Geocode
    record_hash: str
    review_reason: str | None


def _verified_at(day: dt.date | None) -> dt.datetime | None:
    """A last-checked day from a sheet, as midday UTC: the same day in London all year."""
    return dt.datetime.combine(day, dt.time(12), dt.UTC) if day else None


class BulkInserter:
    def __init__(
        self, session: Session, run_id: int, source: str, now: dt.datetime, actor: str | None
    ):
        conn = session.connection()
        self.session, self.run_id, self.source, self.now, self.actor = (
            session,
            run_id,
            source,
            now,
            actor,
        )
        self.next = {m: dialect.next_id(conn, m.__tablename__) for m in WITH_IDS}
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.written: dict[type, int] = defaultdict(int)
        self.organisations: dict[str, int] = {}  # name -> id, found or added in this run

    def _id(self, model) -> int:
        value = self.next[model]
        self.next[model] += 1
        return value

    def add(self, item: NewListing) -> int:
        listing, geo = item.listing, item.geo
        venue_id = self._venue(listing, geo)
        asset_id = self._id(Asset)
        self.rows[Asset].append(
            {
                "id": asset_id,
                "slug": f"{slugify(listing.name, 50)}-{asset_id}",
                "name": listing.name,
                "kind": listing.kind,
                "description": listing.description,
                "notes": listing.notes,
                "fellowship": listing.fellowship,
                "types": sorted(listing.types),
                "organisation_id": self._organisation(listing.organisation),
                "venue_id": venue_id,
                "conference_url": listing.conference_url,
                "conference_url_notes": listing.conference_url_notes,
                "conference_phone": listing.conference_phone,
                "conference_phone_notes": listing.conference_phone_notes,
                "attendance": attendance_of(listing, geo),
                "website": listing.website,
                "email": listing.email,
                "phone": listing.phone,
                "contact_name": listing.contact_name,
                "contact_email": listing.contact_email,
                "contact_phone": listing.contact_phone,
                "contact_private": listing.contact_private,
                "status": listing.status,
                "needs_review": item.review_reason is not None,
                "review_reason": item.review_reason,
                "last_verified_at": _verified_at(listing.verified),
                "last_verified_by": f"import: {self.source}" if listing.verified else None,
                "is_demo": False,
                "created_at": self.now,
                "updated_at": self.now,
            }
        )
        self._children(asset_id, item)
        if len(self.rows[Asset]) >= CHUNK:
            # Written as the run goes, not all at the end: the main process writes while
            # the worker processes prepare the next rows (see parallel.py).
            self.write()
        return asset_id

    def _organisation(self, name: str | None) -> int | None:
        """The organisation of that name: an existing one, else one added (name only; a
        navigator adds its details)."""
        if not name:
            return None
        if name not in self.organisations:
            found = self.session.scalar(
                select(Organisation.id)
                .where(Organisation.name == name)
                .order_by(Organisation.id)
                .limit(1)
            )
            if found is None:
                found = self._id(Organisation)
                self.rows[Organisation].append(
                    {
                        "id": found,
                        "name": name,
                        "lero": False,
                        "is_demo": False,
                        "created_at": self.now,
                    }
                )
            self.organisations[name] = found
        return self.organisations[name]

    def _venue(self, listing: Listing, geo: Geocode) -> int | None:
        if geo.x is None and not listing.has_location:
            return None  # online only: no venue, so no pin
        venue_id = self._id(Venue)
        self.rows[Venue].append(
            {
                "id": venue_id,
                "name": listing.venue_name,
                "address": listing.address,
                "town": listing.town,
                "postcode": listing.postcode,
                "location_notes": listing.location_notes,
                "lon": geo.lon,
                "lat": geo.lat,
                "x": geo.x,
                "y": geo.y,
                "precision": geo.precision,
                "geocode_source": geo.source,
                "district_code": geo.district_code,
                "outside_area": geo.outside_area,
                "is_demo": False,
            }
        )
        return venue_id

    def _children(self, asset_id: int, item: NewListing) -> None:
        listing = item.listing
        self.rows[AssetDomain] += [{"asset_id": asset_id, "domain": d} for d in listing.domains]
        self.rows[AssetTag] += [
            {"asset_id": asset_id, "category": c, "tag": t} for c, t in listing.tags
        ]
        self.rows[Schedule] += [
            {
                "id": self._id(Schedule),
                "asset_id": asset_id,
                "frequency": s.frequency,
                "weekday": s.weekday,
                "nth": s.nth,
                "anchor_date": s.anchor_date,
                "start_time": s.start_time,
                "end_time": s.end_time,
                "timezone": "Europe/London",
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "notes": None,
            }
            for s in listing.schedules
        ]
        self.rows[AssetSource].append(
            {
                "id": self._id(AssetSource),
                "asset_id": asset_id,
                "source": self.source,
                "source_id": listing.source_id,
                "first_seen_at": self.now,
                "last_seen_at": self.now,
                "last_run_id": self.run_id,
                "record_hash": item.record_hash,
            }
        )
        self.rows[AssetChange].append(
            self.change_row(
                asset_id, "created", None, f"from {self.source}, row {listing.row_number}"
            )
        )

    def change_row(self, asset_id: int, field: str, old, new) -> dict:
        values = history.change_values(
            field, old, new, by=self.actor, via="ingest", when=self.now, run_id=self.run_id
        )
        return {"id": self._id(AssetChange), "asset_id": asset_id, **values}

    def duplicate(self, asset_id: int, other_asset_id: int, score: float) -> None:
        self.rows[DuplicateCandidate].append(
            {
                "id": self._id(DuplicateCandidate),
                "asset_id": asset_id,
                "other_asset_id": other_asset_id,
                "score": score,
                "status": "open",
                "run_id": self.run_id,
                "created_at": self.now,
            }
        )

    def write(self) -> None:
        conn = self.session.connection()
        for model in ORDER:
            rows = self.rows.pop(model, [])
            points = VENUE_POINTS if model is Venue else None
            for start in range(0, len(rows), CHUNK):
                dialect.bulk_insert(conn, model.__table__, rows[start : start + CHUNK], points)
            self.written[model] += len(rows)

    def finish(self, progress=QUIET) -> None:
        self.write()
        for model in ORDER:
            if self.written[model]:
                progress.step(f"  {model.__tablename__}: {self.written[model]:,} new rows")
        conn = self.session.connection()
        for model in WITH_IDS:
            dialect.sync_id_sequence(conn, model.__tablename__)
