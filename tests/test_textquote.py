"""Verbatim quote matching that tolerates only typesetting differences. Pure: no Qt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SNAPSHOT_TEXT
from viewer.core.quotes import find_quote, normalise


def span_of(quote: str, text: str = SNAPSHOT_TEXT) -> str | None:
    found = find_quote(quote, normalise(text))
    return None if found is None else text[found[0]:found[1]]


@pytest.mark.parametrize(("quote", "original"), [
    ('Orr later said: "I wanted', "Orr later said: \u201cI wanted"),          # straight for curly double
    ("Lisbon's restaurants", "Lisbon\u2019s restaurants"),                # straight for curly single
    ("terror attack - she was 19", "terror attack \u2014 she was 19"),        # hyphen for em dash
    ("terror attack -- she", None),                                           # but two hyphens are two
    ("about loss... and about love", "about loss\u2026   and about love"),    # dots for ellipsis, run of spaces
    ("invented story.\nIn  1990", "invented story.\nIn 1990"),              # white space in the quote
])
def test_typographic_variants_match_and_the_span_covers_the_original(quote, original):
    assert span_of(quote) == original


def test_curly_quotes_in_the_quote_match_straight_ones_in_the_snapshot():
    assert span_of("\u201cit\u2019s here\u201d", 'He said "it\'s here" twice.') == '"it\'s here"'


def test_an_en_dash_in_the_quote_matches_a_hyphen_in_the_snapshot():
    assert span_of("1989\u20131993", "from 1989-1993 on") == "1989-1993"


def test_a_changed_word_does_not_match():
    assert span_of("was murdered in a terror attack") is None


def test_a_changed_case_does_not_match():
    assert span_of("Was killed in a terror attack") is None


def test_changed_punctuation_does_not_match():
    assert span_of("an invented story;") is None


def test_a_quote_that_cuts_a_word_short_does_not_match():
    assert span_of("Azulai, was kill") is None
    assert span_of("as killed") is None


def test_a_quote_that_cuts_one_word_can_still_match_a_later_whole_word():
    assert span_of("kill", "killed, then kill") == "kill"
    assert find_quote("kill", normalise("killed, then kill")) == (13, 17)


def test_a_quote_at_the_very_start_and_end_of_the_snapshot_matches():
    assert span_of("Dana Orr") == "Dana Orr"
    assert span_of("before acting.") == "before acting."


def test_an_empty_or_blank_quote_never_matches():
    assert find_quote("", normalise(SNAPSHOT_TEXT)) is None
    assert find_quote("  \n ", normalise(SNAPSHOT_TEXT)) is None


def test_offsets_index_the_original_text_after_folded_characters():
    text = "\u201cA\u201d \u2026   \u2014 end"
    start, end = find_quote('"A" ... - end', normalise(text))
    assert (start, end) == (0, len(text))


def test_normalised_origin_maps_every_character_back_and_the_end():
    text = "  a\u2026\t\tb  "
    folded = normalise(text)
    assert folded.text == "a... b"
    assert folded.origin == (2, 3, 3, 3, 4, 6, len(text))


_WORDS = st.text(alphabet="abcXY19", min_size=1, max_size=6)
_GAPS = st.text(alphabet=" \n\t\u2019'\u201c\"\u2014-\u2026.,", min_size=1, max_size=4)


@given(st.lists(st.tuples(_WORDS, _GAPS), min_size=1, max_size=12), st.data())
def test_any_whole_word_passage_of_a_snapshot_is_found_and_its_span_normalises_to_it(pieces, data):
    tokens = [t for pair in pieces for t in pair]
    text = "".join(tokens)
    first = data.draw(st.integers(0, len(tokens) - 1))
    last = data.draw(st.integers(first, len(tokens) - 1))
    passage = "".join(tokens[first:last + 1])
    needle = normalise(passage).text
    found = find_quote(passage, normalise(text))
    if not needle:
        assert found is None
        return
    assert found is not None
    assert needle in normalise(text[found[0]:found[1]]).text
