"""A listing's name reduced to what identifies it, for finding the same meeting twice:
'Tues Night AA' and 'Tuesday Night', "St Mary's" and 'St Marys', 'Chesterfield Big Book
Group (NA)' and 'Chesterfield Big Book' give the same key.

Apostrophes go, '&' is 'and', day and saint abbreviations are spelled out, and words that
only say what kind of group it is (fellowship names and initials, 'group', 'meeting') are
dropped, because two sheets name one meeting with and without them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..vocab import DAY_NAMES
from .schedule_text import DAY_WORDS

_DAY_NAMES = tuple(name.lower() for name in DAY_NAMES)
SPELLED_OUT = {
    **{form: _DAY_NAMES[day] for form, day in DAY_WORDS.items() if len(form) > 2},
    "st": "saint",
    "rd": "road",
    "ctr": "centre",
    "center": "centre",
    "grp": "group",
    "mtg": "meeting",
    "nite": "night",
    "wk": "week",
}
KIND_WORDS = {
    "aa",
    "na",
    "ca",
    "cma",
    "ga",
    "oa",
    "ma",
    "coda",
    "alcoholics",
    "narcotics",
    "cocaine",
    "gamblers",
    "overeaters",
    "anonymous",
    "group",
    "groups",
    "meeting",
    "meetings",
    "the",
    "of",
    "and",
    "a",
    "smart",
    "mtg",
    "grp",
    "fellowship",
    "session",
}


@lru_cache(maxsize=65536)  # pure, and a run compares the same names many times
def name_key(name: str | None) -> str:
    """The words that identify the listing, in order, lower-case."""
    folded = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    lowered = folded.lower().replace("&", " and ")
    lowered = re.sub(r"['’`]", "", lowered)
    lowered = re.sub(r"\bsmart\s+recovery\b", " ", lowered)
    words = [SPELLED_OUT.get(w, w) for w in re.findall(r"[a-z0-9]+", lowered)]
    kept = [w for w in words if w not in KIND_WORDS]
    return " ".join(kept or words)
