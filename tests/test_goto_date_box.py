"""The Go to date box (Ctrl+G, View menu) centres the calendar pane on what is typed, and answers
bad input in the box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from conftest import settle
from viewer.core.goto_date import parse_typed_date


def centre_of(pane) -> float:
    lo, hi = pane.x_range()
    return (lo + hi) / 2


def test_go_to_date_is_in_the_edit_menu_on_ctrl_g(window):
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.goto_action in edit_menu.actions()
    assert window.goto_action.shortcut().toString() == "Ctrl+G"


def test_a_typed_date_centres_the_calendar_pane_there_and_keeps_the_zoom(window, qtbot):
    pane = window.timeline.calendar
    target = parse_typed_date("October 1990")
    pane.set_x_range(target.lo - 4000, target.lo - 2000)  # zoomed in on the mid-1980s: 2000 days in view
    window.goto_action.trigger()
    box = window.goto_box
    assert box.isVisible() and box.focusWidget() is box.field
    qtbot.keyClicks(box.field, "October 1990")
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    settle(qtbot)
    lo, hi = pane.x_range()
    assert centre_of(pane) == pytest.approx(target.centre, abs=0.5)
    assert hi - lo == pytest.approx(2000, rel=1e-6)
    assert box.message.text() == "Centred on October 1990 (the zoom is kept: scroll to zoom in)."
    assert box.isVisible()  # Enter went there; the box stays for the next date


def test_a_range_wider_than_the_view_zooms_out_to_fit_it(window, qtbot):
    pane = window.timeline.calendar
    pane.set_x_range(0, 100)
    window.show_goto_date()
    window.goto_box.field.setText("the 1990s")
    assert window.goto_box.go()
    settle(qtbot)
    target = parse_typed_date("the 1990s")
    lo, hi = pane.x_range()
    assert lo <= target.lo and target.hi <= hi


@pytest.mark.parametrize(("typed", "said"), [
    ("31 Feb", "There is no 31 February"),
    ("next year", "depends on today's date"),
    ("21 Oct", "Which year?"),
])
def test_bad_input_is_answered_in_the_box_and_the_view_stays(window, qtbot, typed, said):
    pane = window.timeline.calendar
    before = pane.x_range()
    window.show_goto_date()
    window.goto_box.field.setText(typed)
    assert not window.goto_box.go()
    settle(qtbot)
    assert said in window.goto_box.message.text()
    assert pane.x_range() == before


def test_a_date_beyond_the_datasets_calendar_says_the_view_stopped_at_its_edge(window, qtbot):
    window.show_goto_date()
    window.goto_box.field.setText("44 BC")
    assert window.goto_box.go()
    assert "beyond this dataset's calendar" in window.goto_box.message.text()



def test_a_date_the_edge_keeps_off_centre_is_centred_by_zooming_in(window, qtbot):
    # zoomed out fully, 'October 1990' stayed near the middle of the data (mid-1992) while the box
    # said 'Centred on October 1990'
    pane = window.timeline.calendar
    window.timeline.fit_all()
    before = pane.x_range()
    window.show_goto_date()
    window.goto_box.field.setText("October 1990")
    assert window.goto_box.go()
    settle(qtbot)
    target = parse_typed_date("October 1990")
    lo, hi = pane.x_range()
    assert centre_of(pane) == pytest.approx(target.centre, abs=0.5)
    assert hi - lo < before[1] - before[0]
    assert window.goto_box.message.text().startswith("Centred on October 1990, zoomed in")
