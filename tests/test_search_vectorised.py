"""The vectorised search (numpy over the index's distinct words and their rows, row arrays until
ids are asked for) finds exactly what reading every event finds, on random datasets: short and
long words, words that occur many times an event, non-ASCII text and white space, words only in
a cited source's title, and words cut into blocks of one event, a few, or all."""

from __future__ import annotations

import random
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from test_search import by_reading_every_event
from viewer.core import search_index
from viewer.core.search import found_rows, index_of, search_events, search_rows
from viewer.core.search_index import SearchIndex, byte_counts, words_index
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


@pytest.mark.parametrize("block, few_words, far_fewer", [
    (1, search_index._FEW_WORDS, 0), (7, 0, 0), (7, 10**9, 0), (search_index._BLOCK, search_index._FEW_WORDS, search_index._FAR_FEWER)],
    ids=["an-event-a-block", "a-few-gathered", "a-few-looked-up", "as-shipped"])
def test_the_vectorised_search_finds_what_reading_every_event_finds(random_datasets, block, few_words, far_fewer):
    # a later word's rows looked up among those found so far, or gathered and intersected
    found_something = 0
    with mock.patch.object(search_index, "_BLOCK", block), mock.patch.object(search_index, "_FEW_WORDS", few_words), \
            mock.patch.object(search_index, "_FAR_FEWER", far_fewer):
        for dataset, rng in random_datasets:
            dataset.cache.pop("search", None)  # indexed anew in blocks of this size
            for query in _queries(random.Random(rng.random()), dataset):
                expected = by_reading_every_event(dataset, query)
                assert search_events(dataset, query) == expected, (len(dataset.events), query)
                rows = search_rows(dataset, query)
                assert dataset.events.ids[rows].tolist() == expected
                assert found_rows(dataset, query).tolist() == sorted(rows.tolist()), "the same rows, ascending"
                found_something += bool(expected)
    assert found_something > 100, "the queries find something"


def test_a_word_found_many_times_in_each_event_is_counted_once_per_event(random_datasets):
    dataset = random_datasets[-1][0]
    dataset.cache.pop("search", None)
    index = index_of(dataset)
    rows = index.events_with("a")
    assert (rows[1:] > rows[:-1]).all(), "ascending, each once"
    assert index.words.count(b"a") > len(index.word_starts), "the many-hits path ran"
    assert search_events(dataset, "a") == by_reading_every_event(dataset, "a")


def _index_of_texts(texts: list[str], block: int) -> SearchIndex:
    words, word_starts, postings, posting_starts = words_index((start, texts[start:start + block])
                                                                for start in range(0, len(texts), block))
    n = np.arange(len(texts), dtype=np.int32)
    return SearchIndex(words, word_starts, postings, posting_starts, n, (), n, n[:0], byte_counts(words))


# letters that fold to several, white space ASCII and not (str.split's \x1c-\x1f, no-break and
# ideographic spaces, a line separator), repeats of one word in a text; all-ASCII texts as often
# (their words are counted another way)
ASCII_PIECES = ["a", "b", " ", "ab", "\t", "\n", "\x1c", "\x1f", "aaa", "\r\n"]
PIECES = ASCII_PIECES + ["é", "中", "ß", "\xa0", "\u3000", "\u2028", "é"]
TEXTS = st.sampled_from([ASCII_PIECES, PIECES]).flatmap(
    lambda pieces: st.lists(st.lists(st.sampled_from(pieces), max_size=30).map("".join), max_size=25))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(1, 30), st.data())
def test_the_words_index_finds_a_word_in_exactly_the_texts_holding_it(texts, block, data):
    index = _index_of_texts(texts, block)
    pieces = [w for text in texts for w in text.split()]
    word = data.draw(st.sampled_from(pieces) | st.text(st.sampled_from(list("abé中ß")), min_size=1, max_size=4)
                     if pieces else st.text(st.sampled_from(list("abé")), min_size=1, max_size=3))
    part = data.draw(st.integers(0, len(word) - 1))
    for needle in (word, word[part:], word[:part + 1]):
        expected = [row for row, text in enumerate(texts) if needle in text]
        assert index.events_with(needle).tolist() == expected, (texts, needle)


@pytest.mark.parametrize("at_a_time", [1, 2, search_index._WORDS_AT_A_TIME])
def test_the_words_index_keeps_each_block_words_once_and_each_word_rows_once(at_a_time):
    with mock.patch.object(search_index, "_WORDS_AT_A_TIME", at_a_time):  # words numbered a few at a time
        index = _index_of_texts(["the cat the", "a cat", "the"], block=2)
    assert index.words == "the\ncat\na\nthe\n".encode()  # the first block's words, then the second's
    assert index.postings.tolist() == [0, 0, 1, 1, 2]
    assert index.posting_starts.tolist() == [0, 1, 3, 4, 5]
