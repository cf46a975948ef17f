"""Geocode offline first, from the reference data in the database.

1. coordinates given by the input (a feed's latitude/longitude): ``exact``, or
   ``approximate`` when the feed says so;
2. a known postcode -> its Code-Point centroid: ``postcode``;
3. a town, village or suburb name -> the OS Open Names point: ``place`` (ranked by
   places.best_place, as in the finder: a place in the area first);
4. the best place name found in the address text: ``place``;
5. optionally an online geocoder (off by default, off in tests), cached in geocode_cache.
Online-only listings get no point. A point further than AREA_MARGIN_M outside the area is
flagged. Every result records its precision and source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import shapely
from geoalchemy2.shape import to_shape
from shapely.strtree import STRtree
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..geo import to_bng
from ..models import District, Place, Postcode
from ..places import Found, best_place, closest_names
from ..text import normalise_place_name, postcode_key
from .postcode_repair import PostcodeNotUnderstood, read_postcode
from .records import Listing

MAX_PLACE_WORDS = 4
# A town's postcodes reach a few kilometres from its point; a repair further away than
# this from the town the row names is not trusted.
TOWN_RADIUS_M = 6000


# A point outside the area is understood, not doubted: the mission is not to be hindered by
# boundaries, so such a row is published and flagged for a navigator to look at, never held.
OUTSIDE_AREA = "located outside the area: check the address"


@dataclass(frozen=True)
class Geocode:
    lon: float | None
    lat: float | None
    x: float | None
    y: float | None
    precision: str
    source: str
    district_code: str | None = None
    flag: str | None = None  # what was not understood about the location (holds the row)
    outside_area: bool = False
    corrected_postcode: str | None = None  # the postcode as repaired, when it was typed wrong
    corrected_town: str | None = None  # the place a misspelt town was read as


NOWHERE = Geocode(None, None, None, None, "none", "none")


class Geocoder:
    def __init__(
        self,
        postcodes: dict,
        places: dict,
        districts,
        area_with_margin,
        online=None,
        area_codes: frozenset = frozenset(),
    ):
        self.area_codes = area_codes  # a point in one of these districts is inside the area
        self.postcodes = postcodes
        self.places = places
        self.districts = districts  # (codes, STRtree over BNG polygons)
        self.area = area_with_margin
        self.online = online

    @classmethod
    def load(cls, session: Session, settings, online=None) -> Geocoder:
        # Rows unpacked as tuples: 37,000 postcodes and 36,000 places a load, and reading
        # each field by name took most of the load's time.
        postcodes = {
            row[0]: tuple(row[1:])
            for row in session.execute(
                select(
                    Postcode.key,
                    Postcode.lon,
                    Postcode.lat,
                    Postcode.easting,
                    Postcode.northing,
                    Postcode.district_code,
                )
            )
        }
        places: dict[str, list[Found]] = {}
        for id_, name, key, alt_key, lon, lat, easting, northing, kind, district in session.execute(
            select(
                Place.id,
                Place.name,
                Place.name_key,
                Place.alt_name_key,
                Place.lon,
                Place.lat,
                Place.easting,
                Place.northing,
                Place.local_type,
                Place.district_code,
            )
        ):
            entry = Found(name, "place", lon, lat, easting, northing, district, kind, id_)
            if key is not None:
                places.setdefault(key, []).append(entry)
            if alt_key is not None and alt_key != key:
                places.setdefault(alt_key, []).append(entry)
        codes, shapes, area_shapes, area_codes = [], [], [], set()
        for district in session.scalars(select(District).where(District.geom.is_not(None))):
            shape = shapely.transform(
                to_shape(district.geom), lambda xy: np.column_stack(to_bng(xy[:, 0], xy[:, 1]))
            )
            codes.append(district.code)
            shapes.append(shape)
            if district.in_area:
                area_shapes.append(shape)
                area_codes.add(district.code)
        area = (
            shapely.union_all(area_shapes).buffer(settings["AREA_MARGIN_M"])
            if area_shapes
            else None
        )
        if area is not None:
            shapely.prepare(area)
        return cls(
            postcodes,
            places,
            (codes, STRtree(shapes) if shapes else None),
            area,
            online,
            frozenset(area_codes),
        )

    def geocode(self, listing: Listing) -> Geocode:
        result = self._locate(listing)
        if result.x is None:
            if not listing.online and listing.has_location:
                return _with_flag(result, "could not be located: check the postcode or town")
            return result
        district = result.district_code or self._district_at(result.x, result.y)
        if (
            self.area is None
            or district in self.area_codes
            or shapely.contains_xy(self.area, result.x, result.y)
        ):
            return (
                result
                if district == result.district_code
                else replace(result, district_code=district)
            )
        # Outside the area is a note for the queue, not a doubt about the reading: boundaries
        # must not hide a listing, so it does not hold the row (parallel.prepare adds the note).
        return replace(result, district_code=district, outside_area=True)

    def _locate(self, listing: Listing) -> Geocode:
        if listing.lat is not None and listing.lon is not None:
            x, y = to_bng(listing.lon, listing.lat)
            return Geocode(
                listing.lon,
                listing.lat,
                float(x),
                float(y),
                "approximate" if listing.approximate else "exact",
                "input",
            )
        missing_postcode = None
        if listing.postcode:
            try:
                reading = read_postcode(
                    listing.postcode, self.postcodes, self._near_town(listing.town)
                )
            except PostcodeNotUnderstood as exc:
                missing_postcode = f"postcode not understood: {exc}"
            else:
                found = self.postcodes[postcode_key(reading.postcode)]
                return Geocode(
                    found[0],
                    found[1],
                    found[2],
                    found[3],
                    "postcode",
                    "codepoint",
                    found[4],
                    corrected_postcode=reading.postcode if reading.corrected else None,
                )
        result = (
            self._place(listing.town, "town")
            or self._address(listing.address)
            or self._online(listing)
            or NOWHERE
        )
        return _with_flag(result, missing_postcode) if missing_postcode else result

    def _near_town(self, town: str | None):
        """A repaired postcode must lie within TOWN_RADIUS_M of the town the row names
        (any place of that name); with no known town there is nothing to disagree with."""
        points = self.places.get(normalise_place_name(town)) if town else None
        if not points:
            return None

        def near(key: str) -> bool:
            x, y = self.postcodes[key][2], self.postcodes[key][3]
            return any(
                (x - p.easting) ** 2 + (y - p.northing) ** 2 <= TOWN_RADIUS_M**2 for p in points
            )

        return near

    def _place(self, name: str | None, how: str) -> Geocode | None:
        if not name:
            return None
        key = normalise_place_name(name)
        candidates = self.places.get(key)
        misspelt = not candidates and how == "town"
        if misspelt:
            # A misspelt town ("Belpr") is read as the town in the area it is nearest to, by
            # the finder's own rule (places.closest_names); the report says what it was read as.
            keys = closest_names(key, self._area_place_keys)
            candidates = [found for near in keys for found in self.places[near]]
        if not candidates:
            return None
        best = best_place(candidates, self.area_codes)
        return Geocode(
            best.lon,
            best.lat,
            best.easting,
            best.northing,
            "place",
            f"place:{how}",
            best.district_code,
            corrected_town=best.name if misspelt else None,
        )

    @cached_property
    def _area_place_keys(self) -> dict[str, str]:
        """Place-name keys with a place in the area: the only ones a misspelling may reach."""
        return {
            key: key
            for key, founds in self.places.items()
            if any(found.district_code in self.area_codes for found in founds)
        }

    def _address(self, address: str | None) -> Geocode | None:
        """The most specific place named in the address: later words are usually the town."""
        if not address:
            return None
        words = normalise_place_name(address).split()
        for size in range(MAX_PLACE_WORDS, 0, -1):
            for start in range(len(words) - size, -1, -1):
                key = " ".join(words[start : start + size])
                if key in self.places and not re.fullmatch(r"\d+|[a-z]", key):
                    return self._place(key, "address")
        return None

    def _online(self, listing: Listing) -> Geocode | None:
        if self.online is None or not (listing.address or listing.postcode):
            return None
        return self.online.geocode(
            ", ".join(
                p
                for p in (listing.venue_name, listing.address, listing.town, listing.postcode)
                if p
            )
        )

    def _district_at(self, x: float, y: float) -> str | None:
        codes, tree = self.districts
        if tree is None:
            return None
        hits = tree.query(shapely.Point(x, y), predicate="within")
        return codes[int(hits[0])] if len(hits) else None


def _with_flag(result: Geocode, flag: str | None) -> Geocode:
    if not flag:
        return result
    return replace(result, flag=f"{result.flag}; {flag}" if result.flag else flag)
