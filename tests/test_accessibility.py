"""What assistive technology sees of the timeline: the accessible tree, walked as a screen
reader walks it (queryAccessibleInterface, child(), text(), state()), on the real window."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible

from conftest import ROOT, a_calendar_event, a_dataset_with, settle, write_dataset
from viewer.core.spoken import event_words
from viewer.dataset.load import load_dataset
from viewer.qt.accessibility import accessible_widget

Name, Description = QAccessible.Text.Name, QAccessible.Text.Description


def panes_of(window):
    timeline = accessible_widget(window.timeline)
    return timeline, [timeline.child(i) for i in range(timeline.childCount())]


def items_of(pane) -> list:
    return [pane.child(i) for i in range(pane.childCount())]


def test_the_timeline_is_a_named_grouping_of_its_two_panes(window):
    timeline, panes = panes_of(window)
    assert timeline.text(Name) == "Timeline"
    assert timeline.role() == QAccessible.Role.Grouping
    assert [p.role() for p in panes] == [QAccessible.Role.List, QAccessible.Role.List]
    assert panes[0].text(Name).startswith("Real life, Making of: from ")
    assert panes[1].text(Name).startswith("On screen: episodes 1 to ")
    for i, pane in enumerate(panes):
        assert pane.parent() is timeline and timeline.indexOfChild(pane) == i


def test_each_pane_lists_every_event_drawn_in_view_by_title_and_date(window):
    dataset = window.state.dataset
    _, panes = panes_of(window)
    named = {item.text(Name) for pane in panes for item in items_of(pane)}
    # at the full view of the bundled dataset every event stands on its own
    assert named == {event_words(dataset, e.id) for e in dataset.events}
    for pane in panes:
        for i, item in enumerate(items_of(pane)):
            assert item.role() == QAccessible.Role.ListItem
            assert item.parent() is pane and pane.indexOfChild(item) == i
            assert item.state().selectable and not item.state().selected


def test_items_stand_where_their_marks_are_drawn_on_screen(window):
    timeline, panes = panes_of(window)
    view_rect = QRect(window.timeline.mapToGlobal(QPoint(0, 0)), window.timeline.size())
    for pane in panes:
        assert view_rect.contains(pane.rect())
        for item in items_of(pane):
            rect = item.rect()
            assert rect.isValid() and pane.rect().intersects(rect)
            assert pane.childAt(rect.center().x(), rect.center().y()) is not None
        assert timeline.childAt(pane.rect().center().x(), pane.rect().center().y()) is pane


def test_a_zoom_changes_what_the_panes_list(window, qtbot):
    _, panes = panes_of(window)
    before = panes[0].childCount()
    window.timeline.calendar.set_x_range(7000.0, 8000.0)  # mid 1989 to early 1992
    settle(qtbot)
    names = [item.text(Name) for item in items_of(panes[0])]
    assert 0 < len(names) < before
    assert "Iris Azulai is killed in Jerusalem, 21 October 1990" in names
    assert panes[0].text(Name).endswith("from 2 March 1989 to 27 November 1991")


def test_the_selected_event_reads_selected_and_has_the_focus_while_the_timeline_has_it(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    timeline, panes = panes_of(window)
    selected = [item for item in items_of(panes[0]) if item.state().selected]
    assert [item.text(Name) for item in selected] == ["Iris Azulai is killed in Jerusalem, 21 October 1990"]
    assert selected[0].state().focused
    assert timeline.focusChild() is selected[0]
    window.search.field.setFocus()
    settle(qtbot)
    assert not selected[0].state().focused and timeline.focusChild() is None


def test_the_accessible_focus_follows_the_keyboard_selection(window, qtbot, monkeypatch):
    told = []
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))  # as if a screen reader listened
    monkeypatch.setattr(QAccessible, "updateAccessibility",
                        staticmethod(lambda event: told.append((event.type(), event.accessibleInterface().text(Name)))))
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    for _ in range(3):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
        settle(qtbot)
    dataset = window.state.dataset
    focus = [name for kind, name in told if kind == QAccessible.Event.Focus]
    assert focus[-1] == event_words(dataset, window.state.selected)
    assert len(focus) == 3 and len(set(focus)) == 3, "one focus event a step, each naming the new event"


def test_a_count_box_is_an_item_saying_how_many_and_the_selected_event_inside_is_listed(make_window, tmp_path, qtbot):
    events = [a_calendar_event(id=f"e{i}", when="1990-10-21") for i in range(300)]
    events.append(a_calendar_event(id="later", when="2001-05-02"))
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=events)))
    window = make_window(dataset)
    _, panes = panes_of(window)
    names = [item.text(Name) for item in items_of(panes[0])]
    boxes = [n for n in names if "zoom in to tell them apart" in n]
    assert boxes and all(n.split(" ", 1)[1].startswith("events in Real life, ") for n in boxes)
    assert "Event later, 2 May 2001" in names
    window.state.select("e5")
    settle(qtbot)
    selected = [item for item in items_of(panes[0]) if item.state().selected]
    assert [item.text(Name) for item in selected] == ["Event e5, 21 October 1990"]
    assert selected[0].text(Description).endswith("drawn inside a count box")


def test_a_hidden_pane_leaves_the_tree_and_a_hidden_track_its_items(window, qtbot):
    for track in ("real-life", "making-of"):
        window.legend.buttons[track].click()
    settle(qtbot)
    _, panes = panes_of(window)
    assert panes[0].childCount() == 0 and panes[0].text(Name).startswith("every track hidden")
    window.legend.buttons["making-of"].click()
    settle(qtbot)
    assert {item.text(Description).split(";")[0] for item in items_of(panes[0])} == {"Making of"}


def test_a_new_dataset_is_read_from_the_tree_at_once(window, tmp_path, qtbot):
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event(id="only", when="1990")]))
    window.open_path(path)
    settle(qtbot)
    _, panes = panes_of(window)
    assert [item.text(Name) for item in items_of(panes[0])] == ["Event only, 1990"]


def test_walking_the_tree_then_closing_the_window_and_quitting_does_not_crash(tmp_path):
    """Qt's accessibility cache may hold the items' interfaces: each must go back to Qt, never be
    freed by Python behind its back (that crashes when Qt next looks, or at exit)."""
    script = f"""
import gc, sys
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]
import conftest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QApplication
app = QApplication([])
QAccessible.setActive(True)
from viewer.dataset.load import load_dataset
from viewer.qt.main_window import MainWindow
for round in range(2):
    window = MainWindow(load_dataset(conftest.BUNDLED))
    window.resize(1200, 700)
    window.show()
    app.processEvents()
    timeline = QAccessible.queryAccessibleInterface(window.timeline)
    for i in range(timeline.childCount()):
        pane = timeline.child(i)
        for j in range(pane.childCount()):
            item = pane.child(j)
            QAccessible.uniqueId(item)  # as a screen reader's bridge does
            QAccessible.updateAccessibility(QAccessibleEvent(item, QAccessible.Event.Focus))
    window.timeline.calendar.set_x_range(7000.0, 7400.0)  # most items leave the view
    app.processEvents()
    names = [timeline.child(0).child(j).text(QAccessible.Text.Name) for j in range(timeline.child(0).childCount())]
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del window, timeline, pane, item
    gc.collect()
print("walked", len(names))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "FACTLINE_SETTINGS": "memory"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("walked ")


@pytest.mark.parametrize("area", ["search", "legend", "detail"])
def test_the_areas_around_the_timeline_are_named_for_assistive_technology(window, area):
    widget = {"search": window.search.field, "legend": window.legend, "detail": window.detail}[area]
    assert accessible_widget(widget).text(Name)
