"""The export sheet as PDF (QPdfWriter), and the sheet fitted to a page (PDF or printer): vector,
text kept as text, so a reader can select and search it.

The writer's resolution is the sheet's logical DPI, as for SVG: fonts are sized in points, and a
device of another DPI would draw text at another size than the widths the layout measured. A PDF
page is the sheet's own size, or A4 / Letter landscape with the sheet scaled to fit and centred.
Printing (:mod:`viewer.qt.export.printing`) fits the sheet to the printer's page the same way.
This module builds no sheet: :mod:`viewer.qt.export.sheet` calls it with one laid out.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPoint, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter, QPicture
from PySide6.QtWidgets import QWidget

PAGES = ("sheet", "a4", "letter")
"""PDF page sizes: the sheet's own size, or A4 / Letter landscape with the sheet fitted and centred."""
PAGE_NAMES = {"sheet": "sheet-sized", "a4": "A4 landscape", "letter": "Letter landscape"}
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PAGE_MARGIN_MM = 10.0
"""Around a sheet fitted to a paper size (most printers cannot print to the edge)."""
POINTS_PER_INCH = 72.0


class PdfError(Exception):
    """The PDF could not be made (the sheet module reports it as an ExportError)."""


def paint_fitted(painter: QPainter, sheet: QWidget, area: QRectF, printer: bool = False) -> None:
    """Paint the sheet scaled (never stretched) to fit ``area``, centred in it. ``printer``: the
    painter draws on a QPrinter."""
    fit = min(area.width() / sheet.width(), area.height() / sheet.height())
    painter.save()
    painter.translate(area.x() + (area.width() - sheet.width() * fit) / 2,
                      area.y() + (area.height() - sheet.height() * fit) / 2)
    painter.scale(fit, fit)
    if printer:
        # QWidget.render draws onto a printer through a screen-resolution pixmap: record the
        # drawing instead and play it back, so the page gets vectors and text
        picture = QPicture()
        recorder = QPainter(picture)
        sheet.render(recorder, QPoint(0, 0))
        recorder.end()
        painter.drawPicture(0, 0, picture)
    else:
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
        raise PdfError(f"the PDF writer refused a {page} page")


def render_pdf(sheet: QWidget, page: str, title: str) -> bytes:
    """The laid-out sheet as one PDF page (see the module's docstring)."""
    if page not in PAGES:
        raise PdfError(f"unknown page size {page!r}; use one of {', '.join(PAGES)}")
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
        raise PdfError("the PDF writer could not start a page")
    try:
        # the painter's origin is already the printable area's corner (the margins are the layout's)
        area = writer.pageLayout().paintRectPixels(writer.resolution())
        paint_fitted(painter, sheet, QRectF(0, 0, area.width(), area.height()))
    finally:
        painter.end()
    buffer.close()
    return bytes(data)
