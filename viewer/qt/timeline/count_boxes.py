"""Count boxes: the boxes that stand for several events at once, each with its count, painted in
one batch per fill for the plain ones and one by one for those selected, lit or linked. Keeps the
measured counts per device (an export's DPI is not the screen's)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText

from viewer.qt.timeline.lane_colours import Palette
from viewer.scene.clusters import DENSITY_ALPHAS, count_text, density_levels_of, log_half
from viewer.scene.lanes import CLUSTER_MIN_WIDTH, Lane


class CountBoxes:
    """Paints a pane's count boxes with its header font, measuring counts in its bold label font."""

    def __init__(self, header_font: QFont, bold_metrics: QFontMetricsF):
        self.header_font, self.bold_metrics = header_font, bold_metrics
        self.dpi = 0
        self._count_widths: dict[str, float] = {}
        self._count_advances: dict[tuple[int, str], float] = {}
        self._count_texts: dict[str, QStaticText] = {}
        self.badges: dict[int, tuple[float, float, QStaticText]] = {}
        """Count -> what :meth:`count_badge` says, for the device last painted."""

    def begin(self, dpi: int) -> None:
        """The device about to be painted: counts measured on another one are measured again."""
        if dpi != self.dpi:
            self.badges.clear()  # their drawn widths are the device's
        self.dpi = dpi

    def paint_plain(self, painter: QPainter, lane: Lane, plain: np.ndarray, colour: QColor, rect: QRectF,
                    palette: Palette, header: QFontMetricsF) -> None:
        """The unselected, unhighlighted clusters ``plain`` (positions in the lane's marks) in one
        batch: one pen, brush and font for all, boxes in one call per fill. A dense lane at full
        view is hundreds of these per frame: their boxes and fills are worked out with numpy, and
        only the Qt calls are made one by one."""
        marks = lane.arrays
        x0 = marks.x0[plain]
        width = np.maximum(marks.x1[plain] - x0, CLUSTER_MIN_WIDTH)
        y = lane.row_centres[plain]
        counts = marks.counts[plain]
        painter.setPen(QPen(colour, 1))
        boxes = [QRectF(a, b, w, 16) for a, b, w in zip(x0.tolist(), (y - 8).tolist(), width.tolist())]
        # square boxes need no antialiasing, and Qt fills them several times faster without
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # the fuller a box, the stronger its fill: a row of boxes reads as the lane's density
        levels = density_levels_of(counts, np.array([log_half(c) for c in counts.tolist()]))
        for level, alpha in enumerate(DENSITY_ALPHAS):
            chosen = np.flatnonzero(levels == level).tolist()
            if chosen:
                painter.setBrush(palette.density_fill(colour, alpha))
                painter.drawRects([boxes[j] for j in chosen])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_counts(painter, x0, width, y, counts, rect, QColor(palette.theme.text), header)

    def _paint_counts(self, painter: QPainter, x0: np.ndarray, width: np.ndarray, y: np.ndarray,
                     counts: np.ndarray, rect: QRectF, ink: QColor, header: QFontMetricsF) -> None:
        """Each box's count, where the box is wide enough, centred by hand (drawText into a
        rectangle with an alignment costs twice as much), placed by its top, not its baseline.
        A box running off the pane (long events across the view) has its count in the part that shows."""
        painter.setFont(self.header_font)
        painter.setPen(ink)
        top = (header.ascent() - header.descent()) / 2 - header.ascent()
        badges = self.badges
        left, right = np.maximum(x0, rect.left()), np.minimum(x0 + width, rect.right())
        for centre, room, at, count in zip(((left + right) / 2).tolist(), (right - left).tolist(), (y + top).tolist(),
                                           counts.tolist()):
            badge = badges.get(count) or self.count_badge(count, header)
            if room >= badge[0]:
                painter.drawStaticText(QPointF(centre - badge[1] / 2, at), badge[2])

    def count_badge(self, count: int, header: QFontMetricsF) -> tuple[float, float, QStaticText]:
        """(room needed, drawn width, static text) of an aggregate's count, kept for the device
        being painted: the room in the bold label font, the width in the header font. A static
        text keeps its glyph layout: a third of drawText's cost, and a busy pane draws a hundred
        or more counts a frame."""
        text = count_text(count)
        width = self._count_widths.get(text)
        if width is None:
            width = self._count_widths[text] = self.bold_metrics.horizontalAdvance(text)
        key = (self.dpi, text)
        drawn = self._count_advances.get(key)
        if drawn is None:
            drawn = self._count_advances[key] = header.horizontalAdvance(text)
        static = self._count_texts.get(text)
        if static is None:
            static = self._count_texts[text] = QStaticText(text)
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        badge = self.badges[count] = (width, drawn, static)
        return badge

    def paint_one(self, painter: QPainter, x0: float, x1: float, count: int, y: float, colour: QColor,
                  theme, highlighted: bool, selected: bool, rect: QRectF) -> None:
        """A count box drawn on its own: highlighted (a ring around it), holding the selection, or
        the box of long events across the view (its count in the part of it that shows)."""
        # cut to just beyond the pane: the box of long events across the view is thousands of
        # pixels long, and an antialiased rounded rectangle that long costs a frame's tenth
        left, right = max(x0, rect.left() - 8), min(max(x1, x0 + CLUSTER_MIN_WIDTH), rect.right() + 8)
        box = QRectF(left, y - 8, max(right - left, 0.0), 16)
        if highlighted:  # a ring around the box: its own fill stays in the track's colour
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.highlight))
            painter.drawRoundedRect(box.adjusted(-3, -3, 3, 3), 8, 8)
            painter.setBrush(QColor(theme.background))
            painter.drawRoundedRect(box, 6, 6)
        fill = QColor(colour)
        fill.setAlpha(90)
        painter.setBrush(fill)
        painter.setPen(QPen(QColor(theme.selection), 2.5) if selected else QPen(colour, 1))
        painter.drawRoundedRect(box, 6, 6)
        painter.setFont(self.header_font)
        painter.setPen(QColor(theme.text))
        text = count_text(count)
        shown = box.intersected(QRectF(rect.left(), box.top(), rect.width(), box.height()))
        if shown.width() >= self.bold_metrics.horizontalAdvance(text):
            painter.drawText(shown, int(Qt.AlignmentFlag.AlignCenter), text)
