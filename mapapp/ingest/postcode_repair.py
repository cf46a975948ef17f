"""Postcodes typed with a letter for a digit or a digit for a letter ('DE4 3OG', 'DE22 1LB'
as 'DE22 ILB', 'S4O 1LZ'), repaired by position and only when the repair is certain.

A UK postcode's shape fixes which characters are letters and which are digits in most
positions: the area is letters, the district starts with a digit, the inward code is a
digit then two letters. Each character that could be its look-alike (O/0, I/1, L/1, S/5,
Z/2, B/8) is tried both ways; a repair is accepted only when exactly one spelling is a
real postcode in the reference data and, when the row names a town, that postcode lies
near it. Otherwise the row keeps its postcode unread, with the reason.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Container
from dataclasses import dataclass

# Look-alikes in both directions: what a character may really have been.
LOOK_ALIKES = {
    "O": "0",
    "0": "O",
    "I": "1",
    "1": "IL",
    "L": "1",
    "S": "5",
    "5": "S",
    "Z": "2",
    "2": "Z",
    "B": "8",
    "8": "B",
}
SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$")
MAX_VARIANTS = 4096


class PostcodeNotUnderstood(ValueError):
    """No certain reading of a postcode; the message says why and what to do."""


@dataclass(frozen=True)
class PostcodeReading:
    postcode: str  # 'DE4 3AG'
    typed: str
    corrected: bool

    def describe(self) -> str:
        if self.corrected:
            return f"postcode '{self.typed}' corrected to {self.postcode}"
        return f"postcode {self.postcode}"


def compact(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", str(value or "")).upper()


def spaced(key: str) -> str:
    return f"{key[:-3]} {key[-3:]}"


def read_postcode(
    value: str, known: Container[str], near_town: Callable[[str], bool] | None = None
) -> PostcodeReading:
    """``known`` holds compact postcodes ('DE43AG'); ``near_town(key)`` says whether a
    postcode agrees with the town the row gives (None when it gives none)."""
    typed = str(value or "").strip()
    key = compact(typed)
    if not 5 <= len(key) <= 7:
        raise PostcodeNotUnderstood(f"'{typed}' is not a UK postcode (wrong length)")
    if key in known:
        return PostcodeReading(spaced(key), typed, False)
    found = [k for k in _variants(key) if k != key and k in known and SHAPE.match(k)]
    repairs = [k for k in found if near_town(k)] if near_town is not None else found
    if found and not repairs:
        raise PostcodeNotUnderstood(
            f"'{typed}' looks like {' or '.join(spaced(k) for k in sorted(found))}, which is "
            "not near the town given: check both"
        )
    if len(repairs) == 1:
        return PostcodeReading(spaced(repairs[0]), typed, True)
    if len(repairs) > 1:
        raise PostcodeNotUnderstood(
            f"'{typed}' could be {' or '.join(spaced(k) for k in sorted(repairs))}: check it"
        )
    if SHAPE.match(key):
        raise PostcodeNotUnderstood(
            f"{spaced(key)} is not in the reference postcodes: check it, or give the town"
        )
    raise PostcodeNotUnderstood(f"'{typed}' is not a UK postcode")


def _variants(key: str):
    """Every spelling with look-alikes swapped where the postcode's shape allows it."""
    choices = [_choices(key, index) for index in range(len(key))]
    count = 1
    for options in choices:
        count *= len(options)
    if count > MAX_VARIANTS:
        return []
    return ("".join(parts) for parts in itertools.product(*choices))


def _choices(key: str, index: int) -> str:
    """The inward code (last three) is digit, letter, letter; the area (first one or two)
    is letters; the district digit follows the area. Elsewhere either is possible."""
    char = key[index]
    swaps = LOOK_ALIKES.get(char, "")
    inward = index - (len(key) - 3)
    if inward == 0:
        allowed = str.isdigit
    elif inward > 0 or index == 0:
        allowed = str.isalpha
    else:
        allowed = None
    options = char + swaps
    if allowed is not None:
        options = "".join(c for c in options if allowed(c)) or char
    return options
