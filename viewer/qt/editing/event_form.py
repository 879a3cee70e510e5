"""The event form: a real event (track, title, date) or a plot point (episode, minute, last
episode), with summary, people, verdict, what is disputed and what is inferred; a new event also
takes its first citation (every event cites a source).

The form does not judge validity itself: OK hands the values to ``submit``, which asks the
loader, and a refusal is shown in the form (which stays open, nothing changed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QLineEdit, QPlainTextEdit, QSizePolicy, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from viewer.core.model import AxisKind, Dataset, Event, Stance, Verdict
from viewer.editing.fields import CitationFields, EventFields
from viewer.qt.editing.date_field import DateField
from viewer.qt.editing.messages import ErrorLine
from viewer.qt.plain import label, no_mnemonic

Submit = Callable[[EventFields, CitationFields | None], str | None]
"""Takes the form's values; returns None when the edit was made, else why it was refused."""

NO_VERDICT = "— none —"
CHOOSE_VERDICT = "— choose one —"


def _text_box(lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class _NarrativeFields(QWidget):
    """Episode, minute (optional) and last episode (optional) of a plot point."""

    def __init__(self, dataset: Dataset, parent: QWidget | None = None):
        super().__init__(parent)
        numbers = [e.number for e in dataset.episodes] or [1]
        self.episode = QSpinBox(self)
        self.episode.setRange(1, 10_000)  # plot points may name episodes the dataset does not list
        self.episode.setValue(min(numbers))
        self.has_minute = QCheckBox("At minute", self)
        self.minute = QDoubleSpinBox(self)
        self.minute.setRange(0, 600)
        self.minute.setDecimals(1)
        self.minute.setEnabled(False)
        self.has_minute.toggled.connect(self.minute.setEnabled)
        self.spans = QCheckBox("Runs until episode", self)
        self.episode_end = QSpinBox(self)
        self.episode_end.setRange(1, 10_000)
        self.episode_end.setEnabled(False)
        self.spans.toggled.connect(self.episode_end.setEnabled)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        # a number a few digits long reads as one in a box its size, not in a box the dialog's width
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Episode", self.episode)
        form.addRow(self.has_minute, self.minute)
        form.addRow(self.spans, self.episode_end)

    def load(self, event: Event | None) -> None:
        narrative = event.narrative if event is not None else None
        if narrative is None:
            return
        self.episode.setValue(narrative.episode)
        self.has_minute.setChecked(narrative.minute is not None)
        if narrative.minute is not None:
            self.minute.setValue(narrative.minute)
        self.spans.setChecked(narrative.episode_end is not None)
        if narrative.episode_end is not None:
            self.episode_end.setValue(narrative.episode_end)


class CitationBox(QGroupBox):
    """The first citation of a new event: a source and the quote from it, or a note."""

    def __init__(self, dataset: Dataset, parent: QWidget | None = None):
        super().__init__("First citation", parent)
        self.source = QComboBox(self)
        for source in dataset.sources.values():
            self.source.addItem(source.title, source.id)
        self.quote = _text_box(3, self)
        self.quote.setPlaceholderText("The passage, exactly as the source has it (or select it in the source viewer)")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("A note, for a source without a stored text")
        self.stance = QComboBox(self)
        self.stance.addItems([s.value for s in Stance])
        form = QFormLayout(self)
        form.addRow("Source", self.source)
        form.addRow("Quote", self.quote)
        form.addRow("Note", self.note)
        form.addRow("Stance", self.stance)

    def fields(self) -> CitationFields:
        return CitationFields(source=self.source.currentData() or "", quote=self.quote.toPlainText() or None,
                              note=self.note.text() or None, stance=self.stance.currentText())

    def set_fixed(self, source_id: str, quote: str) -> None:
        """A citation made from a passage selected in the source viewer: exactly that text."""
        self.source.setCurrentIndex(max(0, self.source.findData(source_id)))
        self.quote.setPlainText(quote)


class EventForm(QDialog):
    """Add or edit an event; ``event`` None adds one (and asks for its first citation)."""

    def __init__(self, dataset: Dataset, submit: Submit, event: Event | None = None,
                 parent: QWidget | None = None, track_id: str | None = None):
        super().__init__(parent)
        self.dataset = dataset
        self.submit = submit
        self.setWindowTitle("Edit event" if event else "Add event")
        self.track = QComboBox(self)
        for track in dataset.tracks:
            self.track.addItem(no_mnemonic(track.name), track.id)
        self.title_edit = QLineEdit(self)
        self.date = DateField(self)
        self.narrative = _NarrativeFields(dataset, self)
        self.when_stack = QStackedWidget(self)
        self.when_stack.addWidget(self.date)
        self.when_stack.addWidget(self.narrative)
        self.summary = _text_box(4, self)
        self.people = QLineEdit(self)
        self.people.setPlaceholderText("Names, separated by semicolons")
        self.verdict = QComboBox(self)
        self.verdict.addItem(NO_VERDICT, None)
        for verdict in Verdict:
            self.verdict.addItem(verdict.label, verdict.value)
        self.disputed = _text_box(3, self)  # three lines: two cut a typical sentence off mid-word
        self.disputed.setPlaceholderText("What the sources disagree on (only when they do)")
        self.inference = _text_box(3, self)
        self.inference.setPlaceholderText("What is inferred rather than stated, and from what")
        self.citation = CitationBox(dataset, self) if event is None else None
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.track.currentIndexChanged.connect(self._on_track_changed)
        self._load(event, track_id)
        self.resize(680, self.sizeHint().height())  # after loading: the height of the date page shown

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Track", self.track)
        form.addRow("T&itle", self.title_edit)
        form.addRow("&When", self.when_stack)
        form.addRow("&Summary", self.summary)
        form.addRow("&People", self.people)
        form.addRow("&Verdict", self.verdict)
        form.addRow("&Disputed", self.disputed)
        form.addRow("I&nference", self.inference)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if self.citation is not None:
            layout.addWidget(self.citation)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _load(self, event: Event | None, track_id: str | None) -> None:
        track = event.track_id if event is not None else track_id
        if track is not None:
            self.track.setCurrentIndex(max(0, self.track.findData(track)))
        self._on_track_changed()
        if event is None:
            return
        self.title_edit.setText(event.title)
        self.date.set_text(event.date.edtf if event.date is not None else "")
        self.narrative.load(event)
        self.summary.setPlainText(event.summary or "")
        self.people.setText("; ".join(event.people))
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(event.verdict.value if event.verdict else None)))
        self.disputed.setPlainText(event.disputed or "")
        self.inference.setPlainText(event.inference or "")

    @property
    def is_plot_point(self) -> bool:
        track = next((t for t in self.dataset.tracks if t.id == self.track.currentData()), None)
        return track is not None and track.axis is AxisKind.NARRATIVE

    def _on_track_changed(self, *_args) -> None:
        shown = self.narrative if self.is_plot_point else self.date
        for page in (self.date, self.narrative):  # the stack takes the height of the page shown only
            policy = QSizePolicy.Policy.Preferred if page is shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.when_stack.setCurrentWidget(shown)
        self.when_stack.adjustSize()
        # a plot point must have a verdict: its empty entry asks for one instead of looking like a choice
        self.verdict.setItemText(0, CHOOSE_VERDICT if self.is_plot_point else NO_VERDICT)

    def fields(self) -> EventFields:
        """The form's values, as the file will have them."""
        narrative = self.narrative
        plot_point = self.is_plot_point
        return EventFields(
            track=self.track.currentData() or "", title=self.title_edit.text(),
            when=None if plot_point else self.date.text(),
            episode=narrative.episode.value() if plot_point else None,
            minute=narrative.minute.value() if plot_point and narrative.has_minute.isChecked() else None,
            episode_end=narrative.episode_end.value() if plot_point and narrative.spans.isChecked() else None,
            summary=self.summary.toPlainText(), people=tuple(p.strip() for p in self.people.text().split(";")),
            verdict=self.verdict.currentData(), disputed=self.disputed.toPlainText(),
            inference=self.inference.toPlainText())

    def try_accept(self) -> None:
        """OK: the edit is made and the form closes, or the refusal is shown and it stays open."""
        if not self.title_edit.text().strip():
            self.error.show_problem("The title is empty: give the event a title.")
            self.title_edit.setFocus()
            return
        problem = self.submit(self.fields(), self.citation.fields() if self.citation else None)
        if problem is None:
            self.accept()
        else:
            self.error.show_problem(problem)


class CitationDialog(QDialog):
    """Cite a source for an existing event: a quote from its stored text, or a note."""

    def __init__(self, dataset: Dataset, event_title: str, submit: Callable[[CitationFields], str | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add citation")
        self.submit = submit
        self.heading = label(f"A citation for ‘{event_title}’", self)
        self.citation = CitationBox(dataset, self)
        self.citation.setTitle("")
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.citation, self.error, self.buttons):
            layout.addWidget(widget)

    def try_accept(self) -> None:
        citation = self.citation.fields()
        problem = "Choose a source." if not citation.source else self.submit(citation)
        if problem is None:
            self.accept()
        else:
            self.error.show_problem(problem)
