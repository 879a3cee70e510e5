"""The two schemas agree, and the two ways of building events give the same events. Pure: no Qt.

Well-formed files are validated by msgspec in one pass (viewer.dataset.schema); the rest are checked by
pydantic item by item, to word every problem (viewer.dataset.problems). If the two disagreed, a
file could load that should be refused, or be refused with no problem to show. Likewise the
bulk event builder (one pass per field, for speed) must give exactly what the careful
one-by-one builder gives.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conftest import a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from test_fuzz_loader import FUZZ, dataset_shaped, shaped
from viewer.dataset import schema
from viewer.dataset import problems as schema_report
from viewer.dataset.build import _Builder
from viewer.dataset.load import DatasetError, build_dataset, load_dataset, parse_document
from viewer.core.dates import PLAIN_DATE, PLAIN_INTERVAL, EdtfError, parse_date, plain_ranges
from viewer.core.model import EventTable, pack_names, unpack_names


def pydantic_accepts(raw: dict[str, Any]) -> bool:
    """Whether the report path finds nothing wrong with the file's structure."""
    if set(raw) - schema.TOP_LEVEL:
        return False
    header, problems = schema_report.header_problems(raw)
    if problems:
        return False
    for key, noun, required in (("sources", "source", True), ("tracks", "track", True), ("episodes", "episode", False),
                                ("events", "event", True), ("links", "link", False)):
        items = raw.get(key)
        if items is None and not required:
            continue
        if not isinstance(items, list):
            return False
        _, bad = schema_report.validate_items(items, schema_report.SPECS[noun])
        if bad:
            return False
    return True


@FUZZ
@given(raw=dataset_shaped)
def test_msgspec_and_pydantic_accept_the_same_documents(raw):
    assert (schema.convert(raw) is not None) == pydantic_accepts(raw)


@FUZZ
@given(raw=dataset_shaped)
def test_json_files_take_the_same_path_as_the_same_data_in_toml(raw):
    try:
        text = json.dumps(raw, allow_nan=False)
    except (TypeError, ValueError):  # dates, times, NaN: not JSON
        return
    assert (schema.decode_json(text) is not None) == (schema.convert(raw) is not None)



def outcome(build) -> Any:
    try:
        return build()
    except DatasetError as exc:
        return [str(p) for p in exc.problems]


class CarefulBuilder(_Builder):
    """The builder without its bulk pass: every event goes through the one-by-one pass."""

    def _events_in_bulk(self, *args: Any) -> None:
        return None


def build_one_by_one(raw: dict[str, Any], path: Path) -> Any:
    builder = CarefulBuilder(path.name, path)
    document = schema.convert(raw)
    return builder.build_document(document) if document is not None else builder.build_reported(raw)


@FUZZ
@given(raw=shaped(wild=False))
def test_bulk_and_one_by_one_builders_agree(raw, fuzz_folder):
    path = fuzz_folder / "fuzz.json"
    bulk = outcome(lambda: build_dataset(raw, path=path))
    careful = outcome(lambda: build_one_by_one(raw, path))
    if isinstance(bulk, list):
        assert bulk == careful  # the same problems, in the same order
    else:
        assert not isinstance(careful, list), careful
        assert bulk.events == careful.events
        assert list(bulk.events) == list(careful.events)


def test_the_bulk_builder_is_the_one_that_builds_a_valid_file(monkeypatch, tmp_path):
    """Guards the test above: on a valid file the bulk builder really does the work."""
    calls = []
    original = _Builder._events_in_bulk

    def spy(self, *args):
        table = original(self, *args)
        calls.append(table)
        return table

    monkeypatch.setattr(_Builder, "_events_in_bulk", spy)
    (tmp_path / "article.txt").write_text("Dana Orr was killed in a terror attack in 1990.", encoding="utf-8")
    data = a_dataset_with(events=[a_calendar_event("a", when="1990~", people=["X\x1fY", "Z"]),
                                  a_calendar_event("b", when="1989/1993-05"),
                                  a_plot_point("p", episode=2, citations=[a_citation(quote="was killed")])])
    dataset = build_dataset(data, path=tmp_path / "d.json")
    assert isinstance(calls[0], EventTable)
    assert dataset.event("a").people == ("X\x1fY", "Z")
    assert dataset.event("b").date.edtf == "1989/1993-05"
    assert dataset.event("p").citations[0].span is not None


def test_a_json_file_with_a_repeated_key_is_refused_before_msgspec_keeps_the_last():
    text = b'{"format": "factline/1", "title": "A", "title": "B", "sources": [], "tracks": [], "events": []}'
    try:
        parse_document(text, "twice.json", ".json")
    except DatasetError as exc:
        assert "twice.json: title: is given twice in one object" in str(exc)
    else:
        raise AssertionError("a repeated key must be refused")


# ---------------------------------------------------------------------------------------------
# Pieces of the columnar store

plain_parts = st.builds(
    lambda y, m, d, shape: (f"{y:04d}" if y >= 0 else f"-{-y:04d}") + ("" if shape == 0 else f"-{m:02d}")
    + ("" if shape < 2 else f"-{d:02d}"),
    st.integers(-9999, 9999), st.integers(0, 25), st.integers(0, 32), st.integers(0, 2))


@FUZZ
@given(texts=st.lists(st.one_of(plain_parts, st.builds(lambda a, b: f"{a}/{b}", plain_parts, plain_parts),
                                st.text(max_size=12)), max_size=30))
def test_bulk_date_ranges_equal_parse_date(texts):
    kind, start, end = plain_ranges(texts)
    for text, k, a, b in zip(texts, kind, start, end):
        if k == 0:
            continue  # left to parse_date, which the rest of the suite covers
        bounds = parse_date(text)  # a plain kind must parse (raising here fails the test)
        assert bounds.is_interval == (k == PLAIN_INTERVAL)
        assert (bounds.core_start, bounds.core_end, bounds.start_earliest, bounds.end_latest) == (a, b, a, b)
        assert not (bounds.approximate or bounds.uncertain)


def test_bulk_date_ranges_leave_invalid_and_unusual_dates_to_the_parser():
    texts = ["1990-02-30", "1990-13", "1990-21", "1990/1989", "1990~", "199X", "../1990", "1990-00", "1990-05-00"]
    kind, _, _ = plain_ranges(texts)
    assert kind.tolist() == [0] * len(texts)
    for text in ("1990-02-30", "1990-13", "1990/1989", "1990-00", "1990-05-00"):
        try:
            parse_date(text)
        except EdtfError:
            pass
        else:
            raise AssertionError(f"{text} should be invalid")
    kind, start, end = plain_ranges(["2000-02-29", "1900", "1989/1993-05"])
    assert kind.tolist() == [PLAIN_DATE, PLAIN_DATE, PLAIN_INTERVAL]
    assert end[0] - start[0] == 1 and end[1] - start[1] == 365 and not math.isnan(start[2])


@given(names=st.lists(st.text(max_size=10), max_size=4))
def test_packed_names_unpack_to_the_same_names(names):
    assert unpack_names(pack_names(names)) == tuple(names)


def test_event_ids_are_found_by_row_and_unknown_ones_are_not(tmp_path):
    events = [a_calendar_event(f"e{i}", when="1990") for i in range(50)]
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=events)))
    table = dataset.events
    assert [table.row_of(f"e{i}") for i in range(50)] == list(range(50))
    assert table.row_of("e50") is None and table.row_of("") is None and table.row_of(3) is None  # type: ignore[arg-type]
    assert not dataset.has_event("nope")


def test_citations_by_source_counts_what_the_events_cite(bundled_dataset):
    from collections import Counter

    import numpy as np

    from unittest.mock import patch

    import viewer.core.model

    table = bundled_dataset.events
    for block in (65536, 7, 1):  # counted a block of rows at a time: blocks must add up
        with patch.object(viewer.core.model, "_ROWS_AT_A_TIME", block):
            for rows in (np.arange(len(table)), np.arange(0, len(table), 3), np.empty(0, dtype=np.int64),
                         np.arange(len(table), dtype=np.int32)[::-1]):
                expected = Counter(c.source_id for r in rows for c in table[int(r)].citations)
                assert table.citations_by_source(rows) == dict(expected)
    assert table.track_of("iris-azulai-killed") == bundled_dataset.event("iris-azulai-killed").track_id


@given(values=st.lists(st.none() | st.text(max_size=20), max_size=40))
def test_a_text_column_reads_back_what_it_was_given_sparse_or_dense(values):
    from viewer.core.model import SparseText, text_column

    for column in (SparseText(values), text_column(values)):
        assert len(column) == len(values)
        assert column.tolist() == values
        assert [column[i] for i in range(len(values))] == values
