"""The seven community-recovery domains plus treatment: the single source of truth.

Codes are stable: APIs, feeds, tests and stored data use them. Colours are chosen to be
distinguishable and to keep white text readable (WCAG AA contrast) on badges and markers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    code: str
    label: str
    description: str
    colour: str
    is_context: bool = False  # treatment is a context layer, not one of the seven


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "twelve-step",
        "12-step groups",
        "AA, NA, CA, CMA, GA, Al-Anon, Alateen, CoDA, OA, MA, Families Anonymous",
        "#1f4e9c",
    ),
    Domain(
        "mutual-aid",
        "Other peer mutual aid",
        "SMART Recovery, family and friends groups, LifeRing, Women for Sobriety, "
        "recovery cafés run by peers",
        "#6a3d9a",
    ),
    Domain(
        "recovery-support",
        "Recovery coaching and support",
        "Peer mentors, recovery coaches, navigators, one-to-one and group support",
        "#b2182b",
    ),
    Domain(
        "activities",
        "Fun activities and exercise",
        "Football, walking groups, gym, arts, music, allotments",
        "#1b7837",
    ),
    Domain(
        "volunteering",
        "Volunteering",
        "Volunteer roles in recovery organisations, charities and community projects",
        "#8c510a",
    ),
    Domain(
        "community-links",
        "Education, training, housing and community links",
        "Colleges, employment support, housing advice, libraries, food banks",
        "#01665e",
    ),
    Domain(
        "growth-pathways",
        "Personal growth pathways",
        "Recovery planning, peer leadership and mentoring training, routes to paid roles",
        "#c51b7d",
    ),
    Domain(
        "treatment",
        "Specialist treatment",
        "Commissioned drug and alcohol services, detox, residential rehab",
        "#4d4d4d",
        is_context=True,
    ),
)

BY_CODE = {d.code: d for d in DOMAINS}
CODES = tuple(d.code for d in DOMAINS)
SEVEN = tuple(d.code for d in DOMAINS if not d.is_context)

KINDS = ("meeting", "service", "activity", "opportunity")
ATTENDANCE = ("in_person", "online", "hybrid")
PRECISIONS = ("exact", "postcode", "place", "approximate", "none")
# 'held': imported with a part not understood; stored, not public until a navigator
# confirms it (or INGEST_PUBLISH_FLAGGED publishes such rows).
STATUSES = ("active", "inactive", "archived", "held")
ROLES = ("navigator", "commissioner", "admin")

AUDIENCE_TAGS = {
    "women": "Women",
    "men": "Men",
    "lgbtq": "LGBTQ+",
    "young-people": "Young people",
    "family-friends": "Family and friends",
    "veterans": "Veterans",
    "bsl": "BSL interpreted",
}
ACCESSIBILITY_TAGS = {
    "wheelchair": "Wheelchair access",
    "hearing-loop": "Hearing loop",
    "accessible-toilet": "Accessible toilet",
    "step-free": "Step-free access",
}

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
