"""View ▸ Back / Forward (Alt+← / Alt+→) on the real window: zoom, pan and selection, each view
restored exactly, a burst of wheel steps as one step back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from conftest import a_calendar_event, a_dataset_with, settle, write_dataset
from test_timeline_interaction import wheel
from viewer.core.history import STILL_SECONDS


def be_still(qtbot) -> None:
    """Leave the view alone long enough for its last move to count as one."""
    qtbot.wait(round(STILL_SECONDS * 1000) + 150)
    settle(qtbot, 1)


def shown(window):
    """The view as the user sees it: both panes' ranges and the selection."""
    return tuple(pane.x_range() for pane in window.timeline.panes), window.state.selected


def test_back_returns_each_earlier_view_exactly_and_forward_redoes_them(window, qtbot):
    views = [shown(window)]
    window.zoom_in_action.trigger()
    be_still(qtbot)
    views.append(shown(window))
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right)  # pan
    be_still(qtbot)
    views.append(shown(window))
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    views.append(shown(window))
    assert len(set(views)) == 4

    for earlier in reversed(views[:-1]):
        assert window.back_action.isEnabled()
        window.back_action.trigger()
        settle(qtbot)
        assert shown(window) == earlier
    assert not window.back_action.isEnabled(), "nothing before the first view"
    for later in views[1:]:
        assert window.forward_action.isEnabled()
        window.forward_action.trigger()
        settle(qtbot)
        assert shown(window) == later
    assert not window.forward_action.isEnabled()


def test_a_new_move_after_back_drops_the_way_forward(window, qtbot):
    first = shown(window)
    window.zoom_in_action.trigger()
    be_still(qtbot)
    window.zoom_in_action.trigger()
    be_still(qtbot)
    window.back_action.trigger()
    window.back_action.trigger()
    settle(qtbot)
    assert shown(window) == first and window.forward_action.isEnabled()
    window.zoom_out_action.trigger()
    assert not window.forward_action.isEnabled(), "at once, before the move has settled"
    be_still(qtbot)
    zoomed_out = shown(window)
    window.back_action.trigger()
    settle(qtbot)
    assert shown(window) == first
    window.forward_action.trigger()
    settle(qtbot)
    assert shown(window) == zoomed_out
    assert not window.forward_action.isEnabled()


def test_a_burst_of_wheel_steps_is_one_step_back(window, qtbot):
    view = window.timeline
    first = shown(window)
    centre = view.calendar.view_box.sceneBoundingRect().center()
    for _ in range(6):
        wheel(view, centre, 1)
        qtbot.wait(40)
    be_still(qtbot)
    assert shown(window) != first
    window.back_action.trigger()
    settle(qtbot)
    assert shown(window) == first


def test_alt_left_and_alt_right_are_back_and_forward(window, qtbot):
    assert QKeySequence("Alt+Left") in window.back_action.shortcuts()
    assert QKeySequence("Alt+Right") in window.forward_action.shortcuts()
    first = shown(window)
    window.zoom_in_action.trigger()
    be_still(qtbot)
    zoomed = shown(window)
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    assert shown(window) == first, "Alt+Left is Back, not a pan"
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    assert shown(window) == zoomed


def test_back_during_a_move_goes_to_the_view_before_it(window, qtbot):
    first = shown(window)
    window.zoom_in_action.trigger()
    assert window.back_action.isEnabled(), "at once, before the move has settled"
    window.back_action.trigger()
    settle(qtbot)
    assert shown(window) == first


def test_stepping_through_events_can_be_retraced(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    seen = []
    for _ in range(3):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
        settle(qtbot)
        seen.append(window.state.selected)
    window.back_action.trigger()
    window.back_action.trigger()
    settle(qtbot)
    assert window.state.selected == seen[0]


def test_another_dataset_starts_a_new_history(window, qtbot, tmp_path):
    window.zoom_in_action.trigger()
    be_still(qtbot)
    assert window.back_action.isEnabled()
    window.open_path(write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event(id="only", when="1990")])))
    settle(qtbot)
    assert not window.back_action.isEnabled() and not window.forward_action.isEnabled()


def test_the_view_menu_lists_back_and_forward(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    entries = [a for a in view_menu.actions()]
    assert window.back_action in entries and window.forward_action in entries
    assert entries.index(window.forward_action) == entries.index(window.back_action) + 1
