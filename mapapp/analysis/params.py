"""The parameters of a gap analysis, read and checked in one place for the page, the API
and the command line, so the three always mean the same thing by the same words.

They are declared once, in GAPS (params.py's kinds of parameter): a bad value raises
params.BadParameter (a 400 naming the parameter and what is allowed), and the OpenAPI
document lists them from the same table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import params as P
from .. import vocab as D

DEFAULT_THRESHOLDS_M = (1600.0, 5000.0)  # about a 20-minute walk, and a short bus ride
MAX_THRESHOLD_M = 50_000.0
MAX_THRESHOLDS = 4
SUPPLY_ATTENDANCE = ("in_person", "hybrid")  # online-only listings are never local coverage
AUDIENCES = tuple(D.AUDIENCE_TAGS) + D.FINDER_LANGUAGES
THRESHOLD_HELP = (
    f"one to {MAX_THRESHOLDS} distances in metres, each more than 0 and at "
    f"most {MAX_THRESHOLD_M:,.0f} (e.g. 1600 or 1600,5000)"
)


@dataclass(frozen=True)
class GapParams:
    """What to analyse. The first threshold is the main one: gap flags, the checklist,
    time of week and the maps use it; every threshold gets coverage figures."""

    thresholds_m: tuple[float, ...] = DEFAULT_THRESHOLDS_M
    domains: tuple[str, ...] = D.CODES  # which domains to show; all eight are computed
    attendance: tuple[str, ...] = SUPPLY_ATTENDANCE
    audience: tuple[str, ...] = ()  # empty: every listing; else any of these tags

    @property
    def threshold_m(self) -> float:
        return self.thresholds_m[0]

    def to_json(self) -> dict:
        return {
            "threshold_m": [plain_number(t) for t in self.thresholds_m],
            "domain": list(self.domains),
            "attendance": list(self.attendance),
            "audience": list(self.audience),
        }

    def query(self) -> list[tuple[str, str]]:
        """As URL query pairs (for links to the same analysis in another format)."""
        pairs = [("threshold_m", str(plain_number(t))) for t in self.thresholds_m]
        if self.domains != D.CODES:
            pairs += [("domain", d) for d in self.domains]
        if self.attendance != SUPPLY_ATTENDANCE:
            pairs += [("attendance", a) for a in self.attendance]
        return pairs + [("audience", a) for a in self.audience]


def plain_number(value: float) -> float | int:
    """1600.0 -> 1600 (for URLs, keys and JSON); 750.5 stays."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Thresholds(P.Param):
    """One to MAX_THRESHOLDS distances in metres, each once; DEFAULT_THRESHOLDS_M when none."""

    def read(self, args) -> tuple[float, ...]:
        values = list(dict.fromkeys(P.many_values(args, self.name)))  # 1600,1600 is one
        if not values:
            return DEFAULT_THRESHOLDS_M
        if len(values) > MAX_THRESHOLDS:
            raise P.BadParameter(
                self.name,
                ",".join(values),
                f"at most {MAX_THRESHOLDS} distances — {THRESHOLD_HELP}",
            )
        return tuple(dict.fromkeys(self._metres(v) for v in values))  # 1600 and 1600.0 too

    def _metres(self, value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not math.isfinite(number):
            raise P.BadParameter(self.name, value, f"a number of metres — {THRESHOLD_HELP}")
        if number <= 0:
            raise P.BadParameter(self.name, value, f"more than 0 metres — {THRESHOLD_HELP}")
        if number > MAX_THRESHOLD_M:
            raise P.BadParameter(
                self.name, value, f"at most {MAX_THRESHOLD_M:,.0f} metres — {THRESHOLD_HELP}"
            )
        return number

    def schema(self) -> dict:
        return {
            "type": "array",
            "maxItems": MAX_THRESHOLDS,
            "items": {
                "type": "number",
                "exclusiveMinimum": True,
                "minimum": 0,
                "maximum": MAX_THRESHOLD_M,
            },
        }


@dataclass(frozen=True, kw_only=True)
class SupplyAttendance(P.Selection):
    """In-person and hybrid only: online-only listings are never local coverage, and asking
    for them is answered with why."""

    def read(self, args) -> tuple[str, ...]:
        if "online" in P.many_values(args, self.name):
            raise P.BadParameter(
                self.name,
                "online",
                "in_person and/or hybrid (online-only "
                "listings are counted separately, never as local coverage)",
            )
        return super().read(args)


# /gaps, /api/gaps, their downloads and the decision pages: read and documented from here.
GAPS = P.Table(
    Thresholds(
        "threshold_m",
        f"One to {MAX_THRESHOLDS} distances in metres (each more than 0, at "
        f"most {MAX_THRESHOLD_M:,.0f}); the first is the main one.",
        example=[1600, 5000],
    ),
    P.Selection(
        "domain",
        "Domains shown (all eight are always computed).",
        allowed=D.CODES,
        default=D.CODES,
    ),
    SupplyAttendance(
        "attendance",
        "Which in-person listings count (online never does).",
        allowed=SUPPLY_ATTENDANCE,
        default=SUPPLY_ATTENDANCE,
    ),
    P.Selection(
        "audience",
        "Count only listings for any of these audiences.",
        allowed=AUDIENCES,
        default=(),
    ),
)


def parse_gap_params(args) -> GapParams:
    """Request arguments (anything with getlist, e.g. werkzeug's MultiDict) -> GapParams."""
    return GapParams(
        thresholds_m=GAPS.read(args, "threshold_m"),
        domains=GAPS.read(args, "domain"),
        attendance=GAPS.read(args, "attendance"),
        audience=GAPS.read(args, "audience"),
    )
