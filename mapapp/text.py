"""Small text normalisers shared by reference loading, geocoding and search."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_place_name(name: str) -> str:
    """'Chapel-en-le-Frith' and 'chapel en le frith' give the same key; accents folded."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower().replace("&", " and ").replace("'", "")
    return _NON_ALNUM.sub(" ", folded).strip()


def postcode_key(text: str) -> str:
    """Upper case with no spaces: the lookup key for a postcode however it was typed."""
    return re.sub(r"\s+", "", text or "").upper()
