#!/usr/bin/env python3
"""How often the importer reads a real sheet right, on the labelled corpus.

    python scripts/ingest_accuracy.py [--corpus tests/data/ingest_corpus]
                                      [--database-url postgresql+psycopg://...] [--json]

Every file of the corpus (in the order of its corpus.json) goes through the real ingest
pipeline into a real database: a new SpatiaLite file by default, or an empty PostGIS
database given by --database-url. Each row is then compared with the reading a navigator
wrote by hand beside it (<file>.expected.json) and counted as:

  right      published and every field as expected, or held (not public) as expected
  held       not public although it could have been published: a navigator confirms it
  wrong      published with something wrong, or published when it should have been held

It prints the share of rows right, the accuracy of each field over the rows published as
expected, how many doubtful rows were held rather than published, and every wrong row.
The goal is at least 98% right and no wrong row published.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT / "tests" / "data" / "ingest_corpus"
FIELDS = (
    "schedule",
    "times",
    "location",
    "attendance",
    "domains",
    "audience",
    "verified",
    "duplicates",
    "status",
    "held",
)
PLACE_TOLERANCE_M = 1500  # a town's point: the listing is placed at the named place
EXACT_TOLERANCE_M = 25


@dataclass
class RowResult:
    key: str
    verdict: str  # right | held | wrong
    fields: dict = field(default_factory=dict)  # field -> True/False (None: not checked)
    detail: str = ""


@dataclass
class Accuracy:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def share_right(self) -> float:
        return self.count("right") / len(self.rows) if self.rows else 0.0

    def field_accuracy(self) -> dict[str, tuple[int, int]]:
        totals: dict[str, list[int]] = {name: [0, 0] for name in FIELDS}
        for row in self.rows:
            for name, good in row.fields.items():
                if good is not None:
                    totals[name][0] += bool(good)
                    totals[name][1] += 1
        return {name: (good, seen) for name, (good, seen) in totals.items()}

    def to_dict(self) -> dict:
        return {
            "rows": len(self.rows),
            "right": self.count("right"),
            "held": self.count("held"),
            "wrong": self.count("wrong"),
            "held_as_expected": sum(
                1 for r in self.rows if r.verdict == "right" and r.fields.get("held")
            ),
            "share_right": round(self.share_right, 4),
            "fields": {k: {"right": g, "of": n} for k, (g, n) in self.field_accuracy().items()},
            "wrong_rows": [
                {"row": r.key, "why": r.detail} for r in self.rows if r.verdict == "wrong"
            ],
            "held_rows": [
                {"row": r.key, "why": r.detail} for r in self.rows if r.verdict == "held"
            ],
        }


def measure(engine, settings, corpus: Path = DEFAULT_CORPUS) -> Accuracy:
    """Import the corpus into ``engine`` (reference data already loaded) and compare."""
    from mapapp.ingest import run_ingest

    manifest = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    outcomes: dict[str, object] = {}
    for source in manifest:
        report = run_ingest(
            engine,
            settings,
            corpus / source["file"],
            source=source["file"],
            **source.get("options", {}),
        )
        for row in report.rows:
            outcomes[f"{source['file']}:{row.key}"] = row
    accuracy = Accuracy()
    with _session(engine) as session:
        places = _Places(session)
        for source in manifest:
            expected = json.loads(
                (corpus / (source["file"] + ".expected.json")).read_text(encoding="utf-8")
            )
            for key, want in expected.items():
                full = f"{source['file']}:{key}"
                accuracy.rows.append(
                    _judge(session, places, full, want, outcomes.get(full), outcomes)
                )
    return accuracy


def _session(engine):
    from sqlalchemy.orm import Session

    return Session(engine)


class _Places:
    """The reference point of a named place, for rows placed at a town."""

    def __init__(self, session):
        from sqlalchemy import select

        from mapapp.models import Place
        from mapapp.text import normalise_place_name

        self.key = normalise_place_name
        self.points: dict[str, list[tuple[float, float]]] = {}
        for name_key, lon, lat in session.execute(select(Place.name_key, Place.lon, Place.lat)):
            self.points.setdefault(name_key, []).append((lon, lat))

    def distance_m(self, name: str, lon: float, lat: float) -> float:
        candidates = self.points.get(self.key(name), [])
        return min((_metres(lon, lat, *p) for p in candidates), default=math.inf)


def _metres(lon1, lat1, lon2, lat2) -> float:
    """Distance on the sphere; plenty for tolerances of tens of metres and more."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


def _judge(session, places, key: str, want: dict, outcome, outcomes) -> RowResult:
    asset = _asset(session, outcome)
    public = asset is not None and _is_public(asset)
    if want.get("held"):
        if public:
            return RowResult(
                key,
                "wrong",
                {"held": False} | _dup_field(want, False),
                f"published, but should be held: {want['held']}",
            )
        return RowResult(key, "right", {"held": True} | _dup_field(want, True), _reason(outcome))
    if want.get("status") == "inactive":
        good = not public
        return RowResult(
            key,
            "right" if good else "wrong",
            {"status": good},
            "" if good else "published, but the feed says temporarily closed",
        )
    if not public:
        return RowResult(
            key,
            "held",
            {"duplicates": not _held_as_duplicate(outcome)},
            _reason(outcome) or "not imported",
        )
    checks = _compare(asset, want, places)
    checks["duplicates"] = (True, "")
    wrong = {name: why for name, (good, why) in checks.items() if good is not None and not good}
    fields = {
        name: (value[0] if isinstance(value, tuple) else value) for name, value in checks.items()
    }
    if wrong:
        return RowResult(key, "wrong", fields, "; ".join(f"{k}: {v}" for k, v in wrong.items()))
    return RowResult(key, "right", fields)


def _dup_field(want: dict, held: bool) -> dict:
    return {"duplicates": held} if want.get("duplicate_of") else {}


def _asset(session, outcome):
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from mapapp.models import Asset

    if outcome is None or getattr(outcome, "asset_id", None) is None:
        return None
    return session.scalar(
        select(Asset)
        .where(Asset.id == outcome.asset_id)
        .options(
            selectinload(Asset.schedules),
            selectinload(Asset.domains),
            selectinload(Asset.tags),
            selectinload(Asset.venue),
        )
    )


def _is_public(asset) -> bool:
    return asset.status == "active"


def _reason(outcome) -> str:
    return getattr(outcome, "reason", None) or getattr(outcome, "outcome", "") or ""


def _held_as_duplicate(outcome) -> bool:
    return "duplicate" in (_reason(outcome) or "")


def _compare(asset, want: dict, places) -> dict:
    sessions = [_session_key(s) for s in asset.schedules]
    wanted = [_wanted_key(s) for s in want["sessions"]]
    shape = sorted(s[:4] for s in sessions) == sorted(s[:4] for s in wanted)
    times = sorted(sessions) == sorted(wanted)
    tags = {(t.category, t.tag) for t in asset.tags}
    audience = sorted(t for c, t in tags if c == "audience")
    access = sorted(t for c, t in tags if c == "accessibility")
    verified = asset.last_verified_at.date().isoformat() if asset.last_verified_at else None
    return {
        "schedule": (shape, f"read {sorted(sessions)}, expected {sorted(wanted)}"),
        "times": (times if shape else None, f"read {sorted(sessions)}, expected {sorted(wanted)}"),
        "location": _location(asset, want["location"], places),
        "attendance": (
            asset.attendance == want["attendance"],
            f"read {asset.attendance}, expected {want['attendance']}",
        ),
        "domains": (
            sorted(asset.domain_codes) == want["domains"],
            f"read {sorted(asset.domain_codes)}, expected {want['domains']}",
        ),
        "audience": (
            (audience, access) == (want["audience"], want["access"]),
            f"read {audience + access}, expected {want['audience'] + want['access']}",
        ),
        "verified": (verified == want["verified"], f"read {verified}, expected {want['verified']}"),
        "status": (asset.status == want.get("status", "active"), f"read {asset.status}"),
    }


def _session_key(s) -> tuple:
    anchor = _fortnight_phase(s.anchor_date) if s.frequency == "fortnightly" else None
    return (
        s.weekday,
        s.frequency,
        s.nth,
        anchor,
        s.start_time.strftime("%H:%M") if s.start_time else None,
        s.end_time.strftime("%H:%M") if s.end_time else None,
    )


def _wanted_key(s: dict) -> tuple:
    anchor = _fortnight_phase(dt.date.fromisoformat(s["anchor"])) if s["anchor"] else None
    return (s["weekday"], s["frequency"], s["nth"], anchor, s["start"], s["end"])


def _fortnight_phase(day: dt.date | None) -> int | None:
    """Two anchors mean the same fortnightly series when they are a whole number of
    fortnights apart."""
    return None if day is None else day.toordinal() % 14


def _location(asset, want: dict, places) -> tuple[bool, str]:
    from mapapp.listings.rules import venue_lonlat

    venue = asset.venue
    point = venue_lonlat(venue) if venue is not None else None
    precision = venue.precision if point else "none"
    if want["precision"] == "none":
        return precision == "none", f"read {precision}, expected no place (online)"
    if precision != want["precision"]:
        return False, f"read precision {precision}, expected {want['precision']}"
    if "postcode" in want:
        return venue.postcode == want[
            "postcode"
        ], f"read {venue.postcode}, expected {want['postcode']}"
    if "place" in want:
        far = places.distance_m(want["place"], *point)
        return far <= PLACE_TOLERANCE_M, f"{far:.0f} m from {want['place']}"
    far = _metres(*point, want["lon"], want["lat"])
    return far <= EXACT_TOLERANCE_M, f"{far:.0f} m from the given point"


def _database(url: str | None, workdir: Path) -> str:
    return url or f"sqlite:///{workdir / 'ingest_accuracy.sqlite'}"


def _prepare(url: str, settings):
    from mapapp.db import make_engine, upgrade
    from mapapp.reference import load_reference

    engine = make_engine(url)
    upgrade(engine)
    load_reference(engine, settings)
    return engine


def print_report(accuracy: Accuracy, out=sys.stdout) -> None:
    total = len(accuracy.rows)
    print(f"Rows: {total}", file=out)
    print(f"  right  {accuracy.count('right'):4d}  ({accuracy.share_right:.1%})", file=out)
    print(
        f"  held   {accuracy.count('held'):4d}  (not public until a navigator confirms; "
        "could have been published)",
        file=out,
    )
    print(f"  wrong  {accuracy.count('wrong'):4d}  (published with a mistake)", file=out)
    held_right = sum(1 for r in accuracy.rows if r.verdict == "right" and r.fields.get("held"))
    print(f"Doubtful rows held rather than published: {held_right}", file=out)
    print("Field accuracy (rows where the field was checked):", file=out)
    for name, (good, seen) in accuracy.field_accuracy().items():
        share = f"{good / seen:.1%}" if seen else "-"
        print(f"  {name:11s} {good:4d} / {seen:<4d} {share}", file=out)
    for verdict in ("wrong", "held"):
        for row in (r for r in accuracy.rows if r.verdict == verdict):
            print(f"{verdict}: {row.key}: {row.detail}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--database-url",
        help="an empty PostGIS database (default: a new SpatiaLite file in a temporary folder)",
    )
    parser.add_argument(
        "--reference-dir",
        help="the reference data folder (default: MAPAPP_REFERENCE_DIR or the configured one)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    from mapapp.config import build_config

    overrides = {"REFERENCE_DIR": args.reference_dir} if args.reference_dir else {}
    settings = build_config(overrides=overrides)
    with tempfile.TemporaryDirectory() as workdir:
        engine = _prepare(_database(args.database_url, Path(workdir)), settings)
        try:
            accuracy = measure(engine, settings, args.corpus)
        finally:
            engine.dispose()
    if args.json:
        print(json.dumps(accuracy.to_dict(), indent=1))
    else:
        print_report(accuracy)
    return 0 if accuracy.count("wrong") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
