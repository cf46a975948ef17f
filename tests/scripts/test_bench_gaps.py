"""scripts/bench_gaps.py works (not how fast: benchmarks are never timed tests): the whole
of England and Wales is read, listings are generated deterministically, and the naive
baselines give the vectorised distances."""

import sys

import numpy as np
import pandas as pd
import pytest

from mapapp.analysis import GapParams
from mapapp.analysis.downloads import PREAMBLE_ROWS
from mapapp.config import PROJECT_ROOT
from tests.conftest import reference_settings

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import bench_gaps as bench  # noqa: E402 — a script, not a package


@pytest.fixture(scope="module")
def england_and_wales():
    return bench.read_residents(reference_settings())


def test_reads_every_lsoa_of_england_and_wales_with_imd(england_and_wales):
    lsoas = england_and_wales.lsoas
    assert len(lsoas) == 35672 and len(england_and_wales.districts) == 331
    welsh = lsoas["code"].str.startswith("W")
    assert lsoas.loc[welsh, "imd_decile"].isna().all()
    assert lsoas.loc[~welsh, "imd_decile"].notna().all()


def test_generation_is_deterministic_and_baselines_agree(england_and_wales):
    first = bench.generate_listings(england_and_wales, 3000, seed=7)
    again = bench.generate_listings(england_and_wales, 3000, seed=7)
    for name in ("assets", "domains", "audience", "schedules"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))
    area, listings = bench.derbyshire_subset(england_and_wales, first)
    assert len(area.lsoas) == 651
    report, body, csv_text, geojson = bench.run_once(area, listings, GapParams())
    assert len(geojson["features"]) == 651 and csv_text.count("\r\n") == PREAMBLE_ROWS + 1 + 10 * 8
    by_domain = bench._supply_by_domain(listings, GapParams())
    xy = area.xy[:5]
    expected = report.lsoas[[f"nearest_m_{c}" for c in bench.DOMAIN_WEIGHTS]].to_numpy()[:5]
    assert np.allclose(bench.python_double_loop(xy, by_domain), expected)
    assert np.allclose(bench.numpy_per_lsoa(xy, by_domain), expected)
