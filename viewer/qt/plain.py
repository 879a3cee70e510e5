"""Dataset text reaches Qt widgets only through here, as plain text.

Qt guesses whether a string is rich text (``Qt.mightBeRichText``) for tooltips, labels and
message boxes: a title such as ``<img src="/etc/passwd">`` would make a tooltip open that file.
Every tooltip in the app is set by :func:`set_tooltip` (a test checks that no other module calls
``setToolTip``), every label that may hold dataset text is a :func:`label`, and texts that Qt
reads for mnemonics (buttons, check boxes, menu entries) go through :func:`no_mnemonic`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # QtGui adds convertFromPlainText to the Qt namespace
from PySide6.QtWidgets import QGraphicsItem, QLabel, QMessageBox, QWidget

from viewer.dataset.errors import MAX_PROBLEMS_LISTED

MAX_SHOWN_PROBLEMS = 20
"""Problems listed in a message box or banner's details; the rest are counted."""


def tooltip_html(text: str) -> str:
    """Rich text that displays ``text`` literally: every character escaped, line breaks kept."""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""


def set_tooltip(target: QWidget | QGraphicsItem, text: str) -> None:
    """Show ``text`` (plain, possibly from a dataset) as ``target``'s tooltip; "" for none."""
    target.setToolTip(tooltip_html(text))


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text literally, whatever it holds."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget


def no_mnemonic(text: str) -> str:
    """``text`` for a button, check box or menu entry: an ``&`` shows as itself, never underlines
    the next letter or makes a shortcut."""
    return text.replace("&", "&&")


def problem_lines(problems: list[str], limit: int = MAX_SHOWN_PROBLEMS) -> str:
    """The first ``limit`` problems, one a line, and how many more there are."""
    shown = problems[:limit]
    rest = len(problems) - len(shown)
    return "\n".join(shown) + (f"\n… and {rest:,} more" if rest > 0 else "")


def message_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None,
                details: str = "") -> QMessageBox:
    """A message box whose text (and details) are shown as plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)  # always plain text in Qt
    return box


__all__ = ["MAX_PROBLEMS_LISTED", "MAX_SHOWN_PROBLEMS", "label", "message_box", "no_mnemonic", "problem_lines",
           "set_tooltip", "tooltip_html"]
