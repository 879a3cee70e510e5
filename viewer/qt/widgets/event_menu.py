"""The event menu: copy an event's title, quote or citation, show its quote in its source, zoom to it.

Opened by a right click on an event's mark in the timeline or in the detail panel (where the
panel's own entries, Copy and Select all, come first, so copying selected text works as before),
and from the keyboard with the Menu key or Shift+F10 (on the selected event). An event filter
watches both widgets, so neither needs to know about the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser

from viewer.core.model import Citation, Dataset
from viewer.core.snapshots import StaleQuotes
from viewer.qt.plain import no_mnemonic
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import TimelineView

MENU_TITLE_CHARS = 60
"""An event's title is cut to this many characters at the top of its menu."""
WATCHED_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                            QEvent.Type.ContextMenu})
STYLE_NAMES = {"APA": "APA (7th edition)", "Chicago": "Chicago (author-date)"}


def first_verified_quote(dataset: Dataset, event_id: str, stale: StaleQuotes) -> Citation | None:
    """The event's first quote found verbatim in its snapshot (and still there), or None."""
    for citation in dataset.event(event_id).citations:
        if citation.quote and citation.span is not None and not stale.is_stale(citation):
            return citation
    return None


def quote_with_citation(dataset: Dataset, citation: Citation) -> str:
    """'“quote”' and, on the next line, '— Title — Publisher, date, URL'."""
    source = dataset.sources[citation.source_id]
    url = f", {source.url}" if source.url and source.url.lower().startswith(("http://", "https://")) else ""
    return f"“{citation.quote}”\n— {source.citation_line}{url}"


def short_title(title: str, limit: int = MENU_TITLE_CHARS) -> str:
    """The title on one line, cut with '…' past ``limit`` characters."""
    line = " ".join(title.split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def is_menu_key(event: QKeyEvent) -> bool:
    """The Menu key, or Shift+F10 (the menu key of keyboards without one)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key() == Qt.Key.Key_Menu and modifiers == Qt.KeyboardModifier.NoModifier) or \
        (event.key() == Qt.Key.Key_F10 and modifiers == Qt.KeyboardModifier.ShiftModifier)


class EventMenus(QObject):
    """Shows the event menu over the timeline and the detail panel; ``menu`` is the last one shown."""

    def __init__(self, state: ViewState, timeline: TimelineView, detail: QTextBrowser,
                 show_source: Callable[[Citation], None], notify: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._state, self._timeline, self._detail = state, timeline, detail
        self._show_source, self._notify = show_source, notify
        self.menu: QMenu | None = None
        self._ate_press = False
        """A right press on a mark was taken from pyqtgraph (whose plot menu it would open): so
        are its release and the context-menu event it makes."""
        # kept: the filter compares wrappers only, never asking a widget being destroyed for its viewport
        self._timeline_viewport, self._detail_viewport = timeline.viewport(), detail.viewport()
        for widget in (timeline, self._timeline_viewport, detail, self._detail_viewport):
            widget.installEventFilter(self)

    # -- building -------------------------------------------------------------------------------

    def add_entries(self, menu: QMenu, event_id: str) -> None:
        """The event's entries: its title (greyed, as a heading), the copy entries, Show in source, Zoom to."""
        state = self._state
        dataset = state.dataset
        event = dataset.event(event_id)
        heading = menu.addAction(no_mnemonic(short_title(event.title)))  # dataset text: & is no mnemonic
        heading.setEnabled(False)
        menu.addAction("Copy &title", lambda: self.copy_text(event.title, "Copied the title"))
        quoted = first_verified_quote(dataset, event_id, state.stale_quotes)
        quote = menu.addAction("Copy &quote with its citation" if quoted else
                               "Copy quote with its citation (this event has no verified quote)")
        quote.setEnabled(quoted is not None)
        if quoted is not None:
            quote.triggered.connect(lambda: self.copy_text(quote_with_citation(dataset, quoted),
                                                           "Copied the quote and its source"))
        self._add_citation_menu(menu, event.citations[0].source_id if event.citations else None)
        menu.addSeparator()
        show = menu.addAction("&Show in source" if quoted else "Show in source (no verified quote)")
        show.setEnabled(quoted is not None)
        if quoted is not None:
            show.triggered.connect(lambda: self._show_source(quoted))
        menu.addAction("&Zoom to", lambda: self._timeline.zoom_to_event(event_id))

    def _add_citation_menu(self, menu: QMenu, source_id: str | None) -> None:
        """Copy citation ▸ APA / Chicago, of the event's first cited source."""
        sub = menu.addMenu("Copy &citation" if source_id else "Copy citation (no source cited)")
        sub.setEnabled(source_id is not None)
        if source_id is None:
            return
        from viewer.interchange.citations import STYLES  # here: kept out of start-up, like the export

        source = self._state.dataset.sources[source_id]
        for style in STYLES:
            sub.addAction(STYLE_NAMES[style], lambda s=style: self.copy_reference(source, s))

    def event_menu(self, event_id: str, base: QMenu | None = None) -> QMenu:
        """A new menu for the event (after ``base``'s own entries when given), kept as ``menu``."""
        if self.menu is not None:
            self.menu.deleteLater()
        menu = base if base is not None else QMenu(self._timeline)
        if base is not None:
            menu.addSeparator()
        self.add_entries(menu, event_id)
        self.menu = menu
        return menu

    # -- copying --------------------------------------------------------------------------------

    def copy_text(self, text: str, message: str) -> None:
        QApplication.clipboard().setText(text)
        self._notify(message)

    def copy_reference(self, source, style: str) -> None:
        """The reference as plain text, and as HTML (escaped, publisher in italics) for rich editors."""
        from viewer.interchange.citations import reference

        entry = reference(source, style)
        data = QMimeData()
        data.setText(entry.text)
        data.setHtml(entry.html)
        QApplication.clipboard().setMimeData(data)
        self._notify(f"Copied the {style} citation")

    # -- opening --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in WATCHED_EVENTS:
            return False
        if kind == QEvent.Type.KeyPress and is_menu_key(event):
            return self._keyboard_menu(watched)
        if watched is self._timeline_viewport:
            return self._timeline_mouse(event)
        if watched is self._detail_viewport and kind == QEvent.Type.ContextMenu:
            return self._detail_menu(event.pos(), event.globalPos(), self._linked_event(event.pos()))
        if watched in (self._timeline, self._detail) and kind == QEvent.Type.ContextMenu \
                and event.reason() != QContextMenuEvent.Reason.Mouse:
            return self._keyboard_menu(watched)  # the platform's own menu key
        return False

    def _timeline_mouse(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.RightButton:
            event_id = self._event_at(event.position().toPoint())
            self._ate_press = event_id is not None
            if event_id is not None:
                self._state.select(event_id)
                self.event_menu(event_id).popup(event.globalPosition().toPoint())
            return self._ate_press
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.RightButton and self._ate_press:
            return True
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent) \
                and event.reason() == QContextMenuEvent.Reason.Mouse:
            ate, self._ate_press = self._ate_press, False
            return ate
        return False

    def _event_at(self, viewport_pos: QPoint) -> str | None:
        """The event whose own mark (not a count box) is under this point of the timeline."""
        scene_pos = self._timeline.mapToScene(viewport_pos)
        for pane in self._timeline.panes:
            hit = pane.item.mark_at(scene_pos)
            if hit is not None and hit[1].count == 1:
                return str(hit[0].columns.ids[hit[1].index])
        return None

    def _linked_event(self, viewport_pos: QPoint) -> str | None:
        """The event of an ``event:`` link under the point in the panel, if any."""
        href = self._detail.anchorAt(viewport_pos)
        event_id = unquote(href[len("event:"):]) if href.startswith("event:") else None
        return event_id if event_id and self._state.dataset.has_event(event_id) else None

    def _shown_event(self) -> str | None:
        selected = self._state.selected
        return selected if selected and self._state.dataset.has_event(selected) else None

    def _detail_menu(self, viewport_pos: QPoint, global_pos: QPoint, event_id: str | None = None) -> bool:
        """The panel's own menu (Copy, Select all, Copy link location), then the event's entries."""
        base = self._detail.createStandardContextMenu(viewport_pos)
        event_id = event_id or self._shown_event()
        if event_id is None:
            if self.menu is not None:
                self.menu.deleteLater()
            self.menu = base
        else:
            self.event_menu(event_id, base)
        self.menu.popup(global_pos)
        return True

    def _keyboard_menu(self, watched: QObject) -> bool:
        """Menu key or Shift+F10: the selected event's menu at its mark (the panel's at its cursor)."""
        if watched in (self._detail, self._detail_viewport):
            at = self._detail.cursorRect().center()
            return self._detail_menu(at, self._detail.viewport().mapToGlobal(at))
        event_id = self._shown_event()
        if event_id is None:  # nothing to act on; not the plot's menu either
            self._notify("Select an event first (click it, or step to it with ↓ / ↑) for its menu")
            return True
        self.event_menu(event_id).popup(self._mark_position(event_id))
        return True

    def _mark_position(self, event_id: str) -> QPoint:
        """Screen position of the event's mark, or the timeline's centre when it is out of view."""
        timeline = self._timeline
        for pane in timeline.panes:
            scene_pos = pane.item.event_scene_pos(event_id)
            if scene_pos is not None:
                return timeline.viewport().mapToGlobal(timeline.mapFromScene(scene_pos))
        return timeline.viewport().mapToGlobal(timeline.viewport().rect().center())


__all__ = ["EventMenus", "first_verified_quote", "quote_with_citation", "short_title", "is_menu_key"]
