"""The shortcuts a big JSON file's load takes give what the careful way gives. Pure: no Qt.

- Fields no earlier slice held are not read (each row is taken to hold its default), which only
  the key count proves: a field that first appears far into a file, or is repeated there, or
  sits on the wrong kind of event, is still read, refused or reported as in a small file.
- Each event's track and each citation's source are decoded as one of those declared.
- Dates qualified as a whole (``1990-10-21~``) are worked out many at a time.
- Keys are counted two bytes at a time; people are packed at C speed.
"""

from __future__ import annotations

import json
import re
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from test_dates_fast_path import general, parts
from test_json_slices import assert_same
from viewer.core.model import pack_names, present_names, present_text
from viewer.core.plain_dates import NOT_PLAIN, PLAIN_INTERVAL, plain_bounds
from viewer.dataset import slices as json_chunks
from viewer.dataset.load import DatasetError, _load_in_slices, build_dataset, load_dataset, parse_document
from viewer.dataset.slices import keys_in_text

LATE_FIELDS = [
    ("disputed", "Some say otherwise."), ("inference", "Read between the lines."), ("summary", "What happened."),
    ("people", ["Ann", "Bo"]),
]


def big_file(tmp_path, late: dict | None = None, late_citation: dict | None = None, name: str = "late.json"):
    """Forty calendar events and a plot point, the last events changed by ``late``."""
    events = [a_calendar_event(f"e{i}", citations=[a_citation(note=f"Note {i}.", quote=None)]) for i in range(40)]
    events.insert(3, a_plot_point("p"))
    for event in events[-3:]:
        event.update(late or {})
        event["citations"][0].update(late_citation or {})
    return write_dataset(tmp_path, a_dataset_with(events=events), name=name)


def whole_and_sliced(path, chunk: int = 64):
    whole = build_dataset(parse_document(path.read_bytes(), path.name, ".json"), path=path)
    with patch.object(json_chunks, "CHUNK_BYTES", chunk):
        sliced = _load_in_slices(path, lambda share: None)
    return whole, sliced


@pytest.mark.parametrize("field, value", LATE_FIELDS)
def test_a_field_that_first_appears_far_into_a_file_is_read(tmp_path, field, value):
    whole, sliced = whole_and_sliced(big_file(tmp_path, {field: value}))
    assert sliced is not None, "fell back to reading the file whole"
    assert_same(sliced, whole)
    assert getattr(sliced.event("e39"), field) == (tuple(value) if field == "people" else value)


@pytest.mark.parametrize("citation", [{"stance": "disputes"}, {"quote": "was killed in a terror attack"}])
def test_a_citation_field_that_first_appears_far_into_a_file_is_read(tmp_path, citation):
    whole, sliced = whole_and_sliced(big_file(tmp_path, late_citation=citation))
    assert sliced is not None
    assert_same(sliced, whole)
    assert sliced.event("e39").citations != whole.event("e0").citations


@pytest.mark.parametrize("field", ["disputed", "inference", "summary", "stance"])
def test_a_field_repeated_where_it_first_appears_is_refused(tmp_path, field):
    path = big_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    at = text.index('"id": "e38"')
    value = '"disputes"' if field == "stance" else '"One."'
    repeat = f'"{field}": {value}, "{field}": {value}, '
    at = text.index('"source"', at) if field == "stance" else at
    path.write_text(text[:at] + repeat + text[at:], encoding="utf-8")
    with patch.object(json_chunks, "CHUNK_BYTES", 64):
        assert _load_in_slices(path, lambda share: None) is None, "the sliced path must not accept it"
        with pytest.raises(DatasetError, match="is given twice"):
            load_dataset(path)


@pytest.mark.parametrize("field, value", [("episode", 2), ("minute", 3.0), ("order", 1), ("verdict", "true"),
                                          ("episode_end", 2)])
def test_a_plot_points_field_on_a_calendar_event_far_into_a_file_is_reported(tmp_path, field, value):
    path = big_file(tmp_path, {field: value})
    with patch.object(json_chunks, "CHUNK_BYTES", 64):
        assert _load_in_slices(path, lambda share: None) is None
        with pytest.raises(DatasetError) as caught:
            load_dataset(path)
    assert {(p.where, p.field) for p in caught.value.problems} >= {("event 'e39'", field)}


def test_a_plot_point_in_every_slice_keeps_its_fields(tmp_path):
    events = []
    for i in range(30):
        events.append(a_calendar_event(f"e{i}", citations=[a_citation(note="N.", quote=None)]))
        events.append(a_plot_point(f"p{i}", episode=1 + i % 3, **({"minute": float(i)} if i % 2 else {"order": i})))
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="plots.json")
    whole, sliced = whole_and_sliced(path, chunk=40)
    assert sliced is not None
    assert_same(sliced, whole)


@pytest.mark.parametrize("change", [{"track": "elsewhere"}, {"track": "real "}])
def test_an_unknown_track_far_into_a_big_file_is_reported_as_in_a_small_one(tmp_path, change):
    path = big_file(tmp_path, change)
    with patch.object(json_chunks, "CHUNK_BYTES", 64), pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert {(p.where, p.field) for p in caught.value.problems} == {(f"event 'e{i}'", "track") for i in (37, 38, 39)}


def test_an_unknown_source_far_into_a_big_file_is_reported_as_in_a_small_one(tmp_path):
    path = big_file(tmp_path, late_citation={"source": "nowhere"})
    with patch.object(json_chunks, "CHUNK_BYTES", 64), pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert {(p.where, p.field) for p in caught.value.problems} == {
        (f"event 'e{i}'", "citations[0].source") for i in (37, 38, 39)}


def test_slices_share_the_declared_track_and_source_strings(tmp_path):
    path = big_file(tmp_path)
    document, pieces = json_chunks.split_document(path.read_bytes())
    rows = [row for piece in pieces for row in piece.rows]
    assert len({id(row.track) for row in rows if row.track == "real"}) == 1
    assert len({id(row.citations[0].source) for row in rows}) == 1


# -- dates qualified as a whole -------------------------------------------------------------------


PLAIN_FORM = re.compile(r"-?[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-9]{2})?)?[~?%]?")


@given(first=parts(), second=st.one_of(st.none(), parts()))
@settings(max_examples=600, deadline=None)
def test_qualified_plain_dates_worked_out_together_agree_with_the_general_parser(first, second):
    text = first if second is None else f"{first}/{second}"
    [kind], [(core_start, core_end, earliest, latest, qualified)] = plain_bounds([text])
    slow = general(text)
    if kind == NOT_PLAIN:  # only what is not of the form (seasons, Xs), or not a date at all
        assert slow is None or not all(PLAIN_FORM.fullmatch(piece) for piece in text.split("/")), text
        return
    assert slow is not None, text
    assert (core_start, core_end, earliest, latest) == (slow.core_start, slow.core_end, slow.start_earliest,
                                                         slow.end_latest), text
    assert bool(qualified) == (slow.approximate or slow.uncertain)
    assert (kind == PLAIN_INTERVAL) == slow.is_interval


@pytest.mark.parametrize("text", ["1990~?", "~1990", "1990~-10", "1990-10~-21", "1990\x00", "1990-1", "1990-10-2",
                                  "1990 ", "1990-10-21~/", "/1990~", "1990//1991", "1990~~", "1990-02-30~",
                                  "1991~/1990", "-1990-1", "1990-10-21T10:00:00", "1990-10-21/1990-10-20~"])
def test_near_misses_are_left_to_the_general_parser(text):
    [kind], _ = plain_bounds([text])
    assert kind == NOT_PLAIN


def test_a_file_of_qualified_dates_places_them_as_the_careful_path_does(tmp_path):
    dates = ["1990-10-21~", "1990-10?", "1990%", "-0044-03-15~", "1989~/1993~", "1989?/1993", "2000-02-29%/2001",
             "1990-12~", "1990-01?", "0000-01-01%", "9999~", "1990-21", "199X", "1990-10-21"]
    events = [a_calendar_event(f"e{i}", when=d, citations=[a_citation(note="N.", quote=None)])
              for i, d in enumerate(dates * 3)]
    path = write_dataset(tmp_path, a_dataset_with(events=events), name="qualified.json")
    whole, sliced = whole_and_sliced(path)
    assert sliced is not None
    assert_same(sliced, whole)
    careful = [tuple(x.tolist()) for x in whole.events.placed()]
    assert careful == [tuple(x.tolist()) for x in sliced.events.placed()]


# -- the pieces -----------------------------------------------------------------------------------


@given(text=st.binary(max_size=40) | st.lists(st.sampled_from([b'"', b":", b" ", b"\t", b"\n", b"\r", b"a", b"\\"]),
                                               max_size=30).map(b"".join))
def test_keys_counted_two_bytes_at_a_time_are_the_quote_colons(text):
    spaced = any(space + b":" in text for space in (b" ", b"\t", b"\r", b"\n"))
    assert keys_in_text(text) == (None if spaced else text.count(b'":'))


NAMES = st.lists(st.text(alphabet=st.sampled_from("ab \x1f\x1e\u00e9"), max_size=4), max_size=3)


@given(people=st.lists(NAMES, max_size=8), first=st.integers(0, 5))
def test_people_packed_at_c_speed_are_packed_as_one_by_one(people, first):
    rows, values = present_names(people, first)
    expected_rows, expected = present_text([pack_names(names) for names in people], first)
    assert rows.tolist() == expected_rows.tolist() and values.tolist() == expected.tolist()


def test_key_counting_handles_any_length():
    for n in range(6):
        text = json.dumps([{"k": i} for i in range(n)], separators=(",", ":")).encode()
        assert keys_in_text(text) == n
        assert keys_in_text(b" " + text) == n


def test_stance_codes_are_the_same_whether_or_not_every_citation_supports():
    from viewer.dataset.bulk import _stance_codes
    from viewer.dataset.rows import STANCE_CODES

    for stances in (["supports"] * 5, ["supports", "disputes", "supports"], ["disputes"], []):
        assert _stance_codes(stances).tolist() == [STANCE_CODES[s] for s in stances]
        assert _stance_codes(stances).dtype == np.int8
