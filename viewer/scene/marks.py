"""Events grouped into marks: a single event, or an aggregate (a count box) of events too close
to tell apart at the current scale. Costs are bounded by pixels, not by events. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
