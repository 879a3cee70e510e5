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
from viewer.core.search import fold, search_events

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
           "second note", "a b", "interview", "", "   ", "e", "zz-not-there"]


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
