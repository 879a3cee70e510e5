"""The frame-time work that keeps a lane's marks as arrays: MarkArrays against the Mark objects it
stands for, the shortcuts beside aggregate_groups / stack_marks / thin_links against what they
shortcut, density levels from arrays, and the caches the pane item keeps (anchors, tight rows,
count badges) against fresh computations when the range, data, hidden tracks or device change."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import settle
from viewer.dataset.load import load_dataset
from viewer.scene.marks import Mark, MarkArrays, aggregate_group_count, aggregate_groups, long_bars_stay
from viewer.scene.rows import stack_marks
from viewer.scene.links import thin_links

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)


@pytest.fixture(scope="module")
def synthetic_5k(tmp_path_factory) -> Path:
    return synthetic.write_dataset(5_000, tmp_path_factory.mktemp("synthetic"))


@pytest.fixture
def busy_window(make_window, synthetic_5k):
    """A window on a busy dataset: clusters at full view, and links between the clocks."""
    return make_window(load_dataset(synthetic_5k), size=(1600, 900))

# -- MarkArrays --------------------------------------------------------------------------------


def some_marks() -> list[Mark]:
    return [Mark(0.0, 10.0, np.array([3]), 0, 55.5, False, True),
            Mark(12.0, 40.0, np.array([4, 5, 6]), 1),
            Mark(50.0, 90.0, np.array([7]), 0, 0.0, True),
            Mark(95.5, 95.5, np.array([0, 1]), 2)]


def test_mark_arrays_give_back_the_marks_they_were_made_of():
    marks = some_marks()
    arrays = MarkArrays.of(marks)
    rebuilt = arrays.marks()
    assert [(m.x0, m.x1, m.row, m.label_width, m.label_on_bar, m.label_left, m.members.tolist()) for m in rebuilt] == \
           [(m.x0, m.x1, m.row, m.label_width, m.label_on_bar, m.label_left, m.members.tolist()) for m in marks]
    assert arrays.counts.tolist() == [1, 3, 1, 2]
    assert arrays.firsts.tolist() == [3, 4, 7, 0]
    assert all(type(m.x0) is float and type(m.row) is int and type(m.label_on_bar) is bool for m in rebuilt)


def test_owners_say_which_mark_draws_each_column_and_a_pan_keeps_them():
    arrays = MarkArrays.of(some_marks())
    owners = arrays.owners(9)
    assert owners.tolist() == [3, 3, -1, 0, 1, 1, 1, 2, -1]
    moved = arrays.shifted(7.25)
    assert moved.owners(9) is owners, "a pan moves the marks, not their members"
    assert moved.x0.tolist() == [x + 7.25 for x in arrays.x0.tolist()]
    assert moved.x1.tolist() == [x + 7.25 for x in arrays.x1.tolist()]
    assert moved.row is arrays.row and moved.counts is arrays.counts
    # asked for another track size (never the case for one lane), it is rebuilt, not reused wrongly
    assert len(arrays.owners(12)) == 12


def test_empty_mark_arrays():
    empty = MarkArrays.empty()
    assert len(empty) == 0 and empty.marks() == [] and empty.owners(3).tolist() == [-1, -1, -1]
    assert len(MarkArrays.of([])) == 0


# -- aggregate_group_count, long_bars_stay -------------------------------------------------------


@st.composite
def footprints(draw):
    n = draw(st.integers(0, 80))
    x0 = draw(st.lists(st.floats(-50, 2000, allow_nan=False), min_size=n, max_size=n))
    if draw(st.booleans()):
        x0 = sorted(x0)  # columns come sorted; unsorted input is sorted by the grouping
    widths = draw(st.lists(st.one_of(st.floats(0, 10), st.floats(20, 400)), min_size=n, max_size=n))
    x1 = [a + w for a, w in zip(x0, widths)]
    return (np.array(x0, dtype=float), np.array(x1, dtype=float), draw(st.sampled_from([4.0, 40.0])),
            draw(st.integers(0, 30)), draw(st.sampled_from([None, 0.0, 500.0, 1e9])))


@settings(max_examples=400, deadline=None)
@given(footprints())
def test_aggregate_group_count_is_the_number_of_groups_aggregate_groups_makes(case):
    x0, x1, cell, max_long, budget = case
    groups = aggregate_groups(np.arange(len(x0)), x0, x1, cell, 24.0, max_long, budget)
    assert aggregate_group_count(x0, x1, cell, 24.0, max_long, budget) == len(groups)


@settings(max_examples=200, deadline=None)
@given(footprints())
def test_long_bars_stay_is_what_aggregate_groups_does_with_long_bars(case):
    x0, x1, cell, max_long, budget = case
    groups = aggregate_groups(np.arange(len(x0)), x0, x1, cell, 24.0, max_long, budget)
    long = np.flatnonzero((x1 - x0) >= 24.0)
    if long_bars_stay(x0, x1, 24.0, max_long, budget):
        singles = {int(g[0]) for g in np.split(groups.members, groups.bounds[1:-1]) if len(g) == 1}
        assert set(long.tolist()) <= singles, "each long bar a group of its own"
    else:
        # no long bar kept apart: the groups are the plain cells
        assert len(groups) == aggregate_group_count(x0, x1, cell, 24.0, 0)


# -- stack_marks with the arrays given ------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 60), st.integers(0, 6), st.sampled_from([0.0, 6.0, -1.0]), st.data())
def test_stack_marks_gives_the_same_with_the_arrays_given(n, rows, gap, data):
    x0 = sorted(data.draw(st.lists(st.floats(0, 1500, allow_nan=False), min_size=n, max_size=n)))
    x1 = [a + w for a, w in zip(x0, data.draw(st.lists(st.floats(0, 300), min_size=n, max_size=n)))]
    labels = data.draw(st.lists(st.one_of(st.just(0.0), st.floats(10, 200)), min_size=n, max_size=n))
    arrays = (np.array(x0, dtype=float), np.array(x1, dtype=float), np.array(labels, dtype=float))
    assert stack_marks(x0, x1, labels, rows, gap, arrays=arrays) == stack_marks(x0, x1, labels, rows, gap)


def test_stack_marks_with_an_infinite_footprint_takes_the_plain_loop():
    from test_frame_layout import stack_marks_one_by_one

    x0, x1, labels = [0.0, 5.0, 20.0, 40.0], [2.0, math.inf, 30.0, 41.0], [0.0, 0.0, 10.0, 80.0]
    assert stack_marks(x0, x1, labels, 2) == stack_marks_one_by_one(x0, x1, labels, 2)


# -- thin_links ------------------------------------------------------------------------------------


def thin_links_before(ax, ay, bx, by, flag, grain, max_drawn, max_grain):
    """thin_links as it was written before it took all four ends at once (the reference)."""
    ends = [np.asarray(v, dtype=float) for v in (ax, ay, bx, by)]
    if not all(np.isfinite(v).all() for v in ends):
        ends = [np.nan_to_num(v) for v in ends]
    while True:
        columns = [np.round(v / grain).astype(np.int64) for v in ends] + [np.asarray(flag, dtype=np.int64)]
        key, room = np.zeros(len(columns[0]), dtype=np.int64), 1
        for column in columns:
            digit = column - column.min()
            radix = int(digit.max()) + 1
            room *= radix
            if room >= 2 ** 62:
                key = np.column_stack(columns)
                break
            key = key * radix + digit
        _, first = np.unique(key, axis=0 if key.ndim == 2 else None, return_index=True)
        if len(first) <= max_drawn or grain >= max_grain:
            return np.sort(first)
        grain *= 2


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300), st.sampled_from([1.0, 6.0]), st.integers(1, 200), st.sampled_from([1e3, 1e18]), st.data())
def test_thin_links_keeps_what_it_kept_before(n, grain, max_drawn, spread, data):
    values = st.floats(-spread, spread, allow_nan=False)
    ends = [np.array(data.draw(st.lists(values, min_size=n, max_size=n))) for _ in range(4)]
    flag = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    assert thin_links(*ends, flag, grain, max_drawn, 48.0).tolist() == \
           thin_links_before(*ends, flag, grain, max_drawn, 48.0).tolist()


# -- density levels ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 200_000), min_size=1, max_size=60))
def test_density_levels_from_arrays_are_the_levels(counts):
    from conftest import density_levels
    from viewer.scene.clusters import density_levels_of, log_half

    array = np.array(counts)
    assert density_levels_of(array, np.array([log_half(c) for c in counts])).tolist() == density_levels(counts)


# -- the pane item's caches --------------------------------------------------------------------------


def anchors_lane_by_lane(item, refs, count):
    """The anchors as anchor_arrays worked them out before it did all lanes at once (the reference)."""
    from viewer.scene.lanes import HEADER_HEIGHT

    rect = item.scene_rect()
    left, right = rect.left(), rect.right()
    view_right = item.view_range()[1]
    scale, offset = item.to_px()
    out = {k: np.zeros(count) for k in ("x", "y", "lo", "hi")}
    on, drawn = np.zeros(count, dtype=bool), np.zeros(count, dtype=bool)
    for lane in item.lanes():
        slots, idx = refs.get(lane.columns.track_id, (None, None))
        if slots is None or len(slots) == 0:
            continue
        columns, marks = lane.columns, lane.marks
        owner = lane.mark_of.owners()[idx]
        geometry = (np.array([m.x0 for m in marks] + [0.0]), np.array([m.x1 for m in marks] + [0.0]),
                    np.array([m.count > 1 for m in marks] + [False]), np.array([m.row for m in marks] + [0]))
        own = np.where(owner >= 0, owner, len(marks))
        many = geometry[2][own]
        start_px, end_px = columns.start[idx] * scale + offset, columns.end[idx] * scale + offset
        interval = columns.interval[idx]
        x = np.where(many, (geometry[0][own] + np.minimum(geometry[1][own], right)) / 2,
                     np.where(interval, (np.maximum(start_px, left) + np.minimum(end_px, right)) / 2, start_px))
        shown = (owner >= 0) & (x >= left - 1) & (x <= right + 1)
        x = np.clip(x, left, right)
        bar = ~many & interval
        off_x = np.where(columns.lo[idx] > view_right, right, left)
        out["x"][slots] = np.where(shown, x, off_x)
        out["y"][slots] = np.where(shown, lane.top + HEADER_HEIGHT + (geometry[3][own] + 0.5) * lane.row_height,
                                   lane.top + lane.height / 2)
        out["lo"][slots] = np.where(shown, np.where(bar, np.clip(start_px, left, right), x), off_x)
        out["hi"][slots] = np.where(shown, np.where(bar, np.clip(end_px, left, right), x), off_x)
        on[slots], drawn[slots] = shown, True
    return out, on, drawn


def assert_anchors_match(item, refs, count):
    found = item.anchor_arrays(refs, count)
    expected, on, drawn = anchors_lane_by_lane(item, refs, count)
    assert found.drawn.tolist() == drawn.tolist() and found.on_screen.tolist() == on.tolist()
    for name, mine in (("x", found.x), ("y", found.y), ("lo", found.span_lo), ("hi", found.span_hi)):
        assert mine[drawn].tolist() == expected[name][drawn].tolist(), name


def test_anchors_of_all_lanes_at_once_follow_ranges_hidden_tracks_and_new_data(busy_window, qtbot, bundled_dataset):
    window = busy_window
    view = window.timeline
    links = view.links
    crossing = links._crossing_links()
    assert len(crossing), "the bundled dataset links its clocks"
    for pane, refs in ((view.narrative, crossing.narrative), (view.calendar, crossing.calendar)):
        assert_anchors_match(pane.item, refs, len(crossing))
        lo, hi = pane.x_range()
        pane.set_x_range(lo + (hi - lo) * 0.3, lo + (hi - lo) * 0.5)  # a new range: new marks, same refs
        settle(qtbot)
        assert_anchors_match(pane.item, refs, len(crossing))
    hidden = next(iter(crossing.calendar))
    window.state.set_track_hidden(hidden, True)
    settle(qtbot)
    found = view.calendar.item.anchor_arrays(crossing.calendar, len(crossing))
    assert not found.drawn[crossing.calendar[hidden][0]].any(), "a hidden track's ends are not drawn"
    assert_anchors_match(view.calendar.item, crossing.calendar, len(crossing))
    window.state.set_track_hidden(hidden, False)
    settle(qtbot)
    assert_anchors_match(view.calendar.item, crossing.calendar, len(crossing))
    # new data: new columns, so the kept gathers are not used for them
    window.state.set_dataset(bundled_dataset)
    settle(qtbot)
    crossing = links._crossing_links()
    for pane, refs in ((view.narrative, crossing.narrative), (view.calendar, crossing.calendar)):
        assert_anchors_match(pane.item, refs, len(crossing))


def test_tight_rows_reuse_of_the_grouping_lays_out_what_a_fresh_layout_does(busy_window, qtbot):
    from viewer.scene.lanes import lane_input, layout_window, marks_for

    window = busy_window

    checked = 0
    for share in (1.0, 0.2, 0.03, 0.004):
        for pane in window.timeline.panes:
            lo, hi = window.timeline.full_range(pane)
            mid = (lo + hi) / 2
            pane.set_x_range(mid - (hi - lo) * share / 2, mid + (hi - lo) * share / 2)
            settle(qtbot)
            item = pane.item
            x_min, x_max = layout_window(*item.view_range())
            scale, offset = item.to_px()
            left, right = item.scene_rect().left(), item.scene_rect().right()
            for lane in item.lanes():
                for rows in (1, 2, 3, 5, 8):
                    shared = lane_input(lane.columns, x_min, x_max, scale, offset, left, right)
                    marks_for(lane.columns, shared, rows + 3, item.title_widths)  # another row count first: its grouping is kept
                    reused = marks_for(lane.columns, shared, rows, item.title_widths)
                    fresh = marks_for(lane.columns, lane_input(lane.columns, x_min, x_max, scale, offset, left, right),
                                      rows, item.title_widths)
                    for name in ("x0", "x1", "row", "members", "bounds", "label_width", "label_on_bar", "label_left"):
                        assert getattr(reused, name).tolist() == getattr(fresh, name).tolist(), name
                    checked += 1
    assert checked


def test_count_badges_are_kept_per_device_resolution(busy_window, qtbot):
    from PySide6.QtGui import QImage, QPainter

    view = busy_window.timeline
    view.fit_all()
    settle(qtbot)
    item = view.calendar.item
    assert any(len(lane.arrays) and (lane.arrays.counts > 1).any() for lane in item.lanes()), "clusters at full view"
    screen_dpi = item.lane_painter.dpi
    assert item.lane_painter.badges, "counts were drawn"
    screen_badge = dict(item.lane_painter.badges)

    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(image.dotsPerMeterX() * 2)
    image.setDotsPerMeterY(image.dotsPerMeterY() * 2)
    painter = QPainter(image)
    painter.setTransform(item.sceneTransform() * view.viewportTransform())
    item.paint(painter, None, None)
    painter.end()
    assert item.lane_painter.dpi != screen_dpi
    common = [count for count in item.lane_painter.badges if count in screen_badge]
    assert common, "the same clusters were drawn"
    for count in common:
        room, drawn, _ = item.lane_painter.badges[count]
        assert room == screen_badge[count][0], "the room a count needs is the label font's"
        assert drawn != screen_badge[count][1], "its drawn width is the device's"


def test_density_fills_are_a_themes_and_follow_a_theme_change(busy_window, qtbot):
    from viewer.core.theme import DARK, LIGHT

    window = busy_window
    window.state.set_theme(LIGHT)
    window.timeline.fit_all()
    settle(qtbot)
    item = window.timeline.calendar.item
    light = item.lane_painter.palette
    assert light.theme is LIGHT and light._fills
    window.state.set_theme(DARK)
    window.timeline.viewport().repaint()
    settle(qtbot)
    assert item.lane_painter.palette is not light and item.lane_painter.palette.theme is DARK


@pytest.mark.parametrize("share", [1.0, 0.05])
def test_a_pan_moves_the_lanes_arrays_and_keeps_their_owners(busy_window, qtbot, share):
    window = busy_window
    pane = window.timeline.calendar
    lo, hi = window.timeline.full_range(pane)
    span = (hi - lo) * share
    pane.set_x_range(lo + span, lo + 2 * span)
    settle(qtbot)
    before = [(lane.arrays, lane.owners()) for lane in pane.item.lanes()]
    pane.set_x_range(lo + span * 1.01, lo + span * 2.01)  # a small pan inside the layout window
    settle(qtbot)
    after = pane.item.lanes()
    for (arrays, owners), lane in zip(before, after):
        assert lane.owners() is owners
        dx = lane.arrays.x0[:1] - arrays.x0[:1]
        if len(arrays):
            assert np.allclose(lane.arrays.x0 - arrays.x0, dx) and np.allclose(lane.arrays.x1 - arrays.x1, dx)
            assert lane.arrays.row.tolist() == arrays.row.tolist()
            assert [m.x0 for m in lane.marks] == lane.arrays.x0.tolist()
