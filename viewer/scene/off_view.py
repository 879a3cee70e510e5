"""What a lane with nothing in view says of the events beside it: how many start before the view
and after it, and which is nearest on each side. Pure."""

from __future__ import annotations

import numpy as np

from viewer.scene.columns import TrackColumns


def off_view_counts(columns: TrackColumns, x_min: float, x_max: float) -> tuple[int, int]:
    """How many of a lane's events start before the view [x_min, x_max] and after it (for a lane
    with nothing in view, every event is one or the other)."""
    before = int(np.searchsorted(columns.lo, x_min))
    after = len(columns) - int(np.searchsorted(columns.lo, x_max, side="right"))
    return before, after


def nearest_off_view(columns: TrackColumns, x_min: float, x_max: float, direction: int) -> int | None:
    """Column index of the event nearest the view on one side (-1: the last to start before it;
    +1: the first to start after it), or None."""
    if direction < 0:
        index = int(np.searchsorted(columns.lo, x_min)) - 1
    else:
        index = int(np.searchsorted(columns.lo, x_max, side="right"))
    return index if 0 <= index < len(columns) else None
