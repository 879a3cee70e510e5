"""The timeline for assistive technology (screen readers, braille displays).

The timeline is one widget that paints everything itself, so Qt alone would show it as one
unnamed node. Here it gets an accessible tree of its own: the timeline (a grouping), a list per
pane that is shown, and in each list an item per event drawn in view (named by its title and
date in words) or per count box. What is shown comes from :func:`viewer.scene.shown.shown_marks`
and the words from :mod:`viewer.core.spoken`; this module only answers Qt's questions.

Qt finds the timeline's interface through a factory (:func:`install`). The panes and items are
not QObjects, so their interfaces are made here, and Qt's accessibility cache may hold any of
them once an assistive tool or an event asked for its id: one is therefore never simply
dropped from Python (the cache would keep a dangling pointer) but deleted through Qt
(:class:`InterfacePool`).
"""

from __future__ import annotations

import atexit
import weakref
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QPoint, QRect, QRectF, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget
from shiboken6 import Shiboken

from viewer.core.model import AxisKind
from viewer.core.spoken import box_words, event_details, event_words, pane_words
from viewer.core.words import count
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import Pane, TimelineView
from viewer.scene.shown import ShownMark, shown_marks

Role, Text = QAccessible.Role, QAccessible.Text
REORDER_DELAY_MS = 300
"""After the view stops moving this long, an active assistive tool is told the items changed."""


class InterfacePool:
    """Accessible interfaces of things that are not QObjects, by key: made once, kept while
    wanted, and deleted through Qt (see the module's docstring)."""

    def __init__(self) -> None:
        self._by_key: dict[Hashable, QAccessibleInterface] = {}

    def get(self, key: Hashable, make: Callable[[], QAccessibleInterface]) -> QAccessibleInterface:
        found = self._by_key.get(key)
        if found is None or not Shiboken.isValid(found):
            found = self._by_key[key] = make()
        return found

    def keep_only(self, keys: set) -> None:
        for key in [k for k in self._by_key if k not in keys]:
            self._delete(self._by_key.pop(key))

    def clear(self) -> None:
        self.keep_only(set())

    def keys(self) -> set:
        return set(self._by_key)

    @staticmethod
    def _delete(interface: QAccessibleInterface) -> None:
        if Shiboken.isValid(interface):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))


_readers: weakref.WeakSet[TimelineReader] = weakref.WeakSet()


@atexit.register
def _release_all() -> None:
    """Before Python tears its objects down, hand every interface made here back to Qt."""
    for reader in list(_readers):
        reader.release()


class TimelineReader:
    """What the timeline shows, for its accessible tree: one per TimelineView, alive as long as it."""

    def __init__(self, view: TimelineView, state: ViewState):
        self.view, self.state = view, state
        self.panes = InterfacePool()
        self.items = InterfacePool()
        self._shown: dict[AxisKind, tuple[tuple, list[ShownMark]]] = {}
        self._items: dict[AxisKind, tuple[list[ShownMark], list[QAccessibleInterface]]] = {}
        _readers.add(self)

    def release(self) -> None:
        self._items.clear()
        self.items.clear()
        self.panes.clear()
        self._shown.clear()

    def pane_interfaces(self, parent: QAccessibleInterface) -> list[PaneAccessible]:
        shown = [p for p in self.view.panes if p.plot.isVisible()]
        return [self.panes.get(p.kind, lambda p=p: PaneAccessible(self, p, parent)) for p in shown]  # type: ignore[misc]

    def shown(self, pane: Pane) -> list[ShownMark]:
        """The marks in view on ``pane``, worked out again only when a mark moved or the selection changed."""
        key = (pane.item.marks_version(), self.state.selected, id(self.state.dataset))
        kept = self._shown.get(pane.kind)
        if kept is None or kept[0] != key:
            rect = pane.item.scene_rect()
            kept = self._shown[pane.kind] = (key, shown_marks(pane.item.lanes(), rect.left(), rect.right(), self.state.selected))
        return kept[1]

    def item_interfaces(self, pane_interface: PaneAccessible) -> list[MarkAccessible]:
        """An interface per shown mark, the same one for as long as the mark is shown."""
        marks = self.shown(pane_interface.pane)
        kind = pane_interface.pane.kind
        kept = self._items.get(kind)
        if kept is None or kept[0] is not marks or not all(Shiboken.isValid(i) for i in kept[1]):
            made = [self.items.get((kind, m.key), lambda m=m: MarkAccessible(self, pane_interface, m.key)) for m in marks]
            kept = self._items[kind] = (marks, made)  # type: ignore[assignment]
        return kept[1]  # type: ignore[return-value]

    def mark(self, pane: Pane, key: tuple) -> ShownMark | None:
        return next((m for m in self.shown(pane) if m.key == key), None)

    def forget_hidden_items(self) -> bool:
        """Delete the interfaces of items no longer shown; True if the shown items changed."""
        wanted = {(p.kind, m.key) for p in self.view.panes if p.plot.isVisible() for m in self.shown(p)}
        changed = wanted != self.items.keys()
        self._items.clear()
        self.items.keep_only(wanted)
        return changed

    def screen_rect(self, scene: QRectF) -> QRect:
        """A scene rectangle on the screen (global pixels), as assistive tools want it."""
        view = self.view
        local = view.mapFromScene(scene).boundingRect()
        return QRect(view.viewport().mapToGlobal(local.topLeft()), local.size())

    def selected_item(self) -> MarkAccessible | None:
        """The interface of the selected event, if it is drawn in view."""
        selected = self.state.selected
        if selected is None or not self.state.dataset.has_event(selected):
            return None
        pane = self.view.pane_for(selected)
        if not pane.plot.isVisible():
            return None
        track = self.state.dataset.event(selected).track_id
        index = self.state.columns[track].index_of.get(selected)
        parent = next((p for p in self.pane_interfaces(self.view_interface()) if p.pane is pane), None)
        if parent is None or index is None:
            return None
        return next((i for i in self.item_interfaces(parent) if i.key == ("event", track, index)), None)

    def view_interface(self) -> QAccessibleInterface:
        return QAccessible.queryAccessibleInterface(self.view)


class TimelineAccessible(QAccessibleWidget):
    """The timeline widget: a grouping whose children are its panes."""

    def __init__(self, view: TimelineView, reader: TimelineReader):
        super().__init__(view, Role.Grouping, "Timeline")
        self.reader = reader

    def text(self, kind: QAccessible.Text) -> str:
        if kind == Text.Name:
            return self.widget().accessibleName() or "Timeline"
        if kind == Text.Description:
            return ("Events in view, pane by pane. Down and Up arrows select the next and previous event in "
                    "time, Left and Right pan, plus and minus zoom, Home fits everything; F6 moves to the next area.")
        return super().text(kind)

    def childCount(self) -> int:  # noqa: N802 (Qt's names)
        return len(self.reader.pane_interfaces(self))

    def child(self, index: int) -> QAccessibleInterface | None:
        panes = self.reader.pane_interfaces(self)
        return panes[index] if 0 <= index < len(panes) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return next((i for i, p in enumerate(self.reader.pane_interfaces(self)) if p is child), -1)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # noqa: N802
        return next((p for p in self.reader.pane_interfaces(self) if p.rect().contains(x, y)), None)

    def focusChild(self) -> QAccessibleInterface | None:  # noqa: N802
        return self.reader.selected_item() if self.widget().hasFocus() else None


class PaneAccessible(QAccessibleInterface):
    """One pane: a list of the events (and count boxes) drawn in view."""

    def __init__(self, reader: TimelineReader, pane: Pane, parent: QAccessibleInterface):
        super().__init__()
        self.reader, self.pane, self._parent = reader, pane, parent

    def isValid(self) -> bool:  # noqa: N802
        return Shiboken.isValid(self.reader.view) and self.pane.plot.isVisible()

    def object(self) -> QObject | None:
        return None

    def parent(self) -> QAccessibleInterface:
        return self._parent

    def role(self) -> QAccessible.Role:
        return Role.List

    def state(self) -> QAccessible.State:
        return QAccessible.State()

    def text(self, kind: QAccessible.Text) -> str:
        if kind == Text.Name:
            return self._name()
        if kind == Text.Description:
            return f"{count(len(self.reader.shown(self.pane)), 'item')} in view"
        return ""

    def _name(self) -> str:
        state = self.reader.state
        tracks = [t.name for t in state.dataset.tracks_on(self.pane.kind) if t.id not in state.hidden_tracks]
        return pane_words(tracks, self.pane.kind, *self.pane.x_range(), self.reader.view.episode_count)

    def setText(self, kind: QAccessible.Text, text: str) -> None:  # noqa: N802
        pass  # read-only

    def rect(self) -> QRect:
        return self.reader.screen_rect(self.pane.view_box.sceneBoundingRect())

    def childCount(self) -> int:  # noqa: N802
        return len(self.reader.shown(self.pane))

    def child(self, index: int) -> QAccessibleInterface | None:
        items = self.reader.item_interfaces(self)
        return items[index] if 0 <= index < len(items) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return next((i for i, item in enumerate(self.reader.item_interfaces(self)) if item is child), -1)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # noqa: N802
        return next((i for i in self.reader.item_interfaces(self) if i.rect().contains(QPoint(x, y))), None)


class MarkAccessible(QAccessibleInterface):
    """One event drawn in view (a list item named by its title and date), or one count box."""

    def __init__(self, reader: TimelineReader, pane_interface: PaneAccessible, key: tuple):
        super().__init__()
        self.reader, self.pane_interface, self.key = reader, pane_interface, key

    def _mark(self) -> ShownMark | None:
        if not Shiboken.isValid(self.reader.view):
            return None
        return self.reader.mark(self.pane_interface.pane, self.key)

    def event_id(self) -> str | None:
        mark = self._mark()
        if mark is None or mark.count != 1:
            return None
        return self.reader.state.columns[mark.track_id].ids[mark.index]

    def isValid(self) -> bool:  # noqa: N802
        return self._mark() is not None

    def object(self) -> QObject | None:
        return None

    def parent(self) -> QAccessibleInterface:
        return self.pane_interface

    def role(self) -> QAccessible.Role:
        return Role.ListItem

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        event_id = self.event_id()
        if event_id is not None:
            state.selectable = state.focusable = True
            state.selected = event_id == self.reader.state.selected
            state.focused = state.selected and self.reader.view.hasFocus()
        return state

    def text(self, kind: QAccessible.Text) -> str:
        mark = self._mark()
        if mark is None:
            return ""
        dataset = self.reader.state.dataset
        event_id = self.event_id()
        if kind == Text.Name:
            if event_id is not None:
                return event_words(dataset, event_id)
            columns = self.reader.state.columns[mark.track_id]
            return box_words(mark.count, columns.name, columns.axis, mark.first, mark.last)
        if kind == Text.Description and event_id is not None:
            return event_details(dataset, event_id) + ("; drawn inside a count box" if mark.in_box else "")
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:  # noqa: N802
        pass  # read-only

    def rect(self) -> QRect:
        mark = self._mark()
        if mark is None:
            return QRect()
        return self.reader.screen_rect(QRectF(mark.left, mark.top, mark.right - mark.left, mark.bottom - mark.top))

    def childCount(self) -> int:  # noqa: N802
        return 0

    def child(self, index: int) -> QAccessibleInterface | None:
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # noqa: N802
        return None


# -- wiring ------------------------------------------------------------------------------------

_factory_installed = False


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    reader = getattr(obj, "accessible_reader", None) if isinstance(obj, TimelineView) else None
    return TimelineAccessible(obj, reader) if reader is not None else None  # type: ignore[arg-type]


def install(view: TimelineView, state: ViewState) -> TimelineReader:
    """Give ``view`` its accessible tree, and tell an active assistive tool when the selected
    event takes the focus and when the items in view change."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_factory)
        _factory_installed = True
    reader = view.accessible_reader = TimelineReader(view, state)
    view.destroyed.connect(lambda *_: reader.release())  # the closure keeps the reader until the view is gone
    reorder = QTimer(view, singleShot=True, interval=REORDER_DELAY_MS)
    reorder.timeout.connect(lambda: _announce_reorder(reader))
    for pane in view.panes:
        pane.view_box.sigRangeChanged.connect(lambda *_: reorder.start() if QAccessible.isActive() else None)
    state.hidden_tracks_changed.connect(lambda: reorder.start() if QAccessible.isActive() else None)
    # after the view has moved to the event (focus() selects first, then moves), not before
    state.selection_changed.connect(lambda *_: QTimer.singleShot(0, view, lambda: announce_focus(reader)))
    return reader


def announce_focus(reader: TimelineReader) -> None:
    """Focus follows the keyboard selection: the selected event's item takes the accessible focus."""
    if not QAccessible.isActive() or not Shiboken.isValid(reader.view) or not reader.view.hasFocus():
        return
    item = reader.selected_item()
    if item is not None:
        QAccessible.updateAccessibility(QAccessibleEvent(item, QAccessible.Event.Focus))


def _announce_reorder(reader: TimelineReader) -> None:
    if Shiboken.isValid(reader.view) and reader.forget_hidden_items():
        for pane in reader.pane_interfaces(reader.view_interface()):
            QAccessible.updateAccessibility(QAccessibleEvent(pane, QAccessible.Event.ObjectReorder))


def accessible_widget(widget: QWidget) -> QAccessibleInterface:
    """The accessible interface Qt gives ``widget`` (tests walk the tree from here)."""
    return QAccessible.queryAccessibleInterface(widget)
