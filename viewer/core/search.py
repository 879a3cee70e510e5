"""Full-text search over events: titles, summaries, quotes, notes, people and the titles and
publishers of the sources they cite; and what in an event a search matched. Pure: no Qt.

A query is words and filters, in any order (``SYNTAX`` says it in a line): every word must be
found; ``is:disputed`` keeps the events whose claims the sources dispute, ``is:inferred`` the real
events that are our inference (see :mod:`viewer.core.claims`), and ``verdict:invented`` (or any
other verdict: ``true``, ``mostly-true``, ``inspired``, ``unknown``) the plot points with that
verdict; several verdicts keep any of them. A query of filters alone lists every event they keep.

Search ignores case and accents ("allocine" finds "Allociné", "strasse" finds "Straße"), and
folds quotes, dashes and compatibility forms (ligatures, full-width letters) as quote
verification does. Every event's searchable text is folded once per dataset and joined, in row
order, into one UTF-8 buffer; a query word is found in all of it at once with numpy (no Python
step per occurrence or per match) and each hit mapped to its event by a binary search over where
the events' texts start; results stay row arrays until ids are asked for, so a word found in a
million events costs tens of milliseconds. A word found in a source's title or publisher matches
every event citing that source.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from viewer.core.claims import disputed_rows, inferred_rows, verdict_rows
from viewer.core.model import Dataset, Event, Verdict, unpack_names

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


_BLOCK = 65_536
"""Events whose texts are made and folded at a time: the index's transient memory stays a
block's texts, not a million strings at once (~340 bytes an event when it was)."""


def _haystacks(dataset: Dataset, start: int, stop: int) -> list[str]:
    """Searchable text of the events in rows ``start`` to ``stop``, read from the columns (no
    Event objects), folded but for white space: a query word holds none, so runs of it cannot
    change what it matches."""
    table = dataset.events
    people = [" ".join(unpack_names(p)) if p else "" for p in table.people.tolist(start, stop)]
    first, last = table.citation_offsets[[start, stop]].tolist()
    cited = [f"{quote or ''} {note or ''}" for quote, note
             in zip(table.cite_quote.tolist(first, last), table.cite_note.tolist(first, last))]
    offsets = (table.citation_offsets[start:stop + 1] - first).tolist()
    citations = [cited[a] if b == a + 1 else " ".join(cited[a:b]) for a, b in zip(offsets, offsets[1:])]
    del cited
    parts = [f"{title} {summary or ''} {names} {quoted}" for title, summary, names, quoted
             in zip(table.titles.tolist(start, stop), table.summary.tolist(start, stop), people, citations)]
    del people, citations
    for row, extra in table.extras.items():
        if start <= row < stop:
            parts[row - start] += f" {extra.disputed or ''} {extra.inference or ''}"
    return [_fold_any(text) for text in parts]


@dataclass(frozen=True, eq=False)
class SearchIndex:
    text: bytes
    """Each event's folded text, in table row order, in UTF-8, each followed by a newline (a
    substring of the UTF-8 is exactly a substring of the text: UTF-8 is self-synchronising)."""
    starts: np.ndarray
    """Where each row's text starts in :attr:`text` (int64 byte offsets), and one past the end."""
    position: np.ndarray
    """Each table row's position in time order (calendar first): the order results are given in."""
    sources: tuple[str, ...]
    """Each source's folded title and publisher, in the table's source order."""
    time_order: np.ndarray
    """The table's rows in time order (the inverse of :attr:`position`)."""
    citation_rows: np.ndarray
    """The table row of each citation (citations are stored in row order)."""
    byte_sample: np.ndarray
    """How often each byte value occurs in a sample of :attr:`text`: a word is looked for by its
    rarest byte."""

    def events_with(self, word: str) -> np.ndarray:
        """Rows of the events whose text contains ``word`` (no white space), ascending.

        With numpy, no Python step per occurrence: the places of the word's rarest byte and the
        next (a megabyte at a time), narrowed byte by byte, mapped to rows by one binary search."""
        needle = word.encode()
        buf = np.frombuffer(self.text, dtype=np.uint8)
        if not needle or len(needle) > len(buf):
            return np.empty(0, dtype=np.int64)
        anchor = min(range(len(needle)), key=lambda k: self.byte_sample[needle[k]])
        anchor = min(anchor, len(needle) - 2) if len(needle) > 1 else 0  # the rarest byte and the next
        at = _places_of(buf, needle[anchor:anchor + 2])
        if anchor:
            at = at[at >= anchor] - anchor
        at = at[at <= len(buf) - len(needle)]
        for k, byte in enumerate(needle):
            if not anchor <= k < anchor + 2 and len(at):
                at = at[buf[at + k] == byte]
        if len(at) > len(self.starts):  # many hits an event: mark them and reduce per row
            hit = np.zeros(len(buf), dtype=bool)
            hit[at] = True
            return np.flatnonzero(np.logical_or.reduceat(hit, self.starts[:-1]))
        rows = np.searchsorted(self.starts, at, side="right") - 1  # ascending: repeats are neighbours
        return rows[np.concatenate(([True], rows[1:] != rows[:-1]))] if len(rows) else rows

    def which_hold(self, rows: np.ndarray, word: str) -> np.ndarray:
        """Those of ``rows`` whose text contains ``word``: one C search per row, for few rows."""
        text, needle = self.text, word.encode()
        held = [row for row, start, end in zip(rows.tolist(), self.starts[rows].tolist(), self.starts[rows + 1].tolist())
                if text.find(needle, start, end - 1) >= 0]
        return np.array(held, dtype=np.int64)

    def citing_sources_with(self, dataset: Dataset, word: str) -> np.ndarray:
        """Rows of the events citing a source whose title or publisher contains ``word``, ascending."""
        matching = [i for i, text in enumerate(self.sources) if word in text]
        if not matching:
            return np.empty(0, dtype=np.int64)
        return _ascending(self.citation_rows[np.isin(dataset.events.cite_source, matching)], len(self.position))


_CHUNK = 1 << 20
"""Bytes of the text compared at a time: the comparison stays in the cache, not 65 MB a word."""


def _places_of(buf: np.ndarray, pair: bytes) -> np.ndarray:
    """Every place in ``buf`` where ``pair`` (one or two bytes) starts, ascending."""
    places = []
    for start in range(0, len(buf), _CHUNK):
        chunk = buf[start:start + _CHUNK + len(pair) - 1]
        hit = chunk[:len(chunk) - len(pair) + 1] == pair[0]
        if len(pair) > 1:
            hit &= chunk[1:] == pair[1]
        places.append(np.flatnonzero(hit) + start)
    return np.concatenate(places) if places else np.empty(0, dtype=np.int64)


def _ascending(rows: np.ndarray, n: int) -> np.ndarray:
    """``rows`` (of a table of ``n``), each once, ascending: through a mask, faster than sorting."""
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return np.flatnonzero(mask)


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


def build_index(dataset: Dataset) -> SearchIndex:
    """The search index of every event (seconds at a million events). Reads the dataset's
    columns only and stores nothing: it may run on any thread while the dataset is in use."""
    table = dataset.events
    narrative = table.verdict >= 0  # plot points: every one has a verdict
    order = np.lexsort((table.start, narrative))
    position = np.empty(len(order), dtype=np.int32)
    position[order] = np.arange(len(order), dtype=np.int32)
    blocks, lengths = [], []
    for start in range(0, len(table), _BLOCK):
        texts = _haystacks(dataset, start, min(start + _BLOCK, len(table)))
        block = "\n".join(texts) + "\n"
        if block.isascii():
            lengths.append(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
        else:  # lengths in UTF-8 bytes
            lengths.append(np.fromiter((len(t.encode()) for t in texts), dtype=np.int64, count=len(texts)) + 1)
        blocks.append(block.encode())
        del texts, block
    text = b"".join(blocks)
    del blocks
    starts = np.concatenate(([0], np.cumsum(np.concatenate(lengths)))) if lengths else np.zeros(1, dtype=np.int64)
    sources = tuple(_fold_any(f"{s.title} {s.publisher or ''}") if s is not None else ""
                    for s in (dataset.sources.get(sid) for sid in table.source_ids))
    citation_rows = np.repeat(np.arange(len(table), dtype=np.int32), np.diff(table.citation_offsets))
    sample = np.frombuffer(text, dtype=np.uint8)[::61]
    return SearchIndex(text, starts.astype(np.int64), position, sources, order.astype(np.int32), citation_rows,
                       np.bincount(sample, minlength=256))


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
    parsed = parse_query(query)
    if parsed.problem:
        return np.empty(0, dtype=np.int64)
    kept = filtered_rows(dataset, parsed)
    words = sorted(parsed.words, key=len, reverse=True)  # the longest is usually the rarest
    if not words:
        return _in_time_order(dataset, kept) if kept is not None else np.empty(0, dtype=np.int64)
    if kept is not None and not len(kept):
        return np.empty(0, dtype=np.int64)
    rows = _rows_found(dataset, words, kept)
    return _in_time_order(dataset, rows)


def search_events(dataset: Dataset, query: str) -> list[str]:
    """Ids of the events :func:`search_rows` finds, in time order."""
    return dataset.events.ids[search_rows(dataset, query)].tolist()


def _in_time_order(dataset: Dataset, rows: np.ndarray) -> np.ndarray:
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


_FEW = 2000
"""Up to this many rows found, a further word is looked for in each; beyond, in the whole text."""


def _rows_found(dataset: Dataset, words: list[str], kept: np.ndarray | None) -> np.ndarray:
    """Rows of the events holding every word (in their own text or a cited source's title or
    publisher) and among ``kept`` (None: any), ascending."""
    index, n = index_of(dataset), len(dataset.events)
    found = kept
    for word in words:
        via_sources = index.citing_sources_with(dataset, word)
        if found is not None and len(found) <= _FEW:
            held = index.which_hold(found, word)
            found = _union(held, _common(found, via_sources, n), n) if len(via_sources) else held
            continue
        rows = index.events_with(word)
        if len(via_sources):
            rows = _union(rows, via_sources, n)
        found = rows if found is None else _common(found, rows, n)
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
