"""A big dataset's search index is built in the background (viewer.qt.indexer) and finds exactly
what an index built on the first keystroke finds."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from conftest import settle
from viewer.core.search import adopt_index, build_index, has_index, search_events
from viewer.dataset.load import load_dataset
from viewer.qt.indexer import BACKGROUND_FROM

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)

QUERIES = ["harbour", "fire trial", "no. 1234", "person 42", "scene", "archive", "broadcast", "zzz",
           "register", "the town archive", "entry 77", "Strike Bridge", "été"]


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    return synthetic.write_dataset(BACKGROUND_FROM + 500, tmp_path_factory.mktemp("synthetic"))


def test_an_index_built_on_another_thread_finds_what_one_built_on_the_first_search_finds(big_file):
    in_background, on_first_search = load_dataset(big_file), load_dataset(big_file)
    built = []
    worker = threading.Thread(target=lambda: built.append(build_index(in_background)))
    worker.start()
    worker.join(60)
    adopt_index(in_background, built[0])
    assert not has_index(on_first_search)
    for query in QUERIES:
        assert search_events(in_background, query) == search_events(on_first_search, query), query
    assert has_index(on_first_search)
    assert search_events(in_background, "harbour"), "the queries find something"


def test_the_window_indexes_a_big_dataset_in_the_background_and_searches_once_it_is_ready(
        make_window, qtbot, big_file, monkeypatch):
    import viewer.qt.indexer as indexer

    go = threading.Event()  # the build waits for the test, so that typing surely comes first
    monkeypatch.setattr(indexer, "build_index", lambda dataset: go.wait(60) and build_index(dataset))
    window = make_window(load_dataset(big_file))
    search = window.search
    assert search.indexer.is_building()
    search.field.setText("fire trial")  # typed while the index is built: it waits for it
    assert search.count.text() == "indexing…" and search.matches == [] and not window.state.highlighted
    with qtbot.waitSignal(search.indexer.ready, timeout=60_000):
        go.set()
    settle(qtbot)
    assert has_index(window.state.dataset) and not search.indexer.is_building()
    reference = load_dataset(big_file)  # indexed on its first search, on this thread
    assert search.matches == search_events(reference, "fire trial") != []
    assert window.state.highlighted == set(search.matches)
    for query in QUERIES:
        search.field.setText(query)
        assert search.matches == search_events(reference, query), query


def test_a_small_dataset_is_indexed_on_its_first_search(window):
    assert not window.search.indexer.is_building()
    window.search.field.setText("iris")
    assert window.search.matches and has_index(window.state.dataset)
