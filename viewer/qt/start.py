"""Starting the app on a dataset named on the command line: the window, a screenshot, a selection."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from viewer.core.model import Dataset
from viewer.dataset.load import DatasetError, load_dataset
from viewer.qt.indexer import wait_for_builds
from viewer.qt.main_window import MainWindow
from viewer.qt.plain import problem_lines
from viewer.qt.session import loads_in_background
from viewer.qt.settings import APP_NAME


def run_app(path: Path, screenshot: Path | None = None, select: str | None = None,
            size: tuple[int, int] | None = None, on_first_paint: Callable[[], None] | None = None) -> int:
    """Open the app on a dataset. A broken start-up file is reported, never a traceback.
    ``on_first_paint()`` runs once the timeline has first been painted."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    identify_app(app)
    app.setStyle("Fusion")
    window = open_window(path, screenshot is not None, select, size)
    if not isinstance(window, MainWindow):
        return window
    if on_first_paint is not None:
        FirstPaint(window.timeline.viewport(), on_first_paint)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, on_first_paint)  # a window that never paints (minimised) too
    if screenshot is not None:
        # give the layout a few passes to settle (axes widen late), then grab and quit
        QTimer.singleShot(700, lambda: _save_screenshot(window, screenshot))
    code = app.exec()
    wait_for_builds()  # a search index still being built must not outlive the interpreter
    return code


FIRST_PAINT_WAIT_MS = 3000
"""``on_first_paint`` runs by then at the latest (it runs once: the sooner of the two wins)."""


class FirstPaint(QObject):
    """Calls ``then()`` once, just after ``widget``'s first paint has finished (and forgets it)."""

    def __init__(self, widget, then: Callable[[], None]):
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after the paint, not inside it
        return False


def open_window(path: Path, for_screenshot: bool = False, select: str | None = None,
                size: tuple[int, int] | None = None) -> MainWindow | int:
    """The shown main window on ``path`` (or the exit status when the file cannot be opened).

    A large file opens like one chosen from the menu: the window first, then the load in the
    background with progress and Cancel. A screenshot or ``select`` needs the data first."""
    in_background = not for_screenshot and select is None and loads_in_background(path)
    if in_background:
        dataset = empty_dataset(f"Opening {path.name}…")
    else:
        try:
            dataset = load_dataset(path)
        except DatasetError as exc:
            print(f"factline: cannot open {path}:\n{exc}", file=sys.stderr)
            return 2 if for_screenshot else _window_on_broken_file(path, exc, size)
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


def _window_on_broken_file(path: Path, exc: DatasetError, size: tuple[int, int] | None) -> MainWindow:
    """A file that does not load opens the window anyway, empty, with its problems in the error box
    an Open shows: the user fixes the file and opens it again (File ▸ Open Recent lists it)."""
    window = MainWindow(Dataset(path=None, title=f"{path.name} could not be opened", sources={}, tracks=(), events=(),
                                description="Fix the problems the message lists, then open the file again: "
                                            "File ▸ Open Recent lists it."))
    if size:
        window.resize(*size)
    window.show()
    window.add_recent(path)
    details = problem_lines([str(p) for p in exc.problems]) or str(exc)
    QTimer.singleShot(0, lambda: window.show_error(f"Could not open {path.name}", details, len(exc.problems)))
    return window


def empty_dataset(title: str) -> Dataset:
    """A dataset with nothing in it: what the window shows while the first file loads."""
    return Dataset(path=None, title=title, sources={}, tracks=(), events=(),
                   description="The file is loading in the background; its events appear here when it is ready.")


def _save_screenshot(window: MainWindow, target: Path) -> None:
    # imported here: the export stack (QtSvg, pypng, the sheet) stays out of every other start
    from viewer.core.files import write_atomically
    from viewer.qt.export.sheet import encode_png

    app = QApplication.instance()
    try:
        write_atomically(target, encode_png(window.grab().toImage()))
        print(f"saved {target}")
    except Exception as exc:  # reported, not a traceback
        print(f"factline: --screenshot: {exc}", file=sys.stderr)
        app.exit(1)
        return
    app.exit(0)


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
