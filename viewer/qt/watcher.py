"""Notice when the open dataset changes on disk, however the editor saves it.

Editors save in different ways: some write in place, others write a new file and rename it over
the old one (which makes ``QFileSystemWatcher`` drop the path), and most trigger several change
notifications per save. So we watch both the file and its folder, debounce, and only report a
change when the file's (mtime, size) signature really moved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

DEBOUNCE_MS = 250


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class DatasetWatcher(QObject):
    """Emits ``changed`` (debounced) when the watched file's content may have changed."""

    changed = Signal(str)
    """The watched path; emitted once per save, after the file has settled."""

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_fs_event)
        self._watcher.directoryChanged.connect(self._on_fs_event)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._on_settled)
        self.path: Path | None = None
        self._signature: tuple[int, int] | None = None

    def watch(self, path: str | Path) -> None:
        """Watch this file (and its folder, to survive rename-over saves) instead of the last one."""
        self.stop()
        self.path = Path(path).resolve()
        self._signature = _signature(self.path)
        self._watcher.addPath(str(self.path.parent))
        if self.path.exists():
            self._watcher.addPath(str(self.path))

    def stop(self) -> None:
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._timer.stop()
        self.path = None

    @Slot(str)
    def _on_fs_event(self, _path: str) -> None:
        self._timer.start()  # restart: one report per burst of notifications

    @Slot()
    def _on_settled(self) -> None:
        if self.path is None:
            return
        # a rename-over save replaced the inode we watched: watch the new file
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))
        signature = _signature(self.path)
        if signature is None or signature == self._signature:
            return  # deleted (wait for it to come back) or a folder change that wasn't our file
        self._signature = signature
        self.changed.emit(str(self.path))
