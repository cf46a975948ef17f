"""The optional online geocoder: cached, throttled, off unless configured."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from mapapp.db import session_scope
from mapapp.errors import ConfigurationError
from mapapp.ingest.online import CachedGeocoder, make_online_geocoder
from mapapp.models import GeocodeCache


class StandIn:
    """Answers like geopy's Nominatim, and counts the calls it gets."""

    def __init__(self):
        self.calls = []

    def geocode(self, query, country_codes=None):
        self.calls.append(query)
        if "nowhere" in query:
            return None
        return SimpleNamespace(latitude=53.2357, longitude=-1.4246, raw={"addresstype": "building"})


def test_off_by_default(schema_db, engine_for):
    with session_scope(engine_for(schema_db)) as session:
        assert make_online_geocoder(session, {"GEOCODER": ""}) is None
        with pytest.raises(ConfigurationError, match="not supported"):
            make_online_geocoder(session, {"GEOCODER": "google"})


def test_answers_are_cached_and_requests_throttled(schema_db, engine_for):
    service, clock, sleeps = StandIn(), [100.0], []
    with session_scope(engine_for(schema_db)) as session:
        geocoder = CachedGeocoder(
            session, "stand-in", service, 1.0, clock=lambda: clock[0], sleep=sleeps.append
        )
        first = geocoder.geocode("1 Church Way, Chesterfield")
        again = geocoder.geocode("1  church way, CHESTERFIELD")
        clock[0] += 0.25
        missing = geocoder.geocode("nowhere at all")
        cached = session.scalar(select(func.count()).select_from(GeocodeCache))
    assert service.calls == ["1 Church Way, Chesterfield", "nowhere at all"]
    assert (first.precision, first.source) == ("exact", "online:stand-in")
    assert (again.lat, again.lon) == (first.lat, first.lon) and missing is None
    assert sleeps == [pytest.approx(0.75)]  # one second between requests to the service
    assert cached == 2  # the miss is cached too, so it is not asked again
