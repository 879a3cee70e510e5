"""Finding a quote verbatim in a source snapshot, and the closest passage when it is not there.
Pure: no Qt.

"Verbatim" tolerates only what typesetting and copying change: runs of white space, curly vs
straight quotes, the various dashes, the ellipsis character, Unicode compatibility forms (the
ligature "ﬁ" is "fi", a full-width "Ａ" is "A": NFKC), how accents are encoded (an "é" typed as
"e" and a combining acute is the same "é" on both sides), and the invisible characters text
copied from web pages and PDFs carries (soft hyphens, zero-width spaces and joiners). Case, words,
accents and punctuation must match. Offsets are reported in the *original* snapshot text, so the
UI highlights exactly the characters of the passage.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

from viewer.core.words import count

_EQUIVALENTS = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
}
IGNORED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
"""Soft hyphen, zero-width space, non-joiner and joiner, word joiner, zero-width no-break space
(a stray byte-order mark), Mongolian vowel separator: invisible, dropped before comparing."""

# ASCII that folds to itself: printable, not white space, not the backtick (folded to '), in
# words that single spaces separate (already folded: most of a snapshot is taken a line at a time)
_TOKEN = re.compile(r"(\s+)|([!-_a-~]+(?: [!-_a-~]+)*)|([^!-_a-~\s]+)")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """Text with typographic variants folded, and where each folded character came from."""

    text: str
    origin: array
    """``origin[i]`` is the index in the original text of folded character ``i``;
    one extra entry maps the end."""
    source: str = ""
    """The original text."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) in the original text of folded characters [start, end): the last one's
        combining marks included, so an accent is never cut off a highlight."""
        first, stop = self.origin[start], self.origin[end - 1] + 1
        source = self.source
        while stop < len(source) and unicodedata.category(source[stop])[0] == "M":
            stop += 1
        return first, stop


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def normalise(text: str) -> NormalisedText:
    out: list[str] = []
    origin = array("i")
    space = False  # the last character out is a space
    pos, size = 0, len(text)
    match = _TOKEN.match
    while pos < size:
        token = match(text, pos)
        assert token is not None  # the three groups cover every character
        spaces, plain, other = token.groups()
        end = token.end()
        if plain is not None:
            # an ASCII letter followed by a combining mark belongs with it ('e' + U+0301 is 'é')
            if end < size and _is_mark(text[end]):
                end -= 1
                plain = plain[:-1]
            if plain:
                out.append(plain)
                origin.extend(range(pos, end))
                space = False
            if end != token.end():
                end = _fold_run(text, end, _other_end(text, end + 1), out, origin, space)
                space = bool(out) and out[-1] == " "
            pos = end
            continue
        if spaces is not None:
            if out and not space:
                out.append(" ")
                origin.append(pos)
                space = True
            pos = end
            continue
        _fold_run(text, pos, end, out, origin, space)
        space = bool(out) and out[-1] == " "
        pos = end
    # drop one trailing space so 'abc ' and 'abc' match alike
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    origin.append(size)
    return NormalisedText("".join(out), origin, text)


def _other_end(text: str, pos: int) -> int:
    """End of the run of characters from ``pos`` that are neither plain ASCII nor white space."""
    token = _TOKEN.match(text, pos)
    return token.end() if token is not None and token.group(3) is not None else pos


def _fold_run(text: str, start: int, end: int, out: list[str], origin: array, space: bool) -> int:
    """Fold text[start:end] (no plain ASCII run, no white space run) cluster by cluster: a
    character and the combining marks after it, NFKC-normalised together, each character that
    comes out mapped to the cluster's first. Returns ``end``."""
    i = start
    while i < end:
        j = i + 1
        while j < end and _is_mark(text[j]):
            j += 1
        cluster = text[i:j]
        if any(c in IGNORED for c in cluster):
            cluster = "".join(c for c in cluster if c not in IGNORED)
        for char in unicodedata.normalize("NFKC", cluster) if cluster else "":
            if char.isspace():
                if out and not space:
                    out.append(" ")
                    origin.append(i)
                    space = True
                continue
            folded = _EQUIVALENTS.get(char, char)
            out.append(folded)
            origin.extend([i] * len(folded))
            space = False
        i = j
    return end


def find_quote(quote: str, snapshot: NormalisedText) -> tuple[int, int] | None:
    """[start, end) of ``quote`` in the original snapshot text, or None when it is not there.

    The quote must start and end on word boundaries: 'was kill' is not a verbatim quote of
    'was killed', and 'ill' is not one of 'killed', even though both are substrings.
    """
    needle = normalise(quote).text
    if not needle:
        return None
    haystack = snapshot.text
    size = len(needle)
    period = 0  # computed only once a candidate fails, which is rare for real quotes
    at = haystack.find(needle)
    while at >= 0:
        end = at + size
        if not _cuts_word(haystack, at, needle[0], before=True) and not _cuts_word(haystack, end, needle[-1], before=False):
            return snapshot.span(at, end)
        # Restarting ``find`` at ``at + 1`` would re-compare the whole quote for each overlapping
        # occurrence: O(len(snapshot) * len(quote)), minutes for a hostile 'aaaa…' quote and
        # snapshot. Overlapping occurrences lie exactly one period apart (Fine and Wilf), so a
        # run of them is walked, or skipped, without re-reading the quote.
        period = period or _smallest_period(needle)
        if period < size and haystack.startswith(needle[size - period:], end):
            # ``at`` starts a run. Past its first occurrence, each one's left neighbour is
            # needle[period - 1] and, but for the run's last, its right neighbour is
            # needle[size - period]; when those cut a word only the last one can match.
            left_ok = not _cuts_word(needle, period, needle[0], before=True)
            right_ok = not _cuts_word(needle, size - period, needle[-1], before=False)
            if left_ok and right_ok:
                at += period
                continue
            extent = _periodic_extent(haystack, at, needle[:period], size)
            last_in_run = at + period * ((extent - at - size) // period)
            at = last_in_run if left_ok else haystack.find(needle, last_in_run + 1)
        else:
            at = haystack.find(needle, at + max(1, size - period + 1))
    return None


def _smallest_period(text: str) -> int:
    """Smallest p > 0 with text[i] == text[i + p] for all i (Knuth-Morris-Pratt failure function)."""
    border = [0] * len(text)
    k = 0
    for i in range(1, len(text)):
        while k and text[i] != text[k]:
            k = border[k - 1]
        if text[i] == text[k]:
            k += 1
        border[i] = k
    return len(text) - border[-1]


def _periodic_extent(text: str, start: int, unit: str, known: int) -> int:
    """End of the longest stretch from ``start`` that repeats ``unit``, given ``known`` chars do."""
    step = len(unit) * max(1, 65536 // len(unit))
    block = unit * (step // len(unit))
    pos = start + len(unit) * (known // len(unit))
    while text.startswith(block, pos):
        pos += step
    lo, hi = 0, step  # binary search the longest prefix of ``block`` found at ``pos``
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text.startswith(block[:mid], pos):
            lo = mid
        else:
            hi = mid - 1
    return pos + lo


def _cuts_word(text: str, at: int, edge: str, *, before: bool) -> bool:
    """Whether a match edge at ``at`` splits a word (a letter or digit on both sides; a combining
    mark left uncomposed counts as part of its letter, so 'q' does not match the 'q' of 'q̃')."""
    if not (edge.isalnum() or _is_mark(edge)):
        return False
    if before:
        neighbour = text[at - 1] if at > 0 else ""
    else:
        neighbour = text[at] if at < len(text) else ""
    return bool(neighbour) and (neighbour.isalnum() or _is_mark(neighbour))


def cut_words(quote: str, snapshot: NormalisedText) -> str | None:
    """Why a quote :func:`find_quote` refused is in the snapshot all the same: it starts or ends
    inside a word ("ends inside 'the'"), or None when it is not in the snapshot at all."""
    needle = normalise(quote).text
    haystack = snapshot.text
    at = haystack.find(needle) if needle else -1
    if at < 0:
        return None
    start, end = whole_words(haystack, at, at + len(needle))
    cut = [f"starts inside {haystack[start:_word_end(haystack, at)]!r}"] if start < at else []
    if end > at + len(needle):
        cut.append(f"ends inside {haystack[_word_start(haystack, at + len(needle)):end]!r}")
    return " and ".join(cut) + ": a quote begins and ends on whole words" if cut else None


def _word_end(text: str, at: int) -> int:
    stop = min(len(text), at + _WIDEST)
    while at < stop and (text[at].isalnum() or _is_mark(text[at])):
        at += 1
    return at


def _word_start(text: str, at: int) -> int:
    stop = max(0, at - _WIDEST)
    while at > stop and (text[at - 1].isalnum() or _is_mark(text[at - 1])):
        at -= 1
    return at


_WIDEST = 64
"""Characters a cut word is widened by at most, each way: a real word is shorter, and a hostile
snapshot that is one long 'word' must not be walked a character at a time in Python."""


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``text`` widened to whole words: a quote must start and end on word
    boundaries (:func:`find_quote`), and a selection dragged by hand often stops inside one."""
    lowest, highest = max(0, start - _WIDEST), min(len(text), end + _WIDEST)
    while lowest < start < end and _cuts_word(text, start, text[start], before=True):
        start -= 1
    while start < end < highest and _cuts_word(text, end, text[end - 1], before=False):
        end += 1
    return start, end


# ---------------------------------------------------------------------------------------------
# The closest passage, for a quote that is not there verbatim

HINT_MIN_SCORE = 60.0
"""Below this similarity (0–100) no passage is offered: it would only be a guess."""
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class QuoteHint:
    """The passage of a snapshot most like a quote that was not found verbatim."""

    score: float
    """How alike the quote and the passage are, 0–100 (rapidfuzz's partial ratio, on folded text)."""
    span: tuple[int, int]
    """[start, end) of the passage in the original snapshot text."""
    passage: str
    """The passage as the snapshot has it."""
    differences: tuple[tuple[str, str], ...]
    """(in the quote, in the source) for each run of words that differs, in order; '' where one
    side has nothing (a word added or left out)."""

    def describe(self, limit: int = 3) -> str:
        """'closest passage (92% alike): "…"; the quote has 'murdered' where the source has 'killed''."""
        passage = self.passage if len(self.passage) <= 120 else self.passage[:119] + "…"
        said = [f"closest passage ({self.score:.0f}% alike): {' '.join(passage.split())!r}"]
        for quoted, source in self.differences[:limit]:
            said.append(_difference(quoted, source))
        if len(self.differences) > limit:
            said.append(f"and {count(len(self.differences) - limit, 'more difference')}")
        return "; ".join(said)


def _difference(quoted: str, source: str) -> str:
    if not source:
        return f"the quote adds {quoted!r}"
    if not quoted:
        return f"the quote leaves out {source!r}"
    why = ""
    if quoted.casefold() == source.casefold():
        why = " (case differs)"
    elif _without_accents(quoted) == _without_accents(source):
        why = " (accents differ)"
    return f"the quote has {quoted!r} where the source has {source!r}{why}"


def _bare(word: str) -> str:
    """A word without the punctuation around it (itself if it is all punctuation)."""
    return word.strip(_PUNCTUATION) or word


_PUNCTUATION = "\"'.,;:!?()[]{}-…"


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def closest_passage(quote: str, snapshot: NormalisedText, min_score: float = HINT_MIN_SCORE) -> QuoteHint | None:
    """The passage of ``snapshot`` most like ``quote``, with where they differ word by word; None
    when nothing is at least ``min_score`` alike. Costs ~30 ms per million snapshot characters."""
    from rapidfuzz import fuzz  # imported only when a quote fails

    needle = normalise(quote).text
    haystack = snapshot.text
    if not needle or not haystack:
        return None
    found = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=min_score)
    if found is None:
        return None
    if len(needle) > len(haystack):  # rapidfuzz aligned the snapshot inside the quote
        start, end = 0, len(haystack)
    else:  # with some room either side: the alignment is only as long as the quote, a passage may be longer
        room = 10 + len(needle) // 5
        start, end = max(0, found.dest_start - room), min(len(haystack), found.dest_end + room)
    # out to whole words, so the passage reads as text and the word diff compares whole words
    while start > 0 and not haystack[start - 1].isspace():
        start -= 1
    while end < len(haystack) and not haystack[end].isspace():
        end += 1
    while start < end and haystack[start].isspace():
        start += 1
    if start >= end:
        return None
    import difflib  # here: only a quote that is not found verbatim needs it (not every start-up)

    quoted = _WORD.findall(needle)
    tokens = [(start + m.start(), start + m.end()) for m in _WORD.finditer(haystack[start:end])]
    words = [haystack[a:b] for a, b in tokens]
    # which of the snapshot's words the quote spans: aligned on the words without the punctuation
    # around them, so '"I' and 'love."' line up with a quote that starts at 'I' and stops at 'love'
    ops = difflib.SequenceMatcher(None, [_bare(w) for w in quoted], [_bare(w) for w in words],
                                  autojunk=False).get_opcodes()
    while ops and ops[0][0] == "insert":  # difflib: words only the snapshot has
        ops.pop(0)
    while ops and ops[-1][0] == "insert":
        ops.pop()
    if not ops:
        return None
    first_token, last_token = ops[0][3], ops[-1][4] - 1
    # an end the quote replaces with fewer words keeps only as many of the snapshot's, nearest the rest
    tag, a, b, c, d = ops[0]
    if tag == "replace" and d - c > b - a:
        first_token = d - (b - a)
    tag, a, b, c, d = ops[-1]
    if tag == "replace" and d - c > b - a:
        last_token = c + (b - a) - 1
    if first_token > last_token:
        return None
    lo, hi = tokens[first_token][0], tokens[last_token][1]
    # and nor is punctuation the quote starts after or stops before: '"I wanted' quoted as 'I wanted'
    if quoted and words[first_token] != quoted[0] and words[first_token].endswith(quoted[0]):
        lo = tokens[first_token][1] - len(quoted[0])
    if quoted and words[last_token] != quoted[-1] and words[last_token].startswith(quoted[-1]):
        hi = tokens[last_token][0] + len(quoted[-1])
    passage_words = _WORD.findall(haystack[lo:hi])
    matcher = difflib.SequenceMatcher(None, quoted, passage_words, autojunk=False)
    differences = tuple((" ".join(quoted[a:b]), " ".join(passage_words[c:d]))
                        for tag, a, b, c, d in matcher.get_opcodes() if tag != "equal")
    first, stop = snapshot.span(lo, hi)
    return QuoteHint(round(found.score, 1), (first, stop), snapshot.source[first:stop], differences)
