"""Full-text search over events: titles, summaries, quotes, notes and people. Pure: no Qt."""

from __future__ import annotations

from viewer.model import Dataset, Event
from viewer.textquote import normalise


def _haystack(event: Event) -> str:
    parts = [event.title, event.summary or "", " ".join(event.people), event.disputed or "", event.inference or ""]
    parts += [c.quote or "" for c in event.citations] + [c.note or "" for c in event.citations]
    return normalise(" ".join(parts)).text.casefold()


def search_events(dataset: Dataset, query: str) -> list[str]:
    """Ids of events containing every word of ``query`` (case-insensitive), in time order."""
    words = normalise(query).text.casefold().split()
    if not words:
        return []
    hits = [e for e in dataset.events if all(w in _haystack(e) for w in words)]
    hits.sort(key=lambda e: (e.narrative is not None, e.start))
    return [e.id for e in hits]
