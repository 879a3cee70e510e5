"""A big dataset's search index built off the GUI thread, as soon as the dataset is shown.

Indexing a million events takes seconds (:func:`viewer.core.search.build_index`, pure); done on
the first keystroke it froze the window for that long. :class:`SearchIndexer` builds it on a
worker ``QThread`` when the view state's dataset changes, and adopts it on the GUI thread; the
search box waits for it (``ready``) instead of building a second one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from viewer.core.model import Dataset
from viewer.core.search import SearchIndex, adopt_index, build_index, has_index
from viewer.qt.state import ViewState

BACKGROUND_FROM = 20_000
"""From this many events the index is built in the background (a smaller one is built on the
first keystroke in a few tens of milliseconds)."""

START_AFTER_MS = 250
"""The build starts this long after the dataset is shown: the thread holds Python's lock for
much of its work, and starting at once delayed a 100k window's first paint from ~0.09 to ~0.22 s."""

_RUNNING: set[QThread] = set()
"""Worker threads still running: kept referenced so that closing a window mid-build never
destroys a running QThread (which would abort the process); each leaves the set when it ends."""


def wait_for_builds(ms: int = 60_000) -> bool:
    """Block until every build under way has ended (shutdown, the benchmark); True if they did."""
    return all(thread.wait(ms) for thread in list(_RUNNING))


class _IndexThread(QThread):
    built = Signal(object, object)
    """The dataset and its index (None if building it failed: the first search builds it then)."""

    def __init__(self, dataset: Dataset):
        super().__init__()
        self.dataset = dataset

    def run(self) -> None:
        try:
            index: SearchIndex | None = build_index(self.dataset)
        except Exception:  # noqa: BLE001 (never lost: the first search builds it on the GUI thread and says why)
            index = None
        self.built.emit(self.dataset, index)


class SearchIndexer(QObject):
    """Builds the shown dataset's search index in the background when it is big."""

    ready = Signal()
    """The shown dataset's index is in place: searches no longer wait."""

    def __init__(self, state: ViewState, parent: QObject | None = None):
        super().__init__(parent)
        self._state = state
        self._building: Dataset | None = None
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()

    def is_building(self) -> bool:
        """Whether the shown dataset's index is being built right now."""
        return self._building is not None and self._building is self._state.dataset

    def _on_dataset_changed(self) -> None:
        dataset = self._state.dataset
        if has_index(dataset) or len(dataset.events) < BACKGROUND_FROM or self.is_building():
            return
        self._building = dataset  # searches wait from now on
        QTimer.singleShot(START_AFTER_MS, self, lambda: self._start(dataset))

    def _start(self, dataset: Dataset) -> None:
        if dataset is not self._building:  # another dataset came first: its own build is under way
            return
        thread = _IndexThread(dataset)
        _RUNNING.add(thread)
        thread.finished.connect(lambda: _RUNNING.discard(thread))
        thread.built.connect(self._on_built)
        thread.start()

    def _on_built(self, dataset: Dataset, index: SearchIndex | None) -> None:
        if index is not None:
            adopt_index(dataset, index)
        if dataset is self._building:
            self._building = None
        if dataset is self._state.dataset:
            self.ready.emit()
