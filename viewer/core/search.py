"""Full-text search over events: titles, summaries, quotes, notes and people. Pure: no Qt.

Every event's searchable text is folded once per dataset and joined, in time order, into one
string; a query word is found with ``str.find`` (C speed) and each hit mapped to its event by
a binary search over where the events' texts start. After a hit the search jumps to the next
event, so it costs one step per matching event, however often the word occurs in it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from viewer.core.model import Dataset, unpack_names

# the same folding as quote verification (viewer.core.quotes), done with str.translate: this runs
# over every event, and the per-character normaliser would cost seconds at 100k events
_FOLD = str.maketrans({**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
                       **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
                       **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
                       "\u2026": "..."})


def fold(text: str) -> str:
    """Case, white space, quotes and dashes folded, as search compares them."""
    return " ".join(text.translate(_FOLD).split()).casefold()


def _haystacks(dataset: Dataset) -> list[str]:
    """Searchable text of every event, by row, read from the columns (no Event objects), folded
    but for white space: a query word holds none, so runs of it cannot change what it matches."""
    table = dataset.events
    people = [" ".join(unpack_names(p)) if p else "" for p in table.people.tolist()]
    cited = [f"{quote or ''} {note or ''}" for quote, note in zip(table.cite_quote.tolist(), table.cite_note.tolist())]
    offsets = table.citation_offsets.tolist()
    citations = [cited[first] if end == first + 1 else " ".join(cited[first:end])
                 for first, end in zip(offsets, offsets[1:])]
    del cited
    parts = [f"{title} {summary or ''} {names} {quoted}" for title, summary, names, quoted
             in zip(table.titles.tolist(), table.summary.tolist(), people, citations)]
    del people, citations
    for row, extra in table.extras.items():
        parts[row] += f" {extra.disputed or ''} {extra.inference or ''}"
    # plain ASCII needs only lower case (and the one ASCII character _FOLD maps): str.translate
    # with a mapping looks up every character, ~1 s at a million events
    return [text.lower().replace("`", "'") if text.isascii() else text.translate(_FOLD).casefold() for text in parts]


@dataclass(frozen=True, eq=False)
class SearchIndex:
    ids: np.ndarray
    """Event ids in time order (calendar first)."""
    text: str
    """Each event's folded text, in that order, joined with newlines."""
    starts: array
    """Where each event's text starts in :attr:`text`, and one past the end."""

    def events_with(self, word: str) -> list[int]:
        """Positions (in :attr:`ids`) of the events whose text contains ``word`` (no white space)."""
        found: list[int] = []
        text, starts = self.text, self.starts
        at = text.find(word)
        while at >= 0:
            event = bisect_right(starts, at) - 1
            found.append(event)
            at = text.find(word, starts[event + 1])  # on to the next event
        return found


def _index(dataset: Dataset) -> SearchIndex:
    """The search index, built once per dataset."""
    index = dataset.cache.get("search")
    if index is None:
        table = dataset.events
        narrative = table.verdict >= 0  # plot points: every one has a verdict
        order = np.lexsort((table.start, narrative))
        texts = _haystacks(dataset)
        texts = [texts[row] for row in order.tolist()]
        starts = array("q", [0])
        starts.extend(np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1).tolist())
        index = dataset.cache["search"] = SearchIndex(table.ids[order], "\n".join(texts), starts)
    return index  # type: ignore[return-value]


def search_events(dataset: Dataset, query: str) -> list[str]:
    """Ids of events containing every word of ``query`` (case-insensitive), in time order."""
    words = sorted(fold(query).split(), key=len, reverse=True)  # the longest is usually the rarest
    if not words:
        return []
    index = _index(dataset)
    found = index.events_with(words[0])
    text, starts = index.text, index.starts
    for word in words[1:]:
        found = [event for event in found if text.find(word, starts[event], starts[event + 1] - 1) >= 0]
    return index.ids[found].tolist()
