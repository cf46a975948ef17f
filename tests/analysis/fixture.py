"""A small hand-built area for gap-analysis tests, as plain tables.

Three 10 km square districts side by side (British National Grid, metres):
  Alderley     A  x 400000–410000  (in the area)
  Brampton     B  x 410000–420000  (in the area)
  Neighbourton N  x 420000–430000  (a neighbour: no residents analysed, but its listings count)
all with y 300000–310000. Six LSOAs, all at y = 305000, and ten listings. Distances are
chosen as 3-4-5 triangles (600, 800 -> 1,000 m) so they can be worked out by hand; see
test_report.py for every expected figure.

The same tables build pandas frames (for the pure computation) and database rows (for the
loading, the API and the pages), so both paths must give the same answers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from pyproj import Transformer

from mapapp.analysis.residents import Residents, residents_from_frames
from mapapp.analysis.supply import Listings

TO_WGS84 = Transformer.from_crs(27700, 4326, always_xy=True)  # independent of mapapp.geo

A, B, N = "E07000991", "E07000992", "E07000993"
DISTRICTS = [  # code, name, in_area, x_min
    (A, "Alderley", True, 400000),
    (B, "Brampton", True, 410000),
    (N, "Neighbourton", False, 420000),
]
LSOAS = [  # code, name, district, x, y, population, IMD decile
    ("E01900001", "Alderley 001A", A, 402000, 305000, 1000, 1),
    ("E01900002", "Alderley 001B", A, 405000, 305000, 2000, 5),
    ("E01900003", "Alderley 001C", A, 409000, 305000, 1000, 2),
    ("E01900004", "Brampton 001A", B, 411000, 305000, 1500, 9),
    ("E01900005", "Brampton 001B", B, 415000, 305000, 1500, 1),
    ("E01900006", "Brampton 001C", B, 419500, 305000, 1000, None),  # no IMD: not deprived
]


def _asset(
    name,
    kind,
    domains,
    xy,
    *,
    precision="exact",
    district=None,
    status="active",
    online=False,
    in_person=True,
    schedules=(),
    audience=(),
    store_district=True,
):
    return dict(
        name=name,
        kind=kind,
        domains=domains,
        xy=xy,
        precision=precision,
        district=district,
        status=status,
        online=online,
        in_person=in_person,
        schedules=schedules,
        audience=audience,
        store_district=store_district,
    )


ASSETS = [
    _asset(
        "Alderley AA",
        "meeting",
        ("twelve-step",),
        (402600, 305800),
        district=A,
        schedules=[("weekly", 0, "19:30")],
    ),
    _asset(
        "Border NA",
        "meeting",
        ("twelve-step",),
        (410300, 305400),
        district=B,
        precision="postcode",
        schedules=[("fortnightly", 5, "10:00")],
    ),
    _asset(
        "Monthly CA",
        "meeting",
        ("twelve-step",),
        (415000, 306200),
        district=B,
        precision="place",
        schedules=[("monthly", 6, "18:00")],
    ),
    _asset(
        "Online AA",
        "meeting",
        ("twelve-step",),
        None,
        online=True,
        in_person=False,
        schedules=[("weekly", 3, "20:00")],
    ),
    _asset(
        "Vague AA",
        "meeting",
        ("twelve-step",),
        (405000, 305000),
        district=A,
        precision="approximate",
        schedules=[("weekly", 4, "19:00")],
    ),
    _asset(
        "Closed AA",
        "meeting",
        ("twelve-step",),
        (405000, 305000),
        district=A,
        status="inactive",
        schedules=[("weekly", 4, "19:00")],
    ),
    _asset(
        "Neighbour AA",
        "meeting",
        ("twelve-step",),
        (420500, 305000),
        district=N,
        schedules=[("weekly", 2, "12:30")],
    ),
    # Hybrid (a venue and a link); its venue has no stored district: found by its point.
    _asset(
        "Women's SMART",
        "meeting",
        ("mutual-aid", "recovery-support"),
        (405000, 304000),
        district=A,
        online=True,
        schedules=[("weekly", 1, "10:00")],
        audience=("women",),
        store_district=False,
    ),
    _asset(
        "Brampton Walkers",
        "activity",
        ("activities",),
        (415600, 304200),
        district=B,
        precision="postcode",
        schedules=[("weekly", 5, "14:00"), ("weekly", 6, "14:00")],
    ),
    _asset(
        "Alderley Treatment Service",
        "service",
        ("treatment",),
        (402000, 306200),
        district=A,
        schedules=[("weekly", d, "09:30") for d in range(5)],
    ),
]


def attendance(asset: dict) -> str:
    if asset["online"] and asset["in_person"]:
        return "hybrid"
    return "online" if asset["online"] else "in_person"


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def lonlat(x: float, y: float) -> tuple[float, float]:
    return TO_WGS84.transform(x, y)


def residents() -> Residents:
    rows = []
    for code, name, district, x, y, population, decile in LSOAS:
        rows.append(
            dict(
                code=code,
                name=name,
                district_code=district,
                population=population,
                imd_decile=decile,
                x=float(x),
                y=float(y),
                lon=lonlat(x, y)[0],
                lat=lonlat(x, y)[1],
            )
        )
    districts = pd.DataFrame(
        [(c, n) for c, n, in_area, _x in DISTRICTS if in_area], columns=["code", "name"]
    )
    return residents_from_frames(pd.DataFrame(rows), districts)


def listings(assets=None) -> Listings:
    assets = ASSETS if assets is None else assets
    rows, domains, audience, schedules = [], [], [], []
    for number, asset in enumerate(assets, start=1):
        x, y = asset["xy"] if asset["xy"] and asset["in_person"] else (None, None)
        rows.append(
            dict(
                id=number,
                kind=asset["kind"],
                attendance=attendance(asset),
                status=asset["status"],
                precision=asset["precision"] if x is not None else "none",
                district_code=asset["district"],
                x=x,
                y=y,
            )
        )
        domains += [dict(asset_id=number, domain=d) for d in asset["domains"]]
        audience += [dict(asset_id=number, tag=t) for t in asset["audience"]]
        schedules += [
            dict(asset_id=number, frequency=f, weekday=w, start_time=_time(t))
            for f, w, t in asset["schedules"]
        ]
    frame = pd.DataFrame(rows)
    frame[["x", "y"]] = frame[["x", "y"]].astype(float)
    return Listings(
        frame,
        pd.DataFrame(domains),
        pd.DataFrame(audience, columns=["asset_id", "tag"]),
        pd.DataFrame(schedules),
    )


# --- the same area as database rows ----------------------------------------------------------


def _square_ewkt(x_min: float) -> str:
    corners = [
        (x_min, 300000),
        (x_min + 10000, 300000),
        (x_min + 10000, 310000),
        (x_min, 310000),
        (x_min, 300000),
    ]
    ring = ", ".join("{!r} {!r}".format(*lonlat(x, y)) for x, y in corners)
    return f"SRID=4326;MULTIPOLYGON((({ring})))"


def add_to_database(session) -> None:
    """Districts, LSOAs and listings of this fixture, in an empty (migrated) database."""
    from mapapp.geo import ewkt_point
    from mapapp.models import (
        Asset,
        AssetDomain,
        AssetTag,
        District,
        Schedule,
        SmallArea,
        Venue,
    )

    for code, name, in_area, x_min in DISTRICTS:
        session.add(District(code=code, name=name, in_area=in_area, geom=_square_ewkt(x_min)))
    session.flush()
    for code, name, district, x, y, population, decile in LSOAS:
        session.add(
            SmallArea(
                code=code,
                name=name,
                district_code=district,
                population=population,
                imd_decile=decile,
                centroid=ewkt_point(*lonlat(x, y), 4326),
                centroid_bng=ewkt_point(x, y, 27700),
            )
        )
    for number, item in enumerate(ASSETS, start=1):
        venue = None
        if item["in_person"]:
            x, y = item["xy"]
            venue = Venue(
                name=f"{item['name']} venue",
                precision=item["precision"],
                district_code=item["district"] if item["store_district"] else None,
                geom=ewkt_point(*lonlat(x, y), 4326),
                geom_bng=ewkt_point(x, y, 27700),
            )
        session.add(
            Asset(
                slug=f"fixture-{number}",
                name=item["name"],
                kind=item["kind"],
                status=item["status"],
                venue=venue,
                attendance=attendance(item),
                conference_url="https://example.org/join" if item["online"] else None,
                domains=[AssetDomain(domain=d) for d in item["domains"]],
                tags=[AssetTag(category="audience", tag=t) for t in item["audience"]],
                schedules=[
                    Schedule(
                        frequency=f,
                        weekday=w,
                        start_time=_time(t),
                        anchor_date=dt.date(2026, 1, 10) if f == "fortnightly" else None,
                        nth=1 if f == "monthly" else None,
                    )
                    for f, w, t in item["schedules"]
                ],
            )
        )
    session.flush()
