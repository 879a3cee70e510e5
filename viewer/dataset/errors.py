"""What is wrong with a dataset file, located well enough to fix without searching: each
:class:`Problem` names the file, the item (``event 'iris-killed'``) and the field, and says what
was expected; :class:`DatasetError` carries all of them. Every part is bounded, because a hostile
file can put megabytes in a key or an id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from viewer.core.quotes import QuoteHint
from viewer.dataset import schema
from viewer.core.words import count

MAX_PROBLEMS_LISTED = 200


MAX_QUOTED = 80
"""Characters of a file name, key, id or value a problem quotes before it is cut with "…"."""


MAX_MESSAGE = 1000
"""Characters of one problem's message (a quote's closest-passage hint included)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dataset, located well enough to fix without searching."""

    file: str
    where: str
    """The item: ``event 'iris-killed'``, ``event #3``, ``source 'cinemaholic'``, or ``''``."""
    field: str
    """Dotted field path within the item (``citations[0].quote``), or ``''``."""
    message: str
    """What is wrong and what was expected."""
    hint: QuoteHint | None = None
    """For a quote not found verbatim: the snapshot's closest passage (also described in ``message``)."""

    def __post_init__(self) -> None:
        # A hostile file can put megabytes in a key or an id; whatever quotes it, a message stays
        # short enough to print and to show in a banner without freezing the window.
        for name, limit in (("file", MAX_QUOTED), ("where", MAX_QUOTED + 20), ("field", MAX_QUOTED),
                            ("message", MAX_MESSAGE)):
            value = getattr(self, name)
            if len(value) > limit:
                object.__setattr__(self, name, clip(value, limit))

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.where, self.field, self.message) if part)


class DatasetError(Exception):
    """A dataset could not be loaded. ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS_LISTED]]
        if len(problems) > MAX_PROBLEMS_LISTED:
            shown.append(f"… and {count(len(problems) - MAX_PROBLEMS_LISTED, 'more problem')}")
        super().__init__("\n".join(shown))

    @classmethod
    def single(cls, file: str, message: str, where: str = "", field: str = "") -> DatasetError:
        return cls([Problem(file, where, field, message)])


def clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_item(noun: str, index: int, item: Any) -> str:
    """``event 'iris-killed'`` when the item has a usable id, else ``event #4``."""
    if isinstance(item, dict):
        ident = item.get("id")
        if isinstance(ident, str) and _VALID_ID.fullmatch(ident):  # else its own problem says why
            return f"{noun} '{clip(ident)}'"
        if noun == "link" and isinstance(item.get("from"), str) and isinstance(item.get("to"), str):
            return f"link #{index + 1} ({clip(item['from'], 40)} → {clip(item['to'], 40)})"
    return f"{noun} #{index + 1}"


_VALID_ID = re.compile(schema.ID_PATTERN)
