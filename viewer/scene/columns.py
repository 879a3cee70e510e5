"""A dataset's events per track as the columns the panes draw from: start, end, uncertainty, flags,
titles and ids in start order, each distinct placement stored once. Pure (numpy, no Qt).
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from viewer.core.claims import disputed_rows, inferred_rows
from viewer.core.model import FUZZY, INTERVAL, OPEN_END, OPEN_START, AxisKind, Dataset, EventTable, Track


NO_VERDICT = -1


class RowStrings:
    """One text column of a track's events, in the track's order: ``titles[i]`` is a str.

    A view into the dataset's column (no copy of a million strings per window)."""

    __slots__ = ("_column", "_rows")

    def __init__(self, column: np.ndarray, rows: np.ndarray):
        self._column, self._rows = column, rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> str:
        return str(self._column[self._rows[i]])

    def __iter__(self):
        return (str(s) for s in self._column.take(self._rows))


class ColumnIndex:
    """Event id → index in one track's columns (``index_of[id]``, ``id in index_of``, ``.get``).

    Found through the sort key rather than a stored position per event: an event's ``lo`` gives
    the run of entries sharing it (a binary search), and within a run the entries keep the
    table's row order, so a second search finds its row."""

    __slots__ = ("_table", "_track", "_columns")

    def __init__(self, table: EventTable, track: int):
        self._table, self._track = table, track
        self._columns: weakref.ref[TrackColumns] | None = None

    def bind(self, columns: TrackColumns) -> None:
        # weakly: the columns own this index, and a cycle would outlive a closed dataset until
        # the next garbage collection
        self._columns = weakref.ref(columns)

    def get(self, event_id: str, default: int | None = None) -> int | None:
        row = self._table.row_of(event_id)
        columns = self._columns() if self._columns is not None else None
        if row is None or self._table.track[row] != self._track or columns is None:
            return default
        key = columns.drawn.lo[self._table.placements.codes[row]]
        left = int(np.searchsorted(columns.lo, key, side="left"))
        right = int(np.searchsorted(columns.lo, key, side="right"))
        run = columns.rows[left:right]
        i = int(np.searchsorted(run, run.dtype.type(row)))
        return left + i if i < len(run) and run[i] == row else default

    def __getitem__(self, event_id: str) -> int:
        index = self.get(event_id)
        if index is None:
            raise KeyError(event_id)
        return index

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self.get(event_id) is not None

    def positions_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """Sorted indices in this track's columns of those dataset ``rows`` on this track."""
        columns = self._columns() if self._columns is not None else None
        if columns is None or not len(rows):
            return np.empty(0, dtype=np.int64)
        wanted = np.zeros(len(self._table), dtype=bool)
        wanted[rows] = True
        return np.flatnonzero(wanted[columns.rows])


class Gathered:
    """A column of one track's events that is read through a key per event: ``column[i]`` (an
    index, an index array or a slice) is ``values[keys[i]]``. Events that share a placement share
    its drawn coordinates, so a track keeps one 4-byte code per event instead of a copy of each
    coordinate (at a million events, 8 bytes an event saved per column)."""

    __slots__ = ("values", "keys")

    def __init__(self, values: np.ndarray, keys: np.ndarray):
        self.values, self.keys = values, keys

    def __getitem__(self, index):
        return self.values[self.keys[index]]

    def __len__(self) -> int:
        return len(self.keys)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        every = self.values[self.keys]
        return every if dtype is None else every.astype(dtype, copy=False)


@dataclass(frozen=True, eq=False)
class DrawnPlacements:
    """Each of the table's placements as drawn: open ends cut a little beyond the data's edge,
    and the extent including uncertainty whiskers (``lo``, ``hi``)."""

    start: np.ndarray
    end: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    interval: np.ndarray
    fuzzy: np.ndarray
    open_start: np.ndarray
    open_end: np.ndarray

    @cached_property
    def any_open(self) -> bool:
        """Whether any placement is open-ended (most datasets have none)."""
        return bool(self.open_start.any() or self.open_end.any())

    @staticmethod
    def of(table: EventTable, edge_lo: np.ndarray, edge_hi: np.ndarray) -> DrawnPlacements:
        raw_start, raw_end, early, late = table.placements.bounds
        flags = table.placements.flags
        open_start, open_end = (flags & OPEN_START) != 0, (flags & OPEN_END) != 0
        # open ends run to a little beyond the data's edge, where they are drawn fading out
        start = np.where(open_start, np.minimum(edge_lo, raw_end), raw_start)
        end = np.where(open_end, np.maximum(edge_hi, start), raw_end)
        lo = np.where(open_start, start, np.minimum(early, start))
        hi = np.where(open_end, end, np.maximum(late, end))
        return DrawnPlacements(start, end, lo, hi, (flags & INTERVAL) != 0, (flags & FUZZY) != 0, open_start, open_end)


@dataclass(frozen=True, eq=False)
class TrackColumns:
    """One track's events as numpy columns sorted by their left extent (``lo``)."""

    track_id: str
    name: str
    color: str
    axis: AxisKind
    ids: RowStrings
    titles: RowStrings
    start: Gathered
    """Where the event's mark or bar starts (axis units)."""
    end: Gathered
    """Where its bar ends (== start for points). Open ends are cut at the data's edge."""
    lo: np.ndarray
    """Left extent including uncertainty whiskers; the sort key (an array of its own, for searching)."""
    hi: Gathered
    """Right extent including uncertainty whiskers."""
    hi_bound: np.ndarray
    """``hi`` rounded up to float32, an array of its own: finding the events that reach into a
    range from its left reads 4 contiguous bytes an event, and only those it lets through are
    checked against ``hi`` itself."""
    interval: Gathered
    fuzzy: Gathered
    """Approximate or uncertain: drawn with whiskers from ``lo`` to ``hi``."""
    open_start: Gathered
    open_end: Gathered
    verdict: Gathered
    """Verdict code per event (index into ``Verdict``), ``-1`` for none."""
    index_of: ColumnIndex
    rows: np.ndarray
    """The dataset row (index into ``dataset.events``) of each entry."""
    extent: tuple[float, float] | None
    """Finite [min, max] of the track's events, uncertainty included (None when it has none)."""
    drawn: DrawnPlacements
    """The placements the Gathered columns read (shared by every track)."""
    disputed: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    """Column indices (ascending) of the events whose claims the sources dispute."""
    inferred: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    """Column indices (ascending) of the real events that are our inference (viewer.core.claims)."""

    def __len__(self) -> int:
        return len(self.rows)

    def visible_slice(self, x_min: float, x_max: float) -> np.ndarray:
        """Indices of events whose extent meets [x_min, x_max], in ``lo`` order."""
        return self.in_range(x_min, x_max)[0]

    def in_range(self, x_min: float, x_max: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(:meth:`visible_slice`, those events' ``lo``, their ``hi``): read in its two parts,
        those reaching in from before the range (whose ``hi`` the search reads anyway) and the
        run starting inside it, rather than gathered again through the indices."""
        last = int(np.searchsorted(self.lo, x_max, side="right"))
        # events starting inside the range meet it; of those starting before it, the ones
        # whose (rounded-up) end reaches it are checked exactly
        inside = min(int(np.searchsorted(self.lo, x_min, side="left")), last)
        candidates = np.flatnonzero(self.hi_bound[:inside] >= _float32_below(x_min)).astype(np.int32)
        reaching = self.hi[candidates]
        kept = reaching >= x_min
        before = candidates[kept]
        # 4-byte indices: at full view the lanes keep one per event, as their marks' members
        return (np.concatenate((before, np.arange(inside, last, dtype=np.int32))),
                np.concatenate((self.lo[before], self.lo[inside:last])),
                np.concatenate((reaching[kept], self.hi[inside:last])))


def _float32_below(x: float) -> np.float32:
    """The largest float32 not above ``x``."""
    rounded = np.float32(x)
    return np.nextafter(rounded, np.float32(-np.inf)) if rounded > x else rounded


def _float32_above(values: np.ndarray) -> np.ndarray:
    """Each value as the smallest float32 not below it."""
    rounded = values.astype(np.float32)
    low = rounded < values
    rounded[low] = np.nextafter(rounded[low], np.float32(np.inf))
    return rounded


def build_columns(dataset: Dataset) -> dict[str, TrackColumns]:
    """Columns for every track, in the dataset's track order, straight from the event table."""
    table = dataset.events
    rows = {t.id: table.rows_of_track(table.track_ids.index(t.id)) for t in dataset.tracks}
    used = {axis: _placements_used(table, [table.track_ids.index(t.id) for t in dataset.tracks if t.axis is axis])
            for axis in AxisKind}
    # open ends are cut 5% beyond the data of their axis (only calendar dates have open ends)
    edges = {}
    for axis in AxisKind:
        extent = _finite_extent(table.placements.bounds, used[axis])
        span = (extent[1] - extent[0]) if extent else 1.0
        edges[axis] = (extent[0] - 0.05 * span, extent[1] + 0.05 * span) if extent else (-1.0, 1.0)
    narrative, calendar = used[AxisKind.NARRATIVE], edges[AxisKind.CALENDAR]
    drawn = DrawnPlacements.of(table, np.where(narrative, edges[AxisKind.NARRATIVE][0], calendar[0]),
                               np.where(narrative, edges[AxisKind.NARRATIVE][1], calendar[1]))
    marked = (disputed_rows(table), inferred_rows(table))
    return {t.id: _track_columns(table, table.track_ids.index(t.id), t, rows[t.id], drawn, marked) for t in dataset.tracks}


def _placements_used(table: EventTable, tracks: list[int]) -> np.ndarray:
    """Which of the table's placements events on these tracks use."""
    used = np.zeros(len(table.placements.flags), dtype=bool)
    used[table.placements.codes[np.isin(table.track, tracks)]] = True
    return used


def columns_extent(columns: dict[str, TrackColumns], axis: AxisKind) -> tuple[float, float] | None:
    """Finite [min, max] of the events on this axis, uncertainty included (each track's is
    worked out once, when its columns are built)."""
    extents = [c.extent for c in columns.values() if c.axis is axis and c.extent is not None]
    if not extents:
        return None
    return min(lo for lo, _ in extents), max(hi for _, hi in extents)


def _finite_extent(parts: list[np.ndarray], where: np.ndarray | None = None) -> tuple[float, float] | None:
    """[min, max] of the finite values in ``parts`` (only where ``where`` is true, if given), or
    None when there are none. Reduced part by part: no copy of a million values is made."""
    lo, hi = math.inf, -math.inf
    for values in parts:
        finite = np.isfinite(values) if where is None else np.isfinite(values) & where
        lo = min(lo, float(np.min(values, where=finite, initial=math.inf)))
        hi = max(hi, float(np.max(values, where=finite, initial=-math.inf)))
    return (lo, hi) if lo <= hi else None


def _track_columns(table: EventTable, track: int, meta: Track, rows: np.ndarray, drawn: DrawnPlacements,
                   marked: tuple[np.ndarray, np.ndarray] = (np.empty(0, dtype=np.int64),) * 2) -> TrackColumns:
    codes = table.placements.codes[rows]
    lo = drawn.lo[codes]
    order = np.argsort(lo, kind="stable")  # stable, and rows ascend: equal keys keep row order (ColumnIndex)
    sorted_rows, codes, lo = rows[order], codes[order], lo[order]
    del order
    used = np.zeros(len(drawn.lo), dtype=bool)
    used[codes] = True
    columns = TrackColumns(
        track_id=meta.id, name=meta.name, color=meta.color, axis=meta.axis,
        ids=RowStrings(table.ids, sorted_rows), titles=RowStrings(table.titles, sorted_rows),
        start=Gathered(drawn.start, codes), end=Gathered(drawn.end, codes), lo=lo, hi=Gathered(drawn.hi, codes),
        hi_bound=_float32_above(drawn.hi[codes]),
        interval=Gathered(drawn.interval, codes), fuzzy=Gathered(drawn.fuzzy, codes),
        open_start=Gathered(drawn.open_start, codes), open_end=Gathered(drawn.open_end, codes),
        verdict=Gathered(table.verdict, sorted_rows), index_of=ColumnIndex(table, track),
        rows=sorted_rows, extent=_span_of(_finite_extent([drawn.lo, drawn.start], used & ~drawn.open_start),
                                          _finite_extent([drawn.hi, drawn.end], used & ~drawn.open_end)),
        drawn=drawn,
        # the few events marked disputed or inferred (most big datasets have none: no pass over them)
        disputed=np.flatnonzero(np.isin(sorted_rows, marked[0])) if len(marked[0]) else marked[0],
        inferred=np.flatnonzero(np.isin(sorted_rows, marked[1])) if len(marked[1]) else marked[1],
    )
    columns.index_of.bind(columns)
    return columns


def _span_of(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    """The smallest range holding both (None for none)."""
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])
