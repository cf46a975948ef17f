"""Every public listing's point and primary domain, read once per data version, for map
tiles (maps/tiles.py) and the home map's layer list.

Kept per connection pool (one per engine, so two apps or two test databases never share)
and rebuilt when the data version read beside the request differs: an edit through any
worker, an import or a restore shows on the next tile. Reading 100,000 listings takes a
fraction of a second, once per change, instead of once per page.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, selectinload

from .. import data_version
from .. import vocab as D
from ..maps.tiles import PointIndex, TileCache
from ..models import Asset, AssetDomain, Venue


def primary_of(codes) -> str:
    """A listing's first domain in the canonical order (its colour and layer on a map)."""
    present = set(codes)
    return next((c for c in D.CODES if c in present), "treatment")


def located_public(*columns):
    """Listings a public map shows: active, with a venue point."""
    return (
        select(*columns)
        .select_from(Asset)
        .join(Asset.venue)
        .where(Asset.status == "active", Venue.geom.is_not(None))
    )


def load_index(bind: Connection, version) -> PointIndex:
    rows = bind.execute(
        located_public(Asset.id, func.ST_X(Venue.geom), func.ST_Y(Venue.geom)).order_by(Asset.id)
    ).all()
    domains = defaultdict(list)
    for asset_id, code in bind.execute(
        located_public(AssetDomain.asset_id, AssetDomain.domain).join(
            AssetDomain, AssetDomain.asset_id == Asset.id
        )
    ):
        domains[asset_id].append(code)
    listed = bind.execute(
        select(AssetDomain.domain, func.count())
        .join(Asset)
        .where(Asset.status == "active")
        .group_by(AssetDomain.domain)
    ).all()
    return PointIndex(
        version,
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [primary_of(domains[r[0]]) for r in rows],
        dict(listed),
    )


class _Kept:
    def __init__(self):
        self.index = data_version.Latest()
        self.tiles = TileCache()


_INDEXES = data_version.PerPool(_Kept)


def current(bind: Connection) -> tuple[PointIndex, TileCache | None]:
    """The index for the data ``bind`` sees, and the tile cache that goes with it (None
    inside a transaction that has written to listings: nothing of it may be kept)."""
    version = data_version.current(bind)
    kept = _INDEXES.get(bind)
    if kept is None:
        return load_index(bind, None), None
    index = kept.index.get(version)
    if index is None:
        index = load_index(bind, version)
        kept.index.put(version, index)
    return index, kept.tiles


def tile_listings(session: Session, ids: list[int]) -> list:
    """(listing, lon, lat) of these public listings, with what a map popup shows."""
    if not ids:
        return []
    return session.execute(
        located_public(Asset, func.ST_X(Venue.geom), func.ST_Y(Venue.geom))
        .where(Asset.id.in_(ids))
        .options(
            selectinload(Asset.domains), selectinload(Asset.schedules), selectinload(Asset.venue)
        )
        .order_by(Asset.id)
    ).all()
