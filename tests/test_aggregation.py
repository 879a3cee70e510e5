"""Aggregation never drops or double-counts: every event in view is in exactly one mark.

Pure tests drive ``aggregate`` with generated pixel positions; GUI tests lay out a 10,000-event
synthetic dataset (bench/synthetic.py, the benchmark's own shape) at several zooms, and click an
aggregate mark to check it zooms in until its events spread out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QColor

from conftest import a_calendar_event, a_dataset_with, settle, write_dataset
from viewer.dataset.load import load_dataset
from viewer.scene.lanes import layout_window
from viewer.scene.marks import aggregate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)

# -- pure: aggregate() -------------------------------------------------------------------------------

starts = st.lists(st.floats(min_value=-5000, max_value=5000, allow_nan=False), min_size=0, max_size=300)


@given(starts=starts, widths=st.lists(st.floats(min_value=0, max_value=400), min_size=300, max_size=300),
       cell=st.sampled_from([1.0, 4.0, 16.0]), max_long=st.integers(0, 50),
       budget=st.one_of(st.none(), st.floats(min_value=0, max_value=5000)), sort=st.booleans())
@settings(max_examples=300, deadline=None)
def test_every_event_is_in_exactly_one_group_and_groups_cover_their_members(starts, widths, cell, max_long, budget, sort):
    x0 = np.array(sorted(starts) if sort else starts, dtype=float)
    x1 = x0 + np.array(widths[: len(x0)], dtype=float)
    indices = np.arange(100, 100 + len(x0))
    groups = aggregate(indices, x0, x1, cell, max_long=max_long, long_budget_px=budget)

    members = np.concatenate([g[2] for g in groups]) if groups else np.empty(0, dtype=int)
    assert sorted(members.tolist()) == indices.tolist(), "each event once, none dropped"
    assert sum(len(g[2]) for g in groups) == len(x0), "counts add up"
    assert [g[0] for g in groups] == sorted(g[0] for g in groups), "groups come in pixel order"
    for left, right, group in groups:
        positions = group - 100
        assert left == pytest.approx(x0[positions].min()) and right == pytest.approx(x1[positions].max())
        if len(group) > 1:  # an aggregate only joins events that start in the same cell
            cells = np.floor(x0[positions] / cell)
            assert cells.min() == cells.max()


def test_long_bars_stay_individual_until_they_are_too_many_to_tell_apart():
    x0 = np.array([0.0, 1.0, 2.0, 3.0])
    x1 = np.array([100.0, 1.5, 200.0, 3.5])
    assert len(aggregate(np.arange(4), x0, x1, 4.0)) == 3  # two long bars + one group of two points
    assert len(aggregate(np.arange(4), x0, x1, 4.0, max_long=1)) == 1
    assert len(aggregate(np.arange(4), x0, x1, 4.0, long_budget_px=250.0)) == 1  # 100 + 198 px > 250


# -- GUI: lanes of a 10k dataset --------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory) -> Path:
    return synthetic.write_dataset(10_000, tmp_path_factory.mktemp("synthetic"))


@pytest.fixture
def big_window(make_window, synthetic_10k):
    return make_window(load_dataset(synthetic_10k), size=(1600, 900))


def marks_cover_the_visible_events_once(pane) -> int:
    """Check every lane: each event in view is in exactly one mark, and the marks' members are
    exactly the events of the layout window (the view plus the snapped margin laid out with it,
    so rows stay put while panning); returns the mark count."""
    (x_min, x_max), _ = pane.view_box.viewRange()
    total = 0
    for lane in pane.item.lanes():
        in_view = lane.columns.visible_slice(x_min, x_max)
        visible = lane.columns.visible_slice(*layout_window(x_min, x_max))
        members = np.concatenate([m.members for m in lane.marks]) if lane.marks else np.empty(0, dtype=np.int64)
        assert len(members) == len(np.unique(members)), f"{lane.columns.name}: an event is in two marks"
        assert np.isin(in_view, members).all(), f"{lane.columns.name}: an event in view has no mark"
        assert np.array_equal(np.sort(members), np.sort(visible)), f"{lane.columns.name}: marks and layout window differ"
        assert sum(m.count for m in lane.marks) == len(visible), "counts add up"
        for index in visible[:: max(len(visible) // 50, 1)]:
            assert int(index) in lane.mark_of.get(int(index)).members.tolist()
        total += len(lane.marks)
    return total


@pytest.mark.parametrize("share", [1.0, 0.2, 0.02, 0.001, 0.00005])
@pytest.mark.parametrize("centre", [0.3, 0.55])
def test_at_any_zoom_every_event_in_view_is_in_exactly_one_mark(big_window, qtbot, share, centre):
    view = big_window.timeline
    for pane in view.panes:
        lo, hi = view.full_range(pane)
        mid, span = lo + (hi - lo) * centre, (hi - lo) * share
        pane.set_x_range(mid - span / 2, mid + span / 2)
    settle(qtbot)
    for pane in view.panes:
        marks = marks_cover_the_visible_events_once(pane)
        (x_min, x_max), _ = pane.view_box.viewRange()
        window = layout_window(x_min, x_max)
        width = pane.item.scene_rect().width() * (window[1] - window[0]) / (x_max - x_min)
        # bounded by pixels, not events: at most a mark per cell plus a few long bars per row
        assert marks <= sum(width / 4 + lane.rows * 40 for lane in pane.item.lanes())


def test_clicking_an_aggregate_zooms_to_where_its_events_start_and_spreads_them(big_window, qtbot):
    view = big_window.timeline
    item = view.calendar.item
    lane = max(item.lanes(), key=lambda l: max((m.count for m in l.marks), default=0))
    cluster = max(lane.marks, key=lambda m: m.count)
    assert cluster.count > 1
    members = cluster.members.copy()
    # the box stands where its events start; the click zooms across those starts
    lo, hi = float(lane.columns.lo[members].min()), float(lane.columns.lo[members].max())
    assert hi > lo, "the test needs a cluster whose events start at different times"
    before = view.calendar.x_range()

    y = lane.row_centre(cluster.row)
    x = (cluster.x0 + max(cluster.x1, cluster.x0 + 16)) / 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(QPointF(x, y)))
    settle(qtbot)

    after = view.calendar.x_range()
    assert after[1] - after[0] < before[1] - before[0], "the click zoomed in"
    assert after[0] <= lo + 1e-6 or after[0] <= before[0]  # every start is in view (within limits)
    assert after[1] >= min(hi, before[1]) - 1e-6
    assert big_window.state.selected is None, "a cluster click selects nothing"
    marks_cover_the_visible_events_once(view.calendar)
    now = next(l for l in item.lanes() if l.columns.track_id == lane.columns.track_id)
    holders = {id(now.mark_of.get(int(i))) for i in members}
    assert len(holders) > 1, "its events now spread over several marks"


def pixels_around(view, x: float, y: float, radius: int = 2) -> set[tuple[int, int, int]]:
    """Colours drawn within ``radius`` pixels of a scene point (as the viewport shows it)."""
    image = view.viewport().grab().toImage()
    centre = view.mapFromScene(QPointF(x, y))
    return {image.pixelColor(centre.x() + dx, centre.y() + dy).getRgb()[:3]
            for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)}


def test_a_cluster_lights_up_while_it_holds_a_highlighted_event_and_only_then(big_window, qtbot):
    view, state = big_window.timeline, big_window.state
    item = view.calendar.item
    rect = item.scene_rect()
    clusters = [(lane, m) for lane in item.lanes() for m in lane.marks
                if m.count > 1 and rect.left() + 30 < m.x0 and m.x0 + 40 < rect.right()]
    (lane_a, a), (lane_b, b) = clusters[0], clusters[-1]
    glow = QColor(state.theme.highlight).getRgb()[:3]

    def glows(lane, mark) -> bool:  # just above the box: the halo, outside the box's own fill
        return glow in pixels_around(view, mark.x0 + 8, lane.row_centre(mark.row) - 9.5, radius=1)

    assert not glows(lane_a, a) and not glows(lane_b, b)
    state.set_highlighted({lane_a.columns.ids[int(a.members[-1])]})
    settle(qtbot)
    assert glows(lane_a, a) and not glows(lane_b, b)
    state.set_highlighted({lane_b.columns.ids[int(b.members[0])]})
    settle(qtbot)
    assert glows(lane_b, b) and not glows(lane_a, a), "the halo follows the highlight"


def test_a_lit_cluster_keeps_its_track_colour_inside_the_halo(big_window, qtbot):
    """A search that lights every box must not paint them all one colour: the halo is a ring,
    and inside it the box looks as it does unlit."""
    view, state = big_window.timeline, big_window.state
    item = view.calendar.item
    rect = item.scene_rect()
    lane, cluster = next((lane, m) for lane in item.lanes() for m in lane.marks
                         if m.count > 1 and rect.left() + 30 < m.x0 and m.x0 + 40 < rect.right())
    x, y = cluster.x0 + 4, lane.row_centre(cluster.row) + 5  # inside the box, clear of its count
    [unlit] = pixels_around(view, x, y, radius=0)
    state.set_highlighted({lane.columns.ids[int(i)] for i in cluster.members})
    settle(qtbot)
    [lit] = pixels_around(view, x, y, radius=0)
    glow = QColor(state.theme.highlight).getRgb()[:3]

    def distance(a, b) -> float:
        return sum((p - q) ** 2 for p, q in zip(a, b)) ** 0.5

    assert distance(lit, unlit) < 60 < distance(lit, glow), (lit, unlit, glow)


def test_a_cluster_holding_the_selected_event_is_outlined_in_the_selection_colour(big_window, qtbot):
    view, state = big_window.timeline, big_window.state
    item = view.calendar.item
    rect = item.scene_rect()
    lane, cluster = next((lane, m) for lane in item.lanes() for m in lane.marks
                         if m.count > 1 and rect.left() + 30 < m.x0 and m.x0 + 40 < rect.right())
    outline = QColor(state.theme.selection).getRgb()[:3]
    top = (cluster.x0 + 8, lane.row_centre(cluster.row) - 8)
    assert outline not in pixels_around(view, *top)
    state.select(lane.columns.ids[int(cluster.members[len(cluster.members) // 2])])
    settle(qtbot)
    assert outline in pixels_around(view, *top)


def test_a_busy_lane_shows_count_boxes_where_their_events_start_side_by_side(big_window, qtbot):
    """At full view the calendar lanes are too busy for single marks: each aggregate is the box of
    the pixel cell where its events start, never stretched to the end of a long member (which
    used to make one pane-wide box per row), and boxes never overlap."""
    from viewer.scene.lanes import DENSE_CELL_PX, EDGE_PX, MARKER_RADIUS

    item = big_window.timeline.calendar.item
    (x_min, x_max), _ = big_window.timeline.calendar.view_box.viewRange()
    edge = float(item.pixels(layout_window(x_min, x_max)[0])) - EDGE_PX
    checked = 0
    for lane in item.lanes():
        boxes = [m for m in lane.marks if m.count > 1]
        assert boxes, f"{lane.columns.name}: expected a busy lane at full view"
        starts = np.maximum(item.pixels(lane.columns.lo) - MARKER_RADIUS, edge)  # as laid out
        for mark in boxes:
            first, last = float(starts[mark.members].min()), float(starts[mark.members].max())
            cell = np.floor(first / DENSE_CELL_PX) * DENSE_CELL_PX
            assert (mark.x0, mark.x1) == pytest.approx((cell + 3, cell + DENSE_CELL_PX - 3)), "the box is its cell"
            assert last < cell + DENSE_CELL_PX, "every member starts in the box's cell"
        for row in {m.row for m in boxes}:
            spans = sorted((m.x0, m.x1) for m in boxes if m.row == row)
            assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:])), "boxes in a row do not overlap"
        checked += len(boxes)
    assert checked > 20


def test_count_badges_stay_short_and_denser_boxes_are_filled_stronger():
    from conftest import density_levels
    from viewer.scene.clusters import DENSITY_ALPHAS
    from viewer.scene.clusters import count_text as _count_text

    for count in (2, 999, 1000, 4567, 9949, 9950, 12_345, 999_499, 999_500, 2_000_000):
        assert len(_count_text(count)) <= 4, count
    assert [_count_text(c) for c in (999, 4567, 12_345, 1_234_567)] == ["999", "4.6k", "12k", "1.2M"]
    counts = [2, 3, 10, 50, 400, 5000]
    levels = density_levels(counts)
    assert levels == sorted(levels) and levels[-1] == len(DENSITY_ALPHAS) - 1 and levels[0] == 0
    assert density_levels([2, 2, 1]) == [0, 0, 0]


# -- a count box that no zoom can spread ------------------------------------------------------------


def test_a_box_target_spans_its_events_starts_never_more_than_the_view_and_none_for_one_instant():
    from viewer.scene.rows import cluster_target

    assert cluster_target(np.array([10.0, 12.0, 11.0]), 0.0, 100.0) == (10.0, 12.0)
    assert cluster_target(np.array([5.0, 5.0, 5.0]), 0.0, 100.0) is None  # the same date, however vague
    # a box folded from long bars whose starts reach far beyond the view: the view halves, inside it
    lo, hi = cluster_target(np.array([-500.0, 40.0, 900.0]), 0.0, 100.0)
    assert 0.0 <= lo < hi <= 100.0 and (hi - lo) * 1.3 == pytest.approx(50.0)


def test_clicking_a_box_of_events_on_one_date_lists_them_and_a_pick_selects_it(make_window, qtbot, tmp_path):
    events = [a_calendar_event(f"y{i}", when="1975", title=f"Year-only event {i:02d}") for i in range(40)]
    events += [a_calendar_event("early", when="1960-03-01"), a_calendar_event("late", when="2000-03-01")]
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events), name="year.json")))
    view = window.timeline
    item = view.calendar.item
    lane, box = next((lane, mark) for lane in item.lanes() for mark in lane.marks if mark.count > 1)
    assert {lane.columns.ids[int(i)] for i in box.members} <= {f"y{i}" for i in range(40)}
    before = view.calendar.x_range()
    x = (box.x0 + max(box.x1, box.x0 + 16)) / 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(QPointF(x, lane.row_centre(box.row))))
    settle(qtbot)
    assert view.calendar.x_range() == before, "no zoom: it could not set them apart (it used to zoom out)"
    listed = window.detail.toPlainText()
    assert f"{box.count} events in" in listed and "zooming in cannot set them apart" in listed
    picked = lane.columns.titles[int(box.members[3])]
    assert picked in listed
    target = lane.columns.ids[int(box.members[3])]
    window.detail.anchorClicked.emit(QUrl(f"event:{target}"))
    settle(qtbot)
    assert window.state.selected == target
    assert window.detail.toPlainText().startswith(picked), "the panel now shows the picked event"
    # still inside its box on the timeline, the selected event is named in a callout beside it
    lane = next(l for l in item.lanes() if l.columns.track_id == lane.columns.track_id)
    index = lane.columns.index_of[target]
    assert lane.arrays.counts[int(lane.owners()[index])] > 1
    callout = item.selection_callout(lane, index, item.scene_rect())
    assert callout is not None and callout[1] == picked
