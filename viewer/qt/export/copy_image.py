"""Edit ▸ Copy image: the export sheet at the current view, as an image for the clipboard.

The sheet, not a grab of the window's widget: it carries the dataset's title, the legend and the
footer naming the ranges and sources, so a pasted picture says what it shows (as an export does).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from viewer.qt.export.printing import SHEET_EXTRA_HEIGHT
from viewer.qt.export.sheet import MIN_LOGICAL_SIZE, ExportError, ExportOptions, build_sheet, dispose
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import TimelineView


def view_options(state: ViewState, timeline: TimelineView, view_area: QWidget) -> ExportOptions:
    """What the window shows now: its ranges, selection, hidden tracks and theme, at the size of
    its timeline column (plus the sheet's title and footer)."""
    size = (max(view_area.width(), MIN_LOGICAL_SIZE[0]),
            max(view_area.height() + SHEET_EXTRA_HEIGHT, MIN_LOGICAL_SIZE[1]))
    return ExportOptions(scale=1.0, logical_size=size, whole=False, calendar_range=timeline.calendar.x_range(),
                         narrative_range=timeline.narrative.x_range(), ranges_from_view=True,
                         selected=state.selected, hidden_tracks=frozenset(state.hidden_tracks), theme=state.theme)


def view_image(state: ViewState, timeline: TimelineView, view_area: QWidget, scale: float = 1.0) -> QImage:
    """The sheet at the current view, ``scale`` device pixels per logical pixel (the screen's)."""
    options = view_options(state, timeline, view_area)
    width, height = options.logical_size
    sheet = build_sheet(state.dataset, options, width, height, state.columns)
    try:
        image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
        if image.isNull():
            return image
        image.setDevicePixelRatio(scale)
        # the sheet's DPI, so point-sized fonts measure as the layout did
        image.setDotsPerMeterX(round(sheet.logicalDpiX() / 0.0254))
        image.setDotsPerMeterY(round(sheet.logicalDpiY() / 0.0254))
        image.fill(sheet.palette().color(QPalette.ColorRole.Window))
        QWidget.render(sheet, image, QPoint(0, 0))
        return image
    finally:
        dispose(sheet)


def copy_view(state: ViewState, timeline: TimelineView, view_area: QWidget, scale: float = 1.0) -> str:
    """Put :func:`view_image` on the clipboard; what to tell the user (done, or why not)."""
    try:
        image = view_image(state, timeline, view_area, scale)
    except ExportError as exc:
        return f"Could not copy the view: {exc}"
    if image.isNull():
        return "Could not copy the view: not enough memory for the picture"
    QApplication.clipboard().setImage(image)
    return f"Copied the view as a picture ({image.width()}×{image.height()} px)"
