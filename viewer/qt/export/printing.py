"""File ▸ Print…: the export sheet of what the window shows, fitted to the printer's page.

The same sheet as File ▸ Export's defaults (the visible ranges, hidden tracks, selection and theme,
at the view's size), drawn as vectors and text (see :func:`viewer.qt.export.pdf.paint_fitted`).
The printer's resolution is set to the sheet's DPI, as for PDF: fonts are sized in points.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from viewer.qt.export.pdf import paint_fitted
from viewer.qt.export.sheet import (DEFAULT_LOGICAL_SIZE, ExportError, ExportOptions, dispose, resolve_size,
                                    sheet_fitting_titles)
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import TimelineView

SHEET_EXTRA_HEIGHT = 90
"""Title, subtitle and footer the sheet adds around what the window shows."""


def view_logical_size(area: QWidget) -> tuple[int, int]:
    """The size a sheet of the window's view takes: the view area's (header and panes) plus the
    sheet's title and footer, in logical pixels; the default for a view too small to go by."""
    if area.width() < 200 or area.height() < 200:
        return DEFAULT_LOGICAL_SIZE
    return area.width(), area.height() + SHEET_EXTRA_HEIGHT


def view_options(state: ViewState, timeline: TimelineView, view_area: QWidget) -> ExportOptions:
    """What the window shows now, as the Export dialog's defaults describe it."""
    selected = state.selected if state.selected and state.dataset.has_event(state.selected) else None
    return ExportOptions(
        scale=1.0, logical_size=view_logical_size(view_area), whole=False,
        calendar_range=timeline.calendar.x_range(), narrative_range=timeline.narrative.x_range(),
        ranges_from_view=True, selected=selected, hidden_tracks=frozenset(state.hidden_tracks), theme=state.theme)


def new_printer() -> QPrinter:
    """A printer at the platform's default, landscape (the sheet is wider than tall)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def print_sheet(printer: QPrinter, state: ViewState, options: ExportOptions) -> None:
    """Build the sheet for ``options`` and print it on one page, fitted to the printable area;
    ExportError when the printer cannot be started."""
    _, _, _, logical_w, logical_h = resolve_size(options)
    sheet = sheet_fitting_titles(state.dataset, options, logical_w, logical_h, state.columns)
    try:
        printer.setResolution(sheet.logicalDpiX())
        printer.setDocName(state.dataset.title)
        painter = QPainter()
        if not painter.begin(printer):
            raise ExportError(f"cannot print to {printer.printerName() or printer.outputFileName() or 'the printer'}")
        try:  # the painter's origin is the printable area's corner
            paint_fitted(painter, sheet, QRectF(QPointF(0, 0), printer.pageRect(QPrinter.Unit.DevicePixel).size()),
                         printer=True)
        finally:
            painter.end()
    finally:
        dispose(sheet)


def print_view(parent: QWidget, printer: QPrinter, state: ViewState, timeline: TimelineView,
               view_area: QWidget) -> bool:
    """Ask for the printer, then print what the window shows. False when cancelled; ExportError
    when printing fails."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print timeline")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_sheet(printer, state, view_options(state, timeline, view_area))
    return True
