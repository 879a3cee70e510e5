"""Loading off the GUI thread: progress, Cancel keeps the previous dataset, errors still shown."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from viewer.dataset.load import DatasetError
from viewer.qt.loader import PHASES, LoadCancelled, load_in_phases

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)


@pytest.fixture(scope="module")
def synthetic_path(tmp_path_factory) -> Path:
    return synthetic.write_dataset(20_000, tmp_path_factory.mktemp("synthetic"))


# -- the work itself, without threads -----------------------------------------------------------------


def test_phases_report_rising_progress_and_return_the_dataset_and_its_columns(synthetic_path):
    seen: list[tuple[int, str]] = []
    dataset, columns = load_in_phases(synthetic_path, lambda p, phase: seen.append((p, phase)))
    assert len(dataset.events) == 20_000
    assert sum(len(c) for c in columns.values()) == 20_000
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    # the table is worked out after the last slice with its own phase, moving step by step
    # (at a million events it takes ~1.5 s: the bar used to rest at 85% all that time)
    working = [p for p, phase in seen if phase == PHASES[1][0]]
    assert len(set(working)) >= 3 and PHASES[0][1] <= min(working) and max(working) == PHASES[1][1]
    assert [phase for _, phase in seen][-2:] == [PHASES[2][0], "Done"]


def test_cancelling_stops_at_the_next_phase(synthetic_path):
    phases: list[str] = []
    with pytest.raises(LoadCancelled):
        load_in_phases(synthetic_path, lambda p, phase: phases.append(phase), cancelled=lambda: len(phases) >= 1)
    assert len(phases) == 1, "nothing ran after the cancel was seen"


# -- in the window ----------------------------------------------------------------------------------


def test_a_background_load_replaces_the_dataset_when_done(window, qtbot, synthetic_path):
    result = window.open_path(synthetic_path, wait=False)
    assert result is None and window.session.loader is not None
    assert window.dataset.path.name == "hit-and-run.toml", "the old dataset stays until the new one is ready"
    with qtbot.waitSignal(window.state.dataset_changed, timeout=60_000):
        pass
    assert len(window.dataset.events) == 20_000
    assert window.session.loader is None


def test_the_window_stays_responsive_while_loading(window, qtbot, synthetic_path):
    ticks = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    window.open_path(synthetic_path, wait=False)
    with qtbot.waitSignal(window.state.dataset_changed, timeout=60_000):
        pass
    timer.stop()
    assert len(ticks) >= 3, "the event loop kept running during the load"


def test_cancel_stops_the_load_and_keeps_the_previous_dataset(window, qtbot, synthetic_path):
    before = window.dataset
    changed: list[int] = []
    window.state.dataset_changed.connect(lambda: changed.append(1))
    window.open_path(synthetic_path, wait=False)
    loader = window.session.loader
    with qtbot.waitSignal(loader.cancelled, timeout=60_000):
        window.load_progress.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    assert window.dataset is before
    assert not changed
    assert window.session.loader is None
    assert "Cancelled" in window.statusBar().currentMessage()


def test_a_bad_file_loaded_in_the_background_is_reported_like_any_other(window, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "factline/1", "title": "x", "sources": [], "tracks": [], "events": [{"id": "?"}]}))
    shown: list[tuple[str, int]] = []
    monkeypatch.setattr(window, "show_error", lambda title, details, count: shown.append((title, count)))
    before = window.dataset
    window.open_path(bad, wait=False)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0][0] == "Could not open bad.json" and shown[0][1] >= 1
    assert window.dataset is before


def test_small_files_still_load_before_open_path_returns(window, bundled_path):
    assert window.open_path(bundled_path) is True
    assert window.session.loader is None


def test_progress_rises_slice_by_slice_and_a_cancel_is_seen_between_slices(synthetic_path):
    from unittest.mock import patch

    from viewer.dataset import slices as json_chunks

    seen: list[int] = []
    with patch.object(json_chunks, "CHUNK_BYTES", 64 * 1024):
        with pytest.raises(LoadCancelled):
            load_in_phases(synthetic_path, lambda p, phase: seen.append(p), cancelled=lambda: len(seen) >= 4)
    assert len(seen) == 4 and seen == sorted(seen) and 0 < seen[-1] < PHASES[0][1]


def test_a_cancel_is_seen_while_the_table_is_worked_out(synthetic_path):
    seen: list[tuple[int, str]] = []
    with pytest.raises(LoadCancelled):
        load_in_phases(synthetic_path, lambda p, phase: seen.append((p, phase)),
                       cancelled=lambda: any(phase == PHASES[1][0] for _, phase in seen))
    assert seen[-1][1] == PHASES[1][0] and sum(phase == PHASES[1][0] for _, phase in seen) == 1


def test_a_cancel_is_seen_before_a_file_is_read_again_the_careful_way(tmp_path):
    """A file the sliced path cannot take is read again whole: the user can still stop it."""
    bad = json.loads(synthetic.write_dataset(1000, tmp_path).read_text(encoding="utf-8"))
    bad["events"][900]["when"] = "1990-13"  # refused by the builder: the file is read again, whole
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    seen: list[int] = []
    # cancelled as soon as loading has begun; the one slice of this small file is refused before
    # reporting progress, so only the check before the careful pass can see the cancel
    with pytest.raises(LoadCancelled):
        load_in_phases(path, lambda p, phase: seen.append(p), cancelled=lambda: len(seen) >= 1)
    assert seen == [0]


def test_load_in_phases_raises_dataset_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(DatasetError):
        load_in_phases(bad)


# -- a large file named on the command line -----------------------------------------------------------


def test_a_large_start_file_shows_the_window_first_then_loads_in_the_background(qtbot, synthetic_path):
    """``factline big.json``: the window is up (empty, titled 'Opening …') while the file loads off
    the GUI thread, and the dataset arrives without a blocking load."""
    from viewer.qt import loader, start
    from viewer.qt.main_window import MainWindow

    assert synthetic_path.stat().st_size >= loader.BACKGROUND_BYTES, "the fixture file must count as large"
    window = start.open_window(synthetic_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.dataset.title == f"Opening {synthetic_path.name}…" and len(window.dataset.events) == 0
    qtbot.waitUntil(lambda: window.session.loader is not None, timeout=5000)
    qtbot.waitUntil(lambda: len(window.dataset.events) == 20_000, timeout=20_000)
    assert window.session.loader is None
    assert window.dataset.title.startswith("Synthetic benchmark dataset")
