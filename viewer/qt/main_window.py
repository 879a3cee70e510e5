"""The main window: thin. It wires menus and shortcuts to the view state and the panes."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence, QPalette, QColor
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.dataset.load import SUFFIXES, DatasetError, load_dataset
from viewer.qt.loader import BACKGROUND_BYTES, DatasetLoader
from viewer.core.model import Citation, Dataset
from viewer.qt.widgets.panels import (DetailPanel, ErrorBanner, HeaderRow, SearchBox, SourceViewer, TrackLegend, VerdictSummary,
                           neighbour_event)
from viewer.qt.state import ViewState
from viewer.core.theme import DARK, LIGHT, THEMES
from viewer.qt.timeline.view import TimelineView
from viewer.qt.watcher import DatasetWatcher

APP_NAME = "Factline"
ABOUT_SOURCES = 6
MAX_RECENT = 8
SHORTCUTS = [
    ("Wheel", "zoom the pane under the mouse, at the cursor"),
    ("Drag", "pan the pane"),
    ("+ / −", "zoom in / out (pane under the mouse)"),
    ("← / →", "pan left / right"),
    ("Home", "fit everything"),
    ("Z", "zoom to the selected event"),
    ("Double-click", "zoom to an event"),
    ("Tab / Shift+Tab", "select the next / previous event in time"),
    ("Esc", "clear the selection"),
    ("Ctrl+F", "search; Enter / Shift+Enter step through matches"),
    ("Ctrl+O", "open a dataset (or drop a file on the window)"),
    ("Ctrl+E", "export PNG or SVG"),
    ("Ctrl+Shift+D", "dark theme on / off"),
    ("Legend", "click a track to hide or show it"),
    ("How true is it?", "click a verdict to highlight its plot points"),
    ("F1", "this list"),
]


def app_version() -> str:
    from viewer.resources import VERSION

    return VERSION


def make_settings() -> QSettings:
    """User settings; ``FACTLINE_SETTINGS`` may name an .ini file (tests use a throwaway one)."""
    where = os.environ.get("FACTLINE_SETTINGS")
    if where == "memory":
        where = os.path.join(tempfile.gettempdir(), f"factline-test-{os.getpid()}.ini")
    if where:
        return QSettings(where, QSettings.Format.IniFormat)
    return QSettings(APP_NAME, APP_NAME)


class MainWindow(QMainWindow):
    """Timeline on the left, detail panel on the right, menus and a search bar on top."""

    def __init__(self, dataset: Dataset, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or make_settings()
        self.state = ViewState(dataset, self)
        self.setAcceptDrops(True)
        self.timeline = TimelineView(self.state)
        self.detail = DetailPanel(self.state)
        self.detail.source_requested.connect(self.show_source)
        self.timeline.events_listed.connect(self.detail.show_events)
        self.legend = TrackLegend(self.state)
        self.verdicts = VerdictSummary(self.state)
        self.search = SearchBox(self.state)
        self.banner = ErrorBanner()
        self.watcher = DatasetWatcher(self)
        self.watcher.changed.connect(self._on_file_changed_on_disk)
        self.state.selection_changed.connect(self._on_selection_changed)
        self.state.dataset_changed.connect(self._on_dataset_changed)

        top = HeaderRow(self.legend, self.verdicts)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(0)
        left_column.addWidget(self.banner)
        left_column.addWidget(top)
        left_column.addWidget(self.timeline, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.sources_line = QLabel()
        self.statusBar().addPermanentWidget(self.sources_line)

        self.create_actions()
        self.create_menus()
        self.create_toolbar()
        self.restore_settings()
        self._on_dataset_changed()
        self.timeline.setFocus()  # keys (+, -, arrows, Tab) act on the timeline from the start

    # -- construction -------------------------------------------------------------------------

    def create_actions(self) -> None:
        def action(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)  # shortcuts work even when the menu bar is hidden
            return act

        self.open_action = action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open, "Open a dataset file")
        self.export_action = action("&Export…", self.export_dialog, QKeySequence("Ctrl+E"), "Export the timeline as PNG or SVG")
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.fit_action = action("&Fit all", self.timeline.fit_all, QKeySequence(Qt.Key.Key_Home), "Show every event")
        self.zoom_selection_action = action("&Zoom to selection", self.timeline.zoom_to_selection, QKeySequence("Z"))
        self.next_action = action("&Next event", lambda: self.step_selection(1), QKeySequence(Qt.Key.Key_Tab))
        self.previous_action = action("&Previous event", lambda: self.step_selection(-1), QKeySequence("Shift+Tab"))
        # Tab steps through events only where it means that (timeline, detail panel): elsewhere,
        # e.g. in the search field, it keeps moving keyboard focus as usual.
        for act in (self.next_action, self.previous_action):
            self.removeAction(act)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.timeline.addAction(act)
            self.detail.addAction(act)
        self.clear_action = action("&Clear selection", self.escape, QKeySequence(Qt.Key.Key_Escape))
        self.find_action = action("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        self.find_previous_action = action("Find &previous", self.search.previous_match, QKeySequence("Shift+Return"))
        self.dark_action = action("&Dark theme", self.toggle_theme, QKeySequence("Ctrl+Shift+D"))
        self.dark_action.setCheckable(True)
        self.shortcuts_action = action("&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self.about_action = action("&About Factline", self.show_about)

    def create_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        for act in (self.fit_action, self.zoom_selection_action, None, self.next_action, self.previous_action,
                    self.clear_action, None, self.find_action, None, self.dark_action):
            view_menu.addSeparator() if act is None else view_menu.addAction(act)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        self._rebuild_recent_menu()

    def create_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.addAction(self.open_action)
        bar.addAction(self.export_action)
        bar.addSeparator()
        bar.addAction(self.fit_action)
        bar.addAction(self.zoom_selection_action)
        bar.addSeparator()
        bar.addWidget(self.search)
        self.addToolBar(bar)

    # -- dataset ------------------------------------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        return self.state.dataset

    loader: DatasetLoader | None = None
    """The background load in progress, if any."""

    def open_path(self, path: str | Path, wait: bool | None = None) -> bool | None:
        """Load a dataset; on any problem show it and keep the current dataset. True on success.

        Files of ``BACKGROUND_BYTES`` or more load off the GUI thread with a progress dialog and
        Cancel: this returns None at once, and the dataset replaces the current one when ready
        (Cancel keeps the current one). ``wait=True`` always loads before returning (tests, the
        command line); ``wait=False`` always loads in the background.
        """
        path = Path(path)
        if self.loader is not None:  # a newer request wins over a load still running
            self.loader.cancel()
        if wait is None:
            try:
                wait = path.stat().st_size < BACKGROUND_BYTES
            except OSError:
                wait = True  # the synchronous path words the problem
        if not wait:
            self._load_in_background(path)
            return None
        try:
            dataset = load_dataset(path)
        except DatasetError as exc:
            self.show_dataset_error(path, exc)
            return False
        except Exception as exc:  # never a traceback in the user's face
            traceback.print_exc()
            self.show_error(f"Could not open {path.name}", f"Unexpected error: {exc}", 1)
            return False
        self._adopt(path, dataset)
        return True

    def _adopt(self, path: Path, dataset: Dataset, columns=None) -> None:
        self.state.set_dataset(dataset, columns)
        self.add_recent(path)
        self.statusBar().showMessage(f"Opened {path.name}: {len(dataset.events):,} events, "
                                     f"{dataset.quotes_verified:,} verified quotes", 8000)

    def _load_in_background(self, path: Path) -> None:
        """Start a background load with a progress dialog; a newer request cancels an older one."""
        if self.loader is not None:
            self.loader.cancel()
        loader = self.loader = DatasetLoader(path, self)
        dialog = QProgressDialog(f"Opening {path.name}…", "Cancel", 0, 100, self)
        dialog.setWindowTitle(f"Opening {path.name}")
        dialog.setMinimumDuration(400)  # a quick load never flashes a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.load_progress = dialog

        def finish() -> None:
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()
            loader.deleteLater()
            if self.loader is loader:
                self.loader = None

        def loaded(dataset: Dataset, columns) -> None:
            finish()
            self._adopt(path, dataset, columns)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, DatasetError):
                self.show_dataset_error(path, exc)
            else:
                self.show_error(f"Could not open {path.name}", f"Unexpected error: {exc}", 1)

        def cancelled() -> None:
            finish()
            self.statusBar().showMessage(f"Cancelled opening {path.name}; the previous dataset is still shown", 8000)

        def progressed(percent: int, phase: str) -> None:
            dialog.setValue(percent)
            dialog.setLabelText(f"Opening {path.name}: {phase}…")

        loader.progressed.connect(progressed)
        loader.loaded.connect(loaded)
        loader.failed.connect(failed)
        loader.cancelled.connect(cancelled)
        dialog.canceled.connect(loader.cancel)
        self.statusBar().showMessage(f"Opening {path.name}…")
        loader.start()

    def show_dataset_error(self, path: Path, exc: DatasetError) -> None:
        details = "\n".join(str(p) for p in exc.problems[:40]) or str(exc)
        self.show_error(f"Could not open {path.name}", details, len(exc.problems))

    def show_error(self, title: str, details: str, count: int) -> None:
        self.statusBar().showMessage(f"{title}: {count} problem(s); the previous dataset is still shown", 10000)
        box = QMessageBox(QMessageBox.Icon.Critical, title,
                          f"{title}. {count} problem{'s' if count != 1 else ''} found; the dataset on screen is unchanged.",
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText(details)
        box.setInformativeText(details.splitlines()[0] if details else "")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one box per error, not one kept per error
        self.last_error_box = box
        box.open()

    @Slot()
    def _on_dataset_changed(self) -> None:
        dataset = self.dataset
        name = dataset.path.name if dataset.path else "untitled"
        self.setWindowTitle(f"{dataset.title} — {name} — {APP_NAME}")
        self.sources_line.setText(f"{len(dataset.events):,} events · {len(dataset.links):,} links · "
                                  f"{dataset.quotes_verified:,} quotes verified")
        if dataset.path is not None and self.watcher.path != dataset.path.resolve():
            self.watcher.watch(dataset.path)
            self.banner.clear()

    @Slot(str)
    def _on_file_changed_on_disk(self, path: str) -> None:
        """Live reload: show the new version, or keep the last good one and say what is wrong."""
        name = Path(path).name
        if self.loader is not None:  # the file on disk is newer than whatever is still loading
            self.loader.cancel()
        try:
            large = Path(path).stat().st_size >= BACKGROUND_BYTES
        except OSError:
            large = False  # the synchronous path words the problem
        if large:  # a big file reloads off the GUI thread, quietly: the old version stays meanwhile
            loader = self.loader = DatasetLoader(path, self)
            loader.loaded.connect(lambda dataset, columns: self._on_reloaded(loader, name, dataset, columns))
            loader.failed.connect(lambda exc: self._on_reload_failed(loader, name, exc))
            loader.cancelled.connect(lambda: self._forget_loader(loader))
            self.statusBar().showMessage(f"{name} changed on disk; reloading…")
            loader.start()
            return
        try:
            dataset = load_dataset(path)
        except Exception as exc:  # DatasetError or anything else: never a traceback
            self._on_reload_failed(None, name, exc)
            return
        self._on_reloaded(None, name, dataset, None)

    def _forget_loader(self, loader: DatasetLoader | None) -> None:
        if loader is not None:
            loader.deleteLater()
            if self.loader is loader:
                self.loader = None

    def _on_reloaded(self, loader: DatasetLoader | None, name: str, dataset: Dataset, columns) -> None:
        self._forget_loader(loader)
        self.banner.clear()
        self.state.set_dataset(dataset, columns, reload=True)
        self.statusBar().showMessage(f"Reloaded {name}: it changed on disk", 5000)

    def _on_reload_failed(self, loader: DatasetLoader | None, name: str, exc: BaseException) -> None:
        """The last good dataset stays; the banner says what is wrong with the file on disk."""
        self._forget_loader(loader)
        problems = [str(p) for p in exc.problems] if isinstance(exc, DatasetError) else [f"unexpected error: {exc}"]
        self.banner.show_problems(name, problems)
        self.statusBar().showMessage(f"{name} changed on disk but cannot be loaded; "
                                     "showing the last good version", 8000)

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
            self.timeline.setFocus()  # back to the timeline, where +, -, Home and Tab act
        else:
            self.state.select(None)

    def step_selection(self, direction: int) -> None:
        target = neighbour_event(self.state, direction)
        if target is not None:
            self.state.focus(target)

    def focus_search(self) -> None:
        self.search.field.setFocus()
        self.search.field.selectAll()

    @Slot(object)
    def show_source(self, citation: Citation) -> None:
        source = self.dataset.sources[citation.source_id]
        if source.text is None:
            return
        self.source_viewer = SourceViewer(source.citation_line, source.text, citation.span, self)
        self.source_viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source_viewer.open()

    # -- dialogs ------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        start = str(self.dataset.path.parent) if self.dataset.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open dataset", start, "Factline datasets (*.toml *.json)")
        if path:
            self.open_path(path)

    def export_dialog(self) -> None:
        from viewer.qt.export.dialog import ExportDialog

        self.export_window = ExportDialog(self, self)
        self.export_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_window.open()

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        all_sources = list(self.dataset.sources.values())
        quoted = [s for s in all_sources if s.text is not None]
        shown = (quoted + [s for s in all_sources if s.text is None])[:ABOUT_SOURCES]
        items = "".join(f"<li>{escape(s.citation_line)}</li>" for s in shown)
        more = len(all_sources) - len(shown)
        tail = f"<p>… and {more} more, listed in the detail panel when nothing is selected.</p>" if more > 0 else ""
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<h3>{APP_NAME} {escape(app_version())}</h3><p>How a “true story” relates to the truth: "
                          f"real events and a story's plot points on one timeline, every claim tied to its source.</p>"
                          f"<p>This dataset, <i>{escape(self.dataset.title)}</i>, cites {len(all_sources)} sources; "
                          f"quotes come only from those with a stored text:</p><ul>{items}</ul>{tail}")

    def toggle_theme(self) -> None:
        self.apply_theme("dark" if self.dark_action.isChecked() else "light")

    def apply_theme(self, name: str) -> None:
        theme = THEMES.get(name, LIGHT)
        self.dark_action.setChecked(theme is DARK)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(dark_palette() if theme is DARK else app.style().standardPalette())
        self.state.set_theme(theme)
        self.settings.setValue("theme", theme.name)

    # -- recent files, settings, drag and drop ---------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def add_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.recent_files() if p != entry]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for path in recent:
            act = self.recent_menu.addAction(Path(path).name)
            act.setStatusTip(path)
            act.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 820)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([1000, 400])
        self.apply_theme(str(self.settings.value("theme", "light")))

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
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


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2329", QPalette.ColorRole.WindowText: "#e8ebef",
        QPalette.ColorRole.Base: "#16191d", QPalette.ColorRole.AlternateBase: "#1e2228",
        QPalette.ColorRole.Text: "#e8ebef", QPalette.ColorRole.Button: "#2a2f36",
        QPalette.ColorRole.ButtonText: "#e8ebef", QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2f36",
        QPalette.ColorRole.ToolTipText: "#e8ebef", QPalette.ColorRole.Link: "#7fb2ff",
        QPalette.ColorRole.PlaceholderText: "#8a94a0",
        # the 3-D roles draw frames, radio and check indicators: without them they vanish on dark
        QPalette.ColorRole.Light: "#4a515c", QPalette.ColorRole.Midlight: "#3a4049",
        QPalette.ColorRole.Mid: "#373d46", QPalette.ColorRole.Dark: "#121417",
        QPalette.ColorRole.Shadow: "#000000", QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6d7580"))
    return palette


def run_app(path: Path, screenshot: Path | None = None, select: str | None = None,
            size: tuple[int, int] | None = None) -> int:
    """Open the app on a dataset. A broken start-up file is reported, never a traceback."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    identify_app(app)
    app.setStyle("Fusion")
    window = open_window(path, screenshot is not None, select, size)
    if not isinstance(window, MainWindow):
        return window
    if screenshot is not None:
        # give the layout a few passes to settle (axes widen late), then grab and quit
        QTimer.singleShot(700, lambda: _save_screenshot(window, screenshot))
    return app.exec()


def identify_app(app: QApplication) -> None:
    """Names, version, icon and desktop entry: what the desktop shows for the running app."""
    from viewer.resources import APP_ID, ICON_SIZES, ORGANISATION, VERSION, icon_png

    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(VERSION)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName(APP_ID)
    icon = QIcon()  # the PNGs, 16 to 512 px: no SVG renderer needed, and availableSizes() tells them
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)), QSize(size, size))
    app.setWindowIcon(icon)


def open_window(path: Path, for_screenshot: bool = False, select: str | None = None,
                size: tuple[int, int] | None = None) -> MainWindow | int:
    """The shown main window on ``path`` (or the exit status when the file cannot be opened).

    A large file opens like one chosen from the menu: the window first, then the load in the
    background with progress and Cancel. A screenshot or ``select`` needs the data first."""
    in_background = not for_screenshot and select is None and _file_size(path) >= BACKGROUND_BYTES
    if in_background:
        dataset = empty_dataset(f"Opening {path.name}…")
    else:
        try:
            dataset = load_dataset(path)
        except DatasetError as exc:
            print(f"factline: cannot open {path}:\n{exc}", file=sys.stderr)
            if not for_screenshot:
                QMessageBox.critical(None, f"Could not open {path.name}", str(exc)[:4000])
            return 2
    window = MainWindow(dataset)
    if size:
        window.resize(*size)
    window.show()
    if in_background:
        QTimer.singleShot(0, lambda: window.open_path(path, wait=False))
        return window
    window.add_recent(path)
    QTimer.singleShot(0, window.timeline.fit_all)
    if select:
        if not dataset.has_event(select):
            print(f"factline: --select: no event {select!r} in {path.name}", file=sys.stderr)
            return 2
        QTimer.singleShot(0, lambda: window.state.select(select))
    return window


def empty_dataset(title: str) -> Dataset:
    """A dataset with nothing in it: what the window shows while the first file loads."""
    return Dataset(path=None, title=title, sources={}, tracks=(), events=(),
                   description="The file is loading in the background; its events appear here when it is ready.")


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the synchronous load words the problem


def _save_screenshot(window: MainWindow, target: Path) -> None:
    from viewer.qt.export.sheet import encode_png, write_atomically

    app = QApplication.instance()
    try:
        write_atomically(target, encode_png(window.grab().toImage()))
        print(f"saved {target}")
    except Exception as exc:  # reported, not a traceback
        print(f"factline: --screenshot: {exc}", file=sys.stderr)
        app.exit(1)
        return
    app.exit(0)
