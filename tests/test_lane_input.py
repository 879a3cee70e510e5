"""The shortcuts of a lane's layout input against what they shortcut: the events in a range read
in two parts against gathering them through their indices, the first look at a busy lane's cells
against counting them all, and a layout told whether long bars stay against one that asks."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.dataset.load import load_dataset
from viewer.scene.cell_counts import more_groups_than
from viewer.scene.columns import build_columns
from viewer.scene.marks import aggregate_group_count, grouping_plan, long_bars_stay

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)


@pytest.fixture(scope="module")
def columns_5k(tmp_path_factory):
    return list(build_columns(load_dataset(synthetic.write_dataset(5_000, tmp_path_factory.mktemp("synthetic")))).values())


def test_in_range_gives_the_visible_events_with_their_extents(columns_5k):
    rng = np.random.default_rng(7)
    for columns in columns_5k:
        lo, hi = columns.extent
        for _ in range(40):
            a, b = sorted(rng.uniform(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo), 2))
            visible, starts, ends = columns.in_range(a, b)
            assert visible.tolist() == columns.visible_slice(a, b).tolist()
            assert visible.dtype == np.int32
            assert starts.tolist() == columns.lo[visible].tolist()
            assert ends.tolist() == columns.hi[visible].tolist()
            # the caller works on them in place: they must be copies, never the columns themselves
            assert not np.shares_memory(starts, columns.lo) and not np.shares_memory(ends, columns.hi.values)


@st.composite
def ordered_footprints(draw):
    n = draw(st.integers(0, 400))
    x0 = np.sort(np.array(draw(st.lists(st.floats(-50, 3000, allow_nan=False), min_size=n, max_size=n)), dtype=float))
    widths = draw(st.lists(st.one_of(st.floats(0, 10), st.floats(20, 900)), min_size=n, max_size=n))
    x1 = x0 + np.array(widths, dtype=float)
    return (x0, x1, draw(st.sampled_from([4.0, 40.0])), draw(st.integers(0, 30)),
            draw(st.sampled_from([None, 500.0, 1e9])), draw(st.one_of(st.none(), st.floats(-50, 3000))),
            draw(st.floats(0, 120)), draw(st.integers(1, 3)))


@settings(max_examples=400, deadline=None)
@given(ordered_footprints())
def test_more_groups_than_is_the_count_against_the_limit(case):
    x0, x1, cell, max_long, budget, pivot, limit, across_rows = case
    plan = grouping_plan(x0, x1, 24.0, max_long, budget, pivot, None, lambda positions: np.ones(len(positions), bool),
                         across_px=300.0, ordered=True, across_rows=across_rows)
    assert more_groups_than(limit, x0, x1, cell, plan) == (aggregate_group_count(x0, x1, cell, plan=plan) > limit)


@settings(max_examples=200, deadline=None)
@given(ordered_footprints())
def test_a_plan_told_whether_long_bars_stay_is_the_plan_that_asks(case):
    x0, x1, _, max_long, budget, pivot, _, across_rows = case
    args = (x0, x1, 24.0, max_long, budget, pivot, None, lambda positions: np.ones(len(positions), bool))
    asked = grouping_plan(*args, across_px=300.0, ordered=True, across_rows=across_rows)
    told = grouping_plan(*args, across_px=300.0, ordered=True, across_rows=across_rows,
                         long_stay=bool(len(x0)) and long_bars_stay(x0, x1, 24.0, max_long, budget))
    for field in ("solo", "across", "anchors"):
        assert getattr(told, field).tolist() == getattr(asked, field).tolist()
    assert (told.boxed, told.before, told.celled_anchors.tolist()) == \
        (asked.boxed, asked.before, asked.celled_values(asked.anchors).tolist())
