"""What a pane shows, one entry per thing a reader can tell apart: each single mark and each
count box in view, in reading order (lane by lane, then left to right). Assistive technology
reads the timeline from this (see viewer/qt/accessibility.py). Pure: numpy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.scene.lanes import BAR_HEIGHT, MARKER_RADIUS, Lane


@dataclass(frozen=True, slots=True)
class ShownMark:
    """One event drawn in view, or one count box (``count`` > 1), in scene pixels."""

    track_id: str
    index: int
    """Column index of the event (of a count box's first event)."""
    count: int
    left: float
    right: float
    top: float
    bottom: float
    first: float
    """Axis position where the earliest of its events starts (the event's own start for one)."""
    last: float
    """Axis position where the latest of its events starts."""
    in_box: bool = False
    """The selected event, listed on its own although it is drawn inside a count box (a callout names it)."""

    @property
    def key(self) -> tuple:
        """Stays the same while the same thing is shown (a pan moves it, a zoom may regroup it)."""
        return ("event", self.track_id, self.index) if self.count == 1 else ("box", self.track_id, self.index, self.count)


def shown_marks(lanes: list[Lane], left: float, right: float, selected: str | None = None) -> list[ShownMark]:
    """The marks of ``lanes`` that reach into [left, right] (scene pixels), lane by lane, left to
    right; the ``selected`` event, if it is inside a count box in view, follows that box."""
    shown: list[ShownMark] = []
    for lane in lanes:
        shown.extend(_lane_shown(lane, left, right, selected))
    return shown


def _lane_shown(lane: Lane, left: float, right: float, selected: str | None) -> list[ShownMark]:
    marks, columns = lane.arrays, lane.columns
    inside = np.flatnonzero((marks.x1 + MARKER_RADIUS >= left) & (marks.x0 - MARKER_RADIUS <= right))
    order = inside[np.lexsort((marks.row[inside], marks.x0[inside]))]
    selected_index = columns.index_of.get(selected) if selected is not None else None
    boxed_selection = -1
    if selected_index is not None:
        owner = int(lane.owners()[selected_index])
        boxed_selection = owner if owner >= 0 and marks.counts[owner] > 1 else -1
    found = []
    for k in order.tolist():
        found.append(_entry(lane, k, int(marks.firsts[k]), int(marks.counts[k])))
        if k == boxed_selection:
            found.append(_entry(lane, k, int(selected_index), 1, in_box=True))  # type: ignore[arg-type]
    return found


def _entry(lane: Lane, k: int, index: int, count: int, in_box: bool = False) -> ShownMark:
    marks, columns = lane.arrays, lane.columns
    y = float(lane.row_centres[k])
    half = max(MARKER_RADIUS, BAR_HEIGHT / 2)
    if count == 1:
        first = last = float(columns.lo[index])
    else:
        starts = columns.lo[marks.members[marks.bounds[k]:marks.bounds[k + 1]]]
        first, last = float(starts.min()), float(starts.max())
    return ShownMark(columns.track_id, index, count, float(marks.x0[k]) - MARKER_RADIUS, float(marks.x1[k]) + MARKER_RADIUS,
                     y - half, y + half, first, last, in_box)
