"""File ▸ Import…: a TimelineJS JSON file or spreadsheet CSV made into a new dataset, in dialogs.

Pick the input, then where to save the dataset; rows that cannot be imported are listed (plain
text, a bounded list) with the choice of importing the valid ones. The import itself is
:mod:`viewer.interchange.timelinejs_in`'s: nothing is written unless it all succeeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from viewer.core.words import count
from viewer.interchange.timelinejs_in import ImportRefused, ImportResult, import_file
from viewer.qt.background import run_in_background
from viewer.qt.plain import MAX_SHOWN_PROBLEMS, message_box, problem_lines

INPUT_FILTER = "TimelineJS timelines (*.json *.csv);;TimelineJS3 JSON (*.json);;Spreadsheet saved as CSV (*.csv)"
ShowError = Callable[[str, str, int], None]
"""How the window shows a failure: (title, details, number of problems)."""


@dataclass(frozen=True)
class Imported:
    path: Path
    result: ImportResult


def _converted(parent: QWidget, source: Path, target: Path, valid_rows: bool = False) -> Imported:
    """The import, off the GUI thread (a big spreadsheet takes seconds), under a progress dialog."""
    return Imported(target, run_in_background(
        parent, f"Importing {source.name}", f"Importing {source.name}…",
        lambda: import_file(source, target, valid_rows=valid_rows, overwrite=True)))


def import_with_dialogs(parent: QWidget, start_folder: str, show_error: ShowError) -> Imported | None:
    """Ask for the input and the new dataset's name, import; what was written, or None."""
    source, _ = QFileDialog.getOpenFileName(parent, "Import a timeline", start_folder, INPUT_FILTER)
    if not source:
        return None
    source_path = Path(source)
    suggested = str(source_path.with_suffix(".toml"))
    target, _ = QFileDialog.getSaveFileName(parent, "Save the imported dataset as", suggested,
                                            "Factline datasets (*.toml)")
    if not target:
        return None
    target_path = Path(target) if target.lower().endswith(".toml") else Path(f"{target}.toml")
    title = f"Could not import {source_path.name}"
    try:  # the save dialog has asked before replacing a file
        return _converted(parent, source_path, target_path)
    except ImportRefused as exc:
        result = exc.result
        if result is None or not result.problems or result.events == 0:
            details = "\n".join(result.problem_lines(MAX_SHOWN_PROBLEMS)) if result and result.problems else str(exc)
            show_error(title, details, len(result.problems) if result and result.problems else 1)
            return None
    if not ask_to_skip(parent, result):
        return None
    try:
        return _converted(parent, source_path, target_path, valid_rows=True)
    except ImportRefused as exc:
        show_error(title, str(exc), 1)
        return None


def ask_to_skip(parent: QWidget, result: ImportResult) -> bool:
    """Show the rows that cannot be imported; whether to import the valid ones without them."""
    problems = len(result.problems)
    box = message_box(QMessageBox.Icon.Warning, f"Import {result.file_name}",
                      f"{count(problems, 'row problem')} in {result.file_name}: those rows cannot be imported.",
                      parent, details=problem_lines([str(p) for p in result.problems]))
    box.setInformativeText(problem_lines([str(p) for p in result.problems], limit=5))
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    accept = box.addButton(f"Import the {count(result.events, 'valid row')}", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept
