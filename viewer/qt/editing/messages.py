"""The line under a form that says, in plain text, why the last OK was refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from viewer.qt.editing.date_field import INVALID_COLOUR

MAX_LINES = 8
"""Lines of a refusal shown in a form; the rest of a long one (many problems) is counted."""


def first_lines(text: str, limit: int = MAX_LINES) -> str:
    lines = text.splitlines()
    rest = len(lines) - limit
    return "\n".join(lines[:limit]) + (f"\n… and {rest:,} more lines" if rest > 0 else "")


class ErrorLine(QLabel):
    """Hidden until a refusal; shows the loader's message as plain text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes dataset text
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {INVALID_COLOUR}")
        self.hide()

    def show_problem(self, text: str) -> None:
        self.setText(first_lines(text))
        self.show()
