#!/usr/bin/env python3
"""Byte-identical responses: record what a fixed list of public requests returns, and
compare another tree's answers with the record (for changes that must not alter behaviour,
such as moving modules).

    python scripts/check_responses.py record OUT.json
    python scripts/check_responses.py compare OUT.json [--expected FILE]

Both take --match TEXT (repeatable) to run only the requests containing TEXT.

The data: a SpatiaLite database built with the project's own commands (`init-db`,
`reference load`, `demo load --replace`, run as `python -m mapapp`, so the tree on
PYTHONPATH builds it) from MAPAPP_REFERENCE_DIR, cached in the temporary folder under a key
made of the reference files' contents and this recipe. The demo generator is seeded, but it
stamps rows with the wall clock (created, last verified, the data version) and the API shows
those stamps, so two builds are never byte-identical. `record` therefore keeps the database
it served beside the record (OUT.sqlite), and `compare` serves that same database: a
difference is always the code's, never the data's.

The app runs in-process (Flask's test client) through `mapapp.create_app` only, with a fixed
clock (the Tuesday 18:30 Europe/London after the database was built, kept in the record) and
a fixed secret key. What still varies per run is normalised, and only that (see NORMALISED).

`compare` exits 0 when every response matches; otherwise it prints each differing request
with a unified diff of its first differing lines, and exits 1. Requests listed in
scripts/expected_response_changes.txt (one a line: the request, then why it may change) are
reported apart, as "changed as expected", and do not fail the check.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import difflib
import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

SCRIPTS = Path(__file__).resolve().parent
EXPECTED_CHANGES = SCRIPTS / "expected_response_changes.txt"
FORMAT = 1
# Part of the cache key: change it when the build commands below change.
RECIPE = "init-db; reference load; demo load --replace --count 400 --seed 2026"
DEMO_COUNT, DEMO_SEED = 400, 2026
SECRET_KEY = "check-responses"  # signs the session cookie; fixed so the run is repeatable
LONDON = ZoneInfo("Europe/London")

# --- the fixed list of requests ----------------------------------------------------------
# Values come from the demo data (seed 2026, 400 listings, ids 1-400) and the reference
# data of the nine Derbyshire districts. Kept literal so the list cannot drift with the code.

POSTCODES = (
    "DE1 2LR",
    "DE24 8BJ",
    "DE4 4JA",
    "DE5 3HH",
    "DE56 1UX",
    "DE75 7AT",
    "NG16 4HJ",
    "S18 8NW",
    "S44 6JQ",
    "SK13 8SU",
    "SK22 4DU",
    "SK23 7PG",
)
PLACES = (
    "Derby",
    "Chesterfield",
    "Matlock",
    "Buxton",
    "Glossop",
    "Swadlincote",
    "Ilkeston",
    "Milton",
    "Newton",
    "Clifton",
    "Bridge End",
)
DISTRICTS = (
    "E06000015",
    "E07000032",
    "E07000033",
    "E07000034",
    "E07000035",
    "E07000036",
    "E07000037",
    "E07000038",
    "E07000039",
)
DOMAINS = (
    "twelve-step",
    "mutual-aid",
    "recovery-support",
    "activities",
    "volunteering",
    "community-links",
    "growth-pathways",
    "treatment",
)
KINDS = ("meeting", "service", "activity", "opportunity")
PARTS = ("morning", "afternoon", "evening", "night")
ATTENDANCE = ("in_person", "online", "hybrid")
AUDIENCE = (
    "women",
    "men",
    "lgbtq",
    "young-people",
    "family-friends",
    "veterans",
    "bsl",
    "pl",
    "ur",
)
ACCESSIBILITY = ("wheelchair", "hearing-loop", "accessible-toilet", "step-free")
TAXONOMIES = (
    "1d274a71-56b0-5bb3-a56c-33d39d0c96b2",
    "3f7b055c-9feb-572e-804d-efee88b4b4bc",
    "804df2a5-48ea-53be-b59e-072dc5ceb617",
    "559938fc-9115-504b-b702-56234fcd6b77",
)
TERMS = (
    "af558337-5bf2-5d42-80f0-83a3078e21be",  # twelve-step
    "8205fa4b-aa2d-5e20-8505-160b696e3d00",  # meeting
    "5e5c3654-bc1f-586b-b04b-34a661eff69a",  # women
    "c19d4f74-f730-5928-9340-736028b705ba",
)  # wheelchair
BIG_ID = "99999999999999999999"  # beyond any database integer: a 404, not a 500


def _url(path: str, **params) -> str:
    """A request line with its parameters in the order given (lists repeat the name)."""
    pairs = []
    for name, value in params.items():
        for one in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append(f"{name.rstrip('_')}={quote_plus(str(one))}")
    return path + ("?" + "&".join(pairs) if pairs else "")


def _search_sets(path: str) -> list[str]:
    """The finder's parameter grammar, shared by /find, /api/assets and /find.ics."""
    near = "Derby"
    urls = [_url(path, near=p) for p in POSTCODES]
    urls += [_url(path, near=p) for p in PLACES]
    urls += [
        _url(path, near="de12lr"),
        _url(path, near="52.92,-1.48"),
        _url(path, near="53.25, -1.42", radius_km=3),
    ]
    urls += [_url(path, near=near, domain=d) for d in DOMAINS]
    urls += [
        _url(path, near=near, domain="twelve-step,mutual-aid"),
        _url(path, near=near, domain=["activities", "volunteering"]),
    ]
    urls += [_url(path, near=near, kind=k) for k in KINDS]
    urls += [_url(path, near=near, day=d) for d in ("today", "mon", "tue", "saturday")]
    urls += [_url(path, near=near, part=p) for p in PARTS]
    urls += [
        _url(path, near=near, day="tue", part="evening"),
        _url(path, near=near, from_="18:00", to="21:00"),
        _url(path, near=near, when="now"),
        _url(path, when="now"),
        _url(path, near=near, sort="next"),
        _url(path, sort="next", limit=20),
    ]
    urls += [_url(path, near=near, attendance=a) for a in ATTENDANCE]
    urls += [_url(path, near=near, audience=a) for a in AUDIENCE[:4]]
    urls += [_url(path, near=near, accessibility=a) for a in ACCESSIBILITY[:2]]
    urls += [
        _url(path, near=near, fellowship="AA"),
        _url(path, q="recovery"),
        _url(path, near="Chesterfield", q="walk"),
        _url(path, near=near, limit=5),
        _url(path, near=near, limit=5, offset=5),
        _url(path, near=near, limit=500),
        _url(path, limit=10, offset=390),
        _url(path, near=near, radius_km=2),
        _url(path, near=near, radius_km=100),
        _url(
            path,
            near="Buxton",
            domain="twelve-step",
            day="wed",
            part="evening",
            attendance="in_person",
            accessibility="wheelchair",
            sort="next",
        ),
    ]
    # Bad input: each a 400 (or 404 for a place that does not exist) naming the parameter.
    urls += [
        _url(path, near="DE99 9ZZ"),
        _url(path, near="Atlantis"),
        _url(path, near="10,10"),
        _url(path, domain="bogus"),
        _url(path, day="funday"),
        _url(path, from_="25:00"),
        _url(path, limit=0),
        _url(path, radius_km="far"),
        _url(path, sort="bogus"),
        _url(path, when="later"),
        _url(path, kind="party"),
        _url(path, offset=-1),
    ]
    return urls


def _pages() -> list[str]:
    return [
        "/",
        "/find",
        _url("/find", near="Derby", print=1),
        "/api",
        "/suggest",
        "/sign-in",
        "/assets/1/report",
        "/assets/250/report",
        "/static/mapapp.css",
        "/static/finder.js",
        "/static/vendor/leaflet/leaflet.css",
        "/no-such-page",
        "/api/no-such-endpoint",
        "/sign-out",
        "/workspace",
    ]


def _listings() -> list[str]:
    sample = [1, 2, 3, 17, *range(10, 401, 10), 399]
    urls = [f"/assets/{i}" for i in sorted(set(sample))]
    urls += [f"/api/assets/{i}" for i in (1, 2, 17, 50, 123, 200, 333, 400)]
    urls += [f"/assets/{i}.ics" for i in (1, 17, 42, 150, 400)]
    for missing in ("0", "401", BIG_ID):
        urls += [f"/assets/{missing}", f"/api/assets/{missing}", f"/assets/{missing}.ics"]
    return urls


def _open_referral() -> list[str]:
    base = "/openreferral"
    urls = [
        f"{base}/",
        f"{base}/services",
        _url(f"{base}/services", per_page=10, page=3),
        _url(f"{base}/services", search="recovery"),
        _url(f"{base}/services", day="TU", start_time="18:00"),
        _url(f"{base}/services", end_time="12:00"),
        _url(f"{base}/service_at_locations", postcode="DE1 2LR", proximity=5000),
        _url(f"{base}/service_at_locations", per_page=5),
    ]
    urls += [_url(f"{base}/services", taxonomy_term_id=t) for t in TERMS]
    urls += [_url(f"{base}/services", taxonomy_id=TAXONOMIES[1], per_page=5)]
    urls += [f"{base}/services/6d617061-0001-4000-8000-{n:012x}" for n in (1, 17, 400)]
    urls += [
        f"{base}/taxonomies",
        _url(f"{base}/taxonomies", per_page=2, page=2),
        f"{base}/taxonomy_terms",
        _url(f"{base}/taxonomy_terms", per_page=5, page=2),
    ]
    urls += [f"{base}/taxonomies/{t}" for t in TAXONOMIES]
    urls += [f"{base}/taxonomy_terms/{t}" for t in TERMS]
    urls += [
        f"{base}/services/6d617061-0001-4000-8000-000000000999",
        f"{base}/services/not-an-id",
        f"{base}/services/{BIG_ID}",
        f"{base}/taxonomies/nope",
        f"{base}/taxonomy_terms/nope",
        _url(f"{base}/services", page=0),
        _url(f"{base}/services", per_page=501),
        _url(f"{base}/services", day="XX"),
        _url(f"{base}/services", start_time="7pm"),
        _url(f"{base}/services", taxonomy_term_id="nope"),
        _url(f"{base}/service_at_locations", proximity=500),
        _url(f"{base}/service_at_locations", postcode="nonsense"),
        _url(f"{base}/service_at_locations", postcode="DE99 9ZZ"),
    ]
    return urls


def _calendars() -> list[str]:
    urls = [_url("/find.ics", near=p) for p in ("Derby", "S18 8NW", "Milton")]
    urls += [
        "/find.ics",
        _url("/find.ics", near="Derby", domain="twelve-step", day="tue"),
        _url("/find.ics", near="Matlock", limit=5),
        _url("/find.ics", day="funday"),
    ]
    urls += [f"/districts/{code}.ics" for code in DISTRICTS]
    urls += ["/districts/E99999999.ics"]
    return urls


def _gap_sets(path: str) -> list[str]:
    return [
        path,
        _url(path, threshold_m=1000),
        _url(path, threshold_m=[800, 3000]),
        _url(path, domain="twelve-step"),
        _url(path, domain="activities,volunteering"),
        _url(path, attendance="in_person"),
        _url(path, audience="women"),
        _url(path, threshold_m="x"),
        _url(path, domain="bogus"),
    ]


def _gaps() -> list[str]:
    urls = _gap_sets("/gaps") + _gap_sets("/api/gaps")
    urls += [f"/gaps/{code}" for code in DISTRICTS] + ["/gaps/E08000016", "/gaps/nope"]
    urls += [
        "/api/gaps.csv",
        _url("/api/gaps.csv", domain="mutual-aid", threshold_m=2000),
        _url("/api/gaps.csv", audience="bogus"),
        "/api/gaps/lsoa.geojson",
        _url("/api/gaps/lsoa.geojson", threshold_m=1500, attendance="hybrid"),
    ]
    return urls


ADD = "mutual-aid@52.9225,-1.4746"  # in Derby


def _decisions() -> list[str]:
    """The commissioner-decision pages and their JSON and CSV twins (web/decisions.py), each
    parameter good and bad; on the default analysis and one other, within the gap budget."""
    urls = []
    for path in ("/gaps/priorities", "/api/gaps/priorities", "/api/gaps/priorities.csv"):
        urls += [
            path,
            _url(path, deprived_weight=5, sort="status"),
            _url(path, sort="beyond", sort_domain="mutual-aid", threshold_m=1000),
            _url(path, deprived_weight=" 3 ", sort=" ", sort_domain=""),
        ]
    urls += [
        _url("/api/gaps/priorities", deprived_weight=w) for w in ("0", "11", "x", "nan", "inf", " ")
    ]
    urls += [
        _url("/api/gaps/priorities", sort="bogus"),
        _url("/api/gaps/priorities", sort_domain="treatment"),
        _url("/api/gaps/priorities", sort_domain="bogus", sort="status"),
        _url("/gaps/priorities", deprived_weight="x"),
        _url("/api/gaps/priorities", deprived_weight="x", domain="bogus"),
    ]
    good_adds = [
        ADD,
        "twelve-step@53.23,-1.42;day=tue;start=19:30",
        "activities@53.25,-1.91;day=sat;start=10:00;attendance=hybrid;audience=women",
        " recovery-support @ 52.8 , -1.6 ;day = sun",
    ]
    for path in ("/gaps/scenario", "/api/gaps/scenario"):
        urls += [path, _url(path, add=good_adds, close=[5, 17, 5])]
        urls += [_url(path, add=a) for a in good_adds[1:]]
        urls += [_url(path, close=" 40 ", threshold_m=1000, add=" ")]
    bad_adds = [
        "smart@52.9,-1.5",
        "mutual-aid@-1.5,52.9",
        "mutual-aid@52.9",
        "mutual-aid@52.9,-1.5;day=tuesday",
        "mutual-aid@52.9,-1.5;start=19:30",
        "mutual-aid@52.9,-1.5;day=tue;start=25:00",
        "mutual-aid@52.9,-1.5;attendance=online",
        "mutual-aid@52.9,-1.5;audience=nobody",
        "mutual-aid@52.9,-1.5;colour=red",
    ]
    urls += [_url("/api/gaps/scenario", add=a) for a in bad_adds]
    urls += [_url("/api/gaps/scenario", close=c) for c in ("abc", "0", "-3", "1.5", "9999")]
    urls += [
        _url("/api/gaps/scenario", add=[ADD] * 21),
        _url("/api/gaps/scenario", close=list(range(1, 102))),
        _url("/api/gaps/scenario", add="smart@52.9,-1.5", close=list(range(1, 102))),
        _url("/api/gaps/scenario", add=[ADD] * 21, close="abc"),
        _url("/gaps/scenario", add=bad_adds[0]),
        _url("/gaps/scenario", close="9999"),
        _url("/gaps/scenario", add_where="Matlock", add_domain="mutual-aid", add_day="wed"),
        _url("/gaps/scenario", add_lat="52.9", add_lon="-1.5", add_domain="twelve-step"),
        _url("/gaps/scenario", add_lat="52.9", add_lon="-1.5", add_domain="smart"),
        _url("/gaps/scenario", add=ADD, close_id="12", threshold_m=1000),
    ]
    for path in ("/gaps/best-sites", "/api/gaps/best-sites", "/api/gaps/best-sites.csv"):
        urls += [
            _url(path, domain="mutual-aid"),
            _url(path, domain="twelve-step", k=3, day="tue", part="evening"),
            _url(path, domain=" activities ", k=" 2 ", threshold_m=1000),
        ]
    urls += [
        "/gaps/best-sites",
        _url("/gaps/best-sites", k=2),
        "/api/gaps/best-sites",
        _url("/api/gaps/best-sites", domain=["mutual-aid", "twelve-step"]),
        _url("/api/gaps/best-sites", domain="mutual-aid,twelve-step"),
        _url("/api/gaps/best-sites", domain="bogus"),
        _url("/api/gaps/best-sites", domain="treatment", k=1),
        _url("/api/gaps/best-sites", domain="mutual-aid", k=20, attendance="hybrid"),
    ]
    urls += [
        _url("/api/gaps/best-sites", domain="mutual-aid", k=k) for k in ("0", "21", "x", "+3", "")
    ]
    urls += [
        _url("/api/gaps/best-sites", domain="mutual-aid", day="mon"),
        _url("/api/gaps/best-sites", domain="mutual-aid", part="night"),
        _url("/api/gaps/best-sites", domain="mutual-aid", day="monday", part="night"),
        _url("/api/gaps/best-sites", domain="mutual-aid", day="mon", part="dawn"),
        _url("/api/gaps/best-sites", domain="mutual-aid", day=" mon ", part=" night "),
        _url("/api/gaps/best-sites", domain="mutual-aid", k=0, day="x", threshold_m="x"),
        _url("/api/gaps/best-sites", domain="bogus", k=0),
        _url("/gaps/best-sites", domain="mutual-aid", k=0),
        "/api/gaps/lsoa.csv",
        _url("/api/gaps/lsoa.csv", threshold_m=1000, domain="bogus"),
    ]
    return urls


def _feeds() -> list[str]:
    return ["/api/openapi.json", "/feeds/meeting-guide.json"]


def request_list() -> list[str]:
    """Every request, in a fixed order; the order is part of the record."""
    urls = (
        _pages()
        + _search_sets("/find")
        + _search_sets("/api/assets")
        + _listings()
        + _open_referral()
        + _calendars()
        + _gaps()
        + _feeds()
        + _decisions()
    )
    repeated = sorted({u for u in urls if urls.count(u) > 1})
    if repeated:
        raise SystemExit(f"The request list names these more than once: {repeated}")
    return urls


# --- the database ---------------------------------------------------------------------------


def reference_dir() -> Path:
    value = os.environ.get("MAPAPP_REFERENCE_DIR")
    if not value:
        raise SystemExit(
            "Set MAPAPP_REFERENCE_DIR to the reference data folder (e.g. "
            "export MAPAPP_REFERENCE_DIR=/work/shared/reference)."
        )
    return Path(value).resolve()


def cache_key(reference: Path) -> str:
    """Changes with the recipe, the reference data and the mapapp code that builds the database:
    a cache left in the temporary folder by an older checkout (an older schema) is never reused."""
    digest = hashlib.sha256(RECIPE.encode())
    package = Path(importlib.util.find_spec("mapapp").origin).parent
    for root, pattern in ((reference, "*"), (package, "*.py")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def _mapapp(args: list[str], url: str) -> None:
    """One `mapapp` command in a child process, as an operator would run it."""
    # The child imports the same mapapp as this process serves, wherever it is run from.
    tree = str(Path(importlib.util.find_spec("mapapp").origin).parent.parent)
    path = os.pathsep.join(p for p in (tree, os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, MAPAPP_DATABASE_URL=url, PYTHONPATH=path)
    done = subprocess.run(
        [sys.executable, "-m", "mapapp", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"'mapapp {' '.join(args)}' failed:\n{done.stdout}{done.stderr}")


def cached_database(reference: Path) -> tuple[Path, dt.datetime]:
    """The demo database for this reference data, built once; (its path, when built)."""
    folder = Path(tempfile.gettempdir()) / "mapapp-check-responses" / cache_key(reference)
    database, stamp = folder / "demo.sqlite", folder / "built.txt"
    if not (database.exists() and stamp.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=folder))
        url = f"sqlite:///{work / 'demo.sqlite'}"
        built = dt.datetime.now(dt.UTC).replace(microsecond=0)
        for command in (
            ["init-db"],
            ["reference", "load"],
            ["demo", "load", "--replace", "--count", str(DEMO_COUNT), "--seed", str(DEMO_SEED)],
        ):
            _mapapp(command, url)
        # Moved into place whole, so a build another run interrupted is never reused.
        os.replace(work / "demo.sqlite", database)
        stamp.write_text(built.isoformat())
        shutil.rmtree(work, ignore_errors=True)
    return database, dt.datetime.fromisoformat(stamp.read_text().strip())


def fixed_clock(built: dt.datetime) -> dt.datetime:
    """The first Tuesday, 18:30 in London, at least a day after the build: evening groups
    are starting, and 'last verified' dates read as they would on a real day."""
    day = built.astimezone(LONDON).date() + dt.timedelta(days=1)
    day += dt.timedelta(days=(1 - day.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(18, 30), tzinfo=LONDON)


# --- serving and normalising ----------------------------------------------------------------

# Each pattern replaces something that differs between two runs of the same code on the same
# data, and nothing else:
NORMALISED = {
    # folium/branca name every map element <kind>_<32 random hex digits>; the names are
    # numbered in order of first use, so a page that refers to the wrong element still differs.
    "map element names": re.compile(rb"\b([a-z][a-z_]*?)_[0-9a-f]{32}(?![0-9a-f])"),
    # Flask-WTF's token is a random secret signed with the current time.
    "CSRF tokens": re.compile(rb'(name="csrf_token"[^>]*?value=")[^"]*(")'),
}
# The session cookie carries the CSRF secret and a time stamp.
SESSION_COOKIE = re.compile(r"^(session=)[^;]*")
# Set by file responses (static and vendor files) from the wall clock (Date, Expires) and the
# file's modification time in this checkout (Last-Modified, ETag): not the code's answer.
DROPPED_HEADERS = {"date", "expires", "last-modified", "etag"}
# The CSP nonce is random per response; it is read from the header and replaced wherever it
# appears (header and the <script nonce="…"> attributes), so only that exact value changes.
NONCE = re.compile(r"'nonce-([A-Za-z0-9_\-]+)'")


def _number_names(body: bytes) -> bytes:
    names: dict[bytes, bytes] = {}

    def numbered(match: re.Match) -> bytes:
        return names.setdefault(match.group(0), match.group(1) + b"_%d" % (len(names) + 1))

    return NORMALISED["map element names"].sub(numbered, body)


def normalise(headers: list[tuple[str, str]], body: bytes) -> tuple[list, bytes]:
    csp = next((v for k, v in headers if k.lower() == "content-security-policy"), "")
    found = NONCE.search(csp)
    kept = []
    for name, value in headers:
        if name.lower() in DROPPED_HEADERS:
            continue
        if found:
            value = value.replace(found.group(1), "NONCE")
        if name.lower() == "set-cookie":
            value = SESSION_COOKIE.sub(r"\1SESSION", value)
        kept.append([name, value])
    if found:
        body = body.replace(found.group(1).encode(), b"NONCE")
    body = NORMALISED["CSRF tokens"].sub(rb"\1CSRF\2", _number_names(body))
    return kept, body


@dataclass
class Answer:
    request: str
    status: int
    content_type: str
    headers: list
    body: bytes

    def to_json(self) -> dict:
        return {
            "request": self.request,
            "status": self.status,
            "content_type": self.content_type,
            "headers": self.headers,
            "sha256": hashlib.sha256(self.body).hexdigest(),
            "body": base64.b64encode(gzip.compress(self.body, mtime=0)).decode(),
        }

    @classmethod
    def from_json(cls, item: dict) -> Answer:
        return cls(
            item["request"],
            item["status"],
            item["content_type"],
            item["headers"],
            gzip.decompress(base64.b64decode(item["body"])),
        )

    def same_as(self, other: Answer) -> bool:
        return (self.status, self.content_type, self.headers, self.body) == (
            other.status,
            other.content_type,
            other.headers,
            other.body,
        )


def fetch_all(database: Path, clock: dt.datetime, requests: list[str]) -> list[Answer]:
    """Serve a copy of ``database`` (requests never touch the original) and ask each request
    in turn, each without cookies, so no answer depends on the one before."""
    from mapapp import create_app  # the tree on PYTHONPATH

    with tempfile.TemporaryDirectory() as work:
        served = Path(work) / "served.sqlite"
        shutil.copyfile(database, served)
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{served}",
                "SECRET_KEY": SECRET_KEY,
                "CLOCK": lambda: clock,
            }
        )
        client = app.test_client(use_cookies=False)
        answers = []
        for url in requests:
            response = client.get(url)
            headers, body = normalise(list(response.headers.items()), response.get_data())
            answers.append(
                Answer(url, response.status_code, response.content_type or "", headers, body)
            )
            response.close()
        app.extensions["mapapp.engine"].dispose()
    return answers


# --- record and compare ---------------------------------------------------------------------


def sidecar(record: Path) -> Path:
    return record.with_suffix(".sqlite")


def chosen(requests: list[str], match: list[str] | None) -> list[str]:
    return [r for r in requests if not match or any(m in r for m in match)]


def record(out: Path, match: list[str] | None = None) -> int:
    started = time.perf_counter()
    database, built = cached_database(reference_dir())
    clock = fixed_clock(built)
    answers = fetch_all(database, clock, chosen(request_list(), match))
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, sidecar(out))
    document = {
        "format": FORMAT,
        "clock": clock.isoformat(),
        "built": built.isoformat(),
        "database": sidecar(out).name,
        "recipe": RECIPE,
        "answers": [a.to_json() for a in answers],
    }
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    partial = out.with_suffix(".partial")
    partial.write_text(text)
    partial.replace(out)
    statuses = _status_counts(answers)
    print(
        f"Recorded {len(answers)} requests ({statuses}) into {out}, database "
        f"{sidecar(out)}, clock {clock.isoformat()}, in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _status_counts(answers: list[Answer]) -> str:
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.status] = counts.get(answer.status, 0) + 1
    return ", ".join(f"{n} × {s}" for s, n in sorted(counts.items()))


def read_expected(path: Path) -> dict[str, str]:
    """request -> why its answer may change. A line: the request (no spaces), then the
    reason; blank lines and lines starting with # are ignored."""
    if not path.exists():
        return {}
    expected = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        request, _, reason = line.strip().partition(" ")
        if not reason.strip():
            raise SystemExit(
                f"{path}:{number}: give the reason after the request "
                f"('{request} <why it may change>')."
            )
        expected[request] = reason.strip()
    return expected


def _display_lines(answer: Answer) -> list[str]:
    """The body as lines for a diff: JSON indented (the API answers on one line)."""
    text = answer.body.decode("utf-8", errors="replace")
    if "json" in answer.content_type:
        try:
            text = json.dumps(json.loads(text), indent=1, ensure_ascii=False)
        except ValueError:
            pass
    head = [f"status: {answer.status}", f"content-type: {answer.content_type}"]
    head += [f"header {name}: {value}" for name, value in answer.headers]
    return head + [line[:240] for line in text.splitlines()]


def difference(before: Answer, after: Answer, lines: int = 30) -> str:
    diff = difflib.unified_diff(
        _display_lines(before), _display_lines(after), "before", "after", n=2, lineterm=""
    )
    shown = [next(diff, None) for _ in range(lines)]
    text = "\n".join(line for line in shown if line is not None)
    return text + ("\n  …" if next(diff, None) is not None else "")


def load_record(record_path: Path) -> tuple[dict, Path]:
    """The record and the database it was made on; a clear stop if either is missing."""
    if not record_path.exists():
        raise SystemExit(f"There is no record at {record_path}: make one with 'record'.")
    document = json.loads(record_path.read_text())
    if document.get("format") != FORMAT:
        raise SystemExit(f"{record_path} is not a record of this script (format {FORMAT}).")
    database = record_path.parent / document["database"]
    if not database.exists():
        raise SystemExit(f"The record's database {database} is missing: record again.")
    return document, database


def sort_answers(recorded: list[Answer], now: list[Answer], expected: dict[str, str]):
    """(differ, changed as expected, listed but unchanged): pairs, pairs, requests."""
    differ, as_expected, unchanged_expected = [], [], []
    for before, after in zip(recorded, now, strict=True):
        if before.same_as(after):
            if before.request in expected:
                unchanged_expected.append(before.request)
        elif before.request in expected:
            as_expected.append((before, after))
        else:
            differ.append((before, after))
    return differ, as_expected, unchanged_expected


def compare(
    record_path: Path, expected_path: Path = EXPECTED_CHANGES, match: list[str] | None = None
) -> int:
    started = time.perf_counter()
    document, database = load_record(record_path)
    recorded = [Answer.from_json(a) for a in document["answers"]]
    recorded = [a for a in recorded if chosen([a.request], match)]
    expected = read_expected(expected_path)
    now = fetch_all(
        database, dt.datetime.fromisoformat(document["clock"]), [a.request for a in recorded]
    )
    differ, as_expected, unchanged_expected = sort_answers(recorded, now, expected)
    for before, after in differ:
        print(f"DIFFERS  {before.request}\n{difference(before, after)}\n")
    for before, after in as_expected:
        print(
            f"changed as expected  {before.request}  ({expected[before.request]}): "
            f"{before.status} -> {after.status}"
        )
    for request in unchanged_expected:
        print(f"listed as expected to change, but unchanged  {request}")
    _note_list_drift(recorded, expected, match)
    if differ:
        print("Differ:\n  " + "\n  ".join(before.request for before, _ in differ))
    same = len(recorded) - len(differ) - len(as_expected)
    print(
        f"{len(recorded)} requests: {same} identical, {len(as_expected)} changed as "
        f"expected, {len(differ)} differ; {time.perf_counter() - started:.1f} s"
    )
    return 1 if differ else 0


def _note_list_drift(
    recorded: list[Answer], expected: dict[str, str], match: list[str] | None
) -> None:
    """compare asks what the record holds; say so when this script's list has moved on."""
    names = {a.request for a in recorded}
    for request in chosen(list(expected), match):
        if request not in names:
            print(f"note: {request} is in the expected-changes list but not in the record")
    current = set(chosen(request_list(), match))
    if current != names:
        print(
            f"note: this script now lists {len(current - names)} requests the record "
            f"lacks and lacks {len(names - current)} it holds; record again to refresh"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("record", type=Path, help="the record file (JSON)")
    parser.add_argument(
        "--expected",
        type=Path,
        default=EXPECTED_CHANGES,
        help="requests allowed to change, with reasons (compare)",
    )
    parser.add_argument(
        "--match", action="append", help="only requests containing this text (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.action == "record":
        return record(args.record, args.match)
    return compare(args.record, args.expected, args.match)


if __name__ == "__main__":
    sys.exit(main())
