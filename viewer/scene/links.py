"""Link curves between the panes: which links cross the two clocks and where their ends meet the
marks, which of a dense web to draw (thinned per pixel cell), and their curves and stubs as path
elements, numbered as QPainterPath numbers them. Pure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from viewer.core.model import AxisKind, Dataset
from viewer.scene.anchors import Anchors
from viewer.scene.columns import TrackColumns


# ---------------------------------------------------------------------------------------------
# Links across the clocks and their ends


@dataclass(frozen=True, eq=False)
class CrossingLinks:
    """The links between the two clocks, fixed per dataset: ids, and each end as column indices
    grouped by track (the form :func:`viewer.scene.anchors.anchor_arrays` takes). Links within one clock are
    listed in the detail panel, not drawn."""

    from_ids: list[str]
    to_ids: list[str]
    narrative: dict[str, tuple[np.ndarray, np.ndarray]]
    """Track id -> (positions of the links whose narrative end is on it, column indices)."""
    calendar: dict[str, tuple[np.ndarray, np.ndarray]]
    touching: dict[str, np.ndarray]
    """Event id -> positions of the links from or to it (to light them up when it is selected)."""

    def __len__(self) -> int:
        return len(self.from_ids)


@dataclass(frozen=True, eq=False)
class LinkEnds:
    """Both ends of each drawable link in scene pixels, as arrays; ``link`` is its position in
    :class:`CrossingLinks`."""

    link: np.ndarray
    narrative_x: np.ndarray
    narrative_y: np.ndarray
    calendar_x: np.ndarray
    calendar_y: np.ndarray
    both_on_screen: np.ndarray
    touches_selection: np.ndarray
    narrative_on_screen: np.ndarray

    def __len__(self) -> int:
        return len(self.link)


def crossing_links(dataset: Dataset, columns: dict[str, TrackColumns]) -> CrossingLinks:
    """The links whose ends are on different clocks, with their ends as column indices by track."""
    axis = {t.id: t.axis for t in dataset.tracks}
    from_ids, to_ids = [], []
    ends: dict[AxisKind, dict[str, tuple[list[int], list[int]]]] = {AxisKind.NARRATIVE: {}, AxisKind.CALENDAR: {}}
    touching: dict[str, list[int]] = {}
    for link in dataset.links:
        tracks = [dataset.events.track_of(link.from_id), dataset.events.track_of(link.to_id)]
        if axis[tracks[0]] is axis[tracks[1]]:
            continue
        position = len(from_ids)
        for event_id, track_id in zip((link.from_id, link.to_id), tracks):
            positions, indices = ends[axis[track_id]].setdefault(track_id, ([], []))
            positions.append(position)
            indices.append(columns[track_id].index_of[event_id])
            touching.setdefault(event_id, []).append(position)
        from_ids.append(link.from_id)
        to_ids.append(link.to_id)

    def arrays(by_track):
        return {t: (np.array(p, dtype=np.int64), np.array(i, dtype=np.int64)) for t, (p, i) in by_track.items()}

    return CrossingLinks(from_ids, to_ids, arrays(ends[AxisKind.NARRATIVE]), arrays(ends[AxisKind.CALENDAR]),
                         {e: np.array(p, dtype=np.int64) for e, p in touching.items()})


def link_ends(crossing: CrossingLinks, narrative: Anchors, calendar: Anchors, selected: str | None) -> LinkEnds:
    """Where each drawable link meets its two marks, given both panes' anchors (scene pixels)."""
    a, b = narrative, calendar
    # neither end in view: a curve between two pane edges says nothing; a hidden track: no end
    link = np.flatnonzero(a.drawn & b.drawn & (a.on_screen | b.on_screen))
    # a link to a bar bends into it near its end nearer the other mark, not straight up from
    # wherever the other mark is: links to a season-long plot point would otherwise rise as
    # vertical lines through every lane, and read as gridlines
    xb = bar_end_near(b.span_lo[link], b.span_hi[link], a.x[link])
    xa = bar_end_near(a.span_lo[link], a.span_hi[link], xb)
    touches = np.zeros(len(crossing), dtype=bool)
    if selected is not None:
        touches[crossing.touching.get(selected, [])] = True
    return LinkEnds(link, xa, a.y[link], xb, b.y[link], a.on_screen[link] & b.on_screen[link],
                    touches[link], a.on_screen[link])


BAR_END_INSET = 14.0
"""How far into a bar from its end a link attaches (less on a short bar)."""


def bar_end_near(lo: np.ndarray, hi: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Where a link attaches to a mark spanning ``lo`` to ``hi`` (its part on screen; a point
    spans nothing), coming from ``other``: just inside the end nearer ``other`` (BAR_END_INSET,
    at most a quarter of the bar in), or the point itself."""
    inset = np.minimum(BAR_END_INSET, (hi - lo) / 4)
    near_start = np.abs(other - lo) <= np.abs(other - hi)
    return np.where(near_start, lo + inset, hi - inset)


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
