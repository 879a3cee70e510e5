"""Go to date (Ctrl+G): a small box that takes a date as people type it and centres the calendar
pane there, saying what it understood or, for bad input, what is wrong."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from viewer.core.goto_date import EXAMPLES, GotoError, parse_typed_date

ERROR_STYLE = "color: #b3261e;"


class GoToDateBox(QDialog):
    """Non-modal: it stays open after a jump, so another date can be typed straight away."""

    def __init__(self, navigate: Callable[[float, float], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Go to date")
        self._navigate = navigate
        """Centres the calendar on [lo, hi): "centred", "zoomed in" (to centre it), "nearest" (shown off centre) or "beyond" its limits."""
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("21 Oct 1990, October 1990, 1990s, circa 1990…")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(320)
        self.message = QLabel(f"Type a date, e.g. {EXAMPLES}.", self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed: never markup
        self.message.setWordWrap(True)
        go = QPushButton("&Go", self)
        close = QPushButton("Close", self)
        for button in (go, close):
            button.setAutoDefault(False)  # Enter in the field goes, it does not close the box
        go.clicked.connect(self.go)
        close.clicked.connect(self.close)
        self.field.returnPressed.connect(self.go)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(go)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def open_box(self) -> None:
        self.show()
        self.activateWindow()  # asked for again while open: back to the front, ready to type
        self.field.setFocus()
        self.field.selectAll()

    @Slot()
    def go(self) -> bool:
        """Go to the typed date; True if it was read (the message says where the view went)."""
        try:
            target = parse_typed_date(self.field.text())
        except GotoError as exc:
            self._say(str(exc), error=True)
            return False
        went = self._navigate(target.lo, target.hi)
        if went == "centred":
            self._say(f"Centred on {target.words} (the zoom is kept: scroll to zoom in).")
        elif went == "zoomed in":
            self._say(f"Centred on {target.words}, zoomed in: at the zoom before, the calendar's edge kept it off centre.")
        elif went == "nearest":
            self._say(f"Showing {target.words}, as near the centre as the calendar's edge allows.")
        else:
            self._say(f"{target.words[:1].upper()}{target.words[1:]} is beyond this dataset's calendar; "
                      "the view stops at its nearest edge.", error=True)
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
