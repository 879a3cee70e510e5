"""Stale quotes, pure: which verified quotes a changed snapshot no longer holds, and what the
detail page and 'Show in source' make of it. No Qt."""

from __future__ import annotations

from conftest import SNAPSHOT_TEXT, a_calendar_event, a_citation, a_dataset_with, write_dataset
from viewer.core.detail_html import STALE_MARK, event_html, overview_html
from viewer.core.snapshots import NO_STALE_QUOTES, shown_source, stale_lines, stale_quotes
from viewer.core.theme import LIGHT
from viewer.dataset.load import load_dataset

QUOTE = "was killed in a terror attack"
OTHER = "She spent years in Lisbon’s restaurants"


def two_quotes(tmp_path, quote: str = QUOTE):
    """A dataset citing ``quote`` twice (two events) and OTHER once, all from 'article'."""
    events = [a_calendar_event(id="killed", citations=[a_citation(quote=quote)]),
              a_calendar_event(id="again", citations=[a_citation(quote=quote), a_citation(quote=OTHER)])]
    text = SNAPSHOT_TEXT if quote == QUOTE else SNAPSHOT_TEXT + quote + "\n"
    return load_dataset(write_dataset(tmp_path, a_dataset_with(events=events), snapshot=text))


def test_an_unchanged_snapshot_leaves_nothing_stale(tmp_path):
    dataset = two_quotes(tmp_path)
    assert stale_quotes(dataset, {"article": dataset.sources["article"].text}) is NO_STALE_QUOTES
    assert not NO_STALE_QUOTES


def test_a_quote_gone_from_its_changed_snapshot_is_stale_with_each_citation_counted(tmp_path):
    dataset = two_quotes(tmp_path)
    now = SNAPSHOT_TEXT.replace("terror attack", "car crash")

    stale = stale_quotes(dataset, {"article": now})

    assert stale.quotes == {("article", QUOTE)} and stale.citations == 2
    assert stale.texts == {"article": now}
    killed, again = dataset.event("killed"), dataset.event("again")
    assert stale.is_stale(killed.citations[0]) and stale.is_stale(again.citations[0])
    assert not stale.is_stale(again.citations[1]), "the other quote is still in the snapshot"


def test_a_snapshot_that_cannot_be_read_makes_every_quote_from_it_stale(tmp_path):
    dataset = two_quotes(tmp_path)
    stale = stale_quotes(dataset, {"article": None})
    assert stale.quotes == {("article", QUOTE), ("article", OTHER)} and stale.citations == 3


def test_a_changed_snapshot_that_still_holds_every_quote_flags_none(tmp_path):
    dataset = two_quotes(tmp_path)
    stale = stale_quotes(dataset, {"article": "A new first line.\n" + SNAPSHOT_TEXT})
    assert stale and not stale.quotes and stale.citations == 0


def test_the_detail_page_says_not_found_instead_of_verified_for_a_stale_quote_only(tmp_path):
    dataset = two_quotes(tmp_path)
    stale = stale_quotes(dataset, {"article": SNAPSHOT_TEXT.replace("terror attack", "car crash")})

    page = event_html(dataset, "again", LIGHT, stale=stale)

    assert page.count(STALE_MARK) == 1 and page.count("✔ verified quote") == 1
    assert page.index(QUOTE) < page.index(STALE_MARK) < page.index(OTHER) < page.index("✔ verified quote")
    assert "✔ verified quote" in event_html(dataset, "again", LIGHT) and STALE_MARK not in event_html(dataset, "again", LIGHT)


def test_a_stale_quote_is_still_escaped_on_the_page(tmp_path):
    hostile = "<img src=x onerror=alert(1)> & more"
    dataset = two_quotes(tmp_path, quote=hostile)
    stale = stale_quotes(dataset, {"article": SNAPSHOT_TEXT})

    page = event_html(dataset, "killed", LIGHT, stale=stale)

    assert STALE_MARK in page and hostile not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in page


def test_the_overview_says_which_snapshot_changed_and_how_many_quotes_it_lost(tmp_path):
    dataset = two_quotes(tmp_path)
    assert "snapshot stored, quotes verified" in overview_html(dataset, LIGHT)
    stale = stale_quotes(dataset, {"article": SNAPSHOT_TEXT.replace("terror attack", "car crash")})
    page = overview_html(dataset, LIGHT, stale)
    assert "snapshot changed on disk: 1 quote not found in it" in page and "quotes verified" not in page


def test_stale_lines_name_the_source_its_file_and_the_quote(tmp_path):
    dataset = two_quotes(tmp_path)
    stale = stale_quotes(dataset, {"article": None})
    lines = stale_lines(dataset, stale)
    assert len(lines) == 2
    assert all(line.startswith("The article — A publisher (article.txt): “") for line in lines)
    assert any(QUOTE in line for line in lines) and all("not found in the current snapshot" in line for line in lines)


def test_show_in_source_shows_the_verified_text_while_the_snapshot_is_unchanged(tmp_path):
    dataset = two_quotes(tmp_path)
    citation = dataset.event("killed").citations[0]
    shown = shown_source(dataset, NO_STALE_QUOTES, citation)
    assert shown.text == dataset.sources["article"].text and shown.span == citation.span
    assert shown.note == "The quoted passage is highlighted."


def test_show_in_source_shows_the_current_text_once_the_snapshot_changed(tmp_path):
    dataset = two_quotes(tmp_path)
    now = "A new first line.\n" + SNAPSHOT_TEXT.replace("terror attack", "car crash")
    stale = stale_quotes(dataset, {"article": now})

    gone = shown_source(dataset, stale, dataset.event("killed").citations[0])
    assert gone.text == now and gone.span is None
    assert "changed on disk" in gone.note and "not found" in gone.note

    moved_citation = dataset.event("again").citations[1]
    moved = shown_source(dataset, stale, moved_citation)
    assert moved.span is not None and moved.span != moved_citation.span
    assert now[moved.span[0]:moved.span[1]] == OTHER and "highlighted where it is now" in moved.note


def test_show_in_source_says_so_when_the_snapshot_cannot_be_read_now(tmp_path):
    dataset = two_quotes(tmp_path)
    shown = shown_source(dataset, stale_quotes(dataset, {"article": None}), dataset.event("killed").citations[0])
    assert shown.text == "" and shown.span is None and "cannot be read now" in shown.note
