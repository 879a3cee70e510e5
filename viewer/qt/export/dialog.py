"""File ▸ Export…: choose format, what to show, size and theme, then write PNG, SVG or PDF (the page
size shown for PDF only); or CSV (every event, one a row) or a TimelineJS3 document
(viewer.interchange.timelinejs_out), which take none of the picture's options.

The dialog only gathers options; :mod:`viewer.qt.export.sheet` renders and writes. Problems are shown in
the dialog in words (never a traceback); success is announced by ``exported`` (the window puts it in its
status bar). It takes what it reads — the view state, the timeline, the settings — not the window.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from viewer.core.files import WriteError
from viewer.interchange.timelinejs_out import TimelineExport, write_timelinejs
from viewer.qt.plain import no_mnemonic
from viewer.qt.export.printing import view_logical_size
from viewer.qt.export.sheet import (MAX_PIXELS, PAGE_NAMES, PAGES, ExportError, ExportOptions, ExportResult,
                                    cut_titles_warning, export)
from viewer.qt.state import ViewState
from viewer.resources import RESOURCES
from viewer.qt.timeline.view import TimelineView
from viewer.core.theme import DARK, LIGHT

SCALES = (1, 2, 4)
TIMELINEJS = "TimelineJS3 (JSON)"
FORMATS = {"PNG": ".png", "SVG": ".svg", "PDF": ".pdf", "CSV": ".csv", TIMELINEJS: ".json"}
FILE_TYPES = {"PNG": "PNG image (*.png)", "SVG": "SVG drawing (*.svg)", "PDF": "PDF document (*.pdf)",
              "CSV": "CSV table of the events (*.csv)", TIMELINEJS: "TimelineJS3 document (*.json)"}
"""The Browse dialog's filters, by format."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "timeline"


def export_folder(last_export: Path | None, dataset_path: Path | None) -> Path:
    """Where an export goes by default: the folder of the last one, while it still exists; else
    beside the dataset; else home (the bundled dataset's folder is inside the app, not the user's)."""
    if last_export is not None and last_export.parent.is_dir():
        return last_export.parent
    if dataset_path is None or dataset_path.resolve().is_relative_to(RESOURCES.resolve()):
        return Path.home()
    return dataset_path.parent


class ExportDialog(QDialog):
    """Options for exporting the timeline; Export writes the file and closes on success.

    ``view_area`` is the widget whose size the export takes by default (the window's column of
    header and panes, which the sheet redraws); without one, the timeline's own size."""

    exported = Signal(object)
    """The file was written: carries the ExportResult."""

    def __init__(self, state: ViewState, timeline: TimelineView, settings: QSettings, parent: QWidget | None = None,
                 view_area: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export timeline")
        self._state = state
        self._timeline = timeline
        self._settings = settings
        self._view_area = view_area if view_area is not None else timeline
        self.result_info: ExportResult | None = None

        form = QFormLayout()
        form.addRow("Save as:", self._path_row())
        form.addRow("Format:", self._format_combo())
        form.addRow("Page:", self._page_combo())
        self._form = form
        form.addRow("Show:", self._what_row())
        form.addRow("Size:", self._size_box())
        form.addRow("Theme:", self._theme_combo())
        self.selection_check = QCheckBox(self)
        form.addRow("", self.selection_check)
        self.document_note = QLabel("A TimelineJS3 document holds every real-life event, and the plot points of "
                                    "episodes with an air date; it has no links. TimelineJS3 itself zooms, "
                                    "selects and themes it.", self)
        self.document_note.setWordWrap(True)
        form.addRow("", self.document_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._error_label())
        layout.addWidget(self._button_box())

        self._load_defaults()
        self._show_format_options()
        self.format_combo.currentTextChanged.connect(self._on_format_changed)
        self.path_edit.textChanged.connect(self._on_path_changed)
        self.scale_radio.toggled.connect(self._on_size_mode_changed)
        self.scale_combo.currentIndexChanged.connect(self._on_size_mode_changed)
        self._on_size_mode_changed()
        self._show_format_options()

    # -- building the form ------------------------------------------------------------------------

    def _path_row(self) -> QHBoxLayout:
        """The file name and a Browse button."""
        self.path_edit = QLineEdit(self)
        self.path_edit.setMinimumWidth(360)
        self.browse_button = QPushButton("Browse…", self)
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        return path_row

    def _format_combo(self) -> QComboBox:
        """PNG, SVG or a TimelineJS3 document."""
        self.format_combo = QComboBox(self)
        self.format_combo.addItems(list(FORMATS))
        return self.format_combo

    def _page_combo(self) -> QComboBox:
        """PDF: the sheet's own size, or A4 / Letter landscape."""
        self.page_combo = QComboBox(self)
        for page in PAGES:
            self.page_combo.addItem(f"{PAGE_NAMES[page][:1].upper()}{PAGE_NAMES[page][1:]}", page)
        return self.page_combo

    def _what_row(self) -> QHBoxLayout:
        """The visible ranges or the whole timeline."""
        self.visible_radio = QRadioButton("Visible ranges", self)
        self.whole_radio = QRadioButton("Whole timeline", self)
        self.visible_radio.setChecked(True)
        what_group = QButtonGroup(self)
        what_group.addButton(self.visible_radio)
        what_group.addButton(self.whole_radio)
        what_row = QHBoxLayout()
        what_row.addWidget(self.visible_radio)
        what_row.addWidget(self.whole_radio)
        what_row.addStretch(1)
        return what_row

    def _size_box(self) -> QVBoxLayout:
        """A scale of the window's size, or a size in pixels."""
        self.scale_radio = QRadioButton("Scale", self)
        self.scale_combo = QComboBox(self)
        for scale in SCALES:
            self.scale_combo.addItem(f"{scale}×", scale)
        self.pixels_radio = QRadioButton("Pixels", self)
        self.width_spin = QSpinBox(self)
        self.height_spin = QSpinBox(self)
        for spin in (self.width_spin, self.height_spin):
            spin.setRange(320, MAX_PIXELS)
            spin.setSuffix(" px")
        self.scale_radio.setChecked(True)
        size_group = QButtonGroup(self)
        size_group.addButton(self.scale_radio)
        size_group.addButton(self.pixels_radio)
        self.size_note = QLabel(self)
        size_box = QVBoxLayout()
        scale_row = QHBoxLayout()
        scale_row.addWidget(self.scale_radio)
        scale_row.addWidget(self.scale_combo)
        scale_row.addWidget(self.size_note)
        scale_row.addStretch(1)
        pixels_row = QHBoxLayout()
        pixels_row.addWidget(self.pixels_radio)
        pixels_row.addWidget(self.width_spin)
        pixels_row.addWidget(QLabel("×", self))
        pixels_row.addWidget(self.height_spin)
        pixels_row.addStretch(1)
        size_box.addLayout(scale_row)
        size_box.addLayout(pixels_row)
        return size_box

    def _theme_combo(self) -> QComboBox:
        """Light or dark."""
        self.theme_combo = QComboBox(self)
        self.theme_combo.addItem("Light", LIGHT.name)
        self.theme_combo.addItem("Dark", DARK.name)
        return self.theme_combo

    def _error_label(self) -> QLabel:
        """Why the last export failed (plain text: it may quote a path)."""
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #c0392b")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        return self.error_label

    def _button_box(self) -> QDialogButtonBox:
        """Cancel and Export."""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.run_export)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    # -- defaults -------------------------------------------------------------------------------

    def logical_size(self) -> tuple[int, int]:
        """The view area's size (plus the sheet's title and footer) in logical pixels."""
        return view_logical_size(self._view_area)

    def _load_defaults(self) -> None:
        state = self._state
        last = str(self._settings.value("export/path", ""))
        dataset = state.dataset
        folder = export_folder(Path(last) if last else None, dataset.path)
        suffix = Path(last).suffix.lower() if last else ".png"
        suffix = suffix if suffix in FORMATS.values() else ".png"
        self.path_edit.setText(str(folder / f"{_slug(dataset.title)}{suffix}"))
        self.format_combo.setCurrentText(next(name for name, ext in FORMATS.items() if ext == suffix))
        page = self.page_combo.findData(str(self._settings.value("export/page", "sheet")))
        self.page_combo.setCurrentIndex(max(page, 0))
        self.theme_combo.setCurrentIndex(1 if state.theme.name == DARK.name else 0)
        selected = state.selected
        if selected and dataset.has_event(selected):
            self.selection_check.setText(no_mnemonic(f"Highlight the selected event ({dataset.event(selected).title})"))
            self.selection_check.setChecked(True)
        else:
            self.selection_check.setText("Highlight the selected event (none selected)")
            self.selection_check.setEnabled(False)

    # -- reacting to the user ---------------------------------------------------------------------

    def _show_format_options(self) -> None:
        """The page size for PDF only; what to show, size, theme and selection for pictures only (a
        CSV table or a TimelineJS3 document holds every event); the TimelineJS3 note for it only."""
        name = self.format_combo.currentText()
        self._form.setRowVisible(self.page_combo, name == "PDF")
        picture = name not in ("CSV", TIMELINEJS)
        for widget in (self.visible_radio, self.whole_radio, self.scale_radio, self.scale_combo, self.pixels_radio,
                       self.theme_combo, self.selection_check):
            widget.setEnabled(picture and (widget is not self.selection_check or self._has_selection()))
        self._on_size_mode_changed()
        self.document_note.setVisible(name == TIMELINEJS)

    def _has_selection(self) -> bool:
        selected = self._state.selected
        return bool(selected) and self._state.dataset.has_event(selected)

    @Slot(str)
    def _on_format_changed(self, name: str) -> None:
        self._show_format_options()
        path = Path(self.path_edit.text().strip() or "timeline")
        wanted = FORMATS[name]
        if path.suffix.lower() != wanted:
            self.path_edit.blockSignals(True)
            self.path_edit.setText(str(path.with_suffix(wanted)))
            self.path_edit.blockSignals(False)

    def is_document(self) -> bool:
        """Whether the chosen format is the TimelineJS3 document, not a picture."""
        return self.format_combo.currentText() == TIMELINEJS

    @Slot(str)
    def _on_path_changed(self, text: str) -> None:
        suffix = Path(text.strip()).suffix.lower()
        for name, ext in FORMATS.items():
            if suffix == ext and self.format_combo.currentText() != name:
                self.format_combo.blockSignals(True)
                self.format_combo.setCurrentText(name)
                self.format_combo.blockSignals(False)
                self._show_format_options()

    @Slot()
    def _on_size_mode_changed(self, *_args) -> None:
        by_scale = self.scale_radio.isChecked()
        picture = self.format_combo.currentText() not in ("CSV", TIMELINEJS)
        self.scale_combo.setEnabled(picture and by_scale)
        self.width_spin.setEnabled(picture and not by_scale)
        self.height_spin.setEnabled(picture and not by_scale)
        width, height = self.logical_size()
        scale = self.scale_combo.currentData() or 1
        self.size_note.setText(f"= {width * scale} × {height * scale} px")
        if by_scale:  # the pixel fields show what the scale makes; Pixels starts from there
            self.width_spin.setValue(min(width * scale, MAX_PIXELS))
            self.height_spin.setValue(min(height * scale, MAX_PIXELS))

    @Slot()
    def browse(self) -> None:
        current = self.path_edit.text().strip()
        current_type = FILE_TYPES[self.format_combo.currentText()]
        path, chosen = QFileDialog.getSaveFileName(self, "Export timeline", current, ";;".join(FILE_TYPES.values()),
                                                   current_type)
        if not path:
            return
        if not Path(path).suffix:
            path += next((FORMATS[name] for name, text in FILE_TYPES.items() if text == chosen), ".png")
        self.path_edit.setText(path)

    # -- exporting ----------------------------------------------------------------------------------

    def options(self) -> ExportOptions:
        """The export options the dialog currently describes."""
        state = self._state
        timeline = self._timeline
        whole = self.whole_radio.isChecked()
        by_scale = self.scale_radio.isChecked()
        return ExportOptions(
            width=None if by_scale else self.width_spin.value(),
            height=None if by_scale else self.height_spin.value(),
            scale=float(self.scale_combo.currentData()) if by_scale else None,
            logical_size=self.logical_size(),
            whole=whole,
            calendar_range=None if whole else timeline.calendar.x_range(),
            narrative_range=None if whole else timeline.narrative.x_range(),
            ranges_from_view=not whole,
            selected=state.selected if self.selection_check.isChecked() and self.selection_check.isEnabled() else None,
            hidden_tracks=frozenset(state.hidden_tracks),
            theme=DARK if self.theme_combo.currentData() == DARK.name else LIGHT,
            page=str(self.page_combo.currentData()),
        )

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    @Slot()
    def run_export(self) -> None:
        """Write the file; on success report in the status bar and close, else explain here."""
        text = self.path_edit.text().strip()
        if not text:
            self.show_error("Choose a file to save to.")
            return
        path = Path(text).expanduser()
        self.error_label.hide()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            state = self._state
            result: ExportResult | TimelineExport
            if self.is_document():
                if path.suffix.lower() != ".json":
                    raise ExportError(f"cannot export to {path}: a TimelineJS3 document is JSON; name it .json")
                result = write_timelinejs(state.dataset, path)
            else:  # the window has indexed the events already: the sheet reuses its columns
                result = export(state.dataset, path, self.options(), columns=state.columns)
        except (ExportError, WriteError) as exc:
            self.show_error(str(exc))
            return
        except Exception as exc:  # never a traceback in the user's face; keep it on stderr for us
            traceback.print_exc()
            self.show_error(f"Export failed unexpectedly: {exc}")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.result_info = result
        self._settings.setValue("export/path", str(path))
        if path.suffix.lower() == ".pdf":
            self._settings.setValue("export/page", str(self.page_combo.currentData()))
        self.exported.emit(result)
        warning = cut_titles_warning(result) if isinstance(result, ExportResult) else None
        if warning:  # written, but say so here, where a bigger size can be chosen and exported again
            self.show_error(f"Saved. {warning}.")
            return
        self.accept()
