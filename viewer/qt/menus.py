"""The main window's actions, menus and toolbar, made as Qt Designer's ``setupUi`` would make
them: each action is an attribute of the window (a viewer.qt.main_window.MainWindow, named only
in words here so the two modules do not import each other), connected to one of its slots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

StandardKey = QKeySequence.StandardKey


def shortcuts(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    """The platform's keys for ``standard``, then ``extra`` ones (kept from before, or easier to reach)."""
    keys = list(QKeySequence.keyBindings(standard))
    return keys + [QKeySequence(k) for k in extra if QKeySequence(k) not in keys]


def add_actions(window: QMainWindow) -> None:
    """Every action of the window, as an attribute of it (``window.open_action`` …); each is also
    added to the window so its shortcut works while the menu bar is hidden."""
    def action(text: str, slot, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, window)
        if isinstance(shortcut, list):
            act.setShortcuts(shortcut)
        elif shortcut is not None:
            act.setShortcut(shortcut)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    timeline = window.timeline
    window.open_action = action("&Open…", window.open_dialog, QKeySequence.StandardKey.Open, "Open a dataset file")
    window.import_action = action("&Import…", window.import_dialog, None,
                                  "Make a dataset from a TimelineJS3 timeline (.json) or its spreadsheet saved as .csv")
    window.export_action = action("&Export…", window.export_dialog, QKeySequence("Ctrl+E"), "Export the timeline as PNG, SVG or PDF, the events as CSV, or a TimelineJS3 document")
    window.print_action = action("&Print…", window.print_dialog, QKeySequence.StandardKey.Print,
                                 "Print the timeline as the window shows it")
    window.quit_action = action("&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.copy_action = action("&Copy", window.copy, QKeySequence.StandardKey.Copy,
                                "Copy the selected event with its sources, or the text selected in the detail panel")
    window.copy_image_action = action("Copy &image", window.copy_image, QKeySequence("Ctrl+Shift+C"),
                                      "Copy the current view as a picture, with its title, legend and sources")
    window.find_action = action("&Find…", window.focus_search, QKeySequence.StandardKey.Find)
    window.find_previous_action = action("Find &previous", window.search.previous_match, QKeySequence("Shift+Return"))
    window.goto_action = action("&Go to date…", window.show_goto_date, QKeySequence("Ctrl+G"),
                                "Centre the calendar on a date you type")
    window.fit_action = action("&Fit all", timeline.fit_all, QKeySequence(Qt.Key.Key_Home), "Show every event")
    # + and − as well (bare keys: a text field takes them as text before any shortcut sees them)
    window.zoom_in_action = action("Zoom &in", timeline.zoom_in, shortcuts(StandardKey.ZoomIn, "Ctrl+=", "+", "="),
                                   "Zoom the pane under the mouse in, at the cursor")
    window.zoom_out_action = action("Zoom &out", timeline.zoom_out, shortcuts(StandardKey.ZoomOut, "-", "_"),
                                    "Zoom the pane under the mouse out")
    window.zoom_selection_action = action("&Zoom to selection", timeline.zoom_to_selection, QKeySequence("Z"))
    window.back_action = action("&Back", window.navigation.back, shortcuts(StandardKey.Back),
                                "The view before: zoom, pan and selection")
    window.forward_action = action("&Forward", window.navigation.forward, shortcuts(StandardKey.Forward),
                                   "The view Back left")
    window.next_action = action("&Next event", lambda: window.step_selection(1), QKeySequence(Qt.Key.Key_Down))
    window.previous_action = action("&Previous event", lambda: window.step_selection(-1), QKeySequence(Qt.Key.Key_Up))
    # ↓ and ↑ step through events only on the timeline; elsewhere they scroll, or move in a field
    for act in (window.next_action, window.previous_action):
        window.removeAction(act)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        timeline.addAction(act)
    window.clear_action = action("&Clear selection", window.escape, QKeySequence(Qt.Key.Key_Escape))
    window.next_area_action = action("Next &area", lambda: window.focus_areas.cycle(1), QKeySequence(Qt.Key.Key_F6),
                                     "Move the keyboard focus to the next area: search, legend, timeline, detail panel")
    window.previous_area_action = action("Previous a&rea", lambda: window.focus_areas.cycle(-1), QKeySequence("Shift+F6"))
    window.addAction(window.theme_menu.switch_action)
    window.shortcuts_action = action("&Keyboard shortcuts", window.show_shortcuts, QKeySequence.StandardKey.HelpContents)
    window.about_action = action("&About Factline", window.show_about)


def add_menu(window: QMainWindow, title: str, entries: tuple) -> QMenu:
    """A menu of actions, submenus and separators (None)."""
    menu = window.menuBar().addMenu(title)
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        elif isinstance(entry, QMenu):
            menu.addMenu(entry)
        else:
            menu.addAction(entry)
    return menu


def edit_menu_entries(window: QMainWindow) -> tuple:
    """Edit: editing actions (undo, redo, adding and changing events) go first, in a section of
    their own above Copy; then Copy, Find and Go to date."""
    editing: tuple = window.editor.editing_actions()
    return (*editing, *((None,) if editing else ()), window.copy_action, window.copy_image_action, None,
            window.find_action, window.goto_action)


def add_menus(window: QMainWindow) -> None:
    editor = window.editor
    add_menu(window, "&File", (editor.new_action, window.open_action, window.recent_menu, None, editor.save_action,
                               editor.save_copy_action,
                               None, window.import_action, window.export_action, window.print_action, None,
                               window.quit_action))
    window.edit_menu = add_menu(window, "&Edit", edit_menu_entries(window))
    add_menu(window, "&View", (window.fit_action, window.zoom_in_action, window.zoom_out_action,
                               window.zoom_selection_action, None, window.back_action, window.forward_action, None,
                               window.next_action, window.previous_action, window.clear_action, None,
                               window.next_area_action, window.previous_area_action, None, window.theme_menu))
    add_menu(window, "&Help", (window.shortcuts_action, window.about_action))


def add_toolbar(window: QMainWindow) -> None:
    bar = QToolBar("Main", window)
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.addAction(window.open_action)
    bar.addAction(window.export_action)
    bar.addSeparator()
    bar.addAction(window.editor.edit_mode_action)
    bar.addSeparator()
    bar.addAction(window.fit_action)
    bar.addAction(window.zoom_selection_action)
    bar.addSeparator()
    bar.addWidget(window.search)
    window.addToolBar(bar)
