"""The open dataset file: opening it, loading it in the background when it is large, watching it
and its snapshots, and reloading when they change on disk.

:class:`DatasetSession` puts each dataset it loads into the :class:`ViewState` and says what
happened through signals; when a load fails the last good dataset stays in the view state. It has
no widgets: the window (or a test) shows what the signals say.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from viewer.core.model import Dataset
from viewer.core.snapshots import stale_quotes
from viewer.dataset.load import DatasetError, load_dataset
from viewer.dataset.read import current_snapshot_texts
from viewer.qt.loader import BACKGROUND_BYTES, DatasetLoader
from viewer.qt.state import ViewState
from viewer.qt.watcher import DatasetWatcher
from viewer.scene.columns import TrackColumns


def loads_in_background(path: Path) -> bool:
    """The one background-or-not decision: files of ``BACKGROUND_BYTES`` or more load off the GUI
    thread. A file that cannot be read loads synchronously, where the problem is worded."""
    try:
        return path.stat().st_size >= BACKGROUND_BYTES
    except OSError:
        return False


class DatasetSession(QObject):
    """Opens, watches and reloads the dataset shown in ``state``; the last good one stays on failure.

    Each load ends in exactly one of ``loaded``, ``failed``, ``cancelled`` or, for a reload,
    ``quotes_went_stale``. Whatever dataset the view state shows (however it got there) is
    watched, with its snapshot files. After a failed reload the view state's ``stale_quotes``
    says which of the shown quotes the snapshots on disk no longer hold.
    """

    started = Signal(object, bool)
    """A background load began: its DatasetLoader (whose ``progressed`` tells how far it is, and
    whose end is this load's end), and whether it is a reload."""
    loaded = Signal(object, bool)
    """The dataset from this path is now in the view state; the flag says it was a reload."""
    failed = Signal(object, object, bool)
    """Loading this path raised this exception (a DatasetError for a bad file); the flag says it
    was a reload. The view state still shows the last good dataset."""
    cancelled = Signal(object, bool)
    """The load of this path was cancelled (by the user, or by a newer request); nothing changed.
    The flag says it was a reload."""
    changed_on_disk = Signal(object)
    """This file (the dataset's, or a snapshot's) changed on disk: a reload has begun."""
    disappeared = Signal(object)
    """The dataset file at this path was deleted or moved; it reloads when it is back."""
    changed_under_edits = Signal(object)
    """This file changed on disk while :attr:`has_unsaved_edits` said there are edits not yet
    saved: nothing was reloaded; the window asks whether to keep them or load the file."""
    quotes_went_stale = Signal(object, object)
    """A reload of this path failed only because quotes are no longer in their changed snapshots:
    the last good dataset stays, and these StaleQuotes (also in the view state) are flagged."""

    def __init__(self, state: ViewState, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.loader: DatasetLoader | None = None
        """The background load in progress, if any."""
        self.watcher = DatasetWatcher(self)
        self.watcher.changed.connect(self._on_file_changed)
        self.watcher.disappeared.connect(self._on_file_disappeared)
        self.has_unsaved_edits: Callable[[], bool] = lambda: False
        """Whether edits not yet saved would be lost by a reload (set by the editor)."""
        self.may_replace: Callable[[Path], bool] = lambda _path: True
        """Asked before another file is opened in place of this one (the editor asks about
        unsaved edits); False keeps the dataset on show."""
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()

    @property
    def path(self) -> Path | None:
        """The file of the dataset on show (None for one that came from no file)."""
        return self.state.dataset.path

    # -- loading --------------------------------------------------------------------------------

    def open(self, path: str | Path, wait: bool | None = None) -> bool | None:
        """Load ``path`` and show it; True on success, False on failure (``failed`` says why).

        A large file (see :func:`loads_in_background`) loads in the background: this returns None
        at once and ``loaded``, ``failed`` or ``cancelled`` follows. ``wait=True`` always loads
        before returning, ``wait=False`` always in the background. A newer request cancels an
        older one still running. If :attr:`may_replace` says no, nothing happens (False)."""
        if not self.may_replace(Path(path)):
            return False
        return self._load(Path(path), reload=False, wait=wait)

    def reload(self) -> bool | None:
        """Load the dataset on show again from its file, as :meth:`open` does; False if it has none."""
        if self.path is None:
            return False
        return self._load(self.path, reload=True, wait=None)

    def cancel(self) -> None:
        """Cancel the background load in progress, if any (``cancelled`` follows)."""
        if self.loader is not None:
            self.loader.cancel()

    def _load(self, path: Path, reload: bool, wait: bool | None) -> bool | None:
        self.cancel()
        if wait is None:
            wait = not loads_in_background(path)
        if not wait:
            self._start_loader(path, reload)
            return None
        try:
            dataset = load_dataset(path)
        except Exception as exc:  # DatasetError or anything else: reported, never a traceback
            self._fail(path, exc, reload)
            return False
        self._adopt(path, dataset, None, reload)
        return True

    def _start_loader(self, path: Path, reload: bool) -> None:
        loader = self.loader = DatasetLoader(path, self)
        loader.loaded.connect(lambda dataset, columns: self._adopt(path, dataset, columns, reload, loader))
        loader.failed.connect(lambda exc: self._fail(path, exc, reload, loader))
        loader.cancelled.connect(lambda: self._on_cancelled(path, reload, loader))
        self.started.emit(loader, reload)
        loader.start()

    def _forget(self, loader: DatasetLoader | None) -> None:
        if loader is not None:
            loader.deleteLater()
            if self.loader is loader:
                self.loader = None

    def _on_cancelled(self, path: Path, reload: bool, loader: DatasetLoader) -> None:
        self._forget(loader)
        self.cancelled.emit(path, reload)

    def _adopt(self, path: Path, dataset: Dataset, columns: dict[str, TrackColumns] | None, reload: bool,
               loader: DatasetLoader | None = None) -> None:
        self._forget(loader)
        self.state.set_dataset(dataset, columns, reload=reload)
        self.loaded.emit(path, reload)

    def _fail(self, path: Path, exc: BaseException, reload: bool, loader: DatasetLoader | None = None) -> None:
        self._forget(loader)
        if not isinstance(exc, DatasetError):
            traceback.print_exception(exc)  # unexpected: on stderr for us; the user gets it in words
        if reload:
            stale = stale_quotes(self.state.dataset, current_snapshot_texts(self.state.dataset))
            self.state.set_stale_quotes(stale)
            if stale.quotes and _only_quotes_failed(exc):
                self.quotes_went_stale.emit(path, stale)
                return
        self.failed.emit(path, exc, reload)

    # -- watching -------------------------------------------------------------------------------

    @Slot()
    def _on_dataset_changed(self) -> None:
        dataset = self.state.dataset
        if dataset.path is None:
            self.watcher.stop()
            return
        snapshots = [s.snapshot for s in dataset.sources.values() if s.snapshot is not None]
        self.watcher.watch(dataset.path, snapshots)

    @Slot(str)
    def _on_file_changed(self, path: str) -> None:
        if self.has_unsaved_edits():
            self.changed_under_edits.emit(Path(path))
            return
        self.changed_on_disk.emit(Path(path))
        self.reload()

    @Slot(str)
    def _on_file_disappeared(self, path: str) -> None:
        self.cancel()  # a reload still reading the old file has nothing to finish with
        self.disappeared.emit(Path(path))


def _only_quotes_failed(exc: BaseException) -> bool:
    """Whether every problem of a failed load is a quote that was not found (the dataset file
    itself is fine as far as the loader could tell)."""
    return isinstance(exc, DatasetError) and bool(exc.problems) and all(p.field.endswith(".quote") for p in exc.problems)
