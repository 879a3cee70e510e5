"""Marks stacked into a lane's rows with room for their titles: a title that would be cut goes
to the left of its mark where the row has room; a mark with no free row folds into its
neighbour's count box. Pure.
"""

from __future__ import annotations

import math
import numpy as np

from viewer.scene.marks import Groups


def stack_marks(x0: list[float], x1: list[float], label_w: list[float], rows: int, gap: float = 6.0,
                min_label: float = 48.0, arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                bar_x0: list[float] | None = None) -> tuple[list[int], list[float]]:
    """Each mark's row and the room its label keeps (0 = hidden): a label a later mark would cover
    is cut to end before it while ``min_label`` pixels remain. ``arrays``: ``x0``, ``x1``, ``label_w``
    as float arrays, if the caller has them. ``bar_x0``: where each bar starts when ``x0`` reserves
    room for a title on its left; a mark with no row free of that room is placed by its bar alone."""
    count = max(rows, 1)
    row_end = [-math.inf] * count  # where the row's last footprint ends (bar or label)
    bar_end = [-math.inf] * count  # where the row's last bar ends
    shown: list[list[int]] = [[] for _ in range(count)]  # marks whose labels the row still shows
    labels_shown = 0  # across all rows; with none, each row's footprint ends where its bars do
    assigned, widths = [], []  # each mark's row and label room
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
    blocked_before, i = False, 0
    if skippable and math.isfinite(gap):
        i = _leading_run_on_row_0(starts, ends, label, gap)
        if i:
            assigned, widths = [0] * i, [w if w > 0 else 0.0 for w in label_w[:i]]
            shown[0] = [j for j in range(i) if label_w[j] > 0]
            labels_shown = len(shown[0])
            row_end[0], bar_end[0] = float(ends[i - 1] + (label[i - 1] if label[i - 1] > 0 else 0.0)), float(ends[:i].max())
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
            a = a if bar_x0 is None else bar_x0[i]  # no room on the left: placed by its bar
            lowest = min(bar_end)
            row = bar_end.index(lowest)
            if skippable and blocked_before and not labels_shown and b <= lowest:
                length = _blocked_run(starts, ends, i, lowest, gap)
                assigned.extend([row] * length)
                widths.extend([0.0] * length)
                i += length
                continue
            blocked_before = True
            kept = _make_room(shown[row], widths, x1, a, b, gap, min_label)
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


def _leading_run_on_row_0(starts: np.ndarray, ends: np.ndarray, label: np.ndarray, gap: float) -> int:
    """How many leading marks each start clear of the previous one's footprint, and so all take
    row 0 with their whole label as :func:`stack_marks`'s loop would place them: found in one
    numpy step (a busy lane's tiled count boxes are nothing else, ~80 marks a lane every frame).
    0 where a footprint is not finite (a sum that overflowed only means the loop does it all)."""
    foot = ends + np.where(label > 0, label, 0.0)
    if not math.isfinite(float(foot.sum() + starts.sum())):
        return 0
    clear = np.flatnonzero(~(foot[:-1] + gap <= starts[1:]))
    return int(clear[0]) + 1 if len(clear) else len(starts)


def _blocked_run(starts: np.ndarray, ends: np.ndarray, i: int, lowest: float, gap: float) -> int:
    """How many marks from ``i`` on find no free row and end before ``lowest`` (looked for a chunk
    at a time, so a short run costs no scan to the end)."""
    stop = min(len(starts), i + 512)
    run = np.flatnonzero((starts[i:stop] >= lowest + gap) | (ends[i:stop] > lowest))
    return int(run[0]) if len(run) else stop - i


def _make_room(shown: list[int], widths: list[float], x1: list[float], a: float, b: float, gap: float,
               min_label: float) -> list[int]:
    """A newcomer's bar from ``a`` to ``b`` would sit on these shown labels of its row (even when it
    also overlaps their bars): shorten them to end before it, or hide them (``widths`` updated);
    returns the marks whose labels stay. Shown labels in a row are disjoint and tens of pixels
    wide each, so the list stays short."""
    kept = []
    for j in shown:
        if a < x1[j] + widths[j] + gap and b > x1[j]:
            room = a - gap - x1[j]
            if room >= min_label and a >= x1[j]:
                widths[j] = room
                kept.append(j)
            else:
                widths[j] = 0.0
        else:
            kept.append(j)
    return kept


def fold_overflow(x0: list[float], x1: list[float], rows_of: list[int], gap: float = 0.0,
                  under: np.ndarray | None = None) -> list[int]:
    """For each mark (in x0 order), the earlier mark in its row that its footprint would overlap,
    or -1. A mark that :func:`stack_rows` could only put on top of another is drawn folded into
    that one (an aggregate), never hidden underneath it.

    With ``under`` (per mark: a bar or a box of bars, drawn beneath the rest), a row holds two
    layers, and only marks of one layer fold together: a point or a count box over a bar is drawn
    on it, so an interval is never merged with points into one count, and a bar that fades out
    stays a bar."""
    if len(x0) > 1:
        # nothing folds when each mark starts clear of the bar before it in its row (the usual
        # case): one numpy check instead of the loop
        row = np.asarray(rows_of)
        order = np.argsort(row, kind="stable")
        starts, ends = np.asarray(x0, dtype=float)[order], np.asarray(x1, dtype=float)[order]
        same_row = row[order][1:] == row[order][:-1]
        if not (same_row & (starts[1:] < ends[:-1] + gap)).any():
            return [-1] * len(x0)
    layers = [False] * len(x0) if under is None else np.asarray(under, dtype=bool).tolist()
    host: dict[tuple[int, bool], int] = {}
    bar_end: dict[tuple[int, bool], float] = {}
    folds: list[int] = []
    for i, (a, b, row, layer) in enumerate(zip(x0, x1, rows_of, layers)):
        key = (row, layer)
        if key in bar_end and a < bar_end[key] + gap:
            folds.append(host[key])
            bar_end[key] = max(bar_end[key], b)
        else:
            folds.append(-1)
            host[key] = i
            bar_end[key] = b
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
