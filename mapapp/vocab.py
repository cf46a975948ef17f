"""The seven community-recovery domains plus treatment: the single source of truth.

Codes are stable: APIs, feeds, tests and stored data use them. Colours are chosen to be
distinguishable and to keep white text readable (WCAG AA contrast) on badges and markers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The days of the week in Python's weekday order (Monday = 0), in each spelling mapapp uses.
DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # URLs, APIs, analysis columns
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545 BYDAY, also used by ORUK
DAY_NUMBERS = {code: number for number, code in enumerate(DAY_CODES)}  # "mon" -> 0

# The parts of the day the finder filters by and the gap analysis counts (Europe/London
# time, start inclusive, end exclusive): night runs past midnight.
DAY_PARTS = {
    "morning": (dt.time(5), dt.time(12)),
    "afternoon": (dt.time(12), dt.time(17)),
    "evening": (dt.time(17), dt.time(21)),
    "night": (dt.time(21), dt.time(5)),
}


@dataclass(frozen=True)
class Domain:
    code: str
    label: str
    description: str
    colour: str
    kind: str  # what an imported listing in this domain is when its row does not say
    is_context: bool = False  # treatment is a context layer, not one of the seven


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "twelve-step",
        "12-step groups",
        "AA, NA, CA, CMA, GA, Al-Anon, Alateen, CoDA, OA, MA, Families Anonymous",
        "#1f4e9c",
        kind="meeting",
    ),
    Domain(
        "mutual-aid",
        "Other peer mutual aid",
        "SMART Recovery, family and friends groups, LifeRing, Women for Sobriety, "
        "recovery cafés run by peers",
        "#6a3d9a",
        kind="meeting",
    ),
    Domain(
        "recovery-support",
        "Recovery coaching and support",
        "Peer mentors, recovery coaches, navigators, one-to-one and group support",
        "#b2182b",
        kind="service",
    ),
    Domain(
        "activities",
        "Fun activities and exercise",
        "Football, walking groups, gym, arts, music, allotments",
        "#1b7837",
        kind="activity",
    ),
    Domain(
        "volunteering",
        "Volunteering",
        "Volunteer roles in recovery organisations, charities and community projects",
        "#8c510a",
        kind="opportunity",
    ),
    Domain(
        "community-links",
        "Education, training, housing and community links",
        "Colleges, employment support, housing advice, libraries, food banks",
        "#01665e",
        kind="service",
    ),
    Domain(
        "growth-pathways",
        "Personal growth pathways",
        "Recovery planning, peer leadership and mentoring training, routes to paid roles",
        "#c51b7d",
        kind="opportunity",
    ),
    Domain(
        "treatment",
        "Specialist treatment",
        "Commissioned drug and alcohol services, detox, residential rehab",
        "#4d4d4d",
        kind="service",
        is_context=True,
    ),
)

BY_CODE = {d.code: d for d in DOMAINS}
CODES = tuple(d.code for d in DOMAINS)
SEVEN = tuple(d.code for d in DOMAINS if not d.is_context)


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary: its code (stored, in URLs and feeds), how a page names it,
    and what it means in a sentence (Open Referral requires one for each term it lists)."""

    code: str
    label: str
    description: str


KIND_TERMS: tuple[Term, ...] = (
    Term(
        "meeting",
        "Meeting",
        "A recurring peer group, such as a 12-step or SMART Recovery meeting.",
    ),
    Term(
        "service",
        "Service",
        "An organisation's offer with opening times, such as a drop-in or a clinic.",
    ),
    Term(
        "activity",
        "Activity",
        "A recurring session, such as a walking group, football or an art club.",
    ),
    Term("opportunity", "Opportunity", "Volunteering, a course or a role."),
)
KINDS = tuple(t.code for t in KIND_TERMS)
ATTENDANCE = ("in_person", "online", "hybrid")
PRECISIONS = ("exact", "postcode", "place", "approximate", "none")
# 'held': imported with a part not understood; stored, not public until a navigator
# confirms it (or INGEST_PUBLISH_FLAGGED publishes such rows).
STATUSES = ("active", "inactive", "archived", "held")
# How an import's review reason names a possible duplicate; reasons are joined with REASONS_SEP.
# Dismissing the pair clears that doubt (workspace/merge.dismiss) and publishes a row held for
# it alone.
POSSIBLE_DUPLICATE = "possible duplicate of"
REASONS_SEP = "; "
ROLES = ("navigator", "commissioner", "admin")

AUDIENCE_TERMS: tuple[Term, ...] = (
    Term("women", "Women", "For women."),
    Term("men", "Men", "For men."),
    Term("lgbtq", "LGBTQ+", "For LGBTQ+ people."),
    Term("young-people", "Young people", "For young people."),
    Term(
        "family-friends",
        "Family and friends",
        "For family and friends of people with a drink or drug problem (affected others).",
    ),
    Term("veterans", "Veterans", "For veterans of the armed forces."),
    Term("bsl", "BSL interpreted", "With British Sign Language interpreting."),
)
ACCESSIBILITY_TERMS: tuple[Term, ...] = (
    Term("wheelchair", "Wheelchair access", "The venue can be reached and used in a wheelchair."),
    Term("hearing-loop", "Hearing loop", "The venue has a hearing loop."),
    Term(
        "accessible-toilet",
        "Accessible toilet",
        "The venue has a wheelchair-accessible toilet.",
    ),
    Term("step-free", "Step-free access", "The venue can be entered without steps."),
)
AUDIENCE_TAGS = {t.code: t.label for t in AUDIENCE_TERMS}
ACCESSIBILITY_TAGS = {t.code: t.label for t in ACCESSIBILITY_TERMS}

# OS Open Names local types, biggest first: when a typed name matches several places (in the
# same area or not), a town beats a hamlet of the same name (places.py).
PLACE_RANK = {
    "City": 0,
    "Town": 1,
    "Suburban Area": 2,
    "Village": 3,
    "Hamlet": 4,
    "Other Settlement": 5,
}


def label(code: str) -> str:
    return BY_CODE[code].label


def is_domain(code: str) -> bool:
    return code in BY_CODE


# --- Meeting Guide type codes ---------------------------------------------------------------
# The spec (code4recovery @code4recovery/spec 1.1.9, the list TSML UI builds with) reserves
# these 87 codes; six more are proposed to it, and TSML UI keeps a few for itself. None is
# ever written with another meaning: FF is Fragrance Free, UK Ukrainian, TR Tradition Study.
# What the spec has no code for gets a custom code (publish/meeting_types.py, docs/).
# The spec's codes and their English names (test_meeting_types checks them against the
# spec's own list, tests/data/meeting-guide/types.json).
SPEC_TYPES: dict[str, str] = {
    "11": "11th Step Meditation",
    "12x12": "12 Steps & 12 Traditions",
    "A": "Secular",
    "ABSI": "As Bill Sees It",
    "AF": "Afrikaans",
    "AL": "Concurrent with Alateen",
    "AL-AN": "Concurrent with Al-Anon",
    "AM": "Amharic",
    "AR": "Arabic",
    "ASL": "American Sign Language",
    "B": "Big Book",
    "BA": "Babysitting Available",
    "BE": "Newcomer",
    "BG": "Bulgarian",
    "BI": "Bisexual",
    "BRK": "Breakfast",
    "C": "Closed",
    "CAN": "Candlelight",
    "CF": "Child-Friendly",
    "D": "Discussion",
    "DA": "Danish",
    "DB": "Digital Basket",
    "DD": "Dual Diagnosis",
    "DE": "German",
    "DR": "Daily Reflections",
    "EL": "Greek",
    "EN": "English",
    "FA": "Persian",
    "FI": "Finnish",
    "FF": "Fragrance Free",
    "FR": "French",
    "G": "Gay",
    "GR": "Grapevine",
    "H": "Birthday",
    "HE": "Hebrew",
    "HI": "Hindi",
    "HR": "Croatian",
    "HU": "Hungarian",
    "IS": "Icelandic",
    "ITA": "Italian",
    "JA": "Japanese",
    "KA": "Georgian",
    "KOR": "Korean",
    "L": "Lesbian",
    "LGBTQ": "LGBTQ",
    "LIT": "Literature",
    "LS": "Living Sober",
    "LT": "Lithuanian",
    "M": "Men",
    "MED": "Meditation",
    "ML": "Malayalam",
    "MT": "Maltese",
    "N": "Native American",
    "NB": "Non-Binary",
    "NDG": "Indigenous",
    "NE": "Nepali",
    "NL": "Dutch",
    "NO": "Norwegian",
    "O": "Open",
    "OUT": "Outdoor",
    "P": "Professionals",
    "POA": "Proof of Attendance",
    "POC": "People of Color",
    "POL": "Polish",
    "POR": "Portuguese",
    "PUN": "Punjabi",
    "RUS": "Russian",
    "S": "Spanish",
    "SEN": "Seniors",
    "SK": "Slovak",
    "SL": "Slovenian",
    "SM": "Smoking Permitted",
    "SP": "Speaker",
    "ST": "Step Study",
    "SV": "Swedish",
    "T": "Transgender",
    "TC": "Location Temporarily Closed",
    "TH": "Thai",
    "TL": "Tagalog",
    "TR": "Tradition Study",
    "TUR": "Turkish",
    "UK": "Ukrainian",
    "W": "Women",
    "X": "Wheelchair Access",
    "XB": "Wheelchair-Accessible Bathroom",
    "XT": "Cross Talk Permitted",
    "Y": "Young People",
}
# Proposed to the spec (code4recovery/spec data/proposed-new.json) and TSML UI's own: never
# to be reused either.
PROPOSED_TYPES = ("BV-I", "D-HOH", "LO-I", "POA", "QSL", "RSL")
FINDER_TYPES = ("ONL", "SPD", "active", "inactive", "in-person", "online")

# Custom codes for what the spec cannot say, with the words TSML UI should show.
CUSTOM_TYPES: dict[str, str] = {
    "BSL": "British Sign Language",
    "FAM": "Family and Friends",
    "VET": "Veterans",
    "HL": "Hearing Loop",
    "CY": "Welsh",
    "UR": "Urdu",
    "BN": "Bengali",
}

# The languages the finder and the gap analysis offer as audiences, in the order shown (tags
# of LANGUAGE_CODES; their words come from tag_label).
FINDER_LANGUAGES = ("cy", "ur", "pa", "bn", "pl", "ukr")

# Audience language tags (ISO 639-1; ``ukr`` for Ukrainian, never ``uk``) -> type code.
LANGUAGE_CODES: dict[str, str] = {
    "af": "AF",
    "am": "AM",
    "ar": "AR",
    "bg": "BG",
    "da": "DA",
    "de": "DE",
    "el": "EL",
    "en": "EN",
    "fa": "FA",
    "fi": "FI",
    "fr": "FR",
    "he": "HE",
    "hi": "HI",
    "hr": "HR",
    "hu": "HU",
    "is": "IS",
    "it": "ITA",
    "ja": "JA",
    "ka": "KA",
    "ko": "KOR",
    "lt": "LT",
    "ml": "ML",
    "mt": "MT",
    "ne": "NE",
    "nl": "NL",
    "no": "NO",
    "pl": "POL",
    "pt": "POR",
    "pa": "PUN",
    "ru": "RUS",
    "es": "S",
    "sk": "SK",
    "sl": "SL",
    "sv": "SV",
    "th": "TH",
    "tl": "TL",
    "tr": "TUR",
    "ukr": "UK",
    "cy": "CY",
    "ur": "UR",
    "bn": "BN",
}

# (tag category, tag) -> type code. Read the other way, it is how imports turn codes into
# tags (a code that means a tag), so one table says both.
TAG_CODES: dict[tuple[str, str], str] = {
    ("audience", "women"): "W",
    ("audience", "men"): "M",
    ("audience", "lgbtq"): "LGBTQ",
    ("audience", "young-people"): "Y",
    ("audience", "bsl"): "BSL",
    ("audience", "family-friends"): "FAM",
    ("audience", "veterans"): "VET",
    ("accessibility", "wheelchair"): "X",
    ("accessibility", "accessible-toilet"): "XB",
    ("accessibility", "hearing-loop"): "HL",
    **{("audience", tag): code for tag, code in LANGUAGE_CODES.items()},
}
CODE_TAGS: dict[str, tuple[str, str]] = {code: tag for tag, code in TAG_CODES.items()}


# --- plain words for codes, on public pages ----------------------------------------------------

# What the commonest meeting types mean, for the "what the meeting types mean" page; every
# other code is shown by its name (SPEC_TYPES, CUSTOM_TYPES).
TYPE_MEANINGS: dict[str, str] = {
    "O": "Anyone may come: people in recovery, family, friends and professionals.",
    "C": "For people who want to stop drinking or using; others are asked not to attend.",
    "BE": "Especially welcoming to people at their first meetings.",
    "D": "Members take turns to share on a topic.",
    "SP": "One or more members tell their story.",
    "ST": "Works through the twelve steps, one at a time.",
    "B": "Reads and discusses the fellowship's basic text.",
    "LIT": "Reads and discusses the fellowship's literature.",
    "MED": "Includes a period of quiet meditation.",
    "W": "For women only.",
    "M": "For men only.",
    "LGBTQ": "For lesbian, gay, bisexual, transgender and queer people, and welcoming to all.",
    "Y": "For young people.",
    "FAM": "For family members and friends of someone with a drinking or drug problem.",
    "X": "The venue can be reached and used by wheelchair.",
    "HL": "The room has a hearing loop.",
    "BSL": "British Sign Language interpretation.",
}


def type_label(code: str) -> str:
    """A Meeting Guide type code in words: 'O' -> 'Open', 'FAM' -> 'Family and Friends'."""
    return SPEC_TYPES.get(code) or CUSTOM_TYPES.get(code) or code


def tag_label(tag: str) -> str:
    """An audience, access or language tag in words: 'family-friends' -> its label,
    'pl' -> 'Polish', 'wheelchair' -> 'Wheelchair accessible'."""
    if tag in AUDIENCE_TAGS:
        return AUDIENCE_TAGS[tag]
    if tag in ACCESSIBILITY_TAGS:
        return ACCESSIBILITY_TAGS[tag]
    return type_label(LANGUAGE_CODES[tag]) if tag in LANGUAGE_CODES else tag
