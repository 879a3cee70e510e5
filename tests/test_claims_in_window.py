"""Disputed and inferred events on the timeline and in the legend; verdicts explained and listed.
pytest-qt on the real window, offscreen."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QUrl
from PySide6.QtGui import QTextDocument

from conftest import a_calendar_event, a_dataset_with, a_plot_point, settle, write_dataset
from test_detail_panel import links_in
from viewer.core.claims import DISPUTED, DISPUTED_MEANING, INFERRED
from viewer.core.model import Verdict
from viewer.core.search import search_events
from viewer.dataset.load import load_dataset


def tooltip_of(widget) -> str:
    """A widget's tooltip as the reader sees it (tooltips are set as escaped rich text)."""
    document = QTextDocument()
    document.setHtml(widget.toolTip())
    return " ".join(document.toPlainText().split())


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_a_verdict_click_lists_its_plot_points_each_a_link_that_selects_it(window, qtbot):
    dataset = window.state.dataset
    window.verdicts.buttons[Verdict.INVENTED].click()
    settle(qtbot)
    expected = search_events(dataset, "verdict:invented")
    text = window.detail.toPlainText()
    assert Verdict.INVENTED.meaning in text and f"{len(expected)} plot points" in text
    assert [h for h in links_in(window.detail) if h.startswith("event:")] == [f"event:{i}" for i in expected]
    window.detail.anchorClicked.emit(QUrl(f"event:{expected[3]}"))
    settle(qtbot)
    assert window.state.selected == expected[3]
    assert window.state.highlighted == set(expected), "the verdict stays highlighted while reading one"


def test_clicking_the_active_verdict_again_returns_the_panel_to_the_overview(window, qtbot):
    window.verdicts.buttons[Verdict.INSPIRED].click()
    window.verdicts.buttons[Verdict.INSPIRED].click()
    settle(qtbot)
    assert window.state.highlighted == frozenset()
    assert window.state.dataset.title in window.detail.toPlainText()


def test_each_verdict_and_mark_says_what_it_means_in_its_tooltip_and_the_overview(window):
    for verdict in Verdict:
        assert verdict.meaning in tooltip_of(window.verdicts.buttons[verdict])
    assert DISPUTED_MEANING in tooltip_of(window.verdicts.buttons[DISPUTED])
    overview = window.detail.toPlainText()
    counts = window.state.dataset.verdict_counts()
    assert all(v.meaning in overview for v in Verdict if counts[v])


def test_the_disputed_and_inferred_buttons_highlight_and_list_those_events(window, qtbot):
    dataset = window.state.dataset
    for kind, query in ((DISPUTED, "is:disputed"), (INFERRED, "is:inferred")):
        expected = search_events(dataset, query)
        button = window.verdicts.buttons[kind]
        assert button.isVisible() and button.text() == f"{kind} {len(expected)}"
        button.click()
        settle(qtbot)
        assert window.state.highlighted == set(expected)
        assert [h for h in links_in(window.detail) if h.startswith("event:")] == [f"event:{i}" for i in expected]
    window.verdicts.buttons[Verdict.INVENTED].click()
    assert not window.verdicts.buttons[INFERRED].isChecked(), "one filter at a time"


def test_search_syntax_in_the_box_highlights_and_an_unknown_filter_says_so(window, qtbot):
    box = window.search
    box.field.setText("is:disputed")
    settle(qtbot)
    assert window.state.highlighted == set(search_events(window.state.dataset, "is:disputed"))
    box.field.setText("is:perhaps")
    settle(qtbot)
    assert box.count.text() == "unknown filter" and "is:disputed" in tooltip_of(box.count)
    assert "is:disputed" in tooltip_of(box.field)


def test_a_disputed_event_carries_a_badge_and_a_plain_one_none(make_window, qtbot, tmp_path):
    events = [a_calendar_event("plain", "1980", title="Plain"),
              a_calendar_event("argued", "1990", title="Argued", disputed="Sources differ."),
              a_calendar_event("guessed", "2000", title="Guessed", inference="Our reading."),
              a_plot_point("scene", episode=1, verdict="invented", title="Scene")]
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))), size=(1400, 800))
    settle(qtbot)
    view, pane = window.timeline, window.timeline.calendar
    theme = window.state.theme
    red = hex_rgb(theme.disputed)

    def badge_near(event_id: str) -> bool:
        """The badge's red anywhere over the event's mark (its marker, band or bar) or just above it."""
        lane = pane.item.lanes()[0]
        mark = lane.mark_of[lane.columns.index_of[event_id]]
        y = lane.row_centre(mark.row)
        image = view.viewport().grab().toImage()
        for x in range(int(mark.x0), int(mark.x1) + 1, 2):
            for dy in range(-12, 4):
                point = view.mapFromScene(QPointF(x, y + dy))
                colour = image.pixelColor(point.x(), point.y()).getRgb()[:3]
                if max(abs(a - b) for a, b in zip(colour, red)) < 40:
                    return True
        return False

    assert badge_near("argued") and not badge_near("plain") and not badge_near("guessed")
