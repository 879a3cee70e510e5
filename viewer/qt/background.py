"""Work that takes seconds (a big spreadsheet's import) run off the GUI thread while a modal
progress dialog stands over the window: the window keeps painting, and what the work returns
or raises comes back to the caller as if it had run in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QThread, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from viewer.qt.plain import label

T = TypeVar("T")

SHOW_AFTER_MS = 400
"""Work quicker than this never flashes a dialog."""


class _Worker(QThread):
    def __init__(self, work: Callable[[], T]):
        super().__init__()
        self._work = work
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._work()
        except BaseException as exc:  # handed back to the GUI thread, raised there
            self.error = exc


def run_in_background(parent: QWidget, title: str, text: str, work: Callable[[], T]) -> T:
    """``work()``'s result, computed on a worker thread; its exception is raised here. A modal,
    busy progress dialog (``title``, ``text`` shown as plain text) appears if it takes a while.
    ``work`` must not touch widgets: it runs on another thread."""
    worker = _Worker(work)
    dialog = QProgressDialog("", None, 0, 0, parent)  # busy, and no Cancel: the work cannot stop midway
    dialog.setLabel(label(text, dialog))  # a file name is shown as it is
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)  # queued to this thread: seen by exec() even if already done
    worker.start()
    dialog.setValue(0)  # starts the dialog's show-after timer
    # the window paints meanwhile but takes no clicks or keys until the work is done (before the
    # dialog shows, its modality does not hold yet); they wait, as they did on a busy GUI thread
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    worker.wait()  # also when the loop was ended early (the application quitting)
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]
