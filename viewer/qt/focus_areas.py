"""The window's areas for the keyboard: search, legend, verdicts, timeline, detail panel.

Tab and Shift+Tab move through them in that order (and through the buttons and links inside
them, as everywhere in Qt); F6 and Shift+F6 jump from area to area, as in a browser or a mail
program, skipping what lies inside.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def takes_tab_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled() and not hidden(widget)


def hidden(widget: QWidget) -> bool:
    """Hidden on purpose, here or above. (Not ``isVisible()``: a button just added to a shown
    layout is shown by Qt only a moment later, and until then it is not visible, yet not hidden.)"""
    while widget is not None and not widget.isWindow():
        if widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            return True
        widget = widget.parentWidget()
    return False


def stops_in(area: QWidget) -> list[QWidget]:
    """Where Tab stops inside ``area``: the area itself if it takes focus, else its buttons and
    fields in the order they were made (which is the order they are laid out in)."""
    if takes_tab_focus(area):
        return [area]
    return [w for w in area.findChildren(QWidget) if takes_tab_focus(w)]


class FocusAreas:
    """The areas in Tab order; ``areas`` is asked each time, as a new dataset remakes buttons."""

    def __init__(self, areas: Callable[[], list[QWidget]]):
        self._areas = areas

    def chain(self) -> None:
        """Tab order: every stop of every area, in order (Qt's focus chain is circular, so the
        last area leads back to the first)."""
        stops = [stop for area in self._areas() for stop in stops_in(area)]
        for before, after in zip(stops, stops[1:]):
            QWidget.setTabOrder(before, after)

    def current(self) -> int | None:
        """The position of the area holding the keyboard focus, if one does."""
        focus = QApplication.focusWidget()
        for i, area in enumerate(self._areas()):
            if focus is not None and (focus is area or area.isAncestorOf(focus)):
                return i
        return None

    def cycle(self, direction: int) -> QWidget | None:
        """Move the focus to the first stop of the next (+1) or previous (-1) area that has one;
        the widget focused, or None."""
        areas = self._areas()
        at = self.current()
        start = at if at is not None else (-1 if direction > 0 else 0)
        for step in range(1, len(areas) + 1):
            stops = stops_in(areas[(start + direction * step) % len(areas)])
            if stops:
                stops[0].setFocus(Qt.FocusReason.ShortcutFocusReason)  # a field selects its text, as on Tab
                return stops[0]
        return None
