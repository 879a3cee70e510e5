"""Stepping through events in time (↓ / ↑ on the timeline): calendar events first, then plot points."""

from __future__ import annotations

import numpy as np

from viewer.core.model import AxisKind, Dataset


def neighbour_event(dataset: Dataset, hidden_tracks: frozenset[str], selected: str | None, direction: int) -> str | None:
    """The next (+1) or previous (-1) visible event in time from the selection, calendar first."""
    key = ("tab-order", hidden_tracks)
    cached = dataset.cache.get(key)
    if cached is None:  # sorted once per dataset and set of hidden tracks, not on every key press
        table = dataset.events
        narrative = np.array([dataset.track(t).axis is AxisKind.NARRATIVE for t in table.track_ids], dtype=bool)
        hidden = np.array([t in hidden_tracks for t in table.track_ids], dtype=bool)
        rows = np.flatnonzero(~hidden[table.track]) if len(table) else np.empty(0, dtype=np.int64)
        # calendar before narrative, then by start, then by id
        order = rows[np.lexsort((table.ids[rows], table.start[rows], narrative[table.track[rows]]))]
        position = np.full(len(table), -1, dtype=np.int64)
        position[order] = np.arange(len(order))
        cached = dataset.cache[key] = (order, position)
    order, position = cached  # type: ignore[misc]
    if not len(order):
        return None
    row = dataset.events.row_of(selected) if selected else None
    if row is None or position[row] < 0:
        return str(dataset.events.ids[order[0 if direction > 0 else -1]])
    return str(dataset.events.ids[order[(position[row] + direction) % len(order)]])
