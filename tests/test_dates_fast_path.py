"""The fast paths for plain dates agree with the general EDTF parser, and the general parser's
stated bounds agree with the ``edtf`` library's wherever that library is right. Pure: no Qt.

``plain_ranges`` (vectorised, for files of a million events) and the plain-date shortcut of
``parse_date`` must give exactly what ``_parse_general`` gives; the ``edtf`` library is an
independent reading of the specification for the stated (unwidened) range of the common forms.
"""

from __future__ import annotations

import contextlib
import io
import math

import numpy as np

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.dates import (NOT_PLAIN, PLAIN_INTERVAL, EdtfError, _parse_general, days_from_civil, parse_date,
                               plain_ranges)

years = st.one_of(st.integers(1, 9999), st.integers(1900, 2030), st.sampled_from([2, 4, 1900, 2000, 9997]))
qualifiers = st.sampled_from(["", "~", "?", "%"])


@st.composite
def parts(draw, qualified: bool = True) -> str:
    year = draw(years)
    kind = draw(st.sampled_from(["year", "month", "day", "decade", "century", "season"]))
    if kind == "year":
        text = f"{year:04d}"
    elif kind == "month":
        text = f"{year:04d}-{draw(st.integers(1, 13)):02d}"
    elif kind == "day":
        text = f"{year:04d}-{draw(st.integers(1, 12)):02d}-{draw(st.sampled_from([1, 15, 28, 29, 30, 31])):02d}"
    elif kind == "season":
        text = f"{year:04d}-{draw(st.integers(21, 24))}"
    elif kind == "decade":
        text = f"{year:04d}"[:3] + "X"
    else:
        text = f"{year:04d}"[:2] + "XX"
    return text + (draw(qualifiers) if qualified else "")


def general(text: str):
    try:
        return _parse_general(text).bounds
    except EdtfError:
        return None


@given(first=parts(qualified=False), second=st.one_of(st.none(), parts(qualified=False)))
@settings(max_examples=400, deadline=None)
def test_the_vectorised_plain_path_agrees_with_the_general_parser(first, second):
    text = first if second is None else f"{first}/{second}"
    [kind], [start], [end] = plain_ranges([text])
    slow = general(text)
    if kind == NOT_PLAIN:
        return  # left to parse_date (seasons, Xs, impossible dates)
    assert slow is not None, text
    assert (start, end) == (slow.core_start, slow.core_end) == (slow.start_earliest, slow.end_latest)
    assert (kind == PLAIN_INTERVAL) == slow.is_interval


@given(first=parts(), second=st.one_of(st.none(), parts()))
@settings(max_examples=400, deadline=None)
def test_parse_dates_shortcut_for_plain_dates_agrees_with_the_general_parser(first, second):
    text = first if second is None else f"{first}/{second}"
    slow = general(text)
    try:
        fast = parse_date(text, remember=False)
    except EdtfError:
        fast = None
    assert fast == slow


def edtf_strict(text: str) -> tuple[float, float] | None:
    """The ``edtf`` library's stated range of a date, in days (end exclusive); None if it cannot say."""
    import edtf

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            parsed = edtf.parse_edtf(text)
            lo, hi = parsed.lower_strict(), parsed.upper_strict()
        except Exception:
            return None
    return (float(days_from_civil(lo.tm_year, lo.tm_mon, lo.tm_mday)),
            float(days_from_civil(hi.tm_year, hi.tm_mon, hi.tm_mday) + 1))


@given(text=parts())
@settings(max_examples=300, deadline=None)
def test_the_stated_range_agrees_with_the_edtf_library_where_it_is_right(text):
    if text[5:7].isdigit() and int(text[5:7]) >= 21:
        return  # the library ends winter on 31 December (seasons are checked in test_edtf_spec)
    ours, theirs = general(text), edtf_strict(text)
    if ours is None or theirs is None:
        return  # refused: e.g. 2001-02-29, which the library accepts and this app does not
    assert (ours.core_start, ours.core_end) == theirs, text


def test_the_common_plain_forms_take_the_vectorised_path():
    texts = ["1990", "1990-10", "1990-10-21", "1989/1993-05"] * 3
    kind, start, end = plain_ranges(texts)
    assert (kind != NOT_PLAIN).all() and not any(math.isnan(v) for v in start.tolist() + end.tolist())


@given(texts=st.lists(st.one_of(parts(), st.builds(lambda a, b: f"{a}/{b}", parts(), parts())), min_size=1, max_size=20),
       odd=st.sampled_from(["1990-10-21\u00e9", "\u0661\u0669\u0669\u0660", "1990\u2013"]))
@settings(max_examples=200, deadline=None)
def test_a_batch_holding_a_date_that_is_not_ascii_is_worked_out_the_same(texts, odd):
    """Dates are read as bytes when all are ASCII and as code points when one is not: the same
    dates give the same results either way, and the odd one is left to the general parser."""
    from viewer.core.plain_dates import plain_bounds

    kind, bounds = plain_bounds(texts)
    mixed_kind, mixed_bounds = plain_bounds(texts + [odd])
    assert mixed_kind[-1] == NOT_PLAIN
    assert (mixed_kind[:-1] == kind).all()
    assert np.array_equal(mixed_bounds[:-1], bounds, equal_nan=True)
