"""View state shared by the panes, the detail panel and the window (a QObject with signals).

Data flows one way: dataset -> ViewState -> views. Views subscribe in ``__init__`` and never
store selection or highlight on events themselves.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from viewer.scene.columns import TrackColumns, build_columns
from viewer.core.model import Dataset
from viewer.core.snapshots import NO_STALE_QUOTES, StaleQuotes
from viewer.core.theme import LIGHT, Theme


class ViewState(QObject):
    """The dataset on show, the selection, highlights, hidden tracks and the theme."""

    dataset_changed = Signal()
    """A new dataset replaced the old one (selection and highlights were reset or carried over)."""
    selection_changed = Signal(object)
    """The selected event id, or None."""
    highlight_changed = Signal()
    """The set of highlighted (search / verdict filter) event ids changed."""
    hidden_tracks_changed = Signal()
    theme_changed = Signal()
    stale_quotes_changed = Signal()
    """The quotes that the sources' snapshots on disk no longer hold changed (see ``stale_quotes``)."""
    list_requested = Signal(str, str, object)
    """List these events in the detail panel: (title, what they have in common, event ids in
    time order); an empty list lets the panel show the selection again."""
    focus_requested = Signal(str, bool, bool)
    """Bring this event id into view; the flag says centre it even if it is already visible
    (a linked event clicked in the detail panel) rather than only when it is not (↓ / ↑, search)."""

    def __init__(self, dataset: Dataset, parent: QObject | None = None):
        super().__init__(parent)
        self.dataset = dataset
        self.columns: dict[str, TrackColumns] = build_columns(dataset)
        self.selected: str | None = None
        self._highlighted: frozenset[str] | None = frozenset()
        self._highlighted_rows: np.ndarray | None = None
        self.hidden_tracks: frozenset[str] = frozenset()
        self.theme: Theme = LIGHT
        self.is_reload = False
        """Whether the last dataset change was a reload of the same file (views keep their ranges)."""
        self.stale_quotes: StaleQuotes = NO_STALE_QUOTES
        """The shown dataset's quotes that its snapshots, changed on disk since, no longer hold:
        they must not read "verified". Set by the session when a reload fails; a new dataset clears it."""

    def set_dataset(self, dataset: Dataset, columns: dict[str, TrackColumns] | None = None,
                    reload: bool = False) -> None:
        """Show another dataset; keeps the selection when the selected event still exists.

        ``reload`` says it is a new version of the same file: views keep their ranges."""
        self.is_reload = reload
        self.dataset = dataset
        self.columns = columns if columns is not None else build_columns(dataset)
        self._highlighted, self._highlighted_rows = frozenset(), None
        self.hidden_tracks = frozenset(t for t in self.hidden_tracks if any(x.id == t for x in dataset.tracks))
        keep = self.selected if self.selected and dataset.has_event(self.selected) else None
        selection_moved = keep != self.selected
        self.selected = keep
        was_stale, self.stale_quotes = bool(self.stale_quotes), NO_STALE_QUOTES
        self.dataset_changed.emit()
        if was_stale:
            self.stale_quotes_changed.emit()
        if selection_moved:
            self.selection_changed.emit(keep)
        self.highlight_changed.emit()

    def select(self, event_id: str | None) -> None:
        if event_id is not None and not self.dataset.has_event(event_id):
            event_id = None
        if event_id != self.selected:
            self.selected = event_id
            self.selection_changed.emit(event_id)

    def focus(self, event_id: str, centre: bool = False, reveal: bool = False) -> None:
        """Select an event and ask the panes to bring it into view (``centre``: in the middle;
        ``reveal``: zoomed in until it is drawn on its own, not inside a count box)."""
        self.select(event_id)
        self.focus_requested.emit(event_id, centre, reveal)

    @property
    def highlighted(self) -> frozenset[str]:
        """The highlighted event ids (made from the rows, once, when a search set them by row)."""
        if self._highlighted is None:
            self._highlighted = frozenset(self.dataset.events.ids[self._highlighted_rows].tolist())
        return self._highlighted

    def set_highlighted(self, ids: frozenset[str] | set[str]) -> None:
        ids = frozenset(ids)
        if not ids and not self._highlight_count():
            return
        if ids != self.highlighted:
            self._highlighted, self._highlighted_rows = ids, None
            self.highlight_changed.emit()

    def set_highlighted_rows(self, rows: np.ndarray) -> None:
        """Highlight the events in these dataset rows (each once): a search lighting up a
        million events makes no id string until one is asked for."""
        rows = np.asarray(rows, dtype=np.int64)
        current = self._highlighted_rows
        if current is not None and np.array_equal(current, rows) or not len(rows) and not self._highlight_count():
            return
        self._highlighted, self._highlighted_rows = None, rows
        self.highlight_changed.emit()

    def _highlight_count(self) -> int:
        return len(self._highlighted) if self._highlighted is not None else len(self._highlighted_rows)

    def highlighted_rows(self) -> np.ndarray:
        """The dataset rows of the highlighted events, worked out once per highlight for every
        pane (a search can light up a million events)."""
        if self._highlighted_rows is None:
            self._highlighted_rows = self.dataset.events.rows_of(self._highlighted)
        return self._highlighted_rows

    def show_list(self, title: str, note: str, event_ids: list[str]) -> None:
        """Ask the detail panel to list these events (see ``list_requested``)."""
        self.list_requested.emit(title, note, list(event_ids))

    def set_track_hidden(self, track_id: str, hidden: bool) -> None:
        hidden_tracks = set(self.hidden_tracks)
        (hidden_tracks.add if hidden else hidden_tracks.discard)(track_id)
        if frozenset(hidden_tracks) != self.hidden_tracks:
            self.hidden_tracks = frozenset(hidden_tracks)
            self.hidden_tracks_changed.emit()

    def set_stale_quotes(self, stale: StaleQuotes) -> None:
        if stale != self.stale_quotes:
            self.stale_quotes = stale
            self.stale_quotes_changed.emit()

    def set_theme(self, theme: Theme) -> None:
        if theme != self.theme:
            self.theme = theme
            self.theme_changed.emit()
