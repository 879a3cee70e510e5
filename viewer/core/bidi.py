"""Bidirectional-text controls: characters that make text display in another order than it is
written (U+202E can make "txt.exe" read "exe.txt"). A dataset may not hold them (docs/security.md):
a reader would see something other than what the file says. Pure: no Qt."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069). The marks U+200E/U+200F
stay allowed: they only nudge neutral characters and cannot reorder words."""
_CONTROL = re.compile(f"[{CONTROLS}]")
_CONTROL_UTF8 = re.compile(b"|".join(re.escape(c.encode("utf-8")) for c in CONTROLS))


def first_control(text: str) -> int | None:
    """Index of the first bidi control in ``text``, or None."""
    match = _CONTROL.search(text)
    return match.start() if match else None


def first_control_in_column(data: bytes | bytearray, offsets: np.ndarray, ascii: bool) -> tuple[int, int] | None:
    """(entry, character index) of the first bidi control in a packed UTF-8 column (one buffer,
    entry i at ``data[offsets[i]:offsets[i+1]]``), or None. An ASCII column holds none: free."""
    if ascii:
        return None
    match = _CONTROL_UTF8.search(data)
    if match is None:
        return None
    entry = int(np.searchsorted(offsets, match.start(), side="right")) - 1
    before = bytes(data[int(offsets[entry]):match.start()])
    return entry, len(before.decode("utf-8", "surrogatepass"))


def problem_text(text: str, index: int) -> str:
    """Why a text holding a bidi control at ``index`` is refused, in words."""
    char = text[index] if 0 <= index < len(text) else CONTROLS[0]
    name = unicodedata.name(char, "bidi control").lower()
    return (f"holds U+{ord(char):04X} ({name}) at character {index + 1:,}, which makes text display in another "
            "order than it is written; remove it (bidi controls U+202A–U+202E and U+2066–U+2069 are refused)")
