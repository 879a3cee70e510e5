"""Where a mark's title is drawn, in scene pixels: on its bar, beside it (right or left), or
nowhere; and where the selected event's callout goes when its own title has no room. Pure: the
pane item paints into these boxes, the tests check them, and both agree by construction."""

from __future__ import annotations

import numpy as np

from viewer.scene.lanes import CLUSTER_MIN_WIDTH, LABEL_OFFSET, MARKER_RADIUS, MIN_LABEL_PX, Lane, TitleWidths
from viewer.scene.columns import TrackColumns

Box = tuple[float, float, float, float]
"""(x, y, width, height) in scene pixels."""


def label_box(columns: TrackColumns, i: int, x0: float, x1: float, label_width: float, on_bar: bool, on_left: bool,
              y: float, pane_left: float, pane_right: float, row_height: float, scale: float, offset: float) -> Box | None:
    """The box of event ``i``'s title, drawn with its single mark (ends ``x0``, ``x1``; the title
    ``label_width`` wide, on the bar or left of the mark as laid out) in the row centred on ``y``
    of a pane from ``pane_left`` to ``pane_right``; ``scale`` and ``offset`` map the axis to pixels."""
    if on_bar:
        bar_x0 = float(columns.start[i] if columns.interval[i] else columns.lo[i]) * scale + offset
        bar_x1 = float(columns.end[i] if columns.interval[i] else columns.hi[i]) * scale + offset
        left, right = max(bar_x0, pane_left), min(bar_x1, pane_right)
        return left + 6, y - row_height / 2, right - left - 12, row_height
    if label_width > 0 and on_left:
        # a whole title left of the mark (with the same slack as one on the right); a pan that
        # puts its start off screen cuts it at the pane's left edge, drawn elided
        end = x0 - LABEL_OFFSET + 4
        x = max(end - label_width - 4, pane_left + 2)
        if x0 > pane_right or end - x < min(MIN_LABEL_PX, label_width + 4):  # a short title whole is worth it
            return None
        return x, y - row_height / 2, end - x, row_height
    if label_width > 0:
        # the layout window is wider than the pane: a label is cut at the pane's right edge
        # (drawn elided) and not drawn at all when it starts off screen or too little is left
        x = x1 + LABEL_OFFSET
        width = min(label_width + 4, pane_right - 2 - x)
        if x < pane_left or width < min(MIN_LABEL_PX, label_width + 4):  # a short title whole is worth it
            return None
        return x, y - row_height / 2, width, row_height
    return None


def own_label_drawn(lane: Lane, k: int, index: int, pane_left: float, pane_right: float, scale: float,
                    offset: float) -> bool:
    """Whether mark ``k`` of ``lane`` (the single mark of column ``index``) shows its own title."""
    marks = lane.arrays
    if marks.label_on_bar[k]:
        return True
    return bool(marks.counts[k] == 1 and marks.label_width[k] > 0 and label_box(
        lane.columns, index, float(marks.x0[k]), float(marks.x1[k]), float(marks.label_width[k]), False,
        bool(marks.label_left[k]), 0.0, pane_left, pane_right, lane.row_height, scale, offset) is not None)


def callout_box(lane: Lane, index: int, text_width: float, pane_left: float, pane_right: float, scale: float,
                offset: float) -> Box | None:
    """Where the callout naming the selected event (column ``index``; its title ``text_width``
    pixels) goes: beside its mark, or beside the count box holding it, right if there is room,
    else left. None where the event is not drawn or its own title shows."""
    k = int(lane.owners()[index])
    if k < 0 or own_label_drawn(lane, k, index, pane_left, pane_right, scale, offset):
        return None
    marks = lane.arrays
    width = text_width + 12
    if marks.counts[k] == 1:
        point = float(lane.columns.start[index]) * scale + offset
        left, right = point - MARKER_RADIUS, point + MARKER_RADIUS
    else:
        left = float(marks.x0[k])
        right = left + max(float(marks.x1[k] - marks.x0[k]), CLUSTER_MIN_WIDTH)
    x = right + 6
    if x + width > pane_right - 2:  # no room on the right: put it on the left of the mark
        x = left - 6 - width
    y = lane.row_centre(int(marks.row[k]))
    return max(x, pane_left + 2), y - lane.row_height / 2 + 1, width, lane.row_height - 2


def titles_cut(lane: Lane, pane_left: float, pane_right: float, scale: float, offset: float,
               drawn_widths: TitleWidths) -> tuple[np.ndarray, np.ndarray]:
    """The titles of a lane's single marks in view that are not drawn whole: (column indices of
    those drawn cut short, ending in "…"; column indices of those not drawn at all).
    ``drawn_widths`` measures titles as they are painted; the painter cuts a title that needs more
    than its box (less 2 pixels of slack beside a mark)."""
    marks = lane.arrays
    singles = np.flatnonzero((marks.counts == 1) & (marks.x1 >= pane_left) & (marks.x0 <= pane_right))
    if not len(singles):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    index = marks.firsts[singles]
    needed = drawn_widths(lane.columns, index)
    cut, hidden = [], []
    for k, i, need in zip(singles.tolist(), index.tolist(), needed.tolist()):
        on_bar, width = bool(marks.label_on_bar[k]), float(marks.label_width[k])
        box = label_box(lane.columns, i, float(marks.x0[k]), float(marks.x1[k]), width, on_bar,
                        bool(marks.label_left[k]), 0.0, pane_left, pane_right, lane.row_height, scale, offset)
        if box is None:
            hidden.append(i)
        elif need > box[2] - (0 if on_bar else 2):
            cut.append(i)
    return np.array(cut, dtype=np.int64), np.array(hidden, dtype=np.int64)
