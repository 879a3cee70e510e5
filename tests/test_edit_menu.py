"""The Edit menu (Copy, Copy image, Find, Go to date) and the platform's zoom keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication

from conftest import settle
from viewer.core.event_text import event_text
from viewer.core.snapshots import StaleQuotes


def menu_named(window, title: str):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def test_an_event_as_plain_text_has_title_date_quotes_and_sources(bundled_dataset):
    text = event_text(bundled_dataset, "iris-azulai-killed")
    lines = text.splitlines()
    assert lines[:2] == ["Iris Azulai is killed in Jerusalem", "21 October 1990 · Real life"]
    assert "“Lior’s girlfriend of 3 years was fatally stabbed in Jerusalem in 1990.”" in lines
    source = bundled_dataset.sources[bundled_dataset.event("iris-azulai-killed").citations[0].source_id]
    assert f"— {source.citation_line}, {source.url}" in lines
    assert "<" not in text, "plain text, not the panel's HTML"


def test_a_plot_point_as_text_names_its_verdict_and_a_stale_quote_says_so(bundled_dataset):
    point = next(e for e in bundled_dataset.plot_points if e.verdict is not None)
    assert f"How true to life: {point.verdict.label.lower()}" in event_text(bundled_dataset, point.id)
    citation = bundled_dataset.event("iris-azulai-killed").citations[0]
    stale = StaleQuotes(texts={citation.source_id: "another text"}, quotes=frozenset({(citation.source_id, citation.quote)}),
                        citations=1)
    assert "(not found in the current snapshot)" in event_text(bundled_dataset, "iris-azulai-killed", stale)


def test_the_edit_menu_holds_copy_copy_image_find_and_go_to_date(window):
    edit = menu_named(window, "&Edit")
    entries = [a for a in edit.actions() if not a.isSeparator()]
    assert entries[-4:] == [window.copy_action, window.copy_image_action, window.find_action, window.goto_action]
    editing = entries[:-4]
    assert editing[:3] == [window.editor.undo_action, window.editor.redo_action, window.editor.edit_mode_action]
    assert [a for a in editing[3:] if a.isVisible()] == [], "editing entries show in edit mode only"
    assert window.copy_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    view = menu_named(window, "&View").actions()
    assert window.find_action not in view and window.goto_action not in view, "moved to Edit"


def test_copy_puts_the_selected_event_on_the_clipboard(window, qtbot):
    assert not window.copy_action.isEnabled(), "nothing to copy"
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    assert window.copy_action.isEnabled()
    window.copy_action.trigger()
    assert QApplication.clipboard().text() == event_text(window.state.dataset, "iris-azulai-killed")


def test_copy_takes_the_text_selected_in_the_detail_panel_first(window, qtbot):
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    cursor = window.detail.document().find("fatally stabbed")
    assert not cursor.isNull()
    window.detail.setTextCursor(cursor)
    window.copy_action.trigger()
    assert QApplication.clipboard().text() == "fatally stabbed"
    window.detail.setTextCursor(QTextCursor(window.detail.document()))
    window.state.select(None)
    settle(qtbot)
    assert not window.copy_action.isEnabled()


def test_find_moves_the_keyboard_to_the_search_field(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search.field


def test_zoom_in_and_out_use_the_platforms_keys_and_keep_plus_and_minus(window, qtbot):
    for act, standard, bare in ((window.zoom_in_action, QKeySequence.StandardKey.ZoomIn, "+"),
                                (window.zoom_out_action, QKeySequence.StandardKey.ZoomOut, "-")):
        keys = act.shortcuts()
        assert QKeySequence.keyBindings(standard)[0] in keys and QKeySequence(bare) in keys
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    pane = window.timeline.calendar
    lo, hi = pane.x_range()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    zoomed = pane.x_range()
    assert zoomed[1] - zoomed[0] < (hi - lo) * 0.7
    qtbot.keyClick(window.timeline, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    back = pane.x_range()
    assert abs((back[1] - back[0]) - (hi - lo)) < (hi - lo) * 1e-6


def test_typing_plus_in_the_search_field_types_it(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.search.field.setFocus()
    before = window.timeline.calendar.x_range()
    qtbot.keyClicks(window.search.field, "a+b-c")
    assert window.search.field.text() == "a+b-c"
    assert window.timeline.calendar.x_range() == before
