"""The marks of an event's standing among its sources: a '?' badge on an event whose claims the
sources dispute, a dotted ring around one that is our inference. The timeline's lanes, the legend
and the export's key all draw them with these, so they look the same everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from viewer.scene.lanes import BAR_HEIGHT, CLUSTER_MIN_WIDTH, MARKER_RADIUS, Lane

if TYPE_CHECKING:
    from viewer.qt.timeline.paint_context import PaintContext, SingleMark


def paint_disputed_badge(painter: QPainter, x: float, y: float, colour: QColor, background: QColor,
                         radius: float = 5.5) -> None:
    """The mark of an event whose claims the sources dispute: a '?' in a small disc centred on
    (x, y), ringed in the background colour so it reads on a bar, a box or the lane."""
    painter.setPen(QPen(background, 1.2))
    painter.setBrush(colour)
    painter.drawEllipse(QPointF(x, y), radius, radius)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(int(radius * 1.7), 6))
    painter.setFont(font)
    painter.setPen(background)
    painter.drawText(QRectF(x - radius, y - radius, 2 * radius, 2 * radius), int(Qt.AlignmentFlag.AlignCenter), "?")


def paint_inferred_ring(painter: QPainter, rect: QRectF, colour: QColor, round_: bool) -> None:
    """The mark of an event that is our inference: a dotted outline around its marker (a ring)
    or its bar (a rounded rectangle)."""
    pen = QPen(colour, 1.3, Qt.PenStyle.DotLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if round_:
        painter.drawEllipse(rect)
    else:
        painter.drawRoundedRect(rect, 4, 4)


def clipped(x0: float, x1: float, rect: QRectF) -> tuple[float, float]:
    """An extent cut to a little beyond the pane ``rect`` (ends off screen stay off screen)."""
    return max(x0, rect.left() - 20), min(x1, rect.right() + 20)


def marked(lane: Lane, kind: str) -> np.ndarray:
    """Per mark of the lane, whether it holds an event marked ``kind`` ('disputed' or 'inferred')."""
    flags = np.zeros(len(lane.arrays), dtype=bool)
    events = getattr(lane.columns, kind)
    if len(events):
        owners = lane.owners()[events]
        flags[owners[owners >= 0]] = True
    return flags


def paint_disputed_boxes(painter: QPainter, lane: Lane, boxes: np.ndarray, rect: QRectF, theme) -> None:
    """The '?' badge at the top right of each count box (a mask over the lane's marks) that
    holds an event the sources dispute (of a box running off the pane, where it shows)."""
    marks = lane.arrays
    for k in np.flatnonzero(boxes & marked(lane, "disputed")).tolist():
        right = min(max(float(marks.x1[k]), float(marks.x0[k]) + CLUSTER_MIN_WIDTH), rect.right() - 4)
        paint_disputed_badge(painter, right, float(lane.row_centres[k]) - 8, QColor(theme.disputed),
                             QColor(theme.background))


def paint_claim_marks(painter: QPainter, columns, mark: SingleMark, wide_point: bool, ctx: PaintContext, theme) -> None:
    """A dotted outline around an inferred event's mark, a '?' badge on a disputed one's (at its
    marker's top right, or at the start of the part of its bar that shows)."""
    i, y = mark.i, mark.y
    if mark.interval or wide_point:
        x0, x1 = clipped(float(columns.start[i] if mark.interval else columns.lo[i]) * ctx.scale + ctx.offset,
                         float(columns.end[i] if mark.interval else columns.hi[i]) * ctx.scale + ctx.offset, ctx.rect)
        half = (BAR_HEIGHT + (6 if mark.on_bar else 0)) / 2 if mark.interval else 8
        ring, badge = QRectF(x0 - 3, y - half - 3, max(x1 - x0, 3) + 6, 2 * half + 6), (max(x0, ctx.rect.left()) + 5, y - half)
    else:
        r = MARKER_RADIUS + 3
        ring, badge = QRectF(mark.point - r, y - r, 2 * r, 2 * r), (mark.point + MARKER_RADIUS, y - MARKER_RADIUS)
    if mark.inferred:
        paint_inferred_ring(painter, ring, QColor(theme.text), round_=not (mark.interval or wide_point))
    if mark.disputed:
        paint_disputed_badge(painter, badge[0], badge[1], QColor(theme.disputed), QColor(theme.background))
