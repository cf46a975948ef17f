"""Audience and access tags from the words of a name, a type or a note: 'Women only',
"Men's group", 'Family and friends', 'LGBTQ+', 'for veterans', 'BSL interpreted',
'Polish speaking', 'wheelchair accessible', 'step-free', 'hearing loop'.

A phrase that is negated ('no wheelchair access', 'not step-free', 'upstairs, no lift')
gives no tag. Each rule is a row of a table; the first words of a match are kept as the
phrase it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

AUDIENCE_RULES: tuple[tuple[str, str], ...] = (
    ("women", r"\bwomen'?s?\b|\bwomens\b|\bladies\b|\bfemale\b|\bwoman'?s\b|\bgirls\b"),
    ("men", r"(?<!wo)\bmen'?s?\b|\bmens\b|\bgents\b|\bmale\b|\bblokes\b|\bman'?s\b"),
    (
        "lgbtq",
        r"\blgbt\w*\+?|\bgay\b|\blesbian\b|\bqueer\b|\btrans(?:gender)?\b|"
        r"\bnon[\s-]?binary\b|\bpride\b",
    ),
    (
        "young-people",
        r"\byoung\s+(?:people|persons?|adults?)\b|\byouth\b|\bteens?\b|"
        r"\bteenagers?\b|\bunder[\s-]?(?:18|21|25|26|30)s?\b|\b1[3-8]\s*-\s*2[1-9]s?\b"
        r"|\byoung\s+people'?s\b|\balateen\b",
    ),
    (
        "family-friends",
        r"\bfamil(?:y|ies)\s+(?:and|&)\s+friends\b|\bfriends\s+(?:and|&)\s+"
        r"famil(?:y|ies)\b|\baffected\s+others?\b|\bloved\s+ones?\b|"
        r"\bal-?anon\b|\bfamilies\s+anonymous\b|\bfamily\s+support\b|"
        r"\bfor\s+(?:families|relatives|partners|parents|carers)\b|"
        r"\bconcerned\s+others\b|\bfamily\s+members\b|\bf\s*&\s*f\b",
    ),
    (
        "veterans",
        r"\bveterans?\b|\barmed\s+forces\b|\bex[\s-]?(?:forces|service|military)\b|"
        r"\bservice\s+leavers\b",
    ),
    ("bsl", r"\bbsl\b|\bbritish\s+sign\s+language\b|\bsign\s+language\b|\bsigned\b"),
    ("pl", r"\bpolish\b|\bpo\s+polsku\b|\bpolska\b"),
    ("pa", r"\bpunjabi\b"),
    ("ur", r"\burdu\b"),
    ("bn", r"\bbengali\b|\bbangla\b"),
    ("cy", r"\bwelsh\b|\bcymraeg\b"),
    ("ukr", r"\bukrainian\b"),
)
ACCESS_RULES: tuple[tuple[str, str], ...] = (
    (
        "wheelchair",
        r"\bwheel\s?chair[\s-]+(?:access(?:ible)?|friendly|user\s+friendly)\b|"
        r"\baccessible\s+(?:for|to)\s+wheelchair\s+users\b|\bwheelchair\s+ok\b",
    ),
    (
        "step-free",
        r"\bstep[\s-]?free\b|\blevel\s+access\b|\bno\s+steps\b|\bground\s+floor\b|"
        r"\bramp(?:ed)?\b|\blift\s+to\s+all\s+floors\b",
    ),
    ("hearing-loop", r"\b(?:hearing|induction|audio)\s+loop\b|\bloop\s+system\b"),
    (
        "accessible-toilet",
        r"\baccessible\s+(?:toilet|loo|wc|bathroom)s?\b|\bdisabled\s+"
        r"(?:toilet|loo|wc)s?\b",
    ),
)
# A tag phrase with one of these a few words before it is denied, not offered.
_NEGATION = re.compile(
    r"\b(?:no|not|non|isn'?t|without|lack(?:s|ing)?|unfortunately)\b"
    r"(?:\W+\w+){0,2}\W*$",
    re.I,
)
_MIXED = re.compile(
    r"\b(?:mixed|all\s+welcome|open\s+to\s+all|men\s+and\s+women|"
    r"women\s+and\s+men|everyone)\b",
    re.I,
)
_AUDIENCE = tuple((tag, re.compile(p, re.I)) for tag, p in AUDIENCE_RULES)
_ACCESS = tuple((tag, re.compile(p, re.I)) for tag, p in ACCESS_RULES)


@dataclass(frozen=True)
class TagFound:
    category: str  # audience | accessibility
    tag: str
    phrase: str


# One pass that says whether any rule could match: most names and notes offer no tag.
_ANY = re.compile("|".join(f"(?:{p})" for _, p in AUDIENCE_RULES + ACCESS_RULES), re.I)


@lru_cache(maxsize=16384)
def tags_in(text: str | None) -> tuple[TagFound, ...]:
    """Every audience and access tag the text offers."""
    text = text or ""
    if not _ANY.search(text):
        return ()
    mixed = {m.span() for m in _MIXED.finditer(text)}
    found: list[TagFound] = []
    for category, rules in (("audience", _AUDIENCE), ("accessibility", _ACCESS)):
        for tag, pattern in rules:
            for match in pattern.finditer(text):
                if _negated(text, match.start()) or _inside(match.span(), mixed):
                    continue
                if not any(f.tag == tag for f in found):
                    found.append(TagFound(category, tag, match.group(0)))
    return tuple(found)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 30) : start]))


def _inside(span: tuple[int, int], spans: set) -> bool:
    return any(s <= span[0] < e for s, e in spans)
