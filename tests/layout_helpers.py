"""Geometry helpers only the tests use: a row stacking that hides instead of shortening, label
boxes of plain marks, and rectangle overlap."""

from __future__ import annotations

import math

from viewer.scene.marks import Mark
from viewer.scene.rows import stack_marks


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


def label_rects(marks: list[Mark], lane_top: float, row_height: float, label_offset: float) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of each drawn label, for tests and hit checks."""
    return [(m.x0 - label_offset - m.label_width if m.label_left else m.x1 + label_offset,
             lane_top + m.row * row_height, m.label_width, row_height)
            for m in marks if m.label_width > 0]


def rects_intersect(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
