"""Where a big JSON file's events array is, found without decoding the whole file first, and its
slices decoded in place in the file's private copy. Pure: no Qt.

``guess_events_span`` only guesses (from the ``"events":`` key and the top-level key after the
array); ``split_document`` proves the guess or falls back to decoding the whole file. These
tests put the events anywhere among the other keys, write text that looks like the keys the
guess looks for, and check that the guess is right or absent, never wrong, and that the load
gives what reading the file whole gives.
"""

from __future__ import annotations

import json
from unittest.mock import patch

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from test_json_slices import TRICKY, assert_same, outcome
from viewer.dataset import slices as json_chunks
from viewer.dataset.load import _load_in_slices, build_dataset, load_dataset, parse_document
from viewer.dataset.slices import _events_span, guess_events_span, split_document

LOOKS_LIKE_KEYS = ['], "links": [', '"events": [', '],"episodes":[', '"}], "links": [{"from": "e0"', ']}', '"]}']
"""Text that looks like the keys and brackets the guess looks for."""

STYLES = {"compact": {"separators": (",", ":")}, "spaced": {}, "indented": {"indent": 2},
          "colon-spaced": {"separators": (" , ", " : ")}}


def a_document(texts: list[str], keys: list[str]) -> dict:
    """A dataset with every top-level key, in the order ``keys`` gives, and ``texts`` where a
    reader of the file's bytes could mistake them for structure."""
    events = [a_calendar_event(f"e{i}", summary=text, citations=[a_citation(note=text, quote=None)])
              for i, text in enumerate(texts)] + [a_plot_point("p")]
    data = a_dataset_with(events=events, links=[{"from": "e0", "to": "p", "type": "inspired-by", "note": texts[0]}],
                          description=texts[-1], episodes=[{"number": 1, "title": texts[0]}])
    data["title"] = texts[0]
    return {key: data[key] for key in keys}


KEYS = ["format", "title", "description", "sources", "tracks", "episodes", "events", "links"]


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.sampled_from(LOOKS_LIKE_KEYS + TRICKY) | st.text(min_size=1, max_size=10), min_size=1, max_size=5),
       keys=st.permutations(KEYS), style=st.sampled_from(sorted(STYLES)), trailing=st.sampled_from(["", "\n", " \n\t "]))
def test_the_guessed_span_is_the_events_array_or_none(texts, keys, style, trailing, tmp_path_factory):
    folder = tmp_path_factory.mktemp("span")
    text = json.dumps(a_document(texts, keys), ensure_ascii=False, **STYLES[style]) + trailing
    path = write_dataset(folder, {}, name="span.json")
    path.write_text(text, encoding="utf-8")
    view = memoryview(path.read_bytes())
    guessed = guess_events_span(view)
    assert guessed is None or guessed == _events_span(view)
    whole = outcome(lambda: build_dataset(parse_document(path.read_bytes(), path.name, ".json"), path=path))
    with patch.object(json_chunks, "CHUNK_BYTES", 40):
        sliced = outcome(lambda: load_dataset(path))
    assert_same(sliced, whole)


@pytest.mark.parametrize("after", [[], ["links"], ["episodes", "links"], ["links", "description"], ["title", "links"]])
def test_the_usual_layouts_are_read_without_decoding_the_whole_file(tmp_path, after):
    """Events last, or followed by any of the other keys: found without the whole-file pass."""
    keys = [key for key in KEYS if key not in after] + after
    keys.remove("events")
    keys.insert(len(keys) - len(after), "events")
    path = write_dataset(tmp_path, a_document(["a", "b ], \"links\": [", "c"], keys), name="usual.json")
    with patch.object(json_chunks, "_events_span", side_effect=AssertionError("decoded the whole file")), \
            patch.object(json_chunks, "CHUNK_BYTES", 40):
        dataset = _load_in_slices(path, lambda share: None)
    assert dataset is not None and [e.id for e in dataset.events] == ["e0", "e1", "e2", "p"]
    assert_same(dataset, build_dataset(parse_document(path.read_bytes(), path.name, ".json"), path=path))


def test_a_wrong_guess_is_caught_and_the_whole_file_decoded_instead(tmp_path, monkeypatch):
    """A guess that ends the array early (here: at an event's last citations) is refused."""
    path = write_dataset(tmp_path, a_document(["a", "b", "c"], KEYS), name="wrong.json")
    view = memoryview(path.read_bytes())
    start, end = _events_span(view)
    early = bytes(view).rindex(b"]", start, end - 1) + 1
    monkeypatch.setattr(json_chunks, "guess_events_span", lambda view: (start, early))
    document, pieces = split_document(view)
    assert [row.id for piece in pieces for row in piece.rows] == ["e0", "e1", "e2", "p"]


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.sampled_from(TRICKY) | st.text(min_size=1, max_size=12), min_size=1, max_size=6),
       chunk=st.sampled_from([1, 90]))
def test_slices_decoded_in_place_are_those_decoded_from_a_copy(texts, chunk, tmp_path_factory):
    """A writable buffer (the file's private copy) is decoded in place, with failed cuts undone:
    the same rows as from read-only bytes, whose slices are copied out."""
    events = [a_calendar_event(f"e{i}", summary=text, people=[text], citations=[a_citation(note=text, quote=None)])
              for i, text in enumerate(texts)]
    data = json.dumps(a_dataset_with(events=events), ensure_ascii=False).encode("utf-8")
    with patch.object(json_chunks, "CHUNK_BYTES", chunk):
        copied = [(msgspec.to_builtins(piece.rows), bytes(piece.text)) for piece in split_document(data)[1]]
        in_place = [(msgspec.to_builtins(piece.rows), bytes(piece.text)) for piece in split_document(bytearray(data))[1]]
    assert in_place == copied
    assert [row["summary"] for rows, _ in in_place for row in rows] == texts


def test_a_file_of_many_false_ends_is_guessed_at_a_few_of_them_only(monkeypatch):
    # each candidate end costs a decode: thousands of '],"links":' made an invalid 4 MB file take 15 s
    from viewer.dataset import slices

    tried = []
    real = slices._ends_with_events
    monkeypatch.setattr(slices, "_ends_with_events", lambda *a: tried.append(a) or real(*a))
    head = b'{"format": "factline/1", "title": "t", "sources": [], "tracks": [], "events": ['
    text = head + b'{"id": "a", "track": "x", "title": "' + b"y" * 70_000 + b'"}' + b'],"links":' * 5_000 + b"]}"
    assert slices.guess_events_span(memoryview(text)) is None
    assert 1 <= len(tried) <= slices._MOST_CLOSES
