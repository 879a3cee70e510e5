"""Search finds what reading every event's text would find, and highlights find their rows. Pure: no Qt.

The index joins every event's folded text into one string and jumps from hit to hit; the
reference below reads each event as an Event and checks every word, the slow and obvious way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from viewer.dataset.load import load_dataset
from viewer.core.search import _fold_unicode, fold, folded_with_origin, search_events, what_matched, word_spans

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)


def by_reading_every_event(dataset, query: str) -> list[str]:
    words = fold(query).split()
    if not words:
        return []
    events = sorted(dataset.events, key=lambda e: (e.narrative is not None, e.start))
    found = []
    for e in events:
        fields = [e.title, e.summary or "", " ".join(e.people), e.disputed or "", e.inference or ""]
        fields += [f"{c.quote or ''} {c.note or ''}" for c in e.citations]
        sources = [dataset.sources[c.source_id] for c in e.citations]
        fields += [f"{s.title} {s.publisher or ''}" for s in sources]
        text = fold(" ".join(fields))
        if all(w in text for w in words):
            found.append(e.id)
    return found


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    odd = [a_calendar_event("a", summary="Straße in the “quoted” town — 1990…", people=["Zoë", "A\x1fB"]),
           a_calendar_event("b", when="1991", summary="line one\nline two", disputed="Some say `x`"),
           a_calendar_event("c", when="1992", citations=[a_citation(), a_citation(quote=None, note="A second note.")]),
           a_plot_point("p", inference="Inferred from the “interview”.")]
    return [load_dataset(BUNDLED), load_dataset(synthetic.write_dataset(2000, folder)),
            load_dataset(write_dataset(folder, a_dataset_with(events=odd), name="odd.json"))]


QUERIES = ["flood", "archive 12", "person 4", "SCENE", "iris", "unit 217", "raz", "don't", "new york", "e1",
           "—", "-", "register entry", "x", "strasse", "STRASSE", "zoë", "\"quoted\"", "1990...", "'x'", "line two",
           "second note", "a b", "interview", "", "   ", "e", "zz-not-there", "ss", "sse", "rass", "no.", "[x]"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_what_reading_every_event_finds(datasets, query):
    for dataset in datasets:
        assert search_events(dataset, query) == by_reading_every_event(dataset, query), (dataset.title, query)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_words_taken_from_an_event_find_it(datasets, data):
    dataset = data.draw(st.sampled_from(datasets))
    event = data.draw(st.sampled_from(list(dataset.events)))
    words = (event.title + " " + (event.summary or "")).split()
    query = " ".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=3)))
    found = search_events(dataset, query)
    assert event.id in found
    assert found == by_reading_every_event(dataset, query)


def test_rows_of_finds_each_id_in_bulk_and_skips_unknown_ones(datasets):
    table = datasets[1].events
    ids = [str(i) for i in table.ids.tolist()]
    wanted = ids[::7] + ["not-an-id", ids[3]]
    rows = table.rows_of(wanted)
    assert rows.tolist() == [table.row_of(i) for i in ids[::7]] + [3]
    assert table.rows_of([]).tolist() == [] and table.rows_of(["nope"]).tolist() == []


# -- accents and case ------------------------------------------------------------------------------


def test_search_ignores_accents_and_case_both_ways(datasets):
    bundled = datasets[0]
    accented = search_events(bundled, "allociné")
    assert len(accented) >= 3
    for query in ("allocine", "ALLOCINE", "Allocine\u0301", "AlLoCiNé"):
        assert search_events(bundled, query) == accented, query
    odd = datasets[2]
    assert search_events(odd, "zoe") == search_events(odd, "ZOË") == search_events(odd, "zoe\u0308") == ["a"]
    assert search_events(odd, "strasse") == search_events(odd, "straße") == ["a"]


def test_a_word_in_a_cited_sources_publisher_finds_the_events_citing_it(datasets):
    bundled = datasets[0]
    citing = {e.id for e in bundled.events if any(c.source_id == "allocine" for c in e.citations)}
    in_text = {e.id for e in bundled.events
               if "allocin" in fold(" ".join([e.title, e.summary or "", e.disputed or "", e.inference or ""]))}
    assert citing - in_text  # some cite Allociné without naming it: only the publisher can find them
    assert set(search_events(bundled, "allocine")) == citing | in_text


@given(st.text(alphabet="aeiouAEIOU\u0301\u0308\u0327ßﬁÅİŒ’—… xyzéñ", max_size=30))
def test_folding_a_text_is_folding_each_of_its_characters(text):
    folded, origin = folded_with_origin(text)
    assert folded == _fold_unicode(text) if not text.isascii() else folded == text.lower()
    assert len(origin) == len(folded) + 1 and origin == sorted(origin)


# -- what matched ------------------------------------------------------------------------------------


def test_what_matched_names_the_fields_and_the_words_in_them(datasets):
    bundled = datasets[0]
    [event_id] = [i for i in search_events(bundled, "allocine")
                  if all(m.field == "source publisher" for m in what_matched(bundled, i, "allocine"))][:1]
    [match] = what_matched(bundled, event_id, "allocine")
    assert (match.field, match.key, match.text, match.spans) == ("source publisher", "allocine", "Allociné", ((0, 8),))
    odd = datasets[2]
    matches = what_matched(odd, "a", "quoted ZOE")
    assert [(m.field, [m.text[a:b] for a, b in m.spans]) for m in matches] == [
        ("summary", ["quoted"]), ("people", ["Zoë"])]
    assert what_matched(odd, "a", "") == [] and what_matched(odd, "nope", "zoe") == []


@pytest.mark.parametrize(("text", "words", "highlighted"), [
    ("Allocine\u0301 says", ["allocine"], ["Allocine\u0301"]),          # the combining accent is kept
    ("the \ufb01rst \ufb01nd", ["first", "find"], ["\ufb01rst", "\ufb01nd"]),
    ("Straße und STRASSE", ["strasse"], ["Straße", "STRASSE"]),
    ("ab abab", ["ab", "ba"], ["ab", "abab"]),                          # overlapping hits merge
])
def test_word_spans_point_at_the_original_characters(text, words, highlighted):
    assert [text[a:b] for a, b in word_spans(text, words)] == highlighted
