"""Verbatim quote matching that tolerates only typesetting differences. Pure: no Qt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SNAPSHOT_TEXT
from viewer.core.quotes import closest_passage, find_quote, normalise


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
    assert tuple(folded.origin) == (2, 3, 3, 3, 4, 6, len(text))


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


# -- what copying from web pages and PDFs leaves in the text ---------------------------------------

NFD_E = "e\u0301"  # 'é' as a letter and a combining acute


@pytest.mark.parametrize(("quote", "snapshot", "highlighted"), [
    # NFD in the snapshot, composed in the quote, and the other way round
    ("le réalisateur", f"Selon le r{NFD_E}alisateur, oui.", f"le r{NFD_E}alisateur"),
    (f"le r{NFD_E}alisateur", "Selon le réalisateur, oui.", "le réalisateur"),
    # an accent on the last letter: the highlight keeps the combining mark
    ("à Allociné", f"dit-il a\u0300 Allocin{NFD_E}.", f"a\u0300 Allocin{NFD_E}"),
    # ligatures and full-width forms (NFKC)
    ("the first find", "It was the \ufb01rst \ufb01nd of the dig.", "the \ufb01rst \ufb01nd"),
    ("Unit 217", "He served in \uff35nit \uff12\uff11\uff17 then.", "\uff35nit \uff12\uff11\uff17"),
    # soft hyphens where a PDF broke a word, zero-width characters from a web page
    ("a terrorist attack", "in a terror\u00adist attack", "a terror\u00adist attack"),
    ("was killed", "Noa was\u200b kil\u200dled\u2060 there", "was\u200b kil\u200dled"),
    ("Allociné says", f"\ufeffAllocin{NFD_E} says so", f"Allocin{NFD_E} says"),
    # a no-break space is white space
    ("19 years old", "she was 19\u00a0years old", "19\u00a0years old"),
])
def test_copied_text_verifies_and_the_highlight_covers_exactly_its_characters(quote, snapshot, highlighted):
    assert span_of(quote, snapshot) == highlighted


def test_the_offsets_of_an_nfd_snapshot_point_past_every_combining_mark():
    text = f"caf{NFD_E} cre\u0300me br\u00fbl{NFD_E}e"
    assert find_quote("crème", normalise(text)) == (6, 12)
    assert find_quote("café", normalise(text)) == (0, 5)
    assert find_quote("brûlée", normalise(text)) == (13, 20)


@pytest.mark.parametrize(("quote", "snapshot"), [
    ("cafe", f"un caf{NFD_E} noir"),          # a dropped accent is a different word
    ("café", "un cafe noir"),
    ("q", "the letter q\u0303 here"),        # an uncomposable mark belongs to its letter
    ("fist", "the \ufb01rst"),               # NFKC folds, it does not forgive changed letters
    ("terror ist", "a terror\u00adist"),     # a soft hyphen is not a space
])
def test_what_folding_does_not_forgive_still_does_not_match(quote, snapshot):
    assert span_of(quote, snapshot) is None


# -- the closest passage, for a quote that is not there ----------------------------------------------


def test_a_one_word_change_gets_the_closest_passage_its_score_and_the_word():
    hint = closest_passage("Noa Gil, was murdered in a terror attack", normalise(SNAPSHOT_TEXT))
    assert hint is not None
    assert SNAPSHOT_TEXT[hint.span[0]:hint.span[1]] == hint.passage == "Noa Gil, was killed in a terror attack"
    assert hint.differences == (("murdered", "killed"),)
    assert 80 <= hint.score < 100
    assert hint.describe() == (f"closest passage ({hint.score:.0f}% alike): 'Noa Gil, was killed in a terror attack'; "
                               "the quote has 'murdered' where the source has 'killed'")


def test_the_hint_says_when_only_accents_or_case_differ():
    snapshot = normalise(f"Le film, dit Allocin{NFD_E}, est tir{NFD_E} d'une histoire vraie.")
    hint = closest_passage("Le film, dit Allocine, est tire d'une histoire vraie.", snapshot)
    assert hint is not None and len(hint.differences) == 2
    assert "the quote has 'Allocine,' where the source has 'Allociné,' (accents differ)" in hint.describe()
    hint = closest_passage("She spent years in lisbon's restaurants", normalise(SNAPSHOT_TEXT))
    assert hint is not None and hint.differences == (("lisbon's", "Lisbon's"),)
    assert "(case differs)" in hint.describe()


def test_a_changed_ellipsis_and_a_left_out_word_are_named():
    hint = closest_passage("I wanted to tell a story about loss.. and love", normalise(SNAPSHOT_TEXT))
    assert hint is not None
    assert hint.passage == "I wanted to tell a story about loss\u2026   and about love"  # not the quote marks around it
    assert ("loss..", "loss...") in hint.differences and ("", "about") in hint.differences
    assert "the quote leaves out 'about'" in hint.describe()


def test_nothing_alike_gets_no_hint():
    assert closest_passage("completely unrelated words about nothing", normalise(SNAPSHOT_TEXT)) is None
    assert closest_passage("", normalise(SNAPSHOT_TEXT)) is None
