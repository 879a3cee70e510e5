"""Full-text search over events: titles, summaries, quotes, notes and people. Pure: no Qt."""

from __future__ import annotations

import numpy as np

from viewer.model import Dataset, unpack_names

# the same folding as quote verification (viewer.textquote), done with str.translate: this runs
# over every event, and the per-character normaliser would cost seconds at 100k events
_FOLD = str.maketrans({**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
                       **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
                       **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
                       "\u2026": "..."})


def fold(text: str) -> str:
    """Case, white space, quotes and dashes folded, as search compares them."""
    return " ".join(text.translate(_FOLD).split()).casefold()


def _haystacks(dataset: Dataset) -> list[str]:
    """Searchable text of every event, by row, read from the columns (no Event objects)."""
    table = dataset.events
    parts = [[title, summary or "", " ".join(unpack_names(people))] for title, summary, people
             in zip(table.titles.tolist(), table.summary.tolist(), table.people.tolist())]
    for row, extra in table.extras.items():
        parts[row] += [extra.disputed or "", extra.inference or ""]
    quotes, notes = table.cite_quote.tolist(), table.cite_note.tolist()
    offsets = table.citation_offsets.tolist()
    for row, own in enumerate(parts):
        for j in range(offsets[row], offsets[row + 1]):
            own.append(quotes[j] or "")
            own.append(notes[j] or "")
    return [fold(" ".join(own)) for own in parts]


def _index(dataset: Dataset) -> list[tuple[str, str]]:
    """(event id, searchable text) in time order (calendar first), built once per dataset."""
    index = dataset.cache.get("search")
    if index is None:
        table = dataset.events
        narrative = table.verdict >= 0  # plot points: every one has a verdict
        order = np.lexsort((table.start, narrative)).tolist()
        texts, ids = _haystacks(dataset), table.ids.tolist()
        index = dataset.cache["search"] = [(ids[row], texts[row]) for row in order]
    return index  # type: ignore[return-value]


def search_events(dataset: Dataset, query: str) -> list[str]:
    """Ids of events containing every word of ``query`` (case-insensitive), in time order."""
    words = fold(query).split()
    if not words:
        return []
    return [event_id for event_id, text in _index(dataset) if all(w in text for w in words)]
