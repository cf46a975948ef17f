"""The one postcode and place resolver: the finder, the editor's look-up, the location fix and
the importer all turn typed text into a point here, so they agree.

A name can match several places (there are Miltons in Barnsley and in South Derbyshire): a
place in the area beats one elsewhere, then a town beats a hamlet (``vocab.PLACE_RANK``), then
the lower OS id, so the answer never depends on row order. A name that matches no place
exactly is matched loosely ("Belpr" -> Belper) against the places in the area only: a typo
should find the town next door, never a hamlet at the other end of the country.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from . import data_version
from .models import District, Place, Postcode
from .text import normalise_place_name, postcode_key
from .vocab import PLACE_RANK

_POSTCODE = re.compile(r"^([A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?) ?([0-9][ABD-HJLNP-UW-Z]{2})$")
# In the inward code the first character is always a digit: people type O for 0 and I/L for 1.
_INWARD_DIGIT_FIXES = {"O": "0", "I": "1", "L": "1"}
# A loose match must be this close (rapidfuzz ratio, 0-100): "belpr" ~ "belper" is 91,
# "milton" ~ "hilton" is 83, which is a different village.
FUZZY_MIN_SCORE = 90


@lru_cache(maxsize=65536)  # pure, and sheets repeat postcodes
def normal_postcode(value: str) -> str:
    """'de1 0fd', 'DE10FD', 'DE1 OFD' -> 'DE1 0FD'; not a postcode -> ValueError saying why."""
    compact = re.sub(r"[\s.\-]+", "", str(value)).upper()
    if not 5 <= len(compact) <= 7:
        raise ValueError(f"'{value}' is not a UK postcode (wrong length)")
    outward, inward = compact[:-3], compact[-3:]
    inward = _INWARD_DIGIT_FIXES.get(inward[0], inward[0]) + inward[1:]
    candidate = f"{outward} {inward}"
    if not _POSTCODE.match(candidate):
        raise ValueError(f"'{value}' is not a valid UK postcode")
    return candidate


@dataclass(frozen=True)
class Found:
    """A postcode or place found for typed text: its point in WGS84 and in BNG (metres)."""

    name: str
    kind: str  # postcode | place
    lon: float
    lat: float
    easting: float
    northing: float
    district_code: str | None
    local_type: str | None = None  # places only: City, Town, Village...
    id: str = ""


def place_order(found: Found, area_codes: Iterable[str]) -> tuple:
    """Sort key: in the area first, then the bigger kind of place, then the OS id."""
    return (
        found.district_code not in area_codes,
        PLACE_RANK.get(found.local_type, len(PLACE_RANK)),
        found.id,
    )


def best_place(candidates: Iterable[Found], area_codes: Iterable[str]) -> Found | None:
    candidates = list(candidates)
    if not candidates:
        return None
    return min(candidates, key=lambda found: place_order(found, area_codes))


def area_codes(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(District.code).where(District.in_area)))


# Built once, run through Core: every search near a postcode starts here.
_POSTCODE_ROW = select(
    Postcode.postcode,
    Postcode.lon,
    Postcode.lat,
    Postcode.easting,
    Postcode.northing,
    Postcode.district_code,
).where(Postcode.key == bindparam("key"))


def find_postcode(session: Session, text: str) -> Found | None:
    """The postcode typed (any spacing or case), or None if the reference data lacks it."""
    key = postcode_key(text)
    row = session.connection().execute(_POSTCODE_ROW, {"key": key}).first() if key else None
    return None if row is None else _postcode_found(row)


def _postcode_found(row) -> Found:
    return Found(
        row.postcode, "postcode", row.lon, row.lat, row.easting, row.northing, row.district_code
    )


# Every finder request starts from a postcode, and the same postcodes come back again and
# again: each process keeps the ones it has read, each with the data version read in the
# same statement. A caller that then reads listings learns the version they were read at;
# while it is the same, no watched table (postcodes included) has changed since, so the
# point still holds. When it differs, the caller asks again with fresh=True (see
# finder/search.py). One table per connection pool; bounded; unknown postcodes are not kept.
_POSTCODE_AND_VERSION = _POSTCODE_ROW.add_columns(data_version.in_statement())
_KEPT_POSTCODES = data_version.PerPool(dict)
_KEPT_LOCK = threading.Lock()
KEPT_POSTCODES = 50_000


def remembered_postcode(
    session: Session, text_typed: str, fresh: bool = False
) -> tuple[Found | None, int | None]:
    """find_postcode, from memory when it was read before: then with the data version it
    was read at, for the caller to check; None when it was read just now. ``fresh`` reads
    it again (and keeps the new reading)."""
    key = postcode_key(text_typed)
    if not key:
        return None, None
    conn = session.connection()
    kept = _KEPT_POSTCODES.get(conn)  # None: this transaction wrote, so nothing is kept
    if kept is not None and not fresh and key in kept:
        return kept[key]
    row = conn.execute(_POSTCODE_AND_VERSION, {"key": key}).first()
    if row is None:
        return None, None
    found = _postcode_found(row)
    if kept is not None:
        with _KEPT_LOCK:
            if len(kept) >= KEPT_POSTCODES:
                kept.clear()
            kept[key] = (found, row[-1])
    return found, None  # read just now: nothing to check


def find_place(session: Session, text: str) -> Found | None:
    """The place called ``text`` (exactly, else loosely in the area); None if there is none."""
    key = normalise_place_name(text or "")
    if not key:
        return None
    area = area_codes(session)
    exact = session.scalars(
        select(Place).where(or_(Place.name_key == key, Place.alt_name_key == key))
    ).all()
    if exact:
        return best_place((_found(place) for place in exact), area)
    return _loosely(session, key, area)


def _loosely(session: Session, key: str, area: frozenset[str]) -> Found | None:
    if not area:
        return None
    names = dict(
        session.execute(
            select(Place.id, Place.name_key).where(Place.district_code.in_(sorted(area)))
        ).all()
    )
    if not names:
        return None
    ids = closest_names(key, names)
    if not ids:
        return None
    places = session.scalars(select(Place).where(Place.id.in_(ids))).all()
    return best_place((_found(place) for place in places), area)


def closest_names(key: str, names: Mapping) -> list:
    """The keys of ``names`` (any key -> a normalised place name) whose name is nearest to
    ``key`` and at least FUZZY_MIN_SCORE alike; all of them on a tie, none if nothing is close.
    The finder and the importer both match a misspelt town through this one rule."""
    matches = process.extract(
        key, names, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=None
    )
    if not matches:
        return []
    top = max(score for _, score, _ in matches)
    return [name_id for _, score, name_id in matches if score == top]


def _found(place: Place) -> Found:
    return Found(
        place.name,
        "place",
        place.lon,
        place.lat,
        place.easting,
        place.northing,
        place.district_code,
        place.local_type,
        place.id,
    )


# --- suggestions for what was not found ---------------------------------------------------------

SUGGEST_MIN_SCORE = 75  # looser than FUZZY_MIN_SCORE: these are offered, never taken
SUGGESTIONS = 3


def suggest(session: Session, text: str, limit: int = SUGGESTIONS) -> list[str]:
    """Names to offer when ``text`` found nothing: near-miss postcodes (one character off, in
    the same district of the postcode) or, for a name, places in the area spelt like it
    ("Matlok" -> Matlock), the bigger place first among equals."""
    shaped = _POSTCODE_SHAPE.match(re.sub(r"[\s.\-]+", "", str(text)).upper())
    if shaped:  # postcode-shaped, even with a letter no postcode has there ("DE4 3NM")
        return _near_postcodes(session, f"{shaped[1]} {shaped[2]}", limit)
    return _near_places(session, text, limit)


_POSTCODE_SHAPE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
_KEYBOARD = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


_KEY_AT = {
    key: (row, column) for row, keys in enumerate(_KEYBOARD) for column, key in enumerate(keys)
}


def _keys_near(a: str, b: str) -> bool:
    """Whether two keys touch on a UK keyboard (a slip of the finger: M for N)."""
    if a not in _KEY_AT or b not in _KEY_AT:
        return False
    (row_a, col_a), (row_b, col_b) = _KEY_AT[a], _KEY_AT[b]
    return abs(row_a - row_b) <= 1 and abs(col_a - col_b) <= 1


def _near_postcodes(session: Session, postcode: str, limit: int) -> list[str]:
    """Postcodes of the same district one character away, a slip to a neighbouring key
    first."""
    outward = postcode.split(" ")[0]
    keys = session.scalars(
        select(Postcode.postcode).where(Postcode.postcode.like(f"{outward} %"))
    ).all()
    near = []
    for key in keys:
        if len(key) != len(postcode) or key == postcode:
            continue
        changed = [(a, b) for a, b in zip(postcode, key, strict=True) if a != b]
        if len(changed) == 1:
            near.append((not _keys_near(*changed[0]), key))
    return [key for _far, key in sorted(near)][:limit]


def _near_places(session: Session, text: str, limit: int) -> list[str]:
    key = normalise_place_name(text or "")
    area = area_codes(session)
    if not key or not area:
        return []
    rows = session.execute(
        select(Place.name, Place.name_key, Place.local_type).where(
            Place.district_code.in_(sorted(area))
        )
    ).all()
    best: dict[str, tuple] = {}
    for name, name_key, local_type in rows:
        rank = PLACE_RANK.get(local_type, len(PLACE_RANK))
        if name not in best or rank < best[name][1]:
            best[name] = (name_key, rank)
    names = {name: name_key for name, (name_key, _rank) in best.items()}
    matches = process.extract(
        key, names, scorer=fuzz.ratio, score_cutoff=SUGGEST_MIN_SCORE, limit=None
    )
    ordered = sorted(matches, key=lambda m: (-m[1], best[m[2]][1], m[2]))
    return [name for _key, _score, name in ordered[:limit]]
