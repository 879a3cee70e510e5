"""What the editing flows (:mod:`item_flows`, :mod:`sources_flow`) use of the window's
:class:`viewer.qt.editing.controller.EditController`, which imports them on first use: naming the
class itself here would make an import cycle."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from viewer.core.model import Event
from viewer.editing.fields import CitationFields
from viewer.editing.operations import Operation
from viewer.qt.editing.edit_session import EditSession
from viewer.qt.state import ViewState
from viewer.qt.widgets.source_viewer import SourceViewer

Button = QMessageBox.StandardButton


class EditController(Protocol):
    """The controller, as the flows see it."""

    window: QMainWindow
    state: ViewState
    edits: EditSession
    source_viewer: SourceViewer | None

    def submit(self, operation: Operation) -> str | None: ...
    def tell(self, title: str, text: str) -> None: ...
    def choose(self, title: str, prompt: str, labels: list[str]) -> int | None: ...
    def open_form(self, form: QDialog, modal: bool = True) -> None: ...
    def add_event(self, citation: CitationFields | None = None) -> None: ...
    def selected_event(self) -> Event | None: ...
    def may_discard(self, doing: str) -> bool: ...
    def ask(self, title: str, text: str, buttons, names: dict | None = None) -> QMessageBox.StandardButton: ...
