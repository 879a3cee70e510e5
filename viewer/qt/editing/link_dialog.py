"""Link a plot point to the real event behind it: pick the event from a searchable list, or click
it in the calendar pane while the dialog is open; choose the type and an optional note."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

from viewer.core.dates import human_date
from viewer.core.model import LINK_KINDS, AxisKind, Dataset
from viewer.core.search import fold
from viewer.editing.fields import LinkFields
from viewer.qt.editing.messages import ErrorLine
from viewer.qt.plain import label
from viewer.qt.state import ViewState

MAX_LISTED = 2000
"""Real events listed at once; the search narrows a longer list."""


def real_events(dataset: Dataset) -> list[tuple[str, str]]:
    """(id, "title — date") of every event on a calendar track, in time order."""
    calendar = {t.id for t in dataset.tracks if t.axis is AxisKind.CALENDAR}
    events = sorted((e for e in dataset.events if e.track_id in calendar), key=lambda e: (e.start, e.id))
    return [(e.id, f"{e.title} — {human_date(e.date)}" if e.date else e.title) for e in events]


class LinkDialog(QDialog):
    """From ``from_id`` (a plot point) to a real event; non-modal, so the pane can be clicked."""

    def __init__(self, state: ViewState, from_id: str, submit: Callable[[LinkFields], str | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.from_id = from_id
        self.submit = submit
        self.setWindowTitle("Link to a real event")
        point = state.dataset.event(from_id)
        self.heading = label(f"‘{point.title}’ is linked to the real event chosen below "
                             "(pick it here, or click it in the calendar pane).", self)
        self.heading.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Search real events")
        self.filter.setClearButtonEnabled(True)
        self.events = QListWidget(self)
        self.events.setAccessibleName("Real events")
        self.kind = QComboBox(self)
        self.kind.addItems(LINK_KINDS)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Optional: how the two relate")
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Type", self.kind)
        form.addRow("&Note", self.note)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.filter, self.events):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 480)
        self._all = real_events(state.dataset)
        self.filter.textChanged.connect(self._fill)
        state.selection_changed.connect(self._on_selection_changed)
        self._fill("")

    def _fill(self, query: str) -> None:
        wanted = fold(query.strip())
        chosen = self.chosen_id()
        self.events.clear()
        matching = [pair for pair in self._all if wanted in fold(pair[1])]
        for event_id, text in matching[:MAX_LISTED]:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, event_id)
            self.events.addItem(item)
            if event_id == chosen:
                self.events.setCurrentItem(item)

    def chosen_id(self) -> str | None:
        item = self.events.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose(self, event_id: str) -> bool:
        """Make ``event_id`` the chosen real event (clearing a search that hides it)."""
        for _ in range(2):
            for row in range(self.events.count()):
                item = self.events.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == event_id:
                    self.events.setCurrentItem(item)
                    self.events.scrollToItem(item)
                    return True
            self.filter.clear()
        return False

    @Slot(object)
    def _on_selection_changed(self, event_id: str | None) -> None:
        if event_id is not None and event_id != self.from_id:
            self.choose(event_id)

    def values(self) -> LinkFields | None:
        to_id = self.chosen_id()
        if to_id is None:
            return None
        return LinkFields(self.from_id, to_id, self.kind.currentText(), self.note.text() or None)

    def try_accept(self) -> None:
        link = self.values()
        problem = "Choose the real event to link to." if link is None else self.submit(link)
        if problem is None:
            self.accept()
        else:
            self.error.show_problem(problem)

    def done(self, result: int) -> None:
        self.state.selection_changed.disconnect(self._on_selection_changed)
        super().done(result)
