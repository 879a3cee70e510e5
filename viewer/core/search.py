"""Full-text search over events: titles, summaries, quotes, notes, people and the titles and
publishers of the sources they cite; and what in an event a search matched. Pure: no Qt.

A query is words and filters, in any order (``SYNTAX`` says it in a line): every word must be
found; ``is:disputed`` keeps the events whose claims the sources dispute, ``is:inferred`` the real
events that are our inference (see :mod:`viewer.core.claims`), and ``verdict:invented`` (or any
other verdict: ``true``, ``mostly-true``, ``inspired``, ``unknown``) the plot points with that
verdict; several verdicts keep any of them. A query of filters alone lists every event they keep.

Search ignores case and accents ("allocine" finds "Allociné", "strasse" finds "Straße"), and
folds quotes, dashes and compatibility forms (ligatures, full-width letters) as quote
verification does. Every event's searchable text is folded once per dataset and cut into its
words; each distinct word is kept once with the rows holding it (:mod:`viewer.core.search_index`),
so a query word is found by scanning the distinct words with numpy and reading their rows (no
Python step per occurrence or per match); results stay row arrays until ids are asked for, so a
word found in a million events costs milliseconds. A word found in a source's title or publisher
matches every event citing that source.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from viewer.core.claims import disputed_rows, inferred_rows, verdict_rows
from viewer.core.folding import _fold_any, _fold_unicode, fold
from viewer.core.model import Dataset, Event, Verdict
from viewer.core.search_index import SearchIndex, _ascending, build_index

__all__ = ["SYNTAX", "FieldMatch", "Query", "SearchIndex", "adopt_index", "build_index", "filtered_rows", "fold",
           "folded_with_origin", "found_rows", "has_index", "in_time_order", "in_time_order_rows", "index_of", "parse_query", "search_events",
           "search_rows", "what_matched", "word_spans", "_fold_unicode"]

SYNTAX = ("Words must all match; is:disputed, is:inferred and verdict:invented (true, mostly-true, inspired, "
          "invented, unknown) keep only those events.")
"""The query syntax in one line, for the search box's tooltip and the README."""


@dataclass(frozen=True)
class Query:
    """A search query taken apart: its words (folded) and its filters."""

    words: tuple[str, ...]
    disputed: bool = False
    inferred: bool = False
    verdicts: frozenset[Verdict] = frozenset()
    problem: str | None = None
    """Why the query cannot match (an unknown filter), in words for the user, or None."""

    @property
    def filtered(self) -> bool:
        return self.disputed or self.inferred or bool(self.verdicts)


def parse_query(text: str) -> Query:
    """Words and filters (``is:disputed``, ``is:inferred``, ``verdict:<verdict>``) of a query."""
    words, disputed, inferred, verdicts = [], False, False, set()
    for token in text.split():
        kind, colon, value = token.partition(":")
        kind, value = kind.casefold(), value.casefold().replace("_", "-")
        if not colon or kind not in ("is", "verdict") or not value:
            words.extend(fold(token).split())
        elif kind == "is" and value in ("disputed", "inferred"):
            disputed, inferred = disputed or value == "disputed", inferred or value == "inferred"
        elif kind == "verdict" and value in {v.value for v in Verdict}:
            verdicts.add(Verdict(value))
        else:
            known = "is:disputed, is:inferred or verdict:" + "|".join(v.value for v in Verdict)
            return Query(tuple(words), problem=f"unknown filter “{token}”: try {known}")
    return Query(tuple(words), disputed, inferred, frozenset(verdicts))

def index_of(dataset: Dataset) -> SearchIndex:
    """The dataset's search index: the one adopted (:func:`adopt_index`), or built now, once."""
    index = dataset.cache.get("search")
    if index is None:
        index = adopt_index(dataset, build_index(dataset))
    return index  # type: ignore[return-value]


def has_index(dataset: Dataset) -> bool:
    """Whether the dataset's search index is built (the next search costs no indexing)."""
    return "search" in dataset.cache


def adopt_index(dataset: Dataset, index: SearchIndex) -> SearchIndex:
    """Make ``index`` (built by :func:`build_index` for this dataset, maybe on another thread)
    the one its searches use; an index already there is kept."""
    return dataset.cache.setdefault("search", index)  # type: ignore[return-value]


def filtered_rows(dataset: Dataset, query: Query) -> np.ndarray | None:
    """Rows of the events the query's filters keep, ascending (None: no filter)."""
    if not query.filtered:
        return None
    table = dataset.events
    kept = np.ones(len(table), dtype=bool)
    for wanted, rows in ((query.disputed, disputed_rows), (query.inferred, inferred_rows)):
        if wanted:
            mask = np.zeros(len(table), dtype=bool)
            mask[rows(table)] = True
            kept &= mask
    if query.verdicts:
        mask = np.zeros(len(table), dtype=bool)
        mask[verdict_rows(table, query.verdicts)] = True
        kept &= mask
    return np.flatnonzero(kept)


def in_time_order(dataset: Dataset, rows: np.ndarray) -> list[str]:
    """Ids of these rows' events in time order, calendar first (as search lists them)."""
    table = dataset.events
    order = np.lexsort((table.start[rows], table.verdict[rows] >= 0))
    return table.ids[rows[order]].tolist()


def search_rows(dataset: Dataset, query: str) -> np.ndarray:
    """Rows of the events containing every word of ``query`` (ignoring case and accents) and kept
    by its filters (see :func:`parse_query`), in time order. A word may be in the event's own text
    or in the title or publisher of a source it cites. Vectorised: no Python step per match."""
    return in_time_order_rows(dataset, found_rows(dataset, query))


def found_rows(dataset: Dataset, query: str) -> np.ndarray:
    """The rows :func:`search_rows` finds, ascending (what a highlight needs: the time order
    costs ~10 ms more at a million events and is made by :func:`in_time_order_rows` when asked)."""
    parsed = parse_query(query)
    if parsed.problem:
        return np.empty(0, dtype=np.int64)
    kept = filtered_rows(dataset, parsed)
    words = sorted(parsed.words, key=len, reverse=True)  # the longest is usually the rarest
    if not words:
        return kept if kept is not None else np.empty(0, dtype=np.int64)
    if kept is not None and not len(kept):
        return np.empty(0, dtype=np.int64)
    return _rows_found(dataset, words, kept)


def search_events(dataset: Dataset, query: str) -> list[str]:
    """Ids of the events :func:`search_rows` finds, in time order."""
    return dataset.events.ids[search_rows(dataset, query)].tolist()


def in_time_order_rows(dataset: Dataset, rows: np.ndarray) -> np.ndarray:
    """These rows (ascending, each once) in time order, calendar first: sorted by their time
    position when few, picked from the rows in time order through a mask when many."""
    if not has_index(dataset):  # a query of filters alone needs no index
        table = dataset.events
        return rows[np.lexsort((table.start[rows], table.verdict[rows] >= 0))]
    index = index_of(dataset)
    if len(rows) * 32 < len(index.position):
        return rows[np.argsort(index.position[rows], kind="stable")]
    mask = np.zeros(len(index.position), dtype=bool)
    mask[rows] = True
    return index.time_order[mask[index.time_order]].astype(np.int64)


def _union(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Rows in ``a`` or ``b`` (of a table of ``n``), ascending."""
    return _ascending(np.concatenate((a, b)), n)


def _common(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Rows in both ``a`` and ``b`` (ascending, each once), ascending."""
    if not len(a) or not len(b):
        return np.empty(0, dtype=np.int64)
    mask = np.zeros(n, dtype=bool)
    mask[a] = True
    return b[mask[b]]


def _rows_found(dataset: Dataset, words: list[str], kept: np.ndarray | None) -> np.ndarray:
    """Rows of the events holding every word (in their own text or a cited source's title or
    publisher) and among ``kept`` (None: any), ascending."""
    index, n = index_of(dataset), len(dataset.events)
    found = kept
    for word in words:
        rows = index.events_with(word, among=found)
        via_sources = index.citing_sources_with(dataset, word)
        if len(via_sources):
            rows = _union(rows, via_sources if found is None else _common(found, via_sources, n), n)
        found = rows
        if not len(found):
            break
    return found.astype(np.int64)


# ---------------------------------------------------------------------------------------------
# What matched


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """Where a search matched in one field of an event."""

    field: str
    """'title', 'summary', 'people', 'disputed', 'inference', 'quote', 'note', 'source title' or
    'source publisher'."""
    text: str
    """The field's text as the dataset has it (people joined with ', ')."""
    spans: tuple[tuple[int, int], ...]
    """[start, end) of each matched word in :attr:`text`, in order, not overlapping."""
    key: int | str | None = None
    """The citation's index for a quote or note; the source's id for a source's field."""


def folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``text`` folded as search folds it, and for each folded character the index of the
    character it came from (one more entry maps the end)."""
    if text.isascii():
        return _fold_any(text), list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = char.lower() if char.isascii() else _fold_unicode(char)
        out.append(piece)
        origin.extend([i] * len(piece))
    origin.append(len(text))
    return "".join(out), origin


def word_spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """[start, end) in ``text`` of every occurrence of each folded word, merged where they overlap;
    an occurrence's end takes in the accents that follow its last letter."""
    folded, origin = folded_with_origin(text)
    found: list[tuple[int, int]] = []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            end = at + len(word)
            stop = origin[end - 1] + 1
            while stop < len(text) and unicodedata.combining(text[stop]):
                stop += 1
            found.append((origin[at], stop))
            at = folded.find(word, end)
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return tuple(merged)


def _fields(dataset: Dataset, event: Event) -> list[tuple[str, str | None, int | str | None]]:
    fields: list[tuple[str, str | None, int | str | None]] = [
        ("title", event.title, None), ("summary", event.summary, None),
        ("people", ", ".join(event.people) or None, None),
        ("disputed", event.disputed, None), ("inference", event.inference, None)]
    for i, citation in enumerate(event.citations):
        fields += [("quote", citation.quote, i), ("note", citation.note, i)]
    for source_id in dict.fromkeys(c.source_id for c in event.citations):
        source = dataset.sources.get(source_id)
        if source is not None:
            fields += [("source title", source.title, source_id), ("source publisher", source.publisher, source_id)]
    return fields


def what_matched(dataset: Dataset, event_id: str, query: str) -> list[FieldMatch]:
    """Each field of the event where a word of ``query`` is found, with where: what the detail
    panel highlights, and names ('matched in: source publisher') when it is not shown as text."""
    parsed = parse_query(query)
    words = list(parsed.words)
    if (not words and not parsed.filtered) or not dataset.has_event(event_id):
        return []
    event = dataset.event(event_id)
    matches = []
    for field, text, key in _fields(dataset, event):
        if text:
            spans = word_spans(text, words) if words else ()
            if (field == "disputed" and parsed.disputed) or (field == "inference" and parsed.inferred):
                spans = ((0, len(text)),)  # what the filter found: the whole note
            if spans:
                matches.append(FieldMatch(field, text, spans, key))
    return matches
