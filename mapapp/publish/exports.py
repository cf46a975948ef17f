"""Every active listing in one file: Meeting Guide JSON, Open Referral UK JSON, GeoJSON, CSV
or GeoPackage. The command line (`mapapp export`) and the workspace downloads call
``export`` with a ``Site``: how to make a listing page's address, the area's name and the
moment. Neither needs a request: the command builds addresses from --base-url itself.

What each file holds is what the public pages show (present.asset_properties and the
feed builders): private contact details (contact_* when contact_private) never appear.

- meeting-guide: the /feeds/meeting-guide.json feed (meetings only; publish.meeting_guide).
- oruk: Open Referral UK, from publish.oruk when it is installed (see ``_oruk_document``).
- geojson: a FeatureCollection in EPSG:4326 (RFC 7946); a listing with no point (online
  only) has a null geometry.
- csv: the table `mapapp ingest` reads back (publish.csv_table).
- gpkg: one point layer, ``listings``, in British National Grid (EPSG:27700, metres) as
  GIS work in England expects; lists are joined with '; '.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import MapappError
from ..listings.loading import whole_listing_options
from ..listings.present import public_listing
from ..listings.rules import venue_lonlat
from ..models import Asset
from .csv_table import csv_table
from .gpkg import geopackage_bytes
from .meeting_guide import meeting_guide_feed


class ExportUnavailable(MapappError):
    status_code = 501


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    suffix: str
    media_type: str
    binary: bool = False


FORMATS = {
    f.name: f
    for f in (
        ExportFormat(
            "meeting-guide", "Meeting Guide JSON (meetings only)", "json", "application/json"
        ),
        ExportFormat("oruk", "Open Referral UK JSON", "json", "application/json"),
        ExportFormat("geojson", "GeoJSON (EPSG:4326)", "geojson", "application/geo+json"),
        ExportFormat("csv", "CSV (reads back with mapapp ingest)", "csv", "text/csv"),
        ExportFormat(
            "gpkg", "GeoPackage (EPSG:27700)", "gpkg", "application/geopackage+sqlite3", binary=True
        ),
    )
}


@dataclass(frozen=True)
class Site:
    """What a file needs from the site that publishes it, as plain values."""

    page_url: Callable[[int], str]  # a listing's id -> the absolute address of its page
    area_name: str
    now: dt.datetime


def filename(fmt: str) -> str:
    return f"listings-{fmt}.{FORMATS[fmt].suffix}"


def export(session: Session, fmt: str, site: Site) -> bytes:
    """The file's bytes."""
    if fmt not in FORMATS:
        raise MapappError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")
    if fmt == "meeting-guide":
        return _json(meeting_guide_feed(session, site.page_url, site.area_name, site.now))
    if fmt == "oruk":
        return _json(_oruk_document(session, site))
    assets = active_listings(session)
    if fmt == "csv":
        return csv_table(assets).encode("utf-8")
    if fmt == "geojson":
        return _json(feature_collection(assets, site.page_url))
    return geopackage(assets, site.page_url)


def _oruk_document(session: Session, site: Site) -> dict:
    """The seam to the Open Referral UK publisher, imported only when asked for."""
    try:
        from .oruk import oruk_document
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.oruk":
            raise
        raise ExportUnavailable(
            "The Open Referral UK export is not available in this "
            "version of mapapp yet: choose another format (csv, geojson, "
            "gpkg or meeting-guide)."
        ) from None
    return oruk_document(session, site.page_url, site.area_name)


def active_listings(session: Session) -> list[Asset]:
    return list(
        session.scalars(
            select(Asset)
            .where(Asset.status == "active")
            .order_by(Asset.id)
            .options(*whole_listing_options())
        )
    )


def _json(body) -> bytes:
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def public_fields(asset: Asset, page_url: Callable[[int], str]) -> dict:
    """What a page shows of the listing (not what depends on the moment), its page's
    address, and the description, notes and district a commissioner needs."""
    venue = asset.venue
    return {
        **public_listing(asset),
        "url": page_url(asset.id),
        "slug": asset.slug,
        "description": asset.description,
        "notes": asset.notes,
        "district": venue.district_code if venue else None,
        "updated": asset.updated_at.isoformat(),
    }


def feature_collection(assets: list[Asset], page_url: Callable[[int], str]) -> dict:
    features = []
    for asset in assets:
        lonlat = venue_lonlat(asset.venue)
        geometry = (
            None
            if lonlat is None
            else {"type": "Point", "coordinates": [round(lonlat[0], 6), round(lonlat[1], 6)]}
        )
        features.append(
            {
                "type": "Feature",
                "id": asset.id,
                "geometry": geometry,
                "properties": public_fields(asset, page_url),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geopackage(assets: list[Asset], page_url: Callable[[int], str]) -> bytes:
    return geopackage_bytes(feature_collection(assets, page_url))
