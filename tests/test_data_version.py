"""data_version.py: the counter, and what is kept per connection pool under it."""

from __future__ import annotations

import threading

from sqlalchemy import update

from mapapp import data_version
from mapapp.models import Postcode


def test_the_version_moves_with_a_write_to_a_watched_table(reference_db, engine_for):
    engine = engine_for(reference_db)
    with engine.connect() as conn:
        before = data_version.current(conn)
    with engine.begin() as conn:
        conn.execute(update(Postcode).where(Postcode.key == "ZZ999ZZ").values(lat=0))
        assert data_version.wrote(conn)
    with engine.connect() as conn:
        assert data_version.current(conn) == before + 1
        assert not data_version.wrote(conn)


def test_one_kept_object_per_pool_and_none_for_a_transaction_that_wrote(reference_db, engine_for):
    kept = data_version.PerPool(dict)
    engine, other = engine_for(reference_db), engine_for(reference_db)
    with engine.connect() as a, engine.connect() as b, other.connect() as c:
        assert kept.get(a) is kept.get(b)  # one pool: one object
        assert kept.get(c) is not kept.get(a)  # another engine: its own
    with engine.begin() as conn:
        conn.execute(update(Postcode).where(Postcode.key == "ZZ999ZZ").values(lat=0))
        assert kept.get(conn) is None  # may yet be rolled back: nothing kept from it


def test_latest_gives_its_value_only_at_its_version():
    latest = data_version.Latest()
    assert latest.get(3) is None
    latest.put(3, "three")
    assert latest.get(3) == "three" and latest.get(4) is None and latest.get(None) is None
    latest.put(None, "unknown")  # a version not known is never kept
    assert latest.get(3) == "three"
    pairs = []

    def read():
        for _ in range(2_000):
            pairs.append((4, latest.get(4)))

    reader = threading.Thread(target=read)
    reader.start()
    for n in range(2_000):
        latest.put(4 if n % 2 else 5, "four" if n % 2 else "five")
    reader.join()
    assert {value for _v, value in pairs} <= {None, "four"}  # never version 4 with "five"
