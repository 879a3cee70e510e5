"""Pure layout geometry: row stacking, label rectangles, aggregation, the visible slice. No Qt."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_calendar_event, a_dataset_with, write_dataset
from viewer.dataset.load import load_dataset
from viewer.scene.rows import LEFT_LABEL_CLEARANCE, labels_to_the_left, stack_marks
from viewer.scene.marks import Mark, aggregate
from viewer.scene.columns import build_columns
from layout_helpers import label_rects, rects_intersect, stack_rows

GAP = 6.0


@st.composite
def marks(draw, max_marks: int = 40):
    """Marks in x0 order, as the pane item builds them: (x0, x1, label room), and a row count."""
    n = draw(st.integers(0, max_marks))
    starts = sorted(draw(st.lists(st.floats(0, 2000, allow_nan=False, allow_infinity=False), min_size=n, max_size=n)))
    lengths = draw(st.lists(st.one_of(st.just(10.0), st.floats(0, 600)), min_size=n, max_size=n))
    labels = draw(st.lists(st.one_of(st.just(0.0), st.floats(55, 300)), min_size=n, max_size=n))
    rows = draw(st.integers(1, 8))
    return starts, [a + w for a, w in zip(starts, lengths)], labels, rows


def overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    """Open intervals overlap (touching ends do not count)."""
    return a0 < b1 and b0 < a1


# -- stack_rows --------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(marks())
def test_shown_labels_never_intersect(case):
    x0, x1, widths, rows = case
    assigned, shown = stack_rows(x0, x1, widths, rows, GAP)
    labelled = [i for i in range(len(x0)) if shown[i]]
    for i, j in itertools.combinations(labelled, 2):
        if assigned[i] == assigned[j]:
            assert not overlaps(x1[i], x1[i] + widths[i], x1[j], x1[j] + widths[j]), (i, j)


@settings(max_examples=300, deadline=None)
@given(marks())
def test_no_shown_label_overlaps_another_marks_bar_in_its_row(case):
    x0, x1, widths, rows = case
    assigned, shown = stack_rows(x0, x1, widths, rows, GAP)
    for i in range(len(x0)):
        if not shown[i]:
            continue
        for k in range(len(x0)):
            if k != i and assigned[k] == assigned[i]:
                assert not overlaps(x1[i], x1[i] + widths[i], x0[k], x1[k]), f"label {i} covers mark {k}"


@settings(max_examples=200, deadline=None)
@given(marks())
def test_rows_are_in_range_and_only_marks_with_room_asked_get_labels(case):
    x0, x1, widths, rows = case
    assigned, shown = stack_rows(x0, x1, widths, rows, GAP)
    assert len(assigned) == len(shown) == len(x0)
    assert all(0 <= r < rows for r in assigned)
    assert all(widths[i] > 0 for i in range(len(x0)) if shown[i])


@settings(max_examples=200, deadline=None)
@given(marks(max_marks=8))
def test_with_a_row_per_mark_every_label_is_shown_and_no_bars_share_space(case):
    x0, x1, widths, _ = case
    rows = max(len(x0), 1)
    assigned, shown = stack_rows(x0, x1, widths, rows, GAP)
    assert shown == [w > 0 for w in widths]
    for i, k in itertools.combinations(range(len(x0)), 2):
        if assigned[i] == assigned[k]:
            assert not overlaps(x0[i], x1[i], x0[k], x1[k])


def test_marks_far_apart_share_the_first_row_with_their_labels():
    assigned, shown = stack_rows([0, 200, 400], [10, 210, 410], [100, 100, 100], rows=3)
    assert assigned == [0, 0, 0]
    assert shown == [True, True, True]


def test_a_mark_that_would_sit_on_a_label_goes_to_the_next_row():
    assigned, shown = stack_rows([0, 50], [10, 60], [100, 100], rows=2)
    assert assigned == [0, 1]
    assert shown == [True, True]


def test_when_rows_run_out_the_covered_label_is_hidden_not_drawn_under_a_mark():
    assigned, shown = stack_rows([0, 50], [10, 60], [100, 100], rows=1)
    assert assigned == [0, 0]
    assert shown == [False, True]  # the newcomer's bar clears the row's bars: it keeps its label


def test_when_rows_run_out_a_covered_label_is_shortened_to_end_before_the_newcomer():
    assigned, widths = stack_marks([0, 120], [10, 130], [200, 100], rows=1, min_label=48)
    assert assigned == [0, 0]
    assert widths == [120 - 6 - 10, 100]


def test_a_label_hidden_for_lack_of_room_reappears_when_zooming_in_spreads_the_marks():
    x0, x1, widths = [0, 50, 100], [10, 60, 110], [80, 80, 80]
    _, crowded = stack_rows(x0, x1, widths, rows=1)
    _, spread = stack_rows([x * 4 for x in x0], [x * 4 + 10 for x in x0], widths, rows=1)
    assert not all(crowded)
    assert all(spread)


# -- label rectangles -----------------------------------------------------------------------------


def a_mark(x0: float, x1: float, row: int = 0, label: float = 0.0, on_bar: bool = False, left: bool = False) -> Mark:
    return Mark(x0, x1, np.array([0]), row, label, on_bar, left)


def test_a_label_cut_short_on_the_right_goes_whole_to_the_left_where_its_row_has_room():
    # marks 0 and 1 share row 0; mark 1's label is cut by the pane's edge (kept 40 of 200);
    # mark 2 (row 1) is whole already; nothing is in row 0 between 120 and 400
    x0, x1, row = np.array([10.0, 400.0, 300.0]), np.array([20.0, 410.0, 310.0]), np.array([0, 0, 1])
    kept, wanted = np.array([90.0, 40.0, 80.0]), np.array([90.0, 200.0, 80.0])
    room, left = labels_to_the_left(x0, x1, row, kept, wanted, left_edge=0.0, right_edge=500.0)
    assert left.tolist() == [False, True, False]
    assert room.tolist() == [90.0, 200.0, 80.0]  # whole on the left; the others untouched
    rects = label_rects([a_mark(a, b, row=r, label=w - 7, left=f) for a, b, r, w, f in zip(x0, x1, row, room, left)],
                        lane_top=0, row_height=22, label_offset=7)
    assert rects[1] == (400 - 200, 0, 193, 22)  # ends 7 px before its mark


def test_a_label_stays_cut_where_its_left_is_taken_or_off_the_pane():
    x0, x1, row = np.array([10.0, 400.0]), np.array([20.0, 410.0]), np.array([0, 0])
    cut = np.array([90.0, 40.0])
    # mark 0's label reaches 110; a 300-px label of mark 1 would start at 100: in the way
    room, left = labels_to_the_left(x0, x1, row, cut, np.array([90.0, 300.0]), 0.0, 500.0)
    assert not left.any() and room.tolist() == cut.tolist()
    # past the pane's left edge, or for a mark beyond its right edge: no
    assert not labels_to_the_left(x0, x1, row, cut, np.array([90.0, 200.0]), 250.0, 500.0)[1].any()
    assert not labels_to_the_left(x0, x1, row, cut, np.array([90.0, 200.0]), 0.0, 390.0)[1].any()
    # another row's marks are not in the way
    assert labels_to_the_left(x0, x1, np.array([0, 1]), cut, np.array([90.0, 300.0]), 0.0, 500.0)[1].tolist() == [False, True]
    # nor would it start right after the title before it: two titles in a row read as one line
    assert not labels_to_the_left(x0, x1, row, cut, np.array([90.0, 280.0]), 0.0, 500.0)[1].any()  # 10 px after it
    assert labels_to_the_left(x0, x1, row, cut, np.array([90.0, 240.0]), 0.0, 500.0)[1].tolist() == [False, True]


def test_labels_moved_left_are_in_the_way_of_the_next():
    # two cut labels in one row: the first moves left; the second would then cover the first's mark
    x0, x1, row = np.array([300.0, 330.0]), np.array([310.0, 340.0]), np.array([0, 0])
    room, left = labels_to_the_left(x0, x1, row, np.array([0.0, 40.0]), np.array([150.0, 150.0]), 0.0, 500.0)
    assert left.tolist() == [True, False]
    placed = [(x0[k] - room[k], x1[k]) if left[k] else (x0[k], x1[k] + room[k]) for k in range(2)]
    assert not overlaps(*placed[0], *placed[1])


@settings(max_examples=200, deadline=None)
@given(marks())
def test_labels_moved_left_never_meet_another_mark_or_label_in_their_row(case):
    x0, x1, widths, rows = case
    assigned, kept = stack_marks(x0, x1, widths, rows, GAP)
    wanted = np.array(widths) + 120.0 * (np.array(widths) > 0)  # every label wants more than it had
    room, left = labels_to_the_left(np.array(x0), np.array(x1), np.array(assigned), np.array(kept), wanted, 0.0, 1e9)
    spans = [(a - w, b) if f else (a, b + w) for a, b, w, f in zip(x0, x1, room.tolist(), left.tolist())]
    for k in np.flatnonzero(left).tolist():
        assert room[k] == wanted[k] and spans[k][0] >= 0.0
        for j in range(len(x0)):
            if j != k and assigned[j] == assigned[k]:
                assert not overlaps(spans[k][0] - LEFT_LABEL_CLEARANCE, x0[k], *spans[j]), (k, j)


def test_label_rects_sit_right_of_their_mark_in_its_row():
    rects = label_rects([a_mark(10, 20, row=2, label=50), a_mark(100, 100, label=0)], lane_top=40,
                        row_height=22, label_offset=7)
    assert rects == [(27, 40 + 2 * 22, 50, 22)]


def test_labels_drawn_on_bars_take_no_room_beside_them():
    assert label_rects([a_mark(10, 300, on_bar=True)], 0, 22, 7) == []


def test_rects_intersect_only_when_they_share_area():
    a = (0.0, 0.0, 10.0, 10.0)
    assert rects_intersect(a, (5.0, 5.0, 10.0, 10.0))
    assert not rects_intersect(a, (10.0, 0.0, 10.0, 10.0)), "touching edges are not an overlap"
    assert not rects_intersect(a, (0.0, 10.0, 10.0, 10.0)), "adjacent rows are not an overlap"
    assert not rects_intersect(a, (20.0, 20.0, 1.0, 1.0))


@settings(max_examples=200, deadline=None)
@given(marks())
def test_label_rects_from_stacked_marks_never_intersect(case):
    x0, x1, widths, rows = case
    assigned, shown = stack_rows(x0, x1, widths, rows, GAP)
    offset = 7.0
    laid = [a_mark(a, b, row, (w - offset) if s else 0.0) for a, b, w, row, s in zip(x0, x1, widths, assigned, shown)]
    rects = label_rects(laid, lane_top=18, row_height=22, label_offset=offset)
    for a, b in itertools.combinations(rects, 2):
        assert not rects_intersect(a, b)


# -- aggregation and the visible slice ------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-500, 3000), st.floats(0, 200)), max_size=60), st.sampled_from([2.0, 4.0, 9.0]))
def test_aggregate_puts_every_event_in_exactly_one_group_in_pixel_order(events, cell):
    events.sort()
    x0 = np.array([a for a, _ in events], dtype=float)
    x1 = x0 + np.array([w for _, w in events], dtype=float)
    indices = np.arange(len(events)) + 100
    groups = aggregate(indices, x0, x1, cell)
    members = sorted(int(i) for _, _, m in groups for i in m)
    assert members == list(indices)
    assert [g[0] for g in groups] == sorted(g[0] for g in groups)
    for g0, g1, m in groups:
        assert g0 == x0[m - 100].min() and g1 == x1[m - 100].max()


def test_aggregate_keeps_long_bars_apart_and_groups_close_points():
    x0 = np.array([0.0, 1.0, 2.0, 2.5, 100.0])
    x1 = np.array([300.0, 1.0, 2.0, 2.5, 100.0])
    groups = aggregate(np.arange(5), x0, x1, cell_px=4.0)
    sizes = sorted(len(m) for _, _, m in groups)
    assert sizes == [1, 1, 3]
    assert any(list(m) == [0] for _, _, m in groups), "the long bar stays on its own"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1950, 2020), st.integers(0, 30)), min_size=1, max_size=25),
       st.floats(-20000, 20000), st.floats(1, 30000))
def test_visible_slice_is_exactly_the_events_meeting_the_range(tmp_path_factory, spans, x_min, width):
    events = [a_calendar_event(id=f"e{i}", when=f"{a}/{a + d}" if d else f"{a}") for i, (a, d) in enumerate(spans)]
    folder = tmp_path_factory.mktemp("slice")
    columns = build_columns(load_dataset(write_dataset(folder, a_dataset_with(events=events))))["real"]
    x_max = x_min + width
    got = list(columns.visible_slice(x_min, x_max))
    expected = [i for i in range(len(columns)) if columns.hi[i] >= x_min and columns.lo[i] <= x_max]
    assert got == expected


def test_visible_slice_is_exact_at_the_very_end_of_an_event(tmp_path):
    """Events reaching in from the left are found through float32 ends rounded up: a range
    starting exactly at an event's end, or a hair after it, must include it, or not."""
    import numpy as np

    events = [a_calendar_event(id=f"e{i}", when=w) for i, w in enumerate(
        ["1950/1990", "1960-03-07/1990-05-01", "1970~/1980?", "1981-06-15", "1985/2001", "1999-12-31"])]
    columns = build_columns(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))))["real"]
    for i in range(len(columns)):
        end = float(columns.hi[i])
        for x_min in (end, float(np.nextafter(end, -np.inf)), float(np.nextafter(end, np.inf)), end + 1e-4, end - 1e-4):
            got = list(columns.visible_slice(x_min, x_min + 10_000))
            assert got == [k for k in range(len(columns)) if columns.hi[k] >= x_min and columns.lo[k] <= x_min + 10_000]


def test_every_event_is_found_in_its_tracks_columns_among_many_sharing_a_date(tmp_path):
    """An id's index is found through the sort key: events sharing a date share a key, and the
    run of them is searched by row."""
    import numpy as np

    events = [a_calendar_event(id=f"e{i}", when=("1990" if i % 3 else f"{1950 + i % 7}-0{1 + i % 9}"),
                               track=("real" if i % 4 else "other")) for i in range(300)]
    dataset = a_dataset_with(events=events)
    dataset["tracks"].append({"id": "other", "name": "Other", "axis": "calendar", "color": "#123456"})
    loaded = load_dataset(write_dataset(tmp_path, dataset))
    columns = build_columns(loaded)
    for track_id, track in columns.items():
        for i in range(len(track)):
            assert track.index_of[track.ids[i]] == i
        assert "e-none" not in track.index_of
    assert "e1" not in columns["other"].index_of and "e1" in columns["real"].index_of
    rows = np.array([loaded.events.row_of(f"e{i}") for i in range(0, 300, 7)])
    for track in columns.values():
        expected = sorted(track.index_of[f"e{i}"] for i in range(0, 300, 7) if f"e{i}" in track.index_of)
        assert track.index_of.positions_of_rows(rows).tolist() == expected


def test_tiled_marks_share_the_first_row_and_keep_their_labels():
    # each starts clear of the previous footprint (bar + label) plus the gap: all in row 0
    starts = [0.0, 40.0, 80.0, 160.0]
    ends = [34.0, 74.0, 100.0, 190.0]
    labels = [0.0, 0.0, 50.0, 0.0]
    assert stack_marks(starts, ends, labels, rows=6) == ([0, 0, 0, 0], [0.0, 0.0, 50.0, 0.0])
    # the same marks after one that crowds them: stacking goes on from where the clear run stops
    rows, widths = stack_marks(starts + [185.0], ends + [200.0], labels + [0.0], rows=6)
    assert rows == [0, 0, 0, 0, 1] and widths == [0.0, 0.0, 50.0, 0.0, 0.0]


def test_marks_clear_of_the_bar_before_them_in_their_row_fold_into_nothing():
    from viewer.scene.rows import fold_overflow

    assert fold_overflow([0.0, 5.0, 20.0, 30.0], [10.0, 15.0, 25.0, 35.0], [0, 1, 0, 1]) == [-1, -1, -1, -1]
    assert fold_overflow([0.0, 5.0, 8.0], [10.0, 15.0, 12.0], [0, 1, 0]) == [-1, -1, 0]


def test_link_curves_are_four_elements_leaving_and_arriving_vertically():
    from viewer.scene.links import CURVE_TO, CURVE_TO_DATA, MOVE_TO, curve_elements

    kinds, x, y = curve_elements(np.array([10.0]), np.array([500.0]), np.array([300.0]), np.array([100.0]))
    assert kinds.tolist() == [MOVE_TO, CURVE_TO, CURVE_TO_DATA, CURVE_TO_DATA]
    assert x.tolist() == [10.0, 10.0, 300.0, 300.0]
    assert y.tolist() == [493.0, 300.0, 300.0, 107.0]
    _, _, y = curve_elements(np.array([0.0]), np.array([50.0]), np.array([0.0]), np.array([50.0]))
    assert y.tolist() == [43.0, 20.0, 80.0, 57.0]  # level ends still bend by 30 px


def test_a_link_stub_starts_at_the_end_on_screen_and_is_as_long_as_asked():
    from viewer.scene.links import LINE_TO, MOVE_TO, stub_elements

    kinds, x, y = stub_elements(np.array([0.0]), np.array([100.0]), np.array([0.0]), np.array([-500.0]),
                                np.array([True]), 34.0)
    assert kinds.tolist() == [MOVE_TO, LINE_TO] * 3
    assert (x[0], y[0]) == (0.0, 93.0) and (x[1], y[1]) == (0.0, 59.0)
    _, x, y = stub_elements(np.array([0.0]), np.array([100.0]), np.array([0.0]), np.array([-500.0]),
                            np.array([False]), 34.0)
    assert (x[0], y[0]) == (0.0, -493.0) and (x[1], y[1]) == (0.0, -459.0)


def test_pane_heights_split_by_weight_with_the_windows_fixed_floor_and_the_sheets_yielding_one():
    from viewer.scene.lanes import MIN_PANE_HEIGHT, pane_heights

    calendar, narrative = pane_heights((12, 4), 858, gap=46)
    assert calendar == pytest.approx(3 * narrative) and calendar + narrative == pytest.approx(858 - 46 - 12)
    # a short window: the floor holds, even beyond the height there is
    assert pane_heights((12, 4), 150, gap=46) == (pytest.approx(150.0), MIN_PANE_HEIGHT)
    # one pane shown: no gap, all the height
    assert pane_heights((12, 0), 500, gap=46) == (pytest.approx(488.0), MIN_PANE_HEIGHT)
    # a short sheet: the floor yields, and the two still fill exactly the room there is
    calendar, narrative = pane_heights((12, 4), 200, gap=46, floor_yields=True)
    assert narrative < MIN_PANE_HEIGHT and calendar + narrative == pytest.approx(200 - 46 - 12)
    assert calendar > narrative
