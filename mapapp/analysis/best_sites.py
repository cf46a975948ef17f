"""Best sites: where k new listings of a domain would together bring the most residents
within reach who have none now.

Residents not yet within reach: the LSOAs whose nearest counted listing of the domain is
more than the main threshold T away (with a time-of-week slot: no session of the domain in
that slot within T). Candidate sites: every LSOA's population-weighted centroid and every
venue already in use (the distinct points of counted listings, any domain). A site
reaches the uncovered LSOAs within T of it (straight line, as the analysis measures).

Choosing k sites that together reach the most residents is the maximum-coverage problem
(NP-hard). When every combination of the useful candidates (those that reach someone) is
at most EXACT_LIMIT, all are tried and the answer is the best possible. Otherwise the
greedy heuristic picks, k times, the candidate that adds the most residents not yet
reached; it is guaranteed to reach at least 1 − 1/e ≈ 63.2% of what the best k sites
would (Nemhauser, Wolsey and Fisher, 1978), and usually far closer. The answer says which
method gave it. Ties go to the first candidate: centroids in the report's LSOA order,
then venues in listing order.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from .. import params as P
from .. import vocab as D
from ..geo import to_wgs84
from .baseline import Baseline
from .params import GAPS
from .supply import SLOTS

EXACT_LIMIT = 20_000  # combinations tried exactly; beyond this, greedy
MAX_SITES = 20
GREEDY_BOUND = 1 - 1 / math.e
METHODS = ("auto", "exact", "greedy")


@dataclass(frozen=True)
class Candidates:
    """Candidate sites: x, y, kind (centroid | venue), code (the LSOA; empty for a venue)."""

    frame: pd.DataFrame


@dataclass
class Site:
    x: float
    y: float
    kind: str
    label: str  # the LSOA code, or the listing ids at the venue
    residents: float  # residents this site adds (not reached by the sites chosen before)
    deprived: float
    lsoas: list[int]  # rows of the residents it adds


@dataclass
class BestSites:
    domain: str
    slot: tuple[str, str] | None
    method: str  # exact | greedy
    uncovered_residents: float
    uncovered_deprived: float
    sites: list[Site]

    @property
    def residents_reached(self) -> float:
        return sum(site.residents for site in self.sites)


def candidates(base: Baseline) -> Candidates:
    lsoas = base.residents.lsoas
    centroids = pd.DataFrame(
        {
            "x": lsoas["x"].astype(float),
            "y": lsoas["y"].astype(float),
            "kind": "centroid",
            "code": lsoas["code"].astype(str),
        }
    )
    # One candidate per venue point (its listings are named only for the chosen sites).
    venues = base.supply.points[["x", "y"]].drop_duplicates().assign(kind="venue", code="")
    return Candidates(pd.concat([centroids, venues], ignore_index=True))


def listings_at(base: Baseline, x: float, y: float) -> str:
    """The counted listings at a venue point, as "12,40"."""
    points = base.supply.points
    ids = points.loc[(points["x"] == x) & (points["y"] == y), "asset_id"]
    return ",".join(str(i) for i in sorted(set(ids.tolist())))


def uncovered(base: Baseline, domain: str, slot: tuple[str, str] | None) -> np.ndarray:
    """Booleans per LSOA: nobody there is within reach of the domain (in the slot)."""
    column = D.CODES.index(domain)
    if slot is None:
        return base.nearest[:, column] > base.params.threshold_m
    bit = np.uint32(SLOTS.index(slot))
    return ((base.masks[:, column] >> bit) & np.uint32(1)) == 0


def reach_pairs(points: pd.DataFrame, xy: np.ndarray, threshold: float):
    """(candidate, LSOA) index pairs within ``threshold`` of each other."""
    if not len(xy) or points.empty:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    tree = shapely.STRtree(shapely.points(xy))
    candidate, lsoa = tree.query(
        shapely.points(points[["x", "y"]].to_numpy(float)), predicate="dwithin", distance=threshold
    )
    return candidate.astype(np.int64), lsoa.astype(np.int64)


def greedy(pairs, weights: np.ndarray, count: int, k: int) -> list[int]:
    """Indices of up to k candidates, each the one adding the most weight not yet
    reached (the first on ties); stops early when no candidate adds anything."""
    candidate, lsoa = pairs
    alive = np.ones(len(weights), dtype=bool)
    chosen: list[int] = []
    for _ in range(k):
        gain = np.bincount(candidate, weights=weights[lsoa] * alive[lsoa], minlength=count)
        best = int(np.argmax(gain)) if count else 0
        if not count or gain[best] <= 0:
            break
        chosen.append(best)
        alive[lsoa[candidate == best]] = False
    return chosen


def exact(pairs, weights: np.ndarray, count: int, k: int) -> list[int]:
    """The best k candidates, by trying every combination of the useful ones."""
    candidate, lsoa = pairs
    reach = [set() for _ in range(count)]
    for c, r in zip(candidate.tolist(), lsoa.tolist(), strict=True):
        reach[c].add(r)
    useful = [c for c in range(count) if reach[c]]
    best, best_value = [], 0.0
    for combination in itertools.combinations(useful, min(k, len(useful))):
        value = weights[list(set().union(*(reach[c] for c in combination)))].sum()
        if value > best_value:
            best, best_value = list(combination), value
    return _in_greedy_order(best, reach, weights)


def _in_greedy_order(chosen: list[int], reach, weights) -> list[int]:
    """The chosen sites, biggest contribution first (so 'residents each adds' reads down);
    one that adds nothing once the others are chosen is left out, as greedy leaves it."""
    ordered, reached, left = [], set(), list(chosen)
    while left:
        site = max(left, key=lambda c: (weights[list(reach[c] - reached)].sum(), -c))
        if not weights[list(reach[site] - reached)].sum() > 0:
            break
        ordered.append(site)
        reached |= reach[site]
        left.remove(site)
    return ordered


def combinations_count(pairs, k: int) -> int:
    useful = len(np.unique(pairs[0]))
    return math.comb(useful, min(k, useful))


def best_sites(
    base: Baseline,
    domain: str,
    k: int = 5,
    slot: tuple[str, str] | None = None,
    method: str = "auto",
    deprived_weight: float = 1.0,
) -> BestSites:
    """The k sites; ``deprived_weight`` counts a resident of a most deprived LSOA that many
    times in the choice (1: every resident alike). Figures are always plain residents."""
    open_rows = np.flatnonzero(uncovered(base, domain, slot))
    people = base.residents.population[open_rows]
    deprived = people * base.residents.deprived[open_rows]
    weights = people + (deprived_weight - 1.0) * deprived
    sites = candidates(base).frame
    pairs = reach_pairs(sites, base.residents.xy[open_rows], base.params.threshold_m)
    if method == "auto":
        method = "exact" if combinations_count(pairs, k) <= EXACT_LIMIT else "greedy"
    choose = exact if method == "exact" else greedy
    chosen = choose(pairs, weights, len(sites), k)
    found = _sites(sites, pairs, chosen, open_rows, people, deprived)
    for site in found:
        if site.kind == "venue":
            site.label = listings_at(base, site.x, site.y)
    return BestSites(domain, slot, method, float(people.sum()), float(deprived.sum()), found)


def _sites(frame, pairs, chosen, open_rows, people, deprived) -> list[Site]:
    candidate, lsoa = pairs
    reached = np.zeros(len(people), dtype=bool)
    result = []
    for index in chosen:
        adds = np.unique(lsoa[(candidate == index)])
        adds = adds[~reached[adds]]
        reached[adds] = True
        row = frame.iloc[index]
        result.append(
            Site(
                float(row["x"]),
                float(row["y"]),
                row["kind"],
                row["code"],
                float(people[adds].sum()),
                float(deprived[adds].sum()),
                open_rows[adds].tolist(),
            )
        )
    return result


def best_sites_json(found: BestSites, base: Baseline, names: dict | None = None) -> dict:
    """``names``: LSOA code -> a recognisable place name (places.nearest_place_names)."""
    lsoas = base.residents.lsoas
    names = names or {}
    sites = []
    cumulative = 0.0
    for rank, site in enumerate(found.sites, start=1):
        lon, lat = to_wgs84(site.x, site.y)
        cumulative += site.residents
        codes = lsoas["code"].iloc[site.lsoas].tolist()
        sites.append(
            {
                "rank": rank,
                "lat": round(float(lat), 6),
                "lon": round(float(lon), 6),
                "x": round(site.x, 1),
                "y": round(site.y, 1),
                "kind": site.kind,
                "lsoa" if site.kind == "centroid" else "listings": site.label,
                "place": names.get(site.label) if site.kind == "centroid" else None,
                "residents_added": int(round(site.residents)),
                "deprived_residents_added": int(round(site.deprived)),
                "residents_reached_so_far": int(round(cumulative)),
                "neighbourhoods": [{"code": c, "place": names.get(c)} for c in codes],
            }
        )
    return {
        "domain": found.domain,
        "slot": None if found.slot is None else {"day": found.slot[0], "part": found.slot[1]},
        "threshold_m": base.params.threshold_m,
        "method": found.method,
        "method_text": METHOD_TEXT[found.method],
        "residents_beyond_reach": int(round(found.uncovered_residents)),
        "deprived_residents_beyond_reach": int(round(found.uncovered_deprived)),
        "residents_reached": int(round(found.residents_reached)),
        "sites": sites,
    }


METHOD_TEXT = {
    "exact": "Every combination of the candidate sites that reach someone was tried: no "
    "other choice of this many sites reaches more residents.",
    "greedy": "Greedy maximum coverage: each site in turn is the candidate adding the most "
    "residents not yet reached. Guaranteed to reach at least 1 − 1/e (63.2%) of "
    "what the best possible choice would (Nemhauser, Wolsey and Fisher 1978); "
    "usually much closer.",
}


# --- the parameters --------------------------------------------------------------------------


# /api/gaps/best-sites(.csv) and /gaps/best-sites: one domain, how many sites and a
# time-of-week slot, then the analysis's parameters but its domains (every one is computed).
SITES = P.Table(
    P.Single(
        "domain",
        "The domain of the new listings (exactly one).",
        allowed=D.CODES,
        refusal="exactly one domain code: " + ", ".join(D.CODES),
        example="mutual-aid",
        required=True,
    ),
    P.Whole(
        "k",
        "How many sites.",
        default=5,
        low=1,
        high=MAX_SITES,
        refusal=f"a whole number of sites from 1 to {MAX_SITES}",
    ),
    P.Option(
        "day",
        "With part: a time-of-week slot.",
        allowed=tuple(D.DAY_NUMBERS),
        refusal="mon, tue, wed, thu, fri, sat or sun, with part (or neither)",
        together_with="part",
    ),
    P.Option(
        "part",
        "With day: a time-of-week slot.",
        allowed=tuple(D.DAY_PARTS),
        refusal=", ".join(D.DAY_PARTS) + ", with day (or neither)",
        together_with="day",
    ),
    *(p for p in GAPS.params if p.name != "domain"),
)


def parse_site_query(args) -> tuple[str, int, tuple[str, str] | None]:
    """domain (one, required), k (1 to MAX_SITES, default 5), and optionally day and part
    together (a time-of-week slot) -> (domain, k, slot)."""
    domain, k, day, part = (SITES.read(args, name) for name in ("domain", "k", "day", "part"))
    return domain, k, None if day is None else (day, part)
