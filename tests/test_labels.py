"""Titles on the pure layout: short ones shown whole, right-edge ones moved left into a row that
is free there, a selected title drawn plain rather than cut, the height shared by what titles
need, and a fit-all that ends near the last mark."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import a_calendar_event, a_dataset_with
from viewer.dataset.build import build_dataset
from viewer.qt.timeline.lane_painter import drawn_bold
from viewer.scene.columns import build_columns
from viewer.scene.labels import label_box
from viewer.scene.lanes import MIN_ROW_HEIGHT, PaneRect, lay_out_lanes
from viewer.scene.shares import lane_heights, lane_need_px, rows_needed, shares_by_need


def widths_of(table: dict[str, float]):
    """A title measure: the width for each event id (100 px for others)."""
    def measure(columns, index):
        return np.array([table.get(columns.ids[int(i)], 100.0) for i in index], dtype=float)
    return measure


def lanes_for(events, view=(0.0, 3650.0), width=1000.0, height=300.0, measure=None):
    dataset = build_dataset(a_dataset_with(events=events, sources=[{"id": "n", "title": "N", "publisher": "P"}]))
    columns = [c for c in build_columns(dataset).values() if len(c)]
    scale = width / (view[1] - view[0])
    return lay_out_lanes(columns, view, scale, -view[0] * scale, PaneRect(0.0, 0.0, width, height),
                         measure or widths_of({})), scale, -view[0] * scale


def an_event(id: str, when: str) -> dict:
    return a_calendar_event(id, when, citations=[{"source": "n", "note": "A note."}])


def test_a_short_title_is_shown_whole():
    lanes, scale, offset = lanes_for([an_event("a", "1972-01-01")], measure=widths_of({"a": 30.0}))
    mark = lanes[0].marks[0]
    assert mark.label_width == pytest.approx(30.0)
    box = label_box(lanes[0].columns, mark.index, mark.x0, mark.x1, mark.label_width, mark.label_on_bar,
                    mark.label_left, 0.0, 0.0, 1000.0, 22.0, scale, offset)
    assert box is not None and box[2] >= 30.0


def test_a_title_the_right_edge_would_cut_goes_left_into_a_row_free_there():
    # 'late' sits near the right edge; in its first free row a long title leaves no room on the
    # left, so it must take another row, where it goes left of its mark, whole
    events = [an_event("early", "1970-06-01"), an_event("late", "1979-06-01")]
    measure = widths_of({"early": 800.0, "late": 300.0})
    lanes, scale, offset = lanes_for(events, measure=measure)
    late = next(m for m in lanes[0].marks if lanes[0].columns.ids[m.index] == "late")
    early = next(m for m in lanes[0].marks if lanes[0].columns.ids[m.index] == "early")
    assert late.label_left and late.label_width == pytest.approx(300.0)
    assert late.row != early.row
    assert early.label_width == pytest.approx(800.0), "the long title is not cut for the late one"


def test_a_selected_title_is_drawn_plain_where_only_plain_fits_whole():
    assert drawn_bold(True, bold_width=110, plain_width=100, room=120)
    assert not drawn_bold(True, bold_width=110, plain_width=100, room=105)  # plain fits, bold would be cut
    assert drawn_bold(True, bold_width=110, plain_width=100, room=90)  # cut either way: bold
    assert not drawn_bold(False, bold_width=110, plain_width=100, room=200)


def test_shares_keep_the_total_and_give_spare_rows_to_lanes_that_need_them():
    assert shares_by_need([100.0, 100.0], [40.0, 150.0]) == pytest.approx([50.0, 150.0])
    assert shares_by_need([100.0, 100.0], [40.0, 60.0]) == pytest.approx([100.0, 100.0])
    # more needed than there is: the same share of each need
    assert shares_by_need([150.0, 50.0], [200.0, 200.0]) == pytest.approx([100.0, 100.0])


def test_lane_heights_in_deficit_come_in_whole_rows_by_need():
    rows = [10, 12]
    height = lane_need_px(10) + lane_need_px(12) - 5  # a few pixels short of both
    heights = lane_heights([height / 2, height / 2], rows, height)
    assert sum(heights) == pytest.approx(height)
    whole_rows = [int((h - lane_need_px(0)) // MIN_ROW_HEIGHT) for h in heights]
    assert sum(whole_rows) == 21 and whole_rows in ([10, 11], [9, 12])


def test_rows_needed_are_the_rows_titles_take_with_rows_to_spare():
    events = [an_event(f"e{k}", f"1975-01-{1 + k:02d}") for k in range(6)] + [an_event("alone", "1979-01-01")]
    dataset = build_dataset(a_dataset_with(events=events, sources=[{"id": "n", "title": "N", "publisher": "P"}]))
    columns = [c for c in build_columns(dataset).values() if len(c)]
    view = (0.0, 3650.0)
    scale = 1000.0 / 3650.0
    assert rows_needed(columns, view, scale, 0.0, 0.0, 1000.0, widths_of({})) == [6]


def test_fit_all_ends_near_the_last_mark(window):
    from viewer.core.model import AxisKind
    from viewer.scene.columns import columns_extent

    lo, hi = columns_extent(window.state.columns, AxisKind.CALENDAR)
    shown_lo, shown_hi = window.timeline.full_range(window.timeline.calendar)
    assert 0 < shown_hi - hi <= 0.05 * (hi - lo)


def test_a_small_window_gives_each_lane_the_same_share_of_the_rows_its_titles_need(make_window, bundled_dataset):
    window = make_window(bundled_dataset, size=(1024, 640))
    shares = []
    for pane in window.timeline.panes:
        for lane, needed in zip(pane.item.lanes(), pane.item.rows_needed()):
            shares.append(min(lane.rows / needed, 1.0))
    assert min(shares) >= 0.75 * max(shares), shares
