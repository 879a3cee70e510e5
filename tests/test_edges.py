"""Edge-shaped datasets all load, render and respond: nothing crashes at the extremes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from conftest import a_calendar_event, a_dataset_with, a_plot_point, settle, write_dataset
from viewer.dataset.load import load_dataset

CALENDAR_ONLY = [{"id": "real", "name": "Real life", "axis": "calendar", "color": "#2f7ed8"}]
NARRATIVE_ONLY = [{"id": "screen", "name": "On screen", "axis": "narrative", "color": "#c2417a"}]


def _load(tmp_path: Path, **kwargs):
    return load_dataset(write_dataset(tmp_path, a_dataset_with(**kwargs)))


def _exercise(qtbot, window) -> None:
    """Zoom both panes to their limits and back, click around, step the selection: no exceptions."""
    for pane in window.timeline.panes:
        if not pane.plot.isVisible():
            continue
        for _ in range(60):
            pane.zoom(0.5)
        settle(qtbot, 1)
        lo, hi = pane.x_range()
        assert np.isfinite([lo, hi]).all() and hi > lo
        for _ in range(80):
            pane.zoom(2.0)
        settle(qtbot, 1)
        lo, hi = pane.x_range()
        assert np.isfinite([lo, hi]).all() and hi > lo
        viewport = window.timeline.viewport()
        centre = pane.view_box.sceneBoundingRect().center()
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=window.timeline.mapFromScene(centre))
    window.timeline.fit_all()
    window.next_action.trigger()
    window.previous_action.trigger()
    window.clear_action.trigger()
    window.grab()  # a full paint of everything


DATASETS = {
    "no events": dict(events=[]),
    "a single event": dict(events=[a_calendar_event("only", "1990-10-21")]),
    "all events on one date": dict(events=[a_calendar_event(f"e{i}", "1990-10-21") for i in range(40)]),
    "a 10,000-year span": dict(events=[a_calendar_event("old", "-8000"), a_calendar_event("new", "2020-05-01")]),
    "BCE dates": dict(events=[a_calendar_event("a", "-0500"), a_calendar_event("b", "-0499-03~"),
                              a_calendar_event("c", "-0490/-0480")]),
    "open-ended intervals": dict(events=[a_calendar_event("open-end", "1993/.."), a_calendar_event("open-start", "../1990"),
                                         a_calendar_event("unknown-end", "1995/")]),
    "narrative only": dict(tracks=NARRATIVE_ONLY, events=[a_plot_point("p1"), a_plot_point("p2", episode=3)]),
    "calendar only": dict(tracks=CALENDAR_ONLY, events=[a_calendar_event("x", "2001"), a_calendar_event("y", "2003~")]),
    "a plot point at the last minute": dict(events=[a_plot_point("late", minute=49.9)]),
}


@pytest.mark.parametrize("shape", list(DATASETS))
def test_edge_dataset_renders_and_responds(qtbot, make_window, tmp_path, shape):
    dataset = _load(tmp_path, **DATASETS[shape])
    window = make_window(dataset)
    _exercise(qtbot, window)
    window.timeline.fit_all()
    settle(qtbot)
    for event in dataset.events:  # every event is on screen after fit-all
        anchor = window.timeline.pane_for(event.id).item.anchor(event.id)
        assert anchor is not None and anchor[2], event.id


def test_zoom_limits_hold_on_a_single_day_dataset(qtbot, make_window, tmp_path):
    window = make_window(_load(tmp_path, events=[a_calendar_event("only", "1990-10-21")]))
    pane = window.timeline.calendar
    for _ in range(60):
        pane.zoom(0.5)
    settle(qtbot, 1)
    lo, hi = pane.x_range()
    assert hi - lo >= 1.0 - 1e-6  # never past a day


def test_opening_an_empty_dataset_after_a_full_one_clears_the_view(qtbot, window, tmp_path):
    empty = write_dataset(tmp_path, a_dataset_with(events=[]))
    window.state.select("iris-azulai-killed")
    assert window.open_path(empty)
    settle(qtbot)
    assert window.state.selected is None
    assert all(not lane.marks for pane in window.timeline.panes for lane in pane.item.lanes())
    assert "0 real-world events" in window.detail.toPlainText()
    window.grab()
