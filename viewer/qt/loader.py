"""Loading a dataset off the GUI thread, with progress and a cooperative Cancel.

:func:`load_in_phases` is the work itself (read, parse, validate and build, lay out columns),
reporting progress between phases and between slices of a big file's events, and stopping at
the next of those once cancelled; it is
plain Python, so tests can drive it directly. :class:`DatasetLoader` runs it on a ``QThread``
and reports back through signals delivered on the GUI thread; the window stays responsive
because the GUI thread only waits on its event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Event

from PySide6.QtCore import QObject, QThread, Signal

from viewer.dataset.build import READ_SHARE
from viewer.dataset.load import load_dataset
from viewer.dataset.read import gc_paused
from viewer.scene.columns import TrackColumns, build_columns
from viewer.memory import return_free_memory
from viewer.core.model import Dataset

BACKGROUND_BYTES = 2 * 1024 * 1024
"""Files at least this big load in the background (smaller ones load before open_path returns)."""

PHASES = (("Reading events and checking quotes", round(90 * READ_SHARE)), ("Working out dates, quotes and ids", 90),
          ("Laying out tracks", 100))
"""(what is happening, percent done when it ends), in order. A big JSON file's events are read
a slice at a time and its table worked out step by step, so the first two phases report their
progress (and see a Cancel) as they go; a small file goes from the first phase to the last."""

_RUNNING: set[QThread] = set()
"""Worker threads still running: kept referenced so that closing a window mid-load never
destroys a running QThread (which would abort the process); each leaves the set when it ends."""


class LoadCancelled(Exception):
    """The user cancelled the load; nothing was changed."""


Progress = Callable[[int, str], None]


def load_in_phases(path: str | Path, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> tuple[Dataset, dict[str, TrackColumns]]:
    """Load ``path`` into a dataset and its columns; raises DatasetError, or LoadCancelled when
    ``cancelled()`` turns true (checked before every phase and every slice of events)."""
    path = Path(path)
    report = progress or (lambda percent, phase: None)
    stop = cancelled or (lambda: False)

    def phase(index: int) -> None:
        if stop():
            raise LoadCancelled(str(path))
        report(PHASES[index - 1][1] if index else 0, PHASES[index][0])

    def loading(share: float) -> None:
        if stop():
            raise LoadCancelled(str(path))
        report(int(PHASES[1][1] * share), PHASES[0 if share <= READ_SHARE else 1][0])

    with gc_paused():  # millions of acyclic new objects: see viewer.dataset.load
        phase(0)
        dataset = load_dataset(path, on_progress=loading, release_memory=return_free_memory)
        return_free_memory()
        phase(2)
        columns = build_columns(dataset)
        return_free_memory()  # the sorting's temporaries
    if stop():
        raise LoadCancelled(str(path))
    report(100, "Done")
    return dataset, columns


class _LoadThread(QThread):
    progressed = Signal(int, str)
    loaded = Signal(object, object)
    failed = Signal(object)
    stopped = Signal()

    def __init__(self, path: Path, cancel: Event, parent: QObject | None = None):
        super().__init__(parent)
        self._path = path
        self._cancel = cancel

    def run(self) -> None:
        try:
            dataset, columns = load_in_phases(self._path, self.progressed.emit, self._cancel.is_set)
        except LoadCancelled:
            self.stopped.emit()
        except BaseException as exc:  # reported on the GUI thread (show_error), never lost
            self.failed.emit(exc)
        else:
            self.loaded.emit(dataset, columns)


class DatasetLoader(QObject):
    """One background load. Connect the signals, then :meth:`start`; :meth:`cancel` at any time.

    Exactly one of ``loaded``, ``failed`` or ``cancelled`` is emitted, on the GUI thread.
    """

    progressed = Signal(int, str)
    """Percent done and what is happening now."""
    loaded = Signal(object, object)
    """The Dataset and its columns (``dict[str, TrackColumns]``), ready for ``ViewState.set_dataset``."""
    failed = Signal(object)
    """The exception (a DatasetError for a bad file)."""
    cancelled = Signal()

    def __init__(self, path: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self._cancel = Event()
        self._thread = _LoadThread(self.path, self._cancel)
        _RUNNING.add(self._thread)
        self._thread.finished.connect(lambda thread=self._thread: _RUNNING.discard(thread))
        self._thread.progressed.connect(self.progressed)
        self._thread.loaded.connect(self._on_loaded)
        self._thread.failed.connect(self._on_failed)
        self._thread.stopped.connect(self._on_stopped)
        self.done = False

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the load to stop at its next phase boundary (the previous dataset stays)."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, ms: int = 60_000) -> bool:
        """Block until the worker thread ends (tests and shutdown); True if it did."""
        return self._thread.wait(ms)

    def _finish(self) -> None:
        self.done = True
        self._thread.wait()

    def _on_loaded(self, dataset: Dataset, columns: dict[str, TrackColumns]) -> None:
        self._finish()
        if self._cancel.is_set():  # cancelled after the last check: honour it
            self.cancelled.emit()
        else:
            self.loaded.emit(dataset, columns)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self.failed.emit(exc)

    def _on_stopped(self) -> None:
        self._finish()
        self.cancelled.emit()
