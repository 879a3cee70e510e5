"""The inspiration links between the panes: the web of curves beneath both panes
(:class:`LinksOverlay`) and the selected event's links above them (:class:`SelectedLinks`).
Where the curves go is worked out in :mod:`viewer.scene.links`; this module builds their paths
and paints them."""

from __future__ import annotations

import struct
from typing import Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QDataStream, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsObject, QWidget

from viewer.qt.state import ViewState
from viewer.qt.timeline.pane_item import PaneItem
from viewer.qt.timeline.raster_cache import RasterCache
from viewer.scene.links import MOVE_TO, CrossingLinks, LinkEnds, crossing_links, curve_elements, link_ends, stub_elements, thin_links


class Pane(Protocol):
    """What the overlays follow of a pane (:class:`viewer.qt.timeline.view.Pane`)."""

    view_box: pg.ViewBox
    item: PaneItem


MAX_ANTIALIASED_LINKS = 400
"""Above this many distinct curves, links are drawn without antialiasing (a dense web either way)."""
MAX_DRAWN_LINKS = 600
"""A denser web is drawn at a coarser grain (see LinksOverlay.paint)."""
DENSE_GRAIN_PX = 6.0
"""In a web of more than MAX_ANTIALIASED_LINKS links, ends this close share one drawn curve."""
STUB_PX = 34.0
"""Length of the stub drawn for a link whose other end is off screen."""


def _blend(colour: str, background: str, share: float) -> QColor:
    """``colour`` laid over ``background`` at ``share`` opacity, as one opaque colour."""
    a, b = QColor(colour), QColor(background)
    return QColor(round(b.red() + (a.red() - b.red()) * share), round(b.green() + (a.green() - b.green()) * share),
                  round(b.blue() + (a.blue() - b.blue()) * share))


def _path_of(kinds: np.ndarray, x: np.ndarray, y: np.ndarray) -> QPainterPath:
    """A path of exactly these elements (see :func:`viewer.scene.links.curve_elements`), read from
    QPainterPath's own stream format (count, then kind, x, y per element, then the start of the
    last subpath and the fill rule, big-endian) in one call rather than one call per element."""
    path = QPainterPath()
    if len(kinds) == 0:
        return path
    elements = np.empty(len(kinds), dtype=[("kind", ">i4"), ("x", ">f8"), ("y", ">f8")])
    elements["kind"], elements["x"], elements["y"] = kinds, x, y
    last_move = int(np.flatnonzero(np.asarray(kinds) == MOVE_TO)[-1])
    data = struct.pack(">i", len(kinds)) + elements.tobytes() + struct.pack(">ii", last_move, int(Qt.FillRule.OddEvenFill.value))
    QDataStream(QByteArray(data)) >> path
    return path


class PaneOverlay(QGraphicsObject):
    """Drawn over both panes, taking no mouse: redrawn when the view state or a pane's range
    changes, its bounds renewed when a pane is resized."""

    def follow(self, state: ViewState, panes: tuple[Pane, Pane]) -> None:
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        for signal in (state.selection_changed, state.dataset_changed, state.hidden_tracks_changed, state.theme_changed):
            signal.connect(self._on_changed)
        for pane in panes:
            pane.view_box.sigRangeChanged.connect(self._on_changed)
            pane.view_box.sigResized.connect(self._on_geometry_changed)

    def _on_changed(self, *_args) -> None:
        self.update()

    def _on_geometry_changed(self, *_args) -> None:
        self.prepareGeometryChange()
        self.update()


class LinksOverlay(PaneOverlay):
    """Inspiration links drawn as curves from plot points to the real events they draw on."""

    def __init__(self, state: ViewState, calendar: Pane, narrative: Pane):
        super().__init__()
        self._state = state
        self._calendar = calendar
        self._narrative = narrative
        self._crossing: CrossingLinks | None = None
        self._crossing_for: object = None
        self._ends: LinkEnds | None = None
        self._ends_key: tuple | None = None
        self._paths: tuple[QPainterPath, QPainterPath, QPainterPath, int] | None = None
        self._paths_for: LinkEnds | None = None
        self._thinned: tuple[tuple, np.ndarray] | None = None
        """(what it was worked out for, positions of the plain links drawn) of the last thinning."""
        self._raster = RasterCache()
        # Beneath the panes: marks, counts and labels are drawn over the curves, so a dense web
        # never hides one, and the lane stripes are translucent so the curves show through them.
        # (Clipping the curves out of the marks instead cost 3–10 ms a frame.)
        self.setZValue(-1)
        self.follow(state, (calendar, narrative))

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._calendar.view_box.sceneBoundingRect().united(self._narrative.view_box.sceneBoundingRect()).adjusted(-2, -2, 2, 2)

    def ends(self) -> list[tuple[str, str, tuple[float, float], tuple[float, float], bool, bool, bool]]:
        """(from id, to id, narrative end, calendar end, both ends on screen, touches the selection,
        narrative end on screen) for each link drawn across the two clocks, in scene pixels."""
        crossing = self._crossing_links()
        found = self.end_arrays()
        return [(crossing.from_ids[k], crossing.to_ids[k], (xa, ya), (xb, yb), both, touches, narrative_on)
                for k, xa, ya, xb, yb, both, touches, narrative_on in zip(
                    found.link.tolist(), found.narrative_x.tolist(), found.narrative_y.tolist(),
                    found.calendar_x.tolist(), found.calendar_y.tolist(), found.both_on_screen.tolist(),
                    found.touches_selection.tolist(), found.narrative_on_screen.tolist())]

    def end_arrays(self) -> LinkEnds:
        """:meth:`ends` as arrays, kept while neither pane's marks moved and the selection stayed."""
        crossing = self._crossing_links()
        key = (crossing, self._state.selected, self._narrative.item.marks_version(), self._calendar.item.marks_version())
        if self._ends is None or key != self._ends_key:
            self._ends, self._ends_key = self._compute_ends(crossing), key
        return self._ends

    def _compute_ends(self, crossing: CrossingLinks) -> LinkEnds:
        count = len(crossing)
        narrative = self._narrative.item.anchor_arrays(crossing.narrative, count)
        calendar = self._calendar.item.anchor_arrays(crossing.calendar, count)
        return link_ends(crossing, narrative, calendar, self._state.selected)

    def _crossing_links(self) -> CrossingLinks:
        """The links between the clocks, cached per dataset."""
        dataset = self._state.dataset
        if self._crossing is None or self._crossing_for is not dataset:
            self._crossing, self._crossing_for = crossing_links(dataset, self._state.columns), dataset
            self._ends = None
        return self._crossing

    @staticmethod
    def _add_curve(path: QPainterPath, a: tuple[float, float], b: tuple[float, float]) -> None:
        (xa, ya), (xb, yb) = a, b
        bend = max(abs(ya - yb) * 0.5, 30)
        path.moveTo(xa, ya - 7)
        path.cubicTo(xa, ya - bend, xb, yb + bend, xb, yb + 7)

    def curves(self) -> list[tuple[str, str, QPainterPath, bool, bool]]:
        """(from id, to id, path, both ends on screen, touches the selection) for each drawable link."""
        result = []
        for from_id, to_id, a, b, on_screen, touches, _ in self.ends():
            path = QPainterPath()
            self._add_curve(path, a, b)
            result.append((from_id, to_id, path, on_screen, touches))
        return result

    def paint(self, painter: QPainter, option=None, widget: QWidget | None = None) -> None:
        # Links that land on the same marks (members of one aggregate, say) share a curve: draw each
        # distinct curve once, and all plain ones in one path, because a separate antialiased
        # drawPath per link cost ~0.9 ms each (about 1 s a frame at 1,000 links). A link with one
        # end off screen is a short stub pointing the way, not a dashed curve to the pane's edge:
        # dashing long curves cost ~0.4 ms per link, and the stubs read more clearly.
        # A repaint that changed nothing of the web (a search's highlight, a hover) copies it from
        # the picture kept of it (see RasterCache): only the paths, colours and place determine it.
        paths = self.paths()
        curves, stubs, _selected, drawn = paths
        theme = self._state.theme
        key = (paths, theme.link, theme.background)
        self._raster.paint(painter, widget, self.boundingRect(), key,
                           lambda p: self._draw_web(p, curves, stubs, drawn, device_ratio(p)))

    def paths(self) -> tuple[QPainterPath, QPainterPath, QPainterPath, int]:
        """(plain curves, stubs, curves touching the selection, how many plain ones), built once
        per set of ends (a range change paints twice)."""
        ends = self.end_arrays()
        if self._paths_for is not ends:
            self._paths, self._paths_for = self._build_paths(ends), ends
        return self._paths

    def _draw_web(self, painter: QPainter, curves: QPainterPath, stubs: QPainterPath, drawn: int, ratio: float) -> None:
        theme = self._state.theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, drawn <= MAX_ANTIALIASED_LINKS)
        # a dense web is drawn fainter, so what it passes near stays readable
        curve_alpha = 110 if drawn <= MAX_ANTIALIASED_LINKS else 60
        for path, alpha in ((curves, curve_alpha), (stubs, 150)):
            if path.isEmpty():
                continue
            # opaque colour (pre-blended with the page) and a cosmetic pen: Qt then rasterises the
            # lines directly. A translucent or wide pen makes it build and fill the outline of the
            # whole path instead: ~400 ms a frame for 100 curves.
            pen = QPen(_blend(theme.link, theme.background, alpha / 255), 1.0 * ratio)  # ratio: device_ratio
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(path)

    def _build_paths(self, ends: LinkEnds) -> tuple[QPainterPath, QPainterPath, QPainterPath, int]:
        """(plain curves, stubs, curves touching the selection, how many plain ones) to draw."""
        selected = QPainterPath()
        chosen = np.flatnonzero(ends.touches_selection)
        for xa, ya, xb, yb in zip(*(v[chosen].tolist() for v in (ends.narrative_x, ends.narrative_y,
                                                                   ends.calendar_x, ends.calendar_y))):
            self._add_curve(selected, (xa, ya), (xb, yb))
        # In a dense web, curves whose ends are within a few pixels are indistinguishable: draw one.
        # The grain coarsens until at most MAX_DRAWN_LINKS curves remain, so a million-event
        # dataset's thousands of links cost what a few hundred do (every link still has a curve
        # within a few pixels of its own).
        plain = np.flatnonzero(~ends.touches_selection)
        grain = 1.0 if len(plain) <= MAX_ANTIALIASED_LINKS else DENSE_GRAIN_PX
        columns = (ends.narrative_x, ends.narrative_y, ends.calendar_x, ends.calendar_y, ends.both_on_screen)
        # a pan inside both panes' layout windows moves every end of a pane by the same amount, so
        # the links that shared a curve still do: the thinning is kept until a pane is laid out
        # anew, the selection changes or a link's end comes into view or leaves it (the web also
        # stays still while panning, instead of shimmering as the grid cells shift)
        key = (self._narrative.item.layout_id, self._calendar.item.layout_id, self._state.selected,
               ends.link.tobytes(), ends.both_on_screen.tobytes())
        if self._thinned is not None and self._thinned[0] == key:
            kept = self._thinned[1]
        else:
            kept = plain[thin_links(*(v[plain] for v in columns), grain=grain, max_drawn=MAX_DRAWN_LINKS,
                                    max_grain=8 * DENSE_GRAIN_PX)]
            self._thinned = (key, kept)
        # built as arrays and read in one Qt call: a moveTo and cubicTo per curve from Python was
        # ~1 ms a frame for a full view's 700 curves (the same elements either way)
        xa, ya, xb, yb, on_screen = (v[kept] for v in columns)
        shown = int(np.count_nonzero(on_screen))
        if shown == len(kept):  # all ends on screen (a full view): no stubs, and no step to pick the curves
            curves, stubs = _path_of(*curve_elements(xa, ya, xb, yb)), QPainterPath()
        else:
            curves = _path_of(*curve_elements(xa[on_screen], ya[on_screen], xb[on_screen], yb[on_screen]))
            off = ~on_screen
            stubs = _path_of(*stub_elements(xa[off], ya[off], xb[off], yb[off], ends.narrative_on_screen[kept][off], STUB_PX))
        return curves, stubs, selected, len(kept)

    @staticmethod
    def _add_stub(path: QPainterPath, a: tuple[float, float], b: tuple[float, float], narrative_on: bool) -> None:
        """A short line from the end that is on screen toward the one that is not."""
        (xa, ya), (xb, yb) = a, b
        if narrative_on:
            start, end = QPointF(xa, ya - 7), QPointF(xb, yb + 7)
        else:
            start, end = QPointF(xb, yb + 7), QPointF(xa, ya - 7)
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        tip = QPointF(start.x() + dx / length * STUB_PX, start.y() + dy / length * STUB_PX)
        path.moveTo(start)
        path.lineTo(tip)
        # a small open arrowhead says "continues over there"
        back_x, back_y = -dx / length * 5, -dy / length * 5
        path.moveTo(tip)
        path.lineTo(tip.x() + back_x - back_y * 0.6, tip.y() + back_y + back_x * 0.6)
        path.moveTo(tip)
        path.lineTo(tip.x() + back_x + back_y * 0.6, tip.y() + back_y - back_x * 0.6)


def device_ratio(painter: QPainter) -> float:
    """Device pixels per scene pixel: cosmetic widths are device pixels, so a 4x export scales
    its lines by this (the image's own ratio is not what a widget rendering into it reports)."""
    return max(abs(painter.deviceTransform().m11()), 1.0)


class SelectedLinks(PaneOverlay):
    """The links of the selected event, drawn above the panes: the curves a reader follows are
    never hidden behind a title (the rest of the web runs beneath the marks, see LinksOverlay)."""

    def __init__(self, links: LinksOverlay, state: ViewState, panes: tuple[Pane, Pane]):
        super().__init__()
        self._links, self._state = links, state
        self.setZValue(5)
        self.follow(state, panes)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._links.boundingRect()

    def path(self) -> QPainterPath:
        """The curves of the selected event's links (empty when nothing linked is selected)."""
        return self._links.paths()[2] if self._state.selected else QPainterPath()

    def paint(self, painter: QPainter, *args) -> None:
        selected = self.path()
        if selected.isEmpty():
            return
        painter.setClipRect(self.boundingRect())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(QColor(self._state.theme.selection), 2.0 * device_ratio(painter))
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(selected)
