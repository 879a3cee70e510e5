"""The two-clock view: a calendar pane above a narrative pane, with inspiration links between.

Each pane is a pyqtgraph ViewBox that zooms and pans on its own (wheel at the cursor, drag,
keyboard); limits are ViewBox settings, not event filters. The links overlay lives in the scene,
outside both ViewBoxes, and follows them as they move.
"""

from __future__ import annotations

import datetime
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent

from viewer.qt.timeline.axes import CalendarAxis, NarrativeAxis
from viewer.qt.timeline.links_overlay import LinksOverlay, SelectedLinks
from viewer.scene.columns import columns_extent
from viewer.core.dates import days_from_civil
from viewer.core.model import AxisKind
from viewer.qt.state import ViewState
from viewer.qt.timeline.pane_item import PaneItem
from viewer.scene.lanes import MIN_PANE_HEIGHT, lane_weight, pane_heights
from viewer.scene.shares import lane_heights, lane_need_px, shares_by_need

DAY = 1.0
MIN_CALENDAR_RANGE = 1.0 * DAY
"""No zooming past a day on the calendar."""
MIN_NARRATIVE_MINUTES = 1.0
"""No zooming past a minute on the narrative axis."""
MARGIN = 0.06
"""Fit-all and zoom-out margin as a share of the data's span."""
LABEL_ROOM = 0.03
"""Share of the span right of the last event in fit-all: a little air, no more (a title that the
right edge would cut goes left of its mark, see viewer.scene.lanes)."""
GAP_HEIGHT = 46
"""Pixels between the panes where the links curve across."""
ZOOM_STEP = 1.5
"""Zoom in / out by this factor a key press."""


class Pane:
    """One clock: its plot (an axis and a ViewBox in a small layout of their own), and the item
    drawing its lanes."""

    def __init__(self, state: ViewState, axis_kind: AxisKind, plot: pg.GraphicsLayout, view_box: pg.ViewBox,
                 axis: pg.AxisItem):
        self.kind = axis_kind
        self.plot = plot
        self.view_box = view_box
        self.axis = axis
        self.item = PaneItem(state, axis_kind, self.view_box)
        view_box.addItem(self.item)
        self.view_box.setMouseEnabled(x=True, y=False)
        self.view_box.enableAutoRange(enable=False)
        self.view_box.setYRange(0, 1, padding=0)

    def x_range(self) -> tuple[float, float]:
        (lo, hi), _ = self.view_box.viewRange()
        return float(lo), float(hi)

    def set_x_range(self, lo: float, hi: float) -> None:
        self.view_box.setXRange(lo, hi, padding=0)
        # pyqtgraph repaints twice after a range change unless the matrix is updated now
        self.view_box.updateMatrix()

    def zoom(self, factor: float, centre: float | None = None) -> None:
        lo, hi = self.x_range()
        centre = (lo + hi) / 2 if centre is None else centre
        self.set_x_range(centre - (centre - lo) * factor, centre + (hi - centre) * factor)

    def pan(self, share: float) -> None:
        lo, hi = self.x_range()
        shift = (hi - lo) * share
        self.set_x_range(lo + shift, hi + shift)


class TimelineView(pg.GraphicsLayoutWidget):
    """Calendar pane, links gap, narrative pane; keyboard zoom/pan for the pane under the mouse."""

    events_listed = Signal(object)
    """A count box whose events no zoom can spread was clicked: their ids, to be listed."""
    pane_floor_yields = False
    """Whether the panes' height floor gives way on a short view (see pane_heights)."""

    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent=parent)
        self._state = state
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ci.setContentsMargins(4, 4, 12, 4)
        self.ci.setSpacing(0)
        calendar_axis = CalendarAxis("top")
        narrative_axis = NarrativeAxis("bottom")
        calendar_plot, calendar_box = self._add_plot(0, calendar_axis, axis_above=True)
        self.gap = self.ci.addLayout(row=1, col=0)
        self.gap.setMinimumHeight(GAP_HEIGHT)
        self.gap.setMaximumHeight(GAP_HEIGHT)
        narrative_plot, narrative_box = self._add_plot(2, narrative_axis, axis_above=False)
        self.calendar = Pane(state, AxisKind.CALENDAR, calendar_plot, calendar_box, calendar_axis)
        self.narrative = Pane(state, AxisKind.NARRATIVE, narrative_plot, narrative_box, narrative_axis)
        self.links = LinksOverlay(state, self.calendar, self.narrative)
        self.scene().addItem(self.links)
        self.selected_links = SelectedLinks(self.links, state, (self.calendar, self.narrative))
        self.scene().addItem(self.selected_links)
        self.active = self.calendar
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        for pane in self.panes:
            pane.item.cluster_clicked.connect(lambda lo, hi, p=pane: self.zoom_to_range(p, lo, hi))
            pane.item.cluster_listed.connect(self._on_cluster_listed)
            pane.item.event_double_clicked.connect(self.zoom_to_event)
            # a click on a mark selects its event; a click on empty space clears the selection
            pane.item.event_clicked.connect(state.select)
            pane.item.background_clicked.connect(self._on_background_clicked)
        state.dataset_changed.connect(self._on_dataset_changed)
        state.theme_changed.connect(self._on_theme_changed)
        state.focus_requested.connect(self._on_focus_requested)
        self._on_theme_changed()
        self._on_dataset_changed()

    def _add_plot(self, row: int, axis: pg.AxisItem, axis_above: bool) -> tuple[pg.GraphicsLayout, pg.ViewBox]:
        """A pane's plot in row ``row``: its axis above or below a ViewBox without a menu, laid out
        as a PlotItem lays them out (1-px margins, no spacing, the axis drawn over the view). Not
        a PlotItem: its three unused axes, buttons and options menu cost ~8 ms of every start-up."""
        layout = self.ci.addLayout(row=row, col=0)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        view_box = pg.ViewBox(enableMenu=False)
        for position, item in enumerate((axis, view_box) if axis_above else (view_box, axis)):
            layout.addItem(item, row=position, col=0)
        axis.linkToView(view_box)
        axis.setZValue(0.5)
        return layout, view_box

    @property
    def panes(self) -> tuple[Pane, Pane]:
        return self.calendar, self.narrative

    @property
    def episode_count(self) -> int:
        """Episodes on the narrative axis (at least one)."""
        return self._episode_count

    def pane_for(self, event_id: str) -> Pane:
        dataset = self._state.dataset
        axis = dataset.track(dataset.event(event_id).track_id).axis
        return self.narrative if axis is AxisKind.NARRATIVE else self.calendar

    # -- reacting to the state ----------------------------------------------------------------

    def _on_dataset_changed(self) -> None:
        dataset = self._state.dataset
        has = {axis: bool(dataset.tracks_on(axis)) for axis in AxisKind}
        weights = {axis: sum(lane_weight(c) for c in self._state.columns.values() if c.axis is axis) or 1
                   for axis in AxisKind}
        self.calendar.plot.setVisible(has[AxisKind.CALENDAR] or not has[AxisKind.NARRATIVE])
        self.narrative.plot.setVisible(has[AxisKind.NARRATIVE])
        self.gap.setVisible(has[AxisKind.CALENDAR] and has[AxisKind.NARRATIVE])
        self._pane_weights = (weights[AxisKind.CALENDAR] if has[AxisKind.CALENDAR] else 0,
                              weights[AxisKind.NARRATIVE] if has[AxisKind.NARRATIVE] else 0)
        episodes = {e.number: e for e in dataset.episodes}
        narrative_extent = columns_extent(self._state.columns, AxisKind.NARRATIVE)
        count = max([e.number for e in dataset.episodes] +
                    [int(math.ceil(narrative_extent[1])) if narrative_extent else 1] + [1])
        self.narrative.axis.set_episodes({n: e.title for n, e in episodes.items() if e.title},
                                         {n: e.minutes for n, e in episodes.items()}, count)
        self._episode_count = count
        kept = [pane.x_range() for pane in self.panes] if self._state.is_reload else None
        self._apply_limits()
        if kept is None:
            self.fit_all()  # which shares the height for the views it sets
        else:  # a reload of the same file: stay where the user was (within the new limits)
            for pane, (lo, hi) in zip(self.panes, kept):
                pane.set_x_range(lo, hi)
            self._share_height()  # for what the titles need at the views just set

    def _share_height(self) -> None:
        """Split the height between the panes by how busy their tracks are, then by what their
        titles need at the current view (:mod:`viewer.scene.shares`), and a pane's height between
        its lanes the same way (fixed heights, because QGraphicsGridLayout's stretch factors
        yield to the plots' preferred sizes)."""
        if not hasattr(self, "_pane_weights"):
            return  # pyqtgraph sends a resize from its own __init__, before the panes exist
        heights = list(pane_heights(self._pane_weights, self.height(), GAP_HEIGHT, self.pane_floor_yields))
        shown = [i for i, pane in enumerate(self.panes) if pane.plot.isVisible() and self._pane_weights[i]]
        lanes = {i: self._lane_needs(self.panes[i]) for i in shown}
        if len(shown) == 2 and all(lanes.values()):
            chrome = [self._chrome(self.panes[i]) for i in shown]
            need = [sum(lane_need_px(r) for _, r in lanes[i]) + c for i, c in zip(shown, chrome)]
            for i, height in zip(shown, shares_by_need([heights[i] for i in shown], need)):
                heights[i] = max(height, MIN_PANE_HEIGHT if not self.pane_floor_yields else 0.0)
        for i, (pane, height) in enumerate(zip(self.panes, heights)):
            pane.plot.setMinimumHeight(height)
            pane.plot.setMaximumHeight(height)
            if i in lanes:
                self._share_lanes(pane, lanes[i], height - self._chrome(pane))

    def share_height(self) -> None:
        """Share the height again, for what the titles need at the panes' current views."""
        self._share_height()

    @staticmethod
    def _chrome(pane: Pane) -> float:
        """A pane's height beyond its lanes: its axis and margins (as laid out now)."""
        return max(pane.plot.height() - pane.item.scene_rect().height(), 0.0)

    @staticmethod
    def _lane_needs(pane: Pane) -> list[tuple[int, int]]:
        """Each shown lane's weight by how busy it is and the rows its titles need now."""
        tracks = pane.item.tracks
        if not tracks or not pane.item.scene_rect().width() > 0:
            return []
        return [(lane_weight(c), rows) for c, rows in zip(tracks, pane.item.rows_needed())]

    @staticmethod
    def _share_lanes(pane: Pane, needs: list[tuple[int, int]], height: float) -> None:
        if not needs or not height > 0:
            pane.item.set_lane_weights(None)
            return
        total = sum(w for w, _ in needs)
        base = [height * w / total for w, _ in needs]
        pane.item.set_lane_weights(lane_heights(base, [r for _, r in needs], height))

    def resizeEvent(self, ev) -> None:  # noqa: N802
        self._share_height()
        super().resizeEvent(ev)

    def _on_theme_changed(self) -> None:
        theme = self._state.theme
        self.setBackground(theme.background)
        for pane in self.panes:
            pane.axis.setPen(QColor(theme.muted))
            pane.axis.setTextPen(QColor(theme.text))

    def _on_background_clicked(self) -> None:
        self._state.select(None)

    def _on_mouse_moved(self, pos: QPointF) -> None:
        for pane in self.panes:
            if pane.plot.isVisible() and pane.view_box.sceneBoundingRect().contains(pos):
                self.active = pane

    # -- ranges -------------------------------------------------------------------------------

    def full_range(self, pane: Pane) -> tuple[float, float]:
        """The data's extent on this pane's axis plus a margin (or a sensible default)."""
        if pane is self.narrative:
            return -0.05 * self._episode_count, self._episode_count * (1 + LABEL_ROOM / 2)
        extent = columns_extent(self._state.columns, AxisKind.CALENDAR)
        if extent is None:  # nothing dated yet (a new dataset): this year, where a user starts
            year = datetime.date.today().year
            return float(days_from_civil(year, 1, 1)), float(days_from_civil(year + 1, 1, 1))
        lo, hi = extent
        span = max(hi - lo, 30.0)
        # more room on the right: labels sit right of their marks, and the latest ones need it
        return lo - span * MARGIN, hi + span * LABEL_ROOM

    def _apply_limits(self) -> None:
        for pane in self.panes:
            lo, hi = self.full_range(pane)
            span = hi - lo
            if pane is self.narrative:
                minutes = max([e.minutes for e in self._state.dataset.episodes] + [50.0])
                min_range = MIN_NARRATIVE_MINUTES / minutes
            else:
                min_range = MIN_CALENDAR_RANGE
            pane.view_box.setLimits(xMin=lo - span * MARGIN, xMax=hi + span * MARGIN,
                                    minXRange=min_range, maxXRange=span * (1 + 2 * MARGIN))

    def fit_all(self) -> None:
        for pane in self.panes:
            pane.set_x_range(*self.full_range(pane))
        # the heights were shared for the views before (at start-up, the window's first size):
        # share them for what the titles need in the whole view, or some go untitled
        self._share_height()

    def _on_cluster_listed(self, track_id: str, members: np.ndarray) -> None:
        ids = self._state.columns[track_id].ids
        self.events_listed.emit([ids[int(i)] for i in members])

    def zoom_to_range(self, pane: Pane, lo: float, hi: float) -> None:
        span = max(hi - lo, 1e-9)
        pane.set_x_range(lo - span * 0.15, hi + span * 0.15)

    def zoom_to_event(self, event_id: str) -> None:
        """Zoom the event's pane so the event (its whole span, uncertainty included) fills two
        thirds of it: a third, as it was, zoomed out on a plot point spanning most of the season."""
        pane = self.pane_for(event_id)
        lo, hi = self._event_extent(pane, event_id)
        minimum = 60.0 if pane is self.calendar else 0.5
        span = max((hi - lo) * 1.5, minimum)
        centre = (lo + hi) / 2
        pane.set_x_range(centre - span / 2, centre + span / 2)
        self._state.select(event_id)

    def zoom_to_selection(self) -> None:
        if self._state.selected:
            self.zoom_to_event(self._state.selected)

    def _on_focus_requested(self, event_id: str, centre: bool, reveal: bool) -> None:
        self.centre_on_event(event_id, centre)
        if reveal:
            self.reveal(event_id)

    def reveal(self, event_id: str) -> None:
        """Zoom in on the event, halving the span, until its mark stands for it alone: a search
        match inside a count box is then drawn, and labelled, on its own."""
        pane = self.pane_for(event_id)
        lo, hi = self._event_extent(pane, event_id)
        centre = (lo + hi) / 2
        start = pane.x_range()
        for _ in range(40):  # 2**40 is far past any dataset's span over its finest detail
            if pane.item.events_in_mark_of(event_id) <= 1:
                return
            view_lo, view_hi = pane.x_range()
            span = (view_hi - view_lo) / 2
            if span <= (hi - lo) * 1.2:  # the event fills the pane: closer cannot separate it
                break
            pane.set_x_range(centre - span / 2, centre + span / 2)
        # events that overlap it all the way down (long or vague dates) keep it in a count box
        # at any zoom: a zoom that shows nothing new is only disorienting
        pane.set_x_range(*start)

    def centre_on_event(self, event_id: str, always: bool = True) -> None:
        """Keep the zoom but move the event to the centre (zooming out if it does not fit).

        With ``always=False`` an event already in view stays where it is (stepping with ↓ / ↑
        should not pull the view around)."""
        pane = self.pane_for(event_id)
        lo, hi = self._event_extent(pane, event_id)
        view_lo, view_hi = pane.x_range()
        if not always and view_lo <= lo and hi <= view_hi:
            return
        span = max(view_hi - view_lo, (hi - lo) * 1.2)
        centre = (lo + hi) / 2
        pane.set_x_range(centre - span / 2, centre + span / 2)

    def _event_extent(self, pane: Pane, event_id: str) -> tuple[float, float]:
        event = self._state.dataset.event(event_id)
        columns = self._state.columns[event.track_id]
        i = columns.index_of[event_id]
        lo, hi = float(columns.lo[i]), float(columns.hi[i])
        return lo, hi

    # -- keyboard -----------------------------------------------------------------------------

    def zoom_in(self) -> None:
        """Zoom the pane last under the mouse in, at the cursor if it is over that pane."""
        self.active.zoom(1 / ZOOM_STEP, self._cursor_axis_x(self.active))

    def zoom_out(self) -> None:
        self.active.zoom(ZOOM_STEP, self._cursor_axis_x(self.active))

    def keyPressEvent(self, ev: QKeyEvent) -> None:  # noqa: N802
        # + and − are the window's Zoom in / Zoom out shortcuts (viewer/qt/menus.py)
        key = ev.key()
        pane = self.active
        if key == Qt.Key.Key_Left:
            pane.pan(-0.15)
        elif key == Qt.Key.Key_Right:
            pane.pan(0.15)
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        else:
            super().keyPressEvent(ev)
            return
        ev.accept()

    def _cursor_axis_x(self, pane: Pane) -> float | None:
        """The axis value under the mouse, if the mouse is over the pane: keys zoom at the cursor too."""
        pos = self.mapFromGlobal(self.cursor().pos())
        scene = self.mapToScene(pos)
        if not pane.view_box.sceneBoundingRect().contains(scene):
            return None
        return float(pane.view_box.mapSceneToView(scene).x())
