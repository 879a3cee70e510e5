"""A pane's lanes in scene pixels: which events each track shows at a view, grouped into marks,
stacked in rows, with room for their titles. Pure (numpy, no Qt): the window's pane item and the
export sheet both paint from it, and tests check it without a window.

A pane lays out a *layout window* around the view (:func:`layout_window`), two and a half view
widths, so a pan inside it only moves the marks; titles are measured by the caller
(``title_widths``), in whatever font and device it paints with.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from viewer.scene.cell_counts import more_groups_than
from viewer.scene.columns import TrackColumns
from viewer.scene.mark_index import MarkIndex
from viewer.scene.marks import Groups, Mark, MarkArrays, aggregate_groups, grouping_plan, long_bars_stay
from viewer.scene.rows import LEFT_LABEL_CLEARANCE, fold_overflow, labels_to_the_left, merge_folds, stack_marks


ROW_HEIGHT = 22.0
MIN_ROW_HEIGHT = 17.0
"""Rows may tighten to this when a busy lane would otherwise hide labels."""
INDIVIDUAL_BUDGET = 150
"""Up to this many events in view, each gets its own mark (no pixel-cell aggregation)."""
HEADER_HEIGHT = 18.0
BAR_HEIGHT = 10.0
MARKER_RADIUS = 5.0
LABEL_OFFSET = 7.0
CELL_PX = 4.0
"""Events whose starts fall in the same 4-pixel cell are drawn as one aggregate mark."""
CLUSTER_MIN_WIDTH = 16.0
DENSE_CELL_PX = 40.0
"""In a lane too busy for 4-pixel cells, events group by 40-pixel cell of their anchor (their
start, as seen from the view: :func:`viewer.scene.marks.anchors_of`), and the boxes tile the lane
side by side (a row's 6-pixel gap apart), each wide enough for its count."""
BOX_INSET = 3.0
"""A busy lane's count box stands for its whole cell but is drawn this far in from each side,
so boxes side by side read apart."""
LONG_BARS_PER_ROW = 40
"""Bars wide enough to tell apart stay individual while a lane holds at most this many per row."""
LONG_PX = 24.0
"""A bar at least this many pixels wide is long: it may stay a mark of its own (see LONG_BARS_PER_ROW)."""
ACROSS_SHARE = 0.5
"""A busy lane's interval at least this share of the pane long, running across the view, is drawn
across it (a bar of its own, or in the one box of such bars), not counted in a box at one place."""
EDGE_PX = 20.0
"""Marks are laid out from this far left of the pane to this far right of it."""
WIDE_POINT_PX = 14.0
"""A point whose possible dates span more pixels than this is drawn as a dashed range band."""
MIN_LABEL_PX = 60.0
"""A label elided shorter than this is not worth showing."""

TitleWidths = Callable[[TrackColumns, np.ndarray], np.ndarray]
"""Pixels each indexed event's title needs (with a little slack), in the label font."""


@dataclass(frozen=True, slots=True)
class PaneRect:
    """A pane's rectangle in scene pixels."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class Lane:
    """One track's band in scene pixels and the marks it draws at the current range."""

    columns: TrackColumns
    top: float
    height: float
    rows: int
    arrays: MarkArrays
    """The marks as arrays (what painting, anchors and pans use)."""
    row_height: float = 22.0
    """Pixels per row: rows tighten (down to MIN_ROW_HEIGHT) when that lets more labels show."""

    def row_centre(self, row: int) -> float:
        return self.top + HEADER_HEIGHT + (row + 0.5) * self.row_height

    @cached_property
    def row_centres(self) -> np.ndarray:
        """:meth:`row_centre` of every mark's row, as an array (the same arithmetic)."""
        return self.top + HEADER_HEIGHT + (self.arrays.row + 0.5) * self.row_height

    @cached_property
    def marks(self) -> list[Mark]:
        """The marks as objects, built from the arrays when first asked for (clicks, tooltips, tests)."""
        return self.arrays.marks()

    @cached_property
    def mark_of(self) -> MarkIndex:
        """Column index -> the mark that represents it (individual or aggregate)."""
        return MarkIndex(self.marks, len(self.columns), self.owners())

    def owners(self) -> np.ndarray:
        """For every column index, the position of its mark, or -1 (built once per layout)."""
        return self.arrays.owners(len(self.columns))

    def shifted(self, dx: float) -> Lane:
        """The same layout moved ``dx`` pixels sideways: a pan inside the layout window."""
        return Lane(self.columns, self.top, self.height, self.rows, self.arrays.shifted(dx), self.row_height)

    def drawn_extents(self, scale: float, offset: float) -> tuple[np.ndarray, np.ndarray]:
        """Where each mark is drawn, left and right pixels: a single mark, its event (bar, marker,
        range band and whiskers); a count box, from its start, at least CLUSTER_MIN_WIDTH wide."""
        marks = self.arrays
        firsts = marks.firsts
        single = marks.counts == 1
        left = np.where(single, self.columns.lo[firsts] * scale + offset - MARKER_RADIUS, marks.x0)
        right = np.where(single, self.columns.hi[firsts] * scale + offset + MARKER_RADIUS,
                         np.maximum(marks.x1, marks.x0 + CLUSTER_MIN_WIDTH))
        return left, right

    def drawn_members(self, scale: float, offset: float, left: float, right: float) -> np.ndarray:
        """Column indices of the events in marks drawn between pixels ``left`` and ``right`` (a
        pane): what the lane shows there, each event once."""
        marks = self.arrays
        lo, hi = self.drawn_extents(scale, offset)
        return marks.members[np.repeat((hi >= left) & (lo <= right), marks.counts)]



def labels_shown(marks: MarkArrays) -> int:
    return int(np.count_nonzero((marks.label_width > 0) | marks.label_on_bar))


def reads_better(tight: MarkArrays, marks: MarkArrays) -> bool:
    """Whether a stacking in tighter rows is worth it: more labels shown, or as many with clearly
    more of their text (a label's worth, 40 px; a pixel or two would flip the rows back and forth
    between frames of a zoom)."""
    shown, before = labels_shown(tight), labels_shown(marks)
    return shown > before or (shown == before and float(tight.label_width.sum()) >= float(marks.label_width.sum()) + 40)


def bar_ends(columns: TrackColumns, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each indexed event's bar in axis units, (start, end): its own span, or a point's range of
    possible dates."""
    interval = columns.interval[index]
    return (np.where(interval, columns.start[index], columns.lo[index]),
            np.where(interval, columns.end[index], columns.hi[index]))


class LaneInput:
    """What a lane's layout needs that does not depend on its row count, worked out once when
    the layout is tried at two row counts (normal and tight rows): the events in the layout
    window, their footprints in pixels, and their grouping, labels and extents, kept per
    outcome of the one row-dependent choice in the grouping (see ``long_bars_stay``)."""

    __slots__ = ("visible", "x0", "x1", "window_left", "window_right", "scale", "offset", "pane_left", "pane_right",
                 "pivot", "groupings")

    def __init__(self, visible: np.ndarray, x0: np.ndarray, x1: np.ndarray, window_left: float, window_right: float,
                 scale: float, offset: float, pane_left: float, pane_right: float, pivot: float | None = None):
        self.visible, self.x0, self.x1 = visible, x0, x1
        self.window_left, self.window_right = window_left, window_right
        self.scale, self.offset, self.pane_left, self.pane_right = scale, offset, pane_left, pane_right
        self.pivot = pivot
        """A pixel inside every view this layout serves (:func:`pivot_px`): where count boxes
        anchor the events reaching across it."""
        self.groupings: dict[bool, tuple] = {}




def layout_window(x_min: float, x_max: float) -> tuple[float, float]:
    """The axis range laid out for a view of [x_min, x_max]: two and a half view widths, snapped
    to multiples of the view's width, so that it holds the view wherever it starts in its snap
    cell. Panning inside it keeps every event in its row (the layout is only moved); rows are
    redone when the view crosses into the next cell."""
    width = x_max - x_min
    if not (math.isfinite(width) and width > 0):
        return x_min, x_max
    cell = math.floor(x_min / width)
    return (cell - 0.25) * width, (cell + 2.25) * width


def pivot_of(x_min: float, x_max: float, latest_left: float | None = None) -> float:
    """An axis position that every view served by the layout of [x_min, x_max] contains: the
    latest left edge such a view can have. A layout serves every view of the same width whose
    left edge lies in the same snap cell (:func:`layout_window`), and no view reaches past the
    pan limit (``latest_left``, the latest left edge the pane allows at this width, if any).
    Every such view starts at or before the pivot and, being one cell wide, ends at or after it;
    so an event's point nearest the pivot is on screen whenever any of the event is."""
    width = x_max - x_min
    if not (math.isfinite(width) and width > 0):
        return x_min
    latest = (math.floor(x_min / width) + 1) * width
    return max(x_min, min(latest, latest_left)) if latest_left is not None else latest


def same_layout(a: tuple, b: tuple) -> bool:
    """Layout keys match: equal, with floats equal up to rounding (a pan can nudge the width).
    A key is (layout window, scale, pane left, width, height, pivot, *the rest compared exactly*)."""
    (window_a, *rest_a), (window_b, *rest_b) = a, b
    floats = [*window_a, *rest_a[:5]], [*window_b, *rest_b[:5]]
    return rest_a[5:] == rest_b[5:] and all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x, y in zip(*floats))



def lane_weight(columns: TrackColumns) -> int:
    """Share of a pane's height a lane gets: busier tracks get more rows, within limits."""
    return min(max(len(columns), 4), 12)



MIN_PANE_HEIGHT = 90.0
"""A pane's height floor in pixels (an axis, a lane name and a row of marks)."""


def pane_heights(weights: tuple[int, int], height: float, gap: float, floor_yields: bool = False) -> tuple[float, float]:
    """The calendar and narrative panes' heights for a timeline ``height`` pixels high, split by
    their weights (:func:`lane_weight` summed; 0 for a pane with nothing shown) with ``gap``
    between two shown panes. The window keeps a fixed floor and at least 200 pixels to share;
    with ``floor_yields`` (an export sheet, which may be short) the floor gives way first, so a
    busy pane keeps more of what there is and no pane's axis is pushed out of the picture."""
    shown = [w for w in weights if w]
    room = height - (gap if len(shown) == 2 else 0) - 12
    total = sum(shown) or 1
    if not floor_yields:
        available = max(room, 200)
        return tuple(max(available * w / total, MIN_PANE_HEIGHT) for w in weights)  # type: ignore[return-value]
    available = max(room, 2 * 40)
    floor = min(MIN_PANE_HEIGHT, 0.6 * available / max(len(shown), 1))
    spare = available - floor * len(shown)
    return tuple(floor + spare * w / total if w else floor for w in weights)  # type: ignore[return-value]


def lay_out_lanes(tracks: list[TrackColumns], view: tuple[float, float], scale: float, offset: float, pane: PaneRect,
                  title_widths: TitleWidths, latest_left: float | None = None,
                  weights: list[float] | None = None) -> list[Lane]:
    """Every lane of a pane, top to bottom: its share of the height, rows, and marks for the
    layout window around ``view`` (axis units), in scene pixels (``scale``, ``offset`` map the
    axis to them); ``title_widths`` measures titles in the label font; ``latest_left`` is the
    latest left edge the pane's pan limits allow at this width (see :func:`pivot_of`). Lanes
    share the height by ``weights`` (one per track; by default :func:`lane_weight`'s)."""
    if not tracks or pane.height <= 0:
        return []
    x_min, x_max = layout_window(*view)
    pivot = pivot_of(*view, latest_left) * scale + offset
    if weights is None or len(weights) != len(tracks) or not sum(weights) > 0:
        weights = [lane_weight(c) for c in tracks]
    lanes = []
    top = pane.top
    for columns, weight in zip(tracks, weights):
        lane_h = pane.height * weight / sum(weights)
        room = lane_h - HEADER_HEIGHT - 4
        rows = max(1, int(room // ROW_HEIGHT))
        given = lane_input(columns, x_min, x_max, scale, offset, pane.left, pane.right, pivot)
        marks = marks_for(columns, given, rows, title_widths)
        row_height = ROW_HEIGHT
        tight_rows = max(1, int(room // MIN_ROW_HEIGHT))
        if tight_rows > rows and len(marks) <= INDIVIDUAL_BUDGET and marks.labels_short:
            # titles hidden or cut short: try tighter rows, and keep them if more labels show,
            # or more of their text (only the stacking is redone: the grouping and the room
            # each label wants do not depend on the row count)
            tight = marks_for(columns, given, tight_rows, title_widths, max(rows - 1, 1))
            if reads_better(tight, marks):
                used = int(tight.row.max()) + 1
                marks, rows = tight, used
                row_height = max(MIN_ROW_HEIGHT, min(ROW_HEIGHT, room / used))
        lanes.append(Lane(columns, top, lane_h, rows, marks, row_height))
        top += lane_h
    return lanes



def lane_input(columns: TrackColumns, x_min: float, x_max: float, scale: float, offset: float,
               pane_left: float, pane_right: float, pivot: float | None = None) -> LaneInput | None:
    """The events of ``columns`` in the layout window [x_min, x_max] and their footprints in
    pixels (``scale`` and ``offset`` map the axis to them; the pane spans ``pane_left`` to
    ``pane_right``; ``pivot`` in pixels, see :func:`pivot_of`)."""
    visible, lo, hi = columns.in_range(x_min, x_max)
    if len(visible) == 0:
        return None
    # footprints include the uncertainty whiskers, so no label is drawn across one; they are
    # cut a little beyond the layout window, so events reaching in from outside share its edge cells
    window_left, window_right = float(x_min * scale + offset), float(x_max * scale + offset)
    x0 = _footprint_edge(lo, scale, offset, -MARKER_RADIUS, np.maximum, window_left - EDGE_PX)
    x1 = _footprint_edge(hi, scale, offset, MARKER_RADIUS, np.minimum, window_right + EDGE_PX)
    return LaneInput(visible, x0, x1, window_left, window_right, scale, offset, pane_left, pane_right, pivot)


def _footprint_edge(x: np.ndarray, scale: float, offset: float, radius: float, cut, bound: float) -> np.ndarray:
    """``cut(x * scale + offset + radius, bound)`` worked out in ``x`` itself, a copy the caller
    owns (the same values: the same operations in the same order, without a temporary each)."""
    x *= scale
    x += offset
    x += radius
    return cut(x, bound, out=x)


def marks_for(columns: TrackColumns, given: LaneInput | None, rows: int, title_widths: TitleWidths,
              across_rows: int | None = None) -> MarkArrays:
    """A lane's marks at ``rows`` rows: grouped, stacked, folded where no row is free, labels placed.
    Up to ``across_rows`` bars across the view are marks of their own (by default all rows but one):
    a tighter stacking of the same lane keeps the grouping of the first."""
    if given is None:
        return MarkArrays.empty()
    visible, x0, x1 = given.visible, given.x0, given.x1
    window_left, window_right = given.window_left, given.window_right
    # Marks are bounded by pixels, not events: long bars stay individual only while a lane's
    # rows can tell them apart, and when even 4-px cells would crowd the lane, cells widen to
    # a cluster mark's width so marks never pile on top of each other.
    max_long = rows * LONG_BARS_PER_ROW
    width = window_right - window_left
    few = len(visible) <= INDIVIDUAL_BUDGET
    # the grouping depends on the row count only through whether long bars stay marks of their own
    across_rows = max(rows - 1, 1) if across_rows is None else across_rows
    stays = few or long_bars_stay(x0, x1, LONG_PX, max_long, rows * width)
    key = (stays, across_rows)
    grouping = given.groupings.get(key)
    if grouping is None:
        grouping = given.groupings[key] = group_marks(columns, given, few, max_long, rows * width, title_widths,
                                                      across_rows, long_stay=stays)
    groups, starts, ends, widths, wants, on_bar, on_bar_if_hidden, under, starts_list, ends_list, widths_list = grouping
    stacking = _left_titles_reserved(starts, ends, widths, wants, given)
    if stacking is None:
        rows_of, label = _stacked(groups, starts, ends, widths, starts_list, ends_list, widths_list, rows)
    else:
        rows_of, label = _stacked(groups, *stacking, rows, bar_x0=starts_list)
    # a mark that found no free row would hide under another of its layer: fold it into that one
    # instead, so every event stays visible and clickable (as part of a count badge); a point
    # over a bar is drawn on it
    folds = fold_overflow(starts_list, ends_list, rows_of.tolist(), under=under)
    if folds.count(-1) == len(folds):  # nothing folds (the usual case): the groups are the marks
        left, right, members, bounds = starts, ends, groups.members, groups.bounds
    else:
        merged, survivors = merge_folds(Groups(starts, ends, groups.members, groups.bounds), folds, CLUSTER_MIN_WIDTH)
        grew = np.diff(merged.bounds) > groups.counts[survivors]  # an aggregate now: no label
        left, right, members, bounds = merged.left, merged.right, merged.members, merged.bounds
        label = np.where(grew, 0.0, label[survivors])
        wants = np.where(grew, 0.0, wants[survivors])
        on_bar = on_bar[survivors] & ~grew
        on_bar_if_hidden = on_bar_if_hidden[survivors] & ~grew
        under = under[survivors]
        rows_of = rows_of[survivors]
    # a label the pane's edge or a later mark cuts short goes whole to the mark's left, where
    # its row has room (near the right edge, a few marks crowd in late years with room before them)
    label, on_left = labels_to_the_left(left, right, rows_of, label, wants, given.pane_left + 2, given.pane_right)
    if stacking is not None:
        label = _edge_titles_restored(left, right, rows_of, label, on_left, given.pane_right - 2)
    on_bar = on_bar | (on_bar_if_hidden & ~(label > 0))
    # titles hidden or cut short, by another mark or by the pane's edge (more rows can leave a
    # row free on the left for a title the edge cuts)
    short = int(np.count_nonzero(label < wants))
    return MarkArrays(left, right, rows_of, members, bounds, np.where(label > 0, label - LABEL_OFFSET, 0.0),
                      on_bar, on_left, labels_short=short, under=under)



def _left_titles_reserved(starts: np.ndarray, ends: np.ndarray, widths: np.ndarray, wants: np.ndarray,
                          given: LaneInput) -> tuple | None:
    """What the rows stack when titles the pane's right edge would cut go left of their marks:
    such a mark is stacked as if it started where its title will (its clearance before it), with
    no title on its right, so it lands in a row whose left is free (another row than the one its
    bar alone would take, if need be). None when no title is cut by the right edge."""
    pane_right = given.pane_right - 2
    edge_cut = (widths < wants) & (ends + wants > pane_right) & (ends < pane_right) & \
        (starts - wants >= given.pane_left + 2)
    if not edge_cut.any():
        return None
    starts = np.where(edge_cut, starts - wants - LEFT_LABEL_CLEARANCE, starts)
    widths = np.where(edge_cut, 0.0, widths)
    return starts, ends, widths, starts.tolist(), ends.tolist(), widths.tolist()


def _edge_titles_restored(left: np.ndarray, right: np.ndarray, rows_of: np.ndarray, label: np.ndarray,
                          on_left: np.ndarray, edge: float, gap: float = 6.0) -> np.ndarray:
    """A title stacked to go left of its mark (:func:`_left_titles_reserved`) whose mark found no
    row free on its left has no title at all: give it back what room its row has on the right,
    cut at the pane's edge, where that is worth showing."""
    missing = np.flatnonzero((label <= 0) & (right < edge))
    if not len(missing):
        return label
    label = label.copy()
    starts = np.where(on_left, left - label, left)  # where each mark's footprint begins
    for k in missing.tolist():
        later = (rows_of == rows_of[k]) & (starts > right[k])
        stop = min(edge, float(starts[later].min()) - gap) if later.any() else edge
        room = stop - right[k]
        if room >= LABEL_OFFSET + MIN_LABEL_PX:
            label[k] = room
    return label


def _stacked(groups: Groups, starts: np.ndarray, ends: np.ndarray, widths: np.ndarray, starts_list: list[float],
             ends_list: list[float], widths_list: list[float], rows: int,
             bar_x0: list[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each group's row and the room its label keeps (:func:`stack_marks`). What runs across the
    view (bars of their own, or the one box of them; the first groups) takes the first rows, one
    each, and the rest stack below: stacked with the rest, a bar across the lane would take a row
    from every mark after it. Where no row is left (a one-row lane), the rest are drawn over it."""
    top = int(np.count_nonzero(groups.spanning)) if groups.spanning is not None else 0
    below = top if rows > top else 0
    rows_of, kept = stack_marks(starts_list[top:], ends_list[top:], widths_list[top:], max(rows - below, 1),
                                min_label=LABEL_OFFSET + MIN_LABEL_PX, arrays=(starts[top:], ends[top:], widths[top:]),
                                bar_x0=bar_x0[top:] if bar_x0 is not None else None)
    if not top:
        return np.asarray(rows_of, dtype=np.int64), np.asarray(kept, dtype=float)
    return (np.concatenate((np.minimum(np.arange(top), rows - 1), np.asarray(rows_of, dtype=np.int64) + below)),
            np.concatenate((widths[:top], kept)))


def group_marks(columns: TrackColumns, given: LaneInput, few: bool, max_long: int, long_budget_px: float,
                title_widths: TitleWidths, across_rows: int = 1, long_stay: bool | None = None) -> tuple:
    """The events grouped into marks, each mark's extent, and the room its label wants (and
    whether it sits on the bar, and whether it is drawn beneath the rest), before any stacking
    into rows. ``long_stay``: :func:`long_bars_stay` of these arguments, if the caller knows it."""
    groups, cell, anchors = _grouped(columns, given, few, max_long, long_budget_px, across_rows, long_stay)
    single = groups.counts == 1
    starts, ends = _mark_extents(groups, cell, anchors)
    visible = given.visible  # positions to column indices (a wide view's are one run: an add, no gather)
    contiguous = int(visible[-1]) - int(visible[0]) + 1 == len(visible)
    members = groups.members + visible.dtype.type(visible[0]) if contiguous else visible[groups.members]
    groups = Groups(groups.left, groups.right, members, groups.bounds, groups.spanning)
    firsts = groups.firsts
    under = groups.spanning_flags & ~single
    under[single] = columns.interval[firsts[single]]
    widths, wants, on_bar, on_bar_if_hidden = _label_room(columns, given, groups, single, title_widths)
    return (groups, starts, ends, widths, wants, on_bar, on_bar_if_hidden, under, starts.tolist(), ends.tolist(),
            widths.tolist())


def _grouped(columns: TrackColumns, given: LaneInput, few: bool, max_long: int,
             long_budget_px: float, across_rows: int, long_stay: bool | None = None) -> tuple[Groups, float, np.ndarray]:
    """The lane's groups (members as positions in ``given.visible``), the cell width they were
    made with (0 for one mark per event) and each event's anchor. Up to ``across_rows`` bars
    across the view are marks of their own."""
    visible, x0, x1 = given.visible, given.x0, given.x1
    if few:
        # few events: each its own mark; rows keep them apart and only true overlaps fold (below)
        return Groups.singles(np.arange(len(visible)), x0, x1), 0.0, x0
    # an open-ended interval is a bar that fades out, never a count in someone else's box (the
    # flags are read only where the dataset has any: a gather over every event in view costs)
    alone = columns.open_start[visible] | columns.open_end[visible] if columns.drawn.any_open else None
    plan = grouping_plan(x0, x1, LONG_PX, max_long, long_budget_px, given.pivot, alone,
                         lambda positions: columns.interval[visible[positions]],
                         across_px=(given.pane_right - given.pane_left) * ACROSS_SHARE, ordered=True,
                         across_rows=across_rows, long_stay=long_stay)
    cell = CELL_PX
    # more 4-pixel cells than cluster boxes fit across: 40-pixel cells (counted first, not built)
    if more_groups_than((given.window_right - given.window_left) / CLUSTER_MIN_WIDTH, x0, x1, cell, plan):
        cell = DENSE_CELL_PX
    return aggregate_groups(np.arange(len(visible)), x0, x1, cell, plan=plan), cell, plan.anchors


def _mark_extents(groups: Groups, cell: float, anchors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each group's mark starts and ends in pixels. A single mark spans its event; the box
    of long events spanning the view spans them; a count box stands where its events are
    ``anchors`` (by position; :func:`viewer.scene.marks.anchors_of`), not out to the end of its longest member:
    one decades-long member would otherwise stretch the box across the pane, and every box
    after it would fold into it (a dense lane became one pane-wide box per row)."""
    single = groups.counts == 1
    boxed = ~single & ~groups.spanning_flags
    if cell >= DENSE_CELL_PX:
        # a busy lane: boxes fill their anchors' cells, side by side, like a density strip
        cell_left = np.floor(groups.left / cell) * cell
        return (np.where(boxed, cell_left + BOX_INSET, groups.left),
                np.where(boxed, cell_left + cell - BOX_INSET, groups.right))
    if not boxed.any():
        return groups.left, groups.right
    last_anchor = np.maximum.reduceat(anchors[groups.members], groups.bounds[:-1])
    ends = np.where(boxed, np.maximum(last_anchor + CELL_PX, groups.left + CLUSTER_MIN_WIDTH), groups.right)
    return groups.left, ends


def _label_room(columns: TrackColumns, given: LaneInput, groups: Groups, single: np.ndarray,
                title_widths: TitleWidths) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each group: the room its label takes beside it, the room the whole title wants, whether
    it sits on the bar, and whether it goes back on the bar when no room is left beside it."""
    widths = np.zeros(len(groups))
    wants = np.zeros(len(groups))  # the room each whole label needs, whatever room it has
    on_bar = np.zeros(len(groups), dtype=bool)
    on_bar_if_hidden = np.zeros(len(groups), dtype=bool)
    if not single.any():
        return widths, wants, on_bar, on_bar_if_hidden
    # labels of marks in view must fit before the pane's edge (else they'd be cut there and
    # hidden); marks in the margin beyond it are laid out against the window's edge
    pane_right = given.pane_right - 2
    index = groups.firsts[single]
    title = title_widths(columns, index)
    # the label sits on a bar (its own span, or a point's range of possible dates) that can
    # hold it, and then needs no room beside it; a bar running off the pane holds only what
    # of it shows (a bar mostly beyond the edge gets its label beside it, or left of it)
    # (one wholly beside the pane, in the layout window's margin, is judged whole: a pan brings
    # it in whole before the lanes are laid out again)
    bar_lo, bar_hi = (v * given.scale + given.offset for v in bar_ends(columns, index))
    crossing = (bar_lo < given.pane_right) & (bar_hi > given.pane_left)
    shown = np.where(crossing, np.minimum(bar_hi, given.pane_right) - np.maximum(bar_lo, given.pane_left),
                     bar_hi - bar_lo)
    barred = columns.interval[index] | columns.fuzzy[index]
    inside = (shown >= title + 12) & barred
    # cut by the pane's edge: if the title finds no room beside the bar either, it goes back on it, elided
    on_bar_if_hidden[single] = (bar_hi - bar_lo >= title + 12) & barred & ~inside
    right = groups.right[single]
    # a label that would run off the pane is elided to the room left, or hidden
    room = np.where(right < pane_right, pane_right, given.window_right - 2) - (right + LABEL_OFFSET)
    wants[single] = np.where(inside, 0.0, LABEL_OFFSET + title)
    # a title cut to less than MIN_LABEL_PX is not worth showing; a short title shown whole is
    kept = np.minimum(title, room)
    widths[single] = np.where(inside | ((kept < title) & (kept < MIN_LABEL_PX)) | (kept <= 0), 0.0, LABEL_OFFSET + kept)
    on_bar[single] = inside
    return widths, wants, on_bar, on_bar_if_hidden



def mark_at(lanes: list[Lane], x: float, y: float, slack: float = 4.0) -> tuple[Lane, Mark] | None:
    """The lane and mark under scene point (x, y): the nearest whose mark or label holds it."""
    best: tuple[float, Lane, Mark] | None = None
    for lane in lanes:
        if not lane.top <= y <= lane.top + lane.height:
            continue
        for mark in lane.marks:
            if abs(y - lane.row_centre(mark.row)) > lane.row_height / 2:
                continue
            left = mark.x0 - MARKER_RADIUS - slack
            right = max(mark.x1, mark.x0) + MARKER_RADIUS + slack
            if mark.label_width and mark.label_left:
                left = mark.x0 - LABEL_OFFSET - mark.label_width
            elif mark.label_width:
                right = mark.x1 + LABEL_OFFSET + mark.label_width
            if left <= x <= right:
                distance = 0.0 if mark.x0 <= x <= mark.x1 else min(abs(x - mark.x0), abs(x - mark.x1))
                if best is None or distance < best[0]:
                    best = (distance, lane, mark)
    return (best[1], best[2]) if best else None
