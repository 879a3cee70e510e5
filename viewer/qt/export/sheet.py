"""Export the timeline as PNG, SVG or PDF (and the events as CSV): an offscreen "export sheet" rendered at any size.

The sheet is an ordinary widget (title, legend, verdict summary, a TimelineView with its own
ViewState, a footer citing the sources) laid out at a *logical* size and rendered onto QImages
whose device-pixel ratio is the requested scale. A large PNG is rendered in horizontal bands
and written row by row (pypng), so the whole picture is never in memory at once (see
``plan_bands``). Rendering the whole widget at a higher ratio
scales everything together — labels, markers, lines and axes — and keeps text sharp, which
pyqtgraph's ImageExporter does not do for a custom item's labels (see shared qt-notes). SVG goes
through QSvgGenerator rendering the same widget, so text stays ``<text>``; PDF through QPdfWriter
(:mod:`viewer.qt.export.pdf`), so text stays selectable. CSV lists the events
(:mod:`viewer.interchange.csv_out`) and draws nothing.

Files are written atomically (viewer.core.files); any failure leaves an existing target untouched
and raises :class:`ExportError` naming the path and the reason.
"""

from __future__ import annotations

import gc
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import png
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QImageWriter, QPalette, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QVBoxLayout, QWidget

from viewer.core.claims import DISPUTED, INFERRED, disputed_rows, inferred_rows
from viewer.core.files import WriteError, check_target, write_atomically
from viewer.core.ranges import describe_days, describe_episodes, describe_view_days, episode_count
from viewer.memory import return_free_memory
from viewer.core.model import AxisKind, Dataset
from viewer.qt.state import ViewState
from viewer.core.theme import LIGHT, Theme
from viewer.scene.bands import Band, plan_bands
from viewer.scene.columns import TrackColumns
from viewer.qt.timeline.view import Pane, TimelineView
from viewer.core.words import count, number
from viewer.interchange.csv_out import events_csv_bytes
from viewer.qt.export.pdf import PAGE_NAMES, PAGES, PdfError, render_pdf
from viewer.qt.export.sheet_header import MARK_SWATCHES, SheetHeader

FORMATS = (".png", ".svg", ".pdf", ".csv")
DEFAULT_LOGICAL_SIZE = (1600, 900)
"""Logical size of a sheet when neither the window nor the caller says otherwise (scale 1)."""
MIN_LOGICAL_SIZE = (480, 320)
"""Below this the sheet's header, legend and panes no longer fit."""
MAX_PIXELS = 16384
"""Largest width or height we render (QImage and memory limits; 16k × 16k is ~1 GB)."""
SETTLE_PASSES = 4
"""Event-loop passes before rendering: axes widen on a later layout pass (see qt-notes)."""
PNG_QUALITY = 80
"""QImageWriter quality for PNG: Qt maps it to zlib level (100 - q) * 9 / 91, so 80 is level 1.
Encoding is faster than Qt's default (level 6 or so) for files ~15% larger: the sheet is mostly
flat colour, which any level compresses well."""
PNG_ZLIB_LEVEL = 1
"""The same level for the banded writer: the sheet is flat colour, which level 1 packs as well."""
RGB_BLOCK_ROWS = 64
"""Rows of a band converted to the PNG's RGB bytes at a time."""


class ExportError(Exception):
    """An export could not be made or written; the message names the path and the reason."""


@dataclass(frozen=True)
class ExportOptions:
    """What to draw and how big. Ranges are axis units (days since 1970; episodes)."""

    width: int | None = None
    """Output width in pixels; with ``height``. Without ``scale`` the scale follows the size."""
    height: int | None = None
    scale: float | None = None
    """Device pixels per logical pixel (1, 2, 4 …); everything drawn grows with it."""
    logical_size: tuple[int, int] = DEFAULT_LOGICAL_SIZE
    """Sheet size in logical pixels used with ``scale`` alone (the window's size from the app)."""
    whole: bool = True
    """Fit every event (True) or keep the ranges given below / the view's ranges (False)."""
    calendar_range: tuple[float, float] | None = None
    narrative_range: tuple[float, float] | None = None
    ranges_from_view: bool = False
    """The ranges are where the window's view was (margins and all), not ranges the user typed:
    the subtitle then names them only as precisely as their span deserves."""
    selected: str | None = None
    """Event id drawn as selected (highlighted)."""
    hidden_tracks: frozenset[str] = field(default_factory=frozenset)
    theme: Theme = LIGHT
    page: str = "sheet"
    """PDF only: one of PAGES."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written."""

    path: Path
    width: int
    height: int
    scale: float
    bytes: int
    titles_cut: int = 0
    """Titles drawn cut short (ending in "…"): the picture had no room for them whole."""
    titles_left_out: int = 0
    """Titles of events drawn on their own (not in a count box) that had no room at all."""
    events: int | None = None
    """CSV: the number of event rows written (nothing is drawn)."""
    page: str | None = None
    """PDF: the page size (one of PAGES)."""

    def describe(self) -> str:
        """'1600×900 px, scale 1', 'A4 page', '42 events', then the file's size."""
        size = f"{self.bytes / 1024:,.0f} KiB" if self.bytes >= 1024 else f"{self.bytes} bytes"
        if self.events is not None:
            return f"{count(self.events, 'event')}, {size}"
        if self.page is not None:
            return f"{PAGE_NAMES.get(self.page, self.page)} page, {size}"
        return f"{self.width}×{self.height} px, scale {self.scale:g}, {size}"


# ---------------------------------------------------------------------------------------------
# Options: sizes, ranges, formats (plain numbers; no Qt)


def export_format(path: str | Path) -> str:
    """``png``, ``svg``, ``pdf`` or ``csv`` from the file name; ExportError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise ExportError(f"cannot export to {path}: unknown file type ({shown}); use .png, .svg, .pdf or .csv")
    return suffix[1:]


def resolve_size(options: ExportOptions) -> tuple[int, int, float, int, int]:
    """(pixel width, pixel height, scale, logical width, logical height) for the options.

    - ``scale`` alone: the logical size times the scale.
    - ``width``/``height`` alone: that many pixels; the scale is chosen so the sheet's layout is
      about the default 1600-pixel-wide design (never below 1), so a 4K picture is a sharper
      version of the same picture, not a sheet with tiny labels.
    - both: that many pixels at that scale (the logical size is pixels / scale).
    """
    width, height, scale = options.width, options.height, options.scale
    if (width is None) != (height is None):
        raise ExportError("give both a width and a height in pixels (or neither)")
    if scale is not None and not (math.isfinite(scale) and 0.25 <= scale <= 16):
        raise ExportError(f"scale must be between 0.25 and 16, not {scale:g}")
    if width is None or height is None:
        scale = scale or 1.0
        lw, lh = (max(int(v), m) for v, m in zip(options.logical_size, MIN_LOGICAL_SIZE))
        width, height = round(lw * scale), round(lh * scale)
    else:
        if width <= 0 or height <= 0:
            raise ExportError(f"width and height must be positive, not {width}×{height}")
        if scale is None:
            scale = max(1.0, min(width / DEFAULT_LOGICAL_SIZE[0], height / DEFAULT_LOGICAL_SIZE[1]))
    if width > MAX_PIXELS or height > MAX_PIXELS:
        raise ExportError(f"{width}×{height} pixels is too large; at most {MAX_PIXELS} on a side")
    logical_w, logical_h = math.ceil(width / scale), math.ceil(height / scale)
    if logical_w < MIN_LOGICAL_SIZE[0] or logical_h < MIN_LOGICAL_SIZE[1]:
        raise ExportError(f"{width}×{height} pixels at scale {scale:g} leaves {logical_w}×{logical_h} logical "
                          f"pixels; the picture needs at least {MIN_LOGICAL_SIZE[0]}×{MIN_LOGICAL_SIZE[1]}")
    return width, height, float(scale), logical_w, logical_h


# ---------------------------------------------------------------------------------------------
# The sheet


class SheetTimeline(TimelineView):
    """The app's timeline, fitted for a sheet of any height and built once.

    - The data's extent is computed once per sheet (``full_range`` otherwise walks every event in
      Python on each fit; the sheet fits three times while it is built).
    - The panes share the height with a floor that yields when the sheet is short, so a pane's
      axis is never pushed out of the view (the app's split keeps a fixed 90-pixel floor)."""

    pane_floor_yields = True

    def full_range(self, pane: Pane) -> tuple[float, float]:
        if pane is self.narrative:
            return super().full_range(pane)  # from the episode count: cheap
        cached = getattr(self, "_calendar_range", None)
        if cached is None or cached[0] is not self._state.dataset:
            cached = self._calendar_range = (self._state.dataset, super().full_range(pane))
        return cached[1]

class ExportSheet(QWidget):
    """Title, legend and verdict summary, the timeline, and a footer citing the sources."""

    def __init__(self, dataset: Dataset, options: ExportOptions, parent: QWidget | None = None,
                 columns: dict[str, TrackColumns] | None = None):
        """``columns``: the dataset's columns when the caller has them (the window's ViewState),
        so the sheet does not index 100k events again."""
        super().__init__(parent)
        theme = options.theme
        if columns is not None and set(columns) == {t.id for t in dataset.tracks}:
            # start from the dataset without its events (nothing to index), then adopt the columns
            self.state = ViewState(Dataset(dataset.path, dataset.title, dataset.sources, dataset.tracks, ()), self)
            self.state.set_dataset(dataset, columns)
        else:
            self.state = ViewState(dataset, self)
        self.state.set_theme(theme)
        for track_id in options.hidden_tracks:
            self.state.set_track_hidden(track_id, True)
        if options.selected is not None:
            if not dataset.has_event(options.selected):
                raise ExportError(f"no event {options.selected!r} in {dataset.title}")
            self.state.select(options.selected)
        self.options = options

        palette = self.palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, QColor(theme.background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.text))
        palette.setColor(QPalette.ColorRole.Text, QColor(theme.text))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

        self.title = QLabel(dataset.title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a title is never markup
        title_font = QFont()
        title_font.setPointSizeF(16.0)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)  # a long title wraps rather than widening the sheet
        self.subtitle = QLabel("", self)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet(f"color: {theme.muted}")
        self.subtitle.setWordWrap(True)
        shown = [t for t in dataset.tracks if t.id not in self.state.hidden_tracks]
        counts = dataset.verdict_counts()
        total = sum(counts.values())
        marked = [(MARK_SWATCHES[kind], f"{kind} {n}") for kind, n in
                  ((DISPUTED, len(disputed_rows(dataset.events))), (INFERRED, len(inferred_rows(dataset.events)))) if n]
        self.header = SheetHeader([(t.color, t.name) for t in shown],
                                  [(theme.verdicts[v], f"{v.label} {n} ({100 * n / total:.0f}%)")
                                   for v, n in counts.items() if n] + marked, theme, self)
        self.legend, self.verdicts = self.header.legend, self.header.verdicts
        self.timeline = SheetTimeline(self.state, self)
        self.timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # pyqtgraph caches the background as a pixmap, which SVG and PDF would embed as a picture
        self.timeline.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.footer = QLabel("", self)
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setWordWrap(True)
        footer_font = QFont()
        footer_font.setPointSizeF(8.5)
        self.footer.setFont(footer_font)
        self.footer.setStyleSheet(f"color: {theme.muted}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.header)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.footer)

    def apply_ranges(self) -> None:
        """Fit everything, then narrow each pane to the options' range where one is given;
        the subtitle and footer then describe what is shown."""
        self.timeline.fit_all()  # which shares the height for the whole view
        narrowed = False
        if not self.options.whole:
            for pane, wanted in ((self.timeline.calendar, self.options.calendar_range),
                                 (self.timeline.narrative, self.options.narrative_range)):
                if wanted is not None:
                    pane.set_x_range(*wanted)
                    narrowed = True
        if narrowed:
            self.timeline.share_height()  # for what the titles need at these ranges
        shown = self.shown_rows()
        self.subtitle.setText(self._subtitle(len(shown)))
        self.footer.setText(self._footer(shown))

    def shown_event_ids(self) -> list[str]:
        """Events in the panes' current ranges on tracks that are not hidden."""
        return self.state.dataset.events.ids[self.shown_rows()].tolist()

    def shown_rows(self) -> np.ndarray:
        """Dataset rows of the events :meth:`shown_event_ids` lists (numpy: a sheet may show 1M):
        the events of the marks drawn in the panes, each once (every event in view is in one;
        a count box at the pane's edge may hold a few more)."""
        rows = [np.empty(0, dtype=np.int32)]
        for pane in self.timeline.panes:
            if not pane.plot.isVisible():
                continue
            scale, offset = pane.item.to_px()
            rect = pane.item.scene_rect()
            rows += [lane.columns.rows[lane.drawn_members(scale, offset, rect.left(), rect.right())]
                     for lane in pane.item.lanes()]
        return np.concatenate(rows)

    def titles_cut(self) -> tuple[list[str], list[str]]:
        """Ids of the events whose titles the sheet draws cut short (ending in "…"), and of those
        drawn on their own whose titles it leaves out."""
        cut, left_out = [], []
        for pane in self.timeline.panes:
            if pane.plot.isVisible():
                short, missing = pane.item.titles_cut()
                cut += short
                left_out += missing
        return cut, left_out

    def recount(self) -> None:
        """Say again how many events are shown, once the sheet's layout is final (its one-line
        subtitle keeps its height, so nothing moves)."""
        self.subtitle.setText(self._subtitle(len(self.shown_rows())))

    def _subtitle(self, shown: int) -> str:
        dataset = self.state.dataset
        kinds = {AxisKind.CALENDAR: "real events by date", AxisKind.NARRATIVE: "plot points by episode"}
        has = [kinds[a] for a in AxisKind if dataset.tracks_on(a)]
        text = " against ".join(has) + (" · curves link plot points to what inspired them" if dataset.links else "")
        text = text[:1].upper() + text[1:]
        if self.options.whole:
            return f"{text} · whole timeline, {count(shown, 'event')}"
        spans = []
        if self.timeline.calendar.plot.isVisible() and (self.options.calendar_range is not None
                                                       or self.options.narrative_range is None):
            describe = describe_view_days if self.options.ranges_from_view else describe_days
            spans.append(describe(*self.timeline.calendar.x_range()))
        if self.timeline.narrative.plot.isVisible() and self.options.narrative_range is not None:
            spans.append(describe_episodes(*self.timeline.narrative.x_range(), episode_count(dataset)))
        span = ", ".join(spans) or "part"
        return f"{text} · {span}, {number(shown)} of {count(len(dataset.events), 'event')} shown"

    def _footer(self, shown: np.ndarray, max_lines: int | None = None) -> str:
        """'Sources: title — publisher, date; …' for the events shown (dataset rows), most cited
        first, cut to what fits in a few lines with a count of the rest (every source is in the
        dataset file)."""
        dataset = self.state.dataset
        cited = dataset.events.citations_by_source(shown)
        order = sorted(cited, key=lambda s: -cited[s])  # stable: file order among equals
        lines = [dataset.sources[s].citation_line for s in order if s in dataset.sources]
        if not lines:
            return "Sources: none cited by the events shown."
        if max_lines is None:  # a short sheet keeps its height for the timeline
            max_lines = 3 if self.height() >= 480 else 2 if self.height() >= 380 else 1
        metrics = QFontMetricsF(self.footer.font())
        width = max(self.width() - 40, 200)
        limit = metrics.lineSpacing() * max_lines + 1
        wrap = int(Qt.TextFlag.TextWordWrap)
        text = ""
        for listed in range(1, len(lines) + 1):
            rest = len(lines) - listed
            candidate = "Sources: " + "; ".join(lines[:listed]) + (
                f"; and {count(rest, 'more source')} listed in the dataset." if rest else ".")
            if text and metrics.boundingRect(QRectF(0, 0, width, 1e6), wrap, candidate).height() > limit:
                break
            text = candidate
        return text


def _settle(widget: QWidget) -> None:
    """Lay the hidden sheet out for real. Layouts give hidden children their geometry but only
    queue their resize events; rendering delivers them (Qt's own path for hidden widgets), and the
    timeline's scene follows its view's size only then. A 1-pixel render does that cheaply; a few
    event-loop passes then let the axes widen and the layout settle (see qt-notes)."""
    app = QApplication.instance()
    scratch = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    for _ in range(SETTLE_PASSES):
        widget.layout().activate()
        QWidget.render(widget, scratch, QPoint(), QRegion(0, 0, 1, 1))
        app.processEvents()


def build_sheet(dataset: Dataset, options: ExportOptions, logical_w: int, logical_h: int,
                columns: dict[str, TrackColumns] | None = None) -> ExportSheet:
    """Build, size and settle the sheet, ready to render; ExportError if it does not come out
    exactly ``logical_w`` × ``logical_h`` with every part inside. ``columns``: the dataset's
    columns when the caller already has them (see ExportSheet)."""
    if QApplication.instance() is None:
        raise ExportError("exporting needs a QApplication (the CLI creates one, offscreen)")
    sheet = ExportSheet(dataset, options, columns=columns)
    # never shown: a hidden widget renders fine once laid out, and showing a top-level window on
    # the offscreen platform logs a warning (and would flash a window on a real display)
    sheet.resize(logical_w, logical_h)
    sheet.ensurePolished()
    _settle(sheet)
    sheet.apply_ranges()  # after the first layout: the footer fits its text to the sheet's width
    _settle(sheet)
    # lay the marks out now, before the picture's pixels exist: at a million events a layout's
    # working arrays and a 4K picture would otherwise be held at once
    for pane in sheet.timeline.panes:
        pane.item.lanes()
    sheet.recount()
    sheet.timeline.links.end_arrays()
    return_free_memory()
    problem = sheet_problem(sheet, logical_w, logical_h)
    if problem:
        dispose(sheet)
        raise ExportError(f"cannot lay the picture out at {logical_w}×{logical_h} logical pixels: {problem}")
    return sheet


def sheet_problem(sheet: ExportSheet, logical_w: int, logical_h: int) -> str | None:
    """Why the laid-out sheet is not what will be rendered, or None: a sheet wider or taller than
    asked (a part that would not shrink) would be cut off at the picture's edge."""
    if (sheet.width(), sheet.height()) != (logical_w, logical_h):
        return f"its parts need {sheet.width()}×{sheet.height()}"
    area = sheet.rect()
    for name in ("title", "subtitle", "legend", "verdicts", "timeline", "footer"):
        part = getattr(sheet, name)
        if part.isHidden():
            continue
        box = QRect(part.mapTo(sheet, QPoint(0, 0)), part.size())
        if not area.contains(box):
            return f"the {name} does not fit ({box.width()}×{box.height()} at {box.x()},{box.y()})"
    if sheet.footer.geometry().top() <= sheet.timeline.geometry().bottom():
        return "the footer overlaps the timeline"
    return None


def dispose(sheet: QWidget) -> None:
    """Delete the sheet now, not at interpreter exit: a widget tree left for Python's final
    garbage collection after the QApplication is gone can crash the process on the way out."""
    sheet.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _render_band(sheet: QWidget, width: int, band: Band, scale: float) -> QImage:
    """The band's rows of the sheet (margin included) rendered at ``scale``."""
    image = QImage(width, round(band.logical_height * scale), QImage.Format.Format_RGB32)
    if image.isNull():
        raise ExportError(f"not enough memory for a {width}×{image.height()} band of the picture")
    image.setDevicePixelRatio(scale)
    _match_dpi(image, sheet)
    image.fill(sheet.palette().color(QPalette.ColorRole.Window))
    QWidget.render(sheet, image, QPoint(0, 0), QRegion(QRect(0, band.logical_top, sheet.width(), band.logical_height)))
    return image


def _rgb_rows(image: QImage, first: int, count: int) -> Iterator[memoryview]:
    """Rows ``first`` to ``first + count`` of an RGB32 image as 8-bit RGB bytes (what the PNG
    holds, whatever the machine's byte order), converted a block of rows at a time so that no
    second copy of the whole band is made."""
    width = image.width()
    for top in range(first, first + count, RGB_BLOCK_ROWS):
        rows = min(RGB_BLOCK_ROWS, first + count - top)
        block = image.copy(0, top, width, rows).convertToFormat(QImage.Format.Format_RGB888)
        if block.isNull():
            raise ExportError(f"not enough memory to convert {rows} rows of the picture")
        # copied into bytes Python owns: constBits() is a view that does not keep the image alive,
        # and a consumer that held a row past the next block would otherwise read freed memory
        line, bits = block.bytesPerLine(), memoryview(bytes(block.constBits()))
        del block
        for row in range(rows):
            yield bits[row * line: row * line + width * 3]


def render_png(sheet: QWidget, width: int, height: int, scale: float) -> bytes:
    """The sheet as PNG bytes, rendered band by band (see :func:`plan_bands`) and compressed row
    by row, so only one band's pixels are held at a time."""
    bands = plan_bands(height, scale, sheet.height())

    def rows() -> Iterator[memoryview]:
        for band in bands:
            image = _render_band(sheet, width, band, scale)
            yield from _rgb_rows(image, band.skip, band.rows)
            del image  # before the next band is rendered

    out = io.BytesIO()
    dots_per_metre = round(sheet.logicalDpiX() / 0.0254)  # as Qt's writer records it
    writer = png.Writer(width, height, greyscale=False, bitdepth=8, compression=PNG_ZLIB_LEVEL,
                        x_pixels_per_unit=dots_per_metre, y_pixels_per_unit=dots_per_metre, unit_is_meter=True)
    # write_packed checks neither the count nor the length of the rows it is given
    written = writer.write_packed(out, rows())
    if written != height:
        raise ExportError(f"internal error: {written} rows written for a picture {height} rows high")
    return out.getvalue()


def encode_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"png")
    writer.setQuality(PNG_QUALITY)
    if not writer.write(image):
        raise ExportError(f"PNG encoding failed: {writer.errorString()}")
    return bytes(buffer.data())


def render_svg(sheet: QWidget, width: int, height: int, scale: float, title: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setTitle(title)
    generator.setDescription("Exported from Factline")
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, sheet.width(), sheet.height()))
    # fonts are sized in points: the generator must use the screen's DPI or text would be drawn
    # smaller than the widths the layout measured
    generator.setResolution(sheet.logicalDpiX())
    QWidget.render(sheet, generator)
    buffer.close()
    # QSvgGenerator states the size in millimetres; pixels are what the caller asked for
    return re.sub(rb'width="[0-9.]+mm" height="[0-9.]+mm"', f'width="{width}" height="{height}"'.encode(),
                  bytes(data), count=1)


def _match_dpi(image: QImage, widget: QWidget) -> None:
    """Give the image the widget's logical DPI so point-sized fonts measure the same on both."""
    image.setDotsPerMeterX(round(widget.logicalDpiX() / 0.0254))
    image.setDotsPerMeterY(round(widget.logicalDpiY() / 0.0254))


GROWTH = 1.2
"""A whole-timeline export whose height is free grows by this factor at a time while titles are cut."""
MAX_GROWTH = 2.5
"""... up to this many times its height."""


def sheet_fitting_titles(dataset: Dataset, options: ExportOptions, logical_w: int, logical_h: int,
                         columns: dict[str, TrackColumns] | None = None) -> ExportSheet:
    """The sheet, built taller when it must: a whole-timeline export whose height was not given
    grows (up to MAX_GROWTH times) until no title is cut short. A fixed size keeps its size; the
    titles it still cuts are counted by :meth:`ExportSheet.titles_cut`."""
    sheet = build_sheet(dataset, options, logical_w, logical_h, columns)
    free = options.height is None and options.whole
    scale = options.scale or 1.0
    while free and any(sheet.titles_cut()):
        taller = math.ceil(sheet.height() * GROWTH)
        if taller > logical_h * MAX_GROWTH or taller * scale > MAX_PIXELS:
            break
        dispose(sheet)
        sheet = build_sheet(dataset, options, logical_w, taller, columns)
    return sheet


def render_bytes(dataset: Dataset, options: ExportOptions, fmt: str,
                 columns: dict[str, TrackColumns] | None = None) -> tuple[bytes, int, int, float, tuple[int, int]]:
    """The picture's bytes as PNG, SVG or PDF, plus its pixel size and scale, and how many titles it
    cuts short and leaves out."""
    width, height, scale, logical_w, logical_h = resolve_size(options)
    if fmt == "pdf" and options.page not in PAGES:
        raise ExportError(f"unknown page size {options.page!r}; use one of {', '.join(PAGES)}")
    return_free_memory()  # what the window's last layouts freed, before the sheet adds its own
    sheet = sheet_fitting_titles(dataset, options, logical_w, logical_h, columns)
    height = round(sheet.height() * scale) if sheet.height() != logical_h else height
    cut = tuple(len(ids) for ids in sheet.titles_cut())
    try:
        if fmt == "pdf":
            return render_pdf(sheet, options.page, dataset.title), width, height, scale, cut
        if fmt != "png":
            return render_svg(sheet, width, height, scale, dataset.title), width, height, scale, cut
        return render_png(sheet, width, height, scale), width, height, scale, cut
    finally:
        # the sheet's layout (tens of bytes an event at a million) goes back to the system now,
        # not whenever Python's collector and glibc get to it
        dispose(sheet)
        del sheet
        gc.collect()
        return_free_memory()


def export(dataset: Dataset, path: str | Path, options: ExportOptions | None = None,
           columns: dict[str, TrackColumns] | None = None) -> ExportResult:
    """Render the dataset's timeline to ``path`` (.png, .svg or .pdf), or list its events (.csv),
    and write it atomically.

    ``columns``: ``build_columns(dataset)`` when the caller has it (the window's ViewState), which
    saves indexing every event again."""
    options = options or ExportOptions()
    path = Path(path)
    fmt = export_format(path)
    try:
        check_target(path)
        if fmt == "csv":
            data = events_csv_bytes(dataset)
            write_atomically(path, data)
            return ExportResult(path, 0, 0, 1.0, len(data), events=len(dataset.events))
        data, width, height, scale, cut = render_bytes(dataset, options, fmt, columns)
        write_atomically(path, data)
    except (WriteError, PdfError) as exc:
        raise ExportError(str(exc)) from exc
    size = len(data)
    del data
    return_free_memory()  # the image and the sheet's layout: tens of megabytes at 4K, now freed
    return ExportResult(path, width, height, scale, size, *cut, page=options.page if fmt == "pdf" else None)


def cut_titles_warning(result: ExportResult) -> str | None:
    """What to tell the user when the picture cuts titles short, or None."""
    cut, left_out = result.titles_cut, result.titles_left_out
    if not cut and not left_out:
        return None
    parts = []
    if cut:
        parts.append(f"{cut:,} title{'s are' if cut != 1 else ' is'} cut short (ending in “…”)")
    if left_out:
        parts.append(f"{left_out:,} {'are' if left_out != 1 else 'is'} left out" if cut else
                     f"{left_out:,} title{'s are' if left_out != 1 else ' is'} left out")
    return (f"{' and '.join(parts)} in {result.path.name}: a taller picture, a narrower range or fewer tracks "
            "shows them whole")


