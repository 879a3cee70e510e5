"""A picture drawn beneath everything else in the view, kept as pixels and copied back while what
determines it stays the same: the links overlay's web, which a search's highlight, a hover or a
stepping selection repaint with nothing of it changed (at a million events a few thousand curves,
and ~80 ms when the repaint's region is two panes: Qt's fast line drawing needs a rectangular
clip, and a region of two rectangles makes it blend every pixel as a span of its own).

The copy is exact, not a look-alike: the pixels are drawn as the view draws them (the same
painter settings, at the same whole-pixel offset from the device) onto the view's own background
colour, which is all that lies beneath the bottom item, and copied back unscaled."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPaintEngine, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView, QWidget


MARGIN_PX = 16
"""Pixels drawn around the clip in the kept image (see _placement)."""


class RasterCache:
    """The last picture painted through :meth:`paint`, as an image, and what it was drawn for.
    For the item the view paints first (nothing but the background beneath it)."""

    def __init__(self) -> None:
        self._image: QImage | None = None
        self._image_for: tuple | None = None
        self._drawn_for: tuple | None = None
        """What the last picture drawn straight onto the device was drawn for."""
        self.copies = 0
        """How many paints copied the kept picture (for tests)."""

    def paint(self, painter: QPainter, widget: QWidget | None, rect: QRectF, key: tuple,
              draw: Callable[[QPainter], None]) -> None:
        """Paint what ``draw`` draws, clipped to ``rect`` (in the painter's coordinates) and
        determined by ``key`` alone: drawn straight onto the device the first time (a frame
        after a range change is drawn once), kept as an image when the same picture is painted
        again or the repaint's clip is not a rectangle, and copied back from then on."""
        painter.setClipRect(rect)
        where = self._placement(painter, widget, rect)
        if where is None:  # an export, a scaled or translucent painter: no copy would be exact
            self._draw_by_rectangle(painter, rect, draw)
            return
        full_key = (key, *where)
        if self._image is not None and self._image_for == full_key:
            self._copy(painter, where)
            return
        if full_key != self._drawn_for and painter.paintEngine().systemClip().rectCount() <= 1:
            self._drawn_for, self._image = full_key, None
            draw(painter)
            return
        self._image, self._image_for = self._render(rect, where, draw), full_key
        self._copy(painter, where)

    @staticmethod
    def _draw_by_rectangle(painter: QPainter, rect: QRectF, draw: Callable[[QPainter], None]) -> None:
        """Draw clipped to each rectangle of the repaint's region in turn: the same pixels, drawn
        the fast way (a high-density screen's repaint of both panes, say)."""
        region = painter.paintEngine().systemClip()
        inverse, invertible = painter.deviceTransform().inverted()
        if region.rectCount() <= 1 or not invertible or painter.deviceTransform().isRotating():
            draw(painter)
            return
        for part in region:
            painter.setClipRect(rect)
            painter.setClipRect(inverse.mapRect(QRectF(part)), Qt.ClipOperation.IntersectClip)
            draw(painter)
        painter.setClipRect(rect)

    @staticmethod
    def _placement(painter: QPainter, widget: QWidget | None, rect: QRectF) -> tuple | None:
        """(device offset x, y, the device rectangle covered, background colour) when a copy
        would be pixel-for-pixel what drawing paints (Qt's own raster engine, whole-pixel
        offsets, nothing translucent), else None."""
        view = widget.parentWidget() if widget is not None else None
        transform = painter.deviceTransform()
        if (not isinstance(view, QGraphicsView) or painter.paintEngine().type() != QPaintEngine.Type.Raster
                or transform.type().value > QTransform.TransformationType.TxTranslate.value or painter.opacity() != 1.0 or painter.compositionMode() != QPainter.CompositionMode.CompositionMode_SourceOver):
            return None
        dx, dy = transform.dx(), transform.dy()
        brush = view.backgroundBrush()
        if dx != round(dx) or dy != round(dy) or brush.style() != Qt.BrushStyle.SolidPattern or rect.isEmpty():
            return None
        # a margin past the clip: Qt cuts lines at its device's edges (a little outside them),
        # and a cut moves the pixels of the rest of the line; none reaches this far
        device = rect.translated(dx, dy).toAlignedRect().adjusted(-MARGIN_PX, -MARGIN_PX, MARGIN_PX, MARGIN_PX)
        return dx, dy, device.getRect(), brush.color().rgba()

    @staticmethod
    def _render(rect: QRectF, where: tuple, draw: Callable[[QPainter], None]) -> QImage:
        dx, dy, (left, top, width, height), background = where
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor.fromRgba(background))
        painter = QPainter(image)
        # the device's coordinates, shifted by whole pixels: every pixel lands as it would there
        painter.setTransform(QTransform.fromTranslate(dx - left, dy - top))
        painter.setClipRect(rect)
        draw(painter)
        painter.end()
        return image

    def _copy(self, painter: QPainter, where: tuple) -> None:
        dx, dy, (left, top, _, _), _ = where
        painter.drawImage(QPointF(left - dx, top - dy), self._image)
        self.copies += 1
