"""Notice when the open dataset or one of its snapshots changes on disk, however the editor saves.

Editors save in different ways: some write in place, others write a new file and rename it over
the old one (which makes ``QFileSystemWatcher`` drop the path, or keep watching the replaced
inode), and most trigger several change notifications per save. So we watch the files and their
folders, debounce, re-add every path that changed, and only report a change when a file's
(mtime, size) signature really moved. A dataset file that disappears (deleted, or moved away) is
reported once. A slow poll backs the notifications up: a folder renamed above the file, or put
back, sends none.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

DEBOUNCE_MS = 250
POLL_MS = 1000
"""How often the watched files are looked at even without a notification."""
MAX_WATCHED_SNAPSHOTS = 500
"""Snapshot files watched at most (each takes an inotify watch); further ones are not watched."""

Signature = tuple[int, int] | None


def _signature(path: Path) -> Signature:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class DatasetWatcher(QObject):
    """Watches a dataset file and its snapshot files; reports changes (debounced) and a missing file."""

    changed = Signal(str)
    """A watched file changed or came back (the dataset file if it did, else a snapshot); once per
    burst of notifications, after the files have settled, and only while the dataset file exists."""
    disappeared = Signal(str)
    """The dataset file is gone (deleted or moved away); ``changed`` follows when it is back."""

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_fs_event)
        self._watcher.directoryChanged.connect(self._on_fs_event)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._on_settled)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self.path: Path | None = None
        """The dataset file watched, resolved; None when nothing is."""
        self._signatures: dict[Path, Signature] = {}

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file watched: the dataset file first, then its snapshots."""
        return tuple(self._signatures)

    def watch(self, path: str | Path, snapshots: Iterable[str | Path] = ()) -> None:
        """Watch this dataset file and these snapshots (and their folders) instead of the last ones.

        Files already watched keep their last signature, so a change made while a reload read
        them is still reported."""
        path = Path(path).resolve()
        if path != self.path:
            self.stop()
        wanted = dict.fromkeys([path, *(Path(s).resolve() for s in snapshots)])
        files = list(wanted)[:1 + MAX_WATCHED_SNAPSHOTS]
        known = self._signatures
        self._signatures = {f: known[f] if f in known else _signature(f) for f in files}
        self.path = path
        self._update_watches(changed=())
        self._poll.start()

    def note_own_write(self, path: str | Path) -> None:
        """The app itself just wrote ``path`` (a save): take its new signature as known, so the
        notifications that follow are not reported as a change made outside."""
        path = Path(path).resolve()
        if path in self._signatures:
            self._signatures[path] = _signature(path)

    def stop(self) -> None:
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._timer.stop()
        self._poll.stop()
        self.path = None
        self._signatures = {}

    def _update_watches(self, changed: Iterable[Path]) -> None:
        """Watch every file that exists and every folder holding one, re-adding changed files: a
        rename-over save leaves the watch on the replaced file, a deletion drops it."""
        renewed = [str(f) for f in changed if str(f) in self._watcher.files()]
        if renewed:
            self._watcher.removePaths(renewed)
        wanted = {str(f) for f in self._signatures if f.exists()} | {str(f.parent) for f in self._signatures
                                                                     if f.parent.is_dir()}
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    @Slot(str)
    def _on_fs_event(self, _path: str) -> None:
        self._timer.start()  # restart: one report per burst of notifications

    @Slot()
    def _on_poll(self) -> None:
        if self._timer.isActive():
            return  # a burst of notifications is settling already
        if any(_signature(f) != signature for f, signature in self._signatures.items()):
            self._timer.start()  # a change nothing told us about: settle it like any other

    @Slot()
    def _on_settled(self) -> None:
        if self.path is None:
            return
        now = {f: _signature(f) for f in self._signatures}
        changed = [f for f, signature in now.items() if signature != self._signatures[f]]
        self._signatures = now
        self._update_watches(changed)
        if now[self.path] is None:
            if self.path in changed:
                self.disappeared.emit(str(self.path))
            return  # nothing can be reloaded until the dataset file is back
        if changed:
            self.changed.emit(str(changed[0]))
