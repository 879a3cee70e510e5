"""The export sheet as PDF (QPdfWriter) and on paper (QPrinter): vector, text kept as text.

Both paint the same sheet :mod:`viewer.qt.export.sheet` renders to PNG and SVG. The device's
resolution is set to the sheet's logical DPI, as for SVG: fonts are sized in points, and a device
of another DPI would draw text at another size than the widths the layout measured. A PDF page is
the sheet's own size, or A4 / Letter landscape with the sheet scaled to fit and centred; a printed
page is the printer's, fitted the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPoint, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from viewer.qt.export.sheet import (DEFAULT_LOGICAL_SIZE, PAGES, ExportError, ExportOptions, dispose,
                                    resolve_size, sheet_fitting_titles)
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import TimelineView

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PAGE_MARGIN_MM = 10.0
"""Around a sheet fitted to a paper size (most printers cannot print to the edge)."""
SHEET_EXTRA_HEIGHT = 90
"""Title, subtitle and footer the sheet adds around what the window shows."""
POINTS_PER_INCH = 72.0


def view_logical_size(area: QWidget) -> tuple[int, int]:
    """The size a sheet of the window's view takes: the view area's (header and panes) plus the
    sheet's title and footer, in logical pixels; the default for a view too small to go by."""
    if area.width() < 200 or area.height() < 200:
        return DEFAULT_LOGICAL_SIZE
    return area.width(), area.height() + SHEET_EXTRA_HEIGHT


def view_options(state: ViewState, timeline: TimelineView, view_area: QWidget) -> ExportOptions:
    """What the window shows now, as the Export dialog's defaults describe it: the visible ranges,
    the hidden tracks, the selection and the theme, at the view's size."""
    return ExportOptions(
        scale=1.0, logical_size=view_logical_size(view_area), whole=False,
        calendar_range=timeline.calendar.x_range(), narrative_range=timeline.narrative.x_range(),
        ranges_from_view=True, selected=state.selected if state.selected and state.dataset.has_event(state.selected)
        else None, hidden_tracks=frozenset(state.hidden_tracks), theme=state.theme)


def paint_fitted(painter: QPainter, sheet: QWidget, area: QRectF) -> None:
    """Paint the sheet scaled (never stretched) to fit ``area``, centred in it."""
    fit = min(area.width() / sheet.width(), area.height() / sheet.height())
    painter.save()
    painter.translate(area.x() + (area.width() - sheet.width() * fit) / 2,
                      area.y() + (area.height() - sheet.height() * fit) / 2)
    painter.scale(fit, fit)
    sheet.render(painter, QPoint(0, 0))
    painter.restore()


def _set_page(writer: QPagedPaintDevice, sheet: QWidget, page: str) -> None:
    """The sheet's own size at its DPI, no margins; or a paper size landscape, with margins."""
    if page == "sheet":
        dpi = sheet.logicalDpiX()
        size = QSizeF(sheet.width() * POINTS_PER_INCH / dpi, sheet.height() * POINTS_PER_INCH / dpi)
        layout = QPageLayout(QPageSize(size, QPageSize.Unit.Point, "Sheet", QPageSize.SizeMatchPolicy.ExactMatch),
                             QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    else:
        layout = QPageLayout(QPageSize(PAGE_SIZES[page]), QPageLayout.Orientation.Landscape,
                             QMarginsF(*[PAGE_MARGIN_MM] * 4), QPageLayout.Unit.Millimeter)
    if not writer.setPageLayout(layout):
        raise ExportError(f"the PDF writer refused a {page} page")


def render_pdf(sheet: QWidget, page: str, title: str) -> bytes:
    """The laid-out sheet as one PDF page (see the module's docstring)."""
    if page not in PAGES:
        raise ExportError(f"unknown page size {page!r}; use one of {', '.join(PAGES)}")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Factline")
    writer.setResolution(sheet.logicalDpiX())
    _set_page(writer, sheet, page)
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("the PDF writer could not start a page")
    try:
        paint_fitted(painter, sheet, QRectF(writer.pageLayout().paintRectPixels(writer.resolution())))
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


def new_printer() -> QPrinter:
    """A printer at the platform's default, landscape (the sheet is wider than tall)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def print_sheet(printer: QPrinter, state: ViewState, options: ExportOptions) -> None:
    """Build the sheet for ``options`` and print it on one page, fitted to the printable area."""
    _, _, _, logical_w, logical_h = resolve_size(options)
    sheet = sheet_fitting_titles(state.dataset, options, logical_w, logical_h, state.columns)
    try:
        printer.setResolution(sheet.logicalDpiX())  # see the module's docstring
        printer.setDocName(state.dataset.title)
        painter = QPainter()
        if not painter.begin(printer):
            raise ExportError(f"cannot print to {printer.printerName() or printer.outputFileName() or 'the printer'}")
        try:
            paint_fitted(painter, sheet, QRectF(printer.pageRect(QPrinter.Unit.DevicePixel)).translated(
                -printer.pageRect(QPrinter.Unit.DevicePixel).topLeft()))
        finally:
            painter.end()
    finally:
        dispose(sheet)


def print_view(parent: QWidget, printer: QPrinter, state: ViewState, timeline: TimelineView,
               view_area: QWidget) -> bool:
    """File ▸ Print…: ask for the printer, then print what the window shows. False when cancelled;
    ExportError when printing fails."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print timeline")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_sheet(printer, state, view_options(state, timeline, view_area))
    return True
