"""The main window, offscreen: opening datasets, errors, legend, verdicts, keyboard, settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QApplication

from conftest import BUNDLED, a_calendar_event, a_dataset_with, settle, write_dataset
from viewer.dataset.load import load_dataset
from viewer.core.model import AxisKind, Verdict


def test_window_opens_on_the_bundled_dataset_and_represents_every_event(window):
    dataset = window.state.dataset
    assert window.isVisible()
    assert dataset.title in window.windowTitle()
    for event in dataset.events:
        anchor = window.timeline.pane_for(event.id).item.anchor(event.id)
        assert anchor is not None, f"{event.id} is not drawn"
        assert anchor[2], f"{event.id} is off screen after fit all"


def test_every_event_is_in_exactly_one_mark_after_fit_all(window):
    dataset = window.state.dataset
    drawn: list[str] = []
    for pane in window.timeline.panes:
        for lane in pane.item.lanes():
            for mark in lane.marks:
                drawn.extend(lane.columns.ids[int(i)] for i in mark.members)
    assert sorted(drawn) == sorted(e.id for e in dataset.events)


def test_calendar_and_narrative_events_go_to_their_own_panes(window):
    dataset = window.state.dataset
    for event in dataset.events:
        axis = dataset.track(event.track_id).axis
        pane = window.timeline.pane_for(event.id)
        assert pane is (window.timeline.narrative if axis is AxisKind.NARRATIVE else window.timeline.calendar)


# -- opening files -----------------------------------------------------------------------------


def test_opening_a_broken_toml_file_shows_an_error_and_keeps_the_dataset(window, tmp_path):
    before = window.state.dataset
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "factline/1"\ntitle = "unterminated\n[[events]\n', encoding="utf-8")

    assert window.open_path(broken) is False

    assert window.state.dataset is before
    assert window.last_error_box.isVisible()
    assert "broken.toml" in window.last_error_box.text() or "broken.toml" in window.last_error_box.windowTitle()
    assert "broken.toml" in window.statusBar().currentMessage()
    assert before.title in window.windowTitle()
    window.last_error_box.close()


def test_opening_a_dataset_with_invalid_fields_names_the_problem_and_keeps_the_dataset(window, tmp_path):
    before = window.state.dataset
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event(id="bad-date", when="1990-13")]),
                         name="bad.toml")

    assert window.open_path(path) is False

    assert window.state.dataset is before
    details = window.last_error_box.detailedText()
    assert "bad-date" in details and "1990-13" in details
    window.last_error_box.close()


def test_opening_a_missing_file_shows_an_error_and_keeps_the_dataset(window, tmp_path):
    before = window.state.dataset
    assert window.open_path(tmp_path / "nowhere.toml") is False
    assert window.state.dataset is before
    assert window.last_error_box.isVisible()
    window.last_error_box.close()


def test_opening_a_valid_file_replaces_the_dataset_and_redraws(window, tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(title="Small one"), name="small.toml")
    assert window.open_path(path) is True
    assert window.state.dataset.title == "Small one"
    assert "Small one" in window.windowTitle()
    assert window.timeline.calendar.item.anchor("iris-killed") is not None
    assert window.timeline.calendar.item.anchor("iris-azulai-killed") is None


# -- legend, verdicts, keyboard ------------------------------------------------------------------


def test_legend_toggle_hides_and_shows_a_tracks_lane(window, qtbot):
    item = window.timeline.calendar.item
    assert "making-of" in [lane.columns.track_id for lane in item.lanes()]

    window.legend.buttons["making-of"].click()
    settle(qtbot)

    assert "making-of" in window.state.hidden_tracks
    assert [lane.columns.track_id for lane in item.lanes()] == ["real-life"]
    assert item.anchor("fauda-premiere") is None

    window.legend.buttons["making-of"].click()
    settle(qtbot)
    assert "making-of" in [lane.columns.track_id for lane in item.lanes()]
    assert item.anchor("fauda-premiere") is not None


def test_verdict_click_highlights_exactly_the_plot_points_with_that_verdict(window):
    dataset = window.state.dataset
    counts = dataset.verdict_counts()
    verdict = max(Verdict, key=lambda v: counts[v])
    assert counts[verdict] > 0

    window.verdicts.buttons[verdict].click()
    expected = {e.id for e in dataset.plot_points if e.verdict is verdict}
    assert window.state.highlighted == expected

    other = next(v for v in Verdict if v is not verdict and counts[v] > 0)
    window.verdicts.buttons[other].click()
    assert window.state.highlighted == {e.id for e in dataset.plot_points if e.verdict is other}
    assert not window.verdicts.buttons[verdict].isChecked()

    window.verdicts.buttons[other].click()  # clicking the active verdict again clears it
    assert window.state.highlighted == frozenset()


def test_verdict_summary_counts_add_up_to_the_plot_points(window):
    dataset = window.state.dataset
    shown = [b.text() for v, b in window.verdicts.buttons.items() if isinstance(v, Verdict) and not b.isHidden()]
    total = sum(int(text.rsplit(" (", 1)[0].rsplit(" ", 1)[1]) for text in shown)
    assert total == len(dataset.plot_points)


def _activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    settle(qtbot)


def test_down_and_up_step_the_selection_in_time_order(window, qtbot):
    _activate(window, qtbot)
    dataset = window.state.dataset
    seen = []
    for _ in range(len(dataset.events)):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
        seen.append(window.state.selected)
    assert sorted(seen) == sorted(e.id for e in dataset.events), "Down visits every event once"
    events = [dataset.event(i) for i in seen]
    calendar = [e for e in events if dataset.track(e.track_id).axis is AxisKind.CALENDAR]
    narrative = [e for e in events if dataset.track(e.track_id).axis is AxisKind.NARRATIVE]
    assert events == calendar + narrative, "real events first, then the plot"
    assert [e.start for e in calendar] == sorted(e.start for e in calendar)
    assert [e.start for e in narrative] == sorted(e.start for e in narrative)

    qtbot.keyClick(window.timeline, Qt.Key.Key_Up)
    assert window.state.selected == seen[-2]
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    assert window.state.selected == seen[-1]
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    assert window.state.selected == seen[0], "Down wraps around"


def test_escape_clears_the_selection(window, qtbot):
    _activate(window, qtbot)
    window.state.select("iris-azulai-killed")
    qtbot.keyClick(window.timeline, Qt.Key.Key_Escape)
    assert window.state.selected is None
    assert window.state.dataset.title in window.detail.toPlainText()  # back to the overview


def test_stepping_skips_events_on_hidden_tracks(window, qtbot):
    _activate(window, qtbot)
    window.legend.buttons["making-of"].click()
    window.timeline.setFocus()
    dataset = window.state.dataset
    for _ in range(len(dataset.events)):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
        assert dataset.event(window.state.selected).track_id != "making-of"


# -- settings -----------------------------------------------------------------------------------


def test_opening_a_file_adds_it_to_recent_files_in_settings(window, settings, tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(title="Recent one"), name="recent.toml")
    assert window.open_path(path)
    assert window.open_path(BUNDLED)

    settings.sync()
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    recent = reread.value("recent")
    recent = [recent] if isinstance(recent, str) else list(recent)
    assert recent[:2] == [str(BUNDLED.resolve()), str(path.resolve())]
    names = [a.text() for a in window.recent_menu.actions()]
    assert names[:2] == [BUNDLED.name, "recent.toml"]

    window.recent_menu.actions()[1].trigger()  # reopening from the menu works
    assert window.state.dataset.title == "Recent one"


def test_a_file_that_failed_to_open_is_not_added_to_recent_files(window, settings, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("not = [valid", encoding="utf-8")
    window.open_path(broken)
    window.last_error_box.close()
    assert str(broken.resolve()) not in window.recent_files()


def test_closing_saves_geometry_and_splitter_sizes_to_settings(make_window, settings, qtbot):
    window = make_window(size=(1300, 800))
    window.splitter.setSizes([700, 550])
    settle(qtbot)
    window.close()

    settings.sync()
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    for key in ("geometry", "splitter"):
        value = reread.value(key)
        assert isinstance(value, QByteArray) and not value.isEmpty(), key


def test_a_new_window_restores_size_from_settings_without_being_resized(qtbot, settings, bundled_dataset):
    from viewer.qt.main_window import MainWindow

    first = MainWindow(bundled_dataset, settings=settings)
    qtbot.addWidget(first)
    # the offscreen screen is 800x800 and restoreGeometry clamps to it: stay inside it where we can
    width = first.minimumSizeHint().width()
    first.resize(width, 640)
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([800, 400])
    settle(qtbot)
    sizes = first.splitter.sizes()
    width = first.width()  # what was saved: the window may have grown to its minimum once shown
    first.close()

    second = MainWindow(bundled_dataset, settings=settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    settle(qtbot)
    # the offscreen platform's fake window frame may shift the restored height by a few pixels
    assert second.width() == width and abs(second.height() - 640) <= 4
    assert second.splitter.sizes() == sizes


def test_the_app_style_palette_survives_a_theme_round_trip(window):
    window.theme_menu.switch_action.trigger()
    assert window.state.theme.name == "dark"
    assert window.settings.value("theme-choice") == "dark"
    window.theme_menu.switch_action.trigger()
    assert window.state.theme.name == "light"
    assert QApplication.instance() is not None


def test_loading_the_same_file_twice_keeps_one_recent_entry(window):
    window.open_path(BUNDLED)
    window.open_path(BUNDLED)
    assert window.recent_files().count(str(BUNDLED.resolve())) == 1
    assert load_dataset(BUNDLED).title == window.state.dataset.title


def test_a_pane_whose_tracks_are_all_hidden_says_so_instead_of_standing_blank(window, qtbot):
    from PySide6.QtGui import QColor

    view = window.timeline
    for track in ("real-life", "making-of"):
        window.legend.buttons[track].click()
    settle(qtbot)
    item = view.calendar.item
    assert item.lanes() == []
    image = view.viewport().grab().toImage()
    area = view.mapFromScene(item.scene_rect()).boundingRect().intersected(view.viewport().rect())
    background = QColor(window.state.theme.background).rgb()
    middle = area.center().y()
    inked = sum(image.pixel(x, y) != background for x in range(area.left(), area.right())
                for y in range(middle - 8, middle + 8))
    assert inked > 200, "a line of text in the middle of the emptied pane"
    window.legend.buttons["making-of"].click()  # one back: its lane, no note
    settle(qtbot)
    assert len(item.lanes()) == 1
