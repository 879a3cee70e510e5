"""A window restored wholly on its screen's available area, its frame included: a size
remembered at another scale factor (QT_SCALE_FACTOR=2) or on a bigger screen is shrunk, a
place off every screen moved onto one. The arithmetic is :func:`viewer.scene.screen.fit_on_screen`."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from viewer.scene.screen import fit_on_screen

FRAME_WAIT_MS, FRAME_TRIES = 50, 20
"""How often, and how many times, to look for the window manager's frame after the first show."""


def restore_on_screen(window: QWidget, geometry: object, default: tuple[int, int]) -> None:
    """Restore ``geometry`` (what saveGeometry wrote, or None: ``default`` size), kept on screen,
    and once more when shown, with the frame the window manager puts round it (it reports it
    ~50 ms after the window is shown under X11: until then the frame is the window itself)."""
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*default)
    keep_on_screen(window)
    window.installEventFilter(_FitWhenShown(window))


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move ``window`` so all of its frame is on the available part of its screen."""
    frame, inner = window.frameGeometry(), window.geometry()
    screen = QGuiApplication.screenAt(frame.center()) or window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    # the frame's own borders and title bar, beyond the window's inner size
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    available, minimum = screen.availableGeometry(), window.minimumSizeHint()
    x, y, width, height = fit_on_screen((frame.x(), frame.y(), frame.width(), frame.height()),
                                        (available.x(), available.y(), available.width(), available.height()),
                                        (minimum.width() + extra_w, minimum.height() + extra_h))
    if (x, y, width, height) != (frame.x(), frame.y(), frame.width(), frame.height()):
        window.setGeometry(QRect(x + inner.x() - frame.x(), y + inner.y() - frame.y(), width - extra_w, height - extra_h))


class _FitWhenShown(QObject):
    """On the window's first show, fits it again once its frame is known, unless it was sized
    in between by whoever made it (``--size``, a test): that size is meant."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window, self._restored = window, window.size()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            if self._window.size() == self._restored:
                QTimer.singleShot(0, self, self._fit)
            else:
                self.deleteLater()
        return False

    def _fit(self, tries: int = FRAME_TRIES) -> None:
        if self._window.frameGeometry() == self._window.geometry() and tries > 0:
            QTimer.singleShot(FRAME_WAIT_MS, self, lambda: self._fit(tries - 1))
        else:
            keep_on_screen(self._window)
            self.deleteLater()
