"""Full-text search over events: titles, summaries, quotes, notes and people. Pure: no Qt."""

from __future__ import annotations

from viewer.model import Dataset, Event

# the same folding as quote verification (viewer.textquote), done with str.translate: this runs
# over every event, and the per-character normaliser would cost seconds at 100k events
_FOLD = str.maketrans({**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
                       **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
                       **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
                       "\u2026": "..."})


def fold(text: str) -> str:
    """Case, white space, quotes and dashes folded, as search compares them."""
    return " ".join(text.translate(_FOLD).split()).casefold()


def _haystack(event: Event) -> str:
    parts = [event.title, event.summary or "", " ".join(event.people), event.disputed or "", event.inference or ""]
    parts += [c.quote or "" for c in event.citations] + [c.note or "" for c in event.citations]
    return fold(" ".join(parts))


def _index(dataset: Dataset) -> list[tuple[str, str]]:
    """(event id, searchable text) in time order, built once per dataset."""
    index = dataset.cache.get("search")
    if index is None:
        ordered = sorted(dataset.events, key=lambda e: (e.narrative is not None, e.start))
        index = dataset.cache["search"] = [(e.id, _haystack(e)) for e in ordered]
    return index  # type: ignore[return-value]


def search_events(dataset: Dataset, query: str) -> list[str]:
    """Ids of events containing every word of ``query`` (case-insensitive), in time order."""
    words = fold(query).split()
    if not words:
        return []
    return [event_id for event_id, text in _index(dataset) if all(w in text for w in words)]
