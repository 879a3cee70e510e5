"""The vectorised search (numpy over the index's UTF-8 buffer, row arrays until ids are asked
for) finds exactly what reading every event finds, on random datasets: short and long words,
words that occur many times an event, non-ASCII text, words only in a cited source's title, and
both ways a second word is looked for (in the rows found so far, or in the whole text)."""

from __future__ import annotations

import random
from unittest import mock

import pytest

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from test_search import by_reading_every_event
from viewer.core import search
from viewer.core.search import index_of, search_events, search_rows
from viewer.dataset.load import load_dataset

SYLLABLES = ["ab", "ba", "ra", "ché", "ß", "ne", "x", "zz", "中文", "ÉTÉ", "o", "’s", "—", "ﬁ", "ar", "an", "na"]


def _words(rng: random.Random, most: int) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(rng.randint(1, most)))


def a_random_dataset(rng: random.Random, n: int) -> dict:
    sources = [{"id": f"s{k}", "title": _words(rng, 3), "publisher": _words(rng, 2)} for k in range(3)]
    events = []
    for i in range(n):
        citations = [a_citation(source=f"s{rng.randrange(3)}", quote=None, note=_words(rng, 4))
                     for _ in range(rng.randint(1, 3))]
        extra = {"title": _words(rng, 5)}
        if rng.random() < 0.5:
            extra["summary"] = _words(rng, 12)
        if rng.random() < 0.3:
            extra["people"] = [_words(rng, 2) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.1:
            events.append(a_plot_point(f"p{i}", episode=1, citations=citations, **extra))
        else:
            events.append(a_calendar_event(f"e{i}", when=f"{rng.randint(1900, 2020)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                           citations=citations, **extra))
    return a_dataset_with(events=events, sources=sources)


def _queries(rng: random.Random, dataset) -> list[str]:
    events = list(dataset.events)
    queries = ["a", "n", "zz", "中", "été", "ss", "ﬁ", "’", "-", "abab", "nana", "x o", "ra ba", "not-there"]
    for _ in range(40):
        text = rng.choice(events).title + " " + (rng.choice(events).summary or "")
        start = rng.randrange(len(text))
        queries.append(text[start:start + rng.randint(1, 9)])
    queries += [" ".join(rng.choice(queries).split()[:1] + rng.choice(queries).split()[:1]) for _ in range(15)]
    return queries


@pytest.fixture(scope="module")
def random_datasets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("random-search")
    rng = random.Random(2126)
    return [(load_dataset(write_dataset(folder, a_random_dataset(rng, n), name=f"random-{n}.json")), random.Random(n))
            for n in (1, 40, 700)]


@pytest.mark.parametrize("few", [0, 2000, 10**9], ids=["whole-text", "as-shipped", "row-by-row"])
def test_the_vectorised_search_finds_what_reading_every_event_finds(random_datasets, few):
    found_something = 0
    with mock.patch.object(search, "_FEW", few):
        for dataset, rng in random_datasets:
            for query in _queries(random.Random(rng.random()), dataset):
                expected = by_reading_every_event(dataset, query)
                assert search_events(dataset, query) == expected, (len(dataset.events), query)
                rows = search_rows(dataset, query)
                assert dataset.events.ids[rows].tolist() == expected
                found_something += bool(expected)
    assert found_something > 100, "the queries find something"


def test_a_word_found_many_times_in_each_event_is_counted_once_per_event(random_datasets):
    dataset = random_datasets[-1][0]
    index = index_of(dataset)
    rows = index.events_with("a")
    assert (rows[1:] > rows[:-1]).all(), "ascending, each once"
    assert index.text.count(b"a") > len(index.starts), "the many-hits path ran"
    assert search_events(dataset, "a") == by_reading_every_event(dataset, "a")
