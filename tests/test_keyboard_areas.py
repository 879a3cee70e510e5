"""Everything from the keyboard: Tab and Shift+Tab move through search, legend, verdicts,
timeline and the detail panel's links; F6 / Shift+F6 jump from area to area; ↓ / ↑ step
through events on the timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from conftest import a_calendar_event, a_dataset_with, settle, write_dataset


def focused():
    return QApplication.focusWidget()


def focused_link(window) -> str:
    """The address of the link the detail panel's keyboard cursor is on ("" for none)."""
    cursor = window.detail.textCursor()
    if not cursor.hasSelection():
        return ""
    inside = QTextCursor(window.detail.document())
    inside.setPosition(cursor.selectionStart() + 1)
    return inside.charFormat().anchorHref()


def ready(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    settle(qtbot)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    assert focused() is not None, "something has the keyboard focus"
    qtbot.keyClick(focused(), key, modifier)
    settle(qtbot, 1)


def test_tab_leaves_the_timeline_for_the_detail_panel_and_walks_its_links(window, qtbot):
    ready(window, qtbot)
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is window.detail
    links = []
    for _ in range(30):
        press(qtbot, Qt.Key.Key_Tab)
        if focused() is not window.detail:
            break
        links.append(focused_link(window))
    assert links[0] == "source:event/iris-azulai-killed/0", "Show in source comes first"
    assert any(href.startswith("https://") for href in links), "the sources' addresses"
    assert "event:wife-killed" in links, "the linked plot point"
    assert focused() is window.search.field, "past the last link, Tab goes round to the search field"
    assert window.state.selected == "iris-azulai-killed", "Tab never changes the selection"


def test_enter_on_a_focused_link_in_the_detail_panel_follows_it(window, qtbot):
    ready(window, qtbot)
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    asked = []
    window.detail.source_requested.connect(asked.append)
    window.detail.setFocus()
    press(qtbot, Qt.Key.Key_Tab)  # to "Show in source"
    press(qtbot, Qt.Key.Key_Return)
    assert len(asked) == 1 and asked[0].quote.startswith("Lior’s girlfriend")
    window.source_viewer.close()
    ready(window, qtbot)
    window.detail.setFocus()
    settle(qtbot)
    while focused_link(window) != "event:wife-killed":
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    assert window.state.selected == "wife-killed", "a linked event is one Enter away"


def test_tab_order_runs_search_legend_verdicts_timeline_detail(window, qtbot):
    ready(window, qtbot)
    window.search.field.setFocus()
    settle(qtbot)
    order = [focused()]
    for _ in range(12):
        press(qtbot, Qt.Key.Key_Tab)
        if focused() is window.detail:
            break
        order.append(focused())
    legend = [b for b in window.legend.buttons.values()]
    verdicts = [b for b in window.verdicts.buttons.values() if b.isVisible()]
    assert order == [window.search.field, *legend, *verdicts, window.timeline]
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is window.timeline, "Shift+Tab goes back"


def test_f6_and_shift_f6_cycle_the_areas(window, qtbot):
    ready(window, qtbot)
    first_button = next(iter(window.legend.buttons.values()))
    first_verdict = next(b for b in window.verdicts.buttons.values() if b.isVisible())
    visited = []
    for _ in range(6):
        press(qtbot, Qt.Key.Key_F6)
        visited.append(focused())
    assert visited == [window.detail, window.search.field, first_button, first_verdict, window.timeline, window.detail]
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is window.timeline
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is first_verdict


def test_down_and_up_step_events_only_on_the_timeline(window, qtbot):
    ready(window, qtbot)
    press(qtbot, Qt.Key.Key_Down)
    first = window.state.selected
    assert first is not None
    window.detail.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert window.state.selected == first, "in the detail panel, ↓ scrolls"
    window.timeline.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert window.state.selected not in (None, first)
    press(qtbot, Qt.Key.Key_Up)
    assert window.state.selected == first


def test_a_new_datasets_legend_keeps_its_place_in_the_tab_order(window, qtbot, tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event(id="only", when="1990")]))
    window.open_path(path)
    settle(qtbot)
    ready(window, qtbot)
    window.search.field.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is window.legend.buttons["real"]


def test_shift_tab_walks_the_panels_links_backwards_then_leaves_for_the_timeline(window, qtbot):
    ready(window, qtbot)
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    window.search.field.setFocus()
    settle(qtbot)
    back = Qt.KeyboardModifier.ShiftModifier
    press(qtbot, Qt.Key.Key_Backtab, back)
    assert focused() is window.detail
    hrefs = [focused_link(window)]
    while focused() is window.detail and len(hrefs) < 40:
        press(qtbot, Qt.Key.Key_Backtab, back)
        hrefs.append(focused_link(window) if focused() is window.detail else None)
    assert hrefs[0] == "https://thecinemaholic.com/is-hit-run-based-on-a-true-story/", "the last link first"
    assert hrefs.index("source:link/1/1") < hrefs.index("event:wife-killed")
    assert hrefs[-2] == "source:event/iris-azulai-killed/0" and hrefs[-1] is None
    assert focused() is window.timeline
