"""The qualified-date fast path (``1990~``, ``1990-05?``, ``199X``, ``1989~/1993~``) gives exactly
the bounds the ``edtf`` library gives, and leaves everything it is unsure of to ``edtf``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.dates import EdtfError, _parse_qualified, _parse_with_edtf

years = st.one_of(st.integers(1, 9999), st.integers(1900, 2030), st.sampled_from([2, 4, 1900, 2000, 9997]))
qualifiers = st.sampled_from(["", "~", "?", "%"])


@st.composite
def parts(draw) -> str:
    year = draw(years)
    kind = draw(st.sampled_from(["year", "month", "day", "decade"]))
    if kind == "year":
        text = f"{year:04d}"
    elif kind == "month":
        text = f"{year:04d}-{draw(st.integers(1, 13)):02d}"
    elif kind == "day":
        text = f"{year:04d}-{draw(st.integers(1, 12)):02d}-{draw(st.sampled_from([1, 15, 28, 29, 30, 31])):02d}"
    else:
        text = f"{year:04d}"[:3] + "X"
    return text + draw(qualifiers)


@given(first=parts(), second=st.one_of(st.none(), parts()))
@settings(max_examples=600, deadline=None)
def test_the_fast_path_agrees_with_edtf_whenever_it_answers(first, second):
    text = first if second is None else f"{first}/{second}"
    fast = _parse_qualified(text)
    if fast is None:
        return  # left to edtf
    try:
        slow = _parse_with_edtf(text)
    except EdtfError:
        slow = None
    assert fast == slow


def test_common_qualified_forms_take_the_fast_path():
    for text in ("1990~", "1990?", "1990%", "1990-05?", "1990-05-31~", "199X", "199X~", "1989~/1993~", "1990?/1993"):
        assert _parse_qualified(text) == _parse_with_edtf(text), text
