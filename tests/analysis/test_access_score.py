"""The AHAH-style access score on small hand-made distance tables."""

import numpy as np

from mapapp.analysis.access_score import access_scores, domain_percentiles

INF = np.inf


def test_percentiles_rank_shorter_distances_higher_and_share_ties():
    distances = np.array([[100.0], [300.0], [300.0], [900.0], [50.0]])
    # ranks 2, 3.5, 3.5, 5, 1 of 5 -> 100 × (5 − rank) / 4
    assert domain_percentiles(distances)[:, 0].tolist() == [75.0, 37.5, 37.5, 0.0, 100.0]


def test_a_domain_without_listings_is_the_worst_for_everyone():
    distances = np.array([[100.0, INF], [200.0, INF]])
    assert domain_percentiles(distances).tolist() == [[100.0, 0.0], [0.0, 0.0]]


def test_score_rank_and_decile():
    distances = np.array([[100.0, 900.0], [200.0, 100.0], [300.0, 500.0]])
    scores = access_scores(distances)
    # Percentiles: [100, 0], [50, 100], [0, 50] -> means 50, 75, 25.
    assert scores["access_score"].tolist() == [50.0, 75.0, 25.0]
    assert scores["access_rank"].tolist() == [2, 1, 3]
    assert scores["access_decile"].tolist() == [4, 7, 1]  # floor((worst-first − 1) × 10/3) + 1


def test_one_lsoa_and_none():
    assert access_scores(np.array([[10.0, INF]]))["access_score"].tolist() == [50.0]
    assert access_scores(np.zeros((0, 8))).empty
    assert domain_percentiles(np.array([[5.0]])).tolist() == [[100.0]]
