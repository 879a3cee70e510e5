"""DatasetSession without a window: open, reload on change, a broken file, cancel, a vanished file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

import viewer.qt.session
from conftest import a_calendar_event, a_dataset_with, rewrite, write_dataset
from viewer.dataset.load import DatasetError, load_dataset
from viewer.qt.loader import DatasetLoader
from viewer.qt.session import DatasetSession, loads_in_background
from viewer.qt.state import ViewState

TIMEOUT_MS = 5000


@pytest.fixture
def owner(qapp):
    """Parent of the objects under test, deleted after it: nothing outlives the test."""
    parent = QObject()
    yield parent
    parent.deleteLater()


@pytest.fixture
def session(owner, live_copy: Path) -> DatasetSession:
    """A session on a private copy of the bundled dataset, watching it."""
    return DatasetSession(ViewState(load_dataset(live_copy), owner), owner)


@pytest.fixture
def large_files(monkeypatch):
    """Every file counts as large: it loads in the background."""
    monkeypatch.setattr(viewer.qt.session, "BACKGROUND_BYTES", 1)


def recorded(signal) -> list[tuple]:
    """The arguments of every emission of ``signal`` from now on."""
    calls: list[tuple] = []
    signal.connect(lambda *args: calls.append(args))
    return calls


def another_copy(live_copy: Path, folder: Path) -> Path:
    shutil.copytree(live_copy.parent / "sources", folder / "sources")
    return Path(shutil.copy(live_copy, folder / "copy.toml"))


# -- the one background-or-not decision ----------------------------------------------------------


def test_a_file_loads_in_the_background_from_the_size_limit_up(tmp_path, monkeypatch):
    path = tmp_path / "data.json"
    path.write_bytes(b"x" * 100)
    monkeypatch.setattr(viewer.qt.session, "BACKGROUND_BYTES", 100)
    assert loads_in_background(path)
    monkeypatch.setattr(viewer.qt.session, "BACKGROUND_BYTES", 101)
    assert not loads_in_background(path)


def test_a_missing_file_loads_at_once_where_the_problem_is_worded(tmp_path):
    assert not loads_in_background(tmp_path / "nowhere.toml")


# -- opening ---------------------------------------------------------------------------------------


def test_opening_a_file_shows_it_and_watches_it_with_its_snapshots(session, live_copy, tmp_path):
    other = another_copy(live_copy, tmp_path / "other")
    loaded = recorded(session.loaded)

    assert session.open(other) is True

    assert loaded == [(other, False)]
    assert session.state.dataset.path == other and session.path == other
    assert session.watcher.path == other.resolve()
    snapshot = (tmp_path / "other" / "sources" / "is-hit-and-run-based-on-a-true-story.txt").resolve()
    assert session.watcher.files == (other.resolve(), snapshot)


def test_opening_a_broken_file_fails_and_keeps_the_dataset(session, tmp_path):
    good = session.state.dataset
    broken = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event(id="bad-date", when="1990-13")]),
                           name="bad.toml")
    failed = recorded(session.failed)

    assert session.open(broken) is False

    [(path, exc, reload)] = failed
    assert path == broken and not reload
    assert isinstance(exc, DatasetError) and any("bad-date" in str(p) for p in exc.problems)
    assert session.state.dataset is good
    assert session.watcher.path == good.path.resolve(), "the shown file is still the one watched"


def test_a_large_file_opens_in_the_background(qtbot, session, live_copy, tmp_path, large_files):
    other = another_copy(live_copy, tmp_path / "other")
    started = recorded(session.started)

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS) as blocker:
        assert session.open(other) is None
        [(loader, reload)] = started
        assert isinstance(loader, DatasetLoader) and loader.path == other and not reload
        assert session.state.dataset.path == live_copy, "the old dataset stays until the new one is ready"

    assert blocker.args == [other, False]
    assert session.state.dataset.path == other
    assert session.loader is None


def test_cancel_stops_a_background_load_and_keeps_the_dataset(qtbot, session, live_copy, tmp_path):
    good = session.state.dataset
    other = another_copy(live_copy, tmp_path / "other")
    changed = recorded(session.state.dataset_changed)
    loaded = recorded(session.loaded)

    with qtbot.waitSignal(session.cancelled, timeout=TIMEOUT_MS) as blocker:
        session.open(other, wait=False)
        session.cancel()

    assert blocker.args == [other, False]
    assert session.state.dataset is good and not changed and not loaded
    assert session.loader is None


def test_a_newer_open_cancels_the_one_still_loading(qtbot, session, live_copy, tmp_path):
    first = another_copy(live_copy, tmp_path / "first")
    second = another_copy(live_copy, tmp_path / "second")
    cancelled = recorded(session.cancelled)

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS) as blocker:
        session.open(first, wait=False)
        session.open(second, wait=False)

    qtbot.waitUntil(lambda: cancelled == [(first, False)], timeout=TIMEOUT_MS)
    assert blocker.args == [second, False]
    assert session.state.dataset.path == second


# -- live reload -----------------------------------------------------------------------------------


def test_saving_the_file_reloads_it(qtbot, session, live_copy):
    changed_on_disk = recorded(session.changed_on_disk)

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS) as blocker:
        rewrite(live_copy, 'title = "Raz turns to acting"', 'title = "Raz turns to the stage"')

    assert blocker.args == [live_copy, True]
    assert changed_on_disk == [(live_copy.resolve(),)]
    assert session.state.dataset.event("raz-turns-to-acting").title == "Raz turns to the stage"
    assert session.state.is_reload


def test_a_large_file_reloads_in_the_background(qtbot, session, live_copy, large_files):
    started = recorded(session.started)

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS) as blocker:
        rewrite(live_copy, 'title = "Raz turns to acting"', 'title = "Raz turns to the stage"')

    assert blocker.args == [live_copy, True]
    assert [reload for _, reload in started] == [True]
    assert session.state.dataset.event("raz-turns-to-acting").title == "Raz turns to the stage"


def test_a_broken_save_fails_and_keeps_the_last_good_dataset_until_fixed(qtbot, session, live_copy):
    good = session.state.dataset
    original = live_copy.read_text(encoding="utf-8")

    with qtbot.waitSignal(session.failed, timeout=TIMEOUT_MS) as blocker:
        rewrite(live_copy, 'when = "1990-10-21"', 'when = "1990-13-21"')

    path, exc, reload = blocker.args
    assert path == live_copy and reload and isinstance(exc, DatasetError)
    assert session.state.dataset is good

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS):
        live_copy.write_text(original, encoding="utf-8")
    assert session.state.dataset is not good


def test_a_save_by_renaming_a_new_file_over_the_old_one_is_followed_every_time(qtbot, session, live_copy):
    for attempt in ("first", "second"):
        text = session.state.dataset.title
        temp = live_copy.with_name(".hit-and-run.toml.swp")
        temp.write_text(live_copy.read_text(encoding="utf-8").replace(f'title = "{text}"', f'title = "{attempt}"', 1),
                        encoding="utf-8")
        with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS):
            os.replace(temp, live_copy)
        assert session.state.dataset.title == attempt


def test_a_deleted_file_is_reported_and_reloads_when_it_comes_back(qtbot, session, live_copy):
    good = session.state.dataset
    text = live_copy.read_text(encoding="utf-8")

    with qtbot.waitSignal(session.disappeared, timeout=TIMEOUT_MS) as blocker:
        live_copy.unlink()
    assert blocker.args == [live_copy.resolve()]
    assert session.state.dataset is good

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS) as blocker:
        live_copy.write_text(text, encoding="utf-8")
    assert blocker.args == [live_copy, True]
    assert session.state.dataset is not good


def test_a_file_moved_away_with_its_folder_reloads_when_the_folder_is_back(qtbot, session, live_copy, tmp_path):
    folder = live_copy.parent
    moved = tmp_path.with_name(tmp_path.name + "-moved")

    with qtbot.waitSignal(session.disappeared, timeout=TIMEOUT_MS):
        folder.rename(moved)
    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS):
        moved.rename(folder)


def test_a_dataset_from_no_file_is_not_watched_and_cannot_be_reloaded(owner, bundled_dataset):
    from viewer.qt.start import empty_dataset

    session = DatasetSession(ViewState(empty_dataset("nothing yet"), owner), owner)
    assert session.path is None and session.watcher.path is None
    assert session.reload() is False


# -- snapshots -------------------------------------------------------------------------------------

SNAPSHOT = Path("sources") / "is-hit-and-run-based-on-a-true-story.txt"
IRIS_QUOTE = "Lior’s girlfriend of 3 years was fatally stabbed in Jerusalem in 1990."


def test_a_snapshot_that_no_longer_holds_a_quote_keeps_the_dataset_and_flags_the_quote(qtbot, session, live_copy):
    good = session.state.dataset
    failed = recorded(session.failed)
    snapshot = live_copy.parent / SNAPSHOT

    with qtbot.waitSignal(session.quotes_went_stale, timeout=TIMEOUT_MS) as blocker:
        rewrite(snapshot, "fatally stabbed", "fatally wounded")

    path, stale = blocker.args
    assert path == live_copy and not failed, "a reload ends in one signal"
    assert stale is session.state.stale_quotes
    assert stale.quotes == {("cinemaholic", IRIS_QUOTE)} and stale.citations == 1
    assert stale.texts == {"cinemaholic": snapshot.read_text(encoding="utf-8")}
    assert session.state.dataset is good

    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS):
        rewrite(snapshot, "fatally wounded", "fatally stabbed")
    assert not session.state.stale_quotes


def test_a_reload_broken_for_other_reasons_fails_but_still_flags_the_stale_quotes(qtbot, session, live_copy):
    rewrite(live_copy, 'when = "1990-10-21"', 'when = "1990-13-21"')
    rewrite(live_copy.parent / SNAPSHOT, "fatally stabbed", "fatally wounded")

    qtbot.waitUntil(lambda: bool(session.state.stale_quotes), timeout=TIMEOUT_MS)
    assert ("cinemaholic", IRIS_QUOTE) in session.state.stale_quotes.quotes


def test_a_snapshot_replaced_by_a_link_out_of_the_folder_is_not_read(session, live_copy, tmp_path):
    from viewer.dataset.read import current_snapshot_texts

    outside = tmp_path.with_name(tmp_path.name + "-outside.txt")
    outside.write_text("secret", encoding="utf-8")
    snapshot = live_copy.parent / SNAPSHOT
    snapshot.unlink()
    snapshot.symlink_to(outside)

    assert current_snapshot_texts(session.state.dataset) == {"cinemaholic": None}
