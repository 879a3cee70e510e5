"""Counts the app shows, for one thing and for 1,234: the noun agrees ("1 link", not "1 links")
and big numbers have thousands separators, in the detail panel, the window and its messages."""

from __future__ import annotations

import pytest

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, settle, write_dataset
from viewer.core.detail_html import events_list_html, overview_html
from viewer.core.quotes import QuoteHint
from viewer.core.theme import LIGHT
from viewer.dataset.errors import MAX_PROBLEMS_LISTED, DatasetError, Problem
from viewer.dataset.load import load_dataset
from viewer.qt.widgets.help import about_html


def a_dataset_of(n: int, folder):
    """``n`` quoted real events, ``n`` plot points (paraphrased), a link from each plot point."""
    events = [a_calendar_event(id=f"e{i}", when="1990-10-21") for i in range(n)]
    points = [a_plot_point(id=f"p{i}", episode=1 + i % 3) for i in range(n)]
    links = [{"from": f"p{i}", "to": f"e{i}", "type": "inspired-by"} for i in range(n)]
    return load_dataset(write_dataset(folder, a_dataset_with(events=events + points, links=links)))


@pytest.fixture(scope="module", params=[1, 1234], ids=["one", "1234"])
def counted(request, tmp_path_factory):
    n = request.param
    return n, a_dataset_of(n, tmp_path_factory.mktemp(f"counts{n}"))


def words_for(n: int, singular: str, plural: str) -> str:
    return f"1 {singular}" if n == 1 else f"{n:,} {plural}"


def test_the_overview_counts_events_plot_points_links_and_quotes(counted):
    n, dataset = counted
    html = overview_html(dataset, LIGHT)
    expected = " · ".join(words_for(n, s, p) for s, p in (("real-world event", "real-world events"),
                                                          ("plot point", "plot points"), ("link", "links"),
                                                          ("verified quote", "verified quotes")))
    assert f"<p>{expected}</p>" in html


def test_a_list_of_events_no_zoom_can_spread_is_counted(counted):
    n, dataset = counted
    ids = [f"e{i}" for i in range(n)]
    assert f">{words_for(n, 'event', 'events')} in Real life</h2>" in events_list_html(dataset, ids, LIGHT)


def test_the_status_line_and_the_opened_message(counted, make_window, qtbot):
    n, dataset = counted
    window = make_window(dataset)
    line = window.sources_line.text()
    assert line.startswith(f"{2 * n:,} events · {words_for(n, 'link', 'links')} · {words_for(n, 'quote', 'quotes')} verified")
    window.open_path(dataset.path)
    assert window.statusBar().currentMessage().endswith(
        f": {2 * n:,} events, {words_for(n, 'verified quote', 'verified quotes')}")


def test_the_search_counts_its_matches(counted, make_window, qtbot):
    n, dataset = counted
    window = make_window(dataset)
    window.search.field.setText("Event e")  # every real event's title, and nothing else
    settle(qtbot, 1)
    assert window.search.count.text() == words_for(n, "match", "matches")


def test_the_about_box_counts_the_sources(tmp_path):
    dataset = a_dataset_of(1, tmp_path)
    assert "cites 1 source;" in about_html(dataset)


def test_an_error_box_counts_its_problems(window):
    window.show_error("Could not open broken.toml", "broken.toml: one thing", 1)
    assert "broken.toml. 1 problem found;" in window.last_error_box.text()
    assert "1 problem;" in window.statusBar().currentMessage()
    window.last_error_box.close()
    window.show_error("Could not open broken.toml", "broken.toml: many things", 1234)
    assert "1,234 problems found;" in window.last_error_box.text()
    window.last_error_box.close()


def test_problems_beyond_the_listed_ones_are_counted():
    problems = [Problem("f.toml", f"event #{i}", "when", "is wrong") for i in range(MAX_PROBLEMS_LISTED + 1)]
    assert str(DatasetError(problems)).endswith("… and 1 more problem")
    many = [Problem("f.toml", f"event #{i}", "when", "is wrong") for i in range(MAX_PROBLEMS_LISTED + 1234)]
    assert str(DatasetError(many)).endswith("… and 1,234 more problems")


def test_differences_beyond_the_ones_described_are_counted():
    hint = QuoteHint(90.0, (0, 10), "a b c d e", tuple((f"q{i}", f"s{i}") for i in range(4)))
    assert hint.describe(limit=3).endswith("and 1 more difference")
    hint = QuoteHint(90.0, (0, 10), "a b c d e", tuple((f"q{i}", f"s{i}") for i in range(3 + 1234)))
    assert hint.describe(limit=3).endswith("and 1,234 more differences")


def test_a_count_box_tooltip_and_a_quoted_dataset_agree_in_number(tmp_path, make_window):
    events = [a_calendar_event(id=f"e{i}", when="1990-10-21", citations=[a_citation()]) for i in range(1234)]
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))))
    pane = window.timeline.calendar.item
    lane = pane.lanes()[0]
    boxes = [m for m in lane.marks if m.count > 1]
    assert boxes and all(pane.tooltip_for(lane, m).startswith(f"{m.count:,} events in Real life") for m in boxes)
    assert any(m.count >= 1000 for m in boxes) or sum(m.count for m in boxes) > 1000
