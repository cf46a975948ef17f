"""Distances and 'within T', vectorised, against a brute-force double loop."""

import math
import random

import numpy as np
import pandas as pd
import pytest

from mapapp.analysis import coverage
from mapapp.analysis.supply import SLOTS


def _points(rows):
    frame = pd.DataFrame(rows, columns=["x", "y", "domain_index", "slot_mask"])
    frame["slot_mask"] = frame["slot_mask"].astype(np.uint32)
    return frame


def test_nearest_matches_a_brute_force_double_loop():
    rng = random.Random(5)
    residents = np.array([(rng.uniform(0, 20000), rng.uniform(0, 20000)) for _ in range(300)])
    rows = [(rng.uniform(0, 20000), rng.uniform(0, 20000), rng.randrange(3), 0) for _ in range(200)]
    nearest = coverage.nearest_by_domain(residents, _points(rows))
    for i, (x, y) in enumerate(residents):
        for domain in range(8):
            distances = [math.hypot(px - x, py - y) for px, py, d, _m in rows if d == domain]
            assert nearest[i, domain] == pytest.approx(min(distances, default=math.inf))


def test_within_t_includes_exactly_t_in_both_queries():
    residents = np.array([[0.0, 0.0]])
    points = _points([(600.0, 800.0, 0, 1 << 3)])  # exactly 1,000 m
    nearest = coverage.nearest_by_domain(residents, points)
    assert coverage.covered(nearest, (999.9, 1000.0))[0, 0].tolist() == [False, True]
    assert coverage.session_masks(residents, points, 1000.0)[0, 0] == 1 << 3
    assert coverage.session_masks(residents, points, 999.9)[0, 0] == 0
    far = _points([(6000.0, 8000.0, 0, 1 << 3)])  # exactly 10 km: the nearest-query path
    assert coverage.session_masks(residents, far, 10000.0)[0, 0] == 1 << 3
    assert coverage.session_masks(residents, far, 9999.9)[0, 0] == 0


@pytest.mark.parametrize(
    "threshold, block", [(400.0, 1024), (1500.0, 1024), (1500.0, 7), (5000.0, 64), (50000.0, 1024)]
)
def test_session_masks_match_a_brute_force_double_loop(threshold, block, monkeypatch):
    # Up to 5 km: pair queries in blocks of LSOAs (a small block makes many); beyond,
    # nearest queries per domain and slot. Both must give the brute-force answer.
    monkeypatch.setattr(coverage, "BLOCK", block)
    rng = random.Random(9)
    residents = np.array([(rng.uniform(0, 9000), rng.uniform(0, 9000)) for _ in range(300)])
    rows = [
        (
            rng.uniform(0, 9000),
            rng.uniform(0, 9000),
            rng.randrange(8),
            (1 << rng.randrange(len(SLOTS))) | (1 << rng.randrange(len(SLOTS))),
        )
        for _ in range(200)
    ]
    masks = coverage.session_masks(residents, _points(rows), threshold)
    expected = np.zeros_like(masks)
    for i, (x, y) in enumerate(residents):
        for px, py, domain, bits in rows:
            if math.hypot(px - x, py - y) <= threshold:
                expected[i, domain] |= bits
    assert (masks == expected).all()
    assert masks.any() and (threshold < 50000 or (masks == masks[0]).all())  # all in reach


def test_slot_table_and_group_sums():
    table = coverage.slot_table(np.array([0b101], dtype=np.uint32))
    assert table.shape == (1, len(SLOTS)) and np.flatnonzero(table[0]).tolist() == [0, 2]
    sums = coverage.group_sums(np.array([1.0, 2.0, 4.0]), np.array([0, 0, 2]), 3)
    assert sums.tolist() == [3.0, 0.0, 4.0]  # group 1 has no rows


def test_no_listings_means_infinitely_far():
    nearest = coverage.nearest_by_domain(np.array([[0.0, 0.0]]), _points([]))
    assert np.isinf(nearest).all()
    assert not coverage.session_masks(np.array([[0.0, 0.0]]), _points([]), 1600).any()
