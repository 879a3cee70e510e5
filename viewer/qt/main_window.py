"""The main window: thin. It wires menus and shortcuts to the view state, the session and the panes.

Opening, background loads and live reloads are the :class:`DatasetSession`'s; the window shows
what it reports (status bar, error boxes) and lays the widgets out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from viewer.core.event_text import event_text
from viewer.core.model import Citation, Dataset
from viewer.core.snapshots import shown_source
from viewer.core.stepping import neighbour_event
from viewer.core.words import count
from viewer.dataset.load import DatasetError
from viewer.dataset.read import SUFFIXES
from viewer.qt import accessibility
from viewer.qt.editing.controller import EditController
from viewer.qt.focus_areas import FocusAreas
from viewer.qt.menus import add_actions, add_menus, add_toolbar
from viewer.qt.plain import label, message_box, problem_lines
from viewer.qt.screen_fit import restore_on_screen
from viewer.qt.session import DatasetSession
from viewer.qt.settings import APP_NAME, make_settings
from viewer.qt.state import ViewState
from viewer.qt.timeline.view import TimelineView
from viewer.qt.view_history import NavigationHistory
from viewer.qt.widgets.banner import FileBanner
from viewer.qt.widgets.event_menu import EventMenus
from viewer.qt.widgets.help import about_html, shortcuts_html
from viewer.qt.widgets.panels import DetailPanel, HeaderRow, TrackLegend, VerdictSummary
from viewer.qt.widgets.progress import LoadProgress
from viewer.qt.widgets.recent import RecentMenu
from viewer.qt.widgets.search_box import SearchBox
from viewer.qt.widgets.source_viewer import SourceViewer
from viewer.qt.widgets.status import SessionStatus
from viewer.qt.widgets.theme_menu import ThemeMenu
from viewer.resources import BUNDLED_DATASET

if TYPE_CHECKING:
    from viewer.qt.export.sheet import ExportResult


class MainWindow(QMainWindow):
    """Timeline on the left, detail panel on the right, menus and a search bar on top."""

    def __init__(self, dataset: Dataset, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or make_settings()
        self.state = ViewState(dataset, self)
        self.session = DatasetSession(self.state, self)
        self.load_progress = LoadProgress(self.session, self)
        self.setAcceptDrops(True)
        self.timeline = TimelineView(self.state)
        self.detail = DetailPanel(self.state)
        self.legend = TrackLegend(self.state)
        self.verdicts = VerdictSummary(self.state)
        self.search = SearchBox(self.state)
        self.banner = FileBanner(self.session)
        self.recent_menu = RecentMenu(self.settings, self.session, self)
        self.theme_menu = ThemeMenu(self.state, self.settings, self)
        self.navigation = NavigationHistory(self.state, self.timeline, self)
        self.focus_areas = FocusAreas(lambda: [self.search, self.banner, self.legend, self.verdicts, self.timeline,
                                               self.detail])
        accessibility.install(self.timeline, self.state)
        self.name_areas()
        self.sources_line = label()
        self.statusBar().addPermanentWidget(self.sources_line)
        SessionStatus(self.session, self.state, self.statusBar())
        self.create_layout()
        self.editor = EditController(self)
        add_actions(self)
        add_menus(self)
        add_toolbar(self)
        self.connect_signals()
        self.event_menus = EventMenus(self.state, self.timeline, self.detail, self.show_source,
                                      lambda message: self.statusBar().showMessage(message, 3000), self)
        self.restore_settings()
        self._on_dataset_changed()
        self.timeline.setFocus()  # keys (+, -, arrows) act on the timeline from the start

    # -- construction -------------------------------------------------------------------------

    def create_layout(self) -> None:
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(0)
        left_column.addWidget(self.banner)
        left_column.addWidget(HeaderRow(self.legend, self.verdicts))
        left_column.addWidget(self.timeline, 1)
        self.view_area = left
        """What the timeline shows (header and panes): an export's default size."""
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def name_areas(self) -> None:
        """What assistive technology calls each area (F6 moves between them)."""
        for widget, name in ((self.search.field, "Search"), (self.legend, "Tracks: show or hide"),
                             (self.verdicts, "How true is it?"), (self.detail, "Details of the selected event")):
            widget.setAccessibleName(name)

    def connect_signals(self) -> None:
        self.detail.source_requested.connect(self.show_source)
        self.timeline.events_listed.connect(self.detail.show_events)
        self.state.selection_changed.connect(self._on_selection_changed)
        self.state.dataset_changed.connect(self._on_dataset_changed)
        self.state.stale_quotes_changed.connect(self._on_stale_quotes_changed)
        self.session.failed.connect(self._on_load_failed)
        self.search.field.textChanged.connect(self.detail.set_query)  # the panel highlights what a search matched
        # a highlight repaints both panes: asked as two rectangles, the link web across them is drawn
        # under a two-rectangle clip, ~5x slower in Qt's raster engine (~80 ms against ~15 ms at 1M)
        # than the same pixels under one; the whole viewport is one rectangle
        self.state.highlight_changed.connect(lambda: self.timeline.viewport().update())
        self.navigation.changed.connect(self._on_navigation_changed)
        self.detail.copyAvailable.connect(lambda _: self._on_copy_changed())
        self.state.selection_changed.connect(lambda _: self._on_copy_changed())
        self._on_copy_changed()
        self._on_navigation_changed()

    goto_box = None
    """The Go to date box, made when first asked for."""

    def show_goto_date(self) -> None:
        if self.goto_box is None:
            from viewer.qt.widgets.goto_date import GoToDateBox

            self.goto_box = GoToDateBox(self.go_to_range, self)
        self.goto_box.open_box()

    def go_to_range(self, lo: float, hi: float) -> str:
        """Centre the calendar pane on [lo, hi) keeping the zoom, zoomed out if the range does not
        fit (as centring on an event does): "centred"; "zoomed in" when the pane's edge kept it
        off centre at that zoom (zoomed out fully, say), so it was zoomed in until it could be;
        "nearest" when even the closest zoom cannot centre it (it is shown, off centre); "beyond"
        when it lies past the pane's limits."""
        pane = self.timeline.calendar
        view_lo, view_hi = pane.x_range()
        span = max(view_hi - view_lo, (hi - lo) * 1.2)
        centre = (lo + hi) / 2
        pane.set_x_range(centre - span / 2, centre + span / 2)
        shown_lo, shown_hi = pane.x_range()
        if not shown_lo <= centre <= shown_hi:
            return "beyond"
        if abs((shown_lo + shown_hi) / 2 - centre) <= span * 0.01:
            return "centred"
        edge_lo, edge_hi = pane.view_box.state["limits"]["xLimits"]
        half = max(min(centre - edge_lo, edge_hi - centre), (hi - lo) * 0.6)
        pane.set_x_range(centre - half, centre + half)
        shown_lo, shown_hi = pane.x_range()  # the closest zoom allowed may still hold it off centre
        return "zoomed in" if abs((shown_lo + shown_hi) / 2 - centre) <= (shown_hi - shown_lo) * 0.01 else "nearest"

    # -- the dataset and its file ---------------------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        return self.state.dataset

    def open_path(self, path: str | Path, wait: bool | None = None) -> bool | None:
        """Open a dataset (see :meth:`DatasetSession.open`); a problem is shown and the current
        dataset kept. True on success, None while a large file loads in the background."""
        return self.session.open(path, wait)

    def show_error(self, title: str, details: str, problems: int) -> None:
        # a window opened on a file that failed has nothing of its own to keep on screen
        kept = self.dataset.path is not None or len(self.dataset.events) > 0
        self.statusBar().showMessage(f"{title}: {count(problems, 'problem')}"
                                     + ("; the previous dataset is still shown" if kept else ""), 10000)
        box = message_box(QMessageBox.Icon.Critical, title,
                          f"{title}. {count(problems, 'problem')} found"
                          + ("; the dataset on screen is unchanged." if kept else "."),
                          self, details=details)
        box.setInformativeText(details.splitlines()[0] if details else "")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one box per error, not one kept per error
        self.last_error_box = box
        box.open()

    @Slot(object, object, bool)
    def _on_load_failed(self, path: Path, exc: BaseException, reload: bool) -> None:
        if reload:  # the banner and the status bar say what is wrong
            return
        title = f"Could not open {path.name}"
        if isinstance(exc, DatasetError):
            self.show_error(title, problem_lines([str(p) for p in exc.problems]) or str(exc), len(exc.problems))
        else:
            self.show_error(title, f"Unexpected error: {exc}", 1)

    @Slot()
    def _on_dataset_changed(self) -> None:
        dataset = self.dataset
        name = dataset.path.name if dataset.path else "untitled"
        self.setWindowTitle(f"{dataset.title} — {name}[*] — {APP_NAME}")  # [*]: an unsaved edit shows a *
        self._on_stale_quotes_changed()
        self.focus_areas.chain()  # the legend's buttons are new

    @Slot()
    def _on_stale_quotes_changed(self) -> None:
        dataset, stale = self.dataset, self.state.stale_quotes.citations
        self.sources_line.setText(f"{count(len(dataset.events), 'event')} · {count(len(dataset.links), 'link')} · "
                                  f"{count(dataset.quotes_verified - stale, 'quote')} verified"
                                  + (f" · {stale:,} not found in the current snapshot" if stale else ""))

    # -- selection, search, sources ---------------------------------------------------------------

    @Slot(object)
    def _on_selection_changed(self, event_id: str | None) -> None:
        if event_id is None:
            self.statusBar().clearMessage()
            return
        event = self.dataset.event(event_id)
        self.statusBar().showMessage(f"{event.title}", 5000)

    def escape(self) -> None:
        """Esc: in the search field, clear the search; elsewhere, clear the selection."""
        if self.search.field.hasFocus():
            self.search.field.clear()
            self.timeline.setFocus()  # back to the timeline, where the arrows, +, - and Home act
        else:
            self.state.select(None)

    def step_selection(self, direction: int) -> None:
        state = self.state
        target = neighbour_event(state.dataset, state.hidden_tracks, state.selected, direction)
        if target is not None:
            self.state.focus(target)

    @Slot()
    def copy(self) -> None:
        """Edit ▸ Copy: the text selected in the detail panel if there is some, else the selected
        event with its sources, as plain text."""
        if self.detail.textCursor().hasSelection():
            self.detail.copy()
        elif self.state.selected and self.dataset.has_event(self.state.selected):
            QApplication.clipboard().setText(event_text(self.dataset, self.state.selected, self.state.stale_quotes))
            self.statusBar().showMessage("Copied the event and its sources", 3000)

    @Slot()
    def copy_image(self) -> None:
        """Edit ▸ Copy image: the export sheet at the current view, at the screen's pixel ratio."""
        from viewer.qt.export.copy_image import copy_view  # the export stack, on first use

        message = copy_view(self.state, self.timeline, self.view_area, self.devicePixelRatioF())
        self.statusBar().showMessage(message, 5000)

    def _on_copy_changed(self) -> None:
        self.copy_action.setEnabled(bool(self.state.selected) or self.detail.textCursor().hasSelection())

    def _on_navigation_changed(self) -> None:
        self.back_action.setEnabled(self.navigation.can_go_back())
        self.forward_action.setEnabled(self.navigation.can_go_forward())

    def focus_search(self) -> None:
        self.search.field.setFocus()
        self.search.field.selectAll()

    @Slot(object)
    def show_source(self, citation: Citation) -> None:
        shown = shown_source(self.dataset, self.state.stale_quotes, citation)
        if shown is None:
            return
        source = self.dataset.sources[citation.source_id]
        self.source_viewer = SourceViewer(source.citation_line, shown.text, shown.span, self, note=shown.note,
                                          url=source.url)
        self.source_viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.offer_citing(self.source_viewer, citation.source_id)
        self.source_viewer.open()

    # -- dialogs ------------------------------------------------------------------------------

    def start_folder(self) -> str:
        """Where Open… and Import… start: the open dataset's folder, unless it is the bundled one
        (inside the installed app: nothing of the user's is there) — then the home folder."""
        path = self.dataset.path
        bundled = path is not None and path.resolve() == BUNDLED_DATASET.resolve()
        return str(path.parent) if path is not None and not bundled else str(Path.home())

    def open_dialog(self) -> None:
        start = self.start_folder()
        path, _ = QFileDialog.getOpenFileName(self, "Open dataset", start, "Factline datasets (*.toml *.json)")
        if path:
            self.open_path(path)

    def import_dialog(self) -> None:
        """File ▸ Import…: make a dataset from a TimelineJS timeline or spreadsheet, then open it."""
        from viewer.qt.import_dialog import import_with_dialogs

        imported = import_with_dialogs(self, self.start_folder(), self.show_error)
        if imported is not None and self.open_path(imported.path, wait=True):
            self.statusBar().showMessage(f"Imported {imported.path.name}: {imported.result.summary()}", 10000)

    def export_dialog(self) -> None:
        # imported on first use to keep the export stack (QtSvg, pypng, the sheet) out of start-up;
        # the dialog imports nothing of the window (an import-linter contract checks), so no cycle hides here
        from viewer.qt.export.dialog import ExportDialog

        self.export_window = ExportDialog(self.state, self.timeline, self.settings, self, view_area=self.view_area)
        self.export_window.exported.connect(self._on_exported)
        self.export_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_window.open()

    @Slot(object)
    def _on_exported(self, result: ExportResult) -> None:
        # a picture, a table or a TimelineJS3 document: each says what it holds
        self.statusBar().showMessage(f"Exported {result.path} ({result.describe()})", 10000)

    def print_dialog(self) -> None:
        """File ▸ Print…: the sheet of what the window shows, on the printer chosen (kept for the next time)."""
        from viewer.qt.export.printing import new_printer, print_view  # as for export: out of start-up
        from viewer.qt.export.sheet import ExportError

        self.printer = getattr(self, "printer", None) or new_printer()
        try:
            printed = print_view(self, self.printer, self.state, self.timeline, self.view_area)
        except ExportError as exc:
            QMessageBox.warning(self, "Print timeline", str(exc))
            return
        if printed:
            self.statusBar().showMessage(f"Printed {self.dataset.title}", 10000)

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", shortcuts_html())

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", about_html(self.dataset))

    # -- recent files, settings, drag and drop ---------------------------------------------------

    def recent_files(self) -> list[str]:
        return self.recent_menu.paths()

    def add_recent(self, path: Path) -> None:
        self.recent_menu.add(path)

    def restore_settings(self) -> None:
        restore_on_screen(self, self.settings.value("geometry"), (1400, 820))
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([1000, 400])

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.editor.may_close():  # unsaved edits: saved, discarded, or the window stays
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).suffix.lower() in SUFFIXES:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_path(urls[0].toLocalFile())
            event.acceptProposedAction()
