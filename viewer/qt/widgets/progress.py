"""The progress dialog of a background open: it shows only for a load that takes a while, with Cancel."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from viewer.qt.loader import DatasetLoader
from viewer.qt.plain import label
from viewer.qt.session import DatasetSession

SHOW_AFTER_MS = 400
"""A load quicker than this never flashes a dialog."""


class LoadProgress(QObject):
    """A progress dialog with Cancel for each background open of ``session``. Reloads stay quiet:
    the last version stays on screen meanwhile."""

    def __init__(self, session: DatasetSession, parent: QWidget):
        super().__init__(parent)
        self._parent = parent
        self.dialog: QProgressDialog | None = None
        """The dialog of the open in progress, if any."""
        session.started.connect(self._on_load_started)

    @Slot(object, bool)
    def _on_load_started(self, loader: DatasetLoader, reload: bool) -> None:
        if reload:
            return
        name = loader.path.name
        dialog = self.dialog = QProgressDialog("", "Cancel", 0, 100, self._parent)
        dialog.setLabel(label(f"Opening {name}…", dialog))  # a file name is shown as it is
        dialog.setWindowTitle(f"Opening {name}")
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progressed(percent: int, phase: str) -> None:
            dialog.setValue(percent)
            dialog.setLabelText(f"Opening {name}: {phase}…")

        def finished(*_args: object) -> None:
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()
            if self.dialog is dialog:
                self.dialog = None

        loader.progressed.connect(progressed)
        for end in (loader.loaded, loader.failed, loader.cancelled):
            end.connect(finished)
        dialog.canceled.connect(loader.cancel)
