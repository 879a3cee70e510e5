"""Where links attach to events, in scene pixels: on the mark that draws an event (its bar's
visible middle, its point, or the count box holding it), or at the pane's edge on its side when
it is out of view. Pure (numpy, no Qt): arrays over all of a pane's link ends at once, since
the links overlay asks for every end each frame."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.scene.lanes import Lane


@dataclass(frozen=True, slots=True)
class Anchors:
    """Where links attach to a batch of events, in scene pixels, one entry per event (arrays)."""

    x: np.ndarray
    y: np.ndarray
    on_screen: np.ndarray
    span_lo: np.ndarray
    """The on-screen span a link may attach to: the visible part of a bar, else just ``x``."""
    span_hi: np.ndarray
    drawn: np.ndarray
    """False where the event's track has no lane in this pane (hidden): its other fields mean nothing."""


@dataclass(frozen=True, slots=True)
class AnchorEnds:
    """Link ends of one pane, lane after lane: where each goes in the result and its column data."""

    slots: np.ndarray
    per_lane: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lo: np.ndarray
    interval: np.ndarray
    asked: tuple[tuple[np.ndarray, np.ndarray], ...] = ()
    """Per lane, :func:`distinct_asked` of its column indices (for :func:`marks_holding`)."""



def refs_by_track(refs: list[tuple[str, int] | None]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Events given as (track id, column index), or None, grouped per track as (their positions
    in ``refs``, their column indices): the form :func:`anchor_arrays` takes."""
    by_track: dict[str, tuple[list[int], list[int]]] = {}
    for k, ref in enumerate(refs):
        if ref is not None:
            slots, indices = by_track.setdefault(ref[0], ([], []))
            slots.append(k)
            indices.append(ref[1])
    return {t: (np.array(s, dtype=np.int64), np.array(i, dtype=np.int64)) for t, (s, i) in by_track.items()}


def lanes_with_ends(lanes: list[Lane], refs: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[Lane]:
    """The lanes some of ``refs`` lie in (hidden tracks have no lane: their ends stay not drawn)."""
    return [lane for lane in lanes if len(refs.get(lane.columns.track_id, ((),))[0])]


def anchor_arrays(lanes: list[Lane], refs: dict[str, tuple[np.ndarray, np.ndarray]], count: int,
                  ends: AnchorEnds | None, left: float, right: float, view_right: float, scale: float,
                  offset: float) -> Anchors:
    """Anchors of ``count`` events given per track as (their positions in the result, their
    column indices), as arrays: the links overlay asks for all of its ends every frame, so this
    is numpy over all lanes at once, with no Python step per event."""
    # (the pane spans ``left`` to ``right`` in scene pixels, the view ends at ``view_right`` in
    # axis units; ``ends`` is :func:`anchor_ends` of these refs and lanes, if the caller kept it)
    found = Anchors(x=np.zeros(count), y=np.zeros(count), on_screen=np.zeros(count, dtype=bool),
                    span_lo=np.zeros(count), span_hi=np.zeros(count), drawn=np.zeros(count, dtype=bool))
    # hidden tracks have no lane: their ends stay not drawn
    lanes = lanes_with_ends(lanes, refs)
    if not lanes:
        return found
    ends = ends if ends is not None else anchor_ends(refs, lanes)
    # every end starts off screen (the pane's edge on its event's side, mid-lane); those a mark
    # holds are then placed on it: zoomed in, a few of a dataset's link ends, so the arithmetic
    # below runs over those few
    slots = ends.slots
    off_x = np.where(ends.lo > view_right, right, left)
    found.x[slots] = found.span_lo[slots] = found.span_hi[slots] = off_x
    if len(lanes) == 1:  # one lane (a narrative pane)
        lane = lanes[0]
        owner = marks_holding(lane, refs[lane.columns.track_id][1], _asked(ends, 0))
        found.y[slots] = lane.top + lane.height / 2
    else:
        owner = np.concatenate([marks_holding(lane, refs[lane.columns.track_id][1], _asked(ends, k))
                                for k, lane in enumerate(lanes)])
        found.y[slots] = np.repeat([lane.top + lane.height / 2 for lane in lanes], ends.per_lane)
    found.drawn[slots] = True
    held = _where_not_all(owner >= 0)
    if held is not None and not len(held):
        return found
    # every lane's marks in one table, so that the ends of all lanes are looked up at once
    own = _take(owner, held)
    if len(lanes) > 1:
        own = own + _take(np.repeat(np.cumsum([0] + [len(lane.arrays) for lane in lanes[:-1]]), ends.per_lane), held)
    many = np.concatenate([lane.arrays.counts > 1 for lane in lanes])[own]
    mark_x0 = np.concatenate([lane.arrays.x0 for lane in lanes])[own]
    mark_x1 = np.concatenate([lane.arrays.x1 for lane in lanes])[own]
    start_px = _take(ends.start, held) * scale + offset
    end_px = _take(ends.end, held) * scale + offset
    interval = _take(ends.interval, held)
    x = np.where(many, (mark_x0 + np.minimum(mark_x1, right)) / 2,
                 np.where(interval, (np.maximum(start_px, left) + np.minimum(end_px, right)) / 2, start_px))
    # laid out is not on screen: the layout window reaches beyond the pane on both sides
    shown = _where_not_all((x >= left - 1) & (x <= right + 1))
    own, x, start_px, end_px = (_take(v, shown) for v in (own, x, start_px, end_px))
    bar = ~_take(many, shown) & _take(interval, shown)
    x = np.minimum(np.maximum(x, left), right)  # np.clip, at a fraction of its call cost
    at = _take(_take(slots, held), shown)
    found.x[at] = x
    found.y[at] = np.concatenate([lane.row_centres for lane in lanes])[own]
    found.span_lo[at] = np.where(bar, np.minimum(np.maximum(start_px, left), right), x)
    found.span_hi[at] = np.where(bar, np.minimum(np.maximum(end_px, left), right), x)
    found.on_screen[at] = True
    return found


SMALL_LAYOUT_SHARE = 1 / 16
"""A layout holding at most this share of its track's events is searched for the link ends'
marks rather than mapped whole (see :func:`marks_holding`)."""


def marks_holding(lane: Lane, indices: np.ndarray, asked: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The position of the mark holding each of these column indices in the lane, or -1: what
    ``lane.owners()[indices]`` gives. A zoomed-in layout holds a few thousand of a track's events:
    they are looked up among the distinct indices asked for (``asked``: :func:`distinct_asked` of
    ``indices``, which a caller asking for the same indices every frame keeps), instead of
    building the map of every event of the track anew for each frame (~1 ms a frame for a
    million events) or sorting the layout's members (~1 ms a frame at 2% of a million)."""
    marks = lane.arrays
    members = marks.members
    if len(members) > len(lane.columns) * SMALL_LAYOUT_SHARE:
        return lane.owners()[indices]  # a wide layout: the map, kept while the layout is
    if not len(members) or not len(indices):
        return np.full(len(indices), -1, dtype=np.int32)
    distinct, where_asked = asked if asked is not None else distinct_asked(indices)
    # each member's place among the distinct indices asked for: a hit where it is one of them
    at = np.minimum(np.searchsorted(distinct, members), len(distinct) - 1)
    hits = np.flatnonzero(distinct[at] == members)
    found = np.full(len(distinct), -1, dtype=np.int32)
    # the mark of member position p is the k with bounds[k] <= p < bounds[k + 1]
    found[at[hits]] = np.searchsorted(marks.bounds, hits, side="right") - 1
    return found[where_asked]


def distinct_asked(indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct column indices, where each of ``indices`` is among them): what
    :func:`marks_holding` looks a layout's members up in."""
    distinct, where_asked = np.unique(indices, return_inverse=True)
    return distinct, where_asked


def anchor_ends(refs: dict[str, tuple[np.ndarray, np.ndarray]], lanes: list[Lane]) -> AnchorEnds:
    """The fixed part of :meth:`anchor_arrays` for these refs and lanes: positions and column
    data of the ends, lane after lane. The same refs are asked for every frame (a dataset's
    links): a caller keeps this until the refs, the tracks shown or the columns change."""
    columns = tuple(lane.columns for lane in lanes)
    idx = [refs[c.track_id][1] for c in columns]
    ends = AnchorEnds(slots=np.concatenate([refs[c.track_id][0] for c in columns]),
                       per_lane=np.array([len(i) for i in idx]),
                       start=np.concatenate([c.start[i] for c, i in zip(columns, idx)]),
                       end=np.concatenate([c.end[i] for c, i in zip(columns, idx)]),
                       lo=np.concatenate([c.lo[i] for c, i in zip(columns, idx)]),
                       interval=np.concatenate([c.interval[i] for c, i in zip(columns, idx)]),
                       asked=tuple(distinct_asked(i) for i in idx))
    return ends


def _where_not_all(mask: np.ndarray) -> np.ndarray | None:
    """Where ``mask`` holds, or None where it holds everywhere (a full view: nothing to pick)."""
    return None if mask.all() else np.flatnonzero(mask)


def _take(values: np.ndarray, where: np.ndarray | None) -> np.ndarray:
    return values if where is None else values[where]


def _asked(ends: AnchorEnds, lane: int) -> tuple[np.ndarray, np.ndarray] | None:
    return ends.asked[lane] if lane < len(ends.asked) else None

