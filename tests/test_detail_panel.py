"""The detail panel, search and the source viewer: what a reader sees after clicking an event."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl

from conftest import (
    SNAPSHOT_TEXT,
    a_calendar_event,
    a_citation,
    a_dataset_with,
    a_plot_point,
    settle,
    write_dataset,
)
from viewer.dataset.load import load_dataset
from viewer.qt.widgets.source_viewer import SourceViewer
from viewer.core.search import search_events


def only_in_one_quote(dataset) -> tuple[str, str]:
    """(word, event id): a word found in exactly one event's quote and in no title or summary."""
    elsewhere = " ".join(f"{e.title} {e.summary or ''}" for e in dataset.events).casefold()
    for event in dataset.events:
        for citation in event.citations:
            for word in re.findall(r"[A-Za-z]{6,}", citation.quote or ""):
                word = word.casefold()
                if word not in elsewhere and search_events(dataset, word) == [event.id]:
                    return word, event.id
    raise AssertionError("no word is unique to one quote")


def links_in(browser) -> list[str]:
    """Every link target in a QTextBrowser's document."""
    hrefs = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href and href not in hrefs:
                hrefs.append(href)
            it += 1
        block = block.next()
    return hrefs


# -- what the panel shows --------------------------------------------------------------------------


def test_the_panel_shows_an_event_with_its_date_quotes_sources_and_links(window):
    dataset = window.state.dataset
    window.state.select("iris-azulai-killed")
    text = window.detail.toPlainText()
    event = dataset.event("iris-azulai-killed")
    assert event.title in text
    assert "21 October 1990" in text
    assert "Real life" in text
    for citation in event.citations:
        assert dataset.sources[citation.source_id].title in text
        assert (citation.quote or citation.note) in text
    assert "verified quote" in text
    for link in dataset.links_of(event.id):
        other = link.from_id if link.to_id == event.id else link.to_id
        assert dataset.event(other).title in text
        assert f"event:{other}" in links_in(window.detail)


def test_a_plot_point_shows_its_verdict_and_episode(window):
    dataset = window.state.dataset
    point = next(e for e in dataset.plot_points if e.verdict is not None)
    window.state.select(point.id)
    text = window.detail.toPlainText()
    assert point.verdict.label in text
    assert f"Episode {point.narrative.episode}" in text


def test_a_disputed_event_says_so(window):
    dataset = window.state.dataset
    event = next(e for e in dataset.events if e.disputed)
    window.state.select(event.id)
    text = window.detail.toPlainText()
    assert "Disputed." in text
    assert event.disputed in text


def test_nothing_selected_shows_the_overview_with_every_source(window):
    window.state.select(None)
    text = window.detail.toPlainText()
    dataset = window.state.dataset
    assert dataset.title in text
    for source in dataset.sources.values():
        assert source.title in text


def test_text_from_a_dataset_is_shown_literally_never_as_markup(make_window, tmp_path):
    title = "<img src=x onerror=alert(1)>"
    summary = "<a href=file:///etc/passwd>x</a>"
    note = "<script>alert('note')</script> & <b>bold</b>"
    data = a_dataset_with(
        events=[a_calendar_event(id="hostile", title=title, summary=summary, people=["<i>Ann</i>"],
                                 citations=[a_citation(), a_citation(quote=None, note=note)])],
        sources=[{"id": "article", "title": "<u>The article</u>", "publisher": "A & B",
                  "url": "https://example.org/a?b=\"><script>x</script>", "snapshot": "article.txt"}],
    )
    window = make_window(load_dataset(write_dataset(tmp_path, data, name="hostile.toml")))
    window.state.select("hostile")
    text = window.detail.toPlainText()
    for literal in (title, summary, note, "<i>Ann</i>", "<u>The article</u>", "A & B"):
        assert literal in text
    hrefs = links_in(window.detail)
    assert not any(h.startswith(("file:", "javascript:")) for h in hrefs), hrefs
    assert 'https://example.org/a?b="><script>x</script>' in hrefs, "the URL stays one intact link"
    window.state.select(None)
    assert not any(h.startswith(("file:", "javascript:")) for h in links_in(window.detail))


def test_only_http_source_urls_become_links(make_window, tmp_path):
    data = a_dataset_with(sources=[
        {"id": "article", "title": "The article", "url": "https://example.org/a", "snapshot": "article.txt"},
    ])
    window = make_window(load_dataset(write_dataset(tmp_path, data)))
    window.state.select("iris-killed")
    assert "https://example.org/a" in links_in(window.detail)


# -- linked events and "show in source" -------------------------------------------------------------


def test_a_linked_event_link_selects_it_and_moves_the_view_only_when_it_is_out_of_view(window, qtbot):
    view = window.timeline
    window.state.select("iris-azulai-killed")
    target = next(h for h in links_in(window.detail) if h.startswith("event:"))[len("event:"):]
    pane = view.pane_for(target)
    before = pane.x_range()
    window.detail.anchorClicked.emit(QUrl(f"event:{target}"))
    settle(qtbot)
    assert window.state.selected == target and pane.x_range() == before, "in view already: the view stays"

    calendar = view.calendar
    calendar.set_x_range(0.0, 400.0)  # 1970: Iris Azulai's death (1990) is out of view
    window.detail.anchorClicked.emit(QUrl("event:iris-azulai-killed"))
    settle(qtbot)
    lo, hi = calendar.x_range()
    assert window.state.selected == "iris-azulai-killed"
    assert lo <= window.state.dataset.event("iris-azulai-killed").start <= hi


def test_a_show_in_source_link_opens_the_source_with_exactly_the_quote_highlighted(window, qtbot):
    dataset = window.state.dataset
    window.state.select("iris-azulai-killed")
    citation = next(c for c in dataset.event("iris-azulai-killed").citations if c.quote)
    source = dataset.sources[citation.source_id]
    href = next(h for h in links_in(window.detail) if h.startswith("source:"))

    window.detail.anchorClicked.emit(QUrl(href))
    settle(qtbot)

    viewer = window.source_viewer
    assert viewer.isVisible()
    assert source.title in viewer.windowTitle()
    start, end = citation.span
    assert viewer.highlighted_text() == source.text[start:end].replace("\n", "\u2029")
    assert viewer.text_view.toPlainText() == source.text
    # scrolled so the passage is on screen
    rect = viewer.text_view.cursorRect(viewer.text_view.textCursor())
    assert viewer.text_view.viewport().rect().intersects(rect)
    viewer.close()


def test_every_verified_quote_highlights_its_own_span(window, qtbot):
    dataset = window.state.dataset
    for citation in dataset.all_citations():
        if citation.span is None:
            continue
        source = dataset.sources[citation.source_id]
        window.show_source(citation)
        start, end = citation.span
        assert window.source_viewer.highlighted_text() == source.text[start:end].replace("\n", "\u2029")
        window.source_viewer.close()


def test_the_source_viewer_highlights_the_quote_after_characters_outside_the_basic_plane(qtbot):
    text = "Intro \U0001F3AC\U0001F3AC then: was killed in a terror attack, the end.\n"
    start = text.index("was killed")
    end = start + len("was killed in a terror attack")
    viewer = SourceViewer("Emoji source", text, (start, end))
    qtbot.addWidget(viewer)
    assert viewer.highlighted_text() == text[start:end]


def test_the_source_viewer_highlights_the_quote_in_a_snapshot_with_windows_line_ends(qtbot, make_window, tmp_path):
    snapshot = SNAPSHOT_TEXT.replace("\n", "\r\n")
    path = write_dataset(tmp_path, a_dataset_with(), snapshot=snapshot)
    dataset = load_dataset(path)
    citation = dataset.event("iris-killed").citations[0]
    source = dataset.sources[citation.source_id]
    viewer = SourceViewer(source.title, source.text, citation.span)
    qtbot.addWidget(viewer)
    assert viewer.highlighted_text() == citation.quote


# -- search --------------------------------------------------------------------------------------


def test_search_finds_an_event_by_a_word_only_in_its_quote(window, qtbot):
    word, event_id = only_in_one_quote(window.state.dataset)
    qtbot.keyClicks(window.search.field, word)
    assert window.search.matches == [event_id]
    assert window.state.highlighted == {event_id}
    assert "1 match" in window.search.count.text() and "matches" not in window.search.count.text()

    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.state.selected == event_id
    assert word in window.detail.toPlainText().casefold()


def test_enter_steps_through_the_matches_selecting_each(window, qtbot):
    dataset = window.state.dataset
    query = "Raz"
    expected = search_events(dataset, query)
    assert len(expected) >= 3
    qtbot.keyClicks(window.search.field, query)
    seen = []
    for _ in range(len(expected) + 1):
        qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
        seen.append(window.state.selected)
    assert seen == expected + expected[:1], "Enter visits every match in order, then wraps"
    assert window.search.count.text() == f"1 of {len(expected)}"
    window.search.previous_match()
    assert window.state.selected == expected[-1]


def test_stepping_to_a_match_brings_it_into_view(window, qtbot):
    view = window.timeline
    view.calendar.set_x_range(18000, 18400)
    view.narrative.set_x_range(8.5, 9.0)
    word, event_id = only_in_one_quote(window.state.dataset)
    qtbot.keyClicks(window.search.field, word)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    settle(qtbot)
    assert view.pane_for(event_id).item.event_scene_pos(event_id) is not None


def test_a_search_with_no_matches_says_so_and_clearing_it_removes_highlights(window, qtbot):
    qtbot.keyClicks(window.search.field, "zzzqqq")
    assert window.search.matches == []
    assert window.search.count.text() == "no matches"
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.state.selected is None
    window.search.field.clear()
    assert window.state.highlighted == frozenset()
    assert window.search.count.text() == ""


def test_the_first_search_of_a_big_dataset_shows_a_wait_cursor_and_only_the_first(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from viewer.qt.widgets import search_box

    cursors = []
    real = search_box.found_rows

    def spy(dataset, text):
        shown = QApplication.overrideCursor()
        cursors.append(shown.shape() if shown is not None else None)
        return real(dataset, text)

    monkeypatch.setattr(search_box, "BIG_SEARCH", 1)  # the bundled dataset counts as big
    monkeypatch.setattr(search_box, "found_rows", spy)
    window.state.dataset.cache.pop("search", None)
    qtbot.keyClicks(window.search.field, "ir")
    assert cursors == [Qt.CursorShape.WaitCursor, None]
    assert QApplication.overrideCursor() is None
    assert window.search.matches


def test_search_matches_people_and_is_case_insensitive(window):
    dataset = window.state.dataset
    person_event = next(e for e in dataset.events if e.people)
    person = person_event.people[0]
    assert person_event.id in search_events(dataset, person.upper())


def test_plot_point_builder_loads_for_the_panel(make_window, tmp_path):
    data = a_dataset_with(events=[a_calendar_event(), a_plot_point()],
                          links=[{"from": "segev-wife-killed", "to": "iris-killed", "type": "inspired-by"}])
    window = make_window(load_dataset(write_dataset(tmp_path, data)))
    window.state.select("segev-wife-killed")
    assert "Paraphrase: Paraphrase." in window.detail.toPlainText()
    assert "event:iris-killed" in links_in(window.detail)


def test_return_on_a_match_inside_a_count_box_zooms_in_until_it_stands_alone(make_window, qtbot, tmp_path):
    import datetime

    day = datetime.date(1990, 1, 1)
    events = [a_calendar_event(f"d{i}", when=(day + datetime.timedelta(days=i)).isoformat(),
                               citations=[a_citation(quote=None, note="A note.")]) for i in range(400)]
    events[200]["title"] = "The needle in the haystack"
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events), name="days.json")))
    pane = window.timeline.pane_for("d200")
    assert pane.item.events_in_mark_of("d200") > 1, "at full view it sits in a count box"
    before = pane.x_range()
    qtbot.keyClicks(window.search.field, "needle haystack")
    assert window.search.matches == ["d200"]
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.state.selected == "d200"
    lo, hi = pane.x_range()
    assert hi - lo < before[1] - before[0], "it zoomed in"
    assert pane.item.events_in_mark_of("d200") == 1
    assert lo <= window.state.dataset.event("d200").start <= hi


def test_a_match_no_zoom_can_separate_leaves_the_zoom_as_it_was(make_window, qtbot, tmp_path):
    events = [a_calendar_event(f"s{i}", when="1990-05-05", citations=[a_citation(quote=None, note="A note.")])
              for i in range(60)]
    events[30]["title"] = "The needle in the haystack"
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events), name="same.json")))
    pane = window.timeline.pane_for("s30")
    assert pane.item.events_in_mark_of("s30") > 1, "sixty events on one day share a count box"
    qtbot.keyClicks(window.search.field, "needle")
    before = pane.x_range()
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.state.selected == "s30"
    assert pane.x_range() == before
