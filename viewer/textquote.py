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
    at = haystack.find(needle)
    while at >= 0:
        end = at + len(needle)
        if not _cuts_word(haystack, at, needle[0], before=True) and not _cuts_word(haystack, end, needle[-1], before=False):
            start = snapshot.origin[at]
            last = snapshot.origin[end - 1]
            return start, last + 1
        at = haystack.find(needle, at + 1)
    return None


def _cuts_word(text: str, at: int, edge: str, *, before: bool) -> bool:
    """Whether a match edge at ``at`` splits a word (a letter or digit on both sides)."""
    if not edge.isalnum():
        return False
    if before:
        neighbour = text[at - 1] if at > 0 else ""
    else:
        neighbour = text[at] if at < len(text) else ""
    return neighbour.isalnum()
