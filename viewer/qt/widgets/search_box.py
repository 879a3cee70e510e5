"""The search box above the timeline: search as you type (the index is built in the background),
step through matches, and say how many there are or what is wrong with the query."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QWidget

from viewer.core.search import SYNTAX, found_rows, has_index, in_time_order_rows, parse_query
from viewer.core.words import count, number
from viewer.qt.indexer import SearchIndexer
from viewer.qt.plain import label, set_tooltip
from viewer.qt.state import ViewState

BIG_SEARCH = 100_000
"""From this many events, a search that has to index them first (~2 s at a million; the
indexer usually has already) shows a wait cursor."""


class SearchBox(QWidget):
    """Search titles, summaries, quotes and people; Enter steps to the next match."""

    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = state
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Search titles, summaries, quotes, notes, people… (is:disputed)")
        set_tooltip(self.field, f"Search: {SYNTAX}")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(160)
        self.count = label("", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.count)
        self.found = np.empty(0, dtype=np.int64)
        """The rows of the events matched, ascending (ids are made only when asked for)."""
        self._rows: np.ndarray | None = self.found
        self._matches: list[str] | None = []
        self.position = -1
        self.field.installEventFilter(self)
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(self.next_match)
        # before the search's own subscription: a new dataset's index is under way when it runs
        self.indexer = SearchIndexer(state, self)
        self.indexer.ready.connect(lambda: self._on_text_changed(self.field.text()))
        state.dataset_changed.connect(lambda: self._on_text_changed(self.field.text()))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # QLineEdit claims Ctrl+E (end of line) and Ctrl+O before the window's shortcuts see them;
        # in this field they should export and open, as everywhere else in the window
        if watched is self.field and event.type() == QEvent.Type.ShortcutOverride:
            if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_E, Qt.Key.Key_O):
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        dataset = self._state.dataset
        if text.strip() and self.indexer.is_building():  # searched once the index is ready
            self._set_found(np.empty(0, dtype=np.int64))
            self._state.set_highlighted(set())
            self.count.setText("indexing…")
            return
        if text.strip() and not has_index(dataset) and len(dataset.events) >= BIG_SEARCH:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the first search builds the index
            try:
                self._set_found(found_rows(dataset, text))
            finally:
                QApplication.restoreOverrideCursor()
        else:
            self._set_found(found_rows(dataset, text))
        self._state.set_highlighted_rows(self.found)
        self._show_count()

    def _set_found(self, rows: np.ndarray) -> None:
        self.found, self._rows, self._matches, self.position = rows, None, None, -1

    @property
    def rows(self) -> np.ndarray:
        """The rows of the events matched, in time order: put in order on the first step through
        them, not on every keystroke (~10 ms at a million matches)."""
        if self._rows is None:
            self._rows = in_time_order_rows(self._state.dataset, self.found)
        return self._rows

    @property
    def matches(self) -> list[str]:
        """The ids of the events matched, in time order."""
        if self._matches is None:
            self._matches = self._state.dataset.events.ids[self.rows].tolist()
        return self._matches

    def _show_count(self) -> None:
        problem = parse_query(self.field.text()).problem
        set_tooltip(self.count, problem or "")
        if not self.field.text().strip():
            self.count.setText("")
        elif problem:
            self.count.setText("unknown filter")
        elif not len(self.found):
            self.count.setText("no matches")
        elif self.position < 0:
            self.count.setText(count(len(self.found), "match"))
        else:
            self.count.setText(f"{number(self.position + 1)} of {number(len(self.found))}")

    @Slot()
    def next_match(self) -> None:
        self._step(1)

    @Slot()
    def previous_match(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not len(self.found):
            return
        self.position = (self.position + direction) % len(self.found)
        self._state.focus(str(self._state.dataset.events.ids[self.rows[self.position]]), reveal=True)
        self._show_count()
