"""Classification into the domain codes: every rule is a row of a table in this module.

An explicit domain (a column, or a navigator's choice) always wins. Otherwise fellowship
names, Meeting Guide type codes and keywords in the name, type and description decide. A
listing that matches nothing is kept and flagged for a navigator, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocab as D
from ..vocab import CODE_TAGS, CUSTOM_TYPES, SPEC_TYPES

# (full name as a lower-case regex, acronym regex or None, fellowship). Full names match
# in any case; acronyms match case-sensitively as whole words, so "na" in a sentence is not
# Narcotics Anonymous. The first row that matches decides.
FELLOWSHIPS: tuple[tuple[str, str | None, str], ...] = (
    (r"alcoholics anonymous", r"\bAA\b", "AA"),
    (r"narcotics anonymous", r"\bNA\b", "NA"),
    (r"cocaine anonymous", r"\bCA\b", "CA"),
    (r"crystal meth anonymous", r"\bCMA\b", "CMA"),
    (r"gamblers anonymous", r"\bGA\b", "GA"),
    (r"\balateen\b", None, "Alateen"),
    (r"\bal-?anon\b", r"\bAL-AN\b", "Al-Anon"),
    (r"co-?dependents anonymous", r"\bCoDA\b|\bCODA\b", "CoDA"),
    (r"overeaters anonymous", r"\bOA\b", "OA"),
    (r"marijuana anonymous", r"\bMA\b", "MA"),
    (r"families anonymous", None, "Families Anonymous"),
    (r"smart recovery", r"\bSMART\b", "SMART Recovery"),
    (r"\blifering\b", None, "LifeRing"),
    (r"women for sobriety", None, "Women for Sobriety"),
)
TWELVE_STEP = {
    "AA",
    "NA",
    "CA",
    "CMA",
    "GA",
    "Al-Anon",
    "Alateen",
    "CoDA",
    "OA",
    "MA",
    "Families Anonymous",
}
FAMILY_FELLOWSHIPS = {"Al-Anon", "Alateen", "Families Anonymous"}

# (domain, keywords as a lower-case regex; matched against the lower-cased text). Several
# rows may match one listing.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("twelve-step", r"\b(12|twelve)[- ]step|\bbig book\b|\bstep (study|meeting)"),
    (
        "mutual-aid",
        r"\bsmart\b|\blifering\b|women for sobriety|mutual[- ]aid|"
        r"peer support group|family support|families|carers?\b|affected others|"
        r"recovery caf[eé]|intuitive recovery|friends and family|family and friends|"
        r"recovery dharma|celebrate recovery|support group|recovery circle",
    ),
    (
        "recovery-support",
        r"recovery coach|peer mentor|mentoring|navigator|aftercare|"
        r"one[- ]to[- ]one|\b1[:-]1\b|key ?work|group support|"
        r"recovery support|peer support\b(?! group)",
    ),
    (
        "activities",
        r"\bwalk|football|\bgym\b|fitness|yoga|\bart\b|\barts\b|creative|music|"
        r"choir|allotment|garden|cycl|running|climb|swim|sport|craft|fishing|"
        r"boxing|dance|drama|photograph|bowling|darts|snooker|\bquiz|knit|crochet|"
        r"pottery|painting|singing|drumming|tai chi|pilates|zumba|park ?run|hik(e|ing)|"
        r"rambl|cooking|baking|book club|cinema|\bfilm\b",
    ),
    ("volunteering", r"volunteer"),
    (
        "community-links",
        r"college|employment|\bjobs?\b|jobcentre|housing|homeless|library|"
        r"food ?bank|benefits|\bdebt\b|\badvice\b|education|\bskills\b|"
        r"\bcv\b|welfare|learning hub|citizens advice|job club|pantry|"
        r"community fridge|money advice|credit union|\besol\b|digital skills",
    ),
    (
        "growth-pathways",
        r"recovery plan|leadership|mentor training|peer training|"
        r"qualification|pathway|apprentice|routes? to (paid )?work|paid roles?|"
        r"personal development|recovery academy|\bcourse\b",
    ),
    (
        "treatment",
        r"drug and alcohol (service|team)|treatment|detox|rehab|prescrib|"
        r"substance misuse service|needle|harm reduction|\bclinic\b|"
        r"change grow live|we are with you|turning point|methadone|naloxone|"
        r"blood borne|(alcohol|drugs?) service",
    ),
)

# Meeting Guide type codes -> (category, tag). 'UK' is Ukrainian in Meeting Guide: never UK.
# Meeting Guide type codes that mean a tag (W -> audience women): the publishing table
# read the other way, so that a feed's codes come back as the tags they were written from.
TYPE_TAGS: dict[str, tuple[str, str]] = CODE_TAGS

# Meeting Guide type names (as TSML spreadsheets write them) -> codes: the spec's names and
# ours, and the other ways spreadsheets say them.
TYPE_NAMES: dict[str, str] = {
    **{name.lower(): code for code, name in (SPEC_TYPES | CUSTOM_TYPES).items()},
    "discussion": "D",
    "speaker": "SP",
    "step meeting": "ST",
    "beginner": "BE",
    "wheelchair accessible": "X",
    "temporary closure": "TC",
    "bsl": "BSL",
    "family & friends": "FAM",
    "veteran": "VET",
}
MEETING_CODES = {"O", "C", "D", "SP", "ST", "B", "BE", "TC", "TR", "AL-AN"}

# Words for the explicit domain column: codes, labels and the ways navigators write them.
DOMAIN_WORDS: dict[str, str] = {
    **{d.code: d.code for d in D.DOMAINS},
    **{d.label.lower(): d.code for d in D.DOMAINS},
    "12 step": "twelve-step",
    "12-step": "twelve-step",
    "twelve step": "twelve-step",
    "mutual aid": "mutual-aid",
    "peer mutual aid": "mutual-aid",
    "recovery support": "recovery-support",
    "coaching": "recovery-support",
    "activity": "activities",
    "exercise": "activities",
    "volunteer": "volunteering",
    "community links": "community-links",
    "education": "community-links",
    "housing": "community-links",
    "training": "growth-pathways",
    "growth": "growth-pathways",
    "growth pathways": "growth-pathways",
}

# Compiled once: classification runs for every row of every import. (One combined
# alternation was measured slower than these separate searches; names and keywords are
# matched case-sensitively against lower-cased text because re.IGNORECASE was 3x slower.)
_FELLOWSHIP_PATTERNS = tuple(
    (re.compile(full), acronym and re.compile(acronym), name) for full, acronym, name in FELLOWSHIPS
)
_KEYWORD_PATTERNS = tuple((domain, re.compile(p)) for domain, p in KEYWORDS)

KIND_BY_DOMAIN = {d.code: d.kind for d in D.DOMAINS}
KIND_WORDS = {
    "meeting": "meeting",
    "group": "meeting",
    "service": "service",
    "activity": "activity",
    "session": "activity",
    "class": "activity",
    "opportunity": "opportunity",
    "volunteering": "opportunity",
    "course": "opportunity",
    "role": "opportunity",
}


@dataclass(frozen=True)
class Classification:
    domains: tuple[str, ...]
    fellowship: str | None
    kind: str
    tags: tuple[tuple[str, str], ...]
    flag: str | None = None  # why a navigator should look at it


def fellowship_of(*texts: str | None) -> str | None:
    joined = " ".join(t for t in texts if t)
    lowered = joined.lower()
    for full, acronym, name in _FELLOWSHIP_PATTERNS:  # the table's order decides
        if full.search(lowered) or (acronym and acronym.search(joined)):
            return name
    return None


def explicit_domains(value: str | None) -> tuple[tuple[str, ...], list[str]]:
    """'12-step; Volunteering' -> (('twelve-step', 'volunteering'), unknown words).

    A label that itself holds commas or 'and' ("Education, training, housing and community
    links") is recognised whole before the text is split further.
    """
    if not value:
        return (), []
    found, unknown = [], []
    for part in re.split(r"[;/|+]", str(value)):
        _domain_words(part, found, unknown)
    return tuple(c for c in D.CODES if c in found), unknown


def _domain_words(part: str, found: list, unknown: list, splits=(r",", r"\band\b")) -> None:
    key = re.sub(r"\s+", " ", part.strip().lower())
    if not key:
        return
    if key in DOMAIN_WORDS:
        if DOMAIN_WORDS[key] not in found:
            found.append(DOMAIN_WORDS[key])
    elif splits:
        for piece in re.split(splits[0], part):
            _domain_words(piece, found, unknown, splits[1:])
    else:
        unknown.append(part.strip())


def classify(
    *,
    name: str,
    kind: str | None = None,
    domain_text: str | None = None,
    fellowship_text: str | None = None,
    description: str | None = None,
    type_codes: tuple[str, ...] = (),
) -> Classification:
    fellowship = fellowship_of(fellowship_text, name, " ".join(type_codes))
    tags = tuple(sorted({TYPE_TAGS[c] for c in type_codes if c in TYPE_TAGS}))
    if fellowship in FAMILY_FELLOWSHIPS:
        tags = tuple(sorted(set(tags) | {("audience", "family-friends")}))
    given, unknown = explicit_domains(domain_text)
    flag = f"unknown domain value(s): {', '.join(unknown)}" if unknown else None
    domains = given or _rule_domains(fellowship, name, fellowship_text, description)
    if not domains:
        flag = flag or "no classification rule matched: choose its domains"
    return Classification(domains, fellowship, _kind(kind, domains, fellowship), tags, flag)


# A name that says what the listing is decides over words elsewhere: 'Cafe volunteers' is
# volunteering, not a café; 'Peer mentor training' is a pathway, not mentoring itself.
NAME_DECIDES: tuple[tuple[str, re.Pattern], ...] = (
    ("volunteering", re.compile(r"\bvolunteer")),
    ("growth-pathways", re.compile(r"\btraining\b|\bcourse\b|\bqualification\b")),
)


def _rule_domains(fellowship, name, *texts) -> tuple[str, ...]:
    lowered = (name or "").lower()
    for domain, pattern in NAME_DECIDES:
        if fellowship is None and pattern.search(lowered):
            return (domain,)
    return _keyword_domains(fellowship, name, *texts)


def _keyword_domains(fellowship, *texts) -> tuple[str, ...]:
    found = set()
    if fellowship in TWELVE_STEP:
        found.add("twelve-step")
    elif fellowship:
        found.add("mutual-aid")
    joined = " ".join(t for t in texts if t).lower()
    found.update(domain for domain, pattern in _KEYWORD_PATTERNS if pattern.search(joined))
    if "twelve-step" in found:
        found.discard("mutual-aid")  # 'family' in an Al-Anon name is still 12-step
    return tuple(c for c in D.CODES if c in found)


def _kind(given: str | None, domains: tuple[str, ...], fellowship: str | None) -> str:
    if given:
        word = KIND_WORDS.get(given.strip().lower())
        if word:
            return word
    if fellowship:
        return "meeting"
    return KIND_BY_DOMAIN.get(domains[0], "service") if domains else "service"
