"""File ▸ Open Recent: the last files opened, kept in the settings, newest first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import QMenu, QWidget

from viewer.qt.plain import no_mnemonic
from viewer.qt.session import DatasetSession

MAX_RECENT = 8


class RecentMenu(QMenu):
    """The recently opened files; picking one opens it through ``session``, and every file the
    session opens (not reloads) goes to the top."""

    def __init__(self, settings: QSettings, session: DatasetSession, parent: QWidget | None = None):
        super().__init__("Open &Recent", parent)
        self._settings = settings
        self._session = session
        session.loaded.connect(self._on_loaded)
        self._rebuild()

    def paths(self) -> list[str]:
        value = self._settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def add(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.paths() if p != entry]
        self._settings.setValue("recent", recent[:MAX_RECENT])
        self._rebuild()

    @Slot(object, bool)
    def _on_loaded(self, path: Path, reload: bool) -> None:
        if not reload:
            self.add(path)

    def _rebuild(self) -> None:
        self.clear()
        recent = self.paths()
        for path in recent:
            act = self.addAction(no_mnemonic(Path(path).name))
            act.setStatusTip(path)
            act.triggered.connect(lambda _=False, p=path: self._session.open(p))
        self.setEnabled(bool(recent))
