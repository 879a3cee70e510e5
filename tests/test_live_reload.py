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
    assert "or a snapshot it cites changed on disk" in window.banner.message.text()
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


# -- snapshots: a verified quote never goes stale unnoticed ---------------------------------------

SNAPSHOT = Path("sources") / "is-hit-and-run-based-on-a-true-story.txt"
QUOTE = "fatally stabbed in Jerusalem"
"""Inside the one quote of 'iris-azulai-killed' from the Cinemaholic snapshot."""
FLAGGED_WITHIN_MS = 1000


IRIS_QUOTE = "Lior’s girlfriend of 3 years was fatally stabbed in Jerusalem in 1990."
VERIFIED, STALE = "✔ verified quote", "✖ not found in the current snapshot"


def mark_of(window, quote: str = IRIS_QUOTE) -> str:
    """What the detail panel says under this quote: verified, not found, or nothing."""
    text = window.detail.toPlainText()
    after = text[text.index(quote) + len(quote):] if quote in text else ""
    line = next((l for l in after.splitlines() if "Show in source" in l), "")
    return VERIFIED if VERIFIED in line else STALE if STALE in line else line


def test_editing_a_snapshot_flags_its_quote_within_a_second_and_restoring_it_verifies_it_again(qtbot, live_window,
                                                                                                live_copy):
    window = live_window
    window.state.select("iris-azulai-killed")
    good = window.state.dataset
    snapshot = live_copy.parent / SNAPSHOT
    original = snapshot.read_text(encoding="utf-8")
    assert mark_of(window) == VERIFIED

    rewrite(snapshot, QUOTE, "fatally wounded in Jerusalem")

    qtbot.waitUntil(lambda: mark_of(window) == STALE, timeout=FLAGGED_WITHIN_MS)
    assert window.state.dataset is good, "the last good data stays shown"
    assert window.banner.isVisible()
    banner = window.banner.message.text()
    assert good.sources["cinemaholic"].citation_line in banner and SNAPSHOT.name in banner
    assert IRIS_QUOTE in banner
    assert "not found in the current snapshot" in window.sources_line.text()
    # the overview counts the quotes as the status bar does: a stale one is not 'verified'
    stale = window.state.stale_quotes.citations
    window.state.select(None)
    overview = window.detail.toPlainText()
    assert f"{good.quotes_verified - stale} verified quote" in overview
    assert f"{stale} not found in the current snapshot" in overview
    window.state.select("iris-azulai-killed")

    snapshot.write_text(original, encoding="utf-8")

    qtbot.waitUntil(lambda: mark_of(window) == VERIFIED, timeout=TIMEOUT_MS)
    assert not window.banner.isVisible()
    assert not window.state.stale_quotes


def test_show_in_source_shows_the_current_snapshot_not_the_verified_one_once_it_changed(qtbot, live_window, live_copy):
    window = live_window
    snapshot = live_copy.parent / SNAPSHOT
    rewrite(snapshot, QUOTE, "fatally wounded in Jerusalem")
    qtbot.waitUntil(lambda: bool(window.state.stale_quotes), timeout=TIMEOUT_MS)

    citation = window.state.dataset.event("iris-azulai-killed").citations[0]
    window.show_source(citation)
    viewer = window.source_viewer
    try:
        assert viewer.text_view.toPlainText() == snapshot.read_text(encoding="utf-8")
        assert QUOTE not in viewer.text_view.toPlainText()
        assert viewer.highlighted_text() == ""
        assert "changed on disk" in viewer.heading.text() and "not found" in viewer.heading.text()
    finally:
        viewer.close()


def test_a_quote_still_in_the_changed_snapshot_is_shown_where_it_is_now(qtbot, live_window, live_copy):
    window = live_window
    snapshot = live_copy.parent / SNAPSHOT
    # a line added at the top moves every quote, and one quote breaks, so the reload fails
    snapshot.write_text("A new first line.\n" + snapshot.read_text(encoding="utf-8").replace(QUOTE, "fatally hurt", 1),
                        encoding="utf-8")
    qtbot.waitUntil(lambda: bool(window.state.stale_quotes), timeout=TIMEOUT_MS)

    quote = "Parts of the show seem like outright fiction"
    citation = next(c for c in window.state.dataset.all_citations() if c.quote == quote)
    window.show_source(citation)
    viewer = window.source_viewer
    try:
        assert viewer.highlighted_text() == quote
        assert viewer.text_view.toPlainText().startswith("A new first line.")
    finally:
        viewer.close()


def test_a_deleted_snapshot_flags_every_quote_from_it_and_the_banner_names_the_file(qtbot, live_window, live_copy):
    window = live_window
    window.state.select("iris-azulai-killed")
    snapshot = live_copy.parent / SNAPSHOT
    text = snapshot.read_text(encoding="utf-8")

    snapshot.unlink()

    qtbot.waitUntil(lambda: mark_of(window) == STALE, timeout=TIMEOUT_MS)
    assert all(mark_of(window, c.quote) == STALE for c in window.state.dataset.event("iris-azulai-killed").citations
               if c.quote)
    assert window.banner.isVisible() and SNAPSHOT.name in window.banner.message.text()
    assert window.state.stale_quotes.texts == {"cinemaholic": None}

    snapshot.write_text(text, encoding="utf-8")
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=TIMEOUT_MS)
    assert mark_of(window) == VERIFIED


def test_deleting_the_dataset_file_shows_a_banner_keeps_the_data_and_recovers_when_it_is_back(qtbot, live_window,
                                                                                              live_copy):
    window = live_window
    window.state.select("iris-azulai-killed")
    good = window.state.dataset
    text = live_copy.read_text(encoding="utf-8")

    live_copy.unlink()

    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=TIMEOUT_MS)
    assert live_copy.name in window.banner.message.text() and "deleted or moved" in window.banner.message.text()
    assert window.state.dataset is good and window.state.selected == "iris-azulai-killed"

    live_copy.write_text(text.replace('title = "Raz turns to acting"', 'title = "Back again"', 1), encoding="utf-8")

    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=TIMEOUT_MS)
    assert window.state.dataset is not good
    assert window.state.dataset.event("raz-turns-to-acting").title == "Back again"
    assert window.state.selected == "iris-azulai-killed"


def test_a_dataset_file_moved_away_and_back_recovers_too(qtbot, live_window, live_copy, tmp_path):
    window = live_window
    elsewhere = tmp_path / "elsewhere.toml"

    os.replace(live_copy, elsewhere)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=TIMEOUT_MS)
    os.replace(elsewhere, live_copy)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=TIMEOUT_MS)
