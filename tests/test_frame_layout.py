"""Pure pieces the frame-time work added: blocked runs in ``stack_marks`` (checked against the
plain per-mark rule they skip), ``merge_folds`` and ``thin_links``. No Qt."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.scene.marks import Groups, aggregate, aggregate_groups

from viewer.scene.rows import fold_overflow, merge_folds, stack_marks

from viewer.scene.links import thin_links


def stack_marks_one_by_one(x0, x1, label_w, rows, gap=6.0, min_label=48.0):
    """The stacking rule, one mark at a time, as stack_marks stated it before it skipped runs."""
    count = max(rows, 1)
    row_end, bar_end = [-math.inf] * count, [-math.inf] * count
    shown: list[list[int]] = [[] for _ in range(count)]
    assigned, widths = [], []
    for i, (a, b, w) in enumerate(zip(x0, x1, label_w)):
        row = next((r for r, e in enumerate(row_end) if e + gap <= a), None)
        if row is not None:
            widths.append(w if w > 0 else 0.0)
            row_end[row] = b + w if w > 0 else b
            if w > 0:
                shown[row].append(i)
        else:
            row = min(range(count), key=lambda r: bar_end[r])
            kept = []
            for j in shown[row]:
                if a < x1[j] + widths[j] + gap and b > x1[j]:
                    room = a - gap - x1[j]
                    if room >= min_label and a >= x1[j]:
                        widths[j] = room
                        kept.append(j)
                    else:
                        widths[j] = 0.0
                else:
                    kept.append(j)
            own = w if w > 0 and bar_end[row] + gap <= a else 0.0
            if own > 0:
                kept.append(i)
            shown[row] = kept
            widths.append(own)
            row_end[row] = max([bar_end[row], b + own] + [x1[j] + widths[j] for j in kept])
        bar_end[row] = max(bar_end[row], b)
        assigned.append(row)
    return assigned, widths


@st.composite
def lanes_under_long_bars(draw):
    """Marks in x0 order where a few bars span most of the lane (the case blocked runs skip)."""
    n = draw(st.integers(0, 120))
    starts = sorted(draw(st.lists(st.floats(0, 2000, allow_nan=False), min_size=n, max_size=n)))
    lengths = draw(st.lists(st.one_of(st.floats(0, 20), st.floats(0, 600), st.just(2500.0)), min_size=n, max_size=n))
    labels = draw(st.lists(st.one_of(st.just(0.0), st.floats(20, 300)), min_size=n, max_size=n))
    return starts, [a + w for a, w in zip(starts, lengths)], labels, draw(st.integers(0, 6)), draw(st.sampled_from([0.0, 6.0]))


@settings(max_examples=500, deadline=None)
@given(lanes_under_long_bars())
def test_stack_marks_gives_the_rows_and_labels_of_the_one_by_one_rule(case):
    x0, x1, labels, rows, gap = case
    assert stack_marks(x0, x1, labels, rows, gap) == stack_marks_one_by_one(x0, x1, labels, rows, gap)


def test_marks_under_full_rows_go_to_the_row_that_ends_first_without_labels():
    # three season-long bars fill three rows; a thousand short labelled marks follow beneath them
    x0 = [0.0, 1.0, 2.0] + [10.0 + i for i in range(1000)]
    x1 = [5000.0, 4000.0, 4500.0] + [12.0 + i for i in range(1000)]
    labels = [0.0, 0.0, 0.0] + [80.0] * 1000
    assigned, widths = stack_marks(x0, x1, labels, rows=3)
    assert assigned[:3] == [0, 1, 2]
    assert set(assigned[3:]) == {1}, "the row whose bar ends first"
    assert widths == [0.0] * 1003
    assert (assigned, widths) == stack_marks_one_by_one(x0, x1, labels, 3)
    folds = fold_overflow(x0, x1, assigned)
    assert folds[3:] == [1] * 1000, "each folds into the bar it lies under"


def test_a_mark_reaching_past_the_rows_ends_the_blocked_run():
    x0 = [0.0, 1.0, 10.0, 11.0, 12.0, 13.0, 14.0]
    x1 = [100.0, 90.0, 20.0, 21.0, 150.0, 30.0, 31.0]  # the mark at 12 reaches past both rows' bars
    assigned, _ = stack_marks(x0, x1, [0.0] * 7, 2)
    assert assigned == [0, 1, 1, 1, 1, 0, 0], "after it, row 0 is the one that ends first"
    assert (assigned, _) == stack_marks_one_by_one(x0, x1, [0.0] * 7, 2)


# -- aggregate_groups and merge_folds ---------------------------------------------------------------


def groups_of(sizes: list[int], lefts: list[float], rights: list[float]) -> Groups:
    bounds = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    return Groups(np.array(lefts, dtype=float), np.array(rights, dtype=float), np.arange(100, 100 + bounds[-1]), bounds)


def test_merge_folds_moves_members_into_their_host_in_order_and_widens_it():
    groups = groups_of([2, 1, 3, 1], [0.0, 5.0, 40.0, 50.0], [8.0, 6.0, 45.0, 51.0])
    merged, kept = merge_folds(groups, [-1, 0, -1, 0], min_width=16.0)
    assert kept.tolist() == [0, 2]
    assert merged.as_list()[0][2].tolist() == [100, 101, 102, 106], "host's members, then the folded ones'"
    assert merged.as_list()[1][2].tolist() == [103, 104, 105]
    assert merged.left.tolist() == [0.0, 40.0]
    assert merged.right.tolist() == [51.0, 45.0], "the host now reaches over what folded into it"


def test_a_host_that_absorbs_a_fold_is_at_least_a_cluster_wide():
    merged, _ = merge_folds(groups_of([1, 1], [0.0, 2.0], [3.0, 4.0]), [-1, 0], min_width=16.0)
    assert merged.right.tolist() == [16.0]


def test_merge_folds_without_folds_keeps_the_groups():
    groups = groups_of([1, 2], [0.0, 30.0], [5.0, 35.0])
    merged, kept = merge_folds(groups, [-1, -1], min_width=16.0)
    assert merged is groups and kept.tolist() == [0, 1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-500, 3000), st.floats(0, 300)), max_size=80), st.sampled_from([4.0, 16.0]),
       st.integers(0, 5))
def test_grouped_arrays_hold_the_same_groups_as_the_list(events, cell, max_long):
    x0 = np.array([a for a, _ in events], dtype=float)
    x1 = x0 + np.array([w for _, w in events], dtype=float)
    indices = np.arange(len(events)) + 7
    groups = aggregate_groups(indices, x0, x1, cell, max_long=max_long)
    as_list = aggregate(indices, x0, x1, cell, max_long=max_long)
    assert len(groups) == len(as_list)
    assert [(a, b, m.tolist()) for a, b, m in groups.as_list()] == [(a, b, m.tolist()) for a, b, m in as_list]
    assert groups.counts.sum() == len(events)
    assert groups.firsts.tolist() == [m[0] for _, _, m in as_list]


# -- thin_links -------------------------------------------------------------------------------------


def test_links_with_the_same_ends_share_one_curve_and_the_first_is_kept():
    ends = [np.array(v, dtype=float) for v in ([10, 10, 10, 300], [5, 5, 5, 5], [50, 50, 50, 90], [400, 400, 400, 400])]
    flag = np.array([True, True, False, True])
    assert thin_links(*ends, flag, grain=1.0, max_drawn=10, max_grain=8.0).tolist() == [0, 2, 3], \
        "a stub and a curve with the same ends both stay"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 3000), st.integers(0, 2**31 - 1))
def test_a_dense_web_is_thinned_and_every_link_keeps_a_curve_near_its_own(n, seed):
    rng = np.random.default_rng(seed)
    ax, bx = rng.uniform(0, 1900, n), rng.uniform(0, 1900, n)
    ay, by = rng.choice([60.0, 80.0, 100.0], n), rng.choice([700.0, 720.0], n)
    flag = rng.random(n) < 0.8
    kept = thin_links(ax, ay, bx, by, flag, grain=6.0, max_drawn=600, max_grain=48.0)
    assert kept.tolist() == sorted(set(kept.tolist())), "in input order, each once"
    assert len(kept) <= 600 or n > 600
    if n:
        near = np.zeros(n, dtype=bool)
        for k in kept.tolist():
            near |= ((np.abs(ax - ax[k]) < 48) & (np.abs(ay - ay[k]) < 48) & (np.abs(bx - bx[k]) < 48)
                     & (np.abs(by - by[k]) < 48) & (flag == flag[k]))
        assert near.all(), "every link has a drawn curve within the coarsest grain of its own"


def test_no_links_thin_to_none():
    empty = np.empty(0)
    assert thin_links(empty, empty, empty, empty, np.empty(0, dtype=bool), 1.0, 600, 48.0).tolist() == []
