"""Live files: the open dataset reloads when it changes on disk; a broken save keeps the last good one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import rewrite
from viewer.dataset.load import load_dataset

TIMEOUT_MS = 5000


@pytest.fixture
def live_window(make_window, live_copy: Path):
    return make_window(load_dataset(live_copy))


def test_saving_the_file_reloads_it_and_keeps_selection_and_view(qtbot, live_window, live_copy):
    window = live_window
    window.state.select("iris-azulai-killed")
    window.timeline.calendar.set_x_range(7000.0, 8000.0)
    before = window.timeline.calendar.x_range()

    rewrite(live_copy, 'title = "Raz turns to acting"', 'title = "Raz turns to the stage"')

    qtbot.waitUntil(lambda: window.state.dataset.event("raz-turns-to-acting").title == "Raz turns to the stage",
                    timeout=TIMEOUT_MS)
    assert window.state.selected == "iris-azulai-killed"
    assert window.timeline.calendar.x_range() == pytest.approx(before)
    assert "Iris Azulai" in window.detail.toPlainText()


def test_a_broken_save_keeps_the_last_good_dataset_and_shows_a_banner_until_fixed(qtbot, live_window, live_copy):
    window = live_window
    good = window.state.dataset
    original = live_copy.read_text(encoding="utf-8")

    rewrite(live_copy, 'when = "1990-10-21"', 'when = "1990-13-21"')

    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=TIMEOUT_MS)
    assert window.state.dataset is good
    assert "iris-azulai-killed" in window.banner.message.text()
    assert "when" in window.banner.message.text()
    assert window.banner.details_button.isVisible()

    live_copy.write_text(original, encoding="utf-8")
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=TIMEOUT_MS)
    assert window.state.dataset is not good
    assert window.state.dataset.event("iris-azulai-killed").date.edtf == "1990-10-21"


def test_an_editor_that_saves_by_renaming_a_new_file_over_the_old_one_is_followed(qtbot, live_window, live_copy):
    window = live_window
    for attempt in ("first", "second"):  # twice: the watch must survive the first replacement
        text = live_copy.read_text(encoding="utf-8").replace(
            'title = "Hit & Run (Netflix, 2021)"', f'title = "Hit & Run ({attempt} save)"', 1)
        if attempt == "second":
            text = text.replace('title = "Hit & Run (first save)"', 'title = "Hit & Run (second save)"', 1)
        temp = live_copy.with_name(".hit-and-run.toml.swp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, live_copy)
        qtbot.waitUntil(lambda a=attempt: window.state.dataset.title == f"Hit & Run ({a} save)", timeout=TIMEOUT_MS)


def test_opening_another_file_watches_that_file_instead(qtbot, live_window, live_copy, tmp_path):
    window = live_window
    other_folder = tmp_path / "other"
    shutil.copytree(live_copy.parent / "sources", other_folder / "sources")
    other = other_folder / "copy.toml"
    shutil.copy(live_copy, other)
    assert window.open_path(other)
    assert window.session.watcher.path == other.resolve()

    rewrite(live_copy, 'title = "Raz turns to acting"', 'title = "Changed in the old file"')
    rewrite(other, 'title = "Raz turns to acting"', 'title = "Changed in the new file"')
    qtbot.waitUntil(lambda: window.state.dataset.event("raz-turns-to-acting").title == "Changed in the new file",
                    timeout=TIMEOUT_MS)


def test_a_large_file_reloads_in_the_background_and_a_broken_one_still_shows_the_banner(qtbot, live_window, live_copy,
                                                                                        monkeypatch):
    import viewer.qt.session

    monkeypatch.setattr(viewer.qt.session, "BACKGROUND_BYTES", 1)  # every file counts as large
    window = live_window
    window.state.select("iris-azulai-killed")

    rewrite(live_copy, 'title = "Raz turns to acting"', 'title = "Raz turns to the stage"')
    qtbot.waitUntil(lambda: window.state.dataset.event("raz-turns-to-acting").title == "Raz turns to the stage",
                    timeout=TIMEOUT_MS)
    assert window.state.selected == "iris-azulai-killed"
    qtbot.waitUntil(lambda: window.session.loader is None, timeout=TIMEOUT_MS)

    good = window.state.dataset
    rewrite(live_copy, 'when = "1990-10-21"', 'when = "1990-13-21"')
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=TIMEOUT_MS)
    assert window.state.dataset is good
