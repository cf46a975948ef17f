"""IMD 2019 carried from 2011 to 2021 LSOAs, on a small hand-built lookup."""

import numpy as np
import pandas as pd
import pytest

from mapapp.reference.imd import carry_imd_to_2021, decile_for_score


def _write(folder, lookup_rows, imd_rows):
    (folder / "lookups").mkdir()
    (folder / "deprivation").mkdir()
    lookup = pd.DataFrame(lookup_rows, columns=["F_LSOA11CD", "LSOA21CD", "CHGIND"])
    # the ONS file starts with a byte-order mark on its first header
    lookup.to_csv(folder / "lookups/lookup.csv", index=False, encoding="utf-8-sig")
    pd.DataFrame(imd_rows, columns=["lsoa11_code", "imd_score", "imd_decile"]).to_csv(
        folder / "deprivation/imd.csv", index=False
    )


def test_unchanged_split_merged_and_complex(tmp_path):
    # Ten 2011 LSOAs with scores 100, 90, ... 10: national deciles 1..10 by construction.
    imd = [(f"E0100000{i}", 100 - 10 * i, i + 1) for i in range(10)]
    lookup = [
        ("E01000000", "E02100001", "U"),  # unchanged
        ("E01000001", "E02100002", "S"),
        ("E01000001", "E02100003", "S"),  # split
        ("E01000002", "E02100004", "M"),
        ("E01000005", "E02100004", "M"),  # merged
        ("E01000003", "E02100005", "X"),
        ("E01000004", "E02100005", "X"),  # complex
    ]
    _write(tmp_path, lookup, imd)
    settings = {"FILE_LSOA_LOOKUP": "lookups/lookup.csv", "FILE_IMD": "deprivation/imd.csv"}
    result = carry_imd_to_2021(
        tmp_path,
        settings,
        ["E02100001", "E02100002", "E02100003", "E02100004", "E02100005", "W01000001"],
    )
    assert result.loc["E02100001"].to_dict() == {
        "imd_score": 100.0,
        "imd_decile": 1,
        "imd_method": "unchanged",
    }
    assert result.loc["E02100002", "imd_decile"] == result.loc["E02100003", "imd_decile"] == 2
    assert result.loc["E02100003", "imd_method"] == "split"
    # merged: parents 80 (decile 3) and 50 (decile 6); mean 65; four of the ten national
    # scores (100, 90, 80, 70) are higher -> rank 5 of 10 -> decile 5
    assert result.loc["E02100004"].to_dict() == {
        "imd_score": 65.0,
        "imd_decile": 5,
        "imd_method": "merged",
    }
    # complex: parents 70 and 60, mean 65 as well -> decile 5
    assert result.loc["E02100005", "imd_decile"] == 5
    assert result.loc["E02100005", "imd_method"] == "complex"
    assert "W01000001" not in result.index  # Wales: no English IMD


# rank = 1 + how many of the ten scores are higher; decile = ceil(rank * 10 / 10)
@pytest.mark.parametrize(
    "score, decile", [(100, 1), (101, 1), (95, 2), (90, 2), (89, 3), (55, 6), (10, 10), (0, 10)]
)
def test_decile_for_score_uses_national_rank_thresholds(score, decile):
    scores = np.array([100, 90, 80, 70, 60, 50, 40, 30, 20, 10], dtype=float)
    assert decile_for_score(score, scores) == decile
