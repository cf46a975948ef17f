"""Deterministic fictional listings at real places and postcodes, for trying mapapp out.

Every record is flagged ``is_demo`` and every page that shows one says "demo data". The
same seed and the same reference data always give the same listings. Names, websites
(example.org) and conference links are invented; places and postcodes are real.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import vocab as D
from ..errors import MapappError
from ..listings.rules import refresh_attendance, set_location, slugify
from ..models import (
    Asset,
    AssetDomain,
    AssetSource,
    AssetTag,
    Organisation,
    Place,
    Postcode,
    Schedule,
    Venue,
    utcnow,
)

# (domain, kind, weight, name patterns, fellowship choices, type codes)
TEMPLATES = (
    (
        "twelve-step",
        "meeting",
        34,
        ["{town} {word} Group"],
        ["AA", "AA", "AA", "NA", "NA", "CA", "CMA", "GA", "Al-Anon", "Alateen", "CoDA", "OA"],
        ["O", "C", "D", "SP", "ST", "BE", "B"],
    ),
    (
        "mutual-aid",
        "meeting",
        13,
        [
            "SMART Recovery {town}",
            "SMART Family & Friends {town}",
            "{town} Recovery Café",
            "LifeRing {town}",
            "Women for Sobriety {town}",
            "{town} Family Support Group",
        ],
        [None],
        [],
    ),
    (
        "recovery-support",
        "service",
        11,
        ["{town} Peer Mentor Drop-in", "Recovery Coaching – {town}", "{town} Aftercare Group"],
        [None],
        [],
    ),
    (
        "activities",
        "activity",
        13,
        [
            "{town} Recovery Walking Group",
            "{town} Recovery Football",
            "{town} Allotment Project",
            "Creative Recovery Art Club",
            "{town} Recovery Choir",
            "{town} Fitness in Recovery",
        ],
        [None],
        [],
    ),
    (
        "volunteering",
        "opportunity",
        8,
        [
            "Volunteer Peer Supporter – {town}",
            "{town} Community Garden Volunteers",
            "Recovery Café Volunteer – {town}",
        ],
        [None],
        [],
    ),
    (
        "community-links",
        "service",
        9,
        [
            "{town} Employment Support Drop-in",
            "{town} Housing Advice Surgery",
            "{town} Library Learning Hub",
            "{town} Food Bank",
        ],
        [None],
        [],
    ),
    (
        "growth-pathways",
        "opportunity",
        6,
        [
            "Peer Leadership Course – {town}",
            "Recovery Planning Workshop – {town}",
            "Routes to Work in Recovery – {town}",
        ],
        [None],
        [],
    ),
    (
        "treatment",
        "service",
        6,
        [
            "{town} Drug and Alcohol Service",
            "{town} Alcohol Detox Clinic",
            "Peak Residential Rehab",
        ],
        [None],
        [],
    ),
)
WORDS = [
    "Serenity",
    "Hope",
    "Fresh Start",
    "Keep It Simple",
    "Just for Today",
    "Daybreak",
    "Step by Step",
    "New Beginnings",
    "Lifeline",
    "Open Door",
]
VENUES = [
    "St Mary's Church Hall",
    "Community Centre",
    "Methodist Church Hall",
    "Miners' Welfare",
    "Library Meeting Room",
    "Recovery Hub",
    "Quaker Meeting House",
    "Health Centre",
    "Village Hall",
    "Leisure Centre",
]
ORGANISATIONS = [
    ("Peak Recovery Collective", True),
    ("Derwent Lived Experience Network", True),
    ("Trent Valley Recovery Community", True),
    ("High Peak Peer Support", True),
    ("Derbyshire Community Services (demo)", False),
    ("Amber Valley Volunteers", False),
    ("Dales Adult Learning", False),
    ("Erewash Housing Advice", False),
]
AUDIENCES = [
    "women",
    "men",
    "lgbtq",
    "young-people",
    "family-friends",
    "veterans",
    "bsl",
    "pl",
    "ur",
]
ACCESS = list(D.ACCESSIBILITY_TAGS)
TOWN_RADIUS_M = 3000
SCHEDULE_START = dt.date(2026, 1, 5)  # a Monday: fortnightly anchors count from here


@dataclass
class DemoResult:
    listings: int
    organisations: int
    replaced: int

    def __str__(self) -> str:
        extra = f" (replaced {self.replaced} earlier demo listings)" if self.replaced else ""
        return (
            f"Loaded {self.listings} demo listings from {self.organisations} fictional "
            f"organisations{extra}. Every page showing them says 'demo data'."
        )


def load_demo(
    session: Session, count: int = 400, seed: int = 2026, replace: bool = False
) -> DemoResult:
    existing = session.scalar(select(func.count()).where(Asset.is_demo))
    if existing and not replace:
        raise MapappError(
            f"Demo data is already loaded ({existing} listings). "
            "Use 'mapapp demo load --replace' to load it afresh."
        )
    replaced = _remove_demo(session) if existing else 0
    towns, postcodes = _candidates(session)
    rng = random.Random(seed)
    organisations = [
        Organisation(
            name=n,
            lero=lero,
            is_demo=True,
            website=f"https://example.org/{slugify(n)}",
            # A LERO flag carries its evidence (workspace/organisations.py): fictional too.
            quality_standards="Fictional: a peer-led quality mark, renewed yearly"
            if lero
            else None,
            last_peer_audit=dt.date(2026, 5, 1) if lero else None,
        )
        for n, lero in ORGANISATIONS
    ]
    session.add_all(organisations)
    weights = [t[2] for t in TEMPLATES]
    for number in range(count):
        template = rng.choices(TEMPLATES, weights=weights)[0]
        session.add(_make_asset(rng, number, template, towns, postcodes, organisations))
    session.flush()
    return DemoResult(count, len(organisations), replaced)


def _remove_demo(session: Session) -> int:
    removed = session.scalar(select(func.count()).where(Asset.is_demo))
    # Demo listings are not real listings: removing them is not the 'never delete' case.
    for asset in session.scalars(select(Asset).where(Asset.is_demo)):
        session.delete(asset)
    session.flush()
    session.execute(delete(Venue).where(Venue.is_demo))
    session.execute(delete(Organisation).where(Organisation.is_demo))
    return removed


def _candidates(session: Session):
    from ..listings.rules import area_district_codes

    codes = area_district_codes(session)
    if not codes:
        raise MapappError("No reference data yet. Run 'mapapp reference load' first.")
    towns = list(
        session.execute(
            select(
                Place.name, Place.lon, Place.lat, Place.easting, Place.northing, Place.district_code
            )
            .where(Place.district_code.in_(codes), Place.local_type.in_(["Town", "City"]))
            .order_by(Place.id)
        )
    )
    rows = session.execute(
        select(Postcode.postcode, Postcode.lon, Postcode.lat, Postcode.easting, Postcode.northing)
        .where(Postcode.district_code.in_(codes))
        .order_by(Postcode.key)
    ).all()
    # Each town's own postcodes (within 3 km of its centre), so 'New Mills' is in New Mills.
    postcodes = {
        town.name: [
            p
            for p in rows
            if (p.easting - town.easting) ** 2 + (p.northing - town.northing) ** 2
            <= TOWN_RADIUS_M**2
        ]
        for town in towns
    }
    return towns, postcodes


def _make_asset(rng, number, template, towns, postcodes, organisations) -> Asset:
    domain, kind, _w, patterns, fellowships, type_codes = template
    town = rng.choice(towns)
    fellowship = rng.choice(fellowships)
    name = rng.choice(patterns).format(town=town.name, word=rng.choice(WORDS))
    if fellowship:
        name = f"{name} ({fellowship})"
    asset = Asset(
        slug=f"demo-{number:04d}-{slugify(name, 40)}",
        name=name,
        kind=kind,
        fellowship=fellowship,
        is_demo=True,
        types=sorted(rng.sample(type_codes, k=min(2, len(type_codes)))),
        description=f"Demo listing: a fictional {kind} in {town.name}.",
        organisation=None if fellowship else rng.choice(organisations),
        website=f"https://example.org/demo/{number:04d}",
        contact_name=rng.choice(["Sam", "Jo", "Alex", "Chris", "Pat"]),
        contact_phone=f"07700 900{number % 1000:03d}",
        contact_private=rng.random() < 0.5,
        last_verified_at=utcnow() - dt.timedelta(days=rng.randint(0, 400)),
        last_verified_by="demo generator",
    )
    asset.domains = [AssetDomain(domain=d) for d in _domains(rng, domain)]
    asset.tags = _tags(rng)
    asset.schedules = _schedules(rng, kind)
    asset.sources = [AssetSource(source="demo", source_id=asset.slug)]
    _place(rng, asset, town, postcodes)
    refresh_attendance(asset)
    return asset


def _domains(rng, primary: str) -> list[str]:
    extra = {
        "mutual-aid": "recovery-support",
        "activities": "growth-pathways",
        "volunteering": "growth-pathways",
        "community-links": "growth-pathways",
    }
    domains = [primary]
    if primary in extra and rng.random() < 0.25:
        domains.append(extra[primary])
    return domains


def _tags(rng) -> list[AssetTag]:
    tags = [
        AssetTag(category="audience", tag=t)
        for t in sorted(set(rng.sample(AUDIENCES, k=rng.choice([0, 0, 0, 1, 1, 2]))))
    ]
    tags += [
        AssetTag(category="accessibility", tag=t)
        for t in sorted(set(rng.sample(ACCESS, k=rng.choice([0, 1, 1, 2, 3]))))
    ]
    return tags


def _schedules(rng, kind: str) -> list[Schedule]:
    if kind == "service":  # opening hours, Monday to Friday or a few days
        days = [0, 1, 2, 3, 4] if rng.random() < 0.5 else sorted(rng.sample(range(5), 2))
        return [
            Schedule(weekday=d, start_time=dt.time(9, 30), end_time=dt.time(16, 30)) for d in days
        ]
    start = dt.time(rng.choice([10, 12, 14, 18, 19, 19, 19, 20]), rng.choice([0, 0, 30]))
    end = (dt.datetime.combine(dt.date.today(), start) + dt.timedelta(minutes=90)).time()
    frequency = rng.choices(["weekly", "fortnightly", "monthly"], weights=[80, 10, 10])[0]
    weekday = rng.randrange(7)
    schedule = Schedule(weekday=weekday, start_time=start, end_time=end, frequency=frequency)
    if frequency == "fortnightly":
        schedule.anchor_date = SCHEDULE_START + dt.timedelta(days=weekday)
    if frequency == "monthly":
        schedule.nth = rng.choice([1, 2, 3, -1])
    return [schedule]


def _place(rng, asset: Asset, town, postcodes) -> None:
    roll = rng.random()
    if roll < 0.1:  # online only: a conference link and no venue, so no pin
        asset.conference_url = f"https://zoom.us/j/9{rng.randrange(10**9):09d}"
        return
    if roll < 0.2:
        asset.conference_url = f"https://meet.google.com/demo-{rng.randrange(10**6):06d}"
    candidates = postcodes.get(town.name) or [town]
    postcode = rng.choice(candidates)
    venue = Venue(
        name=f"{rng.choice(VENUES)}, {town.name}",
        town=town.name,
        is_demo=True,
        district_code=town.district_code,
    )
    if "Residential" in asset.name:  # a safe address is deliberately vague
        set_location(venue, town.lon, town.lat, "approximate", "demo:approximate")
    elif roll < 0.25 or not hasattr(postcode, "postcode"):
        set_location(venue, town.lon, town.lat, "place", "demo:place")
    elif roll < 0.45:  # navigator-placed pin a few metres from the postcode centroid
        set_location(
            venue,
            postcode.lon + rng.uniform(-6e-4, 6e-4),
            postcode.lat + rng.uniform(-4e-4, 4e-4),
            "exact",
            "demo:navigator",
        )
        venue.postcode = postcode.postcode
    else:
        set_location(venue, postcode.lon, postcode.lat, "postcode", "demo:postcode")
        venue.postcode = postcode.postcode
    venue.address = f"{rng.randint(1, 120)} High Street"
    asset.venue = venue
