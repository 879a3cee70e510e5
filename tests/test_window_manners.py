"""Small desktop manners: stepping through events keeps the view, Esc clears the search first, dialogs say what they show."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QPalette

from conftest import settle
from viewer.qt.palette import dark_palette
from viewer.qt.widgets.source_viewer import SourceViewer


def test_stepping_to_an_event_already_in_view_does_not_move_the_view(qtbot, window):
    before = [pane.x_range() for pane in window.timeline.panes]
    window.next_action.trigger()
    settle(qtbot)
    assert window.state.selected is not None
    assert [pane.x_range() for pane in window.timeline.panes] == before


def test_stepping_to_an_event_out_of_view_brings_it_into_view(qtbot, window):
    window.timeline.calendar.set_x_range(0.0, 30.0)  # January 1970: before every event
    window.state.select(None)
    window.next_action.trigger()
    settle(qtbot)
    selected = window.state.selected
    lo, hi = window.timeline.pane_for(selected).x_range()
    event = window.state.dataset.event(selected)
    assert lo <= event.start <= hi


def test_escape_in_the_search_field_clears_the_search_before_the_selection(qtbot, window):
    window.state.select("iris-azulai-killed")
    window.search.field.setFocus()
    window.search.field.setText("Unit 217")
    assert window.state.highlighted
    window.clear_action.trigger()
    assert window.search.field.text() == ""
    assert not window.state.highlighted
    assert window.state.selected == "iris-azulai-killed"
    window.clear_action.trigger()
    assert window.state.selected is None


def test_the_source_viewer_names_the_source_above_its_text(qtbot):
    viewer = SourceViewer("An article — A publisher, 2021", "Some stored text.", (5, 11))
    qtbot.addWidget(viewer)
    assert viewer.heading.text().startswith("An article — A publisher, 2021")
    assert viewer.highlighted_text() == "stored"


def test_the_dark_palette_gives_frames_and_indicators_a_visible_contrast():
    palette = dark_palette()
    window = palette.color(QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.Light, QPalette.ColorRole.Mid, QPalette.ColorRole.Text):
        assert abs(palette.color(role).lightness() - window.lightness()) >= 20, role


def test_panning_keeps_every_event_in_its_row(qtbot, window):
    pane = window.timeline.calendar
    width = 15 * 365.0
    start = (int(7000 / width) + 0.1) * width  # inside one snap cell of the layout window

    def rows() -> dict[str, int]:
        found = {}
        for lane in pane.item.lanes():
            for mark in lane.marks:
                for i in mark.members:
                    found[lane.columns.ids[int(i)]] = mark.row
        return found

    pane.set_x_range(start, start + width)
    settle(qtbot)
    before = rows()
    assert len(before) >= 5
    for step in range(1, 6):
        pane.set_x_range(start + step * 0.05 * width, start + width + step * 0.05 * width)
        settle(qtbot)
        after = rows()
        assert {k: after[k] for k in before if k in after} == {k: before[k] for k in before if k in after}


def test_escape_in_the_search_field_hands_the_keys_back_to_the_timeline(qtbot, window):
    window.activateWindow()
    window.search.field.setFocus()
    qtbot.waitUntil(window.search.field.hasFocus, timeout=2000)
    window.search.field.setText("loss")
    window.clear_action.trigger()
    qtbot.waitUntil(window.timeline.hasFocus, timeout=2000)


def test_a_hidden_track_and_an_active_verdict_read_differently_from_their_neighbours(qtbot, window):
    button = window.legend.buttons["real-life"]
    button.click()  # hide
    assert button.font().strikeOut()
    button.click()  # show again
    assert not button.font().strikeOut()
    verdict = next(b for b in window.verdicts.buttons.values() if b.isVisible())
    verdict.click()
    assert verdict.font().bold()
    assert not any(b.font().bold() for b in window.verdicts.buttons.values() if b is not verdict)


def test_a_link_to_a_long_bar_bends_into_it_near_its_end_nearer_the_real_event(qtbot, window):
    from viewer.scene.links import BAR_END_INSET

    ends = {(f, t): (a, b) for f, t, a, b, *_ in window.timeline.links.ends()}
    bars = [(key, a, b) for key, (a, b) in ends.items()
            if window.state.dataset.event(key[0]).is_interval]  # plot points spanning episodes
    assert bars, "the bundled dataset links season-long plot points to real events"
    item = window.timeline.narrative.item
    rect = item.scene_rect()
    for (from_id, _), (xa, _), (xb, _) in bars:
        columns = window.state.columns[window.state.dataset.event(from_id).track_id]
        i = columns.index_of[from_id]
        lo = max(item.pixels(float(columns.start[i])), rect.left())
        hi = min(item.pixels(float(columns.end[i])), rect.right())
        inset = min(BAR_END_INSET, (hi - lo) / 4)
        nearer = lo + inset if abs(xb - lo) <= abs(xb - hi) else hi - inset
        assert xa == pytest.approx(nearer), "not a vertical line from wherever the real event is"


def test_highlighting_a_verdict_does_not_make_the_bar_above_the_timeline_jump(window, qtbot):
    """The highlighted verdict's label turns bold; its button had room for that from the start,
    so the buttons do not wrap onto another line and the timeline does not move."""
    from conftest import settle

    from viewer.core.model import Verdict

    top = window.timeline.mapTo(window, window.timeline.rect().topLeft()).y()
    widths = {v: b.width() for v, b in window.verdicts.buttons.items()}
    window.verdicts.buttons[Verdict.INVENTED].click()
    settle(qtbot)
    assert window.verdicts.buttons[Verdict.INVENTED].font().bold(), "the highlighted verdict reads bold"
    assert window.timeline.mapTo(window, window.timeline.rect().topLeft()).y() == top
    assert {v: b.width() for v, b in window.verdicts.buttons.items()} == widths


def test_on_a_small_window_the_verdicts_go_under_the_legend_rather_than_one_a_line(make_window):
    def button_lines(window) -> int:
        """How many rows of buttons the legend and the verdict summary take."""
        buttons = [*window.legend.buttons.values(), *window.verdicts.buttons.values()]
        return len({b.mapTo(window, b.rect().topLeft()).y() for b in buttons if b.isVisible()})

    small = make_window(size=(800, 500))
    header = small.legend.parentWidget()
    # side by side, the verdicts had what the legend left them: one button a line, four lines
    assert not header.side_by_side(header.width())
    assert small.verdicts.geometry().top() >= small.legend.geometry().bottom()  # below it, full width
    assert button_lines(small) <= 3

    wide = make_window(size=(1500, 850))  # room for both on one line: side by side
    header = wide.legend.parentWidget()
    assert header.side_by_side(header.width())
    assert button_lines(wide) == 1
