"""The source viewer: a source's stored text, shown as plain text, with the quoted passage
highlighted; in edit mode, a passage selected in it can be cited or made into an event."""

from __future__ import annotations

from collections.abc import Callable
from html import escape as html_escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTextEdit,
                               QVBoxLayout, QWidget)

from viewer.core import bidi
from viewer.core.detail_html import safe_url
from viewer.core.quotes import whole_words
from viewer.qt.plain import label, no_mnemonic
from viewer.qt.widgets.panels import PlainTextView


class SourceViewer(QDialog):
    """A source's stored text with the quoted passage highlighted and scrolled into view."""

    def __init__(self, title: str, text: str, span: tuple[int, int] | None, parent: QWidget | None = None,
                 note: str | None = None, url: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Source — {title}")
        self.resize(720, 560)
        self.heading = label("", self)
        self.heading.setWordWrap(True)
        if note is None:
            note = "The quoted passage is highlighted." if span else "Stored text of the source."
        self.heading.setText(f"{title}\n{note}")
        self.text_view = PlainTextView(self)
        self.text_view.setReadOnly(True)
        self.text_view.setPlainText(visible_controls(text))  # plain text: nothing in a snapshot is interpreted
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.link = self._link_to(url)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        if self.link is not None:
            layout.addWidget(self.link)
        layout.addWidget(self.text_view)
        layout.addWidget(buttons)
        self.span = span
        self.text = text
        self.selection_buttons: list[QPushButton] = []
        self._conditions: list[Callable[[], bool]] = []
        if span is not None:
            cursor = QTextCursor(self.text_view.document())
            cursor.setPosition(document_position(text, span[0]))
            cursor.setPosition(document_position(text, span[1]), QTextCursor.MoveMode.KeepAnchor)
            mark = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe08a"))
            fmt.setForeground(QColor("#111111"))
            mark.format = fmt
            mark.cursor = cursor
            self.text_view.setExtraSelections([mark])
            self.text_view.setTextCursor(cursor)
            self.text_view.centerCursor()

    def _link_to(self, url: str | None) -> QLabel | None:
        """The published piece's address as a link (http/https only), opened in the system browser
        on a click; the address is escaped, so it stays one link whatever it holds."""
        address = safe_url(url)
        if address is None:
            return None
        link = QLabel(self)
        link.setTextFormat(Qt.TextFormat.RichText)
        link.setText(f'<a href="{html_escape(address, quote=True)}">{html_escape(address)}</a>')
        link.setOpenExternalLinks(False)  # opened by us, and only if it is still an http(s) address
        link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        link.linkActivated.connect(lambda target: QDesktopServices.openUrl(QUrl(target)) if safe_url(target) else None)
        return link

    def highlighted_text(self) -> str:
        selections = self.text_view.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""

    def selected_passage(self) -> tuple[str, int, int] | None:
        """The passage selected in the stored text, out to whole words, exactly as the text has
        it, with its offsets (in code points, as quotes are verified); None when nothing is
        selected."""
        cursor = self.text_view.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = whole_words(self.text, text_index(self.text, cursor.selectionStart()),
                                 text_index(self.text, cursor.selectionEnd()))
        passage = self.text[start:end]
        return (passage, start, end) if passage.strip() else None

    def _select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` of the stored text (code points), as the user sees it cited."""
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(document_position(self.text, start))
        cursor.setPosition(document_position(self.text, end), QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)

    def add_selection_actions(self, actions: list[tuple[str, Callable[[str, int, int], None], Callable[[], bool]]],
                              extra: list[QWidget] = ()) -> None:
        """Buttons that act on the selected passage (cite it, make an event of it); each enabled
        while a passage is selected and its own condition holds (an event to cite it for).
        ``extra`` widgets (a stance to cite with) go beside them."""
        row = QHBoxLayout()
        for widget in extra:
            row.addWidget(widget)
        self._conditions = []
        for text, act, condition in actions:
            button = QPushButton(no_mnemonic(text), self)
            button.clicked.connect(lambda _=False, act=act: self._act_on_selection(act))
            row.addWidget(button)
            self.selection_buttons.append(button)
            self._conditions.append(condition)
        row.addStretch(1)
        self.layout().insertLayout(self.layout().count() - 1, row)
        self.text_view.selectionChanged.connect(self.refresh_selection_actions)
        self.refresh_selection_actions()

    def refresh_selection_actions(self) -> None:
        selected = self.selected_passage() is not None
        for button, condition in zip(self.selection_buttons, self._conditions):
            button.setEnabled(selected and condition())

    def _act_on_selection(self, act: Callable[[str, int, int], None]) -> None:
        passage = self.selected_passage()
        if passage is not None:
            self._select(passage[1], passage[2])  # a word cut by the drag is shown whole, as cited
            act(*passage)


def text_index(text: str, position: int) -> int:
    """The Python offset of ``text`` at QTextDocument position ``position`` (the inverse of
    :func:`document_position`): Qt counts UTF-16 units and a CR LF as one character."""
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        if char == "\r" and text.startswith("\r\n", index):
            continue  # CR LF is one position, counted at its LF
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def document_position(text: str, index: int) -> int:
    """Where Python offset ``index`` of ``text`` lands in a QTextDocument made from it.

    Spans count code points; Qt counts UTF-16 units (an emoji is two) and reads CR LF as one
    line break, so without this the highlight slides off the quote after either.
    """
    head = text[:index]
    return len(head.encode("utf-16-le")) // 2 - head.count("\r\n")


def visible_controls(text: str) -> str:
    """A snapshot's text with each bidi control (which would reorder what is shown) replaced by
    U+FFFD, one character for one, so quote offsets still land on the same characters."""
    return text.translate(_BIDI_TO_REPLACEMENT) if bidi.first_control(text) is not None else text


_BIDI_TO_REPLACEMENT = {ord(c): "\ufffd" for c in bidi.CONTROLS}
