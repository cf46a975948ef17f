"""The parameters of a gap analysis, read and checked in one place for the page, the API
and the command line, so the three always mean the same thing by the same words.

A bad value raises params.BadParameter (a 400 naming the parameter and what is allowed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import vocab as D
from ..params import BadParameter, checked_choices, many_values

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


def _choices(args, name: str, allowed, default: tuple[str, ...]) -> tuple[str, ...]:
    values = checked_choices(args, name, allowed)
    # Kept in the canonical order, so the same choice always gives the same analysis.
    return tuple(v for v in allowed if v in values) or default


def _thresholds(args) -> tuple[float, ...]:
    values = list(dict.fromkeys(many_values(args, "threshold_m")))  # 1600,1600 is one distance
    if not values:
        return DEFAULT_THRESHOLDS_M
    if len(values) > MAX_THRESHOLDS:
        raise BadParameter(
            "threshold_m",
            ",".join(values),
            f"at most {MAX_THRESHOLDS} distances — {THRESHOLD_HELP}",
        )
    thresholds = []
    for value in values:
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not math.isfinite(number):
            raise BadParameter("threshold_m", value, f"a number of metres — {THRESHOLD_HELP}")
        if number <= 0:
            raise BadParameter("threshold_m", value, f"more than 0 metres — {THRESHOLD_HELP}")
        if number > MAX_THRESHOLD_M:
            raise BadParameter(
                "threshold_m", value, f"at most {MAX_THRESHOLD_M:,.0f} metres — {THRESHOLD_HELP}"
            )
        thresholds.append(number)
    return tuple(dict.fromkeys(thresholds))  # 1600 and 1600.0 too


def _attendance(args) -> tuple[str, ...]:
    values = many_values(args, "attendance")
    if "online" in values:
        raise BadParameter(
            "attendance",
            "online",
            "in_person and/or hybrid (online-only "
            "listings are counted separately, never as local coverage)",
        )
    return _choices(args, "attendance", SUPPLY_ATTENDANCE, SUPPLY_ATTENDANCE)


def parse_gap_params(args) -> GapParams:
    """Request arguments (anything with getlist, e.g. werkzeug's MultiDict) -> GapParams."""
    return GapParams(
        thresholds_m=_thresholds(args),
        domains=_choices(args, "domain", D.CODES, D.CODES),
        attendance=_attendance(args),
        audience=_choices(args, "audience", AUDIENCES, ()),
    )
