"""View ▸ Back / Forward: the Qt side of :class:`viewer.core.history.ViewHistory`.

It reads the view (both panes' ranges and the selection) when either changes, tells the history
with the time, and restores a view the history hands back. The timer only wakes the history
up once the view has been still; what makes an entry is decided there.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from viewer.core.history import STILL_SECONDS, View, ViewHistory
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import TimelineView


class NavigationHistory(QObject):
    """Back and Forward through the views the user looked at in this dataset."""

    changed = Signal()
    """Whether Back or Forward can go somewhere may have changed."""

    def __init__(self, state: ViewState, timeline: TimelineView, parent: QObject | None = None):
        super().__init__(parent)
        self._state, self._timeline = state, timeline
        self._restoring = False
        self.history = ViewHistory(self.current_view())
        self._still = QTimer(self, singleShot=True)
        self._still.timeout.connect(self._on_still)
        for pane in timeline.panes:
            pane.view_box.sigRangeChanged.connect(self._on_range_changed)
        state.selection_changed.connect(self._on_selection_changed)
        state.dataset_changed.connect(self._on_dataset_changed)

    def current_view(self) -> View:
        return View(tuple(pane.x_range() for pane in self._timeline.panes), self._state.selected)

    def can_go_back(self) -> bool:
        return self.history.can_go_back()

    def can_go_forward(self) -> bool:
        return self.history.can_go_forward()

    @Slot()
    def back(self) -> None:
        self._restore(self.history.back())

    @Slot()
    def forward(self) -> None:
        self._restore(self.history.forward())

    def _restore(self, view: View | None) -> None:
        if view is None:
            return
        self._still.stop()
        self._restoring = True  # the view the history gave is not a new move
        try:
            selected = view.selected if view.selected and self._state.dataset.has_event(view.selected) else None
            self._state.select(selected)
            for pane, (lo, hi) in zip(self._timeline.panes, view.ranges):
                pane.set_x_range(lo, hi)
        finally:
            self._restoring = False
        self.changed.emit()

    def _on_range_changed(self, *_args) -> None:
        if self._restoring:
            return
        self.history.moved(self.current_view(), time.monotonic())
        self._still.start(round(STILL_SECONDS * 1000))
        self.changed.emit()

    @Slot()
    def _on_still(self) -> None:
        now = time.monotonic()
        if not self.history.settle(now):
            left = self.history.settle_in(now)
            if left is not None:  # a coarse timer may wake a little early
                self._still.start(max(1, math.ceil(left * 1000)))
        self.changed.emit()

    def _on_selection_changed(self, *_args) -> None:
        if not self._restoring:
            # once the panes have moved to the event (ViewState.focus selects, then moves them)
            QTimer.singleShot(0, self, self._record_selection)

    def _record_selection(self) -> None:
        self.history.selected(self.current_view())
        self.changed.emit()

    def _on_dataset_changed(self) -> None:
        if not self._state.is_reload:  # another file: nothing of the old one to go back to
            self._still.stop()
            self.history.reset(self.current_view())
            self.changed.emit()
