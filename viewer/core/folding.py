"""Text folded as search compares it: case, accents, compatibility forms, quotes and dashes (as
quote verification folds them). Pure: no Qt."""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache

# the same folding as quote verification (viewer.core.quotes), done with str.translate: this runs
# over every event, and the per-character normaliser would cost seconds at 100k events
_FOLD = str.maketrans({**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
                       **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
                       **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
                       "\u2026": "..."})


@lru_cache(maxsize=1)
def _strip_table() -> dict[int, str | None]:
    """_FOLD, and every combining character (accents and the like) deleted."""
    table: dict[int, str | None] = dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c)))
    table.update(_FOLD)
    return table


def _fold_unicode(text: str) -> str:
    """Accents, case, compatibility forms, quotes and dashes folded (idempotent, and the same
    whether applied to a whole text or a character at a time)."""
    strip = _strip_table()
    text = unicodedata.normalize("NFKD", text.translate(_FOLD)).translate(strip).casefold()
    if not unicodedata.is_normalized("NFKD", text):  # casefold made a letter with an accent ('İ' -> 'i̇')
        text = unicodedata.normalize("NFKD", text).translate(strip)
    return text


def _fold_any(text: str) -> str:
    # plain ASCII needs only lower case (and the one ASCII character _FOLD maps): the Unicode
    # folding looks at every character, ~1 s at a million events
    return text.lower().replace("`", "'") if text.isascii() else _fold_unicode(text)


def fold(text: str) -> str:
    """Case, accents, white space, quotes and dashes folded, as search compares them."""
    return " ".join(_fold_any(text).split())
