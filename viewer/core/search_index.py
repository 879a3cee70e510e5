"""The search index: every event's searchable text, folded and cut into its words, each distinct
word kept once with the rows of the events that hold it. Pure: no Qt.

A query word holds no white space, so wherever it occurs in an event's text it lies inside one
of that text's white-space-separated words: the events holding it are exactly those holding a
distinct word that contains it. The distinct words are one UTF-8 buffer (~7 bytes an event at a
million events, against ~65 for the whole text), searched with numpy; each word's rows are a
slice of one array, so finding a word costs a scan of the words and reading its rows, not a scan
of every event's text (~40 ms a word at a million events on a slow machine).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

import numpy as np

from viewer.core.folding import _fold_any
from viewer.core.model import Dataset, unpack_names

_BLOCK = 4_096
"""Events whose texts are made, folded and cut into words at a time: the index's transient memory
stays a block's words, not ten million strings at once (with 16,384 an event, a 1M build after a
100k window left ~140 bytes an event more resident, and peaked ~190 higher)."""

_WORDS_AT_A_TIME = 8192
"""Words of a block numbered in one C call (~1 ms)."""

_FEW_WORDS = 256
"""Up to this many distinct words containing a query word, the rows found so far (when they are
far fewer than those words') are looked for in each word's rows instead of gathering them all."""

_FAR_FEWER = 32
"""... far fewer: this many times fewer."""

_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\n\r\x0b\x0c")] = True
"""The bytes ``bytes.split()`` splits at. Splitting at fewer than every white space character
(not at a no-break space, say) keeps the index exact: a query word holds none of them, so it
still lies inside one of the longer words."""


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
    words: bytes
    """Each block's distinct words (see :data:`_BLOCK`), in UTF-8, each followed by a newline (a
    substring of the UTF-8 is exactly a substring of a word: UTF-8 is self-synchronising)."""
    word_starts: np.ndarray
    """Where each word starts in :attr:`words` (byte offsets), and one past the end."""
    postings: np.ndarray
    """The rows holding each word, word after word, each word's ascending (int32)."""
    posting_starts: np.ndarray
    """Where each word's rows start in :attr:`postings`, and one past the end."""
    position: np.ndarray
    """Each table row's position in time order (calendar first): the order results are given in."""
    sources: tuple[str, ...]
    """Each source's folded title and publisher, in the table's source order."""
    time_order: np.ndarray
    """The table's rows in time order (the inverse of :attr:`position`)."""
    citation_rows: np.ndarray
    """The table row of each citation (citations are stored in row order)."""
    byte_sample: np.ndarray
    """How often each byte value occurs in a sample of :attr:`words`: a word is looked for by
    its rarest byte."""

    def events_with(self, word: str, among: np.ndarray | None = None) -> np.ndarray:
        """Rows of the events whose text contains ``word`` (no white space), ascending: the rows
        of the distinct words containing it, read as one gather; only those ``among`` these rows
        (ascending, each once), if given."""
        found = self.words_with(word)
        if not len(found) or among is not None and not len(among):
            return np.empty(0, dtype=np.int64)
        lo, hi = self.posting_starts[found].astype(np.int64), self.posting_starts[found + 1].astype(np.int64)
        if among is not None and len(found) <= _FEW_WORDS and len(among) * _FAR_FEWER < int((hi - lo).sum()):
            return among[self._held_by(among, lo, hi)]
        if len(found) == 1:  # one word's rows: ascending, each once already
            rows = self.postings[lo[0]:hi[0]].astype(np.int64)
        else:
            lengths = hi - lo
            at = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
            rows = _ascending(self.postings[at], len(self.position))
        if among is None:
            return rows
        mask = np.zeros(len(self.position), dtype=bool)
        mask[rows] = True
        return among[mask[among]]

    def _held_by(self, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Which of ``rows`` are among the postings from each ``lo`` to its ``hi``: a binary
        search of the few rows in each word's, not a read of a common word's million rows."""
        held = np.zeros(len(rows), dtype=bool)
        for start, stop in zip(lo.tolist(), hi.tolist()):
            postings = self.postings[start:stop]
            at = np.minimum(np.searchsorted(postings, rows), len(postings) - 1)
            held |= postings[at] == rows
        return held

    def words_with(self, word: str) -> np.ndarray:
        """Indices of the distinct words containing ``word``, ascending.

        With numpy, no Python step per occurrence: the places of the word's rarest byte and the
        next (a megabyte at a time), narrowed byte by byte, mapped to words by one binary search."""
        needle = word.encode()
        buf = np.frombuffer(self.words, dtype=np.uint8)
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
        if len(at) > len(self.word_starts):  # many hits a word: mark them and reduce per word
            hit = np.zeros(len(buf), dtype=bool)
            hit[at] = True
            return np.flatnonzero(np.logical_or.reduceat(hit, self.word_starts[:-1]))
        # ascending, so repeats are neighbours; the places in the starts' own type, or searchsorted
        # would copy every start to theirs
        found = np.searchsorted(self.word_starts, at.astype(self.word_starts.dtype), side="right") - 1
        return found[np.concatenate(([True], found[1:] != found[:-1]))] if len(found) else found

    def citing_sources_with(self, dataset: Dataset, word: str) -> np.ndarray:
        """Rows of the events citing a source whose title or publisher contains ``word``, ascending."""
        matching = np.array([word in text for text in self.sources] + [False], dtype=bool)
        if not matching.any():
            return np.empty(0, dtype=np.int64)
        return _ascending(self.citation_rows[matching[dataset.events.cite_source]], len(self.position))


_CHUNK = 1 << 20
"""Bytes of the words compared at a time: the comparison stays in the cache."""


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


def _words_per_row(block: bytes, ends: np.ndarray) -> np.ndarray:
    """How many words ``bytes.split`` finds in each text of ``block``, the texts joined by
    newlines, each ending just before one of ``ends``."""
    space = _SPACE[np.frombuffer(block, dtype=np.uint8)]
    begins = ~space
    begins[1:] &= space[:-1]
    return np.diff(np.searchsorted(np.flatnonzero(begins), ends), prepend=0)


def _block_words(texts: list[str], first_row: int) -> tuple[list[bytes], np.ndarray, np.ndarray]:
    """The distinct words of ``texts`` (rows ``first_row`` on) in UTF-8, in order of first
    appearance; how many rows hold each; and those rows, word after word, each word's ascending."""
    joined = "\n".join(texts)
    block = joined.encode()
    sizes = map(len, texts) if joined.isascii() else (len(t.encode()) for t in texts)
    ends = np.cumsum(np.fromiter(sizes, dtype=np.int64, count=len(texts)) + 1) - 1  # each text's newline
    del joined
    words = block.split()
    seen: dict[bytes, int] = {}
    # each word's number is where it first appears: C-speed passes, no Python step per word, a
    # few thousand words at a time (a C call holds Python's lock: the window stays responsive)
    first = np.empty(len(words), dtype=np.int64)
    for at in range(0, len(words), _WORDS_AT_A_TIME):
        part = words[at:at + _WORDS_AT_A_TIME]
        first[at:at + len(part)] = np.fromiter(map(seen.setdefault, part, count(at)), dtype=np.int64, count=len(part))
    del words
    n = max(len(texts), 1)
    keys = first * n + np.repeat(np.arange(len(texts), dtype=np.int64), _words_per_row(block, ends))
    del first, block
    keys.sort()
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys  # a row once a word
    word_of = keys // n
    begins = np.flatnonzero(np.concatenate(([True], word_of[1:] != word_of[:-1]))) if len(keys) else keys
    counts = np.diff(np.append(begins, len(keys)))
    return list(seen), counts, (keys % n + first_row).astype(np.int32)


def _offsets(lengths: list[np.ndarray]) -> np.ndarray:
    """Where each of these lengths' items starts, and one past the end (int32 when that fits)."""
    ends = np.cumsum(np.concatenate(lengths)) if lengths else np.empty(0, dtype=np.int64)
    offsets = np.concatenate(([0], ends)).astype(np.int64)
    return offsets.astype(np.int32) if offsets[-1] < 2**31 else offsets


def words_index(texts_by_block: Iterable[tuple[int, list[str]]]) -> tuple[bytes, np.ndarray, np.ndarray, np.ndarray]:
    """:attr:`SearchIndex.words`, ``word_starts``, ``postings`` and ``posting_starts`` of these
    blocks of folded texts, each given with its first row, in row order."""
    blocks, lengths, postings, counts = [], [], [], []
    for first_row, texts in texts_by_block:
        distinct, held, rows = _block_words(texts, first_row)
        blocks.append(b"\n".join(distinct) + b"\n" if distinct else b"")
        lengths.append(np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct)) + 1)
        postings.append(rows)
        counts.append(held)
        del distinct
    words = b"".join(blocks)
    del blocks
    return (words, _offsets(lengths), np.concatenate(postings) if postings else np.empty(0, dtype=np.int32),
            _offsets(counts))


def build_index(dataset: Dataset) -> SearchIndex:
    """The search index of every event (seconds at a million events). Reads the dataset's
    columns only and stores nothing: it may run on any thread while the dataset is in use."""
    table = dataset.events
    narrative = table.verdict >= 0  # plot points: every one has a verdict
    order = np.lexsort((table.start, narrative))
    position = np.empty(len(order), dtype=np.int32)
    position[order] = np.arange(len(order), dtype=np.int32)
    words, word_starts, postings, posting_starts = words_index(
        (start, _haystacks(dataset, start, min(start + _BLOCK, len(table)))) for start in range(0, len(table), _BLOCK))
    sources = tuple(_fold_any(f"{s.title} {s.publisher or ''}") if s is not None else ""
                    for s in (dataset.sources.get(sid) for sid in table.source_ids))
    citation_rows = np.repeat(np.arange(len(table), dtype=np.int32), np.diff(table.citation_offsets))
    return SearchIndex(words, word_starts, postings, posting_starts, position, sources, order.astype(np.int32),
                       citation_rows, byte_counts(words))


def byte_counts(words: bytes) -> np.ndarray:
    """How often each byte value occurs in a sample of ``words`` (see :attr:`SearchIndex.byte_sample`)."""
    return np.bincount(np.frombuffer(words, dtype=np.uint8)[::61], minlength=256)
