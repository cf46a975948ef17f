"""Reference data: districts, small areas (LSOAs), postcodes and places.

All of it is reloadable from the reference folder, so nothing else holds a foreign key to
postcodes or places; venues keep a plain district code.
"""

from __future__ import annotations

from geoalchemy2 import Geometry
from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    in_area: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    population: Mapped[int | None] = mapped_column(Integer)
    population_source: Mapped[str | None] = mapped_column(String(60))
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=True), nullable=True)

    small_areas: Mapped[list[SmallArea]] = relationship(back_populates="district")


class SmallArea(Base):
    """A Census 2021 LSOA: where residents are, with population and deprivation."""

    __tablename__ = "small_areas"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    population: Mapped[int] = mapped_column(Integer)
    age_0_15: Mapped[int | None] = mapped_column(Integer)
    age_16_24: Mapped[int | None] = mapped_column(Integer)
    age_25_34: Mapped[int | None] = mapped_column(Integer)
    age_35_49: Mapped[int | None] = mapped_column(Integer)
    age_50_64: Mapped[int | None] = mapped_column(Integer)
    age_65_plus: Mapped[int | None] = mapped_column(Integer)
    imd_score: Mapped[float | None] = mapped_column(Float)
    imd_decile: Mapped[int | None] = mapped_column(Integer, index=True)
    # How IMD 2019 (2011 LSOAs) was carried to this 2021 LSOA: unchanged/split/merged/complex.
    imd_method: Mapped[str | None] = mapped_column(String(10))
    centroid = mapped_column(Geometry("POINT", srid=4326, spatial_index=False))
    centroid_bng = mapped_column(Geometry("POINT", srid=27700, spatial_index=True))

    district: Mapped[District] = relationship(back_populates="small_areas")


class Postcode(Base):
    __tablename__ = "postcodes"

    # Upper case without spaces ("DE10FD"): the lookup key for any way a person types it.
    key: Mapped[str] = mapped_column(String(8), primary_key=True)
    postcode: Mapped[str] = mapped_column(String(8))
    outcode: Mapped[str] = mapped_column(String(4), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    easting: Mapped[float] = mapped_column(Float)
    northing: Mapped[float] = mapped_column(Float)
    district_code: Mapped[str | None] = mapped_column(String(9), index=True)
    positional_quality: Mapped[int | None] = mapped_column(Integer)


class Place(Base):
    """A populated place (OS Open Names): city, town, village, hamlet or suburb."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Lower case, punctuation folded to spaces ("chapel en le frith"): the lookup key.
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    alt_name_key: Mapped[str | None] = mapped_column(String(120), index=True)
    local_type: Mapped[str] = mapped_column(String(30))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    easting: Mapped[float] = mapped_column(Float)
    northing: Mapped[float] = mapped_column(Float)
    postcode_district: Mapped[str | None] = mapped_column(String(4))
    county: Mapped[str | None] = mapped_column(String(120))
    district_code: Mapped[str | None] = mapped_column(String(9), index=True)
