"""Start-up pauses the cyclic garbage collector until the timeline's first paint, then freezes
what start-up made and turns the collector back on (viewer.memory.pause_collector)."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtWidgets import QLabel

from viewer.memory import pause_collector
from viewer.qt.main_window import MainWindow
from viewer.qt.start import FirstPaint


@pytest.fixture
def collector_restored():
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if was_enabled else gc.disable)()


def test_pausing_turns_the_collector_off_until_resumed_once(collector_restored):
    gc.enable()
    gc.unfreeze()
    resume = pause_collector()
    assert not gc.isenabled()
    kept = [object() for _ in range(10)]
    resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing frozen: the start-up dataset stays collectable
    gc.disable()
    resume()  # a second call changes nothing
    assert not gc.isenabled()
    del kept


def test_a_collector_someone_else_paused_stays_paused(collector_restored):
    gc.disable()
    resume = pause_collector()
    resume()
    assert not gc.isenabled()


def test_first_paint_calls_back_once_after_the_widget_has_painted(qtbot):
    calls = []
    label = QLabel("painted")
    qtbot.addWidget(label)
    FirstPaint(label, lambda: calls.append(True))
    assert calls == []  # not before any paint
    label.show()
    qtbot.waitExposed(label)
    qtbot.waitUntil(lambda: calls == [True])
    label.repaint()
    qtbot.wait(20)
    assert calls == [True]


def test_the_app_turns_the_collector_back_on_when_its_file_cannot_be_opened(tmp_path, collector_restored, monkeypatch):
    from viewer.app import main

    broken = tmp_path / "broken.toml"
    broken.write_text("title = \n", encoding="utf-8")
    monkeypatch.setenv("FACTLINE_SETTINGS", "memory")
    gc.enable()
    assert main([str(broken), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert gc.isenabled()


def test_the_app_calls_its_first_paint_hook_while_it_runs(qapp, tmp_path, monkeypatch):
    from viewer.qt.start import run_app
    from viewer.resources import BUNDLED_DATASET

    monkeypatch.setenv("FACTLINE_SETTINGS", "memory")
    calls = []
    try:
        code = run_app(BUNDLED_DATASET, screenshot=tmp_path / "x.png", on_first_paint=lambda: calls.append(True))
    finally:  # the window outlives run_app (a process exits after it): close it, or it stays under the mouse
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
                widget.deleteLater()
        qapp.processEvents()
    assert code == 0
    assert calls == [True]  # once, before the screenshot quit the app
    assert (tmp_path / "x.png").stat().st_size > 0


def test_a_file_that_does_not_load_opens_an_empty_window_with_its_problems(qapp, qtbot, tmp_path, monkeypatch):
    # it used to show a bare 'N problems found.' box with no window behind it, and quit
    from viewer.qt.start import open_window

    monkeypatch.setenv("FACTLINE_SETTINGS", "memory")
    shown = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, title, details, n: shown.append((title, details, n)))
    broken = tmp_path / "bad.toml"
    broken.write_text('format = "factline/1"\ntitle = "x"\n[[events]]\nid = "a"\n', encoding="utf-8")
    window = open_window(broken)
    try:
        assert isinstance(window, MainWindow) and len(window.dataset.events) == 0
        assert "bad.toml could not be opened" in window.windowTitle()
        qtbot.waitUntil(lambda: bool(shown))
        title, details, n = shown[0]
        assert title == "Could not open bad.toml" and n >= 1 and "event 'a'" in details
    finally:
        window.close()
        window.deleteLater()


def test_the_error_box_of_a_first_file_that_fails_claims_no_dataset_kept(qapp, qtbot, tmp_path, monkeypatch):
    # it said 'the dataset on screen is unchanged' over an empty window that had none
    from viewer.qt.start import open_window

    monkeypatch.setenv("FACTLINE_SETTINGS", "memory")
    broken = tmp_path / "bad.toml"
    broken.write_text('format = "factline/1"\ntitle = "x"\n[[events]]\nid = "a"\n', encoding="utf-8")
    window = open_window(broken)
    try:
        qtbot.waitUntil(lambda: getattr(window, "last_error_box", None) is not None)
        assert window.last_error_box.text().startswith("Could not open bad.toml. ")
        assert "unchanged" not in window.last_error_box.text()
        assert "still shown" not in window.statusBar().currentMessage()
        window.last_error_box.close()
    finally:
        window.close()
        window.deleteLater()


def test_the_error_box_of_a_file_that_fails_over_a_shown_dataset_says_it_is_kept(make_window, qtbot, tmp_path):
    window = make_window()
    broken = tmp_path / "bad.toml"
    broken.write_text('format = "factline/1"\ntitle = "x"\n[[events]]\nid = "a"\n', encoding="utf-8")
    window.open_path(broken, wait=True)
    qtbot.waitUntil(lambda: getattr(window, "last_error_box", None) is not None)
    assert window.last_error_box.text().endswith("; the dataset on screen is unchanged.")
    assert window.statusBar().currentMessage().endswith("; the previous dataset is still shown")
    window.last_error_box.close()
