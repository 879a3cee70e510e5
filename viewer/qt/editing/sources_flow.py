"""Sources in edit mode: add one from a saved page, a text file or pasted text (its snapshot
written beside the dataset, its fields pre-filled from the page for the user to confirm); open a
source's stored text and cite a passage selected in it; and File ▸ New dataset…

The page is untrusted: :mod:`viewer.dataset.pages` reads it (bounded, nothing runs, nothing is
fetched) and its text is only ever shown as plain text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit,
                               QPlainTextEdit, QPushButton, QSizePolicy, QTabWidget, QVBoxLayout, QWidget)

from viewer.core.dates import EdtfError, parse_date
from viewer.core.model import Stance
from viewer.dataset.errors import clip
from viewer.dataset.authoring import STARTER_TRACKS, AuthoringError, new_dataset as make_dataset, read_page
from viewer.dataset.pages import Page
from viewer.editing.document import NotEditable
from viewer.editing.fields import CitationFields
from viewer.editing.operations import AddCitation, AddSource
from viewer.editing.sources import (SnapshotRefused, pasted_page, plan_source, remove_snapshot, title_from_file_name,
                                    write_snapshot)
from viewer.qt.background import run_in_background
from viewer.qt.editing.messages import ErrorLine
from viewer.qt.editing.protocol import EditController
from viewer.qt.plain import label, no_mnemonic
from viewer.qt.widgets.source_viewer import SourceViewer



PREVIEW_CHARS = 1500
"""Characters of the extracted text shown before the source is added."""


class AddSourceDialog(QDialog):
    """Step 1: a page file or pasted text; step 2: its extracted text and fields to confirm."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add a source")
        self.page: Page | None = None
        self.tabs = QTabWidget(self)
        file_tab = QWidget()
        self.file = QLineEdit(file_tab)
        self.file.setPlaceholderText("A saved web page (.html, .htm) or a UTF-8 text file (.txt)")
        browse = QPushButton("&Browse…", file_tab)
        browse.clicked.connect(self.browse)
        read = QPushButton("&Read it", file_tab)
        read.clicked.connect(self.read_file)
        row = QHBoxLayout()
        for widget in (self.file, browse, read):
            row.addWidget(widget)
        column = QVBoxLayout(file_tab)
        column.addLayout(row)
        column.addWidget(label("Its main text is extracted; menus, scripts and footers are left out, nothing is "
                               "fetched and no script runs.", file_tab))
        column.addStretch(1)
        pasted_tab = QWidget()
        self.pasted = QPlainTextEdit(pasted_tab)
        self.pasted.setFixedHeight(self.pasted.fontMetrics().lineSpacing() * 4 + 12)  # what is stored shows below
        self.pasted.setPlaceholderText("Paste the source's text here")
        self.pasted.textChanged.connect(self._read_pasted)
        # In a layout, not a tab of its own: a tab takes a page's size hint over its fixed height,
        # and the tabs would keep an empty area the text to store needs.
        QVBoxLayout(pasted_tab).addWidget(self.pasted)
        self.tabs.addTab(file_tab, "From a &file")
        self.tabs.addTab(pasted_tab, "&Pasted text")
        self.tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("The text to be stored as the source's snapshot appears here")
        self.title, self.publisher, self.author, self.date, self.url = (QLineEdit(self) for _ in range(5))
        self.date.setPlaceholderText("EDTF, e.g. 2021-06-18")
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add source")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.submit = lambda _dialog: None
        form = QFormLayout()
        for name, widget in (("&Title", self.title), ("P&ublisher", self.publisher), ("&Author", self.author),
                             ("&Date", self.date), ("&Web address", self.url)):
            form.addRow(name, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(label("Text to store:", self))
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 640)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a source", str(Path.home()),
                                              "Saved pages and text (*.html *.htm *.txt)")
        if path:
            self.file.setText(path)
            self.read_file()

    def read_file(self) -> None:
        file = Path(self.file.text().strip())
        try:  # a big saved page takes a second or more to extract: off the GUI thread
            page = run_in_background(self, f"Reading {file.name}", f"Reading {file.name}…", lambda: read_page(file))
        except AuthoringError as exc:
            self._refuse(str(exc))
            return
        if page.title is None:  # a text file never names its title: propose its name, for the user to confirm
            page = replace(page, title=title_from_file_name(file))
        self.set_page(page)

    def _read_pasted(self) -> None:
        if not self.pasted.toPlainText().strip():
            return
        try:
            self.set_page(pasted_page(self.pasted.toPlainText()))
        except SnapshotRefused as exc:
            self._refuse(str(exc))

    def _refuse(self, problem: str) -> None:
        self.page = None
        self.preview.clear()
        self.error.show_problem(problem)

    def set_page(self, page: Page) -> None:
        """Show what the page gives, and pre-fill the fields it names (the user confirms them)."""
        self.page = page
        self.error.hide()
        shown = page.text[:PREVIEW_CHARS] + ("\n…" if len(page.text) > PREVIEW_CHARS else "")
        self.preview.setPlainText(shown)
        for field, value in ((self.title, page.title), (self.author, page.author), (self.date, page.date),
                             (self.url, page.url)):
            if value and not field.text():
                field.setText(value)

    def check(self) -> str | None:
        if self.page is None:
            return "Choose a page or a text file and read it, or paste the text first."
        if not self.title.text().strip():
            return "The title is empty: give the source a title."
        if self.date.text().strip():
            try:
                parse_date(self.date.text().strip(), remember=False)
            except EdtfError as exc:
                return f"Date: {exc}"
        return None

    def try_accept(self) -> None:
        problem = self.check() or self.submit(self)
        if problem is None:
            self.accept()
        else:
            self.error.show_problem(problem)


def add_source(controller: EditController) -> None:
    dialog = AddSourceDialog(controller.window)
    dialog.submit = lambda d: _add_planned_source(controller, d)
    controller.open_form(dialog)


def _add_planned_source(controller: EditController, dialog: AddSourceDialog) -> str | None:
    """Write the snapshot, then add the source; take the snapshot back if the loader refuses."""
    document = controller.edits.document
    text = lambda field: field.text().strip() or None  # noqa: E731
    planned = plan_source(document.path, dialog.page, dialog.title.text().strip(), controller.state.dataset.sources,
                          publisher=text(dialog.publisher), author=text(dialog.author), date=text(dialog.date),
                          url=text(dialog.url))
    try:
        write_snapshot(planned)
    except SnapshotRefused as exc:
        return str(exc)
    problem = controller.submit(AddSource(planned.fields))
    if problem is not None:
        remove_snapshot(planned)
        return problem
    dialog.finished.connect(lambda _r: show_source_to_cite(controller, planned.fields.id))
    return None


def open_source_to_cite(controller: EditController) -> None:
    """Pick a source with a stored text and open it, ready to cite a selected passage."""
    sources = [s for s in controller.state.dataset.sources.values() if s.text is not None]
    if not sources:
        controller.tell("No stored text", "No source has a stored text (a snapshot) yet: add one with Add source…")
        return
    choice = controller.choose("Cite from a source", "Which source?", [s.title for s in sources])
    if choice is not None:
        show_source_to_cite(controller, sources[choice].id)


def show_source_to_cite(controller: EditController, source_id: str) -> SourceViewer | None:
    """The source viewer on this source's text, with Cite and New event buttons for a selection."""
    source = controller.state.dataset.sources.get(source_id)
    if source is None or source.text is None:
        return None
    viewer = SourceViewer(source.citation_line, source.text, None, controller.window,
                          note="Select a passage to cite it, or to make a new event of it.", url=source.url)
    offer_citing(controller, viewer, source_id)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    controller.source_viewer = viewer
    viewer.open()
    return viewer


def offer_citing(controller: EditController, viewer: SourceViewer, source_id: str) -> None:
    """Add to ``viewer`` the buttons that cite a selected passage for the selected event, or make
    a new event of it, with the stance of the citation."""
    stance = QComboBox(viewer)
    stance.addItems([s.value for s in Stance])
    stance.setAccessibleName("Stance of the citation")
    viewer.add_selection_actions(
        [(cite_label(controller), lambda q, a, b: cite(controller, source_id, q, a, b, stance.currentText()),
          lambda: controller.selected_event() is not None),
         ("New event from this passage",
          lambda q, a, b: controller.add_event(CitationFields(source_id, quote=q, stance=stance.currentText())),
          lambda: True)],
        extra=[stance])
    follower = _CiteButtonText(controller, viewer)
    controller.state.selection_changed.connect(follower.update)  # a slot of the viewer's child: undone with it


class _CiteButtonText(QObject):
    """Keeps the Cite button naming the selected event."""

    def __init__(self, controller: EditController, viewer: SourceViewer):
        super().__init__(viewer)
        self.controller = controller
        self.viewer = viewer

    @Slot(object)
    def update(self, _event_id=None) -> None:
        self.viewer.selection_buttons[0].setText(no_mnemonic(cite_label(self.controller)))
        self.viewer.refresh_selection_actions()


def cite_label(controller: EditController) -> str:
    event = controller.selected_event()
    return f"Cite for ‘{clip(event.title, 40)}’" if event is not None else "Cite for the selected event"


def cite(controller: EditController, source_id: str, quote: str, start: int, end: int, stance: str) -> None:
    """Cite the selected passage for the selected event; the loader verifies the quote at once."""
    event = controller.selected_event()
    if event is None:
        controller.tell("No event selected", "Select the event to cite this passage for (click it in the timeline), "
                        "or make a new event from the passage.")
        return
    problem = controller.submit(AddCitation(event.id, CitationFields(source_id, quote=quote, stance=stance), event.title))
    if problem is not None:
        controller.tell("Could not cite the passage", problem)
        return
    controller.window.statusBar().showMessage(
        f"Cited characters {start:,}–{end:,} of the source for ‘{event.title}’: quote verified", 10000)


class NewDatasetDialog(QDialog):
    """File ▸ New dataset…: a new or empty folder and a title."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New dataset")
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText("A new or empty folder")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("e.g. Hit & Run (Netflix, 2021)")
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.path: Path | None = None
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        folder_label = QLabel("&Folder", self)
        folder_label.setBuddy(self.folder)  # a row of a layout has no buddy of its own: & would show
        form.addRow(folder_label, folder_row)
        form.addRow("&Title", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label(starter_tracks_sentence(), self))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the new dataset", str(_nearest_folder(self.folder.text())))
        if folder:
            self.folder.setText(folder)

    def try_accept(self) -> None:
        if not self.folder.text().strip():
            self.error.show_problem("Choose a folder for the dataset.")
            return
        try:
            self.path = make_dataset(Path(self.folder.text().strip()).expanduser(), self.title.text())
        except AuthoringError as exc:
            self.error.show_problem(str(exc).replace("--title: ", "Title: "))
            return
        self.accept()


def starter_tracks_sentence() -> str:
    """Names the tracks a new dataset gets, as the track list will show them."""
    names = [f"‘{track['name']}’" for track in STARTER_TRACKS]  # quoted: "Making of and On screen" misreads
    return f"It starts with the usual tracks: {', '.join(names[:-1])} and {names[-1]}."


def _nearest_folder(typed: str) -> Path:
    """The folder typed, or the nearest one above it that exists (else the home folder)."""
    path = Path(typed.strip()).expanduser() if typed.strip() else Path.home()
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return Path.home()


def new_dataset(controller: EditController) -> None:
    if not controller.may_discard("starting a new dataset"):
        return
    dialog = NewDatasetDialog(controller.window)
    dialog.accepted.connect(lambda: _open_new(controller, dialog.path))
    controller.open_form(dialog)


def _open_new(controller: EditController, path: Path | None) -> None:
    if path is None or not controller.window.open_path(path, wait=True):
        return
    try:
        controller.edits.start()
    except NotEditable as exc:
        controller.tell("Cannot edit this dataset", str(exc))
