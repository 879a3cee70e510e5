"""Edit mode in the window: the editing actions, the forms they open, saving and the questions
about unsaved edits (on close, on open, when the file changes on disk).

The window only places the actions (:mod:`viewer.qt.menus`) and asks :meth:`may_close`; every
edit goes through :class:`EditSession`, which asks the loader first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from viewer.core.files import WriteError
from viewer.core.model import Event
from viewer.qt.editing.edit_session import EditSession
from viewer.qt.plain import message_box
from viewer.resources import is_bundled

if TYPE_CHECKING:  # the editing core (tomlkit) loads when edit mode is first turned on
    from viewer.editing.fields import CitationFields
    from viewer.editing.operations import Operation

Button = QMessageBox.StandardButton


class EditController(QObject):
    """The window's editing: actions (``edit_mode_action``, ``save_action`` …) and their slots."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.edits = EditSession(window.state, window.session, self)
        self.form = None
        """The form or dialog open now (tests drive it)."""
        self.source_viewer = None
        """The source viewer opened last for citing."""
        self._make_actions()
        self.edits.active_changed.connect(self._on_state_changed)
        self.edits.modified_changed.connect(self._on_modified_changed)
        self.state.selection_changed.connect(self._on_state_changed)
        self.state.dataset_changed.connect(self._on_state_changed)
        window.session.may_replace = lambda _path: self.may_discard("opening another file")
        window.session.changed_under_edits.connect(self._on_changed_under_edits)
        self._on_state_changed()

    # -- actions ----------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, self.window)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.setStatusTip(tip)
        act.triggered.connect(lambda _=False: slot())
        self.window.addAction(act)
        return act

    def _make_actions(self) -> None:
        act = self._action
        self.edit_mode_action = act("Edit &mode", self.toggle_mode, QKeySequence("Ctrl+Shift+E"),
                                    "Add, change and delete events, tracks, episodes, links and sources")
        self.edit_mode_action.setCheckable(True)
        self.undo_action = self.edits.undo_stack.createUndoAction(self.window, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.edits.undo_stack.createRedoAction(self.window, "&Redo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        self.redo_action.setShortcuts(list(dict.fromkeys(redo_keys)))  # one key twice is "ambiguous": it would do nothing
        for action in (self.undo_action, self.redo_action):
            self.window.addAction(action)
        self.save_action = act("&Save", self.save, QKeySequence.StandardKey.Save, "Write the edits to the dataset file")
        self.save_copy_action = act("Save a &Copy…", self.save_copy, QKeySequence("Ctrl+Shift+S"),
                                    "Write the dataset (edits included) and the snapshots it cites to another folder, "
                                    "and go on there")
        self.new_action = act("&New dataset…", self.new_dataset, QKeySequence.StandardKey.New,
                              "Start a dataset of your own in a new folder")
        self.add_source_action = act("Add &source…", self.add_source, tip="From a saved web page, a text file or pasted text")
        self.cite_action = act("&Cite from a source…", self.open_source_to_cite,
                               tip="Open a source's stored text and cite a passage you select in it")
        self.add_event_action = act("&Add event…", self.add_event, QKeySequence("Ctrl+Shift+N"))
        self.edit_event_action = act("&Edit event…", self.edit_event, QKeySequence("Ctrl+Return"))
        self.add_citation_action = act("Add &citation…", self.add_citation, tip="Cite a source for the selected event")
        self.delete_event_action = act("&Delete event…", self.delete_event, QKeySequence.StandardKey.Delete)
        self.link_action = act("&Link to…", self.link_to, QKeySequence("Ctrl+L"),
                               "Link the selected plot point to the real event behind it")
        self.remove_link_action = act("Remove lin&k…", self.remove_link)
        self.add_track_action = act("Add &track…", self.add_track)
        self.edit_track_action = act("Edit trac&k…", self.edit_track)
        self.add_episode_action = act("Add e&pisode…", self.add_episode)
        self.edit_episode_action = act("Edit episo&de…", self.edit_episode)

    def editing_actions(self) -> tuple:
        """What the Edit menu lists above Copy (None: a separator)."""
        return (self.undo_action, self.redo_action, None, self.edit_mode_action, self.add_event_action,
                self.edit_event_action, self.add_citation_action, self.delete_event_action, None, self.link_action,
                self.remove_link_action, None, self.add_track_action, self.edit_track_action, self.add_episode_action,
                self.edit_episode_action, None, self.add_source_action, self.cite_action)

    @Slot()
    def _on_state_changed(self, *_args) -> None:
        active = self.edits.active
        self.edit_mode_action.setChecked(active)
        event = self.selected_event()
        plot_point = event is not None and event.narrative is not None
        for action, enabled in ((self.add_event_action, True), (self.edit_event_action, event is not None),
                                (self.add_citation_action, event is not None),
                                (self.delete_event_action, event is not None), (self.link_action, plot_point),
                                (self.remove_link_action, event is not None and bool(self.state.dataset.links_of(event.id))),
                                (self.add_track_action, True), (self.edit_track_action, True),
                                (self.add_episode_action, True), (self.edit_episode_action, bool(self.state.dataset.episodes)),
                                (self.add_source_action, True), (self.cite_action, True)):
            action.setEnabled(active and enabled)
            action.setVisible(active)
        self.save_action.setEnabled(self.edits.modified)
        self.save_copy_action.setEnabled(self.state.dataset.path is not None)

    @Slot(bool)
    def _on_modified_changed(self, modified: bool) -> None:
        self.window.setWindowModified(modified)
        self.save_action.setEnabled(modified)

    def selected_event(self) -> Event | None:
        selected = self.state.selected
        return self.state.dataset.event(selected) if selected and self.state.dataset.has_event(selected) else None

    # -- mode, saving, questions ----------------------------------------------------------------

    def toggle_mode(self) -> None:
        if self.edits.active:
            self.edits.stop()
            return
        if self._is_bundled():
            self._offer_a_copy_to_edit()
            return
        from viewer.editing.document import NotEditable

        try:
            self.edits.start()
        except NotEditable as exc:
            self.tell("Cannot edit this dataset", str(exc))
        self._on_state_changed()

    def save(self) -> bool:
        """Write the edits; False (and a message) if the file could not be written."""
        try:
            self.edits.save()
        except WriteError as exc:
            self.tell("Could not save", f"{exc}\nYour edits are kept; try again, or fix what the message says.")
            return False
        self.window.statusBar().showMessage(f"Saved {self.edits.path.name}", 5000)
        return True

    def _is_bundled(self) -> bool:
        return is_bundled(self.state.dataset.path)

    def _offer_a_copy_to_edit(self) -> None:
        """The bundled dataset is never edited in place (an update of Factline would replace it,
        and an installed copy may not be writable): edit a copy of it instead."""
        answer = self.ask("Edit a copy", f"‘{self.state.dataset.title}’ comes with Factline and is not changed in "
                          "place. Save a copy of it, with the source snapshots it cites, and edit that?",
                          Button.Save | Button.Cancel, {Button.Save: "Save a Copy…"})
        if answer == Button.Save:
            self.save_copy(then_edit=True)
        self._on_state_changed()

    def save_copy(self, then_edit: bool = False) -> bool:
        """File ▸ Save a Copy…: the dataset as it is now (edits included) and its snapshots to a
        file the user names, which is then opened (in edit mode if it was on, or ``then_edit``).
        The original file is left as it was saved; if the copy does not open, nothing else
        changes (the edits stay, unsaved, on the original)."""
        from viewer.editing.copying import copy_dataset

        dataset = self.state.dataset
        if dataset.path is None:
            return False
        target = self.choose_copy_path(dataset.path)
        if target is None:
            return False
        document = self.edits.document
        try:
            text = document.text.encode("utf-8") if document is not None and document.path == dataset.path \
                else dataset.path.read_bytes()
            written = copy_dataset(dataset, text, target)
        except (WriteError, OSError) as exc:
            self.tell("Could not save a copy", f"{exc}\nNothing was written; your edits are kept.")
            return False
        editing = then_edit or self.edits.active
        if not self._open_copy(written):
            return False
        if editing and not self.edits.active:
            self.toggle_mode()
        self.window.statusBar().showMessage(f"Saved a copy as {written}; it is the dataset on show now", 8000)
        return True

    def _open_copy(self, written: Path) -> bool:
        """Open the copy just written: its edits are the ones on show, so opening it does not ask
        about them (on success the edits start again from the copy)."""
        asks = self.window.session.may_replace
        self.window.session.may_replace = lambda path: path == written or asks(path)
        try:
            return bool(self.window.open_path(written, wait=True))
        finally:
            self.window.session.may_replace = asks

    def choose_copy_path(self, original: Path) -> Path | None:
        """Where the copy goes (tests replace this): the bundled dataset's copy starts in the home
        folder, another's beside the original."""
        from PySide6.QtWidgets import QFileDialog

        suggested = Path.home() / original.name if self._is_bundled() else \
            original.with_name(f"{original.stem} (copy){original.suffix}")
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save a copy (the snapshots it cites go beside it)",
                                                str(suggested), f"Factline datasets (*{original.suffix})")
        return Path(chosen) if chosen else None

    def may_discard(self, doing: str) -> bool:
        """Before the edits would be lost (closing, opening another file): save them, discard them
        or cancel. True when it may go on."""
        if not self.edits.modified:
            return True
        answer = self.ask("Unsaved edits", f"Save your edits to {self.edits.path.name} before {doing}?",
                          Button.Save | Button.Discard | Button.Cancel)
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            self.edits.discard()
            return True
        return False

    def may_close(self) -> bool:
        return self.may_discard("closing")

    @Slot(object)
    def _on_changed_under_edits(self, path: Path) -> None:
        """The file changed on disk while edits are unsaved: keep mine, or load theirs."""
        answer = self.ask("The file changed on disk",
                          f"{path.name} was changed by another program while you have unsaved edits.\n"
                          "Keep yours (saving will overwrite the file), or load the file as it is now "
                          "(your edits are discarded)?", Button.Save | Button.Discard,
                          {Button.Save: "Keep my edits", Button.Discard: "Load the file"})
        if answer == Button.Discard:
            self.edits.discard()
            self.window.session.reload()
        else:
            self.window.statusBar().showMessage("Kept your edits; saving will overwrite the file changed on disk", 10000)

    def ask(self, title: str, text: str, buttons, names: dict | None = None) -> QMessageBox.StandardButton:
        """A question in a box (plain text); tests replace this."""
        box = message_box(QMessageBox.Icon.Question, title, text, self.window)
        box.setStandardButtons(buttons)
        for button, name in (names or {}).items():
            box.button(button).setText(name)
        return Button(box.exec())

    def tell(self, title: str, text: str) -> None:
        self.last_message = (title, text)
        box = message_box(QMessageBox.Icon.Warning, title, text, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- edits ----------------------------------------------------------------------------------

    def submit(self, operation: Operation) -> str | None:
        """Make the edit: None when done, else the loader's reason (nothing changed)."""
        from viewer.editing.document import EditRefused

        try:
            self.edits.apply(operation)
        except EditRefused as exc:
            return str(exc)
        self.window.statusBar().showMessage(operation.name, 5000)
        return None

    def open_form(self, form, modal: bool = True) -> None:
        """Show ``form``; ``modal=False`` leaves the window usable beside it (Link to… takes a
        click on the real event in the calendar pane)."""
        self.form = form
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.finished.connect(lambda _result, form=form: self._forget_form(form))
        if modal:
            form.open()
        else:
            form.setWindowModality(Qt.WindowModality.NonModal)
            form.show()

    def _forget_form(self, form) -> None:
        if self.form is form:
            self.form = None

    def add_event(self, citation: CitationFields | None = None) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.add_event(self, citation)

    def edit_event(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.edit_event(self)

    def add_citation(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.add_citation(self)

    def delete_event(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.delete_event(self)

    def link_to(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.link_to(self)

    def remove_link(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.remove_link(self)

    def choose(self, title: str, prompt: str, labels: list[str]) -> int | None:
        """The index of the entry picked from a list (tests replace this); None if cancelled."""
        if not labels:
            return None
        text, ok = QInputDialog.getItem(self.window, title, prompt, labels, 0, False)
        return labels.index(text) if ok and text in labels else None

    def add_track(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.add_track(self)

    def edit_track(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.edit_track(self)

    def add_episode(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.add_episode(self)

    def edit_episode(self) -> None:
        from viewer.qt.editing import item_flows  # the forms load on first use, not at start-up

        item_flows.edit_episode(self)

    # -- sources, new datasets (in viewer.qt.editing.sources_flow) --------------------------------

    def add_source(self) -> None:
        from viewer.qt.editing.sources_flow import add_source

        add_source(self)

    def open_source_to_cite(self) -> None:
        from viewer.qt.editing.sources_flow import open_source_to_cite

        open_source_to_cite(self)

    def offer_citing(self, viewer, source_id: str) -> None:
        """In edit mode, a source viewer opened from the detail panel can cite a selection too."""
        if self.edits.active:
            from viewer.qt.editing.sources_flow import offer_citing

            offer_citing(self, viewer, source_id)

    def new_dataset(self) -> None:
        from viewer.qt.editing.sources_flow import new_dataset

        new_dataset(self)

