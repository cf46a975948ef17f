"""The colour rules as a case table: a gap is never green, every style keeps its text
readable, and a desert has its own colour."""

import colorsys

import pytest

from mapapp.maps.colours import (
    CELL_STYLES,
    TIME_OF_WEEK_STYLES,
    cell_style,
    stylesheet,
    time_of_week_style,
)


@pytest.mark.parametrize(
    "status, gap, pct, key",
    [
        ("missing", True, 0.0, "missing"),
        ("weak", True, 0.0, "gap-low"),  # nobody in reach, but a listing located here
        ("weak", True, 24.99, "gap-low"),
        ("weak", True, 25.0, "gap"),  # 25–50% and a gap: orange, never green (the issue)
        ("weak", True, 49.99, "gap"),
        ("weak", True, 60.0, "gap-other"),  # the most deprived behind
        ("present", True, 90.0, "gap-other"),  # none located in the district, reached across
        ("present", False, 50.0, "fair"),
        ("present", False, 74.99, "fair"),
        ("present", False, 75.0, "good"),
        ("present", False, 100.0, "good"),
        ("weak", True, None, "gap-low"),  # no residents: no figure, still a gap
    ],
)
def test_cell_style_case_table(status, gap, pct, key):
    assert cell_style(status, gap, pct).key == key


@pytest.mark.parametrize(
    "pct, key",
    [
        (0.0, "desert"),
        (None, "desert"),
        (0.01, "tw-1"),
        (24.9, "tw-1"),
        (25.0, "tw-2"),
        (50.0, "tw-3"),
        (75.0, "tw-4"),
        (100.0, "tw-4"),
    ],
)
def test_time_of_week_scale_has_a_desert(pct, key):
    assert time_of_week_style(pct).key == key


def _hue(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def test_no_colour_is_green():
    for style in (*CELL_STYLES, *TIME_OF_WEEK_STYLES):
        assert not 70 <= _hue(style.colour) <= 170, style


def test_gaps_are_red_to_orange_and_the_rest_blue():
    for style in CELL_STYLES:
        hue = _hue(style.colour)
        if style.key.startswith(("gap", "missing")):
            assert hue <= 40 or hue >= 340, style
        else:
            assert 190 <= hue <= 230, style


def _luminance(colour: str) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("style", [*CELL_STYLES, *TIME_OF_WEEK_STYLES], ids=lambda s: s.key)
def test_text_on_every_colour_meets_wcag_aa(style):
    light, dark = sorted((_luminance(style.colour), _luminance(style.text)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_gap_styles_carry_a_mark_and_the_stylesheet_has_every_style():
    assert all(s.mark for s in CELL_STYLES if s.key.startswith(("gap", "missing")))
    css = stylesheet()
    assert all(
        f".{s.css}{{background:{s.colour}" in css for s in (*CELL_STYLES, *TIME_OF_WEEK_STYLES)
    )


def test_the_served_stylesheet_has_the_table_s_colours():
    from pathlib import Path

    import mapapp

    served = (Path(mapapp.__file__).parent / "static" / "decisions.css").read_text()
    assert stylesheet() in served


def test_no_map_band_is_green():
    from mapapp.maps import gaps

    bands = (
        gaps.COVERAGE_BANDS
        + gaps.SCORE_BANDS
        + gaps.distance_bands((800.0, 1600.0, 3200.0, 5000.0))
    )
    for band in bands:
        assert not 70 <= _hue(band.colour) <= 170, band
    # Under 50% within reach is always a gap: the map uses the gap colours for it.
    assert [b.css for b in gaps.COVERAGE_BANDS[:2]] == ["st-gap-low", "st-gap"]
