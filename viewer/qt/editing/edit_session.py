"""The dataset file being edited in the window: its :class:`DatasetDocument`, the undo stack of
the edits made to it, and saving.

Each accepted edit is a :class:`~viewer.editing.document.Command` (the file's text before and
after it) wrapped in a QUndoCommand: undoing and redoing swap the texts and show the dataset the
text describes, so the view follows every step and the file on disk changes only on Save. The
session is told about unsaved edits, so a change on disk is asked about rather than reloaded over
them, and the watcher is told about our own saves, so they are not taken for a change outside.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from viewer.qt.session import DatasetSession
from viewer.qt.state import ViewState
from viewer.resources import is_bundled

if TYPE_CHECKING:  # the editing core (tomlkit) loads when edit mode is first turned on
    from viewer.editing.document import Command, DatasetDocument
    from viewer.editing.operations import Operation


class _UndoableEdit(QUndoCommand):
    """One accepted edit on the undo stack; its text is what the Edit menu names."""

    def __init__(self, edits: EditSession, command: Command):
        super().__init__(command.name)
        self._edits = edits
        self._command = command

    def redo(self) -> None:
        self._edits.show(self._command.apply(self._edits.document))

    def undo(self) -> None:
        self._edits.show(self._command.revert(self._edits.document))


class EditSession(QObject):
    """Edits of the dataset on show: :meth:`start` opens its file for editing, :meth:`apply`
    makes an edit (or raises :class:`EditRefused`), :meth:`save` writes the file."""

    active_changed = Signal(bool)
    """Edit mode was turned on or off."""
    modified_changed = Signal(bool)
    """The edits differ from the file as saved (True), or no longer do."""

    def __init__(self, state: ViewState, session: DatasetSession, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.session = session
        self.document: DatasetDocument | None = None
        """The file as it is being edited; None until edit mode is first turned on for it."""
        self.active = False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        session.has_unsaved_edits = lambda: self.modified
        session.loaded.connect(self._on_loaded)

    @property
    def modified(self) -> bool:
        return self.document is not None and self.document.modified

    @property
    def path(self) -> Path | None:
        return self.state.dataset.path

    def start(self) -> None:
        """Turn edit mode on for the dataset on show; :class:`NotEditable` says why it cannot be."""
        if self.path is None:
            from viewer.editing.document import NotEditable

            raise NotEditable("This dataset came from no file. To edit a dataset of your own, start one with New dataset… in the File menu.")
        if is_bundled(self.path):
            from viewer.editing.document import NotEditable

            raise NotEditable(f"{self.path.name} comes with Factline and is not changed in place: "
                              "File ▸ Save a Copy… makes a copy of it to edit.")
        if self.document is None or self.document.path != self.path:
            self._open_document(self.path)
        self._set_active(True)

    def stop(self) -> None:
        """Turn edit mode off; unsaved edits stay (Save still writes them)."""
        self._set_active(False)

    def apply(self, operation: Operation) -> None:
        """Make ``operation``: checked by the loader first (:class:`EditRefused` if it would make
        the dataset invalid: nothing changes), then pushed on the undo stack and shown."""
        if self.document is None:
            raise RuntimeError("edit mode is off")
        self.undo_stack.push(_UndoableEdit(self, self.document.prepare(operation)))

    def save(self) -> None:
        """Write the edits to the file, atomically (:class:`WriteError` says why it could not be)."""
        if self.document is None:
            return
        self.document.save()
        self.session.watcher.note_own_write(self.document.path)
        self.undo_stack.setClean()

    def discard(self) -> None:
        """Forget the edits: the document starts again from the file (shown again by a reload)."""
        self.undo_stack.clear()
        self.document = None
        if self.active and self.path is not None:
            self._open_document(self.path)

    def show(self, dataset) -> None:
        """Show the dataset an edit (or its undo) made; views keep their ranges and selection."""
        self.state.set_dataset(dataset, reload=True)

    def _open_document(self, path: Path) -> None:
        from viewer.editing.document import DatasetDocument, undo_limit

        self.document = DatasetDocument.open(path)
        self.undo_stack.clear()
        self.undo_stack.setUndoLimit(undo_limit(self.document.text))

    def _set_active(self, on: bool) -> None:
        if on != self.active:
            self.active = on
            self.active_changed.emit(on)

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @Slot(object, bool)
    def _on_loaded(self, path: Path, _reload: bool) -> None:
        """Another file, or a new version of this one, is on show: edits start again from it."""
        self.undo_stack.clear()
        self.document = None
        if self.active and is_bundled(path):  # opened while editing another file: not this one
            self._set_active(False)
        if self.active:
            from viewer.editing.document import NotEditable

            try:
                self._open_document(path)
            except NotEditable:
                self._set_active(False)
