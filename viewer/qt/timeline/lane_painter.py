"""Painting one pane's lanes from their pure layout (:mod:`viewer.scene.lanes`): the stripe and
header, each mark (bar, point, range band, whiskers), titles, count boxes, the selection callout
and the 'earlier / later' hints. Only Qt calls and the caches that make them cheap live here;
every position comes from the scene package, so the window and the export cannot disagree."""

from __future__ import annotations

import itertools
import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen, QPolygonF, QStaticText

from viewer.qt.timeline.claim_marks import clipped, marked, paint_claim_marks, paint_disputed_boxes
from viewer.qt.timeline.count_boxes import CountBoxes
from viewer.qt.timeline.lane_colours import Palette
from viewer.qt.timeline.paint_context import PaintContext, SingleMark
from viewer.scene.labels import Box, callout_box, label_box
from viewer.scene.lanes import BAR_HEIGHT, HEADER_HEIGHT, MARKER_RADIUS, WIDE_POINT_PX, Lane
from viewer.scene.off_view import off_view_counts
from viewer.scene.columns import TrackColumns


def _draw_left_middle(painter: QPainter, metrics: QFontMetricsF, rect: QRectF, text: str,
                      shift: float | None = None) -> None:
    """``text`` at the left of ``rect``, centred vertically, as drawText(rect, AlignLeft |
    AlignVCenter) draws it when it fits, which labels do (elided first): half the cost.
    ``shift`` is ``(metrics.ascent() - metrics.descent()) / 2``, if the caller keeps it."""
    if shift is None:
        shift = (metrics.ascent() - metrics.descent()) / 2
    painter.drawText(QPointF(rect.left(), rect.center().y() + shift), text)


def _paint_halo(painter: QPainter, metrics: QFontMetricsF, left: float, middle: float, width: float, fill: QColor) -> None:
    """A patch of the lane's own colour under a line of text, so a link passing beneath (drawn
    before the lanes) never strikes through it; on whole pixels, so it has no soft edge."""
    painter.fillRect(QRectF(left - 2, middle - metrics.height() / 2, width + 4, metrics.height()).toAlignedRect(), fill)


def _diamond(r: float) -> QPolygonF:
    return QPolygonF([QPointF(0, -r - 1), QPointF(r + 1, 0), QPointF(0, r + 1), QPointF(-r - 1, 0)])


_DIAMONDS = {False: _diamond(MARKER_RADIUS), True: _diamond(MARKER_RADIUS + 1.5)}
"""A plot point's marker around (0, 0), plain and selected: moved into place rather than rebuilt."""


def drawn_bold(selected: bool, bold_width: float, plain_width: float, room: float) -> bool:
    """Whether a title is drawn bold: a selected one is, unless only its plain form fits whole in
    ``room`` (a selected title is never cut short where its plain form is whole)."""
    return selected and (bold_width <= room or plain_width > room)


def qrect(box: Box) -> QRectF:
    return QRectF(*box)


class LanePainter:
    """Paints lanes with the fonts and caches of one pane (title widths and elisions per device,
    count badges): a pane keeps one and calls :meth:`begin` and then :meth:`paint_lane` per lane."""

    def __init__(self, font: QFont, bold: QFont, header_font: QFont):
        self.font, self.bold, self.header_font = font, bold, header_font
        self.bold_metrics = QFontMetricsF(bold)
        """Room for the bold label of a selected event (the layout's measure)."""
        self.plain_metrics = QFontMetricsF(font)
        """A plain label's width on the screen (what is painted for an event not selected)."""
        self.palette: Palette | None = None
        self.metrics: dict[object, QFontMetricsF] = {}
        self.label_shifts: dict[bool, float] = {}
        """Plain and bold labels' baseline below the middle of their row, for the device being painted."""
        self.dpi = 0
        self.count_boxes = CountBoxes(header_font, self.bold_metrics)
        self._advances: dict[tuple[int, bool, str, int], float] = {}
        self._elisions: dict[tuple[int, bool, str, int, float], str] = {}
        self.off_view_hints: list[tuple[QRectF, str, int]] = []
        """(where it is drawn, track id, -1 or +1) of each 'earlier' / 'later' hint of the last paint."""
        self._linked_marks: set[int] = set()
        """The lane being painted: its marks holding an event linked to the selected one."""

    @property
    def badges(self) -> dict[int, tuple[float, float, QStaticText]]:
        """Count -> (room, drawn width, static text) of its box's count, for the device last painted."""
        return self.count_boxes.badges

    def forget_titles(self) -> None:
        """A new dataset: measured titles and elisions mean nothing any more."""
        self._advances.clear()
        self._elisions.clear()

    # -- per paint ----------------------------------------------------------------------------

    def begin(self, painter: QPainter, theme) -> None:
        """Take the painter's device (an export's DPI) and theme before the lanes are painted."""
        if self.palette is None or self.palette.theme is not theme:
            self.palette = Palette(theme)
        # label metrics come from the painter's font, which knows the device
        painter.setFont(self.font)
        plain_metrics = QFontMetricsF(painter.font())
        painter.setFont(self.bold)
        bold_metrics = QFontMetricsF(painter.font())
        painter.setFont(self.header_font)
        self.metrics = {False: plain_metrics, True: bold_metrics, "header": QFontMetricsF(painter.font())}
        self.label_shifts = {bold: (m.ascent() - m.descent()) / 2 for bold, m in ((False, plain_metrics), (True, bold_metrics))}
        device = painter.device()
        dpi = device.logicalDpiX() if device is not None else 0
        self.count_boxes.begin(dpi)
        self.dpi = dpi
        self.off_view_hints = []

    def paint_lane(self, painter: QPainter, lane: Lane, index: int, ctx: PaintContext) -> None:
        halo = self.palette.halos[index % 2]
        self._paint_stripe_and_header(painter, lane, index, ctx, halo)
        columns = lane.columns
        colour = QColor(columns.color)
        selected_index = columns.index_of.get(ctx.selected) if ctx.selected else None
        # only the marks in view: the layout window is wider than the pane, and more than half of
        # its marks are beside it (picked from the marks' arrays, no step per mark)
        marks = lane.arrays
        in_view = (marks.x1 >= ctx.rect.left() - 40) & (marks.x0 <= ctx.rect.right() + 40)
        lit_marks, chosen_mark = self._lit_and_chosen(lane, ctx, selected_index)
        self._linked_marks = self._linked_in(lane, ctx)
        one_by_one = marks.counts == 1
        if lit_marks or chosen_mark >= 0 or self._linked_marks:
            one_by_one[[k for k in lit_marks | self._linked_marks | {chosen_mark} if k >= 0]] = True
        # bars (and the box of long events across the view) beneath, one by one (a lane has a
        # few), then points and count boxes over them: a point that found no free row is drawn
        # on the bar it overlaps, not hidden under it
        drawn = in_view
        if marks.under.any():
            beneath = in_view & marks.under
            self._paint_marks(painter, lane, beneath, beneath, lit_marks, chosen_mark, selected_index, colour, ctx,
                              halo)
            drawn = in_view & ~marks.under
        self._paint_marks(painter, lane, drawn, one_by_one, lit_marks, chosen_mark, selected_index, colour, ctx, halo)
        if selected_index is not None:
            self._paint_selection_callout(painter, lane, selected_index, ctx)
        if len(columns) and not in_view.any():
            self._paint_off_view_hints(painter, lane, ctx, halo)

    def _paint_marks(self, painter: QPainter, lane: Lane, drawn: np.ndarray, one_by_one: np.ndarray,
                     lit_marks: set[int], chosen_mark: int, selected_index: int | None, colour: QColor,
                     ctx: PaintContext, halo: QColor) -> None:
        """The marks ``drawn`` (a mask over the lane's marks): those drawn one by one (singles, and
        boxes holding the selection or a highlight), then the plain count boxes in one batch."""
        for mark in self._singles(lane, np.flatnonzero(drawn & one_by_one), ctx):
            linked = mark.k in self._linked_marks
            if mark.count > 1:
                self.count_boxes.paint_one(painter, mark.x0, mark.x1, mark.count, mark.y, colour, self.palette.theme,
                                    mark.k in lit_marks, mark.k == chosen_mark or linked, ctx.rect)
            else:
                self._paint_single(painter, lane, mark, colour, mark.i == selected_index, mark.k in lit_marks, ctx, halo)
                if linked and mark.i != selected_index:
                    self._paint_linked_ring(painter, lane.columns, mark, ctx)
        plain = np.flatnonzero(drawn & ~one_by_one)
        if len(plain):
            self.count_boxes.paint_plain(painter, lane, plain, colour, ctx.rect, self.palette, self.metrics["header"])
        if len(lane.columns.disputed):
            paint_disputed_boxes(painter, lane, drawn & (lane.arrays.counts > 1), ctx.rect, self.palette.theme)

    def _paint_stripe_and_header(self, painter: QPainter, lane: Lane, index: int, ctx: PaintContext, halo: QColor) -> None:
        rect, columns = ctx.rect, lane.columns
        if index % 2 == 0:
            painter.fillRect(QRectF(rect.left(), lane.top, rect.width(), lane.height), self.palette.lane)
        if ctx.narrative:
            self._paint_episode_separators(painter, lane, ctx)
        header = f"{columns.name.upper()}  ·  {len(columns):,}"
        metrics = self.metrics["header"]
        _paint_halo(painter, metrics, rect.left() + 6, lane.top + 13 - metrics.ascent() + metrics.height() / 2,
                    metrics.horizontalAdvance(header), halo)
        painter.setFont(self.header_font)
        painter.setPen(QColor(columns.color))
        painter.drawText(QPointF(rect.left() + 6, lane.top + 13), header)

    @staticmethod
    def _linked_in(lane: Lane, ctx: PaintContext) -> set[int]:
        """The marks holding an event linked to the selected one."""
        events = ctx.linked(lane.columns) if ctx.linked is not None else ()
        if not len(events):
            return set()
        owners = lane.owners()[events]
        return set(owners[owners >= 0].tolist())

    def _paint_linked_ring(self, painter: QPainter, columns: TrackColumns, mark: SingleMark, ctx: PaintContext) -> None:
        """An outline in the selection colour around a mark linked to the selected event: the
        link's other end reads at a glance, wherever its curve runs."""
        pen = QPen(QColor(self.palette.theme.selection), 1.6)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        y = mark.y
        if mark.interval or (mark.fuzzy and mark.spread >= WIDE_POINT_PX):
            i = mark.i
            lo, hi = (columns.start[i], columns.end[i]) if mark.interval else (columns.lo[i], columns.hi[i])
            x0, x1 = clipped(float(lo) * ctx.scale + ctx.offset, float(hi) * ctx.scale + ctx.offset, ctx.rect)
            half = (BAR_HEIGHT + (6 if mark.on_bar else 0)) / 2 + 2.5 if mark.interval else 10.5
            painter.drawRoundedRect(QRectF(x0 - 2.5, y - half, max(x1 - x0, 3) + 5, 2 * half), 4, 4)
        else:
            r = MARKER_RADIUS + 3.5
            painter.drawEllipse(QPointF(mark.point, y), r, r)

    def _lit_and_chosen(self, lane: Lane, ctx: PaintContext, selected_index: int | None) -> tuple[set[int], int]:
        """The marks holding a highlighted event, and the one holding the selected event (-1),
        found through the lane's column -> mark index rather than by searching every cluster."""
        lit = ctx.lit(lane.columns)
        owners = lane.owners() if len(lit) or selected_index is not None else None
        lit_marks = set(owners[lit].tolist()) if len(lit) else set()
        chosen_mark = int(owners[selected_index]) if selected_index is not None else -1
        return lit_marks, chosen_mark

    def _singles(self, lane: Lane, drawn: np.ndarray, ctx: PaintContext) -> list[SingleMark]:
        """The marks drawn one by one, with what each needs from its event, gathered for all of
        them at once (a lookup per mark and field is too slow at a busy frame)."""
        columns, marks = lane.columns, lane.arrays
        firsts = marks.members[marks.bounds[drawn]]
        spreads = (columns.hi[firsts] * ctx.scale - columns.lo[firsts] * ctx.scale).tolist()
        points = (columns.start[firsts] * ctx.scale + ctx.offset).tolist()
        disputed, inferred = (marked(lane, kind)[drawn].tolist() if len(getattr(columns, kind))
                              else itertools.repeat(False) for kind in ("disputed", "inferred"))
        return [SingleMark(*fields) for fields in zip(
            drawn.tolist(), marks.x0[drawn].tolist(), marks.x1[drawn].tolist(), lane.row_centres[drawn].tolist(),
            marks.counts[drawn].tolist(), firsts.tolist(), marks.label_width[drawn].tolist(),
            marks.label_on_bar[drawn].tolist(), marks.label_left[drawn].tolist(), columns.verdict[firsts].tolist(),
            columns.interval[firsts].tolist(), columns.fuzzy[firsts].tolist(), spreads, points, disputed, inferred)]

    # -- a single mark ----------------------------------------------------------------------------

    def _paint_single(self, painter: QPainter, lane: Lane, mark: SingleMark, colour: QColor, is_selected: bool,
                      is_lit: bool, ctx: PaintContext, halo: QColor) -> None:
        columns, palette, theme = lane.columns, self.palette, self.palette.theme
        fill = palette.verdicts[mark.verdict] if mark.verdict >= 0 else colour
        i, y = mark.i, mark.y
        if is_lit:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.highlight)
            painter.drawRoundedRect(QRectF(mark.x0 - 4, y - 10, mark.x1 - mark.x0 + 8, 20), 10, 10)
        wide_point = not mark.interval and mark.fuzzy and mark.spread >= WIDE_POINT_PX
        if wide_point:  # the range band is the whole mark
            self._paint_range_band(painter, columns, i, y, fill, is_selected, theme, ctx)
        else:
            if mark.fuzzy:
                self._paint_uncertainty(painter, columns, i, y, colour, ctx)
            if mark.interval:
                self._paint_bar(painter, columns, i, mark.on_bar, y, fill, is_selected, theme, ctx)
            else:
                self._paint_marker(painter, mark.point, y, fill, is_selected, plot_point=mark.verdict >= 0)
        if mark.inferred or mark.disputed:
            paint_claim_marks(painter, columns, mark, wide_point, ctx, theme)
        if mark.on_bar:
            self._paint_title_on_bar(painter, lane, mark, palette.text if wide_point else palette.text_on(fill),
                                     is_selected, ctx)
        elif mark.label_width > 0:
            self._paint_title_beside(painter, lane, mark, is_selected, ctx, halo)

    def _paint_title_on_bar(self, painter: QPainter, lane: Lane, mark: SingleMark, ink: QColor, is_selected: bool,
                            ctx: PaintContext) -> None:
        columns, rect = lane.columns, ctx.rect
        box = qrect(label_box(columns, mark.i, mark.x0, mark.x1, mark.label_width, True, False, mark.y, rect.left(),
                              rect.right(), lane.row_height, ctx.scale, ctx.offset))
        bold = self._bold_if_whole(is_selected, columns, mark.i, box.width())
        painter.setFont(self.bold if bold else self.font)
        painter.setPen(ink)
        text = columns.titles[mark.i]
        if self._advance(bold, columns, mark.i) > box.width():
            text = self._elided(bold, columns, mark.i, box.width())
        _draw_left_middle(painter, self.metrics[bold], box, text, self.label_shifts[bold])

    def _bold_if_whole(self, is_selected: bool, columns: TrackColumns, index: int, room: float) -> bool:
        """Whether a title is drawn bold (see :func:`drawn_bold`)."""
        return is_selected and drawn_bold(True, self._advance(True, columns, index), self._advance(False, columns, index),
                                          room)

    def _paint_title_beside(self, painter: QPainter, lane: Lane, mark: SingleMark, is_selected: bool, ctx: PaintContext,
                            halo: QColor) -> None:
        columns, rect = lane.columns, ctx.rect
        found = label_box(columns, mark.i, mark.x0, mark.x1, mark.label_width, False, mark.on_left, mark.y,
                          rect.left(), rect.right(), lane.row_height, ctx.scale, ctx.offset)
        if found is None:
            return
        box = qrect(found)
        bold = self._bold_if_whole(is_selected, columns, mark.i, box.width() - 2)
        painter.setFont(self.bold if bold else self.font)
        painter.setPen(self.palette.text)
        text = columns.titles[mark.i]
        advance = self._advance(bold, columns, mark.i)
        if advance > box.width() - 2:
            text = self._elided(bold, columns, mark.i, box.width() - 2)
            advance = box.width() - 2
        _paint_halo(painter, self.metrics[bold], box.left(), mark.y, advance, halo)
        _draw_left_middle(painter, self.metrics[bold], box, text, self.label_shifts[bold])

    def _paint_uncertainty(self, painter: QPainter, columns: TrackColumns, i: int, y: float, colour: QColor,
                           ctx: PaintContext) -> None:
        """Whiskers from the earliest to the latest bound, faded, for approximate/uncertain dates."""
        lo, hi = clipped(float(columns.lo[i]) * ctx.scale + ctx.offset, float(columns.hi[i]) * ctx.scale + ctx.offset,
                          ctx.rect)
        painter.setPen(self.palette.whisker(colour))
        painter.drawLine(QPointF(lo, y), QPointF(hi, y))
        for x in (lo, hi):
            painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 4))

    def _paint_range_band(self, painter: QPainter, columns: TrackColumns, i: int, y: float, fill: QColor,
                          selected: bool, theme, ctx: PaintContext) -> None:
        """'Some time in this range': a faint band with a dashed outline, no marker at a made-up middle."""
        # clipped to the pane: zoomed in, a band can be 100,000 px long, and Qt dashes every pixel
        x0, x1 = clipped(float(columns.lo[i]) * ctx.scale + ctx.offset, float(columns.hi[i]) * ctx.scale + ctx.offset,
                          ctx.rect)
        band = QColor(fill)
        band.setAlpha(45)
        if selected:
            outline = QPen(QColor(theme.selection), 2.5, Qt.PenStyle.DashLine)
        else:
            # a 1-device-pixel cosmetic dash is drawn directly; a wider one is stroked into dash
            # outlines and filled, far slower for a pane-wide band (scaled with the device for exports)
            # device pixels per scene pixel: an export's scale (its image's device pixel ratio is
            # not what the painter reports while a widget renders into it)
            outline = QPen(fill, max(abs(painter.deviceTransform().m11()), 1.0), Qt.PenStyle.DashLine)
            outline.setCosmetic(True)
        painter.setPen(outline)
        painter.setBrush(band)
        painter.drawRoundedRect(QRectF(x0, y - 8, max(x1 - x0, 3), 16), 4, 4)

    def _paint_bar(self, painter: QPainter, columns: TrackColumns, i: int, label_on_bar: bool, y: float, fill: QColor,
                   selected: bool, theme, ctx: PaintContext) -> None:
        x0 = float(columns.start[i]) * ctx.scale + ctx.offset
        x1 = max(float(columns.end[i]) * ctx.scale + ctx.offset, x0 + 3)
        height = BAR_HEIGHT + (6 if label_on_bar else 0)
        bar = QRectF(x0, y - height / 2, x1 - x0, height)
        brush: QBrush | QColor = fill
        if columns.open_end[i] or columns.open_start[i]:
            # an open end trails off: the bar fades to transparent over its last stretch
            gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
            clear = QColor(fill)
            clear.setAlpha(0)
            gradient.setColorAt(0.0, clear if columns.open_start[i] else fill)
            gradient.setColorAt(0.25, fill)
            gradient.setColorAt(0.75, fill)
            gradient.setColorAt(1.0, clear if columns.open_end[i] else fill)
            brush = QBrush(gradient)
        painter.setBrush(brush)
        painter.setPen(QPen(QColor(theme.selection), 2.5) if selected else Qt.PenStyle.NoPen)
        painter.drawRoundedRect(bar, 3, 3)

    def _paint_marker(self, painter: QPainter, x: float, y: float, fill: QColor, selected: bool, plot_point: bool) -> None:
        painter.setBrush(fill)
        painter.setPen(self.palette.selected_outline if selected else self.palette.marker_outline)
        r = MARKER_RADIUS + (1.5 if selected else 0)
        if plot_point:  # plot points are diamonds, real events circles: tellable apart without colour
            painter.drawPolygon(_DIAMONDS[selected].translated(x, y))
        else:
            painter.drawEllipse(QPointF(x, y), r, r)

    def _advance(self, bold: bool, columns: TrackColumns, index: int) -> float:
        """A title's width in the painter's (plain or bold) font, measured once per event, font
        and device resolution: labels are checked for eliding every paint."""
        key = (self.dpi, bold, columns.track_id, index)
        width = self._advances.get(key)
        if width is None:
            width = self._advances[key] = self.metrics[bold].horizontalAdvance(columns.titles[index])
        return width

    def _elided(self, bold: bool, columns: TrackColumns, index: int, width: float) -> str:
        """A title cut to ``width`` with an ellipsis, kept: a label cut by its neighbour keeps its
        width while the layout stands, and eliding it again each paint was a busy lane's top cost."""
        key = (self.dpi, bold, columns.track_id, index, width)
        text = self._elisions.get(key)
        if text is None:
            if len(self._elisions) > 20_000:  # labels at the pane's edge change width every frame
                self._elisions.clear()
            text = self._elisions[key] = self.metrics[bold].elidedText(columns.titles[index], Qt.TextElideMode.ElideRight,
                                                                       width)
        return text

    # -- what else a lane says ------------------------------------------------------------------------

    def selection_callout(self, lane: Lane, index: int, ctx: PaintContext) -> tuple[QRectF, str] | None:
        """(box, text) of the callout naming the selected event (column ``index`` of ``lane``)
        where its own label is not drawn: beside its mark, or beside the count box holding it
        (so a search step or a linked event inside a box still says which event is selected)."""
        rect = ctx.rect
        text = self.bold_metrics.elidedText(lane.columns.titles[index], Qt.TextElideMode.ElideRight,
                                            max(rect.width() * 0.6, 80))
        box = callout_box(lane, index, self.bold_metrics.horizontalAdvance(text), rect.left(), rect.right(),
                          ctx.scale, ctx.offset)
        return (qrect(box), text) if box is not None else None

    def _paint_selection_callout(self, painter: QPainter, lane: Lane, index: int, ctx: PaintContext) -> None:
        """The selected event always shows its title: when its label had no room, in a callout on top."""
        callout = self.selection_callout(lane, index, ctx)
        if callout is None:
            return
        box, text = callout
        theme = self.palette.theme
        painter.setFont(self.bold)
        painter.setPen(QPen(QColor(theme.selection), 1.5))
        painter.setBrush(QColor(theme.background))
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(QColor(theme.text))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def _paint_episode_separators(self, painter: QPainter, lane: Lane, ctx: PaintContext) -> None:
        x_min, x_max = ctx.view
        first, last = math.floor(max(x_min, -1)), math.ceil(min(x_max, 10_000))
        if last - first > 400:
            return
        painter.setPen(QPen(QColor(self.palette.theme.grid), 1, Qt.PenStyle.DashLine))
        for boundary in range(first, last + 1):
            x = float(boundary) * ctx.scale + ctx.offset
            painter.drawLine(QPointF(x, lane.top), QPointF(x, lane.top + lane.height))

    def _paint_off_view_hints(self, painter: QPainter, lane: Lane, ctx: PaintContext, halo: QColor) -> None:
        """'‹ 3 earlier' and '12 later ›' in a lane with nothing in view (none of its events
        overlaps the view, so every one of them starts before it or after it)."""
        before, after = off_view_counts(lane.columns, *ctx.view)
        metrics = self.metrics[False]
        painter.setFont(self.font)
        painter.setPen(QColor(self.palette.theme.muted))
        middle = lane.top + HEADER_HEIGHT + (lane.height - HEADER_HEIGHT) / 2
        rect = ctx.rect
        for count, direction in ((before, -1), (after, 1)):
            if count <= 0:
                continue
            text = f"‹ {count:,} earlier" if direction < 0 else f"{count:,} later ›"
            width = metrics.horizontalAdvance(text)
            left = rect.left() + 10 if direction < 0 else rect.right() - 10 - width
            box = QRectF(left, middle - metrics.height() / 2, width, metrics.height())
            _paint_halo(painter, metrics, left, middle, width, halo)
            _draw_left_middle(painter, metrics, box, text, self.label_shifts[False])
            self.off_view_hints.append((box.adjusted(-6, -4, 6, 4), lane.columns.track_id, direction))

