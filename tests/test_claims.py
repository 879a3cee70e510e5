"""Disputed and inferred claims, verdict meanings, and the search syntax that finds them
(``is:disputed``, ``is:inferred``, ``verdict:invented``). Pure: no Qt."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, a_calendar_event, a_dataset_with, a_plot_point, write_dataset
from viewer.core.claims import disputed_rows, inferred_rows, verdict_rows
from viewer.core.detail_html import claim_list_html, overview_html
from viewer.core.model import Verdict
from viewer.core.search import parse_query, search_events, what_matched
from viewer.core.theme import LIGHT
from viewer.dataset.load import load_dataset
from viewer.scene.columns import build_columns


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("claims")
    events = [
        a_calendar_event("plain", "1980", title="A plain event"),
        a_calendar_event("argued", "1985", title="An argued storm", disputed="Two sources give other years."),
        a_calendar_event("guessed", "1990", title="A guessed storm", inference="The year follows from her age."),
        a_calendar_event("both", "1995", title="Argued and guessed", disputed="Unclear.", inference="Placed by us."),
        a_plot_point("scene", episode=1, verdict="invented", title="A storm scene", inference="Verdict: invented."),
        a_plot_point("echo", episode=2, verdict="inspired", title="An echo", disputed="One source doubts the tie."),
    ]
    return load_dataset(write_dataset(folder, a_dataset_with(events=events)))


def test_disputed_and_inferred_rows_are_the_events_so_marked_and_plot_point_notes_are_not_inferences(small):
    ids = small.events.ids
    assert ids[disputed_rows(small.events)].tolist() == ["argued", "both", "echo"]
    assert ids[inferred_rows(small.events)].tolist() == ["guessed", "both"]  # not the plot point's verdict note
    assert ids[verdict_rows(small.events, {Verdict.INVENTED})].tolist() == ["scene"]


def test_is_disputed_and_is_inferred_keep_only_those_events_in_time_order(small):
    assert search_events(small, "is:disputed") == ["argued", "both", "echo"]
    assert search_events(small, "is:inferred") == ["guessed", "both"]
    assert search_events(small, "is:disputed is:inferred") == ["both"]
    assert search_events(small, "IS:Disputed") == ["argued", "both", "echo"]


def test_a_verdict_filter_keeps_its_plot_points_and_several_keep_any(small):
    assert search_events(small, "verdict:invented") == ["scene"]
    assert search_events(small, "verdict:inspired verdict:invented") == ["scene", "echo"]
    assert search_events(small, "verdict:mostly-true") == []


def test_filters_combine_with_words(small):
    assert search_events(small, "storm") == ["argued", "guessed", "scene"]
    assert search_events(small, "storm is:disputed") == ["argued"]
    assert search_events(small, "is:inferred storm") == ["guessed"]
    assert search_events(small, "storm verdict:invented") == ["scene"]
    assert search_events(small, "echo is:disputed verdict:inspired") == ["echo"]


def test_an_unknown_filter_matches_nothing_and_says_what_is_known(small):
    query = parse_query("storm is:maybe")
    assert query.problem and "is:maybe" in query.problem and "is:disputed" in query.problem
    assert search_events(small, "storm is:maybe") == []
    assert parse_query("verdict:sort-of").problem
    # a colon in an ordinary word is still a word
    assert parse_query("12:30").problem is None and parse_query("12:30").words == ("12:30",)


def test_what_a_filter_matched_is_the_whole_note_it_keeps(small):
    matched = {m.field: m.spans for m in what_matched(small, "both", "is:disputed")}
    assert matched == {"disputed": ((0, len("Unclear.")),)}
    matched = {m.field for m in what_matched(small, "both", "is:inferred placed")}
    assert matched == {"inference"}


def test_the_bundled_dataset_has_disputed_and_inferred_real_events(bundled_dataset):
    disputed = search_events(bundled_dataset, "is:disputed")
    inferred = search_events(bundled_dataset, "is:inferred")
    assert "iris-azulai-killed" in disputed and "raz-unit-217" in inferred
    assert all(bundled_dataset.event(i).verdict is None for i in inferred)


def test_verdict_meanings_are_the_dataset_formats_words():
    text = (ROOT / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([a-z-]+)`\s*\| ([^|]+?) \|$", text, flags=re.MULTILINE))
    for verdict in Verdict:
        assert table[verdict.value] == verdict.meaning


def test_columns_know_their_disputed_and_inferred_events(small):
    columns = build_columns(small)
    real = columns["real"]
    assert [real.ids[int(i)] for i in real.disputed] == ["argued", "both"]
    assert [real.ids[int(i)] for i in real.inferred] == ["guessed", "both"]
    assert [columns["screen"].ids[int(i)] for i in columns["screen"].disputed] == ["echo"]
    assert not len(columns["screen"].inferred)


def test_a_claim_list_names_what_its_events_share_and_links_each(small):
    html = claim_list_html(small, "Invented", Verdict.INVENTED.meaning, ["scene"], LIGHT)
    assert "Invented · 1 plot point" in html and Verdict.INVENTED.meaning in html and 'href="event:scene"' in html
    html = claim_list_html(small, "Disputed", "The sources disagree.", ["argued", "echo"], LIGHT)
    assert "2 events" in html and html.index("event:argued") < html.index("event:echo")


def test_the_overview_explains_each_verdict_and_mark(small):
    html = overview_html(small, LIGHT)
    for verdict in (Verdict.INVENTED, Verdict.INSPIRED):
        assert verdict.meaning in html
    assert Verdict.TRUE.meaning not in html  # no plot point is judged true
    assert "Disputed" in html and "Inferred" in html
