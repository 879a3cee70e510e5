"""The strip above the timeline that says what is wrong with the open file on disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QToolButton, QWidget

from viewer.core.model import Dataset
from viewer.core.snapshots import StaleQuotes, stale_lines
from viewer.dataset.load import DatasetError
from viewer.qt.plain import label, message_box, problem_lines, set_tooltip
from viewer.qt.session import DatasetSession
from viewer.core.words import count, number


def problems_of(exc: BaseException) -> list[str]:
    """A failed load's problems, one a line, in words."""
    return [str(p) for p in exc.problems] if isinstance(exc, DatasetError) else [f"unexpected error: {exc}"]


class FileBanner(QWidget):
    """Non-modal: the file on disk is broken or gone, or a snapshot no longer holds a quote, and
    the last good version is still shown. It follows ``session``: a failed reload, stale quotes
    or a vanished file show it, a good load clears it."""

    def __init__(self, session: DatasetSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setObjectName("error-banner")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#fbe3e1"))
        palette.setColor(self.foregroundRole(), QColor("#5c1010"))
        self.setPalette(palette)
        self.message = label("", self)  # problems quote file content: never markup
        self.message.setWordWrap(True)
        self.details_button = QToolButton(self)
        self.details_button.setText("Details…")
        self.details_button.clicked.connect(self._show_details)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        set_tooltip(self.close_button, "Hide this message (it comes back if the file is still broken on the next save)")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self.problems: list[str] = []
        self.hide()
        session.loaded.connect(self.clear)
        session.failed.connect(self._on_load_failed)
        session.disappeared.connect(self._on_file_disappeared)
        session.quotes_went_stale.connect(self._on_quotes_went_stale)

    def show_problems(self, file_name: str, problems: list[str]) -> None:
        first = problems[0] if problems else "unknown problem"
        more = f" (and {number(len(problems) - 1)} more)" if len(problems) > 1 else ""
        # the watcher reloads on a change of the file or of a snapshot it cites: either may be the cause
        self._show(f"{file_name} or a snapshot it cites changed on disk, and the dataset no longer loads: "
                   f"{first}{more}. Still showing the last good version.", problems)

    def show_missing(self, file_name: str) -> None:
        self._show(f"{file_name} was deleted or moved. Still showing the last good version; "
                   "it reloads when the file is back.", [])

    def show_stale_quotes(self, dataset: Dataset, stale: StaleQuotes) -> None:
        lines = stale_lines(dataset, stale)
        more = f" (and {number(len(lines) - 1)} more)" if len(lines) > 1 else ""
        self._show(f"A snapshot changed on disk: {lines[0]}{more}. Its citations are marked; "
                   "everything else is the last verified version.", lines)

    def clear(self) -> None:
        self.problems = []
        self.hide()

    def _show(self, message: str, problems: list[str]) -> None:
        self.problems = problems
        self.message.setText(message)
        self.details_button.setVisible(bool(problems))
        self.show()

    @Slot(object, object, bool)
    def _on_load_failed(self, path: Path, exc: BaseException, reload: bool) -> None:
        if reload:  # a file chosen to open fails in a message box; a live file's new version here
            self.show_problems(path.name, problems_of(exc))

    @Slot(object)
    def _on_file_disappeared(self, path: Path) -> None:
        self.show_missing(path.name)

    @Slot(object, object)
    def _on_quotes_went_stale(self, _path: Path, stale: StaleQuotes) -> None:
        self.show_stale_quotes(self._session.state.dataset, stale)

    def _show_details(self) -> None:
        box = message_box(QMessageBox.Icon.Warning, "Problems in the file on disk",
                          f"{count(len(self.problems), 'problem')}:", self, details=problem_lines(self.problems))
        box.open()
        self._details_box = box
