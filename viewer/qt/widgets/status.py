"""What the session is doing, in the status bar: opened, reloaded, cancelled, changed, gone, stale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStatusBar

from viewer.core.snapshots import StaleQuotes
from viewer.qt.loader import DatasetLoader
from viewer.qt.session import DatasetSession
from viewer.qt.state import ViewState
from viewer.core.words import count

SHORT_MS, LONG_MS = 5000, 8000


class SessionStatus(QObject):
    """Puts ``session``'s news in ``bar``. A failed open has its own message box (the window's);
    a failed reload or a vanished file also shows in the banner."""

    def __init__(self, session: DatasetSession, state: ViewState, bar: QStatusBar):
        super().__init__(bar)
        self._bar = bar
        self._state = state
        session.started.connect(self._on_load_started)
        session.loaded.connect(self._on_loaded)
        session.failed.connect(self._on_load_failed)
        session.cancelled.connect(self._on_load_cancelled)
        session.changed_on_disk.connect(self._on_file_changed_on_disk)
        session.disappeared.connect(self._on_file_disappeared)
        session.quotes_went_stale.connect(self._on_quotes_went_stale)

    @Slot(object, bool)
    def _on_load_started(self, loader: DatasetLoader, reload: bool) -> None:
        if not reload:  # a reload has said so already (changed on disk)
            self._bar.showMessage(f"Opening {loader.path.name}…")

    @Slot(object, bool)
    def _on_loaded(self, path: Path, reload: bool) -> None:
        if reload:
            self._bar.showMessage(f"Reloaded {path.name} after a change on disk", SHORT_MS)
            return
        dataset = self._state.dataset
        self._bar.showMessage(f"Opened {path.name}: {count(len(dataset.events), 'event')}, "
                              f"{count(dataset.quotes_verified, 'verified quote')}", LONG_MS)

    @Slot(object, object, bool)
    def _on_load_failed(self, path: Path, _exc: BaseException, reload: bool) -> None:
        if reload:
            self._bar.showMessage(f"{path.name} or a snapshot it cites changed on disk and no longer loads; "
                                  "showing the last good version", LONG_MS)

    @Slot(object, bool)
    def _on_load_cancelled(self, path: Path, reload: bool) -> None:
        if not reload:  # a reload is cancelled only by a newer one
            self._bar.showMessage(f"Cancelled opening {path.name}; the previous dataset is still shown", LONG_MS)

    @Slot(object)
    def _on_file_changed_on_disk(self, path: Path) -> None:
        self._bar.showMessage(f"{path.name} changed on disk; reloading…")

    @Slot(object)
    def _on_file_disappeared(self, path: Path) -> None:
        self._bar.showMessage(f"{path.name} was deleted or moved; showing the last good version")

    @Slot(object, object)
    def _on_quotes_went_stale(self, path: Path, stale: StaleQuotes) -> None:
        self._bar.showMessage(f"{count(len(stale.quotes), 'quote')} of {path.name} no longer found in "
                              "a changed snapshot; the rest is the last verified version", LONG_MS)
