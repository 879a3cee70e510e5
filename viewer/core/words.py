"""Counts in words: "1 link", "2 links", "34,769 events". Pure: no Qt."""

from __future__ import annotations


def number(n: int) -> str:
    """An integer with thousands separators: 34769 -> "34,769"."""
    return f"{n:,}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun that agrees with it: count(1, "link") -> "1 link",
    count(34769, "event") -> "34,769 events", count(2, "story", "stories") -> "2 stories".

    Only exactly one takes the singular ("0 links", "-1 links"), as English does. A phrase
    pluralises its last word: count(3, "verified quote") -> "3 verified quotes"."""
    noun = singular if n == 1 else (plural if plural is not None else _plural(singular))
    return f"{number(n)} {noun}"


def _plural(word: str) -> str:
    head, _, last = word.rpartition(" ")
    if last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last
