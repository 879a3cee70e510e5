"""Pure geometry for drawing tracks: columns, visible slice, aggregation, row stacking, labels.

Everything here works in plain numbers (axis units or pixels) and numpy arrays; the Qt item
(:mod:`viewer.qt.timeline.pane_item`) only converts coordinates and paints what this module decides.
Costs are bounded by pixels, not by events: the visible slice is found with ``searchsorted``,
events closer than a few pixels become one aggregate mark, and only marks are stacked.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np

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

    def __len__(self) -> int:
        return len(self.rows)

    def visible_slice(self, x_min: float, x_max: float) -> np.ndarray:
        """Indices of events whose extent meets [x_min, x_max], in ``lo`` order."""
        last = int(np.searchsorted(self.lo, x_max, side="right"))
        # events starting inside the range meet it; of those starting before it, the ones
        # whose (rounded-up) end reaches it are checked exactly
        inside = min(int(np.searchsorted(self.lo, x_min, side="left")), last)
        candidates = np.flatnonzero(self.hi_bound[:inside] >= _float32_below(x_min)).astype(np.int32)
        # 4-byte indices: at full view the lanes keep one per event, as their marks' members
        return np.concatenate((candidates[self.hi[candidates] >= x_min], np.arange(inside, last, dtype=np.int32)))


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
    return {t.id: _track_columns(table, table.track_ids.index(t.id), t, rows[t.id], drawn) for t in dataset.tracks}


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


def _track_columns(table: EventTable, track: int, meta: Track, rows: np.ndarray, drawn: DrawnPlacements) -> TrackColumns:
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
    )
    columns.index_of.bind(columns)
    return columns


def _span_of(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    """The smallest range holding both (None for none)."""
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


# ---------------------------------------------------------------------------------------------
# Marks: what one lane draws at the current zoom


@dataclass(slots=True)
class Mark:
    """One drawn thing: a single event (``count == 1``) or an aggregate of ``count`` events.
    Never changed once made (not ``frozen`` only because that makes building one three times
    slower, and a layout builds hundreds every frame).

    ``members`` index the track's columns; an aggregate covers several visible
    events ``members`` (kept so counts always add up and a click can zoom onto them).
    """

    x0: float
    """Left pixel of the mark (bar start or marker centre)."""
    x1: float
    """Right pixel (== x0 for a point)."""
    members: np.ndarray
    row: int = 0
    label_width: float = 0.0
    """Pixels of the label drawn right of the mark (0 = no label there)."""
    label_on_bar: bool = False
    """The label is drawn on the bar itself (a bar wide enough to hold it)."""
    label_left: bool = False
    """The label is drawn left of the mark, ending ``LABEL_OFFSET`` before it (its right would
    cut it short; see :func:`labels_to_the_left`)."""

    @property
    def count(self) -> int:
        return len(self.members)

    @property
    def index(self) -> int:
        return int(self.members[0])


@dataclass(frozen=True, eq=False)
class Groups:
    """Events grouped into marks, as arrays: group ``k`` spans pixels [``left[k]``, ``right[k]``]
    and holds the events ``members[bounds[k]:bounds[k + 1]]`` (column indices)."""

    left: np.ndarray
    right: np.ndarray
    members: np.ndarray
    bounds: np.ndarray
    """``len(self) + 1`` offsets into ``members``."""

    def __len__(self) -> int:
        return len(self.left)

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.bounds)

    @property
    def firsts(self) -> np.ndarray:
        """Each group's first member (the event itself, for a group of one)."""
        return self.members[self.bounds[:-1]]

    def as_list(self) -> list[tuple[float, float, np.ndarray]]:
        starts, stops = self.bounds[:-1].tolist(), self.bounds[1:].tolist()
        return [(a, b, self.members[i:j]) for a, b, i, j in zip(self.left.tolist(), self.right.tolist(), starts, stops)]

    @staticmethod
    def singles(indices: np.ndarray, x0: np.ndarray, x1: np.ndarray) -> Groups:
        """Every event a group of its own."""
        return Groups(np.asarray(x0, dtype=float), np.asarray(x1, dtype=float), indices, np.arange(len(indices) + 1))

    def reordered(self, order: np.ndarray) -> Groups:
        """The groups taken in ``order`` (positions), members moved along."""
        counts = self.counts[order]
        bounds = np.concatenate(([0], np.cumsum(counts)))
        # member positions: each group's old start, repeated over its count, plus a running offset
        take = np.repeat(self.bounds[:-1][order] - bounds[:-1], counts) + np.arange(bounds[-1])
        return Groups(self.left[order], self.right[order], self.members[take], bounds)


class MarkArrays:
    """A lane's marks as arrays, one entry per mark in layout order: what a list of :class:`Mark`
    holds, without a Python object per mark. A layout makes these with numpy; painting, anchors
    and a pan (which only moves them) use them as they are, and the :class:`Mark` objects that
    clicks, tooltips and tests look at are built from them only when asked for."""

    __slots__ = ("x0", "x1", "row", "members", "bounds", "label_width", "label_on_bar", "label_left", "labels_short",
                 "counts", "_fixed")

    def __init__(self, x0: np.ndarray, x1: np.ndarray, row: np.ndarray, members: np.ndarray, bounds: np.ndarray,
                 label_width: np.ndarray, label_on_bar: np.ndarray, label_left: np.ndarray | None = None,
                 labels_short: int = 0):
        self.x0, self.x1 = np.asarray(x0, dtype=float), np.asarray(x1, dtype=float)
        self.row = np.asarray(row, dtype=np.int64)
        self.members, self.bounds = np.asarray(members), np.asarray(bounds, dtype=np.int64)
        """Mark ``k`` draws the column indices ``members[bounds[k]:bounds[k + 1]]``."""
        self.label_width = np.asarray(label_width, dtype=float)
        self.label_on_bar = np.asarray(label_on_bar, dtype=bool)
        self.label_left = (np.zeros(len(self.x0), dtype=bool) if label_left is None
                           else np.asarray(label_left, dtype=bool))
        self.labels_short = labels_short
        """Titles of single marks hidden or cut short at this stacking (what tighter rows might show)."""
        self.counts = np.diff(self.bounds)
        self._fixed: dict[str, np.ndarray] = {}
        """What is worked out from the marks but not from where they are (the column -> mark
        index): shared with the moved copies a pan makes, so it is worked out once a layout."""

    @staticmethod
    def empty() -> MarkArrays:
        nothing = np.empty(0)
        return MarkArrays(nothing, nothing, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64),
                          np.zeros(1, dtype=np.int64), nothing, np.empty(0, dtype=bool))

    @staticmethod
    def of(marks: list[Mark]) -> MarkArrays:
        """The arrays of these marks (for tests and hand-made layouts)."""
        bounds = np.concatenate(([0], np.cumsum([m.count for m in marks], dtype=np.int64)))
        members = np.concatenate([np.asarray(m.members) for m in marks]) if marks else np.empty(0, dtype=np.int64)
        return MarkArrays([m.x0 for m in marks], [m.x1 for m in marks], [m.row for m in marks], members, bounds,
                          [m.label_width for m in marks], [m.label_on_bar for m in marks], [m.label_left for m in marks])

    def __len__(self) -> int:
        return len(self.x0)

    @property
    def firsts(self) -> np.ndarray:
        """Each mark's first member (the event itself, for a mark of one)."""
        return self.members[self.bounds[:-1]]

    def shifted(self, dx: float) -> MarkArrays:
        """The same marks ``dx`` pixels to the side (a pan inside the layout window); what does not
        depend on where they are (the column -> mark index, ...) carries over."""
        moved = MarkArrays.__new__(MarkArrays)
        moved.x0, moved.x1 = self.x0 + dx, self.x1 + dx
        moved.row, moved.members, moved.bounds, moved.counts = self.row, self.members, self.bounds, self.counts
        moved.label_width, moved.label_on_bar, moved.label_left = self.label_width, self.label_on_bar, self.label_left
        moved.labels_short, moved._fixed = self.labels_short, self._fixed
        return moved

    def owners(self, size: int) -> np.ndarray:
        """For each of a track's ``size`` column indices, the position of its mark, or -1; built
        once, with numpy (a pan keeps it)."""
        owner = self._fixed.get("owners")
        if owner is None or len(owner) != size:
            owner = np.full(size, -1, dtype=np.int32)
            owner[self.members] = np.repeat(np.arange(len(self), dtype=np.int32), self.counts)
            self._fixed["owners"] = owner
        return owner

    def marks(self) -> list[Mark]:
        """The marks as :class:`Mark` objects, in order."""
        members, bounds = self.members, self.bounds.tolist()
        return [Mark(a, b, members[bounds[k]:bounds[k + 1]], row, width, on_bar, left)
                for k, (a, b, row, width, on_bar, left) in enumerate(zip(
                    self.x0.tolist(), self.x1.tolist(), self.row.tolist(), self.label_width.tolist(),
                    self.label_on_bar.tolist(), self.label_left.tolist()))]


def long_bars_stay(x0: np.ndarray, x1: np.ndarray, long_px: float = 24.0, max_long: int = 1500,
                   long_budget_px: float | None = None) -> bool:
    """Whether :func:`aggregate_groups` keeps the bars at least ``long_px`` wide as marks of their
    own: there are some, at most ``max_long``, and their widths add up to at most ``long_budget_px``.
    Nothing else in the grouping depends on ``max_long`` or ``long_budget_px``."""
    long = (x1 - x0) >= long_px
    n_long = int(long.sum())
    if n_long > max_long or (n_long and long_budget_px is not None
                             and float((x1[long] - x0[long]).sum()) > long_budget_px):
        n_long = 0
    return n_long > 0


def aggregate(indices: np.ndarray, x0: np.ndarray, x1: np.ndarray, cell_px: float,
              long_px: float = 24.0, max_long: int = 1500,
              long_budget_px: float | None = None) -> list[tuple[float, float, np.ndarray]]:
    """:func:`aggregate_groups` as (x0, x1, member indices) per group, in pixel order."""
    return aggregate_groups(indices, x0, x1, cell_px, long_px, max_long, long_budget_px).as_list()


def aggregate_groups(indices: np.ndarray, x0: np.ndarray, x1: np.ndarray, cell_px: float,
                     long_px: float = 24.0, max_long: int = 1500, long_budget_px: float | None = None) -> Groups:
    """Group visible events whose starts fall in the same ``cell_px``-wide pixel cell.

    Bars at least ``long_px`` wide stay individual (they are easy to tell apart) unless more than
    ``max_long`` are in view, or their widths add up to more than ``long_budget_px`` (more than
    the lane's rows can show side by side), when they are grouped like the rest. Groups come in
    pixel order. Every input index is in exactly one group, so nothing is silently dropped. Cells
    are anchored at pixel 0, so the grouping is stable while panning.

    Costs O(n) numpy work and no Python step per event or per group: columns are sorted by their
    left extent, so cells arrive in order and need no sort (an unsorted input is sorted).
    """
    indices, x0, x1 = np.asarray(indices), np.asarray(x0, dtype=float), np.asarray(x1, dtype=float)
    if len(indices) == 0:
        return Groups(np.empty(0), np.empty(0), indices, np.zeros(1, dtype=np.int64))
    n_long = long_bars_stay(x0, x1, long_px, max_long, long_budget_px)
    if n_long:  # a long bar is a group of its own
        long = (x1 - x0) >= long_px
        longs = Groups.singles(indices[long], x0[long], x1[long])
        short = ~long
        indices, x0, x1 = indices[short], x0[short], x1[short]
    cells = np.floor(x0 / cell_px)
    steps = np.diff(cells)
    if len(steps) and steps.min() < 0:
        order = np.argsort(cells, kind="stable")
        indices, x0, x1, cells = indices[order], x0[order], x1[order], cells[order]
        steps = np.diff(cells)
    firsts = np.concatenate(([0], np.flatnonzero(steps) + 1)) if len(indices) else np.empty(0, dtype=np.int64)
    groups = Groups(np.minimum.reduceat(x0, firsts) if len(indices) else np.empty(0),
                    np.maximum.reduceat(x1, firsts) if len(indices) else np.empty(0),
                    indices, np.concatenate((firsts, [len(indices)])))
    if not n_long:
        return groups
    both = Groups(np.concatenate((longs.left, groups.left)), np.concatenate((longs.right, groups.right)),
                  np.concatenate((longs.members, groups.members)),
                  np.concatenate((longs.bounds[:-1], groups.bounds + len(longs.members))))
    return both.reordered(np.argsort(both.left, kind="stable"))


def aggregate_group_count(x0: np.ndarray, x1: np.ndarray, cell_px: float, long_px: float = 24.0,
                          max_long: int = 1500, long_budget_px: float | None = None) -> int:
    """``len(aggregate_groups(...))`` with the same arguments, without building the groups: a lane
    too busy for 4-pixel cells is only asked how many there would be before it takes wider ones."""
    x0, x1 = np.asarray(x0, dtype=float), np.asarray(x1, dtype=float)
    longs = 0
    if long_bars_stay(x0, x1, long_px, max_long, long_budget_px):
        long = (x1 - x0) >= long_px
        longs = int(long.sum())
        x0 = x0[~long]
    if len(x0) == 0:
        return longs
    # as aggregate_groups cuts its groups: one more wherever the cell changes, in cell order
    cells = np.floor(x0 / cell_px)
    steps = np.diff(cells)
    if len(steps) and steps.min() < 0:
        steps = np.diff(cells[np.argsort(cells, kind="stable")])
    return longs + 1 + int(np.count_nonzero(steps))


class MarkIndex:
    """Column index -> the mark that draws it, for one lane. Built on first use, as an array: a
    dict over every visible event would cost more than the frame at a million events."""

    def __init__(self, marks: list[Mark], size: int, owner: np.ndarray | None = None):
        self._marks = marks
        self._size = size
        self._owner: np.ndarray | None = owner
        """Built lazily; passed in when the same marks are only moved (a pan)."""

    def owners(self) -> np.ndarray:
        """For every column index, the position of its mark in the lane's list, or -1."""
        return self._owners()

    def _owners(self) -> np.ndarray:
        if self._owner is None:
            owner = np.full(self._size, -1, dtype=np.int32)
            for k, mark in enumerate(self._marks):
                owner[mark.members] = k
            self._owner = owner
        return self._owner

    def get(self, index: int, default: Mark | None = None) -> Mark | None:
        if not 0 <= index < self._size:
            return default
        k = int(self._owners()[index])
        return self._marks[k] if k >= 0 else default

    def __getitem__(self, index: int) -> Mark:
        mark = self.get(index)
        if mark is None:
            raise KeyError(index)
        return mark

    def __contains__(self, index: object) -> bool:
        return isinstance(index, (int, np.integer)) and self.get(int(index)) is not None

    def __len__(self) -> int:
        return int((self._owners() >= 0).sum())

    def __iter__(self):
        return iter(np.flatnonzero(self._owners() >= 0).tolist())

    def keys(self):
        return list(self)

    def items(self):
        return [(i, self._marks[int(self._owners()[i])]) for i in self]


def stack_rows(x0: list[float], x1: list[float], label_w: list[float], rows: int, gap: float = 6.0) -> tuple[list[int], list[bool]]:
    """Assign each mark (in x0 order) a row so that no two labels overlap, nor a mark and a label.

    ``label_w`` is the room a label needs right of the mark's end (offset included), 0 for none.
    A mark takes the first row where its footprint (bar plus label) starts after the previous
    footprint ends. When no row has room, the mark goes to the row whose bars end first; the labels
    it would cover there are hidden and it keeps its own; labels reappear when zooming in gives
    them room. (See :func:`stack_marks` for the variant that shortens instead of hiding.)
    """
    assigned, widths = stack_marks(x0, x1, label_w, rows, gap, min_label=math.inf)
    return assigned, [w > 0 for w in widths]


def stack_marks(x0: list[float], x1: list[float], label_w: list[float], rows: int, gap: float = 6.0,
                min_label: float = 48.0, arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                ) -> tuple[list[int], list[float]]:
    """Like :func:`stack_rows`, but returns the room each label keeps (0 = hidden): a label that a
    later mark would cover is cut short to end before it (to be drawn elided) while at least
    ``min_label`` pixels remain, and hidden only below that. ``arrays``, if given, are ``x0``,
    ``x1`` and ``label_w`` as float arrays (a caller that has them saves their conversion)."""
    count = max(rows, 1)
    row_end = [-math.inf] * count  # where the row's last footprint ends (bar or label)
    bar_end = [-math.inf] * count  # where the row's last bar ends
    shown: list[list[int]] = [[] for _ in range(count)]  # marks whose labels the row still shows
    labels_shown = 0  # across all rows; with none, each row's footprint ends where its bars do
    assigned: list[int] = []
    widths: list[float] = []
    n = len(x0)
    # Blocked runs: when every row is taken and no label is shown, a mark that ends before the
    # row it lands on goes there, label-less, and changes nothing, and so does the next: a lane
    # under season-long bars is hundreds of these a frame, skipped in one numpy step (only for
    # marks whose bars do not end before they start and a gap that is not negative, which the
    # proof of "changes nothing" needs).
    starts = ends = label = None
    if gap >= 0 and n > 1:
        starts, ends, label = arrays if arrays is not None else (np.asarray(x0, dtype=float), np.asarray(x1, dtype=float),
                                                                  np.asarray(label_w, dtype=float))
    skippable = starts is not None and bool((ends >= starts).all())
    blocked_before = False
    i = 0
    if skippable and math.isfinite(gap):
        # Leading marks that each start clear of the previous one's footprint all take row 0 with
        # their whole label, as the loop below would place them: found in one numpy step (a busy
        # lane's tiled count boxes are nothing else, ~80 marks a lane every frame).
        foot = ends + np.where(label > 0, label, 0.0)
        # all finite (a sum of finite values that overflowed only means the loop does it all)
        if math.isfinite(float(foot.sum() + starts.sum())):
            clear = np.flatnonzero(~(foot[:-1] + gap <= starts[1:]))
            i = int(clear[0]) + 1 if len(clear) else n
            assigned = [0] * i
            widths = [w if w > 0 else 0.0 for w in label_w[:i]]
            shown[0] = [j for j in range(i) if label_w[j] > 0]
            labels_shown = len(shown[0])
            row_end[0] = float(foot[i - 1])
            bar_end[0] = float(ends[:i].max())
    # plain loops and locals rather than generators and lambdas: this runs per mark per layout,
    # hundreds of times a frame when zooming
    while i < n:
        a, b, w = x0[i], x1[i], label_w[i]
        row = -1
        for r in range(count):
            if row_end[r] + gap <= a:
                row = r
                break
        if row >= 0:
            blocked_before = False
            if w > 0:
                widths.append(w)
                row_end[row] = b + w
                shown[row].append(i)
                labels_shown += 1
            else:
                widths.append(0.0)
                row_end[row] = b
        else:
            lowest = min(bar_end)
            row = bar_end.index(lowest)
            if skippable and blocked_before and not labels_shown and b <= lowest:
                # the run of marks from here that find no free row and end before ``lowest``
                # (looked for a chunk at a time, so short runs cost no scan to the end)
                stop = min(n, i + 512)
                run = np.flatnonzero((starts[i:stop] >= lowest + gap) | (ends[i:stop] > lowest))
                length = int(run[0]) if len(run) else stop - i
                assigned.extend([row] * length)
                widths.extend([0.0] * length)
                i += length
                continue
            blocked_before = True
            # the newcomer's bar would sit on these labels (even when it also overlaps their bars):
            # shorten them to end before it, or hide them. Shown labels in a row are disjoint and
            # tens of pixels wide each, so this list stays short.
            kept = []
            for j in shown[row]:
                if a < x1[j] + widths[j] + gap and b > x1[j]:
                    room = a - gap - x1[j]
                    if room >= min_label and a >= x1[j]:
                        widths[j] = room
                        kept.append(j)
                    else:
                        widths[j] = 0.0
                else:
                    kept.append(j)
            # the newcomer keeps its own label when its bar clears the row's bars (else it is
            # drawn folded into the bar it overlaps, see fold_overflow, and needs no label)
            own = w if w > 0 and bar_end[row] + gap <= a else 0.0
            if own > 0:
                kept.append(i)
            labels_shown += len(kept) - len(shown[row])
            shown[row] = kept
            widths.append(own)
            end = max(bar_end[row], b + own)
            for j in kept:
                end = max(end, x1[j] + widths[j])
            row_end[row] = end
        if b > bar_end[row]:
            bar_end[row] = b
        assigned.append(row)
        i += 1
    return assigned, widths


def fold_overflow(x0: list[float], x1: list[float], rows_of: list[int], gap: float = 0.0) -> list[int]:
    """For each mark (in x0 order), the earlier mark in its row that its footprint would overlap,
    or -1. A mark that :func:`stack_rows` could only put on top of another is drawn folded into
    that one (an aggregate), never hidden underneath it."""
    if len(x0) > 1:
        # nothing folds when each mark starts clear of the bar before it in its row (the usual
        # case): one numpy check instead of the loop
        row = np.asarray(rows_of)
        order = np.argsort(row, kind="stable")
        starts, ends = np.asarray(x0, dtype=float)[order], np.asarray(x1, dtype=float)[order]
        same_row = row[order][1:] == row[order][:-1]
        if not (same_row & (starts[1:] < ends[:-1] + gap)).any():
            return [-1] * len(x0)
    host: dict[int, int] = {}
    bar_end: dict[int, float] = {}
    folds: list[int] = []
    for i, (a, b, row) in enumerate(zip(x0, x1, rows_of)):
        if row in bar_end and a < bar_end[row] + gap:
            folds.append(host[row])
            bar_end[row] = max(bar_end[row], b)
        else:
            folds.append(-1)
            host[row] = i
            bar_end[row] = b
    return folds


def merge_folds(groups: Groups, folds: list[int] | np.ndarray, min_width: float) -> tuple[Groups, np.ndarray]:
    """Fold each group ``k`` with ``folds[k] >= 0`` (see :func:`fold_overflow`) into that earlier
    group: its members join the host's, after them and in order, and the host's extent grows to
    cover them and to at least ``min_width`` (it is now an aggregate). Returns the surviving
    groups and their positions in ``groups``. Numpy, no Python step per group."""
    folds = np.asarray(folds, dtype=np.int64)
    kept = np.flatnonzero(folds < 0)
    if len(kept) == len(groups):
        return groups, kept
    host = np.where(folds < 0, np.arange(len(groups)), folds)
    merged = groups.reordered(np.argsort(host, kind="stable"))  # each host, then what folds into it
    left, right = groups.left.copy(), groups.right.copy()
    np.minimum.at(left, host, groups.left)
    np.maximum.at(right, host, groups.right)
    grew = np.zeros(len(groups), dtype=bool)
    grew[host[folds >= 0]] = True
    right = np.where(grew, np.maximum(right, left + min_width), right)
    counts = np.bincount(host, weights=groups.counts, minlength=len(groups))[kept].astype(np.int64)
    return Groups(left[kept], right[kept], merged.members, np.concatenate(([0], np.cumsum(counts)))), kept


def label_rects(marks: list[Mark], lane_top: float, row_height: float, label_offset: float) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of each drawn label, for tests and hit checks."""
    return [(m.x0 - label_offset - m.label_width if m.label_left else m.x1 + label_offset,
             lane_top + m.row * row_height, m.label_width, row_height)
            for m in marks if m.label_width > 0]


def cluster_target(starts: np.ndarray, view_lo: float, view_hi: float, margin: float = 0.15) -> tuple[float, float] | None:
    """Where a click on a count box zooms so that its events spread out: across the events'
    starts (``starts``, axis units; the box stands where they start), which the caller widens by
    ``margin`` of their span on each side. Never further out than the view (``view_lo`` to
    ``view_hi``): when the starts reach beyond it (a box folded from long bars), the view halves
    around the part of them in view. None when zooming cannot spread them: they all start at
    one instant (same date, however vague), and the caller lists them instead."""
    lo, hi = float(np.min(starts)), float(np.max(starts))
    if not hi > lo:
        return None
    view = view_hi - view_lo
    if (hi - lo) * (1 + 2 * margin) < view:
        return lo, hi
    centre = (max(lo, view_lo) + min(hi, view_hi)) / 2
    half = view / 4 / (1 + 2 * margin)  # half the view once the caller's margins are added
    return centre - half, centre + half


LEFT_LABEL_CLEARANCE = 40.0
"""Pixels kept clear before a title moved left of its mark: closer to the bar or title before it
in the row, two titles read as one line ("Lior Raz is born   Unit 217 is founded"), and neither
says which mark it names."""


def labels_to_the_left(x0: np.ndarray, x1: np.ndarray, row: np.ndarray, kept: np.ndarray, wanted: np.ndarray,
                       left_edge: float, right_edge: float,
                       clearance: float = LEFT_LABEL_CLEARANCE) -> tuple[np.ndarray, np.ndarray]:
    """Move labels that the right side cuts short or hides to the left of their marks, whole,
    where there is room: (the room each label keeps, whether it is on the left).

    ``kept`` is the room a label keeps right of its mark after stacking and ``wanted`` the room
    its whole title needs (offset included, 0 for none). A mark whose label is short of
    ``wanted`` (the pane's right edge or a later mark cut it) and that starts before
    ``right_edge`` gets its label on its left when that fits after ``left_edge`` and its row has
    no other bar or label there, nor within ``clearance`` before it. Marks are taken left to
    right, so a label moved is in the way of the next. Rows never change: a layout's rows stay
    as they were.
    """
    kept, wanted = np.array(kept, dtype=float), np.asarray(wanted, dtype=float)
    left = np.zeros(len(kept), dtype=bool)
    x0 = np.asarray(x0, dtype=float)
    candidates = np.flatnonzero((wanted > kept) & (x0 - wanted >= left_edge) & (x0 < right_edge)).tolist()
    if not candidates:
        return kept, left
    # plain Python over each candidate's row: a row holds a handful of marks, and this runs in
    # every layout (numpy's per-call cost over a few elements was most of its time)
    starts, ends, rows = x0.tolist(), np.asarray(x1, dtype=float).tolist(), np.asarray(row).tolist()
    room, on_left = kept.tolist(), [False] * len(rows)
    in_row: dict[int, list[int]] = {}
    for j, r in enumerate(rows):
        in_row.setdefault(r, []).append(j)
    for k in candidates:
        start = starts[k] - wanted[k]
        for j in in_row[rows[k]]:
            if j != k and starts[j] - (room[j] if on_left[j] else 0.0) < starts[k] and \
                    ends[j] + (0.0 if on_left[j] else room[j]) + clearance > start:
                break
        else:
            room[k], on_left[k] = float(wanted[k]), True
    return np.asarray(room), np.asarray(on_left, dtype=bool)


def rects_intersect(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# ---------------------------------------------------------------------------------------------
# Links: which curves of a dense web are worth drawing


def thin_links(ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray, flag: np.ndarray,
               grain: float, max_drawn: int, max_grain: float) -> np.ndarray:
    """Positions of the links to draw, in input order: one per group whose ends round to the same
    ``grain``-pixel cells (and the same ``flag``, e.g. both ends on screen), the first of each.
    The grain doubles until at most ``max_drawn`` remain or it reaches ``max_grain``, so every
    link keeps a drawn curve within about a grain of its own. Numpy, no Python step per link,
    and a handful of steps per grain tried (all four ends at once)."""
    if len(ax) == 0:
        return np.empty(0, dtype=np.int64)
    ends = np.array([ax, ay, bx, by], dtype=float)
    if not np.isfinite(ends).all():  # never from the panes; kept from a cast warning
        ends = np.nan_to_num(ends)
    flag = np.asarray(flag, dtype=np.int64)
    if len(flag) > max_drawn and grain < max_grain:
        # more links than may be drawn: count the distinct keys at every grain the loop below
        # would try, all at once, and start it at the first grain it would stop at
        grains = [grain]
        while grains[-1] < max_grain:
            grains.append(grains[-1] * 2)
        cells = np.round(ends / np.array(grains)[:, None, None]).astype(np.int64)
        keys = _grain_keys(np.concatenate((cells, np.broadcast_to(flag, (len(grains), 1, len(flag)))), axis=1))
        if keys is not None:
            distinct = 1 + np.count_nonzero(np.diff(np.sort(keys, axis=1), axis=1), axis=1)
            grain = next((g for g, n in zip(grains, distinct.tolist()) if n <= max_drawn), grains[-1])
    while True:
        keys = _row_keys(np.vstack((np.round(ends / grain).astype(np.int64), flag)))
        first = _firsts(keys) if keys.ndim == 1 else np.unique(keys, axis=0, return_index=True)[1]
        if len(first) <= max_drawn or grain >= max_grain:
            return np.sort(first)
        grain *= 2


def _grain_keys(columns: np.ndarray) -> np.ndarray | None:
    """:func:`_row_keys` of ``columns[g]`` for each grain ``g`` at once (shape grains x rows), or
    None if some grain's digits would not fit in 62 bits."""
    digits = columns - columns.min(axis=2, keepdims=True)
    radixes = digits.max(axis=2) + 1
    if any(math.prod(r) >= 2 ** 62 for r in radixes.tolist()):
        return None
    key = digits[:, 0]
    for k in range(1, columns.shape[1]):
        key = key * radixes[:, k:k + 1] + digits[:, k]
    return key


def _firsts(keys: np.ndarray) -> np.ndarray:
    """Where each distinct key first occurs (as ``np.unique(keys, return_index=True)[1]``, in key order)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return order[new]


def _row_keys(columns: np.ndarray) -> np.ndarray:
    """One int64 per row of the columns ``columns[k]`` that is equal exactly when the rows are
    (mixed-radix digits), because np.unique over 2-D rows sorts them as bytes, ten times slower;
    the rows themselves if the digits would not fit in 62 bits (never for pixel cells on a screen)."""
    digits = columns - columns.min(axis=1, keepdims=True)
    radixes = (digits.max(axis=1) + 1).tolist()
    if math.prod(radixes) >= 2 ** 62:
        return columns.T.copy()
    key = digits[0]
    for digit, radix in zip(digits[1:], radixes[1:]):
        key = key * radix + digit
    return key


# ---------------------------------------------------------------------------------------------
# Links: their curves and stubs as path elements

MOVE_TO, LINE_TO, CURVE_TO, CURVE_TO_DATA = 0, 1, 2, 3
"""Path element kinds, numbered as QPainterPath numbers them (the view builds its paths from these)."""


def curve_elements(xa: np.ndarray, ya: np.ndarray, xb: np.ndarray, yb: np.ndarray,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kinds, x, y) of one cubic curve per link, four elements each, as moveTo + cubicTo make
    them: from 7 px above the narrative end (``a``) to 7 px below the calendar end (``b``), leaving
    and arriving vertically, bent by half the height between the ends (at least 30 px)."""
    xa, ya, xb, yb = (np.asarray(v, dtype=float) for v in (xa, ya, xb, yb))
    bend = np.maximum(np.abs(ya - yb) * 0.5, 30.0)
    x = np.column_stack((xa, xa, xb, xb)).ravel()
    y = np.column_stack((ya - 7, ya - bend, yb + bend, yb + 7)).ravel()
    return np.tile(np.array([MOVE_TO, CURVE_TO, CURVE_TO_DATA, CURVE_TO_DATA]), len(xa)), x, y


def stub_elements(xa: np.ndarray, ya: np.ndarray, xb: np.ndarray, yb: np.ndarray, a_on: np.ndarray,
                  length: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kinds, x, y) of one stub per link whose other end is off screen: a ``length``-pixel line
    from the end on screen (``a`` where ``a_on``, else ``b``; 7 px off the mark, as curves leave
    it) toward the other, and a small open arrowhead at its tip, six elements each."""
    xa, ya, xb, yb = (np.asarray(v, dtype=float) for v in (xa, ya, xb, yb))
    a_on = np.asarray(a_on, dtype=bool)
    sx, sy = np.where(a_on, xa, xb), np.where(a_on, ya - 7, yb + 7)
    ex, ey = np.where(a_on, xb, xa), np.where(a_on, yb + 7, ya - 7)
    dx, dy = ex - sx, ey - sy
    norm = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-6)
    tx, ty = sx + dx / norm * length, sy + dy / norm * length
    back_x, back_y = -dx / norm * 5, -dy / norm * 5
    x = np.column_stack((sx, tx, tx, tx + back_x - back_y * 0.6, tx, tx + back_x + back_y * 0.6)).ravel()
    y = np.column_stack((sy, ty, ty, ty + back_y + back_x * 0.6, ty, ty + back_y - back_x * 0.6)).ravel()
    return np.tile(np.array([MOVE_TO, LINE_TO] * 3), len(xa)), x, y
