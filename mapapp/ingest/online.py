"""An optional online geocoder (geopy), off unless MAPAPP_GEOCODER names a provider.

Throttled to the provider's policy (Nominatim: at most one request a second, a real user
agent) and cached in the geocode_cache table, so each address is asked about once. Tests
never switch it on; they pass a stand-in service to exercise the cache and throttle.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ConfigurationError
from ..geo import to_bng
from ..models import GeocodeCache
from .geocode import Geocode


def make_online_geocoder(session: Session, settings):
    provider = (settings.get("GEOCODER") or "").strip().lower()
    if not provider:
        return None
    if provider != "nominatim":
        raise ConfigurationError(
            f"MAPAPP_GEOCODER '{provider}' is not supported: use "
            "'nominatim' or leave it empty (offline only)."
        )
    try:
        from geopy.geocoders import Nominatim
    except ImportError:
        raise ConfigurationError(
            "The online geocoder needs geopy: pip install "
            "'mapapp[geocode]', or unset MAPAPP_GEOCODER."
        ) from None
    service = Nominatim(user_agent=settings["GEOCODER_USER_AGENT"], timeout=10)
    return CachedGeocoder(session, "nominatim", service, settings["GEOCODER_MIN_DELAY_S"])


class CachedGeocoder:
    def __init__(
        self,
        session: Session,
        provider: str,
        service,
        min_delay_s: float,
        clock=time.monotonic,
        sleep=time.sleep,
    ):
        self.session, self.provider, self.service = session, provider, service
        self.min_delay_s, self.clock, self.sleep = min_delay_s, clock, sleep
        self._last_call: float | None = None

    def geocode(self, query: str) -> Geocode | None:
        key = " ".join(query.lower().split())
        cached = self.session.scalar(
            select(GeocodeCache).where(
                GeocodeCache.provider == self.provider, GeocodeCache.query == key
            )
        )
        if cached is None:
            cached = self._ask(key, query)
        if cached.lat is None:
            return None
        x, y = to_bng(cached.lon, cached.lat)
        return Geocode(
            cached.lon, cached.lat, float(x), float(y), cached.precision, f"online:{self.provider}"
        )

    def _ask(self, key: str, query: str) -> GeocodeCache:
        self._throttle()
        found = self.service.geocode(query, country_codes="gb")
        raw = getattr(found, "raw", {}) or {}
        entry = GeocodeCache(
            provider=self.provider,
            query=key,
            lat=found.latitude if found else None,
            lon=found.longitude if found else None,
            # A house or building hit is address-level; anything vaguer counts as a place.
            precision="exact"
            if raw.get("addresstype") in {"building", "house", "amenity"}
            or raw.get("class") in {"building", "amenity"}
            else ("place" if found else "none"),
            response=raw,
        )
        self.session.add(entry)
        self.session.flush()
        return entry

    def _throttle(self) -> None:
        now = self.clock()
        if self._last_call is not None and now - self._last_call < self.min_delay_s:
            self.sleep(self.min_delay_s - (now - self._last_call))
        self._last_call = self.clock()
