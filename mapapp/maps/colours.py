"""What each colour of the gap pages and maps means: one table, used by every matrix, map,
legend and print, so a colour means one thing everywhere.

Reds and oranges are gaps, blues are not; no green anywhere (a gap coloured green was
read as 'fine'). A cell's style is the first rule of CELL_STYLES that applies to its
checklist status, gap flag and coverage at the main threshold. Time of week has its own
scale, on which a desert (no session within reach of anyone) is the 'missing' red.
Every style names itself in text too (label, and a mark for the matrix), so colour is
never the only carrier; text colours keep WCAG AA contrast (tests/maps/test_colours.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MISSING_RED = "#7f0000"


@dataclass(frozen=True)
class Style:
    key: str
    label: str
    colour: str
    text: str  # the text colour on it
    mark: str  # shown beside the figure, so the meaning survives without colour

    @property
    def css(self) -> str:
        return f"st-{self.key}"

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "colour": self.colour,
            "text": self.text,
            "mark": self.mark,
        }


@dataclass(frozen=True)
class CellRule:
    style: Style
    applies: Callable[[str, bool, float], bool]  # (status, gap, coverage_pct)


# Tried in order; the first that applies gives the style.
CELL_RULES: tuple[CellRule, ...] = (
    CellRule(
        Style("missing", "Missing: none located, nobody within reach", MISSING_RED, "#ffffff", "✕"),
        lambda status, gap, pct: status == "missing",
    ),
    CellRule(
        Style("gap-low", "Gap: under 25% within reach", "#d7301f", "#ffffff", "!"),
        lambda status, gap, pct: gap and pct < 25,
    ),
    CellRule(
        Style("gap", "Gap: 25% to under 50% within reach", "#fc8d59", "#000000", "!"),
        lambda status, gap, pct: gap and pct < 50,
    ),
    CellRule(
        Style(
            "gap-other",
            "Gap at 50% or more within reach: none located in the "
            "district, or the most deprived areas behind",
            "#fdd49e",
            "#000000",
            "!",
        ),
        lambda status, gap, pct: gap,
    ),
    CellRule(
        Style("fair", "No gap: 50% to under 75% within reach", "#c6dbef", "#000000", ""),
        lambda status, gap, pct: pct < 75,
    ),
    CellRule(
        Style("good", "No gap: 75% or more within reach", "#2171b5", "#ffffff", ""),
        lambda status, gap, pct: True,
    ),
)
CELL_STYLES = tuple(rule.style for rule in CELL_RULES)

TIME_OF_WEEK_STYLES = (
    Style("desert", "Desert: no session within reach of anyone", MISSING_RED, "#ffffff", "✕"),
    Style("tw-1", "Under 25% of residents within reach", "#deebf7", "#000000", ""),
    Style("tw-2", "25% to under 50%", "#9ecae1", "#000000", ""),
    Style("tw-3", "50% to under 75%", "#4292c6", "#000000", ""),
    Style("tw-4", "75% or more", "#08519c", "#ffffff", ""),
)


def cell_style(status: str, gap: bool, coverage_pct: float | None) -> Style:
    pct = coverage_pct or 0.0
    return next(rule.style for rule in CELL_RULES if rule.applies(status, gap, pct))


def time_of_week_style(percent: float | None) -> Style:
    """A slot: a desert when nobody is within reach of a session in it."""
    if not percent:
        return TIME_OF_WEEK_STYLES[0]
    return TIME_OF_WEEK_STYLES[1 + min(int(percent // 25), 3)]


def legend_json() -> dict:
    return {
        "cells": [s.to_json() for s in CELL_STYLES],
        "time_of_week": [s.to_json() for s in TIME_OF_WEEK_STYLES],
    }


def stylesheet() -> str:
    """The CSS for every style (served as /static/gaps-colours.css by the web layer, or
    inlined in print)."""
    rules = [
        f".{s.css}{{background:{s.colour};color:{s.text}}}"
        for s in (*CELL_STYLES, *TIME_OF_WEEK_STYLES)
    ]
    return "\n".join(rules) + "\n"
