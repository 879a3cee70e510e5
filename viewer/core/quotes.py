"""Finding a quote verbatim in a source snapshot. Pure: no Qt.

"Verbatim" tolerates only what typesetting changes: runs of white space, curly vs straight
quotes, the various dashes, and the ellipsis character. Case, words and punctuation must match.
Offsets are reported in the *original* snapshot text so the UI can highlight the passage.
"""

from __future__ import annotations

from dataclasses import dataclass

_EQUIVALENTS = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
}


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """Text with typographic variants folded, and where each folded character came from."""

    text: str
    origin: tuple[int, ...]
    """``origin[i]`` is the index in the original text of folded character ``i``;
    one extra entry maps the end."""


def normalise(text: str) -> NormalisedText:
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space and out:
                out.append(" ")
                origin.append(index)
            in_space = True
            continue
        in_space = False
        folded = _EQUIVALENTS.get(char, char)
        for piece in folded:
            out.append(piece)
            origin.append(index)
    # drop one trailing space so 'abc ' and 'abc' match alike
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    origin.append(len(text))
    return NormalisedText("".join(out), tuple(origin))


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
            start = snapshot.origin[at]
            last = snapshot.origin[end - 1]
            return start, last + 1
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
    """Whether a match edge at ``at`` splits a word (a letter or digit on both sides)."""
    if not edge.isalnum():
        return False
    if before:
        neighbour = text[at - 1] if at > 0 else ""
    else:
        neighbour = text[at] if at < len(text) else ""
    return neighbour.isalnum()
