"""The date field of the event form: EDTF typed in, read back live in words with the span it
allows ("about 1990 — 1989 to 1991"), or what is wrong with it; and a builder for people who do
not know EDTF (precision, about / not sure, start and end)."""

from __future__ import annotations

import re

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from viewer.core.dates import MONTH_NAMES, EdtfError, year_in_words
from viewer.editing.when import PRECISIONS, Day, build_edtf, describe_when
from viewer.qt.plain import label, set_tooltip

INVALID_COLOUR = "#b00020"


class DateField(QWidget):
    """An EDTF line edit, its live reading below it, and a Build… button."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("EDTF, e.g. 1990-10-21, 1990~, 1988/1991, 1990-10?")
        self.edit.setAccessibleName("Date (EDTF)")
        self.build_button = QPushButton("&Build…", self)
        set_tooltip(self.build_button, "Make the date from a precision, a start and an end")
        self.build_button.clicked.connect(self.open_builder)
        self.preview = label("", self)
        self.preview.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.build_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.preview)
        self.edit.textChanged.connect(self._update_preview)
        self._update_preview(self.edit.text())

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def is_valid(self) -> bool:
        return reading(self.text())[1]

    def _update_preview(self, text: str) -> None:
        words, valid = reading(text.strip())
        self.preview.setText(words)
        typed_wrong = bool(text.strip()) and not valid  # an empty field is a hint, not an error
        self.preview.setStyleSheet(f"color: {INVALID_COLOUR}" if typed_wrong else "")

    def open_builder(self) -> None:
        builder = DateBuilder(self)
        builder.start_from(self.text())
        if builder.exec() == QDialog.DialogCode.Accepted:
            self.edit.setText(builder.edtf())


def reading(text: str) -> tuple[str, bool]:
    """How ``text`` reads, and whether it is a date at all (else what is wrong with it)."""
    if not text:
        return "Type a date, or use Build…", False
    try:
        return describe_when(text), True
    except EdtfError as exc:
        return f"Not a date: {exc}", False


_SIMPLE = re.compile(r"\A(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([~?%]?)\Z")


def _simple_part(part: str):
    """("day" | "month" | "year", its Day, its mark) of a plain EDTF date; "open" for ``..``."""
    if part in ("..", ""):
        return "open"
    match = _SIMPLE.match(part)
    if match is None:
        return None
    year, month, day, mark = match.groups()
    precision = "day" if day else "month" if month else "year"
    if not 1 <= int(month or 1) <= 12:
        return None
    return precision, Day(int(year), int(month or 1), int(day or 1)), mark


class YearBox(QSpinBox):
    """A year as people write it: 1990, or 169 BCE for EDTF's year -168 (EDTF has a year 0, which
    is 1 BCE). Typed, '169 BCE' (or 'BC') and '-168' are the same year."""

    _TYPED = re.compile(r"\A\s*(-?\d{1,4})\s*(b\.?\s?c\.?(?:e\.?)?)?\s*\Z", re.IGNORECASE)

    def textFromValue(self, value: int) -> str:  # noqa: N802 (Qt's name)
        return year_in_words(value)

    def valueFromText(self, text: str) -> int:  # noqa: N802
        match = self._TYPED.match(text)
        if match is None:
            return self.value()
        number = int(match.group(1))
        return 1 - number if match.group(2) else number

    def validate(self, text: str, pos: int) -> object:  # noqa: N802
        match = self._TYPED.match(text)
        bce_zero = match is not None and match.group(2) and int(match.group(1)) == 0  # there is no 0 BCE
        if match is not None and not bce_zero and self.minimum() <= self.valueFromText(text) <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        partial = re.fullmatch(r"\s*-?\d{0,4}\s*(b\.?\s?c?\.?(e\.?)?)?\s*", text, re.IGNORECASE)
        return (QValidator.State.Intermediate if partial else QValidator.State.Invalid), text, pos


class _DayRow(QWidget):
    """Year, month and day boxes; those finer than the precision are hidden."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.year = YearBox(self)
        self.year.setRange(-9998, 9999)  # 9999 BCE to 9999: what four digits write either way
        self.year.setValue(2000)
        self.month = QComboBox(self)
        self.month.addItems(MONTH_NAMES)
        self.day = QSpinBox(self)
        self.day.setRange(1, 31)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.day, self.month, self.year):
            row.addWidget(widget)

    def set_precision(self, precision: str) -> None:
        self.month.setVisible(precision in ("day", "month"))
        self.day.setVisible(precision == "day")

    def show_day(self, day: Day) -> None:
        self.year.setValue(day.year)
        self.month.setCurrentIndex(day.month - 1)
        self.day.setValue(day.day)

    def value(self) -> Day:
        return Day(self.year.value(), self.month.currentIndex() + 1, self.day.value())


class DateBuilder(QDialog):
    """Makes an EDTF date from choices, showing the result and how it reads as they change."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Build a date")
        self.precision = QComboBox(self)
        self.precision.addItems(PRECISIONS)
        self.start = _DayRow(self)
        self.has_end = QCheckBox("It lasted until, or happened some time before:", self)
        self.has_end.toggled.connect(self._end_from_start)
        self.end = _DayRow(self)
        self.open_end = QCheckBox("No known end (open-ended)", self)
        self.approximate = QCheckBox("About (approximate)", self)
        self.uncertain = QCheckBox("Not sure (uncertain)", self)
        self.result = label("", self)
        self.result.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Precision", self.precision)
        form.addRow("Date", self.start)
        form.addRow(self.has_end)
        form.addRow("End", self.end)
        form.addRow(self.open_end)
        form.addRow(self.approximate)
        form.addRow(self.uncertain)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        for signal in (self.precision.currentTextChanged, self.has_end.toggled, self.open_end.toggled,
                       self.approximate.toggled, self.uncertain.toggled, self.start.year.valueChanged,
                       self.start.month.currentIndexChanged, self.start.day.valueChanged, self.end.year.valueChanged,
                       self.end.month.currentIndexChanged, self.end.day.valueChanged):
            signal.connect(self._refresh)
        self._refresh()

    def start_from(self, text: str) -> None:
        """Begin from the date in the field when it is a simple one (a day, month or year, maybe
        qualified, maybe an interval of two)."""
        parts = [_simple_part(p) for p in text.split("/")] if text.count("/") <= 1 else [None]
        if not text or parts[0] in (None, "open") or None in parts[1:]:
            return  # nothing, or more than the builder makes: start from its defaults
        precision, start, marks = parts[0]
        self.precision.setCurrentText(precision)
        self.start.show_day(start)
        self.approximate.setChecked("~" in marks or "%" in marks)
        self.uncertain.setChecked("?" in marks or "%" in marks)
        if len(parts) == 2:
            self.open_end.setChecked(parts[1] == "open")
            self.has_end.setChecked(parts[1] != "open")
            if parts[1] != "open":
                self.end.show_day(parts[1][1])

    def _end_from_start(self, on: bool) -> None:
        """An end starts at the start's date (then moved on), not at an unrelated default."""
        if on and self.end.value() == Day(2000) and self.start.value() != Day(2000):
            self.end.show_day(self.start.value())

    def edtf(self) -> str:
        """The EDTF of the choices ('' when they make no date, e.g. a decade before year 0)."""
        try:
            return build_edtf(self.precision.currentText(), self.start.value(),
                              self.end.value() if self.has_end.isChecked() and not self.open_end.isChecked() else None,
                              self.approximate.isChecked(), self.uncertain.isChecked(), self.open_end.isChecked())
        except EdtfError:
            return ""

    def _refresh(self, *_args) -> None:
        precision = self.precision.currentText()
        self.start.set_precision(precision)
        self.end.set_precision(precision)
        self.end.setEnabled(self.has_end.isChecked() and not self.open_end.isChecked())
        text = self.edtf()
        words, valid = reading(text) if text else ("These choices make no date", False)
        self.result.setText(f"{text}\n{words}" if text and words != text else words)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)
