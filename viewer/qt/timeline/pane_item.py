"""The one custom item that draws a pane's lanes: only the visible slice, never an item per event.

This is the Qt glue: invalidation, caches, clicks and hovers, ``paint`` and ``boundingRect``.
The layout (visible slice, aggregation, rows, labels) is pure code in :mod:`viewer.scene.lanes`,
in *scene pixels*, computed once per range or size change and kept; link anchors come from
:mod:`viewer.scene.anchors`; painting is :class:`~viewer.qt.timeline.lane_painter.LanePainter`.
Drawing in pixels keeps markers and text the same size at every zoom, and an export that
renders at a higher device-pixel ratio scales all of it together.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from viewer.core.dates import human_date
from viewer.core.model import AxisKind
from viewer.qt.plain import set_tooltip
from viewer.qt.state import ViewState
from viewer.qt.timeline.lane_painter import LanePainter
from viewer.qt.timeline.paint_context import PaintContext
from viewer.scene.anchors import Anchors, anchor_arrays, anchor_ends, lanes_with_ends, refs_by_track
from viewer.scene.labels import label_box, titles_cut
from viewer.scene.lanes import Lane, PaneRect, lay_out_lanes, layout_window, mark_at, pivot_of, same_layout
from viewer.scene.marks import Mark
from viewer.scene.off_view import nearest_off_view
from viewer.scene.columns import TrackColumns
from viewer.scene.rows import cluster_target
from viewer.core.words import count
from viewer.scene.shares import rows_needed

HIDDEN_PANE_TEXT = "Every track of this pane is hidden: click one in the legend above to show it."


class PaneItem(pg.GraphicsObject):
    """Draws every visible track of one axis kind inside a ViewBox, and turns clicks into ids."""

    event_clicked = Signal(str)
    event_double_clicked = Signal(str)
    cluster_clicked = Signal(float, float)
    """An aggregate mark was clicked: zoom to this axis range so its events spread out."""
    cluster_listed = Signal(str, object)
    """An aggregate whose events no zoom can spread (they all start at one instant) was clicked:
    (track id, their column indices), to be listed for the user to pick from."""
    background_clicked = Signal()

    def __init__(self, state: ViewState, axis: AxisKind, view_box: pg.ViewBox):
        super().__init__()
        self._state = state
        self._axis = axis
        self._view_box = view_box
        self._lanes: list[Lane] = []
        self._dirty = True
        font = QFont()
        font.setPointSizeF(9.0)
        bold = QFont(font)
        bold.setBold(True)
        header_font = QFont(font)
        header_font.setPointSizeF(8.0)
        header_font.setBold(True)
        self.lane_painter = LanePainter(font, bold, header_font)
        self.title_metrics = QFontMetricsF(bold)
        """What the layout measures titles with: the bold font, room for a selected event's label."""
        self._label_widths: dict[str, dict[int, float]] = {}
        """Track id -> column index -> its title's width in pixels, once measured."""
        self._layout_key: tuple | None = None
        self._anchor_cache: tuple | None = None
        """(refs, the columns of the lanes they were gathered for, AnchorEnds) of the last anchors asked for."""
        self._layout_offset = 0.0
        self.layout_generation = 0
        """Counts the lanes' recomputations and moves: equal means the marks have not moved."""
        self.layout_id = 0
        """Counts the lanes' recomputations only: equal means the marks at most moved together
        (a pan inside the layout window), each keeping its row and label."""
        self._lit: dict[str, np.ndarray] = {}
        """Track id -> column indices of its highlighted events (until the highlight changes)."""
        self._lane_weights: tuple[float, ...] | None = None
        """How the lanes share the pane's height (one per shown track; None: by how busy they are)."""
        self._rows_needed: tuple[tuple, list[int]] | None = None
        """(what it depends on, the answer) of the last :meth:`rows_needed`."""
        self.setAcceptHoverEvents(True)
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)
        state.dataset_changed.connect(self._on_dataset_changed)
        state.selection_changed.connect(self._on_look_changed)
        state.highlight_changed.connect(self._on_highlight_changed)
        state.hidden_tracks_changed.connect(self._on_layout_changed)
        state.theme_changed.connect(self._on_look_changed)

    # -- invalidation -------------------------------------------------------------------------

    def _on_dataset_changed(self) -> None:
        self._layout_key = None
        self._rows_needed = None
        self._anchor_cache = None
        self._label_widths.clear()
        self._lit.clear()
        self.lane_painter.forget_titles()
        self._on_layout_changed()

    def _on_layout_changed(self) -> None:
        self._dirty = True
        self.update()

    def set_lane_weights(self, weights: list[float] | None) -> None:
        """Share the pane's height between its lanes by these weights (see viewer.scene.shares)."""
        weights = tuple(weights) if weights is not None else None
        if weights != self._lane_weights:
            self._lane_weights = weights
            self._on_layout_changed()

    def rows_needed(self) -> list[int]:
        """Rows each shown lane's titles take at the current view when rows are plenty. Kept for
        the same view and width: a window's height changes (each start-up resize, the splitter)
        ask again for what they cannot change, and each answer is a whole layout of the lanes."""
        rect = self.scene_rect()
        view = self._view_box.viewRange()[0]
        scale, offset = self.to_px()
        tracks = self.tracks
        if not tracks or not rect.width() > 0 or not view[1] > view[0]:
            return [1] * len(tracks)
        latest_left = self._latest_left(view[1] - view[0])
        key = (view[0], view[1], scale, offset, rect.left(), rect.width(), latest_left,
               tuple(c.track_id for c in tracks), id(self._state.columns))
        if self._rows_needed is None or self._rows_needed[0] != key:
            self._rows_needed = key, rows_needed(tracks, (view[0], view[1]), scale, offset, rect.left(), rect.width(),
                                                 self.title_widths, latest_left)
        return list(self._rows_needed[1])

    def _on_look_changed(self, *_args) -> None:
        self.update()

    def _on_highlight_changed(self) -> None:
        self._lit.clear()
        self.update()

    def viewRangeChanged(self) -> None:  # noqa: N802 (pyqtgraph hook)
        self.prepareGeometryChange()
        self._on_layout_changed()

    def viewTransformChanged(self) -> None:  # noqa: N802
        self.prepareGeometryChange()
        self._on_layout_changed()

    def boundingRect(self) -> QRectF:  # noqa: N802
        # boundingRect must cover everything drawn (pyqtgraph's customGraphicsItem example):
        # we draw across the whole visible pane, so it is the view rectangle.
        return self._view_box.viewRect() if self._view_box is not None else QRectF()

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802
        return None  # ranges are set explicitly (fit all), not by pyqtgraph's auto-range

    # -- layout -------------------------------------------------------------------------------

    @property
    def tracks(self) -> list[TrackColumns]:
        return [c for c in self._state.columns.values()
                if c.axis is self._axis and c.track_id not in self._state.hidden_tracks]

    def lanes(self) -> list[Lane]:
        """The current lanes, recomputed if the range, size or data changed since last time; a pan
        that stays inside the layout window only moves the marks (rows and labels stay put)."""
        if self._dirty:
            scale, offset = self.to_px()
            rect = self.scene_rect()
            view = self._view_box.viewRange()[0]
            latest_left = self._latest_left(view[1] - view[0])
            key = (layout_window(*view), scale, rect.left(), rect.width(), rect.height(),
                   pivot_of(*view, latest_left), tuple(c.track_id for c in self.tracks), id(self._state.columns),
                   self._lane_weights)
            if self._lanes and self._layout_key is not None and same_layout(key, self._layout_key):
                dx = offset - self._layout_offset
                self._lanes = [lane.shifted(dx) for lane in self._lanes]
            else:
                self._lanes = []  # the old layout goes before the new one is built: at full view each holds every event
                weights = list(self._lane_weights) if self._lane_weights is not None else None
                self._lanes = lay_out_lanes(self.tracks, (view[0], view[1]), scale, offset, self.pane_rect(),
                                            self.title_widths, latest_left, weights)
                self._layout_key = key
                self.layout_id += 1
            self._layout_offset = offset
            self.layout_generation += 1
            self._dirty = False
        return self._lanes

    def _latest_left(self, width: float) -> float | None:
        """The latest left edge the view's pan limit allows at this width (None without a limit)."""
        x_max = self._view_box.state["limits"]["xLimits"][1]
        return x_max - width if x_max is not None and math.isfinite(x_max) else None

    def marks_version(self) -> tuple:
        """Equal between two calls only if no mark moved on screen in between (lanes brought up to
        date first), so what is computed from the marks' positions can be kept."""
        self.lanes()
        return self.layout_generation, self.to_px(), self.scene_rect().getRect()

    def to_px(self) -> tuple[float, float]:
        """(scale, offset): an axis position x is drawn at scene pixel ``x * scale + offset``."""
        t = self.sceneTransform()
        return t.m11(), t.m31()

    def pixels(self, x: np.ndarray | float) -> np.ndarray | float:
        scale, offset = self.to_px()
        return np.asarray(x) * scale + offset if isinstance(x, np.ndarray) else x * scale + offset

    def view_range(self) -> tuple[float, float]:
        """The view's axis range."""
        lo, hi = self._view_box.viewRange()[0]
        return lo, hi

    def scene_rect(self) -> QRectF:
        return self._view_box.sceneBoundingRect()

    def pane_rect(self) -> PaneRect:
        rect = self.scene_rect()
        return PaneRect(rect.left(), rect.top(), rect.width(), rect.height())

    def title_widths(self, columns: TrackColumns, indices: np.ndarray) -> np.ndarray:
        """Pixels each event's title needs in the bold font, measured once per event and kept
        (by index: only events that have been marks of their own, a few hundred per layout, are
        ever measured, so an array for every event would hold mostly nothing)."""
        known = self._label_widths.setdefault(columns.track_id, {})
        measure, titles = self.title_metrics.horizontalAdvance, columns.titles
        return np.array([known[i] if i in known else known.setdefault(i, measure(titles[i]) + 2)
                         for i in indices.tolist()], dtype=np.float64)

    def drawn_title_widths(self, columns: TrackColumns, indices: np.ndarray) -> np.ndarray:
        """Pixels each event's title takes as painted (the plain label font)."""
        measure, titles = self.lane_painter.plain_metrics.horizontalAdvance, columns.titles
        return np.array([measure(titles[i]) for i in indices.tolist()], dtype=np.float64)

    def titles_cut(self) -> tuple[list[str], list[str]]:
        """Ids of the events in view whose titles are drawn cut short, and of those whose titles
        are not drawn (single marks only: a count box has no title)."""
        rect = self.scene_rect()
        scale, offset = self.to_px()
        cut, hidden = [], []
        for lane in self.lanes():
            short, missing = titles_cut(lane, rect.left(), rect.right(), scale, offset, self.drawn_title_widths)
            cut += [lane.columns.ids[int(i)] for i in short]
            hidden += [lane.columns.ids[int(i)] for i in missing]
        return cut, hidden

    # -- queries for links, tests and clicks ---------------------------------------------------

    def anchor(self, event_id: str) -> tuple[float, float, bool] | None:
        """Scene point where links attach to this event: (x, y, on screen). None if not drawn here."""
        return self.anchors([event_id])[0]

    def anchors(self, event_ids: list[str]) -> list[tuple[float, float, bool] | None]:
        """:meth:`anchor` for many events at once."""
        columns = self._state.columns
        track_of = {e.id: e.track_id for e in (self._state.dataset.event(i) for i in event_ids if self._state.dataset.has_event(i))}
        refs = [(track_of[i], columns[track_of[i]].index_of[i]) if i in track_of else None for i in event_ids]
        return self.anchors_at(refs)

    def anchors_at(self, refs: list[tuple[str, int] | None]) -> list[tuple[float, float, bool] | None]:
        """Anchors of events given as (track id, column index)."""
        return [a[:3] if a is not None else None for a in self.anchor_spans_at(refs)]

    def anchor_spans_at(self, refs: list[tuple[str, int] | None]) -> list[tuple[float, float, bool, float, float] | None]:
        """Like :meth:`anchors_at`, plus the on-screen span (left, right) a link may attach to:
        the visible part of a bar, or the anchor point itself for a point or an aggregate."""
        found = self.anchor_arrays(refs_by_track(refs), len(refs))
        return [(float(x), float(y), bool(on), float(lo), float(hi)) if drawn else None
                for x, y, on, lo, hi, drawn in zip(found.x, found.y, found.on_screen, found.span_lo,
                                                   found.span_hi, found.drawn)]

    def anchor_arrays(self, refs: dict[str, tuple[np.ndarray, np.ndarray]], count: int) -> Anchors:
        """Anchors of ``count`` events given per track as (their positions in the result, their
        column indices), as arrays (:func:`viewer.scene.anchors.anchor_arrays`)."""
        rect = self.scene_rect()
        scale, offset = self.to_px()
        lanes = self.lanes()
        return anchor_arrays(lanes, refs, count, self._kept_anchor_ends(refs, lanes), rect.left(), rect.right(),
                             self._view_box.viewRange()[0][1], scale, offset)

    def _kept_anchor_ends(self, refs: dict[str, tuple[np.ndarray, np.ndarray]], lanes: list[Lane]):
        """The ends' column data, kept while the refs (a dataset's links, asked for every frame),
        the tracks shown and the columns stay the same."""
        lanes = lanes_with_ends(lanes, refs)
        if not lanes:
            return None
        columns = tuple(lane.columns for lane in lanes)
        kept = self._anchor_cache
        if kept is not None and kept[0] is refs and len(kept[1]) == len(columns) and all(
                a is b for a, b in zip(kept[1], columns)):
            return kept[2]
        ends = anchor_ends(refs, lanes)
        self._anchor_cache = (refs, columns, ends)
        return ends

    def label_rect(self, columns: TrackColumns, mark: Mark, y: float, rect: QRectF,
                   row_height: float) -> QRectF | None:
        """Where ``paint`` draws this mark's label (scene pixels): on its bar, beside it, or nowhere."""
        if mark.count != 1:
            return None
        scale, offset = self.to_px()
        box = label_box(columns, mark.index, mark.x0, mark.x1, mark.label_width, mark.label_on_bar, mark.label_left,
                        y, rect.left(), rect.right(), row_height, scale, offset)
        return QRectF(*box) if box is not None else None

    def label_rects(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        """(event id, (x, y, w, h)) of every label drawn at the current range, in scene pixels."""
        rect = self.scene_rect()
        found = []
        for lane in self.lanes():
            for mark in lane.marks:
                r = self.label_rect(lane.columns, mark, lane.row_centre(mark.row), rect, lane.row_height)
                if r is not None:
                    found.append((lane.columns.ids[mark.index], (r.x(), r.y(), r.width(), r.height())))
        return found

    def events_in_mark_of(self, event_id: str) -> int:
        """How many events the mark drawing this one stands for at the current range: 1 when it
        is drawn alone, more inside a count box, 0 when it is not drawn in this pane."""
        self._dirty = True  # the range may have just been set: lay out for it now
        for lane in self.lanes():
            index = lane.columns.index_of.get(event_id)
            if index is not None:
                mark = int(lane.owners()[index])
                return int(lane.arrays.counts[mark]) if mark >= 0 else 0
        return 0

    def event_scene_pos(self, event_id: str) -> QPointF | None:
        """Where the event's mark is drawn (scene coordinates), if it is on screen."""
        found = self.anchor(event_id)
        if found is None or not found[2]:
            return None
        return QPointF(found[0], found[1])

    def mark_at(self, pos: QPointF, slack: float = 4.0) -> tuple[Lane, Mark] | None:
        return mark_at(self.lanes(), pos.x(), pos.y(), slack)

    def nearest_off_view(self, track_id: str, direction: int) -> str | None:
        """The id of the event nearest the view on that side (-1: the last to start before it;
        +1: the first to start after it), or None."""
        columns = self._state.columns.get(track_id)
        if columns is None or not len(columns):
            return None
        index = nearest_off_view(columns, *self._view_box.viewRange()[0], direction)
        return columns.ids[index] if index is not None else None

    @property
    def off_view_hints(self) -> list[tuple[QRectF, str, int]]:
        """(where it is drawn, track id, -1 or +1) of each 'earlier' / 'later' hint of the last
        paint: a lane with nothing in view says how many events lie each way, and a click on the
        hint brings the nearest of them into view."""
        return self.lane_painter.off_view_hints

    def selection_callout(self, lane: Lane, index: int, rect: QRectF) -> tuple[QRectF, str] | None:
        """(box, text) of the callout naming the selected event where its own label is not drawn."""
        return self.lane_painter.selection_callout(lane, index, self._paint_context(rect))

    def tooltip_for(self, lane: Lane, mark: Mark) -> str:
        """What the mark's tooltip says, as plain text (shown escaped: it is dataset text)."""
        columns = lane.columns
        if mark.count > 1 and mark.under:
            return f"{mark.count:,} longer events in {columns.name} run through here — click to zoom in"
        if mark.count > 1:
            return f"{count(mark.count, 'event')} in {columns.name} — click to zoom in"
        event = self._state.dataset.event(columns.ids[mark.index])
        if event.date is not None:
            when = human_date(event.date)
        elif event.narrative is not None:
            n = event.narrative
            when = f"Episode {n.episode}" + (f"–{n.episode_end}" if n.episode_end and n.episode_end != n.episode else "")
            if n.minute is not None:
                when += f", minute {n.minute:g}"
        else:
            when = ""
        return f"{event.title}\n{when}"

    # -- mouse --------------------------------------------------------------------------------

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        ev.accept()
        for box, track_id, direction in self.off_view_hints:
            if box.contains(ev.scenePos()):
                nearest = self.nearest_off_view(track_id, direction)
                if nearest is not None:
                    self._state.focus(nearest)  # selected, and the view moves to it
                return
        hit = self.mark_at(ev.scenePos())
        if hit is None:
            if not ev.double():
                self.background_clicked.emit()
            return
        lane, mark = hit
        if mark.count > 1:
            target = cluster_target(lane.columns.lo[mark.members], *self._view_box.viewRange()[0])
            if target is None:
                self.cluster_listed.emit(lane.columns.track_id, mark.members)
            else:
                self.cluster_clicked.emit(*target)
            return
        event_id = lane.columns.ids[mark.index]
        (self.event_double_clicked if ev.double() else self.event_clicked).emit(event_id)

    def hoverEvent(self, ev) -> None:  # noqa: N802
        if ev.isExit():
            set_tooltip(self, "")
            return
        hit = self.mark_at(ev.scenePos())
        set_tooltip(self, self.tooltip_for(*hit) if hit else "")  # dataset text: shown as plain text
        if hit:
            ev.acceptClicks(Qt.MouseButton.LeftButton)

    # -- painting -----------------------------------------------------------------------------

    def paint(self, painter: QPainter, *args) -> None:
        lanes = self.lanes()
        inverse, ok = self.sceneTransform().inverted()
        if not ok:
            return
        painter.save()
        painter.setTransform(inverse, True)  # from here on we draw in scene pixels
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = self.scene_rect()
        painter.setClipRect(rect)
        theme = self._state.theme
        self.lane_painter.begin(painter, theme)
        context = self._paint_context(rect)
        for i, lane in enumerate(lanes):
            self.lane_painter.paint_lane(painter, lane, i, context)
        if not lanes and self._state.dataset.tracks_on(self._axis):
            # every track of this pane hidden: a blank pane would look broken
            painter.setFont(self.lane_painter.font)
            painter.setPen(QColor(theme.muted))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), HIDDEN_PANE_TEXT)
        painter.restore()

    def _paint_context(self, rect: QRectF) -> PaintContext:
        scale, offset = self.to_px()
        view = self._view_box.viewRange()[0]
        return PaintContext(rect, scale, offset, (view[0], view[1]), self._axis is AxisKind.NARRATIVE,
                            self._state.selected, self._lit_in, self._linked_in)

    def linked_ids(self) -> set[str]:
        """Ids of the events linked to the selected one (either way)."""
        selected, dataset = self._state.selected, self._state.dataset
        if not selected or not dataset.has_event(selected):
            return set()
        return {link.to_id if link.from_id == selected else link.from_id for link in dataset.links_of(selected)}

    def _linked_in(self, columns: TrackColumns) -> np.ndarray:
        """Column indices of this track's events linked to the selected one."""
        found = [columns.index_of.get(i) for i in self.linked_ids()]
        return np.array(sorted(i for i in found if i is not None), dtype=np.int64)

    def _lit_in(self, columns: TrackColumns) -> np.ndarray:
        """Column indices of this track's highlighted events (a search can match thousands)."""
        lit = self._lit.get(columns.track_id)
        if lit is None:
            lit = self._lit[columns.track_id] = columns.index_of.positions_of_rows(self._state.highlighted_rows())
        return lit
