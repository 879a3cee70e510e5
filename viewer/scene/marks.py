"""Events grouped into marks: a single event, or an aggregate (a count box) of events too close
to tell apart at the current scale. Costs are bounded by pixels, not by events. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

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
    under: bool = False
    """Drawn beneath the other marks of its row (see :attr:`MarkArrays.under`)."""

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
    spanning: np.ndarray | None = None
    """Per group, whether it runs across the view: an interval of its own, or the one count box
    of such intervals (see :func:`grouping_plan`); None for none. They are given rows of their
    own, first, and drawn beneath the rest."""

    def __len__(self) -> int:
        return len(self.left)

    @property
    def spanning_flags(self) -> np.ndarray:
        return self.spanning if self.spanning is not None else np.zeros(len(self.left), dtype=bool)

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

    @staticmethod
    def joined(parts: list[Groups]) -> Groups:
        """The groups of ``parts`` one after another, in that order."""
        sizes = np.cumsum([0] + [len(g.members) for g in parts])
        return Groups(np.concatenate([g.left for g in parts]), np.concatenate([g.right for g in parts]),
                      np.concatenate([g.members for g in parts]),
                      np.concatenate([g.bounds[:-1] + at for g, at in zip(parts, sizes[:-1])] + [sizes[-1:]]),
                      np.concatenate([g.spanning_flags for g in parts]))

    def reordered(self, order: np.ndarray) -> Groups:
        """The groups taken in ``order`` (positions), members moved along."""
        counts = self.counts[order]
        bounds = np.concatenate(([0], np.cumsum(counts)))
        # member positions: each group's old start, repeated over its count, plus a running offset
        take = np.repeat(self.bounds[:-1][order] - bounds[:-1], counts) + np.arange(bounds[-1])
        return Groups(self.left[order], self.right[order], self.members[take], bounds,
                      None if self.spanning is None else self.spanning[order])


class MarkArrays:
    """A lane's marks as arrays, one entry per mark in layout order: what a list of :class:`Mark`
    holds, without a Python object per mark. A layout makes these with numpy; painting, anchors
    and a pan (which only moves them) use them as they are, and the :class:`Mark` objects that
    clicks, tooltips and tests look at are built from them only when asked for."""

    __slots__ = ("x0", "x1", "row", "members", "bounds", "label_width", "label_on_bar", "label_left", "labels_short",
                 "counts", "under", "_fixed")

    def __init__(self, x0: np.ndarray, x1: np.ndarray, row: np.ndarray, members: np.ndarray, bounds: np.ndarray,
                 label_width: np.ndarray, label_on_bar: np.ndarray, label_left: np.ndarray | None = None,
                 labels_short: int = 0, under: np.ndarray | None = None):
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
        self.under = np.zeros(len(self.x0), dtype=bool) if under is None else np.asarray(under, dtype=bool)
        """Marks drawn beneath the others: interval bars and boxes of long events spanning the view.
        A point or a count box that finds no free row is drawn over such a mark rather than
        folded into it (see :func:`viewer.scene.rows.fold_overflow`)."""
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
                          [m.label_width for m in marks], [m.label_on_bar for m in marks], [m.label_left for m in marks],
                          under=[m.under for m in marks])

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
        moved.labels_short, moved.under, moved._fixed = self.labels_short, self.under, self._fixed
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
        return [Mark(a, b, members[bounds[k]:bounds[k + 1]], row, width, on_bar, left, under)
                for k, (a, b, row, width, on_bar, left, under) in enumerate(zip(
                    self.x0.tolist(), self.x1.tolist(), self.row.tolist(), self.label_width.tolist(),
                    self.label_on_bar.tolist(), self.label_left.tolist(), self.under.tolist()))]


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


def anchors_of(x0: np.ndarray, x1: np.ndarray, pivot: float | None, ordered: bool = False) -> np.ndarray:
    """Where each event (footprint ``x0`` to ``x1``) is counted when it joins a count box: the
    point of it nearest ``pivot``, a pixel that every view a layout serves contains (see
    :func:`viewer.scene.lanes.pivot_of`). Any such view that meets the event holds that point,
    so a box there is on screen whenever any of its events is: an event that began before the
    view is counted where it shows, never at a start the view has left behind. With ``ordered``
    (``x0`` ascending, as a lane's are) only the events starting before the pivot are looked at."""
    if pivot is None:
        return x0
    if not ordered:
        return np.minimum(np.maximum(x0, pivot), x1)
    before = int(np.searchsorted(x0, pivot))
    if before == 0:
        return x0
    anchors = x0.copy()
    np.minimum(x1[:before], pivot, out=anchors[:before])
    return anchors


@dataclass(frozen=True, eq=False)
class GroupingPlan:
    """How :func:`aggregate_groups` treats each event (by position): a mark of its own
    (``solo``), one of the intervals running across the view (``across``: marks of their own, or
    one box when ``boxed``), or counted in the cell of its anchor (the rest)."""

    count: int
    solo: np.ndarray
    """Positions of the events drawn alone that do not run across the view (ascending)."""
    across: np.ndarray
    """Positions of the intervals running across the view (ascending)."""
    boxed: bool
    anchors: np.ndarray
    before: int | None = None
    """How many leading events start before the pivot (their anchors may be out of order, and all
    of them come before the others'); None when the starts were not known to ascend."""

    @cached_property
    def celled(self) -> np.ndarray:
        """Positions of the events counted in cells, in the order their cells come."""
        head, tail = self.celled_parts
        return np.concatenate((head, np.arange(tail, self.count))) if isinstance(tail, int) else np.concatenate((head, tail))

    @cached_property
    def celled_parts(self) -> tuple[np.ndarray, np.ndarray | int]:
        """:attr:`celled` as (the positions before the pivot, in cell order; the positions after
        it, or where they start when every event from there on is celled, the usual case)."""
        before = self.before
        if before is None:
            taken = np.zeros(self.count, dtype=bool)
            taken[self.solo] = True
            taken[self.across] = True
            kept = np.flatnonzero(~taken)
            order = _cell_order_of(self.anchors[kept])
            return (kept if order is None else kept[order]), np.empty(0, dtype=np.int64)
        lead = np.ones(before, dtype=bool)
        lead[self.across] = False  # the intervals across the view all start before the pivot
        solo = self.solo
        lead[solo[solo < before]] = False
        head = np.flatnonzero(lead)
        # by whole pixels: cells of any whole number of pixels then come in order too
        head = head[_stable_order(np.floor(self.anchors[head]))] if len(head) > 1 else head
        later = solo[solo >= before]
        if not len(later):
            return head, before
        rest = np.ones(self.count - before, dtype=bool)
        rest[later - before] = False
        return head, np.flatnonzero(rest) + before

    @cached_property
    def celled_anchors(self) -> np.ndarray:
        """``anchors`` in :attr:`celled` order: counting the cells and making them both need it."""
        return self.celled_values(self.anchors)

    def celled_values(self, values: np.ndarray) -> np.ndarray:
        """``values[self.celled]``, the run after the pivot copied rather than gathered."""
        head, tail = self.celled_parts
        return np.concatenate((values[head], values[tail:] if isinstance(tail, int) else values[tail]))


def _cell_order_of(anchors: np.ndarray) -> np.ndarray | None:
    """A stable order of anchors by value, None where they are already in order."""
    if len(anchors) > 1 and bool((anchors[1:] < anchors[:-1]).any()):
        return np.argsort(anchors, kind="stable")
    return None


def grouping_plan(x0: np.ndarray, x1: np.ndarray, long_px: float = 24.0, max_long: int = 1500,
                  long_budget_px: float | None = None, pivot: float | None = None,
                  alone: np.ndarray | None = None,
                  bars: Callable[[np.ndarray], np.ndarray] | None = None, across_px: float = 0.0,
                  ordered: bool = False, across_rows: int = 1, long_stay: bool | None = None) -> GroupingPlan:
    """Which events stay marks of their own, which run across the view, which go to cells.

    ``alone`` events (open-ended intervals: a bar that fades out, never part of a count) are
    always marks of their own. Long bars are too while :func:`long_bars_stay`. Otherwise the
    intervals at least ``across_px`` long that run across the ``pivot`` (``bars(positions)``
    says which of those events are intervals) run across the view: they stay bars of their own
    while there are at most ``across_rows`` (each is given a row), else share one box spanning
    them all; either way they are drawn across the view, not as a count at a start the view has
    left behind. The others are counted where they are anchored (:func:`anchors_of`;
    ``ordered``: ``x0`` ascends). ``long_stay``: what :func:`long_bars_stay` says of these
    arguments, where the caller has asked already (a pass over every event in the window)."""
    n = len(x0)
    solo = np.flatnonzero(alone) if alone is not None else np.empty(0, dtype=np.int64)
    across = np.empty(0, dtype=np.int64)
    before = (int(np.searchsorted(x0, pivot)) if pivot is not None else 0) if ordered else None
    if long_stay is None:
        long_stay = bool(n) and long_bars_stay(x0, x1, long_px, max_long, long_budget_px)
    if n and long_stay:
        solo = np.flatnonzero(((x1 - x0) >= long_px) | (alone if alone is not None else False))
    elif n and pivot is not None and bars is not None:
        a0, a1 = x0[:before], x1[:before]  # only events starting before the pivot can run across it
        across = np.flatnonzero(((a1 - a0) >= max(long_px, across_px)) & (a1 > pivot) &
                                (True if ordered else a0 < pivot))
        if len(across) and len(solo):
            across = np.setdiff1d(across, solo, assume_unique=True)
        if len(across):
            across = across[np.asarray(bars(across), dtype=bool)]
    anchors = anchors_of(x0, x1, pivot, ordered)
    return GroupingPlan(n, solo, across, len(across) > across_rows, anchors, before)


def aggregate_groups(indices: np.ndarray, x0: np.ndarray, x1: np.ndarray, cell_px: float,
                     long_px: float = 24.0, max_long: int = 1500, long_budget_px: float | None = None,
                     pivot: float | None = None, alone: np.ndarray | None = None,
                     bars: Callable[[np.ndarray], np.ndarray] | None = None, plan: GroupingPlan | None = None) -> Groups:
    """Group visible events whose anchors (:func:`anchors_of`; without a ``pivot``, their
    starts) fall in the same ``cell_px``-wide pixel cell.

    Bars at least ``long_px`` wide stay individual (they are easy to tell apart) unless more than
    ``max_long`` are in view, or their widths add up to more than ``long_budget_px`` (more than
    the lane's rows can show side by side); then those running across the ``pivot`` are drawn
    across the view (see :func:`grouping_plan`, or ``plan`` if already made; ``alone`` events
    are always groups of their own) and the rest are grouped like the other events. The groups
    across the view come first (see ``Groups.spanning``), then the others in pixel order of
    ``left``: a group of one spans its event's footprint, the box of bars across the view its
    members' footprints, and a cell's group starts at its first anchor (``right`` is its
    members' furthest end). Every input index is in exactly one group, so nothing is silently
    dropped. Cells are anchored at pixel 0, so the grouping is stable while panning.

    Costs O(n) numpy work and no Python step per event or per group: columns are sorted by their
    left extent, so cells arrive in order and need few sorts (an unsorted input is sorted).
    """
    indices, x0, x1 = np.asarray(indices), np.asarray(x0, dtype=float), np.asarray(x1, dtype=float)
    if len(indices) == 0:
        return Groups(np.empty(0), np.empty(0), indices, np.zeros(1, dtype=np.int64))
    if plan is None:
        plan = grouping_plan(x0, x1, long_px, max_long, long_budget_px, pivot, alone, bars)
    if not len(plan.solo) and not len(plan.across):
        return _cell_groups(indices, plan.anchors, x1, cell_px, plan.before)
    cells = _cell_groups(plan.celled_values(indices), plan.celled_anchors, plan.celled_values(x1),
                         cell_px, 0)
    across = plan.across
    if not len(across):
        top = []
    elif plan.boxed:
        top = [Groups(np.array([x0[across].min()]), np.array([x1[across].max()]), indices[across],
                      np.array([0, len(across)]), spanning=np.array([True]))]
    else:
        top = [Groups(x0[across], x1[across], indices[across], np.arange(len(across) + 1),
                      spanning=np.ones(len(across), dtype=bool))]
    if not len(plan.solo):  # the usual case: what runs across the view, then the cells in order
        return Groups.joined(top + [cells])
    solo = plan.solo
    mixed = Groups.joined([Groups.singles(indices[solo], x0[solo], x1[solo]), cells])
    return Groups.joined(top + [mixed.reordered(np.argsort(mixed.left, kind="stable"))])


def _cell_groups(indices: np.ndarray, anchors: np.ndarray, x1: np.ndarray, cell_px: float,
                 unordered: int | None = None) -> Groups:
    """Events grouped by the ``cell_px`` cell of their anchors, in cell order. ``unordered``: only
    that many leading events may be out of order (all before the rest); None: any may be."""
    if len(indices) == 0:
        return Groups(np.empty(0), np.empty(0), indices, np.zeros(1, dtype=np.int64))
    cells = np.floor(anchors / cell_px)
    if unordered is not None and unordered > 1:
        # only the leading stretch moves: reorder it and keep the rest as it is (a copy, no gather)
        head = _stable_order(cells[:unordered])
        indices, anchors, x1, cells = (np.concatenate((a[:unordered][head], a[unordered:]))
                                       for a in (indices, anchors, x1, cells))
    elif unordered is None:
        order = _cell_order_of(cells)
        if order is not None:
            indices, anchors, x1, cells = indices[order], anchors[order], x1[order], cells[order]
    firsts = np.concatenate(([0], np.flatnonzero(np.diff(cells)) + 1))
    return Groups(np.minimum.reduceat(anchors, firsts), np.maximum.reduceat(x1, firsts), indices,
                  np.concatenate((firsts, [len(indices)])))


def _stable_order(cells: np.ndarray) -> np.ndarray:
    """``np.argsort(cells, kind="stable")`` for whole-numbered ``cells``: as 16-bit offsets where
    they fit, which numpy sorts by radix, several times faster than floats (a layout sorts
    thousands a frame)."""
    if len(cells) < 2:
        return np.arange(len(cells))
    low = cells.min()
    if cells.max() - low < 32_000:
        return np.argsort((cells - low).astype(np.int16), kind="stable")
    return np.argsort(cells, kind="stable")


def aggregate_group_count(x0: np.ndarray, x1: np.ndarray, cell_px: float, long_px: float = 24.0,
                          max_long: int = 1500, long_budget_px: float | None = None,
                          pivot: float | None = None, alone: np.ndarray | None = None,
                          bars: Callable[[np.ndarray], np.ndarray] | None = None,
                          plan: GroupingPlan | None = None) -> int:
    """``len(aggregate_groups(...))`` with the same arguments, without building the groups: a lane
    too busy for 4-pixel cells is only asked how many there would be before it takes wider ones."""
    x0, x1 = np.asarray(x0, dtype=float), np.asarray(x1, dtype=float)
    if len(x0) == 0:
        return 0
    if plan is None:
        plan = grouping_plan(x0, x1, long_px, max_long, long_budget_px, pivot, alone, bars)
    apart = len(plan.solo) + (1 if plan.boxed else len(plan.across))
    if not apart:
        cells = np.floor(plan.anchors / cell_px)
        head = plan.before or 0
    else:
        cells, head = np.floor(plan.celled_anchors / cell_px), 0
    if not len(cells):
        return apart
    if plan.before is None and not apart:
        order = _cell_order_of(cells)
        cells = cells if order is None else cells[order]
        return apart + 1 + int(np.count_nonzero(np.diff(cells)))
    # the leading stretch (out of order) counted by its distinct cells, the rest by its steps;
    # one less where the two meet in one cell
    lead, rest = cells[:head], cells[head:]
    distinct = int(np.count_nonzero(np.bincount((lead - lead.min()).astype(np.int64)))) if len(lead) else 0
    steps = 1 + int(np.count_nonzero(np.diff(rest))) if len(rest) else 0
    shared = int(len(lead) > 0 and len(rest) > 0 and rest[0] <= lead.max())
    return apart + distinct + steps - shared
