"""The window opens wholly on the screen's available area, whatever size and place were
remembered (another scale factor, a bigger or a second screen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from conftest import settle
from viewer.scene.screen import fit_on_screen

SCREEN = (0, 30, 1920, 1050)  # a 1920x1080 screen with a 30-px panel on top


@pytest.mark.parametrize(("frame", "fitted"), [
    ((100, 100, 800, 600), (100, 100, 800, 600)),          # fits: left alone
    ((0, 0, 3840, 2160), (0, 30, 1920, 1050)),             # twice the screen (QT_SCALE_FACTOR=2)
    ((1500, 900, 800, 600), (1120, 480, 800, 600)),        # hanging off the bottom right
    ((-5000, -300, 800, 600), (0, 30, 800, 600)),          # on a screen that is gone
    ((1000, 200, 2500, 700), (0, 200, 1920, 700)),         # too wide only: keeps its height and top
])
def test_a_frame_is_shrunk_to_the_screen_then_moved_onto_it(frame, fitted):
    assert fit_on_screen(frame, SCREEN) == fitted


def test_a_frame_never_shrinks_below_the_windows_minimum():
    assert fit_on_screen((0, 0, 3000, 3000), SCREEN, minimum=(2000, 400)) == (0, 30, 2000, 1050)


def saved_geometry(x: int, y: int, width: int, height: int):
    """What QWidget.saveGeometry writes for a window at that place and size."""
    widget = QWidget()
    widget.setGeometry(x, y, width, height)
    data = widget.saveGeometry()
    widget.deleteLater()
    return data


def on_screen(window) -> tuple[QRect, QRect]:
    return window.frameGeometry(), window.screen().availableGeometry()


@pytest.mark.parametrize("geometry", [(0, 0, 5000, 4000), (6000, 5000, 700, 500), (-3000, 200, 4000, 900)],
                         ids=["oversized", "off-screen", "oversized-and-off"])
def test_a_remembered_geometry_is_restored_within_the_available_screen(qtbot, settings, bundled_dataset, geometry):
    from viewer.qt.main_window import MainWindow

    settings.setValue("geometry", saved_geometry(*geometry))
    window = MainWindow(bundled_dataset, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    frame, available = on_screen(window)
    assert available.contains(frame), (frame, available)
    assert available.contains(window.mapToGlobal(window.detail.geometry().topRight())), "the detail panel is on screen"


def test_the_default_size_is_fitted_to_a_small_screen_too(qtbot, settings, bundled_dataset):
    from viewer.qt.main_window import MainWindow

    window = MainWindow(bundled_dataset, settings=settings)  # nothing remembered: 1400x820 wanted
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    frame, available = on_screen(window)
    assert available.width() < 1400, "the offscreen screen is smaller than the default size"
    assert available.contains(frame)


def test_a_size_asked_for_after_the_window_is_made_is_kept(qtbot, settings, bundled_dataset):
    """``factline --size 1500x850 --screenshot``: the size is meant, even larger than the screen."""
    from viewer.qt.main_window import MainWindow

    window = MainWindow(bundled_dataset, settings=settings)
    qtbot.addWidget(window)
    window.resize(1500, 850)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    assert (window.width(), window.height()) == (1500, 850)
