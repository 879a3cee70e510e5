"""Forms for a track (name, clock, colour) and an episode (number, title, running time).

As with the event form, OK hands the values to ``submit``; a refusal stays in the form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QColorDialog, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from viewer.core.model import AxisKind, Episode, Track
from viewer.editing.fields import EpisodeFields, TrackFields
from viewer.qt.editing.messages import ErrorLine

DEFAULT_COLOUR = "#4c72b0"


class _Form(QDialog):
    """A titled form with an error line and OK / Cancel; subclasses add rows and ``values``."""

    def __init__(self, title: str, submit: Callable, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.form = QFormLayout()
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self):
        raise NotImplementedError

    def check(self) -> str | None:
        """A problem the form itself can name before asking the loader."""
        return None

    def try_accept(self) -> None:
        problem = self.check() or self.submit(self.values())
        if problem is None:
            self.accept()
        else:
            self.error.show_problem(problem)


class TrackForm(_Form):
    """Add a track (``track`` None) or rename and recolour one; its id and clock stay once made."""

    def __init__(self, submit: Callable[[TrackFields], str | None], track: Track | None = None,
                 new_id: Callable[[str], str] = lambda name: name, parent: QWidget | None = None):
        super().__init__("Edit track" if track else "Add track", submit, parent)
        self.track = track
        self.new_id = new_id
        self.name = QLineEdit(track.name if track else "", self)
        self.axis = QComboBox(self)
        self.axis.addItem("Calendar (real life)", AxisKind.CALENDAR.value)
        self.axis.addItem("Narrative (the work's episodes)", AxisKind.NARRATIVE.value)
        self.colour = QLineEdit(track.color if track else DEFAULT_COLOUR, self)
        self.colour.setInputMask("\\#HHHHHH")
        pick = QPushButton("Choose…", self)
        pick.clicked.connect(self.choose_colour)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour, 1)
        colour_row.addWidget(pick)
        if track is not None:
            self.axis.setCurrentIndex(self.axis.findData(track.axis.value))
            self.axis.setEnabled(False)  # its events are placed on this clock
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Clock", self.axis)
        colour_label = QLabel("C&olour", self)
        colour_label.setBuddy(self.colour)  # a row of a layout has no buddy of its own: & would show
        self.form.addRow(colour_label, colour_row)

    def choose_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour.text()), self, "Track colour")
        if colour.isValid():
            self.colour.setText(colour.name())

    def check(self) -> str | None:
        return "The name is empty: give the track a name." if not self.name.text().strip() else None

    def values(self) -> TrackFields:
        track_id = self.track.id if self.track else self.new_id(self.name.text())
        return TrackFields(track_id, self.name.text(), self.axis.currentData(), self.colour.text())


class EpisodeForm(_Form):
    """Add an episode (``episode`` None) or change one's title and running time."""

    def __init__(self, submit: Callable[[EpisodeFields], str | None], episode: Episode | None = None,
                 next_number: int = 1, parent: QWidget | None = None):
        super().__init__(f"Edit episode {episode.number}" if episode else "Add episode", submit, parent)
        self.number = QSpinBox(self)
        self.number.setRange(0, 9999)
        self.number.setValue(episode.number if episode else next_number)
        self.number.setEnabled(episode is None)  # plot points name it
        self.title = QLineEdit((episode.title or "") if episode else "", self)
        self.minutes = QDoubleSpinBox(self)
        self.minutes.setRange(1, 600)
        self.minutes.setDecimals(1)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(episode.minutes if episode else 50.0)
        self.form.addRow("&Number", self.number)
        self.form.addRow("&Title", self.title)
        self.form.addRow("&Running time", self.minutes)

    def values(self) -> EpisodeFields:
        minutes = self.minutes.value()
        return EpisodeFields(self.number.value(), self.title.text(), None if minutes == 50.0 else minutes)  # the default
