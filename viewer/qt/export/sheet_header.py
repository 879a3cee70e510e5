"""The export sheet's header: the tracks' legend and the verdict summary, as rows of coloured
swatches with text beside them, painted directly so that text stays text in SVG and PDF."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from viewer.core.claims import DISPUTED, INFERRED
from viewer.core.theme import Theme
from viewer.qt.timeline.claim_marks import paint_disputed_badge, paint_inferred_ring


class SwatchRow(QWidget):
    """Coloured swatches with text beside them, painted directly (text stays text in SVG).

    The row wraps onto more lines when it is narrower than its one-line width (height for
    width), continuing under the first swatch, so a narrow sheet never cuts a label off."""

    SWATCH = 12
    GAP = 6
    """Between a swatch and its text."""
    SPACING = 18
    """Between one item's text and the next swatch."""

    def __init__(self, items: list[tuple[str, str]], theme: Theme, heading: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.items = items
        self.heading = heading
        self._theme = theme
        self._font = QFont()
        self._font.setPointSizeF(10.0)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _metrics(self) -> tuple[float, list[float], float]:
        """(indent of the first swatch, each item's width, line height)."""
        metrics, bold = QFontMetricsF(self._font), QFontMetricsF(self._bold)
        indent = bold.horizontalAdvance(self.heading) + 12 if self.heading else 0.0
        widths = [self.SWATCH + self.GAP + metrics.horizontalAdvance(text) for _, text in self.items]
        return indent, widths, max(metrics.height(), bold.height()) + 4

    def _layout(self, width: float | None = None) -> tuple[list[tuple[float, float, str, str]], float, float]:
        """Items placed as (x, top, colour, text) within ``width`` (one line when None), plus the
        width used and the total height."""
        indent, widths, line = self._metrics()
        x, y, used, placed = indent, 0.0, indent, []
        for (colour, text), w in zip(self.items, widths):
            if width is not None and x > indent and x + w > width:
                x, y = indent, y + line
            placed.append((x, y, colour, text))
            used = max(used, x + w)
            x += w + self.SPACING
        return placed, used, y + line

    def sizeHint(self) -> QSize:  # noqa: N802
        _, width, height = self._layout()
        return QSize(math.ceil(width) + 2, math.ceil(height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """The heading and the widest item: narrower than that a label would be cut."""
        indent, widths, line = self._metrics()
        return QSize(math.ceil(indent + max(widths, default=0)) + 2, math.ceil(line))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return math.ceil(self._layout(width - 2)[2])

    def line_count(self, width: int | None = None) -> int:
        placed, _, _ = self._layout((self.width() if width is None else width) - 2)
        return len({y for _, y, _, _ in placed}) or 1

    def paintEvent(self, _event) -> None:  # noqa: N802
        placed, _, _ = self._layout(self.width() - 2)
        _, _, line = self._metrics()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        baseline = line / 2 + QFontMetricsF(self._font).ascent() / 2 - 1
        if self.heading:
            painter.setFont(self._bold)
            painter.setPen(QColor(self._theme.text))
            painter.drawText(QPointF(0, baseline), self.heading)
        painter.setFont(self._font)
        for x, top, colour, text in placed:
            swatch = QRectF(x, top + line / 2 - self.SWATCH / 2, self.SWATCH, self.SWATCH)
            self._paint_swatch(painter, swatch, colour)
            painter.setFont(self._font)
            painter.setPen(QColor(self._theme.text))
            painter.drawText(QPointF(x + self.SWATCH + self.GAP, top + baseline), text)
        painter.end()


    def _paint_swatch(self, painter: QPainter, swatch: QRectF, colour: str) -> None:
        """A colour chip, or the timeline's mark for a disputed or an inferred event (``MARK_SWATCHES``)."""
        theme = self._theme
        if colour == MARK_SWATCHES[DISPUTED]:
            centre = swatch.center()
            paint_disputed_badge(painter, centre.x(), centre.y(), QColor(theme.disputed), QColor(theme.background),
                                 swatch.width() / 2)
        elif colour == MARK_SWATCHES[INFERRED]:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.muted))
            painter.drawEllipse(swatch.center(), 2.5, 2.5)
            paint_inferred_ring(painter, swatch.adjusted(0.5, 0.5, -0.5, -0.5), QColor(theme.text), round_=True)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(swatch, 2, 2)


MARK_SWATCHES = {DISPUTED: "mark:disputed", INFERRED: "mark:inferred"}
"""Swatch 'colours' that stand for the timeline's marks in a legend row."""


class SheetHeader(QWidget):
    """The legend and the verdict summary: side by side (verdicts flush right) when both fit on
    one line, else stacked, each wrapping within the sheet's width."""

    SPACING = 24
    """Between the rows side by side."""
    STACK_GAP = 2
    """Between the rows stacked."""

    def __init__(self, legend: list[tuple[str, str]], verdicts: list[tuple[str, str]], theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.legend = SwatchRow(legend, theme, "Tracks", self)
        self.verdicts = SwatchRow(verdicts, theme, "How true is it?", self)
        self.verdicts.setVisible(bool(verdicts))
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _rows(self) -> list[SwatchRow]:
        return [r for r in (self.legend, self.verdicts) if not r.isHidden()]

    def side_by_side(self, width: int) -> bool:
        rows = self._rows()
        return sum(r.sizeHint().width() for r in rows) + self.SPACING * (len(rows) - 1) <= width

    def _geometries(self, width: int) -> list[tuple[SwatchRow, QRect]]:
        rows = self._rows()
        if self.side_by_side(width):
            first = rows[0].sizeHint() if rows else QSize()
            placed = [(rows[0], QRect(0, 0, first.width(), first.height()))] if rows else []
            for row in rows[1:]:
                hint = row.sizeHint()
                placed.append((row, QRect(width - hint.width(), 0, hint.width(), hint.height())))
            return placed
        placed, y = [], 0
        for row in rows:
            height = row.heightForWidth(width)
            placed.append((row, QRect(0, y, width, height)))
            y += height + self.STACK_GAP
        return placed

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = self._rows()
        return QSize(sum(r.sizeHint().width() for r in rows) + self.SPACING * max(len(rows) - 1, 0),
                     max((r.sizeHint().height() for r in rows), default=0))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        rows = self._rows()
        return QSize(max((r.minimumSizeHint().width() for r in rows), default=0),
                     max((r.minimumSizeHint().height() for r in rows), default=0))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max((rect.bottom() + 1 for _, rect in self._geometries(width)), default=0)

    def resizeEvent(self, _event) -> None:  # noqa: N802
        for row, rect in self._geometries(self.width()):
            row.setGeometry(rect)
