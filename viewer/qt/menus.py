"""The main window's actions, menus and toolbar, made as Qt Designer's ``setupUi`` would make
them: each action is an attribute of the window (a viewer.qt.main_window.MainWindow, named only
in words here so the two modules do not import each other), connected to one of its slots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar


def add_actions(window: QMainWindow) -> None:
    """Every action of the window, as an attribute of it (``window.open_action`` …); each is also
    added to the window so its shortcut works while the menu bar is hidden."""
    def action(text: str, slot, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    window.open_action = action("&Open…", window.open_dialog, QKeySequence.StandardKey.Open, "Open a dataset file")
    window.export_action = action("&Export…", window.export_dialog, QKeySequence("Ctrl+E"), "Export the timeline as PNG or SVG")
    window.quit_action = action("&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.fit_action = action("&Fit all", window.timeline.fit_all, QKeySequence(Qt.Key.Key_Home), "Show every event")
    window.zoom_selection_action = action("&Zoom to selection", window.timeline.zoom_to_selection, QKeySequence("Z"))
    window.goto_action = action("&Go to date…", window.show_goto_date, QKeySequence("Ctrl+G"),
                              "Centre the calendar on a date you type")
    window.next_action = action("&Next event", lambda: window.step_selection(1), QKeySequence(Qt.Key.Key_Tab))
    window.previous_action = action("&Previous event", lambda: window.step_selection(-1), QKeySequence("Shift+Tab"))
    # Tab steps through events only where it means that (timeline, detail panel): elsewhere,
    # e.g. in the search field, it keeps moving keyboard focus as usual.
    for act in (window.next_action, window.previous_action):
        window.removeAction(act)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.timeline.addAction(act)
        window.detail.addAction(act)
    window.clear_action = action("&Clear selection", window.escape, QKeySequence(Qt.Key.Key_Escape))
    window.find_action = action("&Find…", window.focus_search, QKeySequence.StandardKey.Find)
    window.find_previous_action = action("Find &previous", window.search.previous_match, QKeySequence("Shift+Return"))
    window.dark_action = action("&Dark theme", window.toggle_theme, QKeySequence("Ctrl+Shift+D"))
    window.dark_action.setCheckable(True)
    window.shortcuts_action = action("&Keyboard shortcuts", window.show_shortcuts, QKeySequence.StandardKey.HelpContents)
    window.about_action = action("&About Factline", window.show_about)

def add_menus(window: QMainWindow) -> None:
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addAction(window.open_action)
    file_menu.addMenu(window.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(window.export_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    view_menu = window.menuBar().addMenu("&View")
    for act in (window.fit_action, window.zoom_selection_action, window.goto_action, None, window.next_action, window.previous_action,
                window.clear_action, None, window.find_action, None, window.dark_action):
        view_menu.addSeparator() if act is None else view_menu.addAction(act)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(window.shortcuts_action)
    help_menu.addAction(window.about_action)

def add_toolbar(window: QMainWindow) -> None:
    bar = QToolBar("Main", window)
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.addAction(window.open_action)
    bar.addAction(window.export_action)
    bar.addSeparator()
    bar.addAction(window.fit_action)
    bar.addAction(window.zoom_selection_action)
    bar.addSeparator()
    bar.addWidget(window.search)
    window.addToolBar(bar)
