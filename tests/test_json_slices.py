"""A JSON file's events read a slice at a time give exactly what reading it whole gives. Pure: no Qt.

The sliced path (viewer.dataset.slices) cuts the events array where it sees ``},{`` and proves
each cut by decoding the slice; it proves that no key is repeated by counting keys. These
tests try to fool both: text that looks like a cut or like a key, repeated keys written every
way JSON allows, and slices as small as one event.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from test_fuzz_loader import FUZZ, dataset_shaped
from viewer.dataset import slices as json_chunks
from viewer.dataset.load import DatasetError, _load_in_slices, build_dataset, load_dataset, parse_document
from viewer.dataset.slices import keys_in_text, split_document
from viewer.core.model import (CodedText, EventTable, PackedText, SparseText, prefers_sparse, present_text,
                          text_column_from_parts)

TRICKY = [
    '"},{"id":"fake","track":"real","title":"Fake","when":"1990","citations":[{"source":"article","note":"n"}]},{"x":"',
    '}, {', '} ,\n {', '\\', '\\"', '":', '"title":"x"', ' : ', '{}[]', '\u2028', '\U0001f600', ':"',
]
"""Text that looks like JSON structure: a cut between events, a key, an escape."""


def outcome(load) -> Any:
    try:
        dataset = load()
    except DatasetError as exc:
        return sorted(str(p) for p in exc.problems)
    return dataset


def assert_same(sliced: Any, whole: Any) -> None:
    if isinstance(whole, list):
        assert sliced == whole  # the same problems
        return
    assert not isinstance(sliced, list), sliced
    assert sliced.events == whole.events and list(sliced.events) == list(whole.events)
    assert sliced.links == whole.links and sliced.sources == whole.sources and sliced.tracks == whole.tracks
    assert (sliced.title, sliced.description, sliced.episodes) == (whole.title, whole.description, whole.episodes)


def write_json(folder: Path, raw: dict[str, Any], style: str, bom: bool = False) -> Path:
    formats = {"compact": {"separators": (",", ":")}, "spaced": {}, "indented": {"indent": 2},
               "colon-spaced": {"separators": (" , ", " : ")}, "ascii": {"ensure_ascii": True, "indent": 1}}
    text = json.dumps(raw, allow_nan=False, **{"ensure_ascii": False, **formats[style]})
    path = folder / "sliced.json"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


@FUZZ
@given(raw=dataset_shaped, style=st.sampled_from(["compact", "spaced", "indented", "colon-spaced", "ascii"]),
       chunk=st.sampled_from([1, 40, 300, 1 << 20]), bom=st.booleans())
def test_reading_events_in_slices_gives_what_reading_the_file_whole_gives(raw, style, chunk, bom, fuzz_folder):
    try:
        path = write_json(fuzz_folder, raw, style, bom)
    except (ValueError, TypeError):  # NaN or a TOML date in a wild document: not JSON
        return
    whole = outcome(lambda: build_dataset(parse_document(path.read_bytes(), path.name, ".json"), path=path))
    with patch.object(json_chunks, "CHUNK_BYTES", chunk):
        sliced = outcome(lambda: load_dataset(path))
    assert_same(sliced, whole)


@FUZZ
@given(texts=st.lists(st.sampled_from(TRICKY) | st.text(min_size=1, max_size=12), min_size=1, max_size=6),
       style=st.sampled_from(["compact", "spaced", "indented", "colon-spaced"]), chunk=st.sampled_from([1, 90]))
def test_text_that_looks_like_json_structure_does_not_fool_the_cuts(texts, style, chunk, fuzz_folder):
    events = [a_calendar_event(f"e{i}", summary=text, people=[text], citations=[a_citation(note=text, quote=None)])
              for i, text in enumerate(texts)]
    events.append(a_plot_point("p", inference=texts[0]))
    path = write_json(fuzz_folder, a_dataset_with(events=events), style)
    with patch.object(json_chunks, "CHUNK_BYTES", chunk):
        dataset = load_dataset(path)
    assert [e.id for e in dataset.events] == [f"e{i}" for i in range(len(texts))] + ["p"]
    assert [e.summary for e in dataset.events][:-1] == texts
    assert [e.citations[0].note for e in dataset.events][:-1] == texts


def test_valid_files_are_read_in_slices(tmp_path):
    """Guards the tests above: on valid files the sliced path really does the work."""
    events = [a_calendar_event(f"e{i}", summary=TRICKY[i % len(TRICKY)]) for i in range(30)] + [a_plot_point("p")]
    for style in ("compact", "indented", "ascii"):
        path = write_dataset(tmp_path, a_dataset_with(events=events), name=f"{style}.json")
        path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2 if style == "indented" else None,
                                   ensure_ascii=style == "ascii"), encoding="utf-8")
        shares: list[float] = []
        with patch.object(json_chunks, "CHUNK_BYTES", 200):
            dataset = _load_in_slices(path, shares.append)
        assert dataset is not None, style
        assert len(dataset.events) == 31
        assert len(shares) > 5 and shares == sorted(shares) and shares[-1] == 1.0


def test_events_with_many_citations_are_cut_between_events_without_a_failed_decode(tmp_path, monkeypatch):
    events = [a_calendar_event(f"e{i}", citations=[a_citation(note=f"Note {j}.", quote=None) for j in range(12)])
              for i in range(30)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="many.json")
    failures = []
    decode = json_chunks.msgspec.json.Decoder

    class CountingDecoder:
        def __init__(self, *args):
            self.inner = decode(*args)

        def decode(self, text):
            try:
                return self.inner.decode(text)
            except json_chunks.msgspec.DecodeError:
                failures.append(text)
                raise

    monkeypatch.setattr(json_chunks.msgspec.json, "Decoder", CountingDecoder)
    with patch.object(json_chunks, "CHUNK_BYTES", 1):
        dataset = _load_in_slices(path, lambda share: None)
    assert dataset is not None and len(dataset.events) == 30
    assert all(len(e.citations) == 12 for e in dataset.events)
    assert failures == []


@pytest.mark.parametrize("text", ["a lone { brace", "a lone } brace", "[ and ] and ]", "{" * 70])
def test_text_with_unbalanced_braces_still_loads_in_slices(tmp_path, text):
    events = [a_calendar_event(f"e{i}", summary=text if i % 3 == 0 else None,
                               citations=[a_citation(note="One.", quote=None), a_citation(note="Two.", quote=None)])
              for i in range(100)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="braces.json")
    whole = build_dataset(parse_document(path.read_bytes(), path.name, ".json"), path=path)
    with patch.object(json_chunks, "CHUNK_BYTES", 1):
        dataset = _load_in_slices(path, lambda share: None)
    assert dataset is not None
    assert_same(dataset, whole)


REPEATS = [
    ('"title": "Event e3"', '"title": "Event e3", "title": "Other"'),
    ('"title": "Event e3"', '"title": "Event e3", "t\\u0069tle": "Other"'),
    ('"title": "Event e3"', '"title" : "Event e3", "title"\n: "Other"'),
    ('"source": "article"', '"source": "article", "source": "article"'),
    ('"when": "1990-10-21"', '"when": "1990-10-21", "when": "1990-10-21"'),
]


@pytest.mark.parametrize("where, repeated", REPEATS)
@pytest.mark.parametrize("chunk", [1, 1 << 20])
def test_a_repeated_key_in_an_event_is_refused(tmp_path, where, repeated, chunk):
    events = [a_calendar_event(f"e{i}") for i in range(6)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="twice.json")
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=1)
    start = text.index('"id": "e3"')
    at = text.index(where, start)
    path.write_text(text[:at] + repeated + text[at + len(where):], encoding="utf-8")
    with patch.object(json_chunks, "CHUNK_BYTES", chunk):
        assert _load_in_slices(path, lambda share: None) is None, "the sliced path must not accept it"
        with pytest.raises(DatasetError, match="is given twice"):
            load_dataset(path)


def test_a_field_written_with_its_default_value_still_loads_in_slices(tmp_path):
    """Explicit defaults make the key count differ; the slice is then checked the slow way."""
    events = [a_calendar_event("a", people=[], citations=[a_citation(stance="supports")]),
              a_calendar_event("b", summary=None)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="defaults.json")
    dataset = _load_in_slices(path, lambda share: None)
    assert dataset is not None and [e.id for e in dataset.events] == ["a", "b"]


def test_a_bad_event_far_into_a_big_file_is_reported_as_in_a_small_one(tmp_path):
    events = [a_calendar_event(f"e{i}") for i in range(40)]
    events[33]["when"] = "1990-13"
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="bad.json")
    with patch.object(json_chunks, "CHUNK_BYTES", 64):
        with pytest.raises(DatasetError) as caught:
            load_dataset(path)
    assert [(p.where, p.field) for p in caught.value.problems] == [("event 'e33'", "when")]


def test_a_repeated_event_id_across_slices_is_reported(tmp_path):
    events = [a_calendar_event(f"e{i}") for i in range(20)] + [a_calendar_event("e2")]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="ids.json")
    with patch.object(json_chunks, "CHUNK_BYTES", 64):
        with pytest.raises(DatasetError, match="duplicate id"):
            load_dataset(path)


def test_what_on_progress_raises_stops_the_load(tmp_path):
    events = [a_calendar_event(f"e{i}") for i in range(20)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="stop.json")

    class Stop(Exception):
        pass

    def stop(share: float) -> None:
        raise Stop

    with patch.object(json_chunks, "CHUNK_BYTES", 64), pytest.raises(Stop):
        load_dataset(path, on_progress=stop)


def test_a_file_with_bad_json_outside_the_events_is_left_to_the_careful_path():
    assert split_document(b'{"format": "factline/1", "title": "A", "sources": [], "tracks": [], "events": [], "x": NaN}') is None
    assert split_document(b'{"format": "factline/1", "title": "A", "title": "B", "sources": [], "tracks": [], "events": []}') is None


# -- the pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, keys", [
    (b'[{"a":1,"b":{"c":[1,2]}}]', 3),
    (b'[{"a" :1}]', None),
    (b'[{"a":"x: y"}]', 1),
    (b'[{"a":"\\":"}]', 2),  # an escaped quote before a colon counts as a key: an over-count is safe
    (b'[1, 2]', 0),
])
def test_keys_are_counted_from_text_or_not_at_all(text, keys):
    assert keys_in_text(text) == keys


@given(values=st.lists(st.none() | st.text(max_size=20), max_size=40), cut=st.integers(0, 40))
def test_a_text_column_joined_from_pieces_reads_back_what_it_was_given(values, cut):
    cut = min(cut, len(values))
    parts = [present_text(values[:cut], 0), present_text(values[cut:], cut)]
    column = text_column_from_parts(parts, len(values))
    assert [column[i] for i in range(len(values))] == values
    assert column.tolist() == values
    assert isinstance(column, SparseText) == prefers_sparse(sum(v is not None for v in values), len(values))
    assert not parts  # each piece let go once joined


@given(pieces=st.lists(st.lists(st.none() | st.text(max_size=12)), max_size=4))
def test_packed_text_reads_back_every_entry_of_every_piece(pieces):
    """UTF-8 of any width (and the empty string, and None), joined from pieces as a load does."""
    values = [v for piece in pieces for v in piece]
    column = PackedText.joined([PackedText.of(piece) for piece in pieces])
    assert len(column) == len(values)
    assert column.tolist() == values == [column[i] for i in range(len(values))]
    assert column.take(range(len(values) - 1, -1, -1)) == values[::-1]
    if values:
        assert column[-1] == values[-1]
    with pytest.raises(IndexError):
        column[len(values)]


def test_packed_text_costs_its_bytes_plus_an_offset_per_entry():
    titles = [f"Concert harbour no. {i}" for i in range(1000)]
    column = PackedText.of(titles)
    assert column.nbytes == sum(len(t) for t in titles) + 4 * 1001
    assert PackedText.of(["naïve", "\ud800 kept as written", "日本"]).tolist() == ["naïve", "\ud800 kept as written", "日本"]


def test_a_coded_text_column_stores_each_value_once():
    column = CodedText.of(["1990", None, "1990", "1991", None])
    assert column.tolist() == ["1990", None, "1990", "1991", None]
    assert column.values.tolist() == ["1990", None, "1991"] and column[3] == "1991" and len(column) == 5


def test_a_repeated_id_is_found_among_the_hashes():
    def table(ids: list[str]) -> EventTable:
        n = len(ids)
        return EventTable(ids=ids, track=[0] * n, track_ids=["t"], titles=ids, start=[0.0] * n, end=[0.0] * n,
                          early=[0.0] * n, late=[0.0] * n, flags=[0] * n, verdict=[-1] * n, when=[None] * n,
                          summary=[None] * n, people=[None] * n, citation_counts=[0] * n, source_ids=[],
                          cite_source=[], cite_quote=[], cite_note=[], cite_stance=[], cite_span=[], extras={})

    assert table(["a", "b", "c"]).repeated_id() is None
    assert table(["a", "b", "a"]).repeated_id() == "a"
    assert table([]).repeated_id() is None


# -- found by review: each would have crashed, fallen back, or hidden a repeated key -------------


def test_events_nested_too_deeply_are_refused_in_words(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "factline/1", "title": "t", "sources": [], "tracks": [], "events": [{"x": '
                    + "[" * 1000 + "]" * 1000 + "}]}", encoding="utf-8")
    with pytest.raises(DatasetError, match="nested too deeply"):
        load_dataset(path)


def test_an_unpaired_surrogate_escape_is_refused_in_words(tmp_path):
    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("a", summary="half: SURROGATE")]),
                         name="surrogate.json")
    path.write_text(path.read_text(encoding="utf-8").replace("SURROGATE", "\\ud800"), encoding="utf-8")
    with pytest.raises(DatasetError, match="surrogate"):
        load_dataset(path)
    pair = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("a", summary="pair: PAIR")]), name="pair.json")
    pair.write_text(pair.read_text(encoding="utf-8").replace("PAIR", "\\ud83d\\ude00"), encoding="utf-8")
    assert load_dataset(pair).event("a").summary == "pair: \U0001f600"


def test_a_clean_file_with_every_field_set_is_never_checked_twice(tmp_path, monkeypatch):
    """The key count must equal the fields held exactly: were it computed wrongly either way,
    every slice would go through json again (and a too-high count could hide a repeat)."""
    full = a_calendar_event("a", summary="S", people=["P"], disputed="D", inference="I",
                            citations=[a_citation(stance="disputes"), a_citation(quote=None, note="N")])
    plot = a_plot_point("p", episode=1, episode_end=2, minute=3.5, order=1, summary="S", people=["Q"],
                        disputed="D", inference="I", citations=[a_citation(quote="was killed", note="N", stance="disputes")])
    plot.pop("minute")  # a bar to the end of episode 2 has no minute
    path = write_dataset(tmp_path, a_dataset_with(events=[full, plot, a_calendar_event("bare")]), name="full.json")
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), separators=(",", ":")), encoding="utf-8")
    from viewer.dataset import bulk as bulk_module

    checked = []
    monkeypatch.setattr(bulk_module, "is_strict_json", lambda text: checked.append(text) or True)
    with patch.object(json_chunks, "CHUNK_BYTES", 1):
        loaded = _load_in_slices(path, lambda share: None)
    assert loaded is not None and [e.id for e in loaded.events] == ["a", "p", "bare"]
    assert checked == []


def test_a_lone_bracket_among_events_with_many_citations_still_loads_in_slices(tmp_path):
    events = [a_calendar_event(f"e{i}", citations=[a_citation(note=f"Note {j}.", quote=None) for j in range(20)])
              for i in range(300)]
    events[5]["title"] = "a [ b"
    events[150]["summary"] = "a lone } here"
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="lone.json")
    whole = build_dataset(parse_document(path.read_bytes(), path.name, ".json"), path=path)
    with patch.object(json_chunks, "CHUNK_BYTES", 3000):
        dataset = _load_in_slices(path, lambda share: None)
    assert dataset is not None, "fell back to reading the file whole"
    assert_same(dataset, whole)


def test_a_syntax_error_in_a_one_line_file_says_which_item_it_follows(tmp_path):
    events = [a_calendar_event(f"e{i}") for i in range(40)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="cut.json")
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), separators=(",", ":"))
    path.write_text(text[:text.index('"id":"e31"') + 12], encoding="utf-8")  # cut off inside event e31, after its id
    with pytest.raises(DatasetError, match="near the item with id 'e31'") as caught:
        load_dataset(path)
    assert "line 1, column" in str(caught.value)


def test_nan_or_a_repeated_key_in_a_citation_names_the_event_and_the_field(tmp_path):
    events = [a_calendar_event(f"e{i}") for i in range(5)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="where.json")
    text = path.read_text(encoding="utf-8")
    at = text.index('"source"', text.index('"id": "e3"'))
    path.write_text(text[:at] + '"source": "article", ' + text[at:], encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == ("event 'e3'", "citations[0].source")
    path.write_text(text.replace('"id": "e2",', '"id": "e2", "minute": Infinity,'), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == ("event 'e2'", "minute") and "Infinity" in problem.message


# -- the patterns slices leave to the bulk builder ---------------------------------------------------

ID_LIKE = st.text(alphabet=st.sampled_from("aZ09._:- \n\t\u00e9\u0660/"), max_size=6)


@given(ids=st.lists(ID_LIKE, max_size=6))
def test_ids_checked_all_at_once_pass_exactly_when_each_matches_the_id_pattern(ids):
    import re

    from viewer.dataset import schema

    each = all(re.fullmatch(schema.ID_PATTERN, i) for i in ids)
    assert schema.all_ids_well_formed(ids) == each


@given(texts=st.lists(st.text(alphabet=st.sampled_from("19X~? \n\t\u00a0\u2028/"), min_size=1, max_size=5), max_size=5))
def test_dates_checked_all_at_once_pass_exactly_when_each_matches_the_when_pattern(texts):
    import re

    from viewer.dataset import schema

    each = all(re.fullmatch(schema.WHEN_PATTERN, t) for t in texts)
    assert schema.no_space_in(texts) == each


@pytest.mark.parametrize("field, value", [("id", "e 6"), ("id", "-e6"), ("id", "e6\n"), ("when", "1990 "),
                                          ("when", "1990\u00a0")])
def test_a_pattern_broken_far_into_a_big_file_is_reported_as_in_a_small_one(tmp_path, field, value):
    events = [a_calendar_event(f"e{i}") for i in range(40)]
    events[33][field] = value
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="big.json")
    with patch.object(json_chunks, "CHUNK_BYTES", 64):
        with pytest.raises(DatasetError) as info:
            load_dataset(path)
    assert [p.field for p in info.value.problems] == [field], [str(p) for p in info.value.problems]

