"""Edit mode in the window: the editing actions, the forms they open, saving and the questions
about unsaved edits (on close, on open, when the file changes on disk).

The window only places the actions (:mod:`viewer.qt.menus`) and asks :meth:`may_close`; every
edit goes through :class:`EditSession`, which asks the loader first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from viewer.core.files import WriteError
from viewer.core.model import Event
from viewer.editing.document import EditRefused, NotEditable
from viewer.editing.fields import CitationFields, EventFields, LinkFields
from viewer.editing.operations import (AddCitation, AddEpisode, AddEvent, AddLink, AddTrack, DeleteEvent, EditEpisode,
                                       EditEvent, EditTrack, Operation, RemoveLink)
from viewer.qt.editing.edit_session import EditSession
from viewer.qt.editing.event_form import CitationDialog, EventForm
from viewer.qt.editing.item_forms import EpisodeForm, TrackForm
from viewer.qt.editing.link_dialog import LinkDialog
from viewer.qt.plain import message_box, no_mnemonic

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
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)])
        for action in (self.undo_action, self.redo_action):
            self.window.addAction(action)
        self.save_action = act("&Save", self.save, QKeySequence.StandardKey.Save, "Write the edits to the dataset file")
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
        try:
            self.edits.apply(operation)
        except EditRefused as exc:
            return str(exc)
        self.window.statusBar().showMessage(operation.name, 5000)
        return None

    def open_form(self, form) -> None:
        self.form = form
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.finished.connect(lambda _result, form=form: self._forget_form(form))
        form.open()

    def _forget_form(self, form) -> None:
        if self.form is form:
            self.form = None

    def add_event(self, citation: CitationFields | None = None) -> None:
        def submit(fields: EventFields, first: CitationFields | None) -> str | None:
            first = citation or first
            if first is None or not first.source:
                return "Choose the source the event cites (add one with Add source… if there is none yet)."
            new_id = self.edits.document.free_id("events", fields.title)
            problem = self.submit(AddEvent(new_id, fields, first))
            if problem is None:
                self.state.focus(new_id)
            return problem

        event = self.selected_event()
        form = EventForm(self.state.dataset, submit, parent=self.window, track_id=event.track_id if event else None)
        if citation is not None:
            form.citation.set_fixed(citation.source, citation.quote or "")
            form.citation.setEnabled(False)
        self.open_form(form)

    def edit_event(self) -> None:
        event = self.selected_event()
        if event is not None:
            self.open_form(EventForm(self.state.dataset, lambda fields, _c: self.submit(EditEvent(event.id, fields)),
                                      event, self.window))

    def add_citation(self) -> None:
        event = self.selected_event()
        if event is not None:
            self.open_form(CitationDialog(self.state.dataset, event.title,
                                           lambda c: self.submit(AddCitation(event.id, c, event.title)), self.window))

    def delete_event(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        links = self.state.dataset.links_of(event.id)
        names = [self.state.dataset.event(link.to_id if link.from_id == event.id else link.from_id).title for link in links]
        goes = (f"\nIts {len(links)} link{'s' if len(links) != 1 else ''} go{'es' if len(links) == 1 else ''} with it: "
                + "; ".join(f"‘{n}’" for n in names[:10]) + ("…" if len(names) > 10 else "")) if links else ""
        if self.ask("Delete event", f"Delete ‘{event.title}’?{goes}\nUndo brings it back.",
                    Button.Yes | Button.Cancel) == Button.Yes:
            problem = self.submit(DeleteEvent(event.id, event.title))
            if problem:
                self.tell("Could not delete the event", problem)

    def link_to(self) -> None:
        event = self.selected_event()
        if event is not None and event.narrative is not None:
            self.open_form(LinkDialog(self.state, event.id, lambda link: self.submit(AddLink(link)), self.window))

    def remove_link(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        links = list(self.state.dataset.links_of(event.id))
        dataset = self.state.dataset
        labels = [f"‘{dataset.event(l.from_id).title}’ {l.kind} ‘{dataset.event(l.to_id).title}’" for l in links]
        choice = self.choose("Remove link", "Which link?", labels)
        if choice is not None:
            link = links[choice]
            problem = self.submit(RemoveLink(LinkFields(link.from_id, link.to_id, link.kind)))
            if problem:
                self.tell("Could not remove the link", problem)

    def choose(self, title: str, prompt: str, labels: list[str]) -> int | None:
        """The index of the entry picked from a list (tests replace this); None if cancelled."""
        if not labels:
            return None
        text, ok = QInputDialog.getItem(self.window, title, prompt, labels, 0, False)
        return labels.index(text) if ok and text in labels else None

    def add_track(self) -> None:
        self.open_form(TrackForm(lambda fields: self.submit(AddTrack(fields)),
                                  new_id=lambda name: self.edits.document.free_id("tracks", name), parent=self.window))

    def edit_track(self) -> None:
        tracks = self.state.dataset.tracks
        choice = self.choose("Edit track", "Which track?", [no_mnemonic(t.name) for t in tracks])
        if choice is not None:
            track = tracks[choice]
            self.open_form(TrackForm(lambda fields: self.submit(EditTrack(track.id, fields)), track, parent=self.window))

    def add_episode(self) -> None:
        numbers = [e.number for e in self.state.dataset.episodes]
        self.open_form(EpisodeForm(lambda fields: self.submit(AddEpisode(fields)), next_number=max(numbers, default=0) + 1,
                                    parent=self.window))

    def edit_episode(self) -> None:
        episodes = self.state.dataset.episodes
        choice = self.choose("Edit episode", "Which episode?",
                             [f"{e.number}" + (f" — {e.title}" if e.title else "") for e in episodes])
        if choice is not None:
            episode = episodes[choice]
            self.open_form(EpisodeForm(lambda fields: self.submit(EditEpisode(episode.number, fields)), episode,
                                        parent=self.window))

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

